"""The results map in a real browser: with no tile server configured nothing leaves the site,
the pins are drawn at once, and a place name is shown as text, never as HTML."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from werkzeug.serving import make_server

from core.db import get_session
from directory.models import GazetteerEntry
from tests.directory.public_helpers import add_resource, make_directory, walking_group
from wsgi import create_app

from .conftest import has_leaflet, sign_in

pytestmark = pytest.mark.browser

PLACE = '<b id="pwn">Holloway</b><img src=x id="pwnimg" onerror="document.title=1">'
TILES = "https://tiles.example.org/{z}/{x}/{y}.png"


@pytest.fixture
def ids(app: Flask) -> dict[str, str]:
    """The public directory, and a gazetteer place whose name is markup."""
    found = make_directory(app)
    with app.app_context():
        session = get_session()
        session.add(
            GazetteerEntry(key="holloway", kind="place", name=PLACE, latitude=51.553,
                           longitude=-0.113)
        )  # fmt: skip
        session.commit()
    return found


def _numbered(count: int) -> str:
    """How a pin labels results 1 to count."""
    return f"1–{count}" if count >= 3 else ", ".join(str(n) for n in range(1, count + 1))


def _requests(page: Any) -> list[str]:
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    return seen


@pytest.mark.parametrize("signed_in", [False, True], ids=["public", "practitioner"])
def test_without_tiles_nothing_leaves_the_site_and_the_pins_show(
    page: Any, live_server: str, ids: dict[str, str], users: dict[str, int], signed_in: bool
) -> None:
    if signed_in:
        sign_in(page, live_server, "practitioner@example.org")
    seen = _requests(page)
    path = "/" if signed_in else "/public/search"
    answer = page.goto(f"{live_server}{path}?q=walk&near=N7+6QT")
    assert answer is not None and "tile" not in answer.headers["content-security-policy"]
    assert page.locator("#map-panel").is_visible()
    assert "no map provider is told where you searched" in page.locator("#map-panel").inner_text()
    if has_leaflet():
        page.wait_for_selector("#results-map[data-ready=true]")
        # The entries meet at one place: one pin, numbered like the list ("1–3" for 1, 2, 3).
        pins = page.locator("#results-map .map-pin").all_inner_texts()
        results = page.locator(".result").count()
        assert results >= 1 and pins == [_numbered(results)]
        page.click("#results-map .map-pin")  # its popup lists every result there, in order
        listed = page.locator(".leaflet-popup .map-popup-list a").all_inner_texts()
        assert listed == page.locator(".result h3").all_inner_texts()
        loaded = page.evaluate(
            "(() => { const n = performance.getEntriesByType('navigation')[0];"
            " return n.loadEventEnd - n.startTime; })()"
        )
        assert 0 < loaded < 3000  # finished loading, with nothing left waiting for tiles
        assert page.locator("#results-map .leaflet-tile").count() == 0
    assert not page.locator("#map-status").is_visible()  # no "could not load", nothing waiting
    elsewhere = [url for url in seen if not url.startswith(live_server)]
    assert elsewhere == []
    assert len(seen) >= 3  # the page, its CSS and scripts were seen


def test_a_place_name_with_markup_shows_as_text_in_the_tooltip(
    page: Any, live_server: str, ids: dict[str, str]
) -> None:
    if not has_leaflet():
        pytest.skip("needs static/vendor/leaflet: run `make assets` (CI does)")
    page.goto(f"{live_server}/public/search?q=walk&near=Holloway")
    page.wait_for_selector("#results-map[data-ready=true]")
    page.hover("#results-map path.leaflet-interactive[fill='#ffdd00']")
    tip = page.locator(".leaflet-tooltip")
    tip.wait_for()
    assert tip.inner_text() == f"Searched near {PLACE}"
    assert page.locator("#pwn, #pwnimg").count() == 0
    assert page.title() != "1"


@pytest.fixture
def tiled_client(app_config: dict[str, Any]) -> Iterator[Any]:
    """An app with a tile server and a credit whose text is markup."""
    app = create_app({**app_config, "MAP_TILES": TILES, "MAP_TILES_ATTRIBUTION": "<b>Tiles</b>"})
    yield app
    from core import db

    db.get_engine(app).dispose()


def test_a_configured_tile_server_is_the_one_origin_images_may_come_from(
    tiled_client: Flask, ids: dict[str, str]
) -> None:
    answer = tiled_client.test_client().get("/public/search?q=walk&near=N7+6QT")
    assert (
        "img-src 'self' data: https://tiles.example.org;"
        in answer.headers["Content-Security-Policy"]
    )
    page = answer.get_data(as_text=True)
    assert 'data-tiles="https://tiles.example.org/{z}/{x}/{y}.png"' in page
    assert "no map provider is told" not in page


def test_the_tile_credit_is_text(page: Any, tiled_client: Flask, ids: dict[str, str]) -> None:
    if not has_leaflet():
        pytest.skip("needs static/vendor/leaflet: run `make assets` (CI does)")
    server = make_server("127.0.0.1", 0, tiled_client, threaded=True)
    import threading

    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        page.route("https://tiles.example.org/**", lambda route: route.abort())
        page.goto(f"http://127.0.0.1:{server.server_port}/public/search?q=walk&near=N7+6QT")
        page.wait_for_selector("#results-map[data-ready=true]")
        credit = page.locator(".leaflet-control-attribution")
        assert "<b>Tiles</b>" in credit.inner_text()
        assert credit.locator("b").count() == 0
        status = page.locator("#map-status")
        status.wait_for()
        assert "background could not load" in status.inner_text()
    finally:
        server.shutdown()
        thread.join(timeout=10)


def _walk(app: Flask, name: str, lat: float, lon: float) -> None:
    """A public walk at its own venue."""
    place = {"name": name, "postcode": "N7 6QT", "latitude": lat, "longitude": lon}
    add_resource(app, walking_group(name=name, locations=[place]))


def test_pins_that_would_overlap_join_and_open_when_chosen(
    page: Any, live_server: str, app: Flask
) -> None:
    if not has_leaflet():
        pytest.skip("needs static/vendor/leaflet and markercluster: run `make assets` (CI does)")
    for n, east in enumerate((0.0, 0.0004, 0.0008, 0.05)):  # three venues 30 m apart, one 3 km
        _walk(app, f"Walk {n}", 51.556, -0.116 + east)
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(f"{live_server}/public/search?q=walk&sort=name")
    page.wait_for_selector("#results-map[data-ready=true]")
    pins = page.locator("#results-map .map-pin")
    assert sorted(pins.all_inner_texts()) == ["4", "Results\n1–3"]
    page.locator("#results-map .map-pin-holder", has_text="Results").focus()
    page.keyboard.press("Enter")  # the keyboard opens it as a click does
    # Zoomed in to the three, each its own pin (the far one is out of view).
    for _ in range(50):  # the page's CSP allows no script from a string: poll from here
        if sorted(pins.all_inner_texts()) == ["1", "2", "3"]:
            break
        page.wait_for_timeout(100)
    assert sorted(pins.all_inner_texts()) == ["1", "2", "3"]
