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
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from core import db
from directory import vocabulary
from directory.hsds import api
from directory.hsds import mapping as m
from directory.views.caching import CACHE_CONTROL
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
    assert beyond["contents"] == [] and beyond["size"] == 0 and beyond["empty"]
    assert (beyond["total_items"], beyond["total_pages"], beyond["page_number"]) == (23, 3, 4)


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


def test_every_answer_is_open_to_any_origin(client: FlaskClient, ids: dict[str, str]) -> None:
    for url in ("/api/hsds/", "/api/hsds/services", "/api/hsds/services?page=0",
                "/api/hsds/services/nope", "/api/hsds/nothing", "/openapi.json",
                "/api/hsds/services?format=ndjson"):  # fmt: skip
        with client.get(url) as answer:  # closed: a streamed answer holds its transaction
            assert answer.headers.get("Access-Control-Allow-Origin") == "*", url
    assert "Access-Control-Allow-Origin" not in client.get("/public/").headers
    assert client.get("/api/hsds/services").headers["Cache-Control"] == CACHE_CONTROL


def test_api_details_name_the_version_profile_and_openapi(client: FlaskClient) -> None:
    body = client.get("/api/hsds/").get_json()
    assert body["version"] == "3.0"
    assert body["openapi_url"] == "http://localhost/openapi.json"
    assert "uk-profile" in body["profile"]


def _names(client: FlaskClient, query: str, path: str = "services") -> list[str]:
    body = client.get(f"/api/hsds/{path}?{query}&per_page=100")
    assert body.status_code == 200, body.get_json()
    if path == "services":
        return [s["name"] for s in body.get_json()["contents"]]
    return [s["service"]["name"] for s in body.get_json()["contents"]]


@pytest.fixture
def foods(app: Flask, ids: dict[str, str]) -> dict[str, str]:
    """Two food services run by two organisations, one for over-18s on Fridays."""
    with app.app_context():
        from directory.models import Organisation

        session = db.get_session()
        other = Organisation(name="Kitchen Collective", description="Cooks.")
        session.add(other)
        session.commit()
        other_id = other.id
    add_resource(
        app,
        walking_group(name="Food bank", interests=["cooking"], organisation_id=ids["organisation"]),
    )
    add_resource(app, walking_group(
        name="Food club", interests=["cooking"], organisation_id=other_id, min_age=18,
        max_age=99, sessions=[{"day": "fr", "start": "18:00", "end": "20:00"}],
        locations=[{"name": "Hall", "address": "2 Hall Lane, Leeds", "postcode": "LS1 1AA",
                    "latitude": 53.8, "longitude": -1.55}],
    ))  # fmt: skip
    return {**ids, "other": other_id}


def test_search_combines_with_every_other_filter(
    app: Flask, client: FlaskClient, foods: dict[str, str]
) -> None:
    assert sorted(_names(client, "search=food")) == ["Food bank", "Food club"]
    org = foods["organisation"]
    assert _names(client, f"search=food&organization_id={org}") == ["Food bank"]
    assert _names(client, f"search=bank&organization_id={foods['other']}") == []
    cooking = m.term_id(vocabulary.INTEREST, "cooking")
    assert sorted(_names(client, f"search=gentle&taxonomy_term_id={cooking}")) == [
        "Food bank", "Food club"]  # fmt: skip
    assert _names(client, "search=food&day=fr&start_time=17:00&end_time=21:00") == ["Food club"]
    assert _names(client, "search=food&minimum_age=18&maximum_age=99") == ["Food club"]
    assert _names(client, "search=food&day=mo") == []
    assert _names(client, f"organization_id={org}&taxonomy_term_id={cooking}") == ["Food bank"]
    late = [{"day": "fr", "start": "20:30"}]  # no end known: its start must be inside
    add_resource(app, walking_group(name="Late food quiz", interests=["cooking"], sessions=late))
    assert sorted(_names(client, "search=food&day=fr&start_time=17:00&end_time=21:00")) == [
        "Food club", "Late food quiz"]  # fmt: skip
    assert _names(client, "search=food&day=fr&start_time=17:00&end_time=20:30") == ["Food club"]


