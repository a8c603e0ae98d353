"""Every field of the signed-in forms and the people API, fuzzed through the real routes on both
databases: never a server error, every refusal a clear message, and a refused write changes nothing.

Through HTTP each field gets COMMONGROUND_FUZZ_ROUTE_VALUES values per database (10 in CI); the
pure parsers and checks behind these forms get COMMONGROUND_FUZZ_EXAMPLES (1,000) per field.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field, replace
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlmodel import SQLModel
from werkzeug.datastructures import MultiDict

from core.db import get_session
from tests.matcher.people_helpers import add_person, directory
from tests.reliability import fuzz

# Rows every request may add (who looked, sign-in attempts) are not "what was written".
NOT_STATE = {"audit_event", "login_attempt"}
# Values per field through HTTP: a page render and a table snapshot each, so fewer than the
# parsers get (bench/reliability_fuzz.py raises it).
ROUTE_VALUES = int(os.environ.get("COMMONGROUND_FUZZ_ROUTE_VALUES", "10"))
HTML_MESSAGE = re.compile(r'class="error-message"|role="alert"|<h1>[^<]+</h1>\s*<p>[^<\s][^<]*</p>')


def snapshot(app: Flask) -> dict[str, list[str]]:
    """Every row of every table but the audit and sign-in attempts, in a comparable form."""
    with app.app_context():
        session = get_session()
        out = {}
        for name, table in SQLModel.metadata.tables.items():
            if name not in NOT_STATE:
                out[name] = sorted(repr(tuple(r)) for r in session.execute(select(table)).all())
        session.rollback()
        return out


def flashed_errors(client: FlaskClient) -> list[str] | None:
    """The error messages flashed by the last request (None when nothing was flashed)."""
    with client.session_transaction() as sess:
        flashes = sess.pop("_flashes", None)
    if not flashes:
        return None
    return [str(message) for category, message in flashes if category == "error"]


@dataclass
class Form:
    """One route's form: where it posts, who may use it, and a valid submission."""

    method: str
    path: str  # {person} and {resource} are filled in
    valid: dict[str, Any]
    fields: list[str]
    role: str = "practitioner"
    json_body: bool = False
    query: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


# The full edit form (a valid save moves the version on: later values meet the conflict page).
EDIT_SECTIONS = ("sessions", "costs", "locations", "phones", "interests", "access", "flags")
EDIT_VALID: dict[str, Any] = {
    **{f"has-{i}": name for i, name in enumerate(EDIT_SECTIONS)},
    "version": "1", "name": "Canal Singers", "status": "active", "setting": "community",
    "sessions-0-day": "tu", "sessions-0-freq": "weekly", "sessions-0-start": "2pm",
    "sessions-0-end": "4pm", "costs-0-kind": "standard", "costs-0-amount": "3",
    "costs-0-unit": "session", "locations-0-postcode": "N7 6QT", "interests-0": "choir",
    "access": "step-free", "phones-0-label": "Bookings", "phones-0-number": "020 7946 0001",
}  # fmt: skip
EDIT_FIELDS = [
    "sessions-0-freq", "sessions-0-interval", "sessions-0-day", "sessions-0-ordinal",
    "sessions-0-anchor", "sessions-0-start", "sessions-0-end", "sessions-0-valid_from",
    "sessions-0-valid_to", "sessions-0-cancelled", "costs-0-kind", "costs-0-amount",
    "costs-0-unit", "locations-0-postcode", "locations-0-latitude", "locations-0-located",
    "interests-0", "access", "min_age", "max_age", "organisation", "phones-0-number",
    "add", "venue", "version", "has-0",
]  # fmt: skip

