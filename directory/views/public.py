"""The public, read-only directory for community partners: search, map, pages, print, embed.

Templates here only ever see `PublicEntry` objects built from `to_public`, or `PublicRow`s that
read only public columns, so team-only fields (notes, contacts, provenance) cannot reach a public
page by accident.
"""

from __future__ import annotations

import dataclasses
import hashlib
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from sqlalchemy import func
from sqlmodel import col, select
from werkzeug.http import is_resource_modified
from werkzeug.wrappers import Response

from directory import geo
from directory.auth import access
from directory.db import get_session
from directory.hosts import absolute_url, varies_by_host
from directory.models import (
    DAYS,
    Organisation,
    Resource,
    ResourcePublic,
    ReviewState,
    Status,
    utcnow,
)
from directory.public_rows import PublicRow, public_rows, visible_clause
from directory.resources import to_public
from directory.search import SearchResult, get_search
from directory.search.common import directory_version
from directory.search_form import (
    RADIUS_CHOICES,
    SORTS,
    SearchForm,
    chips,
    parse_search,
    read_request,
    sort_value,
)
from directory.security import content_security_policy
from directory.views.team import (
    URL_SAFE_ID,
    leaflet_available,
    map_csp,
    map_markers,
    map_tiles,
    resource_url,
)
from directory.wording import (
    checked_text,
    cost_text,
    distance_text,
    join_text,
    next_session_text,
    period_text,
    session_text,
)

bp = Blueprint("public", __name__, url_prefix="/public")

# Shared caches and browsers may keep a public page PUBLIC_CACHE_SECONDS (60 by default)
# without asking again; after it, a conditional GET is answered 304 while nothing changed.
CACHE_CONTROL = "public, max-age=60"
# An ETag also changes every quarter hour: a page's "next session" and "last checked" wording
# moves with the clock, not with the directory.
ETAG_PERIOD_S = 900
EMBED_PER_PAGE = 10
CODE_STAMP_KEY = "commonground.code_stamp"


def _code_stamp() -> str:
    """When the templates and code last changed (read once): older pages get other ETags."""
    stamp = current_app.extensions.get(CODE_STAMP_KEY)
    if stamp is None:
        app = current_app
        roots = [
            Path(app.root_path) / str(app.template_folder),
            Path(__file__).resolve().parents[1],
        ]
        stamp = str(
            max(
                (
                    p.stat().st_mtime_ns
                    for root in roots
                    for p in root.rglob("*")
                    if p.suffix in (".html", ".py") and p.is_file()
                ),
                default=0,
            )
        )
        current_app.extensions[CODE_STAMP_KEY] = stamp
    return str(stamp)


