"""Small things a person notices every day: a favicon, HEAD on the sign-in page, the 404 page in
the app's own words, times in the deployment's timezone and history events in words."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from core.config import ConfigError
from core.db import get_session
from directory.models import ResourceCreate
from directory.resources import create_resource
from directory.stewardship import history
from wsgi import create_app


def test_every_page_links_a_favicon_and_favicon_ico_is_served(client, users, auth):
    public = client.get("/public/").get_data(as_text=True)
    assert 'rel="icon" href="/static/favicon.svg"' in public
    auth.login("member@example.org")
    assert 'rel="icon" href="/static/favicon.svg"' in client.get("/").get_data(as_text=True)
    icon = client.get("/favicon.ico", follow_redirects=True)
    assert icon.status_code == 200 and icon.mimetype == "image/svg+xml"
    assert b"<svg" in icon.data


def test_head_on_the_sign_in_page_answers_like_get(client):
    assert client.head("/login").status_code == 200
    assert client.head("/login").data == b""


def test_the_404_page_speaks_in_the_apps_own_words(client, users, auth):
    page = client.get("/no-such-page")
    text = page.get_data(as_text=True)
    assert page.status_code == 404
    assert "<h1>Page not found</h1>" in text and "There is no page at this address." in text
    assert "requested URL" not in text and "Not Found" not in text
    auth.login("practitioner@example.org")
    mine = client.get("/people/999999").get_data(as_text=True)  # a view's own message stays
    assert "There is no such person in your team." in mine


def test_an_unknown_timezone_is_refused_at_start(tmp_path):
    with pytest.raises(ConfigError, match="COMMONGROUND_TIMEZONE"):
        create_app({"INSTANCE_DIR": str(tmp_path), "TIMEZONE": "Mars/Olympus"})


def test_history_shows_events_in_words_at_local_times(app, client, users, auth):
    with app.app_context():
        session = get_session()
        rid = create_resource(session, ResourceCreate(name="Canal Walkers", setting="online")).id
        entry = history.record(session, rid, "add-to", users["member"], [])
        entry.at = datetime(2026, 7, 1, 9, 5, tzinfo=UTC)
        session.commit()
    auth.login("member@example.org")
    page = client.get(f"/workspace/resources/{rid}/history").get_data(as_text=True)
    assert "Details added from word of mouth" in page and "Add to" not in page
    assert "1 July 2026, 10:05 BST" in page and "UTC" not in page