FORMS: dict[str, Form] = {
    "consent": Form(
        "POST",
        "/people/{person}/peers/consent",
        {"agreed": "yes", "scope": "team", "show_label": "yes"},
        ["agreed", "scope", "show_label", "show_interests", "show_area", "seeking"],
    ),
    "peer-action": Form(
        "POST", "/people/{person}/peers/introduce", {"peer_id": "1"}, ["peer_id"]
    ),
    "peer-avoid": Form("POST", "/people/{person}/peers/avoid", {"peer_id": "1"}, ["peer_id"]),
    "connection-stage": Form(
        "POST",
        "/people/{person}/connections",
        {"resource_id": "{resource}", "stage": "stopped", "reason": "other", "reason_text": "x"},
        ["resource_id", "stage", "on", "reason", "reason_text"],
    ),
    "tie": Form(
        "POST",
        "/people/{person}/ties",
        {"label": "Sam from choir", "kind": "bridging", "closeness": "regular", "help": "advice"},
        ["label", "kind", "closeness", "help", "started_on"],
    ),
    "shortlist-add": Form(
        "POST", "/people/{person}/shortlist", {"resource_id": "{resource}"}, ["resource_id", "next"]
    ),
    "shortlist-remove": Form(
        "POST",
        "/people/{person}/shortlist/remove",
        {"resource_id": "{resource}"},
        ["resource_id", "next"],
    ),
    "avoid-list": Form(
        "POST", "/people/{person}/avoid", {"resource_id": "{resource}"}, ["resource_id", "next"]
    ),
    "person-edit": Form(
        "POST",
        "/people/{person}/edit",
        {
            "label": "J.",
            "where": "N7 6QT",
            "ft_day": "tu",
            "ft_from": "10:00",
            "ft_to": "12:00",
            "goal-0-title": "Sing again",
            "goal-0-step-text": "Find a choir",
            "goal-0-step-status": "todo",
        },
        [
            "label",
            "reference",
            "age",
            "age_band",
            "gender",
            "notes",
            "where",
            "budget",
            "max_km",
            "interests",
            "want_to_try",
            "access_needs",
            "travel_modes",
            "avoid",
            "receives_benefits",
            "ft_day",
            "ft_from",
            "ft_to",
            "goal-0-title",
            "goal-0-step-text",
            "goal-0-step-status",
            "accept",
            "action",
        ],
    ),
    "sign-in": Form("POST", "/login", {"email": "x@example.org", "password": "p"}, [
        "email",
        "password",
        "next",
    ], role="anonymous"),
    "confirm-password": Form(
        "POST", "/confirm-password", {"password": "wrong password"}, ["password", "next"]
    ),
    "invite": Form(
        "POST", "/admin/users", {"email": "fuzz@example.org", "name": "Fuzz", "role": "member"},
        ["email", "name", "role", "team"], role="admin",
    ),
    "create-team": Form("POST", "/admin/teams", {"name": "Fuzz team"}, ["name"], role="owner"),
    "audit-filters": Form(
        "GET", "/admin/audit", {}, ["user", "person", "action", "page"], role="admin", query=True
    ),
    "audit-csv-filters": Form(
        "GET", "/admin/audit.csv", {}, ["user", "person", "action"], role="admin", query=True
    ),
    "matches-relax": Form(
        "GET", "/people/{person}/matches", {}, ["budget", "km", "any_time"], query=True
    ),
    "api-matches": Form(
        "GET", "/api/people/{person}/matches", {}, ["budget", "km", "any_time"], query=True
    ),
    "api-person-create": Form(
        "POST",
        "/api/people",
        {"label": "K.", "goals": [{"title": "Swim", "steps": [{"text": "Find a pool"}]}]},
        [
            "label",
            "reference",
            "age",
            "age_band",
            "gender",
            "postcode",
            "place",
            "latitude",
            "longitude",
            "budget_pence",
            "max_km",
            "interests",
            "access_needs",
            "travel_modes",
            "free_times",
            "avoid_resource_ids",
            "receives_benefits",
            "notes",
            "goals",
        ],
        json_body=True,
    ),
    "api-person-replace": Form(
        "PUT",
        "/api/people/{person}",
        {"label": "K."},
        ["label", "age", "postcode", "budget_pence", "free_times", "goals", "id", "team_id"],
        json_body=True,
    ),
    "flag-changed": Form(
        "POST", "/workspace/resources/{resource}/flag", {"reason": "heard it moved to Tuesdays"},
        ["reason", "next"], role="member",
    ),
    "still-running": Form(
        "POST", "/workspace/resources/{resource}/confirm", {}, ["next"], role="member"
    ),
    "mark-closed": Form(
        "POST", "/workspace/resources/{resource}/close", {}, ["next"], role="member"
    ),
    "review-queue": Form("GET", "/workspace/review", {}, ["close"], role="member", query=True),
    "edit-every-fact": Form(
        "POST", "/workspace/resources/{resource}/edit", EDIT_VALID, EDIT_FIELDS, role="member"
    ),
    "api-shortlist-add": Form(
        "POST", "/api/people/{person}/shortlist", {"resource_id": "{resource}"}, ["resource_id"],
        json_body=True,
    ),
}  # fmt: skip


