"""Schemathesis over every signed-in operation of /openapi.json (people, matches, shortlists,
workspace edits), as a signed-in practitioner with a real CSRF token: no server errors and every
answer as documented. The public operations are run by tests/directory/test_openapi.py."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.matcher.people_helpers import add_person, directory

EXAMPLES = 100  # per mode; each is a real request through the app


def _lenient() -> list[Any]:
    """Checks left out, and why: the auth check re-sends our cookie, so it cannot sign out (the
    access matrix proves 401s); the API is stricter than its documented schema (control
    characters, unknown keys, bad CSRF headers are refused with a 400 and a message), and a GET
    ignores unknown query parameters, which is fine."""
    from schemathesis.specs.openapi import checks

    return [checks.ignored_auth, checks.positive_data_acceptance, checks.negative_data_rejection]


@pytest.fixture
def signed_in(app: Flask, client: FlaskClient, users: dict[str, int]) -> dict[str, Any]:
    """A directory, a person of the practitioner's team, and the practitioner's cookie and token."""
    from conftest import PASSWORD

    resources = directory(app)
    person = add_person(app)
    response = client.post(
        "/login", data={"email": "practitioner@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    token = client.csrf_token()  # type: ignore[attr-defined]  # first: it may set the cookie
    cookie = client.get_cookie(app.config.get("SESSION_COOKIE_NAME", "session"))
    assert cookie is not None
    return {
        "person": person,
        "resources": list(resources.values()),
        "cookies": {cookie.key: cookie.value},
        "headers": {"X-CSRFToken": token},
    }


@pytest.mark.parametrize("mode", ["positive", "negative"])
def test_signed_in_operations_have_no_server_errors(
    app: Flask, signed_in: dict[str, Any], mode: str
) -> None:
    schemathesis = pytest.importorskip("schemathesis")
    from schemathesis import GenerationMode

    schema = schemathesis.openapi.from_wsgi("/openapi.json", app).exclude(tag="HSDS")
    generation = GenerationMode.POSITIVE if mode == "positive" else GenerationMode.NEGATIVE
    operations = {
        f"{o.method.upper()} {o.path}" for o in (r.ok() for r in schema.get_all_operations())
    }
    assert any("/api/people" in o for o in operations), operations
    lenient = _lenient()
    tried: set[str] = set()
    accepted: set[str] = set()

    @given(
        case=schema.as_strategy(generation_mode=generation),
        own=st.booleans(),
        resource=st.sampled_from(signed_in["resources"]),
    )
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case: Any, own: bool, resource: str) -> None:
        # Half the time aim at real rows, so writes get past "not found" and really run.
        params = case.path_parameters or {}
        if own and "person_id" in params:
            params["person_id"] = signed_in["person"]
        if own and "resource_id" in params:
            params["resource_id"] = resource
        headers = dict(signed_in["headers"])
        if mode == "negative" and case.headers and "X-CSRFToken" in case.headers:
            headers.pop("X-CSRFToken")  # let a generated bad token through: it must be a 400
        tried.add(case.operation.label)
        response = case.call_and_validate(
            headers=headers, cookies=signed_in["cookies"], excluded_checks=lenient
        )
        if response.status_code < 300:
            accepted.add(case.operation.label)

    check()
    assert len(tried) >= len(operations) // 2, (tried, operations)
    if mode == "positive":  # signed in for real: documented requests are answered, not refused
        writes = [o for o in accepted if o.startswith(("POST", "PUT", "DELETE"))]
        assert len(accepted) >= 3 and writes, accepted
