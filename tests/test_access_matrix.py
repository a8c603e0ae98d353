"""Every route × role × own/other team, and every state-changing route without a CSRF token.

Routes come from `app.url_map`, so routes added later are covered without editing this file;
routes that take a person or a user get the id of a real one in the user's own team and in
another team. Then every admin route is sent real requests by every role for its own and
another team: invitations into another team, roles above one's own, disabling another team's
user or an owner.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import count
from typing import Any

from conftest import PASSWORD, _password_hash
from flask import Flask
from sqlmodel import select

from core import audit, db
from core.accounts import create_user, get_or_create_team
from core.auth import access_level, role_allows
from core.models import Role, Team, User
from matcher.models import Person

ROLES = ["anonymous", "member", "practitioner", "admin", "owner"]
OWNER = "owner@matrix.example.org"
STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}
PLACEHOLDER = "999999"
UUID = "00000000-0000-4000-8000-000000000000"


@dataclass
class Tally:
    """What the walk checked and what went wrong."""

    checked: int = 0
    problems: list[str] = field(default_factory=list)


def _people_and_users(app: Flask) -> dict[str, int]:
    """A person in each team; a member, practitioner, admin and a target user in each team; a
    team-less owner. Keys: the team name (its person), "<team> user", "<team> team", "owner"."""
    ids: dict[str, int] = {}
    with app.app_context(), db.write_session() as session:
        for name in ("North", "South"):
            team = get_or_create_team(session, name)
            for role in (Role.MEMBER, Role.PRACTITIONER, Role.ADMIN):
                user = create_user(
                    session, f"{role.value}-{name.lower()}@matrix.example.org", "M", "", role, team
                )
                user.password_hash = _password_hash()
            target = create_user(
                session, f"target-{name.lower()}@matrix.example.org", "T", "", Role.MEMBER, team
            )
            person = Person(label=f"P {name}", team_id=int(team.id or 0))
            session.add(person)
            session.flush()
            ids[name] = int(person.id or 0)
            ids[f"{name} user"] = int(target.id or 0)
            ids[f"{name} team"] = int(team.id or 0)
        owner = create_user(session, OWNER, "O", "", Role.OWNER, None)
        owner.password_hash = _password_hash()
        ids["owner"] = int(owner.id or 0)
    return ids


def _email(role: str, team: str) -> str:
    return OWNER if role == "owner" else f"{role}-{team.lower()}@matrix.example.org"


def _routes(app: Flask) -> list[tuple[str, str, Any]]:
    """(endpoint, method, rule) for every route; DELETE last so nothing is gone too early."""
    found = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            found.append((rule.endpoint, method, rule))
    return sorted(found, key=lambda r: (r[1] == "DELETE", r[0], r[1]))


def _url(app: Flask, rule: Any, target: int | None) -> str:
    """The rule's URL with the target person or user id, and placeholders for the rest."""
    values: dict[str, Any] = {}
    for name in rule.arguments:
        converter = type(rule._converters[name]).__name__
        if name in ("person_id", "user_id") and target is not None:
            values[name] = target
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


def _targets(rule: Any, ids: dict[str, int], team: str, other: str) -> list[tuple[str, Any]]:
    """(whose, id) pairs for a rule: a person or user of the own and the other team."""
    if "person_id" in rule.arguments:
        return [("own", ids[team]), ("other", ids[other])]
    if "user_id" in rule.arguments:
        return [("own", ids[f"{team} user"]), ("other", ids[f"{other} user"])]
    return [("-", None)]


def test_every_route_for_every_role_and_team(app, users):
    people = _people_and_users(app)
    tally = Tally()
    for team, other in (("North", "South"), ("South", "North")):
        clients: dict[str, Any] = {}
        for role in ROLES:
            clients[role] = app.test_client()
            if role != "anonymous":
                _sign_in(clients[role], _email(role, team))
        for endpoint, method, rule in _routes(app):
            level = access_level(app, endpoint)
            assert level is not None, endpoint
            targets = _targets(rule, people, team, other)
            for role in ROLES:
                # An owner manages every team's users: no user is "another team's" to them.
                foreign = not (role == "owner" and "user_id" in rule.arguments)
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
                    elif whose == "other" and foreign and status != 404:
                        tally.problems.append(f"{label}: another team's record gave {status}")
                    elif status in (401, 403) or (to_login and level != "public"):
                        tally.problems.append(f"{label}: refused with {status}")
                    if role != "anonymous" and not _signed_in(client):
                        _sign_in(client, _email(role, team))
    print(f"access matrix: {tally.checked} route x role x team checks")
    assert "\n".join(tally.problems) == ""
    assert tally.checked > 300
    with app.app_context():
        assert db.get_session().get(Person, people["North"]) is not None


def test_every_state_changing_route_refuses_a_missing_or_wrong_csrf_token(app, users):
    people = _people_and_users(app)
    clients = {role: app.test_client() for role in ("admin", "owner")}
    for role, client in clients.items():
        _sign_in(client, _email(role, "North"))
    checked, problems = 0, []
    for endpoint, method, rule in _routes(app):
        if method not in STATE_CHANGING:
            continue
        client = clients["owner" if access_level(app, endpoint) == "owner" else "admin"]
        url = _url(app, rule, _targets(rule, people, "North", "South")[0][1])
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


# --- Every admin route × role × own/other team, with real requests --------------------------


