"""The search and resource pages in a real browser: filters, map, keyboard, axe, phone, print."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from core.db import get_session
from directory.models import GazetteerEntry, ResourceCreate
from directory.resources import create_resource

from .conftest import axe_violations, follow, has_leaflet, sign_in

pytestmark = pytest.mark.browser

HOLLOWAY = (51.5530, -0.1130)


@pytest.fixture
def data(app: Flask, users: dict[str, int]) -> dict[str, str]:
    """Three resources near Holloway and the postcode to search from."""
    rows = [
        ResourceCreate(
            name="Walking football",
            description="Gentle walking football for all ages and abilities on Tuesday mornings.",
            interests=["football"],
            access=["step-free", "newcomers-welcome"],
            locations=[{"postcode": "N7 6QT", "latitude": 51.556, "longitude": -0.116}],
            sessions=[{"day": "tu", "start": "10:00", "end": "12:00"}],
            costs=[{"amount_pence": 300}, {"kind": "concession", "amount_pence": 100}],
            team_notes="Ask for Priya at the gate.",
            team_contact="Priya 07700 900000",
            phone="020 7946 0000",
            url="https://example.org/football",
        ),
        ResourceCreate(
            name="Community choir",
            description="A friendly choir singing pop songs; no experience needed.",
            interests=["singing"],
            access=["hearing-loop"],
            locations=[{"postcode": "N7 8AA", "latitude": 51.560, "longitude": -0.120}],
            sessions=[{"day": "we", "start": "18:30", "end": "20:00"}],
        ),
        ResourceCreate(
            name="Allotment group",
            description="Grow vegetables together in a calm community garden.",
            interests=["gardening"],
            access=["step-free", "quiet-space"],
            locations=[{"postcode": "N19 3AA", "latitude": 51.565, "longitude": -0.130}],
            sessions=[{"day": "sa", "start": "13:00", "end": "16:00"}],
        ),
    ]
    ids: dict[str, str] = {}
    with app.app_context():
        session = get_session()
        session.add(
            GazetteerEntry(
                key="N7 6QT",
                kind="postcode",
                name="N7 6QT",
                latitude=HOLLOWAY[0],
                longitude=HOLLOWAY[1],
            )
        )
        for row in rows:
            ids[row.name] = create_resource(session, row).id
        session.commit()
    return ids


def test_search_with_filters_shows_results_and_the_map(
    page: Any, live_server: str, data: Any
) -> None:
    sign_in(page, live_server)
    page.goto(f"{live_server}/")
    page.fill("#q", "")
    page.click("summary:has-text('Access needs')")
    page.check("label:has-text('Step-free access')")
    page.fill("#near", "N7 6QT")
    page.select_option("#radius", "5")
    page.select_option("#sort", "distance")
    follow(page, "button:has-text('Apply filters')")

    count = page.locator("#results-count")
    assert count.get_attribute("aria-live") == "polite"
    assert count.inner_text().startswith("2 results")
    names = page.locator(".result h3").all_inner_texts()
    assert names == ["Walking football", "Allotment group"]  # nearest first
    assert page.locator(".result").first.locator("text=km").count() == 1
    assert page.locator("#map-panel").is_visible()
    if has_leaflet():
        page.wait_for_selector("#results-map[data-ready=true]")
        assert page.locator("#results-map .leaflet-marker-icon").count() == 2
    else:
        assert "could not load" in page.locator("#map-status").inner_text()


def test_the_list_stays_when_the_map_cannot_load(page: Any, live_server: str, data: Any) -> None:
    page.route("**/vendor/leaflet/**", lambda route: route.abort())
    sign_in(page, live_server)
    page.goto(f"{live_server}/?q=&near=N7+6QT")
    assert page.locator(".result").count() == 3
    status = page.locator("#map-status")
    status.wait_for()
    assert "could not load" in status.inner_text()
    assert not page.locator("#results-map").is_visible()


def test_the_form_works_by_keyboard_alone(page: Any, live_server: str, data: Any) -> None:
    sign_in(page, live_server)
    page.goto(f"{live_server}/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "q":
            break
    assert page.evaluate("document.activeElement.id") == "q"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "the focused control shows no focus indicator"
    page.keyboard.type("choir")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator(".result h3").all_inner_texts() == ["Community choir"]

    # Tick "Free for everyone" with the space bar, then submit with Enter on the button.
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "free":
            break
    page.keyboard.press("Space")
    assert page.is_checked("#free")
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "Apply filters":
            break
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "free=1" in page.url
    assert page.locator(".result h3").all_inner_texts() == ["Community choir"]


def test_errors_are_summarised_linked_and_focused(page: Any, live_server: str, data: Any) -> None:
    sign_in(page, live_server)
    page.goto(f"{live_server}/?q=&max_cost=lots&from=25:00")
    summary = page.locator("#error-summary")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.id") == "error-summary"
    summary.locator("a[href='#max_cost']").click()
    assert page.evaluate("document.activeElement.id") == "max_cost"


@pytest.mark.parametrize("where", ["search", "search-errors", "resource"])
def test_no_serious_accessibility_violations(
    page: Any, live_server: str, data: dict[str, str], where: str
) -> None:
    sign_in(page, live_server)
    url = {
        "search": "/?q=&near=N7+6QT&sort=distance",
        "search-errors": "/?q=&max_cost=lots&day=funday",
        "resource": f"/resources/{data['Walking football']}",
    }[where]
    page.goto(live_server + url)
    if where == "search" and has_leaflet():
        page.wait_for_selector("#results-map[data-ready=true]")
    assert axe_violations(page) == []


@pytest.mark.parametrize("where", ["search", "resource"])
def test_a_phone_screen_never_scrolls_sideways(
    browser: Any, live_server: str, data: dict[str, str], where: str
) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    try:
        sign_in(page, live_server)
        url = {
            "search": "/?q=&near=N7+6QT&access=step-free",
            "resource": f"/resources/{data['Walking football']}",
        }[where]
        page.goto(live_server + url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"the page is {width}px wide at 375px"
        if where == "search":
            assert page.locator(".result").count() == 2
            assert page.locator("#q").bounding_box()["width"] > 150
    finally:
        context.close()


def test_printable_resource_page(page: Any, live_server: str, data: dict[str, str]) -> None:
    sign_in(page, live_server)
    page.goto(f"{live_server}/resources/{data['Walking football']}")
    assert page.locator("#print-button").is_visible()  # shown once JavaScript runs
    assert page.locator("text=Ask for Priya at the gate.").is_visible()
    page.emulate_media(media="print")
    assert page.locator("h1").inner_text() == "Walking football"
    assert page.locator("text=£3, £1 with benefits").is_visible()
    assert page.locator("text=020 7946 0000").is_visible()
    for hidden in ("#print-button", ".site-header nav", ".team-only", "text=Back to search"):
        assert not page.locator(hidden).first.is_visible(), hidden
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")


def test_still_running_on_a_result_works_without_javascript_and_is_not_printed(
    browser: Any, live_server: str, data: dict[str, str]
) -> None:
    context = browser.new_context(java_script_enabled=False)
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        sign_in(page, live_server)
        search = f"{live_server}/?q=&near=N7+6QT&sort=distance"
        page.goto(search)
        card = page.locator(".result", has_text="Community choir")
        button = card.get_by_role("button", name="Still running")
        assert button.is_visible()
        page.emulate_media(media="print")
        assert page.locator(".result").count() == 3 and page.locator(".result").first.is_visible()
        assert not button.is_visible()
        page.emulate_media(media="screen")
        with page.expect_navigation():
            button.click()
        anchor = card.get_attribute("id")
        assert page.url == f"{search}#{anchor}"  # back to the same search, at the same card
        assert "Confirmed “Community choir” is still running." in page.content()
        assert page.locator(".result").count() == 3
        assert page.locator(f"#{anchor}").evaluate("e => e.matches(':target')")
    finally:
        context.close()


def test_the_category_box_narrows_to_the_source_directorys_category(
    page: Any, live_server: str, app: Flask, data: dict[str, str]
) -> None:
    from directory.models import ResourceTerm, SourceTerm
    from directory.search import get_search

    with app.app_context():
        session = get_session()
        session.add(SourceTerm(id="t-sport", source="Islington", taxonomy="council",
                               code="S1", name="Sport and fitness"))  # fmt: skip
        session.flush()
        session.add(ResourceTerm(resource_id=data["Walking football"], term_id="t-sport"))
        session.commit()
    get_search(app).index([data["Walking football"]])
    sign_in(page, live_server)
    page.goto(f"{live_server}/?q=")
    page.fill("#category-0", "Sport and fitness")
    follow(page, "button:has-text('Apply filters')")
    results = page.locator("h3 a").all_inner_texts()
    assert results == ["Walking football"]
    assert page.locator("text=category: Sport and fitness").count() >= 1
    assert axe_violations(page) == []