def page_etag() -> str:
    """This request's ETag: the directory version, the URL, the host, the code and the quarter
    hour (a digest: the search words are not repeated in a header)."""
    parts = (
        str(directory_version(get_session().connection())),
        request.full_path,
        request.host if varies_by_host() else "",
        _code_stamp(),
        str(int(time.time() // ETAG_PERIOD_S)),
    )
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]


def is_visible(resource: Resource) -> bool:
    """Tell whether anyone may see this resource."""
    return (
        resource.status == Status.ACTIVE.value
        and resource.review_state == ReviewState.CONFIRMED.value
        and resource.is_public
    )


@dataclass
class PublicEntry:
    """What a public page may show about one resource."""

    info: ResourcePublic
    organisation: str = ""
    cost: str = ""
    next_session: str = ""
    sessions: list[str] = field(default_factory=list)
    places: list[dict[str, Any]] = field(default_factory=list)
    confirmed: str = ""  # 'Last checked 3 weeks ago' or 'Not checked since March 2025'
    stale: bool = False
    join: str = ""
    distance: str = ""


def stale_after_days() -> int:
    """Days after which an entry counts as not checked recently."""
    return int(current_app.config["STALE_AFTER_DAYS"])


def entry(
    resource: Resource, organisation: str = "", distance_km: float | None = None
) -> PublicEntry:
    """The public view of a resource, with its times, places and costs in words."""
    ordered = sorted(resource.sessions, key=lambda s: (DAYS.index(s.day), s.start))
    places = [
        {
            "name": loc.name,
            "address": loc.address,
            "postcode": loc.postcode,
            "lat": loc.latitude,
            "lon": loc.longitude,
        }
        for loc in resource.locations
    ]
    return PublicEntry(
        info=to_public(resource),
        organisation=organisation,
        cost=cost_text(resource),
        next_session=next_session_text(resource),
        sessions=[session_text(s) for s in ordered],
        places=places,
        confirmed=checked_text(
            resource.last_confirmed_at, stale_after_days(), how=resource.last_confirmed_how
        ),
        stale=resource.is_stale(stale_after_days()),
        join=join_text(resource.how_to_join, resource.join_details),
        distance=distance_text(distance_km),
    )


def _rows(result: SearchResult) -> list[PublicRow]:
    """The result page's resources as cards (re-checked: only visible ones)."""
    conn = get_session().connection()
    return public_rows(conn, result.ids, result.distances_km, stale_after_days())


def public_url(resource_id: str) -> str:
    """The public page of a resource."""
    return resource_url("public.resource", resource_id)


def _as_utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def cached(
    response: Response, last_modified: datetime | None = None, etag: str | None = None
) -> Response:
    """Mark a public answer cacheable for a short while, with its ETag (by default a digest of
    the body) and Last-Modified; answer 304 when the client's copy is current.

    Public pages do not show who is signed in; a signed-in visitor's answers are `no-store`
    (security headers), and Flask adds `Vary: Cookie` once the session is read.
    """
    seconds = int(current_app.config["PUBLIC_CACHE_SECONDS"])
    response.headers["Cache-Control"] = f"public, max-age={seconds}"
    if varies_by_host():
        # Without a configured public URL, absolute links follow the (trusted) Host header.
        response.vary.add("Host")
    if last_modified is not None:
        response.last_modified = _as_utc(last_modified)
    if etag is None:
        response.add_etag()
    else:
        response.set_etag(etag)
    return response.make_conditional(request)


def unchanged(etag: str, last_modified: datetime | None = None) -> Response | None:
    """A 304 answer, drawn without the page, when the client holds this ETag; else None."""
    when = _as_utc(last_modified) if last_modified is not None else None
    if is_resource_modified(request.environ, etag, last_modified=when):
        return None
    return cached(Response(), last_modified, etag)


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
    found = get_session().get(Resource, resource_id) if "\x00" not in resource_id else None
    if found is None or not is_visible(found):
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
    entries = _rows(result) if result else []
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
    )
    response = make_response(page, 400 if form.errors else 200)
    csp = map_csp(tiles) if markers else None
    if csp:
        response.headers["Content-Security-Policy"] = csp
    return cached(response, etag=etag) if response.status_code == 200 else response


def _resource_page(resource_id: str, printable: bool) -> Response:
    """A public resource's page, on screen or for paper; 304 when the client's copy is current."""
    found = _get_visible(resource_id)
    etag = page_etag()
    answer = unchanged(etag, found.updated_at)
    if answer is not None:
        return answer
    page = render_template(
        "public/resource.html", e=entry(found, _organisation_name(found)), printable=printable
    )
    return cached(make_response(page), found.updated_at, etag)


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
    etag = page_etag()
    answer = unchanged(etag)
    if answer is not None:
        return answer
    form = parse_search(request.args, get_session())
    result = _search(form, EMBED_PER_PAGE)
    entries = _rows(result) if result else []
    page = render_template(
        "public/embed.html",
        form=form,
        result=result,
        entries=entries,
        full_url=absolute_url("public.search", **form.args(page="")),
    )
    response = make_response(page, 400 if form.errors else 200)
    # The one page other sites may frame.
    response.headers["Content-Security-Policy"] = content_security_policy(frame_ancestors="*")
    return cached(response, etag=etag) if response.status_code == 200 else response
