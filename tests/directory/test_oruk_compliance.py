"""The ORUK validator's rules run against this app's own HSDS API on the demo data: the
compliance rules of profile_compliance.md (open, one API stub, CORS on every answer), Level 1
(the required endpoints) and Level 2 (every other endpoint and the query parameters, each finding
the record it was taken from), the pagination checks, and every answer valid against the
official HSDS 3.0 and ORUK 3.0 OpenAPI response schemas."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient

from core import db
from tests.conftest import SECRET, scratch_postgres, shared_path
from tests.directory.oruk_rules import PREFIX, OpenApi, get, pagination_problems
from wsgi import create_app

LISTS = ["/services", "/service_at_locations", "/organizations", "/taxonomies", "/taxonomy_terms"]


@pytest.fixture(scope="module")
def apis() -> dict[str, OpenApi]:
    """The official HSDS 3.0 and ORUK 3.0 (UK profile) OpenAPI documents."""
    return {"hsds": OpenApi("hsds"), "uk": OpenApi("uk")}


# Every test here only reads, so each app is built and filled once for the module.
SERVED = [(b, source) for b in ("sqlite", "postgresql") for source in ("demo", "baltimore")]


@pytest.fixture(scope="module", params=SERVED, ids="-".join)
def served(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Flask]:
    """The app on each backend with the demo area, or the real Baltimore directory imported (Ohana
    CSV)."""
    backend, source = request.param
    args = ["seed"]
    if source == "baltimore":
        args = ["import-hsds", str(shared_path("anchors", "baltimore-charmcare-icarol", "data"))]
    tmp = tmp_path_factory.mktemp(f"oruk-{backend}-{source}")
    with _database(request, backend, tmp) as url:
        app = create_app(
            {
                "TESTING": True,
                "DATABASE_URL": url,
                "INDEX_DIR": str(tmp / "index"),
                "INSTANCE_DIR": str(tmp / "instance"),
                "SECRET_KEY": SECRET,
            }
        )
        result = app.test_cli_runner().invoke(args=args)
        assert result.exit_code == 0, result.output
        yield app
        db.get_engine(app).dispose()


@contextmanager
def _database(request: pytest.FixtureRequest, backend: str, tmp: Path) -> Iterator[str]:
    """A migrated, empty database of this module's own on the backend."""
    if backend == "postgresql":
        with scratch_postgres(f"cg_oruk_{os.getpid()}_{request.param_index}") as url:
            yield url
        return
    path = tmp / "commonground.sqlite3"
    shutil.copy(request.getfixturevalue("sqlite_template"), path)
    yield f"sqlite:///{path}"


@pytest.fixture
def client(served: Flask) -> FlaskClient:
    """A test client of this module's app."""
    return served.test_client()


def checked(client: FlaskClient, apis: dict[str, OpenApi], path: str, url: str) -> Any:
    """GET url (an instance of the operation `path`) and validate it against both documents."""
    body = get(client, url)
    for api in apis.values():
        if path in api.paths:
            assert api.errors(path, body) == []
    return body


def everything(client: FlaskClient, path: str) -> list[dict[str, Any]]:
    """Every record of a list, fully nested, through format=ndjson."""
    # Closed when read: a streamed answer holds its database transaction until then.
    with client.get(f"{PREFIX}{path}?format=ndjson&full=true") as answer:
        assert answer.status_code == 200 and answer.mimetype == "application/x-ndjson"
        assert answer.headers["Access-Control-Allow-Origin"] == "*"
        return [json.loads(line) for line in answer.get_data(as_text=True).splitlines()]


def test_level_1_required_endpoints(client: FlaskClient, apis: dict[str, OpenApi]) -> None:
    root = checked(client, apis, "/", "/")
    assert root["version"] == "3.0" and root["profile"].startswith("https://")
    document = client.get(urlsplit(root["openapi_url"]).path)
    assert document.status_code == 200 and document.headers["Access-Control-Allow-Origin"] == "*"
    assert f"{PREFIX}/services" in document.get_json()["paths"]
    services = checked(client, apis, "/services", "/services")
    assert services["total_items"] == len(everything(client, "/services")) > 100
    assert services["size"] == len(services["contents"]) == 20
    for item in services["contents"][:5]:
        full = checked(client, apis, "/services/{id}", f"/services/{item['id']}")
        assert full["id"] == item["id"] and full["service_at_locations"]
    assert pagination_problems(client, "/services") == []


