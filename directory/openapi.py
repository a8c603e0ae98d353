"""The OpenAPI 3.1 document for the JSON API (a test keeps it in step with the /api/ routes)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask

from directory.hsds.params import MAX_PAGE, MAX_PER_PAGE, MAX_PROXIMITY_M, MAX_TEXT, PER_PAGE
from directory.models import ResourceUpdate

JSON = "application/json"
EXTENSION_KEY = "commonground.openapi"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {JSON: {"schema": schema}}}


def _error(description: str) -> dict[str, Any]:
    return _json(_ref("Error"), description)


def _query(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": schema}  # fmt: skip


PAGE = _query(
    "page", "Page number, from 1.", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE}
)
PER_PAGE_PARAM = _query(
    "per_page",
    f"Results per page (default {PER_PAGE}).",
    {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
)
TEXT = {"type": "string", "maxLength": MAX_TEXT, "pattern": "^[^\\x00-\\x1f]*$"}
BOOLEAN = {"type": "boolean"}
MOMENT = {"type": "string", "format": "date-time"}
AGE = {"type": "number", "minimum": 0, "maximum": 150}
CLOCK = {"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$"}
DAY = {"type": "string", "enum": ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]}
FORMAT = _query(
    "format",
    "json (default) or ndjson: every record, one JSON object a line, streamed without pages.",
    {"type": "string", "enum": ["json", "ndjson"]},
)
SEARCH = _query("search", "Words to search for.", TEXT)
NDJSON = "application/x-ndjson"
ID_PATH = {"type": "string", "maxLength": 64}

STRING_OR_NULL = {"type": ["string", "null"]}
NUMBER_OR_NULL = {"type": ["number", "null"]}
OBJECTS = {"type": "array", "items": {"type": "object"}}

SCHEMAS: dict[str, Any] = {
    "Error": {
        "type": "object",
        "required": ["error", "message"],
        "properties": {
            "error": {"type": "string", "description": "The HTTP status name."},
            "message": {"type": "string", "description": "What went wrong, in plain words."},
            "status": {"type": "integer"},
            "fields": {"type": "object", "additionalProperties": {"type": "string"}},
        },
    },
    "Page": {
        "type": "object",
        "description": "One page of results, as in the HSDS 3.0 OpenAPI.",
        "required": ["total_items", "total_pages", "page_number", "size", "first_page",
                     "last_page", "empty", "contents"],
        "properties": {
            "total_items": {"type": "integer", "minimum": 0},
            "total_pages": {"type": "integer", "minimum": 1},
            "page_number": {"type": "integer", "minimum": 1},
            "per_page": {"type": "integer", "minimum": 1},
            "size": {"type": "integer", "minimum": 0},
            "first_page": {"type": "boolean"},
            "last_page": {"type": "boolean"},
            "empty": {"type": "boolean"},
            "contents": {"type": "array"},
        },
    },
    "Service": {
        "type": "object",
        "description": "An HSDS 3.0 service, fully nested (see the HSDS schema service.json).",
        "required": ["id", "name", "status"],
        "properties": {
            "id": {"type": "string"},
            "organization_id": {"type": "string"},
            "name": {"type": "string"},
            "description": {"type": "string"},
            "url": {"type": "string"},
            "email": {"type": "string"},
            "status": {"enum": ["active", "inactive", "defunct", "temporarily closed"]},
            "fees_description": {"type": "string"},
            "eligibility_description": {"type": "string"},
            "application_process": {"type": "string"},
            "assured_date": {"type": "string", "format": "date"},
            "last_modified": {"type": "string", "format": "date-time"},
            "minimum_age": NUMBER_OR_NULL,
            "maximum_age": NUMBER_OR_NULL,
            "phones": OBJECTS,
            "schedules": OBJECTS,
            "service_at_locations": OBJECTS,
            "cost_options": OBJECTS,
            "attributes": OBJECTS,
        },
    },
    "ServiceAtLocation": {
        "type": "object",
        "description": "An HSDS 3.0 service_at_location: a service at one of its places, both "
        "nested (one-to-one fields in lists, fully nested alone).",
        "required": ["id", "service_id", "location_id", "location", "service"],
        "properties": {
            "id": {"type": "string"},
            "service_id": {"type": "string"},
            "location_id": {"type": "string"},
            "location": {"type": "object"},
            "service": {"type": "object"},
            "schedules": OBJECTS,
        },
    },
    "ApiDetails": {
        "type": "object",
        "required": ["version", "profile", "openapi_url"],
        "properties": {
            "version": {"type": "string", "description": "The HSDS version."},
            "profile": {"type": "string", "format": "uri"},
            "openapi_url": {"type": "string", "format": "uri"},
        },
    },
    "Organization": {
        "type": "object",
        "description": "An HSDS 3.0 organization.",
        "required": ["id", "name", "description"],
        "properties": {
            "id": {"type": "string"},
            "name": {"type": "string"},
            "description": {"type": "string"},
            "email": {"type": "string"},
            "website": {"type": "string"},
            "phones": OBJECTS,
            "services": OBJECTS,
        },
    },
    "Taxonomy": {
        "type": "object",
        "required": ["id", "name", "description"],
        "properties": {
            "id": {"type": "string"},
            "name": {"type": "string"},
            "description": {"type": "string"},
            "version": {"type": "string"},
        },
    },
    "TaxonomyTerm": {
        "type": "object",
        "required": ["id", "name", "description"],
        "properties": {
            "id": {"type": "string"},
            "code": {"type": "string"},
            "name": {"type": "string"},
            "description": {"type": "string"},
            "taxonomy": {"type": "string"},
            "taxonomy_id": {"type": "string"},
            "parent_id": {"type": "string"},
            "language": {"type": "string"},
        },
    },
    "Saved": {
        "type": "object",
        "required": ["id", "version"],
        "properties": {"id": {"type": "string"}, "version": {"type": "integer"},
                       "team_notes_version": {"type": "integer"}},
    },
    "Conflict": {
        "type": "object",
        "required": ["error", "message", "current_version"],
        "properties": {
            "error": {"type": "string"},
            "message": {"type": "string"},
            "current": {"type": "object"},
            "current_version": {"type": "integer"},
            "current_team_notes_version": {"type": "integer"},
            "yours": {"type": "object"},
        },
    },
}  # fmt: skip


def _page_of(item: str) -> dict[str, Any]:
    return {
        "allOf": [_ref("Page")],
        "properties": {"contents": {"type": "array", "items": _ref(item)}},
    }


def _list_operation(
    operation_id: str, summary: str, item: str, extra: list[dict[str, Any]]
) -> dict[str, Any]:
    page = _json(_page_of(item), f"A page of {item} objects; with format=ndjson, every one.")
    page["content"][NDJSON] = {"schema": {"type": "string"}}
    return {
        "get": {
            "operationId": operation_id,
            "summary": summary,
            "tags": ["HSDS"],
            "parameters": [PAGE, PER_PAGE_PARAM, FORMAT, SEARCH, *extra],
            "responses": {
                "200": page,
                "400": _error("A query parameter is not valid (the message names it)."),
            },
        }
    }


def _one_operation(
    operation_id: str, summary: str, item: str, name: str, extra: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    path = {"name": name, "in": "path", "required": True, "schema": ID_PATH}
    responses = {
        "200": _json(_ref(item), f"The {item}."),
        "404": _error("Not in the public directory."),
    }
    if extra:
        responses["400"] = _error("A query parameter is not valid (the message names it).")
    return {
        "get": {
            "operationId": operation_id,
            "summary": summary,
            "tags": ["HSDS"],
            "parameters": [path, *(extra or [])],
            "responses": responses,
        }
    }


def _service_filters() -> list[dict[str, Any]]:
    return [
        _query("taxonomy_term_id", "Only services with this taxonomy term.", TEXT),
        _query("taxonomy_id", "Only services with any term of this taxonomy.", TEXT),
        _query("organization_id", "Only services run by this organization.", TEXT),
        _query("modified_after", "Only services modified at or after this moment (an ISO 8601 "
               "date-time; UTC when it names no offset; a date means its midnight).", MOMENT),
        _query("minimal", "Only id, name, status and last_modified of each service (name and "
               f"status because the HSDS schema requires them); {MAX_PER_PAGE} a page by "
               "default.", BOOLEAN),
        _query("full", "Each service fully nested (default: its one-to-one fields); with minimal, "
               "minimal wins.", BOOLEAN),
        _query("minimum_age", "Only services whose minimum age is at least this (ORUK).", AGE),
        _query("maximum_age", "Only services whose maximum age is at most this (ORUK).", AGE),
        _query("start_time", "Only services with a session starting at or after this (ORUK).",
               CLOCK),
        _query("end_time", "Only services with a session ending at or before this (ORUK).", CLOCK),
        _query("day", "Only services with a session on this day (ORUK).", DAY),
    ]  # fmt: skip


def hsds_paths() -> dict[str, Any]:
    """The HSDS 3.0 (and Open Referral UK) read API; every filter combines with AND."""
    full_service = _query("full_service", "Each organization's services fully nested.", BOOLEAN)
    return {
        "/api/hsds/": {"get": {
            "operationId": "getApiDetails", "summary": "What this API is: HSDS version, profile "
            "and the OpenAPI document's URL.", "tags": ["HSDS"], "parameters": [],
            "responses": {"200": _json(_ref("ApiDetails"), "About this API.")},
        }},
        "/api/hsds/services": _list_operation(
            "listServices", "Public services (one-to-one fields), paged; searched and filtered.",
            "Service", _service_filters(),
        ),
        "/api/hsds/services/{service_id}": _one_operation(
            "getService", "One public service, fully nested.", "Service", "service_id"
        ),
        "/api/hsds/service_at_locations": _list_operation(
            "listServiceAtLocations", "Each place of each public service, paged; searched, "
            "filtered, and at or near a postcode.", "ServiceAtLocation", [
                *_service_filters(),
                _query("postcode", "Only places at this postcode or ZIP code; with proximity, "
                       "places within that distance of its centre, nearest first.", TEXT),
                _query("proximity", "Metres from the postcode's centre. Without a postcode, or "
                       "with one the directory cannot place, nothing is near: an empty list.",
                       {"type": "number", "minimum": 0, "maximum": MAX_PROXIMITY_M}),
            ],
        ),
        "/api/hsds/service_at_locations/{service_at_location_id}": _one_operation(
            "getServiceAtLocation", "One place of a public service, with the service and the "
            "place fully nested.", "ServiceAtLocation", "service_at_location_id",
        ),
        "/api/hsds/organizations": _list_operation(
            "listOrganizations", "Organizations that run a public service, paged.",
            "Organization", [_query("full", "Each organization fully nested, with its services.",
                                    BOOLEAN), full_service],
        ),
        "/api/hsds/organizations/{organization_id}": _one_operation(
            "getOrganization", "One organization that runs a public service, with its services.",
            "Organization", "organization_id", [full_service],
        ),
        "/api/hsds/taxonomies": _list_operation(
            "listTaxonomies", "The directory's taxonomies, paged.", "Taxonomy", []
        ),
        "/api/hsds/taxonomies/{taxonomy_id}": _one_operation(
            "getTaxonomy", "One taxonomy.", "Taxonomy", "taxonomy_id"
        ),
        "/api/hsds/taxonomy_terms": _list_operation(
            "listTaxonomyTerms", "Terms of the directory's taxonomies, paged.", "TaxonomyTerm", [
                _query("taxonomy_id", "Only terms of this taxonomy.", TEXT),
                _query("top_only", "Only terms with no parent term.", BOOLEAN),
                _query("parent_id", "Only terms whose parent is this term.", TEXT),
            ],
        ),
        "/api/hsds/taxonomy_terms/{taxonomy_term_id}": _one_operation(
            "getTaxonomyTerm", "One taxonomy term.", "TaxonomyTerm", "taxonomy_term_id"
        ),
    }  # fmt: skip


def _resource_update_schemas() -> dict[str, Any]:
    """ResourceUpdate and the models it uses, as JSON Schema under components/schemas."""
    schema = ResourceUpdate.model_json_schema(ref_template="#/components/schemas/{model}")
    defs: dict[str, Any] = schema.pop("$defs", {})
    return {**defs, "ResourceUpdate": schema}


# Another package's paths and component schemas, built when the document is asked for.
Part = Callable[[], tuple[dict[str, Any], dict[str, Any]]]


def add_paths(app: Flask, part: Part) -> None:
    """Describe another package's /api/ routes in this app's document (matcher uses this)."""
    app.extensions.setdefault(EXTENSION_KEY, []).append(part)


def error_response(description: str) -> dict[str, Any]:
    """A response whose body is the app's JSON error object."""
    return _error(description)