@pytest.fixture
def world(app: Flask, users: dict[str, int]) -> dict[str, Any]:
    """A small directory and one person of the practitioner's team."""
    resources = directory(app)
    return {"person": add_person(app), "resource": resources["Canal Singers"]}


def _fill(value: Any, world: dict[str, Any]) -> Any:
    if isinstance(value, str):
        return value.format(person=world["person"], resource=world["resource"])
    return value


def _sign_in(client: FlaskClient, role: str) -> None:
    if role != "anonymous":
        from conftest import PASSWORD

        response = client.post(
            "/login", data={"email": f"{role}@example.org", "password": PASSWORD}
        )
        assert response.status_code == 302, "the fixture user could not sign in"


def _send(client: FlaskClient, form: Form, url: str, name: str, value: Any) -> Any:
    if form.json_body:
        body = {**form.valid, name: value}
        return client.open(url, method=form.method, json=body)
    data = MultiDict(form.valid)
    data.setlist(name, value if isinstance(value, list) else [value])
    if form.query:
        return client.open(url, method=form.method, query_string=data)
    return client.open(url, method=form.method, data=data)


def _problem(form: Form, name: str, response: Any, flashed: list[str] | None) -> str | None:
    """Why the answer is not a clear acceptance or refusal, or None if it is."""
    status = response.status_code
    if status >= 500:
        return f"server error {status}"
    if status < 400:
        if flashed is not None and any(not m.strip() for m in flashed):
            return "an empty flashed error"
        return None
    if response.mimetype == "application/json":
        body = response.get_json(silent=True) or {}
        if not str(body.get("message", "")).strip():
            return f"{status} with no message"
        fields = body.get("fields")
        if form.json_body and status == 400 and fields is not None:
            return fuzz.clear(fields, name) if name not in {"goals"} else None
        return None
    text = response.get_data(as_text=True)
    if response.mimetype == "text/html" and not HTML_MESSAGE.search(text):
        return f"{status} page with no visible message"
    return None


def _values(form: Form) -> st.SearchStrategy[Any]:
    if form.json_body:
        return fuzz.json_value
    # A form may send a field once or several times.
    return st.one_of(fuzz.nasty_text, st.lists(fuzz.nasty_text, min_size=2, max_size=3))


@pytest.mark.parametrize("form_name", list(FORMS))
def test_route_fields_never_fail_and_refusals_change_nothing(
    app: Flask, client: FlaskClient, world: dict[str, Any], form_name: str
) -> None:
    """One test per form (signing in and the directory are set up once), field by field."""
    form = FORMS[form_name]
    _sign_in(client, form.role)
    url = _fill(form.path, world)
    form = replace(form, valid={k: _fill(v, world) for k, v in form.valid.items()})
    state = {"before": snapshot(app)}
    for name in form.fields:
        seen = {"values": 0, "refused": 0}

        @given(values=fuzz.batches(_values(form)))
        @settings(**fuzz.settings_kwargs(fuzz.examples_for(ROUTE_VALUES)))
        def check(values: list[Any]) -> None:
            for value in values:
                response = _send(client, form, url, name, value)
                flashed = flashed_errors(client)
                problem = _problem(form, name, response, flashed)
                assert problem is None, (form_name, name, value, problem)
                seen["values"] += 1
                after = snapshot(app)
                if response.status_code >= 400 or flashed:
                    seen["refused"] += 1
                    was = state["before"]
                    changed = [t for t in was if was[t] != after[t]]
                    assert not changed, (form_name, name, value, "refused but changed", changed)
                state["before"] = after

        check()
        assert seen["values"] >= ROUTE_VALUES, (name, seen)


# --- The person form's parser, at the full count per field (no database needed) -----------

PERSON_FORM = FORMS["person-edit"]


@pytest.fixture
def request_app(sqlite_template: Any, tmp_path: Any) -> Flask:
    """An app on a copy of the SQLite template, for a request context."""
    import shutil

    from wsgi import create_app

    path = tmp_path / "fuzz.sqlite3"
    shutil.copy(sqlite_template, path)
    return create_app(
        {
            "TESTING": True,
            "DATABASE_URL": f"sqlite:///{path}",
            "INDEX_DIR": str(tmp_path / "index"),
            "INSTANCE_DIR": str(tmp_path / "instance"),
            "SECRET_KEY": "fuzz-secret-key-that-is-long-enough-0123456789",
        }
    )


