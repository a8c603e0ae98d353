"""Sign-in throttling that nobody can use to lock a person out: progressive waits per account and
per address, and device cookies that let a browser which signed in before keep signing in.

Time passes by moving the stored attempts into the past, never by sleeping.
"""

from __future__ import annotations

import base64
import time
from datetime import timedelta
from typing import Any

import pytest
from conftest import PASSWORD
from flask import Flask
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from sqlmodel import col, select

from core import db, ratelimit
from core.models import LoginAttempt

MEMBER = "member@example.org"
WRONG = "wrong password!"
COOKIE = "cg_device"
# The default settings: 5 free failures, then 30 s doubling to a 15-minute cap.
WAITS = [30, 60, 120, 240, 480, 900, 900, 900]


def _client(app: Flask, address: str) -> Any:
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def _login(client: Any, email: str = MEMBER, password: str = PASSWORD) -> Any:
    return client.post("/login", data={"email": email, "password": password})


def _known_device(app: Flask, address: str, email: str = MEMBER) -> Any:
    """A client that signed in to this account once (and signed out): it holds a device cookie."""
    client = _client(app, address)
    assert _login(client, email).status_code == 302
    assert client.get_cookie(COOKIE) is not None
    client.post("/logout")
    return client


def _time_passes(app: Flask, seconds: int) -> None:
    """Move every stored attempt `seconds` into the past, as if that long had gone by."""
    with app.app_context(), db.write_session() as session:
        for row in session.exec(select(LoginAttempt)).all():
            row.at -= timedelta(seconds=seconds)


def _guess_patiently(app: Flask, client: Any, emails: list[str], failures: int) -> list[int]:
    """Wrong passwords, cycling through emails, until `failures` were checked, each 429 waited
    out: the Retry-After waits asked for."""
    waits: list[int] = []
    checked = 0
    while checked < failures:
        response = _login(client, emails[checked % len(emails)], WRONG)
        if response.status_code == 429:
            waits.append(int(response.headers["Retry-After"]))
            _time_passes(app, waits[-1])
        else:
            assert response.status_code == 401
            checked += 1
    return waits


def _device_rows(app: Flask) -> int:
    with app.app_context():
        rows = db.get_session().exec(select(LoginAttempt.key)).all()
    return sum(1 for key in rows if key.startswith("device:"))


def test_the_wait_doubles_after_the_free_failures_up_to_the_cap(app):
    with app.app_context():
        waits = [ratelimit.delay_seconds(n, 5) for n in range(13)]
    assert waits == [0] * 5 + WAITS


def test_an_attackers_50_guesses_do_not_stop_the_owner_on_their_known_device(app, users):
    owner = _known_device(app, "198.51.100.4")
    attacker = _client(app, "203.0.113.7")
    waits = _guess_patiently(app, attacker, [MEMBER], 50)
    assert waits[:8] == WAITS and set(waits[8:]) == {900}  # growing, then capped
    refused = _login(attacker, MEMBER, WRONG)
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) == 900 and refused.mimetype == "text/html"
    assert "Wait 15 minutes, then try again." in refused.get_data(as_text=True)

    assert _login(owner).status_code == 302
    assert owner.get("/").status_code == 200

    # A browser that never signed in is throttled like the attacker, and told what still works.
    new_device = _client(app, "198.51.100.4")
    blocked = _login(new_device)
    assert blocked.status_code == 429 and new_device.get("/").status_code != 200
    page = blocked.get_data(as_text=True)
    assert "Too many failed sign-ins for this account or from this network." in page
    assert "where you have signed in to Common Ground before" in page
    # The owner's success does not wipe the attacker's wait.
    assert _login(attacker, MEMBER, WRONG).status_code == 429


def test_60_failures_from_a_shared_office_do_not_stop_a_known_device_user_there(app, users):
    office = "192.0.2.10"
    colleague = _known_device(app, office, "practitioner@example.org")
    guesser = _client(app, office)
    emails = [MEMBER, "admin@example.org", "other-member@example.org", "nobody@example.org"]
    waits = _guess_patiently(app, guesser, emails, 60)
    assert max(waits) == 900

    assert _login(colleague, "practitioner@example.org").status_code == 302
    assert colleague.get("/").status_code == 200

    # The same person on a browser that never signed in, behind the same address, must wait.
    new_device = _client(app, office)
    blocked = _login(new_device, "practitioner@example.org")
    assert blocked.status_code == 429 and 0 < int(blocked.headers["Retry-After"]) <= 900
    # From another address that browser gets in: the practitioner's account was never guessed.
    assert _login(_client(app, "198.51.100.20"), "practitioner@example.org").status_code == 302
    # Once the wait is over it gets in at the office too, but that does not clear the address.
    _time_passes(app, 900)
    assert _login(new_device, "practitioner@example.org").status_code == 302
    assert _login(guesser, "someone-new@example.org", WRONG).status_code == 401
    again = _login(guesser, "someone-new@example.org", WRONG)
    assert again.status_code == 429 and again.headers["Retry-After"] == "900"


