"""The official HSDS 3.0 and Open Referral UK 3.0 OpenAPI documents as response validators, and
the ORUK validator's rules (profile_compliance.md, Level 1 and 2, pagination) as checks."""

from __future__ import annotations

import json
import math
import random
from pathlib import Path
from typing import Any

from flask.testing import FlaskClient
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry
from referencing import Resource as SchemaResource
from referencing.jsonschema import DRAFT202012

from tests.conftest import shared_path

PREFIX = "/api/hsds"
HSDS_BASE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
UK_BASE = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/"
# The large compiled HSDS files were not copied; these are the same schemas, other shapes.
HSDS_STAND_INS = {"compiled/service.json": "compiled/service_with_definitions.json",
                  "compiled/organization.json": "organization.json"}  # fmt: skip
# The HSDS OpenAPI gives /service_at_locations/{id} the *service* schema (an upstream slip: its
# summary and the spec's example are a service_at_location); check it as one.
SAL_SCHEMA = {"$ref": "service_at_location.json"}


def _load(path: Path) -> Any:
    return json.loads(path.read_text())


def _resources(folder: Path, base: str) -> list[tuple[str, SchemaResource[Any]]]:
    """Each schema file under its published URL (plain files also under compiled/)."""
    found: list[tuple[str, SchemaResource[Any]]] = []
    for path in sorted(folder.glob("*.json")):
        if path.name != "openapi.json":
            found.append((base + path.name, _resource(_load(path))))
            found.append((base + "compiled/" + path.name, _resource(_load(path))))
    for path in sorted((folder / "compiled").glob("*.json")):
        found.append((base + "compiled/" + path.name, _resource(_load(path))))
    return found


def _resource(contents: Any) -> SchemaResource[Any]:
    return SchemaResource.from_contents(contents, default_specification=DRAFT202012)


class OpenApi:
    """One official OpenAPI document: a validator for each operation's 200 response."""

    def __init__(self, name: str) -> None:
        profile = name == "uk"
        folder = shared_path("anchors", "oruk-3.0-uk-profile" if profile else "hsds-3.0-schema")
        folder = folder / "schema"
        self.doc = _load(folder / "openapi.json")
        self.base = UK_BASE if profile else HSDS_BASE
        resources = _resources(folder, self.base)
        if not profile:
            resources += [
                (HSDS_BASE + alias, _resource(_load(folder / real)))
                for alias, real in HSDS_STAND_INS.items()
            ]
        resources.append(("urn:openapi", _resource(self.doc)))
        self.registry: Registry[Any] = Registry().with_resources(resources)

    @property
    def paths(self) -> list[str]:
        """The operations' paths, e.g. /services/{id}."""
        return list(self.doc["paths"])

    def parameters(self, path: str) -> set[str]:
        """The names of an operation's query parameters."""
        names = set()
        for param in self.doc["paths"][path]["get"].get("parameters", []):
            ref = param.get("$ref", "")
            found = self.doc["components"]["parameters"][ref.rsplit("/", 1)[1]] if ref else param
            names.add(found["name"])
        return names

    def validator(self, path: str) -> Draft202012Validator:
        """Validates a 200 answer of GET path against the document's schema for it."""
        if path == "/service_at_locations/{id}":
            schema: dict[str, Any] = {"$ref": self.base + SAL_SCHEMA["$ref"]}
        else:
            pointer = "/paths/" + path.replace("~", "~0").replace("/", "~1")
            schema = {
                "$ref": f"urn:openapi#{pointer}/get/responses/200/content/application~1json/schema"
            }
        return Draft202012Validator(schema, registry=self.registry, format_checker=FormatChecker())

    def errors(self, path: str, body: Any) -> list[str]:
        """Every schema error of a response body, with where it is."""
        return [
            f"{path} {e.json_path}: {e.message}" for e in self.validator(path).iter_errors(body)
        ]


def get(client: FlaskClient, url: str) -> Any:
    """GET an API URL anonymously; check the ORUK openness and CORS rules; the JSON body."""
    answer = client.get(PREFIX + url)
    assert answer.status_code == 200, (url, answer.status_code, answer.get_data(as_text=True))
    assert answer.headers.get("Access-Control-Allow-Origin") == "*", url
    return answer.get_json()


def pagination_problems(client: FlaskClient, path: str, per_page: int = 5) -> list[str]:
    """The ORUK pagination checks: the first, a random middle and the last page of per_page."""
    first = get(client, f"{path}?per_page={per_page}")
    total = first["total_items"]
    pages = max(1, math.ceil(total / per_page))
    middle = random.Random(total).randint(1, pages)
    problems = []
    for number in dict.fromkeys((1, middle, pages)):
        page = get(client, f"{path}?per_page={per_page}&page={number}")
        size = min(per_page, total - (number - 1) * per_page)
        expected = {
            "total_items": total, "total_pages": pages, "page_number": number, "size": size,
            "first_page": number == 1, "last_page": number == pages, "empty": size == 0,
        }  # fmt: skip
        got = {key: page.get(key) for key in expected}
        if got != expected or len(page["contents"]) != size:
            problems.append(f"{path} page {number}: {got} != {expected}")
    return problems