@dataclass
class AdminCase:
    """One admin request: whose record it targets, and the status each role should get."""

    label: str
    method: str
    url: Callable[[dict[str, int], str], str]  # (ids, team whose record) -> path
    data: Callable[[dict[str, int], str], dict[str, str]]
    admin: int  # for an admin of the acting team; "other" cases are another team's
    owner: int
    targets_team: bool = True  # whether own/other makes a difference


_emails = count()


def _invite(role: str) -> Callable[[dict[str, int], str], dict[str, str]]:
    def data(ids: dict[str, int], team: str) -> dict[str, str]:
        email = f"invited-{next(_emails)}@matrix.example.org"
        return {"email": email, "name": "New", "role": role, "team": str(ids[f"{team} team"])}

    return data


def _no_data(_ids: dict[str, int], _team: str) -> dict[str, str]:
    return {}


def _new_team(_ids: dict[str, int], _team: str) -> dict[str, str]:
    return {"name": f"Team {next(_emails)}"}


def _path(path: str) -> Callable[[dict[str, int], str], str]:
    return lambda _ids, _team: path


def _active(ids: dict[str, int], team: str) -> str:
    return f"/admin/users/{ids[f'{team} user']}/active"


def _cases(own: bool) -> list[AdminCase]:
    """The admin routes' cases; `own` says whether the admin acts on their own team."""
    return [
        AdminCase("users page", "GET", _path("/admin/users"), _no_data, 200, 200, False),
        AdminCase(
            "invite a member", "POST", _path("/admin/users"), _invite("member"),
            201 if own else 400, 201,
        ),
        AdminCase(
            "invite an admin", "POST", _path("/admin/users"), _invite("admin"),
            201 if own else 400, 201,
        ),
        AdminCase("invite an owner", "POST", _path("/admin/users"), _invite("owner"), 400, 400),
        AdminCase(
            "disable a user", "POST", _active, lambda *_: {"active": "0"},
            302 if own else 404, 302,
        ),
        AdminCase(
            "disable the owner", "POST", lambda ids, _t: f"/admin/users/{ids['owner']}/active",
            lambda *_: {"active": "0"}, 404, 400, False,
        ),
        AdminCase(
            "make a user an owner", "POST", lambda ids, t: f"/admin/users/{ids[f'{t} user']}/role",
            lambda *_: {"role": "owner"}, 400 if own else 404, 400,
        ),
        AdminCase(
            "reset the owner's password", "POST",
            lambda ids, _t: f"/admin/users/{ids['owner']}/reset", _no_data, 404, 400, False,
        ),
        AdminCase("teams page", "GET", _path("/admin/teams"), _no_data, 403, 200, False),
        AdminCase("create a team", "POST", _path("/admin/teams"), _new_team, 403, 302, False),
        AdminCase("audit page", "GET", _path("/admin/audit"), _no_data, 200, 200, False),
        AdminCase("audit CSV", "GET", _path("/admin/audit.csv"), _no_data, 200, 200, False),
    ]  # fmt: skip


def _state(app: Flask) -> list[tuple[Any, ...]]:
    """Every user and team as an operator would compare them (sign-in times aside)."""
    with app.app_context():
        session = db.get_session()
        people = session.exec(select(User)).all()
        users = [(u.email, u.role, u.team_id, u.is_active, u.session_epoch) for u in people]
        teams = [(t.name,) for t in session.exec(select(Team)).all()]
        session.rollback()
    return sorted(users) + sorted(teams)


def _expected(case: AdminCase, role: str) -> int:
    if role == "anonymous":
        return 302  # to the sign-in page
    if role in ("member", "practitioner"):
        return 403
    return case.admin if role == "admin" else case.owner


def test_every_admin_route_for_every_role_and_team(app, users):
    ids = _people_and_users(app)
    with app.app_context():
        audit.record("person.view", "person", ids["North"], None, ids["North team"])
    checked, problems, unexpected_2xx = 0, [], 0
    for team, other in (("North", "South"), ("South", "North")):
        clients = {role: app.test_client() for role in ROLES}
        for role in ROLES[1:]:
            _sign_in(clients[role], _email(role, team))
        for whose, target in (("own", team), ("other", other)):
            for case in _cases(own=whose == "own"):
                if whose == "other" and not case.targets_team:
                    continue
                for role in ROLES:
                    before = _state(app)
                    url, data = case.url(ids, target), case.data(ids, target)
                    response = clients[role].open(url, method=case.method, data=data)
                    status, want = response.status_code, _expected(case, role)
                    checked += 1
                    label = f"{team} {role} {case.label} ({whose} team): {case.method} {url}"
                    if 200 <= status < 300 and not 200 <= want < 300:
                        unexpected_2xx += 1
                    if status != want:
                        problems.append(f"{label}: {status}, expected {want}")
                    if want >= 400 or role in ("anonymous", "member", "practitioner"):
                        if _state(app) != before:
                            problems.append(f"{label}: refused, but users or teams changed")
                    elif case.method == "POST" and _state(app) == before:
                        problems.append(f"{label}: accepted, but nothing changed")
                    if role == "anonymous" and not response.headers.get("Location", "").startswith(
                        "/login"
                    ):
                        problems.append(f"{label}: not sent to sign in")
    print(
        f"admin matrix: {checked} admin route x role x team checks, {unexpected_2xx} unexpected 2xx"
    )
    assert unexpected_2xx == 0
    assert problems == []
    assert checked >= 100
