"""A session cookie is refused once past its lifetime, altered, or signed with a retired key."""

from __future__ import annotations

import time
from typing import Any

from conftest import PASSWORD

MEMBER = "member@example.org"


def _signed_in(client: Any) -> bool:
    """Whether the client reaches a member page rather than being sent to sign in."""
    return client.get("/").status_code == 200


def _sign_in(client: Any) -> str:
    client.post("/login", data={"email": MEMBER, "password": PASSWORD})
    assert _signed_in(client) and _signed_in(client)
    return str(client.get_cookie("session").value)


def test_a_cookie_expires_with_the_session_lifetime(app, client, users):
    _sign_in(client)
    app.config["PERMANENT_SESSION_LIFETIME"] = 1
    time.sleep(2.1)
    assert not _signed_in(client)


def test_a_new_signing_key_refuses_cookies_signed_with_the_old(app, client, users):
    _sign_in(client)
    app.secret_key = "another-signing-key-long-enough-for-the-app-0123456789"
    assert not _signed_in(client)


def test_an_altered_cookie_is_refused(client, users):
    cookie = _sign_in(client)
    head, _, signature = cookie.rpartition(".")
    client.set_cookie("session", f"{head}.{signature[::-1]}")
    assert not _signed_in(client)
    client.set_cookie("session", cookie)
    assert _signed_in(client)
