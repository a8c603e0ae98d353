"""Every route × role × own/other team, and every state-changing route without a CSRF token.

Routes come from `app.url_map`, so routes added later are covered without editing this file;
routes that take a person get the id of a real person in the user's own team and in another team.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from conftest import PASSWORD, _password_hash
from flask import Flask

from directory import db
from directory.accounts import create_user, get_or_create_team
from directory.auth import access_level, role_allows
from directory.models import Role
from matcher.models import Person

ROLES = ["anonymous", "member", "practitioner", "admin"]
STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}
PLACEHOLDER = "999999"
UUID = "00000000-0000-4000-8000-000000000000"


@dataclass
class Tally:
    """What the walk checked and what went wrong."""

    checked: int = 0
    problems: list[str] = field(default_factory=list)


def _people_and_users(app: Flask) -> dict[str, int]:
    """A person in each team; a member, practitioner and admin in each team."""
    ids: dict[str, int] = {}
    with app.app_context(), db.write_session() as session:
        for name in ("North", "South"):
            team = get_or_create_team(session, name)
            for role in (Role.MEMBER, Role.PRACTITIONER, Role.ADMIN):
                user = create_user(
                    session, f"{role.value}-{name.lower()}@matrix.example.org", "M", "", role, team
                )
                user.password_hash = _password_hash()
            person = Person(label=f"P {name}", team_id=int(team.id or 0))
            session.add(person)
            session.flush()
            ids[name] = int(person.id or 0)
    return ids


def _routes(app: Flask) -> list[tuple[str, str, Any]]:
    """(endpoint, method, rule) for every route; DELETE last so nothing is gone too early."""
    found = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            found.append((rule.endpoint, method, rule))
    return sorted(found, key=lambda r: (r[1] == "DELETE", r[0], r[1]))


def _url(app: Flask, rule: Any, person_id: int | None) -> str:
    values: dict[str, Any] = {}
    for name in rule.arguments:
        converter = type(rule._converters[name]).__name__
        if name == "person_id" and person_id is not None:
            values[name] = person_id
        elif converter == "UUIDConverter":
            values[name] = UUID
        else:
            values[name] = PLACEHOLDER
    with app.test_request_context():
        return app.url_for(rule.endpoint, **values)


def _sign_in(client: Any, email: str) -> None:
    response = client.post("/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302, f"{email} could not sign in"
    # Open the re-authentication window, so export and erasure reach their own checks.
    client.post("/confirm-password", data={"password": PASSWORD, "next": "/"})


def _signed_in(client: Any) -> bool:
    with client.session_transaction() as sess:
        return "_user_id" in sess


def _send(client: Any, method: str, url: str, **kwargs: Any) -> Any:
    if url.startswith("/api/"):
        return client.open(url, method=method, json={}, **kwargs)
    return client.open(url, method=method, data={}, **kwargs)


def test_every_route_for_every_role_and_team(app, users):
    people = _people_and_users(app)
    tally = Tally()
    for team, other in (("North", "South"), ("South", "North")):
        clients: dict[str, Any] = {}
        for role in ROLES:
            clients[role] = app.test_client()
            if role != "anonymous":
                _sign_in(clients[role], f"{role}-{team.lower()}@matrix.example.org")
        for endpoint, method, rule in _routes(app):
            level = access_level(app, endpoint)
            assert level is not None, endpoint
            takes_person = "person_id" in rule.arguments
            targets = (
                [("own", people[team]), ("other", people[other])] if takes_person else [("-", None)]
            )
            for role in ROLES:
                allowed = role_allows(None if role == "anonymous" else role, level)
                for whose, pid in targets:
                    url = _url(app, rule, pid)
                    client = clients[role]
                    response = _send(client, method, url)
                    status = response.status_code
                    location = response.headers.get("Location", "")
                    tally.checked += 1
                    label = f"{team} {role} {method} {url} ({endpoint}, {level}, {whose})"
                    to_login = status == 302 and location.startswith("/login")
                    if not allowed:
                        if 200 <= status < 300:
                            tally.problems.append(f"{label}: unexpected {status}")
                        elif role == "anonymous" and not (to_login or status == 401):
                            tally.problems.append(f"{label}: expected sign-in, got {status}")
                        elif role != "anonymous" and status != 403:
                            tally.problems.append(f"{label}: expected 403, got {status}")
                    elif whose == "other" and status != 404:
                        tally.problems.append(f"{label}: another team's person gave {status}")
                    elif status in (401, 403) or (to_login and level != "public"):
                        tally.problems.append(f"{label}: refused with {status}")
                    if role != "anonymous" and not _signed_in(client):
                        _sign_in(client, f"{role}-{team.lower()}@matrix.example.org")
    print(f"access matrix: {tally.checked} route x role x team checks")
    assert "\n".join(tally.problems) == ""
    assert tally.checked > 300
    with app.app_context():
        assert db.get_session().get(Person, people["North"]) is not None


def test_every_state_changing_route_refuses_a_missing_or_wrong_csrf_token(app, users):
    people = _people_and_users(app)
    client = app.test_client()
    _sign_in(client, "admin-north@matrix.example.org")
    checked, problems = 0, []
    for endpoint, method, rule in _routes(app):
        if method not in STATE_CHANGING:
            continue
        url = _url(app, rule, people["North"])
        for headers in ({}, {"X-CSRFToken": "not-the-token"}):
            response = _send(client, method, url, csrf=False, headers=headers)
            body = response.get_data(as_text=True)
            checked += 1
            if response.status_code != 400 or "did not come from this site" not in body:
                problems.append(f"{method} {url} ({endpoint}) {headers}: {response.status_code}")
    print(f"CSRF walk: {checked} refusals checked")
    assert problems == []
    assert checked >= 20
    with app.app_context():
        assert db.get_session().get(Person, people["North"]) is not None