def _expired_cookie(app: Flask, genuine: str) -> str:
    """The genuine cookie's content, signed with the real key 181 days ago."""

    class SignedLongAgo(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) - 181 * 86400

    key = str(app.secret_key)
    payload = URLSafeTimedSerializer(key, salt=ratelimit.DEVICE_SALT).loads(genuine)
    old = URLSafeTimedSerializer(key, salt=ratelimit.DEVICE_SALT, signer=SignedLongAgo)
    return old.dumps(payload)


def test_a_forged_altered_expired_or_other_accounts_cookie_gives_no_bypass(app, users):
    genuine = _known_device(app, "198.51.100.4").get_cookie(COOKIE).value
    others = _known_device(app, "198.51.100.5", "practitioner@example.org").get_cookie(COOKIE)
    _guess_patiently(app, _client(app, "203.0.113.7"), [MEMBER], 5)  # the next one must wait
    head, _, signature = genuine.rpartition(".")
    forged = URLSafeTimedSerializer("a-key-the-attacker-made-up-0123456789").dumps(
        {"a": "0" * 64, "n": "x"}, salt=ratelimit.DEVICE_SALT
    )
    cookies = {
        "another account's": others.value,
        "altered": f"{head}.{signature[::-1]}",
        "forged": forged,
        "expired": _expired_cookie(app, genuine),
        "empty": "",
    }
    for what, value in cookies.items():
        client = _client(app, "198.51.100.4")
        client.set_cookie(COOKIE, value)
        assert _login(client).status_code == 429, what
    client = _client(app, "198.51.100.4")
    client.set_cookie(COOKIE, genuine)
    assert _login(client).status_code == 302


def test_a_known_device_is_throttled_on_its_own_failures_and_a_success_clears_them(app, users):
    device = _known_device(app, "198.51.100.4")
    for _ in range(5):
        assert _login(device, password=WRONG).status_code == 401
    blocked = _login(device)
    assert blocked.status_code == 429 and blocked.headers["Retry-After"] == "30"
    page = blocked.get_data(as_text=True)
    assert "Too many wrong passwords on this device. Wait 30 seconds" in page
    assert "where you have signed in" not in page
    # The device's guesses did not touch the account: another browser signs in at once.
    assert _login(_client(app, "198.51.100.9")).status_code == 302

    _time_passes(app, 30)
    assert _login(device).status_code == 302
    assert _device_rows(app) == 0
    device.post("/logout")
    for _ in range(5):
        assert _login(device, password=WRONG).status_code == 401  # free again
    assert _login(device, password=WRONG).status_code == 429


def test_confirming_the_password_works_on_a_known_device_while_the_account_is_guessed(app, users):
    owner = _client(app, "198.51.100.4")
    assert _login(owner).status_code == 302
    _guess_patiently(app, _client(app, "203.0.113.7"), [MEMBER], 20)
    confirmed = owner.post("/confirm-password", data={"password": PASSWORD, "next": "/"})
    assert confirmed.status_code == 302


def test_wrong_confirmations_wait_with_a_clear_page(app, users):
    owner = _client(app, "198.51.100.4")
    assert _login(owner).status_code == 302
    for _ in range(5):
        assert owner.post("/confirm-password", data={"password": WRONG}).status_code == 401
    refused = owner.post("/confirm-password", data={"password": PASSWORD})
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "30"
    assert refused.mimetype == "text/html"
    assert "Too many wrong passwords. Wait 30 seconds" in refused.get_data(as_text=True)


def test_the_device_cookie_is_httponly_lax_long_lived_and_holds_no_email(client, users):
    response = _login(client)
    [cookie] = [c for c in response.headers.getlist("Set-Cookie") if c.startswith(COOKIE + "=")]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/" in cookie
    assert f"Max-Age={180 * 86400}" in cookie and "Secure" not in cookie  # development: http
    payload = client.get_cookie(COOKIE).value.split(".")[0]
    decoded = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    assert b"member" not in decoded.lower() and b"@" not in decoded
    with client.application.app_context():
        keys = db.get_session().exec(select(LoginAttempt.key)).all()
    assert keys == []  # a success leaves nothing counted


@pytest.mark.parametrize("count", [1, 3])
def test_the_limiter_table_holds_only_keyed_hashes(app, users, count):
    _guess_patiently(app, _client(app, "203.0.113.7"), [MEMBER], count)
    device = _known_device(app, "198.51.100.4", "practitioner@example.org")
    _login(device, "practitioner@example.org", WRONG)
    with app.app_context():
        keys = db.get_session().exec(select(LoginAttempt.key).order_by(col(LoginAttempt.id))).all()
    assert len(keys) == 2 * count + 1
    assert all(k.split(":")[0] in {"account", "address", "device"} for k in keys)
    assert not any("member" in k or "203.0.113" in k or "practitioner" in k for k in keys)
