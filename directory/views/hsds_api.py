"""The read-only Open Referral HSDS 3.0 API over public resources (as the HSDS 3.0 OpenAPI and
the Open Referral UK profile describe it), open to any origin."""

from __future__ import annotations

import functools
import itertools
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import datetime
from typing import Any, TypeVar

from flask import Blueprint, abort, g, jsonify, request, stream_with_context
from sqlmodel import Session
from werkzeug.wrappers import Response

from core.auth import access
from core.db import get_session
from core.hosts import absolute_url
from directory import openapi
from directory.hsds import api, params, shapes
from directory.hsds.export import service_document, taxonomy_documents
from directory.hsds.params import MAX_PAGE, MAX_PER_PAGE, MAX_TEXT, PER_PAGE, ApiQuery, BadParam
from directory.models import Resource
from directory.resources import get_resources
from directory.views.caching import cached, page_etag, unchanged

bp = Blueprint("hsds_api", __name__, url_prefix="/api/hsds")
NDJSON = "application/x-ndjson"
T = TypeVar("T")


@bp.after_app_request
def allow_any_origin(response: Response) -> Response:
    """Every API answer (and the OpenAPI document) may be read by any web page (ORUK)."""
    if request.path.startswith("/api/hsds") or request.path == "/openapi.json":
        response.headers["Access-Control-Allow-Origin"] = "*"
        # A page elsewhere may revalidate what it read (its ETag, then If-None-Match: 304).
        response.headers["Access-Control-Expose-Headers"] = "ETag, Last-Modified"
        if request.method == "OPTIONS":  # the browser's preflight for those headers
            response.headers["Access-Control-Allow-Methods"] = "GET, HEAD"
            response.headers["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since"
            response.headers["Access-Control-Max-Age"] = "86400"
    return response


@bp.errorhandler(BadParam)
def bad_parameter(exc: BadParam) -> tuple[Response, int]:
    """A refused query parameter: a JSON 400 that names it."""
    return jsonify(error="Bad Request", message=str(exc), status=400), 400


@functools.cache
def _documented() -> dict[str, frozenset[str]]:
    """Each API route's query parameters, as the OpenAPI document lists them."""
    return {
        re.sub(r"\{(\w+)\}", r"<\1>", path): frozenset(
            p["name"] for p in operation["get"]["parameters"] if p["in"] == "query"
        )
        for path, operation in openapi.hsds_paths().items()
    }


@bp.before_request
def refuse_unknown_parameters() -> None:
    """A query parameter the route does not document is a 400 naming it, never ignored."""
    rule = request.url_rule.rule if request.url_rule is not None else ""
    accepted = _documented().get(rule)
    unknown = sorted(set(request.args) - accepted) if accepted is not None else []
    if unknown:
        takes = ", ".join(sorted(accepted or ())) or "no query parameters"
        raise BadParam(
            f"'{unknown[0][:40]}' is not a parameter of {request.path} (it takes: {takes})"
        )


@bp.before_request
def answer_unchanged() -> Response | None:
    """A 304 before any query when the client's copy is of this directory version."""
    if request.method not in ("GET", "HEAD"):
        return None
    g.etag = page_etag()
    return unchanged(g.etag)


def _cached(response: Response, last_modified: datetime | None = None) -> Response:
    """A cacheable API answer whose ETag is this directory version's (see `page_etag`)."""
    return cached(response, last_modified, g.etag)


def _parsed(parse: Callable[..., ApiQuery], *names: str) -> ApiQuery:
    return parse(request.args, *names)


def _page(contents: list[Any], total: int, q: ApiQuery) -> Response:
    return _cached(jsonify(shapes.page_document(contents, total, q.page, q.per_page)))


def _slice(items: list[T], q: ApiQuery) -> list[T]:
    start = (q.page - 1) * q.per_page
    return items[start : start + q.per_page]


def _ndjson(chunks: Iterator[list[Any]]) -> Response:
    """Every record, one JSON object a line, streamed."""
    # The first chunk is read before answering so that a refused parameter is still a 400.
    released = _released(get_session(), chunks)
    first = next(released, [])

    def lines() -> Iterator[str]:
        for chunk in itertools.chain([first], released):
            for doc in chunk:
                yield json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n"

    return _cached(Response(stream_with_context(lines()), mimetype=NDJSON))


def _released(session: Session, chunks: Iterator[list[Any]]) -> Iterator[list[Any]]:
    """The chunks, ending the read transaction after each one is built and at the end."""
    try:
        for chunk in chunks:
            # Why: a client that reads slowly, or never finishes, must not hold a transaction
            # (and its table locks) open; the next chunk's query starts a fresh one.
            session.rollback()
            yield chunk
    finally:
        session.rollback()  # the query that found no more rows began one too


def _pair_documents(
    session: Session, pairs: list[api.Pair], full: bool, minimal: bool = False
) -> list[Any]:
    ids = list(dict.fromkeys(rid for rid, _ in pairs))
    resources = {r.id: r for r in get_resources(session, ids)}
    return shapes.pair_items(resources, pairs, full, minimal)


def _chunks(items: list[T]) -> Iterable[list[T]]:
    return (items[i : i + api.CHUNK] for i in range(0, len(items), api.CHUNK))


def _found(item: T | None, what: str) -> T:
    if item is None:
        abort(404, f"No such {what} in the public directory.")
    return item


@bp.get("/")
@access("public")
def details() -> Response:
    """What this API is: the HSDS version, its profile and its OpenAPI document."""
    return _cached(jsonify(shapes.api_details(absolute_url("api_docs.openapi_json"))))


@bp.get("/services")
@access("public")
def services() -> Response:
    """Public services passing every filter: a page, or all of them as NDJSON."""
    q, session = _parsed(params.service_query), get_session()
    if q.ndjson:
        return _ndjson(
            [shapes.service_item(session, r, q) for r in rows]
            for rows in api.all_services(session, q)
        )
    rows, total = api.services_page(session, q)
    return _page([shapes.service_item(session, r, q) for r in rows], total, q)


@bp.get("/services/<service_id>")
@access("public")
def service(service_id: str) -> Response:
    """One public service, fully nested."""
    found: Resource = _found(api.resource_by_id(get_session(), service_id), "service")
    return _cached(jsonify(service_document(found)), found.updated_at)


@bp.get("/service_at_locations")
@access("public")
def service_at_locations() -> Response:
    """Each place of each public service passing every filter (and near a postcode)."""
    q, session = _parsed(params.place_query), get_session()
    if q.ndjson:
        pairs = api.all_pairs(session, q)
        return _ndjson(_pair_documents(session, c, q.full, q.minimal) for c in _chunks(pairs))
    page, total = api.pairs_page(session, q)
    return _page(_pair_documents(session, page, q.full, q.minimal), total, q)


@bp.get("/service_at_locations/<service_at_location_id>")
@access("public")
def service_at_location(service_at_location_id: str) -> Response:
    """One place of a public service, with the service and the place fully nested."""
    session = get_session()
    rid, lid = _found(api.pair_by_id(session, service_at_location_id), "service at location")
    found: Resource = _found(session.get(Resource, rid), "service at location")
    return _cached(jsonify(shapes.service_at_location(found, lid, True)), found.updated_at)


@bp.get("/organizations")
@access("public")
def organizations() -> Response:
    """Organisations that run at least one public service."""
    q, session = _parsed(params.list_query, "full", "full_service"), get_session()
    if q.ndjson:
        return _ndjson(
            [shapes.organisation_item(session, o, q) for o in chunk]
            for chunk in api.all_organisations(session, q)
        )
    found, total = api.organisations_page(session, q)
    return _page([shapes.organisation_item(session, o, q) for o in found], total, q)


@bp.get("/organizations/<organization_id>")
@access("public")
def organization(organization_id: str) -> Response:
    """One organisation with its public services (their ids and one-to-one fields, or full)."""
    full_service = params.boolean(request.args, "full_service")
    session = get_session()
    found = _found(api.organisation_by_id(session, organization_id), "organization")
    doc = shapes.organisation_full(session, found, full_service)
    return _cached(jsonify(doc), found.updated_at)


def _listed(items: list[dict[str, Any]], q: ApiQuery) -> Response:
    if q.ndjson:
        return _ndjson(iter([items]))
    return _page(_slice(items, q), len(items), q)


def _by_id(items: Iterable[Mapping[str, Any]], wanted: str, what: str) -> Response:
    return _cached(jsonify(_found(next((i for i in items if i["id"] == wanted), None), what)))


@bp.get("/taxonomies")
@access("public")
def taxonomies() -> Response:
    """The directory's taxonomies."""
    q = _parsed(params.list_query)
    return _listed(api.taxonomies(q), q)


@bp.get("/taxonomies/<taxonomy_id>")
@access("public")
def taxonomy(taxonomy_id: str) -> Response:
    """One taxonomy."""
    return _by_id(taxonomy_documents()[0], taxonomy_id, "taxonomy")


@bp.get("/taxonomy_terms")
@access("public")
def taxonomy_terms() -> Response:
    """Terms of the directory's taxonomies, optionally of one taxonomy or under one term."""
    q = _parsed(params.list_query, "taxonomy_id", "top_only", "parent_id")
    return _listed(api.taxonomy_terms(q), q)


@bp.get("/taxonomy_terms/<taxonomy_term_id>")
@access("public")
def taxonomy_term(taxonomy_term_id: str) -> Response:
    """One taxonomy term."""
    return _by_id(taxonomy_documents()[1], taxonomy_term_id, "taxonomy term")


__all__ = ["MAX_PAGE", "MAX_PER_PAGE", "MAX_TEXT", "PER_PAGE", "bp"]
