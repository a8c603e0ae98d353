"""The people pages in a real browser: add a person, find opportunities, shortlist, handout."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from sqlmodel import select

from core.db import get_session
from core.models import Team
from directory.models import GazetteerEntry, ResourceCreate
from directory.resources import create_resource
from matcher import features

from .conftest import axe_violations, follow, sign_in

pytestmark = pytest.mark.browser

HOME = (51.5548, -0.1192)
TEAM_PHONE = "0113 496 0900"


@pytest.fixture
def data(app: Flask, users: dict[str, int]) -> None:
    """Two resources near N7 6QT, and a contact phone for team North."""
    rows = [
        ResourceCreate(
            name="Canal Singers",
            description="A friendly community choir. No auditions.",
            interests=["singing"],
            locations=[{"postcode": "N7 6QT", "latitude": HOME[0] + 0.009, "longitude": HOME[1]}],
            sessions=[{"day": "tu", "start": "14:00", "end": "16:00"}],
            join_details="Come to the side door.",
            team_contact="Sam (choir leader)",
        ),
        ResourceCreate(
            name="Pottery Corner",
            description="Learn to throw pots.",
            interests=["pottery"],
            locations=[{"postcode": "N7 6QT", "latitude": HOME[0] + 0.011, "longitude": HOME[1]}],
            sessions=[{"day": "tu", "start": "10:00", "end": "12:00"}],
            costs=[{"amount_pence": 600}, {"kind": "concession", "amount_pence": 400}],
        ),
    ]
    features.clear_cache()
    with app.app_context():
        session = get_session()
        session.add(
            GazetteerEntry(
                key="N7 6QT", kind="postcode", name="N7 6QT", latitude=HOME[0], longitude=HOME[1]
            )
        )
        for row in rows:
            create_resource(session, row, confirmed=True)
        north = session.exec(select(Team).where(Team.name == "North")).one()
        north.contact_phone = TEAM_PHONE
        session.commit()


def _no_serious_violations(page: Any, what: str) -> None:
    found = axe_violations(page)
    assert found == [], f"axe on the {what} page: {found}"


def test_create_a_person_find_opportunities_shortlist_and_print(
    page: Any, live_server: str, data: None
) -> None:
    sign_in(page, live_server, "practitioner@example.org")
    page.goto(f"{live_server}/people")
    page.click("text=Add a person")
    page.fill("#label", "B.")
    page.fill("#where", "n7 6qt")
    page.check("#interests-singing")
    page.check("#want_to_try-pottery")
    page.fill("#budget", "3")
    page.check("#receives_benefits")
    page.fill("#max_km", "3")
    page.select_option("#ft-day-0", "tu")
    page.fill("#ft-from-0", "09:30")
    page.fill("#ft-to-0", "17:00")
    follow(page, "button:has-text('Save')")
    assert page.locator("h1").inner_text() == "B."
    assert "B." not in page.url and "N7" not in page.url  # only an opaque id in the address
    _no_serious_violations(page, "person")

    follow(page, ".person-nav >> text=Opportunities")
    suggestions = page.locator("section[aria-labelledby=suggestions-title]")
    assert "Canal Singers" in suggestions.inner_text()
    assert "Pottery Corner" not in suggestions.inner_text()  # £4 after concession, budget £3
    assert "Pottery Corner" in page.locator("section[aria-labelledby=near-title]").inner_text()
    _no_serious_violations(page, "matches")

    page.select_option("#budget", "2")
    follow(page, "button:has-text('Search again')")
    assert "Pottery Corner" in suggestions.inner_text()
    follow(page, "button:has-text('Add Canal Singers to shortlist')")
    assert "Added to the shortlist." in page.content()
    assert "budget=2" in page.url  # back to the same relaxed search

    page.click(".person-nav >> text=Shortlist")
    page.check("#ask_for")
    follow(page, "button:has-text('Make the handout')")
    handout = page.locator("article.handout").inner_text()
    assert "Canal Singers" in handout and "It is free for you." in handout
    assert "Who to ask for: Sam (choir leader)." in handout and TEAM_PHONE in handout
    assert "B." not in handout
    assert page.locator("#print-button").is_visible()
    _no_serious_violations(page, "handout")
    page.emulate_media(media="print")
    assert not page.locator("#print-button").is_visible()
    assert not page.locator(".site-header nav").is_visible()


def test_the_profile_form_fits_a_phone_and_shows_errors(
    browser: Any, live_server: str, data: None
) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    try:
        sign_in(page, live_server, "practitioner@example.org")
        page.goto(f"{live_server}/people/new")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"the form is {width}px wide on a 375px phone"
        page.fill("#age", "forty")
        follow(page, "button:has-text('Save')")
        summary = page.locator("#error-summary")
        assert summary.is_visible() and "Enter a label" in summary.inner_text()
        assert page.evaluate("document.activeElement.id") == "error-summary"
        assert page.input_value("#age") == "forty"
        _no_serious_violations(page, "profile form")
    finally:
        context.close()


def test_notes_suggest_interests_and_facts_to_tick(
    browser: Any, live_server: str, data: None
) -> None:
    for width in (1280, 390):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        try:
            sign_in(page, live_server, "practitioner@example.org")
            page.goto(f"{live_server}/people/new")
            page.fill("#label", "D.")
            page.fill(
                "#notes",
                "Fished the canal for years. Dad has dementia; she is his main carer. "
                "Not religious, though his mum goes to church.",
            )
            follow(page, "button:has-text('Suggest from these notes')")
            box = page.locator(".suggestions").inner_text()
            assert "Fishing: used to enjoy (“Fished”)" in box  # the note's own words
            assert "Cares for someone (an unpaid carer) (“main carer”)" in box
            assert "Faith" not in box and "dementia" not in box.lower()
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            _no_serious_violations(page, "profile form with suggestions")
            page.locator(".suggestions").screenshot(
                path=f"/tmp/shots/notes-suggestions-{width}.png"
            )
            page.check("input[value='condition:carers']")
            follow(page, "button:has-text('Save')")
            assert "Cares for someone (an unpaid carer)" in page.content()
            page.screenshot(path=f"/tmp/shots/person-accepted-{width}.png", full_page=True)
        finally:
            context.close()