@pytest.mark.parametrize("name", PERSON_FORM.fields)
def test_person_form_parser_refusals_are_clear(request_app: Flask, name: str) -> None:
    from matcher.views.common import parse_form

    @given(values=fuzz.batches(st.one_of(fuzz.nasty_text, st.lists(fuzz.nasty_text, max_size=3))))
    @settings(**fuzz.settings_kwargs(fuzz.examples_for(fuzz.EXAMPLES)))
    def check(values: list[Any]) -> None:
        for value in values:
            form = MultiDict(PERSON_FORM.valid)
            form.setlist(name, value if isinstance(value, list) else [value])
            data, _goals, errors = parse_form(form)
            if data is None:
                assert errors, value
                for key, message in errors.items():
                    assert str(message).strip() and "Traceback" not in message, (key, value)
            else:
                json.dumps(data.model_dump(mode="json"))  # storable as it is

    with request_app.app_context():
        check()


# --- The pure checks behind the other forms and the API, at the full count per field -------

TRANSITION_FIELDS = ["current", "stage", "reason", "reason_text"]


@pytest.mark.parametrize("name", TRANSITION_FIELDS)
def test_connection_stage_check_refusals_are_clear(name: str) -> None:
    from matcher.connections import NotAllowed, check_transition

    valid = {"current": None, "stage": "stopped", "reason": "other", "reason_text": "moved"}

    @given(values=fuzz.batches(fuzz.nasty_text))
    @settings(**fuzz.settings_kwargs(fuzz.examples_for(fuzz.EXAMPLES)))
    def check(values: list[str]) -> None:
        for value in values:
            args = {**valid, name: value}
            try:
                check_transition(
                    args["current"], args["stage"], args["reason"], args["reason_text"]
                )
            except NotAllowed as exc:
                assert str(exc).strip(), value
            except KeyError:
                # Only the stored stage can be unknown here; it comes from the database.
                assert name == "current", value

    check()


def test_tie_label_check_refusals_are_clear() -> None:
    from matcher.connections import MAX_LABEL, NotAllowed, check_label

    @given(values=fuzz.batches(fuzz.nasty_text))
    @settings(**fuzz.settings_kwargs(fuzz.examples_for(fuzz.EXAMPLES)))
    def check(values: list[str]) -> None:
        for value in values:
            try:
                label = check_label(value)
            except NotAllowed as exc:
                assert str(exc).strip(), value
            else:
                assert label and len(label) <= MAX_LABEL, value

    check()


API_FIELDS = [*FORMS["api-person-create"].fields, "id", "team_id", "url"]


@pytest.mark.parametrize("name", API_FIELDS)
def test_people_api_parser_refusals_are_clear(name: str) -> None:
    from matcher.views.api import _parse

    valid = FORMS["api-person-create"].valid

    @given(values=fuzz.batches(fuzz.json_value))
    @settings(**fuzz.settings_kwargs(fuzz.examples_for(fuzz.EXAMPLES)))
    def check(values: list[Any]) -> None:
        for value in values:
            data, _goals, errors = _parse({**valid, name: value})
            if data is None:
                problem = fuzz.clear(errors, name)
                assert problem is None, (value, problem)
            else:
                json.dumps(data.model_dump(mode="json"))

    check()


@pytest.mark.parametrize("name", ["budget", "km", "any_time"])
def test_match_relaxations_never_fail(name: str) -> None:
    from matcher.gaps import BUDGET_STEPS, KM_STEPS
    from matcher.views.common import Relax

    @given(values=fuzz.batches(fuzz.json_value))
    @settings(**fuzz.settings_kwargs(fuzz.examples_for(fuzz.EXAMPLES)))
    def check(values: list[Any]) -> None:
        for value in values:
            how = Relax.of({name: value})
            assert how.budget in BUDGET_STEPS and how.km in KM_STEPS, value

    check()


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/people/2147483648"),
        ("GET", "/api/people/2147483648"),
        ("DELETE", "/api/people/2147483648/shortlist/x"),
        ("POST", "/people/{person}/ties/99999999999/end"),
    ],
)
def test_ids_too_big_for_the_database_are_not_found(
    client: FlaskClient, world: dict[str, Any], method: str, path: str
) -> None:
    """Found by schemathesis: PostgreSQL refused an id past 2**31 - 1 with a server error."""
    _sign_in(client, "practitioner")
    response = client.open(_fill(path, world), method=method)
    assert response.status_code == 404
