"""Sign-in, sessions, CSRF, rate limiting, passwords, cookies and security headers."""

from __future__ import annotations

import logging
import multiprocessing
import re
import time
from typing import Any

import pytest
from conftest import PASSWORD, CsrfClient
from flask import Flask, jsonify

from core import accounts, db
from core.auth import SEEN, STARTED, access, role_allows, safe_next
from core.models import Role, User
from wsgi import create_app

MEMBER = "member@example.org"


def _status_after_login(client: Any, email: str = MEMBER, password: str = PASSWORD) -> int:
    return client.post("/login", data={"email": email, "password": password}).status_code


def _signed_in(client: Any) -> bool:
    """Whether the client reaches a member page rather than being sent to sign in."""
    return client.get("/").status_code == 200


# --- Passwords -------------------------------------------------------------------------------


def test_short_and_overlong_passwords_are_refused():
    assert "at least 8" in accounts.password_problem("Ab3$efg")
    assert "at most 1024" in accounts.password_problem("x" * 2000)


SAM = ("sam.jones@example.org", "Sam Jones", "Kirkbeck Social Prescribing Team")


@pytest.mark.parametrize(
    "password, advice",
    [
        ("aaaaaaaa", 'Repeats like "aaa" are easy to guess.'),
        ("abcdefgh", 'Sequences like "abc" or "6543" are easy to guess.'),
        ("commonground", "Add another word or two."),
        ("CommonGround2024", "Add another word or two."),
        ("Password123!", "This is similar to a commonly used password."),
        ("password", "This is a top-10 common password."),
        ("QWERTYUIOP", "This is a top-100 common password."),
        ("12345678", "This is a top-10 common password."),
        ("x" * 200, 'Repeats like "aaa" are easy to guess.'),
    ],
)
def test_guessable_passwords_are_refused_with_zxcvbns_advice(password, advice):
    problem = accounts.password_problem(password, *SAM)
    assert problem.startswith("That password is too easy to guess.")
    assert advice in problem


def test_the_users_own_email_name_and_team_are_refused():
    assert "email" in accounts.password_problem("sam.jones@example.org", *SAM)
    assert "email" in accounts.password_problem("SAM.JONES@example.org", *SAM)
    assert "email" in accounts.password_problem("sam.jones", *SAM)
    # Strong enough for anyone else, too easy for Sam or for this team.
    assert accounts.password_problem("samjones1975") is None
    assert "too easy" in accounts.password_problem("samjones1975", *SAM)
    assert accounts.password_problem("kirkbeckteam1") is None
    assert "too easy" in accounts.password_problem("kirkbeckteam1", *SAM)


def test_only_the_first_32_characters_are_estimated_which_bounds_the_work():
    strong_start = "kettle canal lantern harbour 24!"  # 32 characters
    assert accounts.password_problem(strong_start + "a" * 900, *SAM) is None
    assert "too easy" in accounts.password_problem("a" * 32 + strong_start, *SAM)


def test_long_passphrases_and_the_demo_and_test_passwords_are_welcome():
    from seeds.people import DEMO_PASSWORD

    passphrase = "the kettle sings while the canal freezes over in january " * 2
    assert accounts.password_problem(passphrase, *SAM) is None  # 114 characters
    assert accounts.password_problem("quiet morning tea", *SAM) is None
    team = "Aire Valley Community Mental Health Team"
    assert (
        accounts.password_problem(DEMO_PASSWORD, "cmht-admin@example.org", "Priya Shah", team)
        is None
    )
    assert accounts.password_problem(PASSWORD, "member@example.org", "Member", "North") is None


# --- Safe next= ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example",
        "/\\evil.example",
        "https://evil.example",
        "http://evil.example/",
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "/\t/evil.example",
        "/%0a/evil.example\n",
        "evil.example",
        "",
        None,
    ],
)
def test_next_never_leaves_the_site(app, target):
    with app.test_request_context():
        assert safe_next(target) == "/"


@pytest.mark.parametrize("target", ["/resources/abc", "/?q=yoga&page=2", "/admin/users"])
def test_next_keeps_same_site_paths(app, target):
    with app.test_request_context():
        assert safe_next(target) == target


