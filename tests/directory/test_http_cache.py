"""Public pages and the HSDS API are cached by HTTP: a repeat with the ETag is a 304 drawn
without the page, a change to the directory gives a fresh page, signed-in pages are never
stored, and the headers tell shared caches what a page depends on."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from core.db import get_session
from directory.models import Resource
from directory.views.caching import CACHE_CONTROL, ETAG_PERIOD_S
from tests.directory.public_helpers import add_resource, make_directory, walking_group

SEARCH = "/public/search?q=walking"
PAGES = ("/public/", SEARCH, "/public/embed?q=walking", "/api/hsds/services", "/api/hsds/")


@pytest.fixture
def ids(app: Flask) -> dict[str, str]:
    """The shared public/hidden directory."""
    return make_directory(app)


def test_a_repeat_with_the_etag_is_answered_304(client: FlaskClient, ids: dict[str, str]) -> None:
    for url in (*PAGES, f"/public/resources/{ids['visible']}"):
        first = client.get(url)
        assert first.status_code == 200, url
        assert first.headers["Cache-Control"] == CACHE_CONTROL, url
        again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
        assert again.status_code == 304, url
        assert again.get_data() == b"", url
        assert again.headers["ETag"] == first.headers["ETag"], url
        assert again.headers["Cache-Control"] == CACHE_CONTROL, url


def test_a_change_to_the_directory_gives_a_fresh_page(
    app: Flask, client: FlaskClient, ids: dict[str, str]
) -> None:
    before = {url: client.get(url) for url in PAGES}
    add_resource(app, walking_group(name="Canal walking club"))
    for url, first in before.items():
        fresh = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
        assert fresh.status_code == 200, url
        assert fresh.headers["ETag"] != first.headers["ETag"], url
    assert "Canal walking club" in client.get(SEARCH).get_data(as_text=True)


def test_another_query_has_another_etag(client: FlaskClient, ids: dict[str, str]) -> None:
    walking = client.get(SEARCH)
    free = client.get(SEARCH + "&free=1", headers={"If-None-Match": walking.headers["ETag"]})
    assert free.status_code == 200
    assert free.headers["ETag"] != walking.headers["ETag"]


def test_pages_vary_by_cookie(client: FlaskClient, ids: dict[str, str]) -> None:
    for url in ("/public/", SEARCH, f"/public/resources/{ids['visible']}"):
        assert "Cookie" in client.get(url).headers["Vary"], url


def test_a_cacheable_page_holds_nothing_personal(client: FlaskClient, ids: dict[str, str]) -> None:
    for url in PAGES:
        response = client.get(url)
        assert "Set-Cookie" not in response.headers, url
        text = response.get_data(as_text=True)
        assert "csrf" not in text.lower(), url
        assert "Sign out" not in text, url


def test_signed_in_answers_are_never_stored(
    client: FlaskClient, ids: dict[str, str], member: Any
) -> None:
    for url in (*PAGES, "/", "/?q=walking", f"/resources/{ids['visible']}"):
        assert client.get(url).headers["Cache-Control"] == "no-store", url


def test_resource_pages_answer_if_modified_since(client: FlaskClient, ids: dict[str, str]) -> None:
    url = f"/public/resources/{ids['visible']}"
    first = client.get(url)
    again = client.get(url, headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert again.status_code == 304
    older = client.get(url, headers={"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"})
    assert older.status_code == 200


def test_an_ndjson_feed_has_the_version_etag(client: FlaskClient, ids: dict[str, str]) -> None:
    url = "/api/hsds/services?format=ndjson"
    with client.get(url) as first:
        assert first.headers["Cache-Control"] == CACHE_CONTROL
        etag = first.headers["ETag"]
    with client.get(url, headers={"If-None-Match": etag}) as again:
        assert again.status_code == 304


def test_a_page_whose_wording_moves_with_the_clock_is_not_older_than_its_quarter_hour(
    app: Flask, client: FlaskClient, ids: dict[str, str]
) -> None:
    # An entry unchanged for a month still reads "Next session: Tomorrow" today; a copy made
    # yesterday says otherwise, so If-Modified-Since of yesterday is no 304.
    with app.app_context():
        session = get_session()
        month_ago = datetime.now(UTC) - timedelta(days=30)
        table = Resource.__table__  # type: ignore[attr-defined]
        stmt = table.update().where(table.c.id == ids["visible"]).values(updated_at=month_ago)
        session.execute(stmt)  # as stored a month ago (the model's onupdate would say now)
        session.commit()
    url = f"/public/resources/{ids['visible']}"
    shown = parsedate_to_datetime(client.get(url).headers["Last-Modified"])
    assert shown.timestamp() >= time.time() // ETAG_PERIOD_S * ETAG_PERIOD_S - 1
    yesterday = format_datetime(datetime.now(UTC) - timedelta(days=1), usegmt=True)
    assert client.get(url, headers={"If-Modified-Since": yesterday}).status_code == 200
