"""The read-only Open Referral HSDS 3.0 API over public resources (paged as the HSDS OpenAPI)."""

from __future__ import annotations

from typing import Any, TypeVar

from flask import Blueprint, abort, jsonify, request
from sqlalchemy import func
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar
from werkzeug.wrappers import Response

from directory import vocabulary
from directory.auth import access
from directory.db import get_session
from directory.hsds import mapping as m
from directory.hsds.export import organisation_document, service_document, taxonomy_documents
from directory.models import Organisation, Resource, ResourceTag
from directory.resources import get_resources
from directory.search import SearchFilters, get_search
from directory.views.public import cached, is_visible, visible_clause

bp = Blueprint("hsds_api", __name__, url_prefix="/api/hsds")

PER_PAGE = 20
MAX_PER_PAGE = 100
MAX_PAGE = 10_000
MAX_TEXT = 200
T = TypeVar("T")


def _int_arg(name: str, default: int, high: int) -> int:
    """A whole-number query argument from 1 to high, or a 400 that says what to send."""
    raw = request.args.get(name)
    if raw is None:
        return default
    text = raw.strip()
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= high:
        abort(400, f"'{name}' must be a whole number from 1 to {high}")
    return int(text)


def _text_arg(name: str) -> str:
    """A short text query argument, or a 400 for one that is too long or has control codes."""
    raw = request.args.get(name, "")
    if len(raw) > MAX_TEXT:
        abort(400, f"'{name}' must be {MAX_TEXT} characters or fewer")
    if any(ord(ch) < 32 for ch in raw):
        abort(400, f"'{name}' must not contain control characters")
    return raw.strip()


def paging() -> tuple[int, int]:
    """The requested page (1-based) and page size."""
    return _int_arg("page", 1, MAX_PAGE), _int_arg("per_page", PER_PAGE, MAX_PER_PAGE)


