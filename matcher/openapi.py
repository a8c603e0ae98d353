"""The OpenAPI description of the matcher's /api/people routes, added to the app's document."""

from __future__ import annotations

from typing import Any

from flask import Flask

from directory.openapi import add_paths, error_response
from matcher.models import GoalStepBase, PersonCreate

JSON = "application/json"
SECURITY: list[dict[str, list[str]]] = [{"session": []}]
CSRF = {
    "name": "X-CSRFToken",
    "in": "header",
    "required": True,
    "description": "The page's csrf-token meta value.",
    "schema": {"type": "string"},
}
PERSON_ID = {"name": "person_id", "in": "path", "required": True, "schema": {"type": "integer"}}
RESOURCE_ID = {"name": "resource_id", "in": "path", "required": True, "schema": {"type": "string"}}
ERRORS = {
    "401": error_response("Not signed in."),
    "403": error_response("The role does not allow this (practitioners only)."),
    "404": error_response("No such person in your team."),
}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {JSON: {"schema": schema}}}


def _operation(
    operation_id: str,
    summary: str,
    responses: dict[str, Any],
    params: list[dict[str, Any]],
    body: str | None = None,
    writes: bool = False,
) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "operationId": operation_id,
        "summary": summary,
        "tags": ["People"],
        "security": SECURITY,
        "parameters": [*params, CSRF] if writes else params,
        "responses": {**responses, **ERRORS},
    }
    if writes:  # a missing or wrong CSRF token is refused before anything else
        csrf = error_response("The CSRF token is missing or wrong.")
        operation["responses"].setdefault("400", csrf)
    if body:
        operation["requestBody"] = {"required": True, "content": {JSON: {"schema": _ref(body)}}}
    return operation


def _schemas() -> dict[str, Any]:
    person = PersonCreate.model_json_schema(ref_template="#/components/schemas/{model}")
    step = GoalStepBase.model_json_schema(ref_template="#/components/schemas/{model}")
    defs = {**person.pop("$defs", {}), **step.pop("$defs", {})}
    goals = {
        "type": "array",
        "items": {
            "type": "object",
            "required": ["title"],
            "properties": {
                "title": {"type": "string", "maxLength": 300},
                "steps": {"type": "array", "items": _ref("GoalStep")},
            },
        },
    }
    person_in = {**person, "properties": {**person.get("properties", {}), "goals": goals}}
    return {
        **defs,
        "PersonIn": person_in,
        "GoalStep": step,
        "Person": {
            "type": "object",
            "required": ["id", "label"],
            "properties": {"id": {"type": "integer"}, "label": {"type": "string"}},
        },
        "PeopleList": {"type": "object", "properties": {"people": {"type": "array"}}},
        "Matches": {
            "type": "object",
            "properties": {
                "relaxed": {"type": "object"},
                "suggestions": {"type": "array"},
                "near_misses": {"type": "array"},
                "only_these_fit": {"type": "boolean"},
                "why_nothing_fits": {"type": "array"},
            },
        },
        "Shortlist": {"type": "object", "properties": {"items": {"type": "array"}}},
        "ShortlistAdd": {
            "type": "object",
            "required": ["resource_id"],
            "properties": {"resource_id": {"type": "string"}},
        },
    }


def paths() -> dict[str, Any]:
    """Every /api/people operation."""
    bad = {"400": error_response("A field is not valid (see `fields`).")}
    shortlist = {"200": _json(_ref("Shortlist"), "The shortlist.")}
    return {
        "/api/people": {
            "get": _operation(
                "listPeople",
                "The team's people: id, label and reference only.",
                {"200": _json(_ref("PeopleList"), "The team's people.")},
                [],
            ),
            "post": _operation(
                "createPerson",
                "Add a person to the team.",
                {"201": _json(_ref("Person"), "The new person."), **bad},
                [],
                "PersonIn",
                writes=True,
            ),
        },
        "/api/people/{person_id}": {
            "get": _operation(
                "getPerson", "One person of the team.",
                {"200": _json(_ref("Person"), "The person.")}, [PERSON_ID],
            ),
            "put": _operation(
                "replacePerson", "Replace what is recorded about a person.",
                {"200": _json(_ref("Person"), "The person as saved."), **bad},
                [PERSON_ID], "PersonIn", writes=True,
            ),
        },
        "/api/people/{person_id}/matches": {
            "get": _operation(
                "getMatches",
                "Ranked suggestions with reasons and near misses (?budget=&km=&any_time=1).",
                {"200": _json(_ref("Matches"), "Suggestions and near misses.")},
                [PERSON_ID],
            )
        },
        "/api/people/{person_id}/shortlist": {
            "get": _operation("getShortlist", "The person's shortlist.", shortlist, [PERSON_ID]),
            "post": _operation(
                "addToShortlist", "Add a resource to the shortlist.",
                {**shortlist, "201": _json(_ref("Shortlist"), "Added."), **bad},
                [PERSON_ID], "ShortlistAdd", writes=True,
            ),
        },
        "/api/people/{person_id}/shortlist/{resource_id}": {
            "delete": _operation(
                "removeFromShortlist", "Take a resource off the shortlist.", shortlist,
                [PERSON_ID, RESOURCE_ID], writes=True,
            )
        },
    }  # fmt: skip


def part() -> tuple[dict[str, Any], dict[str, Any]]:
    """The people API's paths and schemas."""
    return paths(), _schemas()


def init_app(app: Flask) -> None:
    """Add the people API to the app's OpenAPI document."""
    # Built when the document is asked for, not by every worker at start.
    add_paths(app, part)