def test_level_2_every_other_endpoint(client: FlaskClient, apis: dict[str, OpenApi]) -> None:
    documented = {p for api in apis.values() for p in api.paths}
    assert documented == {"/", *LISTS, *(f"{p}/{{id}}" for p in LISTS)}
    for path in LISTS:
        listed = checked(client, apis, path, f"{path}?per_page=100")
        assert listed["contents"], path
        for item in listed["contents"][:3]:
            one = checked(client, apis, f"{path}/{{id}}", f"{path}/{item['id']}")
            assert one["id"] == item["id"], path
        assert pagination_problems(client, path) == []
        beyond = get(client, f"{path}?per_page=5&page={listed['total_pages'] * 100}")
        assert beyond["contents"] == [] and beyond["empty"] and beyond["size"] == 0
        assert beyond["total_items"] == listed["total_items"]


def _query(client: FlaskClient, apis: dict[str, OpenApi], path: str, query: str) -> list[str]:
    """The ids of every page of a list with this query (each page validated)."""
    ids: list[str] = []
    page = 1
    while True:
        body = checked(client, apis, path, f"{path}?{query}&per_page=100&page={page}")
        ids += [item["id"] for item in body["contents"]]
        if body["last_page"]:
            return ids
        page += 1


def _richest(services: list[dict[str, Any]], *fields: str) -> dict[str, Any]:
    """The service with the most of these fields filled (as the validator picks its record)."""
    return max(services, key=lambda s: (sum(bool(s.get(f)) for f in fields), s["id"]))


def test_level_2_query_parameters_find_their_record(
    client: FlaskClient, apis: dict[str, OpenApi]
) -> None:
    services = everything(client, "/services")
    assert len(services) > 100
    aged = _richest(services, "minimum_age", "maximum_age")
    timed = _richest(services, "schedules")
    slots = timed.get("schedules") or [{}]  # Baltimore publishes no schedules
    slot = slots[0]
    tagged = _richest(services, "attributes", "organization_id")
    term = tagged["attributes"][0]["taxonomy_term"]
    name = quote(tagged["name"])
    tests = {
        "search": (tagged, f"search={name}"),
        "taxonomy_term_id": (tagged, f"taxonomy_term_id={term['id']}"),
        "taxonomy_id": (tagged, f"taxonomy_id={term['taxonomy_id']}&search={name}"),
        "organization_id": (tagged, f"organization_id={tagged['organization_id']}"),
        "modified_after": (tagged, f"modified_after={quote(tagged['last_modified'])}"),
    }
    if "minimum_age" in aged:  # Baltimore gives no ages
        tests |= {
            "minimum_age": (aged, f"minimum_age={aged['minimum_age']}&maximum_age=150"),
            "maximum_age": (aged, f"maximum_age={aged.get('maximum_age', 150)}"),
        }
    if slot:
        tests |= {
            "day": (timed, f"day={slot['byday'][-2:]}"),
            "start_time": (timed, f"start_time={slot['opens_at']}&day={slot['byday'][-2:]}"),
            "end_time": (timed, f"end_time={slot['closes_at']}&start_time={slot['opens_at']}"),
        }
    for param, (record, query) in tests.items():
        assert record["id"] in _query(client, apis, "/services", query), param
        links = _query(client, apis, "/service_at_locations", query)
        assert {s["id"] for s in record["service_at_locations"]} <= set(links), param
    # Every documented parameter is tried, bar those the data has nothing for (no ages or
    # schedules in Baltimore's export).
    absent = ({"minimum_age", "maximum_age"} if "minimum_age" not in aged else set()) | (
        {"day", "start_time", "end_time"} if not slot else set()
    )
    assert apis["uk"].parameters("/services") - {"page", "per_page"} - absent <= set(tests)
    placed = next(
        (s, a["postal_code"])
        for s in services
        for link in s["service_at_locations"]
        for a in link["location"].get("addresses", [])
        if a.get("postal_code") and link["location"].get("latitude") is not None
    )  # proximity needs a place on the map
    near = _query(
        client, apis, "/service_at_locations", f"postcode={quote(placed[1])}&proximity=5000"
    )  # a US ZIP code covers several km, a UK postcode a street
    assert {link["id"] for link in placed[0]["service_at_locations"]} & set(near)