@pytest.mark.parametrize(
    "target", ["//evil.example", "/\\evil.example", "https://evil.example", "javascript:alert(1)"]
)
def test_sign_in_lands_in_the_app_whatever_next_says(client, users, target):
    response = client.post("/login", data={"email": MEMBER, "password": PASSWORD, "next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_sign_in_returns_to_the_page_asked_for(client, users):
    first = client.get("/resources/abc?tab=notes")
    assert first.status_code == 302
    assert first.headers["Location"].startswith("/login?next=")
    page = client.get(first.headers["Location"]).get_data(as_text=True)
    next_value = re.search(r'name="next" value="([^"]+)"', page).group(1)
    response = client.post(
        "/login", data={"email": MEMBER, "password": PASSWORD, "next": next_value}
    )
    assert response.headers["Location"] == "/resources/abc?tab=notes"


# --- Roles -----------------------------------------------------------------------------------


def test_roles_are_ordered_member_practitioner_admin_owner():
    assert role_allows(None, "public") and not role_allows(None, "member")
    assert role_allows(Role.MEMBER, "member") and not role_allows(Role.MEMBER, "practitioner")
    assert role_allows(Role.PRACTITIONER, "practitioner")
    assert not role_allows(Role.PRACTITIONER, "admin")
    assert role_allows(Role.ADMIN, "admin") and role_allows(Role.ADMIN, "member")
    assert not role_allows(Role.ADMIN, "owner")
    assert role_allows(Role.OWNER, "owner") and role_allows(Role.OWNER, "admin")
    assert role_allows(Role.OWNER, "member")
    assert not role_allows(Role.OWNER, "practitioner")  # people belong to a team; owners have none


def test_an_unknown_access_level_is_a_programming_error():
    with pytest.raises(ValueError):
        access("everyone")  # type: ignore[arg-type]


# --- Signing in and out ----------------------------------------------------------------------


def test_a_member_signs_in_and_sees_their_name_role_and_sign_out(client, users):
    assert not _signed_in(client)
    assert _status_after_login(client) == 302
    page = client.get("/").get_data(as_text=True)
    assert "Member" in page and "(Member)" in page
    assert 'action="/logout"' in page and 'method="post"' in page
    with client.application.app_context():
        user = db.get_session().get(User, users["member"])
        assert user.last_login_at is not None


@pytest.mark.parametrize(
    "email, password",
    [(MEMBER, "not the right password"), ("nobody@example.org", PASSWORD)],
)
def test_a_wrong_email_or_password_gets_one_calm_message(client, users, email, password):
    response = client.post("/login", data={"email": email, "password": password})
    assert response.status_code == 401
    page = response.get_data(as_text=True)
    assert "email address or password is not right" in page
    assert 'role="alert"' in page
    assert email in page  # the email stays filled in
    assert password not in page
    assert not _signed_in(client)


def test_empty_fields_are_named_in_the_error_summary(client):
    response = client.post("/login", data={"email": "", "password": ""})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert '<a href="#email">Enter your email address.</a>' in page
    assert '<a href="#password">Enter your password.</a>' in page
    assert 'aria-invalid="true"' in page


def test_the_sign_in_page_is_labelled_and_focused(client):
    page = client.get("/login").get_data(as_text=True)
    assert '<label for="email">Email address</label>' in page
    assert '<label for="password">Password</label>' in page
    assert 'autocomplete="current-password"' in page
    assert re.search(r'id="email"[^>]*autofocus', page)


def test_sign_in_with_any_case_email(client, users):
    assert _status_after_login(client, email="  MEMBER@Example.org ") == 302
    assert _signed_in(client)


def test_a_disabled_user_cannot_sign_in(app, client, users):
    with app.app_context(), db.write_session() as session:
        accounts.set_active(session.get(User, users["member"]), False)
    assert _status_after_login(client) == 401
    assert not _signed_in(client)


def test_sign_in_starts_a_new_session(client, users):
    client.get("/login")
    before = client.get_cookie("session").value
    token_before = client.csrf_token()
    client.post("/login", data={"email": MEMBER, "password": PASSWORD})
    after = client.get_cookie("session").value
    assert after != before
    assert client.csrf_token() != token_before
    # The pre-sign-in cookie (which an attacker might have planted) is still anonymous.
    client.set_cookie("session", before)
    assert not _signed_in(client)


def test_sign_out_ends_the_session_on_the_server(client, users):
    client.post("/login", data={"email": MEMBER, "password": PASSWORD})
    stolen = client.get_cookie("session").value
    response = client.post("/logout")
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert not _signed_in(client)
    client.set_cookie("session", stolen)  # replay the signed-in cookie
    replay = client.get("/")
    assert replay.status_code == 302 and replay.headers["Location"].startswith("/login")


def test_disabling_a_user_ends_their_sessions(app, users):
    member, admin = app.test_client(), app.test_client()
    member.post("/login", data={"email": MEMBER, "password": PASSWORD})
    admin.post("/login", data={"email": "admin@example.org", "password": PASSWORD})
    assert _signed_in(member)
    response = admin.post(f"/admin/users/{users['member']}/active", data={"active": "0"})
    assert response.status_code == 302
    assert "Member is now disabled" in admin.get("/admin/users").get_data(as_text=True)
    assert not _signed_in(member)
    admin.post(f"/admin/users/{users['member']}/active", data={"active": "1"})
    assert _status_after_login(member) == 302  # enabled again, a fresh sign-in works


def test_an_admin_cannot_disable_themselves(client, users, admin):
    response = client.post(f"/admin/users/{users['admin']}/active", data={"active": "0"})
    assert response.status_code == 400
    assert "cannot disable your own account" in response.get_data(as_text=True)
    assert _signed_in(client)


def _age_session(client: Any, key: str, seconds: int) -> None:
    with client.session_transaction() as sess:
        sess[key] = int(time.time()) - seconds


def test_an_idle_session_ends_after_30_minutes(client, users):
    client.post("/login", data={"email": MEMBER, "password": PASSWORD})
    _age_session(client, SEEN, 29 * 60)
    assert _signed_in(client)
    _age_session(client, SEEN, 31 * 60)
    response = client.get("/")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "signed out after a while without activity" in page
    assert not _signed_in(client)


@pytest.fixture
def short_idle(app_config):
    app_config["SESSION_IDLE_MINUTES"] = 5
    return app_config


def test_the_idle_timeout_is_configurable(short_idle, client, users):
    client.post("/login", data={"email": MEMBER, "password": PASSWORD})
    _age_session(client, SEEN, 6 * 60)
    assert not _signed_in(client)


def test_a_session_has_an_absolute_lifetime(client, users):
    client.post("/login", data={"email": MEMBER, "password": PASSWORD})
    _age_session(client, STARTED, 13 * 3600)  # active all along, but signed in 13 hours ago
    response = client.get("/")
    assert response.status_code == 302
    assert "time limit" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_sign_ins_are_logged_with_the_user_id_only(client, users, caplog):
    caplog.set_level(logging.INFO)
    client.post("/login", data={"email": MEMBER, "password": "wrong password here"})
    client.post("/login", data={"email": "nobody@example.org", "password": "wrong again here"})
    client.post("/login", data={"email": MEMBER, "password": PASSWORD})
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert f"sign-in failed user_id={users['member']}" in text
    assert "sign-in failed: unknown account" in text
    assert f"sign-in succeeded user_id={users['member']}" in text
    for secret in ("member@example.org", "nobody@example.org", PASSWORD, "wrong password"):
        assert secret not in text
    assert "127.0.0.1" not in text


# --- CSRF ------------------------------------------------------------------------------------


@pytest.fixture
def api_app(app: Flask) -> Flask:
    """The app with a small signed-in JSON endpoint, as the API blueprints will have."""

    @access("member")
    def echo() -> Any:
        return jsonify(ok=True)

    app.add_url_rule("/api/test-echo", "test_echo", echo, methods=["POST"])
    return app


def test_csrf_is_on_for_forms(client, users):
    response = client.post("/login", data={"email": MEMBER, "password": PASSWORD}, csrf=False)
    assert response.status_code == 400
    assert "form has expired" in response.get_data(as_text=True)
    assert not _signed_in(client)
    forged = client.post(
        "/login",
        data={"email": MEMBER, "password": PASSWORD, "csrf_token": "forged"},
        csrf=False,
    )
    assert forged.status_code == 400


def test_the_sign_in_form_carries_its_token(client, users):
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post(
        "/login", data={"email": MEMBER, "password": PASSWORD, "csrf_token": token}, csrf=False
    )
    assert response.status_code == 302


def test_sign_out_needs_a_token(client, users, member):
    assert client.post("/logout", csrf=False).status_code == 400
    assert _signed_in(client)
    assert client.get("/logout").status_code == 405  # never a GET


def test_json_calls_need_the_token_header(api_app, users):
    client = api_app.test_client()
    anonymous = client.post("/api/test-echo", json={})
    assert anonymous.status_code == 401
    assert anonymous.get_json()["message"] == "Sign in first."
    client.post("/login", data={"email": MEMBER, "password": PASSWORD})
    refused = client.post("/api/test-echo", json={}, csrf=False)
    assert refused.status_code == 400
    assert "expired" in refused.get_json()["message"]
    token = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/").get_data(True))
    ok = client.post("/api/test-echo", json={}, headers={"X-CSRFToken": token.group(1)}, csrf=False)
    assert ok.status_code == 200 and ok.get_json() == {"ok": True}


# --- Rate limiting ---------------------------------------------------------------------------


@pytest.fixture
def tight_limits(app_config):
    app_config.update(LOGIN_FREE_FAILURES_PER_ACCOUNT=3, LOGIN_FREE_FAILURES_PER_ADDRESS=5)
    return app_config


def test_too_many_failures_for_an_account_get_429(tight_limits, client, users):
    for _ in range(3):
        assert _status_after_login(client, password="wrong password!") == 401
    blocked = client.post("/login", data={"email": MEMBER, "password": PASSWORD})
    assert blocked.status_code == 429
    assert "Too many failed sign-ins" in blocked.get_data(as_text=True)
    assert 0 < int(blocked.headers["Retry-After"]) <= 15 * 60
    assert not _signed_in(client)
    # Another account from another address is not affected.
    other = client.application.test_client()
    other.environ_base["REMOTE_ADDR"] = "10.0.0.2"
    assert _status_after_login(other, email="practitioner@example.org") == 302


def test_a_success_clears_the_account_failures(tight_limits, client, users):
    for _ in range(2):
        _status_after_login(client, password="wrong password!")
    assert _status_after_login(client) == 302
    client.post("/logout")
    for _ in range(2):
        assert _status_after_login(client, password="wrong password!") == 401
    assert _status_after_login(client) == 302


def test_too_many_attempts_from_one_address_get_429(tight_limits, client, users):
    for n in range(5):
        assert _status_after_login(client, email=f"guess{n}@example.org") == 401
    assert _status_after_login(client, email="practitioner@example.org") == 429
    elsewhere = client.application.test_client()
    elsewhere.environ_base["REMOTE_ADDR"] = "10.0.0.9"
    assert _status_after_login(elsewhere, email="practitioner@example.org") == 302


def test_forwarded_addresses_are_ignored_unless_a_proxy_is_trusted(tight_limits, client, users):
    for n in range(5):
        spoofed = {"X-Forwarded-For": f"203.0.113.{n}"}
        data = {"email": f"guess{n}@example.org", "password": "wrong password!"}
        assert client.post("/login", data=data, headers=spoofed).status_code == 401
    assert _status_after_login(client, email="practitioner@example.org") == 429


@pytest.fixture
def behind_proxy(tight_limits):
    tight_limits["PROXY_COUNT"] = 1
    return tight_limits


def test_behind_a_trusted_proxy_the_limit_is_per_forwarded_address(behind_proxy, client, users):
    first = {"X-Forwarded-For": "203.0.113.5"}
    for n in range(5):
        data = {"email": f"guess{n}@example.org", "password": "wrong password!"}
        assert client.post("/login", data=data, headers=first).status_code == 401
    data = {"email": "practitioner@example.org", "password": PASSWORD}
    assert client.post("/login", data=data, headers=first).status_code == 429
    second = {"X-Forwarded-For": "203.0.113.6"}
    assert client.post("/login", data=data, headers=second).status_code == 302


def test_the_limit_table_holds_no_emails_or_addresses(tight_limits, client, users):
    _status_after_login(client, password="wrong password!")
    with client.application.app_context():
        from sqlmodel import select

        from core.models import LoginAttempt

        keys = [row.key for row in db.get_session().exec(select(LoginAttempt)).all()]
    assert len(keys) == 2
    assert all("member" not in k and "127.0.0.1" not in k for k in keys)


def _worker_attempts(config: dict[str, Any], password: str, count: int, go: Any, out: Any) -> None:
    """One 'gunicorn worker': its own app and engine on the shared database."""
    app = create_app(config)
    app.test_client_class = CsrfClient
    client = app.test_client()
    token = client.csrf_token()
    go.wait(30)
    codes = [
        client.post(
            "/login",
            data={"email": MEMBER, "password": password},
            headers={"X-CSRFToken": token},
        ).status_code
        for _ in range(count)
    ]
    db.get_engine(app).dispose()
    out.put(codes)


def _run_workers(config: dict[str, Any], plans: list[tuple[str, int]]) -> list[list[int]]:
    ctx = multiprocessing.get_context("fork")
    go, out = ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=_worker_attempts, args=(config, pw, n, go, out)) for pw, n in plans]
    for proc in procs:
        proc.start()
    go.set()
    results = [out.get(timeout=120) for _ in procs]
    for proc in procs:
        proc.join(30)
        assert proc.exitcode == 0
    return results