def test_taxonomy_and_modified_after_filter(client: FlaskClient, foods: dict[str, str]) -> None:
    interest = m.taxonomy_id(vocabulary.INTEREST)
    assert len(_names(client, f"taxonomy_id={interest}")) == 3
    assert _names(client, "taxonomy_id=nope") == []
    assert len(_names(client, "modified_after=2000-01-01")) == 3
    assert _names(client, "modified_after=2999-01-01T00:00:00Z") == []
    assert _names(client, "search=food&modified_after=2999-01-01T00:00:00%2B01:00") == []


def test_minimal_full_and_ndjson(client: FlaskClient, foods: dict[str, str]) -> None:
    minimal = client.get("/api/hsds/services?minimal=true").get_json()
    assert minimal["per_page"] == 100
    assert set(minimal["contents"][0]) == {"id", "name", "status", "last_modified"}
    listed = client.get("/api/hsds/services").get_json()["contents"][0]
    assert "schedules" not in listed and listed["organization"]["name"]
    full = client.get("/api/hsds/services?full=true").get_json()["contents"][0]
    assert full["schedules"] and full["service_at_locations"]
    with client.get("/api/hsds/services?format=ndjson&per_page=1&search=food") as answer:
        assert answer.mimetype == "application/x-ndjson"
        lines = [json.loads(line) for line in answer.get_data(as_text=True).splitlines()]
    assert sorted(line["name"] for line in lines) == ["Food bank", "Food club"]
    with client.get("/api/hsds/taxonomy_terms?format=ndjson") as answer:
        terms = answer.get_data(as_text=True)
    assert (
        len(terms.splitlines()) == client.get("/api/hsds/taxonomy_terms").get_json()["total_items"]
    )


def test_services_at_locations_by_postcode_and_proximity(
    client: FlaskClient, foods: dict[str, str]
) -> None:
    assert sorted(_names(client, "", "service_at_locations")) == [
        "Food bank", "Food club", "Tuesday walking group"]  # fmt: skip
    assert _names(client, "postcode=ls11aa", "service_at_locations") == ["Food club"]
    near = "postcode=N7+6QT&proximity=1000"
    assert sorted(_names(client, near, "service_at_locations")) == [
        "Food bank", "Tuesday walking group"]  # fmt: skip
    assert _names(client, "postcode=N7+6QT&proximity=10", "service_at_locations") == []
    # Nothing is known to be near no postcode, or one the directory cannot place.
    assert _names(client, "proximity=100000", "service_at_locations") == []
    assert _names(client, "postcode=ZZ9+9ZZ&proximity=100000", "service_at_locations") == []
    assert _names(client, "postcode=LS1+1AA&proximity=10&search=food", "service_at_locations") == [
        "Food club"]  # fmt: skip
    link = client.get("/api/hsds/service_at_locations?postcode=LS1+1AA").get_json()["contents"][0]
    one = client.get(f"/api/hsds/service_at_locations/{link['id']}").get_json()
    assert one["service"]["name"] == "Food club" and one["location"]["name"] == "Hall"
    assert one["service"]["schedules"] and "service_at_locations" not in one["service"]


