"""Deny by default: every route declares who may use it, and each role gets exactly that."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import PASSWORD
from flask import Flask

from core.auth import access_level, role_allows

ROLES = ["anonymous", "member", "practitioner", "admin", "owner"]
STATE_CHANGING = ["POST", "PUT", "PATCH", "DELETE"]


def _routes(app: Flask) -> list[tuple[str, str, str]]:
    """(endpoint, method, url) for every route, with placeholder arguments that match nothing."""
    found = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if rule.endpoint == "static":
                continue
            values: dict[str, Any] = {}
            for name in rule.arguments:
                converter = type(rule._converters[name]).__name__
                if converter == "UUIDConverter":
                    values[name] = "00000000-0000-4000-8000-000000000000"
                else:
                    values[name] = "999999"
            url = app.url_for(rule.endpoint, **values)
            methods = sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})
            found += [(rule.endpoint, method, url) for method in methods]
    return found


def test_every_route_declares_who_may_use_it(app):
    undeclared = sorted(
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if access_level(app, rule.endpoint) is None
    )
    assert undeclared == [], (
        f"these endpoints declare no access level (add @access(...)): {undeclared}"
    )


def test_an_undeclared_route_is_not_found(app):
    app.add_url_rule("/forgotten", "forgotten", lambda: "secret")
    response = app.test_client().get("/forgotten")
    assert response.status_code == 404
    assert b"secret" not in response.data


def test_static_files_are_public(client):
    assert client.get("/static/css/app.css").status_code == 200


def _client_for(app: Flask, role: str) -> Any:
    client = app.test_client()
    if role != "anonymous":
        response = client.post(
            "/login", data={"email": f"{role}@example.org", "password": PASSWORD}
        )
        assert response.status_code == 302, f"{role} could not sign in"
    return client


def _send(client: Any, method: str, url: str) -> Any:
    if url.startswith("/api/"):
        return client.open(url, method=method, json={})
    return client.open(url, method=method, data={})


def test_each_role_gets_what_each_route_declares(app, users):
    problems: list[str] = []
    clients = {role: _client_for(app, role) for role in ROLES}
    for endpoint, method, url in _routes(app):
        level = access_level(app, endpoint)
        assert level is not None
        for role in ROLES:
            client = clients[role]
            response = _send(client, method, url)
            status = response.status_code
            location = response.headers.get("Location", "")
            to_login = status == 302 and location.startswith("/login")
            allowed = role_allows(None if role == "anonymous" else role, level)
            label = f"{role} {method} {url} ({endpoint}, {level})"
            if allowed:
                # A public route may itself send people to sign in (sign-out does).
                if status in (401, 403) or (to_login and level != "public"):
                    problems.append(f"{label}: refused with {status} {location}")
            elif role == "anonymous":
                if url.startswith("/api/"):
                    if status != 401 or response.get_json().get("status") != 401:
                        problems.append(f"{label}: expected a 401 JSON answer, got {status}")
                elif not to_login:
                    problems.append(f"{label}: expected a redirect to sign in, got {status}")
            elif status != 403:
                problems.append(f"{label}: expected 403, got {status}")
            if method in STATE_CHANGING and role != "anonymous":
                clients[role] = _client_for(app, role)  # the request may have signed us out
    assert problems == []


@pytest.mark.parametrize(
    "role, status",
    [("anonymous", 302), ("member", 403), ("practitioner", 403), ("admin", 200), ("owner", 200)],
)
def test_the_user_admin_is_for_admins_and_owners_only(app, users, role, status):
    response = _client_for(app, role).get("/admin/users")
    assert response.status_code == status
    if status == 302:
        assert response.headers["Location"] == "/login?next=/admin/users"
    if status == 403:
        assert "Your role does not give access" in response.get_data(as_text=True)


def test_anonymous_member_pages_redirect_to_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=/"