def test_the_limit_holds_across_worker_processes(tight_limits, app, users):
    config = dict(tight_limits)
    # Worker one uses up the account's failures; worker two is then refused, right password or not.
    [first] = _run_workers(config, [("wrong password!", 3)])
    assert first == [401, 401, 401]
    [second] = _run_workers(config, [(PASSWORD, 1)])
    assert second == [429]


def test_concurrent_workers_never_let_more_than_the_limit_through(tight_limits, app, users):
    results = _run_workers(dict(tight_limits), [("wrong password!", 4), ("wrong password!", 4)])
    codes = [code for worker in results for code in worker]
    assert set(codes) <= {401, 429}
    assert 1 <= codes.count(401) <= 3
    assert codes.count(429) >= 5


# --- Cookies and headers ---------------------------------------------------------------------


def test_session_cookie_is_httponly_and_lax(client, users):
    response = client.post("/login", data={"email": MEMBER, "password": PASSWORD})
    [cookie] = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_production_cookie_is_secure_with_the_host_prefix(app_config, users):
    app = create_app({**app_config, "ENV": "production", "TRUSTED_HOSTS": "localhost"})
    app.test_client_class = CsrfClient
    client = app.test_client()
    client.environ_base["wsgi.url_scheme"] = "https"
    response = client.post(
        "/login",
        data={"email": MEMBER, "password": PASSWORD},
        headers={"Referer": "https://localhost/login"},  # checked by CSRF on https
    )
    assert response.status_code == 302
    cookies = response.headers.getlist("Set-Cookie")
    [cookie] = [c for c in cookies if c.startswith("__Host-session=")]
    assert "Secure" in cookie and "Path=/" in cookie and "Domain" not in cookie
    [device] = [c for c in cookies if c.startswith("__Host-cg_device=")]  # the known device
    assert "Secure" in device and "HttpOnly" in device and "Path=/" in device
    assert "Domain" not in device
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    db.get_engine(app).dispose()