def test_taxonomies_and_terms_one_at_a_time(client: FlaskClient) -> None:
    tax = m.taxonomy_id(vocabulary.ACCESS)
    assert client.get(f"/api/hsds/taxonomies/{tax}").get_json()["name"] == vocabulary.ACCESS
    term = m.term_id(vocabulary.INTEREST, "walking")
    assert client.get(f"/api/hsds/taxonomy_terms/{term}").get_json()["code"] == "walking"
    everything = client.get("/api/hsds/taxonomy_terms?per_page=100").get_json()["total_items"]
    top = client.get("/api/hsds/taxonomy_terms?top_only=true").get_json()["total_items"]
    assert top == everything  # the directory's own terms have no parents
    assert client.get(f"/api/hsds/taxonomy_terms?parent_id={term}").get_json()["contents"] == []
    for url in (f"/api/hsds/taxonomies/{term}", f"/api/hsds/taxonomy_terms/{tax}",
                "/api/hsds/service_at_locations/nope"):  # fmt: skip
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("modified_after=yesterday", "modified_after"),
        ("minimal=maybe", "minimal"),
        ("full=2", "full"),
        ("format=xml", "format"),
        ("day=funday", "day"),
        ("start_time=25:00", "start_time"),
        ("minimum_age=-1", "minimum_age"),
        ("maximum_age=old", "maximum_age"),
        ("page=1&page=2", "page"),
        ("search=a%01b&format=ndjson", "search"),
    ],
)
def test_a_bad_value_is_a_400_naming_the_parameter(
    client: FlaskClient, query: str, name: str
) -> None:
    for path in ("services", "service_at_locations"):
        answer = client.get(f"/api/hsds/{path}?{query}")
        assert answer.status_code == 400, (path, query)
        assert f"'{name}'" in answer.get_json()["message"]
    answer = client.get("/api/hsds/service_at_locations?proximity=-5&postcode=N7+6QT")
    assert answer.status_code == 400 and "'proximity'" in answer.get_json()["message"]
    answer = client.get("/api/hsds/taxonomy_terms?top_only=perhaps")
    assert answer.status_code == 400 and "'top_only'" in answer.get_json()["message"]


def _table_lockable(app: Flask) -> bool:
    """Whether another connection could lock the resource table right now (PostgreSQL)."""
    with db.get_engine(app).connect() as conn:
        conn.execute(text("SET lock_timeout = '1s'"))
        try:
            conn.execute(text("LOCK TABLE resource IN ACCESS EXCLUSIVE MODE"))
        except OperationalError:
            return False
        finally:
            conn.rollback()
    return True


@pytest.mark.parametrize("path", ["services", "service_at_locations", "organizations"])
def test_a_paused_ndjson_stream_holds_no_transaction(
    app: Flask,
    client: FlaskClient,
    foods: dict[str, str],
    path: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A client that stops reading mid-stream must not keep a connection or table locks."""
    monkeypatch.setattr(api, "CHUNK", 1)  # a record a chunk: the pause falls between queries
    engine = db.get_engine(app)
    with client.get(f"/api/hsds/{path}?format=ndjson", buffered=False) as answer:
        assert answer.status_code == 200
        lines = iter(answer.response)
        first, second = json.loads(next(lines)), json.loads(next(lines))
        assert first["id"] != second["id"]
        assert engine.pool.checkedout() == 0  # type: ignore[attr-defined]
        if engine.dialect.name == "postgresql":
            assert _table_lockable(app)


def test_a_finished_ndjson_stream_holds_no_transaction(
    app: Flask, client: FlaskClient, foods: dict[str, str]
) -> None:
    """The query that finds no more rows must not leave a transaction open either."""
    engine = db.get_engine(app)
    answer = client.get("/api/hsds/services?format=ndjson", buffered=False)
    assert len(list(answer.response)) >= 2  # read to the end, not yet closed
    assert engine.pool.checkedout() == 0  # type: ignore[attr-defined]
    if engine.dialect.name == "postgresql":
        assert _table_lockable(app)
    answer.close()


def test_minimal_places_of_services_nest_the_minimal_service_and_minimal_wins_over_full(
    client: FlaskClient, foods: dict[str, str]
) -> None:
    first = client.get("/api/hsds/service_at_locations?minimal=true").get_json()["contents"][0]
    assert set(first["service"]) == {"id", "name", "status", "last_modified"}
    both = client.get("/api/hsds/service_at_locations?minimal=true&full=true").get_json()
    assert set(both["contents"][0]["service"]) == {"id", "name", "status", "last_modified"}
    listed = client.get("/api/hsds/services?minimal=true&full=true").get_json()["contents"][0]
    assert set(listed) == {"id", "name", "status", "last_modified"}
