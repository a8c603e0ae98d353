"""The HSDS 3.0 read API: responses validate against the official schemas, paging as in the
HSDS OpenAPI, public resources only, clear JSON errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry
from referencing import Resource as SchemaResource
from referencing.jsonschema import DRAFT202012

from directory import vocabulary
from directory.hsds import mapping as m
from tests.conftest import shared_path
from tests.directory.public_helpers import CANARY, add_resource, make_directory, walking_group

SCHEMA_OF = {
    "/api/hsds/services": "service.json",
    "/api/hsds/organizations": "organization.json",
    "/api/hsds/taxonomies": "taxonomy.json",
    "/api/hsds/taxonomy_terms": "taxonomy_term.json",
}


@pytest.fixture
def ids(app: Flask) -> dict[str, str]:
    """The shared public/hidden directory."""
    return make_directory(app)


@pytest.fixture(scope="module")
def hsds() -> dict[str, Any]:
    """Validators for the official HSDS 3.0 object schemas and the OpenAPI `Page` schema."""
    folder: Path = shared_path("anchors", "hsds-3.0-schema", "schema")
    registry: Registry = Registry().with_resources(
        (p.name, SchemaResource.from_contents(json.loads(p.read_text()), DRAFT202012))
        for p in folder.glob("*.json")
        if p.name != "openapi.json"
    )
    openapi = json.loads((folder / "openapi.json").read_text())
    validators: dict[str, Any] = {
        name: Draft202012Validator(
            json.loads((folder / name).read_text()),
            registry=registry,
            format_checker=FormatChecker(),
        )
        for name in set(SCHEMA_OF.values())
    }
    validators["page"] = Draft202012Validator(openapi["components"]["schemas"]["Page"])
    validators["page_keys"] = set(openapi["components"]["schemas"]["Page"]["properties"])
    return validators


def errors_of(validator: Any, doc: Any) -> list[str]:
    return [f"{e.json_path}: {e.message}" for e in validator.iter_errors(doc)]


@pytest.mark.parametrize("path", sorted(SCHEMA_OF))
def test_lists_validate_against_the_official_schemas(
    client: FlaskClient, ids: dict[str, str], hsds: dict[str, Any], path: str
) -> None:
    body = client.get(f"{path}?per_page=100").get_json()
    assert errors_of(hsds["page"], body) == []
    assert hsds["page_keys"] <= set(body)
    assert body["contents"], "nothing to validate"
    for item in body["contents"]:
        assert errors_of(hsds[SCHEMA_OF[path]], item) == []


def test_single_records_validate(
    client: FlaskClient, ids: dict[str, str], hsds: dict[str, Any]
) -> None:
    service = client.get(f"/api/hsds/services/{ids['visible']}").get_json()
    assert errors_of(hsds["service.json"], service) == []
    assert service["name"] == "Tuesday walking group"
    assert {s["byday"] for s in service["schedules"]} == {"TU", "2SA"}
    org = client.get(f"/api/hsds/organizations/{ids['organisation']}").get_json()
    assert errors_of(hsds["organization.json"], org) == []


def test_only_public_resources_are_listed(client: FlaskClient, ids: dict[str, str]) -> None:
    body = client.get("/api/hsds/services").get_json()
    assert [s["id"] for s in body["contents"]] == [ids["visible"]]
    assert CANARY not in json.dumps(body)
    searched = client.get("/api/hsds/services?search=walk").get_json()
    assert [s["id"] for s in searched["contents"]] == [ids["visible"]]
    assert searched["total_items"] == 1


def test_paging_walks_every_service_once(client: FlaskClient, app: Flask) -> None:
    for n in range(23):
        add_resource(app, walking_group(name=f"Walk number {n:02d}"))
    seen: list[str] = []
    first = client.get("/api/hsds/services?per_page=10").get_json()
    assert (first["total_items"], first["total_pages"]) == (23, 3)
    assert (first["page_number"], first["per_page"], first["size"]) == (1, 10, 10)
    assert first["first_page"] and not first["last_page"] and not first["empty"]
    for page in (1, 2, 3):
        body = client.get(f"/api/hsds/services?per_page=10&page={page}").get_json()
        seen += [s["name"] for s in body["contents"]]
    assert body["last_page"] and body["size"] == 3
    assert seen == [f"Walk number {n:02d}" for n in range(23)]
    beyond = client.get("/api/hsds/services?per_page=10&page=4").get_json()
    assert beyond["contents"] == [] and beyond["size"] == 0 and not beyond["empty"]


def test_an_empty_directory_is_one_empty_page(client: FlaskClient) -> None:
    body = client.get("/api/hsds/services").get_json()
    assert body == {
        "total_items": 0, "total_pages": 1, "page_number": 1, "per_page": 20, "size": 0,
        "first_page": True, "last_page": True, "empty": True, "contents": [],
    }  # fmt: skip


def test_filters_by_taxonomy_term_and_organisation(
    client: FlaskClient, app: Flask, ids: dict[str, str]
) -> None:
    add_resource(app, walking_group(name="Choir", interests=["singing"], setting="online"))
    walking = m.term_id(vocabulary.INTEREST, "walking")
    online = m.term_id(vocabulary.SETTING, "online")
    by_term = client.get(f"/api/hsds/services?taxonomy_term_id={walking}").get_json()
    assert [s["name"] for s in by_term["contents"]] == ["Tuesday walking group"]
    by_setting = client.get(f"/api/hsds/services?taxonomy_term_id={online}").get_json()
    assert [s["name"] for s in by_setting["contents"]] == ["Choir"]
    unknown = client.get("/api/hsds/services?taxonomy_term_id=nope").get_json()
    assert unknown["total_items"] == 0
    by_org = client.get(f"/api/hsds/services?organization_id={ids['organisation']}").get_json()
    assert [s["name"] for s in by_org["contents"]] == ["Tuesday walking group"]
    hidden = client.get(f"/api/hsds/services?organization_id={ids['hidden_organisation']}")
    assert hidden.get_json()["total_items"] == 0


def test_taxonomy_terms_of_one_taxonomy(client: FlaskClient) -> None:
    tax = m.taxonomy_id(vocabulary.ACCESS)
    body = client.get(f"/api/hsds/taxonomy_terms?taxonomy_id={tax}&per_page=100").get_json()
    assert body["total_items"] == len(vocabulary.TERMS[vocabulary.ACCESS])
    assert {t["code"] for t in body["contents"]} == set(vocabulary.TERMS[vocabulary.ACCESS])


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("page=0", "'page' must be a whole number from 1 to 10000"),
        ("page=abc", "'page' must be a whole number from 1 to 10000"),
        ("per_page=101", "'per_page' must be a whole number from 1 to 100"),
        ("per_page=-1", "'per_page' must be a whole number from 1 to 100"),
        ("search=" + "x" * 201, "'search' must be 200 characters or fewer"),
        ("search=a%01b", "'search' must not contain control characters"),
    ],
)
def test_bad_arguments_are_a_json_400(client: FlaskClient, query: str, message: str) -> None:
    response = client.get(f"/api/hsds/services?{query}")
    assert response.status_code == 400
    assert response.get_json() == {"error": "Bad Request", "message": message, "status": 400}


def test_unknown_records_are_a_json_404(client: FlaskClient, ids: dict[str, str]) -> None:
    for url in ("/api/hsds/services/nope", "/api/hsds/organizations/nope", "/api/hsds/nothing"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.get_json()["message"], url