@pytest.mark.parametrize("path", ["/login", "/no-such-page", "/static/css/app.css", "/"])
def test_security_headers_on_every_response(client, path):
    response = client.get(path)
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in response.headers  # development: plain http


def test_signed_in_pages_are_not_stored(client, users, member):
    assert client.get("/").headers["Cache-Control"] == "no-store"
    assert "no-store" not in client.get("/static/css/app.css").headers.get("Cache-Control", "")


def test_auth_pages_have_no_inline_script(client, users, admin):
    for path in ("/login", "/admin/users"):
        page = client.get(path, follow_redirects=True).get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\bsrc=)", page), path
        assert not re.search(r"\son[a-z]+=", page), path


# --- Admin: inviting users -------------------------------------------------------------------


def test_an_admin_invites_a_user_into_their_team_who_chooses_a_password(app, client, users, admin):
    page = client.get("/admin/users").get_data(as_text=True)
    assert "member@example.org" in page and "Invite someone" in page
    assert "They will join <strong>North</strong>" in page and '<select id="team"' not in page
    response = client.post(
        "/admin/users",
        data={"email": "New.Person@example.org", "name": "New Person", "role": "practitioner"},
    )
    assert response.status_code == 201
    link = re.search(r">(http[^<]+/invite/[^<]+)</textarea>", response.get_data(as_text=True))
    path = "/invite/" + link.group(1).split("/invite/")[1]
    client.post("/logout")

    assert _status_after_login(client, "new.person@example.org", "") == 400  # no password yet
    assert "Welcome, New Person" in client.get(path).get_data(as_text=True)
    weak = client.post(path, data={"password": "Password123!", "confirm": "Password123!"})
    assert weak.status_code == 400
    assert "too easy to guess. This is similar to a commonly used password" in weak.get_data(
        as_text=True
    )
    own = client.post(path, data={"password": "newperson2024", "confirm": "newperson2024"})
    assert own.status_code == 400 and "too easy to guess" in own.get_data(as_text=True)
    differ = client.post(path, data={"password": "lantern harbour", "confirm": "lantern"})
    assert differ.status_code == 400 and "different" in differ.get_data(as_text=True)
    done = client.post(path, data={"password": "lantern harbour", "confirm": "lantern harbour"})
    assert done.status_code == 302
    assert "(Practitioner)" in client.get("/").get_data(as_text=True)
    client.post("/logout")
    assert client.get(path).status_code == 404  # the link worked once
    assert _status_after_login(client, "new.person@example.org", "lantern harbour") == 302
    with app.app_context():
        user = accounts.find_user(db.get_session(), "new.person@example.org")
        assert user.team_id == accounts.team_named(db.get_session(), "North").id


