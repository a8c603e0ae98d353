"""The OpenAPI document: served, valid, in step with the app's /api/ routes, and true of every
public operation (schemathesis: no 5xx, no schema violations)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from jsonschema import Draft202012Validator

from directory.openapi import document
from tests.directory.public_helpers import make_directory

IGNORED_METHODS = {"HEAD", "OPTIONS"}
PUBLIC_TAG = "HSDS"


def app_api_operations(app: Flask) -> set[tuple[str, str]]:
    """Every (path template, method) the app serves under /api/."""
    found = set()
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/"):
            continue
        path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
        for method in (rule.methods or set()) - IGNORED_METHODS:
            found.add((path, method.lower()))
    return found


def documented_operations(doc: dict[str, Any]) -> set[tuple[str, str]]:
    return {(path, method) for path, item in doc["paths"].items() for method in item}


def test_document_is_served_as_json(app: Flask, client: FlaskClient) -> None:
    response = client.get("/openapi.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert body["openapi"].startswith("3.1")
    assert body == document(app)


def test_document_matches_the_apps_api_routes(app: Flask) -> None:
    documented = documented_operations(document(app))
    served = app_api_operations(app)
    assert served - documented == set(), "routes missing from directory/openapi.py"
    assert documented - served == set(), "documented operations the app does not serve"


def test_every_schema_in_the_document_is_valid_json_schema(app: Flask) -> None:
    doc = document(app)
    for schema in doc["components"]["schemas"].values():
        Draft202012Validator.check_schema(schema)
    for path, item in doc["paths"].items():
        for method, operation in item.items():
            assert operation["operationId"] and operation["summary"], (path, method)
            assert operation["responses"], (path, method)


def test_public_operations_are_exactly_the_unsecured_ones(app: Flask) -> None:
    """Schemathesis runs the public (HSDS-tagged) operations; each signed-in one says so."""
    for path, item in document(app)["paths"].items():
        for method, operation in item.items():
            public = PUBLIC_TAG in operation["tags"]
            assert public == ("security" not in operation), (path, method)
            level = "public" if public else "signed in"
            assert public == path.startswith("/api/hsds/"), (path, method, level)


def test_signed_in_write_needs_a_session_and_says_so_in_json(client: FlaskClient) -> None:
    response = client.put("/api/workspace/resources/nope", json={})
    assert response.status_code == 401
    body = response.get_json()
    assert body["error"] == "Unauthorized" and body["message"]


@pytest.fixture
def api_schema(app: Flask) -> Any:
    """The app's public operations, loaded by schemathesis from /openapi.json."""
    schemathesis = pytest.importorskip("schemathesis")
    make_directory(app)
    schema = schemathesis.openapi.from_wsgi("/openapi.json", app)
    return schema.include(tag=PUBLIC_TAG)


@pytest.mark.parametrize("mode", ["positive", "negative"])
def test_schemathesis_finds_no_server_errors_or_schema_violations(
    api_schema: Any, mode: str
) -> None:
    from schemathesis import GenerationMode

    generation = GenerationMode.POSITIVE if mode == "positive" else GenerationMode.NEGATIVE
    strategy = api_schema.as_strategy(generation_mode=generation)

    @given(case=strategy)
    @settings(
        max_examples=150,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case: Any) -> None:
        case.call_and_validate()

    check()
