"""The public, read-only directory for community partners: search, map, pages, print, embed.

Templates here only ever see `PublicEntry` objects built from `to_public`, or `PublicRow`s that
read only public columns, so team-only fields (notes, contacts, provenance) cannot reach a public
page by accident.
"""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from typing import Any

from flask import (
    Blueprint,
    abort,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from sqlalchemy import func
from sqlmodel import col, select
from werkzeug.wrappers import Response

from core.auth import access
from core.db import get_session
from core.hosts import absolute_url
from core.security import content_security_policy
from core.times import date_text, utcnow
from directory import geo
from directory.models import Organisation, Resource
from directory.public_rows import PublicRow, public_rows
from directory.search import SearchFilters, SearchResult, get_search
from directory.search_form import (
    RADIUS_CHOICES,
    SORTS,
    SearchForm,
    chips,
    loosen,
    nothing_more_today,
    parse_search,
    read_request,
    sort_value,
)
from directory.stewardship.history import merged_into
from directory.views.caching import cached, page_etag, page_modified, unchanged
from directory.views.links import URL_SAFE_ID, public_url
from directory.views.maps import leaflet_available, map_csp, map_markers, map_tiles
from directory.views.public_entry import entry, stale_after_days
from directory.visibility import visible, visible_clause
from directory.wording import (
    period_text,
)

bp = Blueprint("public", __name__, url_prefix="/public")

EMBED_PER_PAGE = 10


def _rows(result: SearchResult, asked: SearchFilters | None = None) -> list[PublicRow]:
    """The result page's resources as cards (re-checked: only visible ones)."""
    conn = get_session().connection()
    return public_rows(conn, result.ids, result.distances_km, stale_after_days(), asked)


def _search(form: SearchForm, per_page: int | None = None) -> SearchResult | None:
    """Run the form's search over public resources only; None when the form has errors."""
    if form.errors:
        return None
    filters = dataclasses.replace(form.filters, public_only=True, review_states=())
    kwargs: dict[str, Any] = {"per_page": per_page} if per_page else {}
    try:
        # Public pages show no snippets or facets: not building them saves a query and counting.
        return get_search().search(
            form.q,
            filters,
            sort_value(form),
            form.page,
            **kwargs,
            snippets=False,
            facets=False,
        )
    except ValueError as exc:
        form.errors["q"] = f"We could not search for that: {exc}"
        return None


def _get_visible(resource_id: str) -> Resource:
    """A publicly visible resource, or 404 (the same answer whether hidden or missing)."""
    if "\x00" in resource_id:
        abort(404, "That group or activity is not in the public directory.")
    found = get_session().get(Resource, resource_id)
    kept = merged_into(get_session(), resource_id) if found is None else None
    if kept is not None and visible(kept):  # merged into another: its address leads on
        abort(redirect(request.path.replace(resource_id, kept.id, 1)))
    if found is None or not visible(found):
        abort(404, "That group or activity is not in the public directory.")
    return found


def _organisation_name(resource: Resource) -> str:
    if not resource.organisation_id:
        return ""
    org = get_session().get(Organisation, resource.organisation_id)
    return org.name if org else ""


@bp.get("/")
@access("public")
def home() -> Response:
    """The public start page: a search box and how partners can embed the directory."""
    etag = page_etag()
    answer = unchanged(etag)
    if answer is not None:
        return answer
    session = get_session()
    count = session.exec(select(func.count()).where(visible_clause())).one()
    cutoff = utcnow() - timedelta(days=stale_after_days())
    recent = session.exec(
        select(func.count()).where(visible_clause(), col(Resource.last_confirmed_at) >= cutoff)
    ).one()
    page = render_template(
        "public/home.html",
        count=count,
        recent=recent,
        period=period_text(stale_after_days()),
        embed_url=absolute_url("public.embed"),
        example_place=geo.examples(session).district,
    )
    return cached(make_response(page), etag=etag)


@bp.get("/search")
@access("public")
def search() -> Response:
    """Search public resources: a plain GET form, a results list and a map of the results."""
    session = get_session()
    understood = read_request(request.args, session)
    if understood is not None:
        return redirect(f"{url_for('public.search')}?{understood}", 303)
    etag = page_etag()
    answer = unchanged(etag)
    if answer is not None:
        return answer
    form = parse_search(request.args, session)
    result = _search(form) if form.submitted else None
    entries = _rows(result, form.filters) if result else []
    if notice := nothing_more_today(form, entries):
        form.notices.append(notice)
    markers = map_markers(entries, public_url)
    tiles, attribution = map_tiles()
    page = render_template(
        "public/search.html",
        form=form,
        result=result,
        entries=entries,
        markers=markers,
        leaflet=leaflet_available(),
        tiles=tiles,
        attribution=attribution,
        radius_choices=RADIUS_CHOICES,
        sorts=SORTS,
        chips=chips(form),
        wider=loosen(form, session, _count) if result and not result.total else [],
    )
    response = make_response(page, 400 if form.errors else 200)
    csp = map_csp(tiles) if markers else None
    if csp:
        response.headers["Content-Security-Policy"] = csp
    return cached(response, etag=etag) if response.status_code == 200 else response


def _count(form: SearchForm) -> int:
    """How many public resources a search finds (up to the engine's cap)."""
    found = _search(form, per_page=1)
    return found.total if found else 0


def _resource_page(resource_id: str, printable: bool) -> Response:
    """A public resource's page, on screen or for paper; 304 when the client's copy is current."""
    found = _get_visible(resource_id)
    etag, modified = page_etag(), page_modified(found.updated_at)
    answer = unchanged(etag, modified)
    if answer is not None:
        return answer
    shown = entry(found, _organisation_name(found), dated=printable)
    printed = date_text(utcnow()) if printable else ""
    page = render_template("public/resource.html", e=shown, printable=printable, printed=printed)
    return cached(make_response(page), modified, etag)


@bp.get("/resources/<resource_id>")
@access("public")
def resource(resource_id: str) -> Response:
    """One public resource: what, when, where, cost, access, contact, when last confirmed."""
    return _resource_page(resource_id, printable=False)


@bp.get("/resources/<resource_id>/print")
@access("public")
def print_page(resource_id: str) -> Response:
    """One public resource laid out for paper."""
    return _resource_page(resource_id, printable=True)


@bp.get("/resources/<resource_id>.ics")
@access("public")
def resource_ics(resource_id: str) -> Response:
    """One public resource's sessions as an iCalendar feed."""
    found = _get_visible(resource_id)
    url = absolute_url("public.resource", resource_id=found.id)
    from directory import ical  # icalendar loads only for a calendar feed

    response = make_response(ical.resource_calendar(found, url))
    response.mimetype = "text/calendar"
    # An id is stored text: only one made of URL-safe characters names the file.
    name = f"{found.id}.ics" if URL_SAFE_ID.match(found.id) else "calendar.ics"
    response.headers.set("Content-Disposition", "attachment", filename=name)
    return cached(response, found.updated_at)


@bp.get("/embed")
@access("public")
def embed() -> Response:
    """A compact results list partners may show in an iframe on their own site."""
    understood = read_request(request.args, get_session())
    if understood is not None:
        return redirect(f"{url_for('public.embed')}?{understood}", 303)
    etag = page_etag()
    answer = unchanged(etag)
    if answer is not None:
        return answer
    form = parse_search(request.args, get_session())
    result = _search(form, EMBED_PER_PAGE)
    entries = _rows(result, form.filters) if result else []
    page = render_template(
        "public/embed.html",
        form=form,
        result=result,
        entries=entries,
        chips=chips(form),
        full_url=absolute_url("public.search", **form.args(page="")),
    )
    response = make_response(page, 400 if form.errors else 200)
    # The one page other sites may frame.
    response.headers["Content-Security-Policy"] = content_security_policy(frame_ancestors="*")
    return cached(response, etag=etag) if response.status_code == 200 else response
