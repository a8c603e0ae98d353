"""The public search and the embeddable page in a real browser: map, axe, phone width."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from werkzeug.serving import make_server

from tests.directory.public_helpers import make_directory

from .conftest import CHROMIUM, CHROMIUM_ARGS, axe_violations, follow, has_leaflet

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}


@pytest.fixture
def ids(app: Flask) -> dict[str, str]:
    """One visible entry and hidden ones."""
    return make_directory(app)


def no_horizontal_scroll(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def test_public_search_shows_results_and_the_map(page: Any, live_server: str, ids: Any) -> None:
    page.goto(f"{live_server}/public/search")
    page.fill("#q", "walk")
    page.fill("#near", "N7 6QT")
    follow(page, "button:has-text('Search')")
    assert page.locator("#results-count").inner_text().startswith("1 result")
    assert page.locator(".result h3").all_inner_texts() == ["Tuesday walking group"]
    assert page.locator("#map-panel").is_visible()
    assert page.locator("#results-map").count() == 1
    if has_leaflet():
        page.wait_for_selector("#results-map[data-ready=true]")
        assert page.locator("#results-map .leaflet-marker-icon").count() == 1
    else:
        assert "could not load" in page.locator("#map-status").inner_text()
    assert axe_violations(page) == []


def test_public_search_works_without_javascript(browser: Any, live_server: str, ids: Any) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{live_server}/public/search")
        page.fill("#q", "walk")
        assert not page.locator("#free").is_visible()  # the filters wait behind one button
        page.click("summary:has-text('Filters')")
        page.check("#free")  # not free: nothing
        follow(page, "button:has-text('Apply filters')")
        assert page.locator(".result").count() == 0
        assert page.locator("summary.filters-title").text_content() == "Filters (1 chosen)"
        page.click("summary:has-text('Filters')")
        page.uncheck("#free")
        follow(page, "button:has-text('Apply filters')")
        assert page.locator(".result h3").all_inner_texts() == ["Tuesday walking group"]
        assert not page.locator("#map-panel").is_visible()  # the map needs JavaScript
        follow(page, "text=Tuesday walking group")
        assert page.locator("h1").inner_text() == "Tuesday walking group"
    finally:
        context.close()


def test_public_pages_on_a_phone(browser: Any, live_server: str, ids: dict[str, str]) -> None:
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        for url in (
            "/public/",
            "/public/search?q=walk",
            f"/public/resources/{ids['visible']}",
            "/public/embed",
        ):
            page.goto(f"{live_server}{url}")
            assert no_horizontal_scroll(page), url
            assert axe_violations(page) == [], url
    finally:
        context.close()


@pytest.fixture
def partner_site(live_server: str) -> Iterator[str]:
    """A partner's page on another origin (its own port) that frames the embed."""
    html = (
        '<!doctype html><html lang="en"><title>Partner</title><main><h1>Partner</h1>'
        f'<iframe src="{live_server}/public/embed?q=walk" title="Local groups" '
        'width="360" height="600"></iframe></main></html>'
    ).encode()

    def partner(environ: Any, start_response: Any) -> list[bytes]:
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
        return [html]

    server = make_server("127.0.0.1", 0, partner)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        thread.join(timeout=10)


def test_embed_page_works_inside_another_sites_frame(
    page: Any, partner_site: str, ids: dict[str, str]
) -> None:
    page.set_viewport_size(PHONE)
    page.goto(partner_site)
    heading = page.frame_locator("iframe").locator(".result h2")
    heading.wait_for()
    assert heading.all_inner_texts()[0].startswith("Tuesday walking group")
    embed = page.frames[1]
    assert embed.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_embed_page_is_accessible(page: Any, live_server: str, ids: Any) -> None:
    page.goto(f"{live_server}/public/embed")
    assert page.locator(".result").count() == 1
    assert axe_violations(page) == []


def test_a_page_elsewhere_can_revalidate_what_it_read_from_the_api(
    browser: Any, live_server: str, ids: Any
) -> None:
    # From a partner's page at another origin ("localhost", no policy of ours): the ETag can be
    # read, and a conditional GET with it passes the browser's preflight and answers 304. Both
    # are on this machine, so Chromium's check of pages reaching local addresses is off.
    args = [*CHROMIUM_ARGS, "--disable-features=LocalNetworkAccessChecks"]
    own = browser.browser_type.launch(executable_path=str(CHROMIUM), headless=True, args=args)
    try:
        page = own.new_page()
        partner = live_server.replace("127.0.0.1", "localhost") + "/partner.html"
        page.route(partner, lambda route: route.fulfill(body="<p>Hi</p>", content_type="text/html"))
        page.goto(partner)
        found = page.evaluate(
            """async (url) => {
                const first = await fetch(url);
                const etag = first.headers.get('ETag');
                const ask = {headers: {'If-None-Match': etag}, cache: 'no-store'};
                const again = await fetch(url, ask);
                return [first.status, etag, again.status];
            }""",
            f"{live_server}/api/hsds/services",
        )
    finally:
        own.close()
    assert found[0] == 200 and found[1] and found[2] == 304