def _workspace_paths() -> dict[str, Any]:
    """The signed-in JSON API of the workspace."""
    return {
        "/api/workspace/resources/{resource_id}": {
            "put": {
                "operationId": "replaceResource",
                "summary": "Replace a resource (team members; needs the CSRF token).",
                "description": "Send the whole resource with the `version` you started from; "
                "if someone saved meanwhile the answer is 409 with both versions. `told_by`, "
                "`team_notes`, `team_contact` and `team_notes_shared` are your own team's notes "
                "(left out: unchanged; `team_notes_version` guards them as `version` does the "
                "rest); another team's notes are never changed or returned.",
                "tags": ["Workspace"],
                "security": [{"session": []}],
                "parameters": [
                    {"name": "resource_id", "in": "path", "required": True, "schema": ID_PATH},
                    {"name": "X-CSRFToken", "in": "header", "required": True,
                     "description": "The page's csrf-token meta value.",
                     "schema": {"type": "string"}},
                ],
                "requestBody": {
                    "required": True,
                    "content": {JSON: {"schema": _ref("ResourceUpdate")}},
                },
                "responses": {
                    "200": _json(_ref("Saved"), "Saved; the new version."),
                    "400": _error("Not JSON, a field is not valid, or the CSRF token is bad."),
                    "401": _error("Not signed in."),
                    "403": _error("The role does not allow editing."),
                    "404": _error("No such resource."),
                    "409": _json(_ref("Conflict"), "Someone else saved a newer version."),
                },
            }
        },
    }  # fmt: skip


def document(app: Flask | None = None) -> dict[str, Any]:
    """The whole OpenAPI 3.1 document, with paths other packages added to the app."""
    paths = {**hsds_paths(), **_workspace_paths()}
    schemas = {**SCHEMAS, **_resource_update_schemas()}
    for part in app.extensions.get(EXTENSION_KEY, []) if app is not None else []:
        more_paths, more_schemas = part()
        paths.update(more_paths)
        schemas.update(more_schemas)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Common Ground directory API",
            "version": "1.0.0",
            "summary": "Local groups, classes and activities as Open Referral HSDS 3.0 data.",
            "description": "Read endpoints under /api/hsds/ are public and list only active, "
            "confirmed, public resources with their public fields. Errors are JSON objects "
            "with `error` and `message`.",
            "license": {"name": "MIT", "identifier": "MIT"},
        },
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "session": {
                    "type": "apiKey",
                    "in": "cookie",
                    "name": "session",
                    "description": "Set by signing in at /login (`__Host-session` in production).",
                }
            },
        },
    }