def _invite(email: str = "a@example.org", **fields: str) -> dict[str, str]:
    return {"email": email, "name": "A", "role": "member", **fields}


@pytest.mark.parametrize(
    "form, field, message",
    [
        (_invite("not-an-email"), "email", "Enter an email address"),
        (_invite("member@example.org"), "email", "There is already a user with that email"),
        (_invite(name=""), "name", "Enter a name"),
        (_invite(role="boss"), "role", "Choose a role"),
        (_invite(role="owner"), "role", "You cannot give a role above your own."),
        (_invite(team="South"), "team", "You can invite people into your own team only."),
        (_invite(team="999999"), "team", "You can invite people into your own team only."),
    ],
)
def test_bad_invitations_are_explained_and_change_nothing(
    app, client, users, admin, form, field, message
):
    response = client.post("/admin/users", data=form)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert f'<a href="#{field}">{message}' in page
    with app.app_context():
        from sqlmodel import select

        from core.models import Team

        assert len(db.get_session().exec(select(User)).all()) == len(users)
        assert len(db.get_session().exec(select(Team)).all()) == 2


# --- The create-user and create-team commands ------------------------------------------------


def _create_team(runner: Any, name: str) -> Any:
    return runner.invoke(args=["create-team", name])


def test_create_user_prompts_twice_for_the_password(app, runner, client):
    assert _create_team(runner, "East").exit_code == 0
    result = runner.invoke(
        args=[
            "create-user",
            "--email",
            "Lee@example.org",
            "--name",
            "Lee",
            "--role",
            "practitioner",
            "--team",
            "east",
        ],
        input="quiet morning tea\nquiet morning tea\n",
    )
    assert result.exit_code == 0, result.output
    assert "Created practitioner user" in result.output
    assert "quiet morning tea" not in result.output
    assert _status_after_login(client, "lee@example.org", "quiet morning tea") == 302