def page_document(contents: list[Any], total: int, page: int, per_page: int) -> dict[str, Any]:
    """One page in the HSDS 3.0 OpenAPI `Page` shape, with its contents."""
    pages = max(1, -(-total // per_page))
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": page,
        "per_page": per_page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= pages,
        "empty": total == 0,
        "contents": contents,
    }


def _page_of(items: list[T], page: int, per_page: int) -> list[T]:
    start = (page - 1) * per_page
    return items[start : start + per_page]


def _answer(doc: dict[str, Any]) -> Response:
    return cached(jsonify(doc))


def _term_lookup() -> dict[str, tuple[str, str]]:
    """Exported taxonomy term ids -> (scheme, code)."""
    _, terms = taxonomy_documents()
    return {t["id"]: (t["taxonomy"], t["code"]) for t in terms}


def _filter_by_term(query: SelectOfScalar[Resource], term_id: str) -> SelectOfScalar[Resource]:
    """Only resources with this taxonomy term (unknown terms match nothing)."""
    found = _term_lookup().get(term_id)
    if found is None:
        return query.where(col(Resource.id).is_(None))
    scheme, code = found
    if scheme == vocabulary.SETTING:
        return query.where(col(Resource.setting) == code)
    if scheme == m.JOIN:
        return query.where(col(Resource.how_to_join) == code)
    tagged = select(ResourceTag.resource_id).where(
        col(ResourceTag.scheme) == scheme, col(ResourceTag.code) == code
    )
    return query.where(col(Resource.id).in_(tagged))


def _find_by_hsds_id(kind: str, ids: list[str], wanted: str) -> str | None:
    """The local id whose exported HSDS id is `wanted` (ids are UUIDs or stable UUIDv5s)."""
    for local in ids:
        if m.hsds_id(kind, local) == wanted:
            return local
    return None


def _visible_ids(session: Session) -> list[str]:
    return list(session.exec(select(Resource.id).where(visible_clause())).all())


def _organisation_local_id(session: Session, wanted: str) -> str | None:
    """The local id of an organisation that runs a public resource, by its HSDS id."""
    if (
        session.get(Organisation, wanted) is not None
        and m.hsds_id("organisation", wanted) == wanted
    ):
        local: str | None = wanted
    else:
        ids = session.exec(select(Organisation.id)).all()
        local = _find_by_hsds_id("organisation", list(ids), wanted)
    return local if local in _public_organisation_ids(session) else None


def _public_organisation_ids(session: Session) -> set[str]:
    rows = session.exec(select(Resource.organisation_id).where(visible_clause()).distinct()).all()
    return {r for r in rows if r}


def _valid_id(value: str) -> str:
    """A path id that can be looked up (anything else is simply not found)."""
    if len(value) > 64 or any(ord(ch) < 32 for ch in value):
        abort(404, "No such record in the public directory.")
    return value


@bp.get("/services")
@access("public")
def services() -> Response:
    """Public resources as HSDS services, fully nested, a page at a time."""
    page, per_page = paging()
    text = _text_arg("search")
    term = _text_arg("taxonomy_term_id")
    org = _text_arg("organization_id")
    session = get_session()
    if text:
        filters = SearchFilters(statuses=(), public_only=True)
        try:
            found = get_search().search(
                text, filters, "relevance", page, per_page, snippets=False, facets=False
            )
        except ValueError as exc:
            abort(400, f"could not search for that: {exc}")
        # The backend applies public_only; check again so nothing hidden can slip out.
        rows = [r for r in get_resources(session, found.ids) if is_visible(r)]
        total = found.total
    else:
        query = select(Resource).where(visible_clause())
        if term:
            query = _filter_by_term(query, term)
        if org:
            local = _organisation_local_id(session, org)
            # An unknown organisation matches nothing (== None would mean "has none").
            query = query.where(col(Resource.organisation_id) == (local or ""))
        count = session.exec(select(func.count()).select_from(query.subquery())).one()
        total = int(count)
        rows = list(
            session.exec(
                query.order_by(col(Resource.name), col(Resource.id))
                .offset((page - 1) * per_page)
                .limit(per_page)
            ).all()
        )
    contents = [service_document(r) for r in rows]
    return _answer(page_document(contents, total, page, per_page))


@bp.get("/services/<service_id>")
@access("public")
def service(service_id: str) -> Response:
    """One public resource as a fully nested HSDS service."""
    wanted = _valid_id(service_id)
    session = get_session()
    found = session.get(Resource, wanted)
    if found is None or m.hsds_id("resource", found.id) != wanted:
        local = _find_by_hsds_id("resource", _visible_ids(session), wanted)
        found = session.get(Resource, local) if local else None
    if found is None or not is_visible(found):
        abort(404, "No such service in the public directory.")
    return cached(jsonify(service_document(found)), found.updated_at)


@bp.get("/organizations")
@access("public")
def organizations() -> Response:
    """Organisations that run at least one public resource, a page at a time."""
    page, per_page = paging()
    session = get_session()
    ids = _public_organisation_ids(session)
    query = select(Organisation).where(col(Organisation.id).in_(ids))
    total = len(ids)
    rows = session.exec(
        query.order_by(col(Organisation.name), col(Organisation.id))
        .offset((page - 1) * per_page)
        .limit(per_page)
    ).all()
    contents = [organisation_document(o) for o in rows]
    return _answer(page_document(contents, total, page, per_page))


@bp.get("/organizations/<organization_id>")
@access("public")
def organization(organization_id: str) -> Response:
    """One organisation that runs a public resource."""
    session = get_session()
    local = _organisation_local_id(session, _valid_id(organization_id))
    found = session.get(Organisation, local) if local else None
    if found is None:
        abort(404, "No such organization in the public directory.")
    return cached(jsonify(organisation_document(found)), found.updated_at)


@bp.get("/taxonomies")
@access("public")
def taxonomies() -> Response:
    """The directory's taxonomies (interests, access, setting, how to join)."""
    page, per_page = paging()
    items, _ = taxonomy_documents()
    return _answer(page_document(_page_of(items, page, per_page), len(items), page, per_page))


@bp.get("/taxonomy_terms")
@access("public")
def taxonomy_terms() -> Response:
    """Every term of the directory's taxonomies, optionally of one taxonomy."""
    page, per_page = paging()
    taxonomy_id = _text_arg("taxonomy_id")
    _, items = taxonomy_documents()
    if taxonomy_id:
        items = [t for t in items if t["taxonomy_id"] == taxonomy_id]
    return _answer(page_document(_page_of(items, page, per_page), len(items), page, per_page))


__all__ = ["bp", "page_document", "paging"]