def test_create_user_reads_stdin_or_the_environment(app, runner, client, monkeypatch):
    assert _create_team(runner, "East").exit_code == 0
    result = runner.invoke(
        args=[
            "create-user",
            "--email",
            "a@example.org",
            "--name",
            "A",
            "--role",
            "admin",
            "--team",
            "East",
            "--password-stdin",
        ],
        input="first long passphrase\n",
    )
    assert result.exit_code == 0, result.output
    monkeypatch.setenv("COMMONGROUND_NEW_USER_PASSWORD", "second long passphrase")
    result = runner.invoke(
        args=["create-user", "--email", "b@example.org", "--name", "B", "--team", "East"]
    )
    assert result.exit_code == 0, result.output
    assert _status_after_login(client, "a@example.org", "first long passphrase") == 302
    other = app.test_client()
    assert _status_after_login(other, "b@example.org", "second long passphrase") == 302


def test_create_user_makes_a_team_less_owner(app, runner, client):
    result = runner.invoke(
        args=[
            "create-user",
            "--email",
            "o@example.org",
            "--name",
            "O",
            "--owner",
            "--password-stdin",
        ],
        input="first long passphrase\n",
    )
    assert result.exit_code == 0, result.output
    assert "Created owner user" in result.output
    with app.app_context():
        owner = accounts.find_user(db.get_session(), "o@example.org")
        assert owner.role == Role.OWNER and owner.team_id is None
    assert _status_after_login(client, "o@example.org", "first long passphrase") == 302
    assert "(Owner)" in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize(
    "args, password, message",
    [
        (["--email", "c@example.org", "--name", "C", "--team", "E"], "password123", "too easy"),
        (["--email", "c@example.org", "--name", "C", "--team", "E"], "short", "at least 8"),
        (["--email", "nope", "--name", "C", "--team", "E"], "long enough phrase", "email"),
        (["--email", "c@example.org", "--name", "C"], "long enough phrase", "--team"),
        (
            ["--email", "c@example.org", "--name", "C", "--team", "F"],
            "long enough phrase",
            "no team",
        ),
        (["--email", "c@example.org", "--name", "C", "--owner", "--team", "E"], "x", "no team"),
        (["--email", "c@example.org", "--name", "C", "--owner", "--role", "admin"], "x", "role"),
    ],
)
def test_create_user_refuses_bad_input_clearly(app, runner, args, password, message):
    assert _create_team(runner, "E").exit_code == 0
    result = runner.invoke(args=["create-user", *args, "--password-stdin"], input=password + "\n")
    assert result.exit_code != 0
    assert message in result.output.lower()
    assert "Traceback" not in result.output
    with app.app_context():
        from sqlmodel import select

        from core.models import Team

        assert accounts.find_user(db.get_session(), "c@example.org") is None
        assert [t.name for t in db.get_session().exec(select(Team)).all()] == ["E"]


def test_create_team_refuses_a_blank_or_taken_name(app, runner):
    assert _create_team(runner, "Aire Valley CMHT").exit_code == 0
    for name, message in (("  aire  valley cmht ", "already a team"), (" ", "enter a team name")):
        result = _create_team(runner, name)
        assert result.exit_code != 0 and message in result.output.lower()
    assert "1 to 120" in _create_team(runner, "x" * 121).output
    with app.app_context():
        from sqlmodel import select

        from core.models import Team

        assert len(db.get_session().exec(select(Team)).all()) == 1


def test_someone_who_types_the_sites_address_finds_the_public_directory(client) -> None:
    answer = client.get("/", follow_redirects=True)
    page = answer.get_data(as_text=True)
    assert answer.request.path == "/login"
    assert 'href="/public/"' in page and "use the public directory" in page
