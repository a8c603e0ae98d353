"""The practitioner's search page and resource pages."""

from __future__ import annotations

import functools
import html
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

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
from flask import session as cookie_session
from flask_login import current_user
from markupsafe import Markup
from werkzeug.wrappers import Response

from core.auth import access, safe_next
from core.db import get_session
from core.models import Team, User
from core.times import date_text, utcnow
from directory import pending, team_notes, vocabulary
from directory.models import DAYS, FLAG_REASON_MAX, Organisation, Resource
from directory.public_rows import PublicRow
from directory.search import SearchResult, get_search
from directory.search_form import (
    RADIUS_CHOICES,
    SORTS,
    SearchForm,
    chips,
    parse_search,
    read_request,
    sort_value,
)
from directory.team_rows import TeamRow, team_rows
from directory.wording import CHECKED_HOW, cost_text, join_text, next_session_text, session_text

bp = Blueprint("team", __name__)

FACET_PARAMS = {
    "interest": ("interest", vocabulary.INTEREST, "Interest"),
    "interests": ("interest", vocabulary.INTEREST, "Interest"),
    "access": ("access", vocabulary.ACCESS, "Access"),
    "setting": ("setting", vocabulary.SETTING, "Setting"),
    "settings": ("setting", vocabulary.SETTING, "Setting"),
}
CHOSEN_ATTR = {"interest": "interests", "access": "access", "setting": "settings"}
FACET_LINKS = 12  # per group, most results first
CONFIRM_FORM = "confirm-form"  # the id of the form every "Still running" button submits
_ALLOWED_TAG = re.compile(r"<(/?)(mark|b|strong|em)>")
URL_SAFE_ID = re.compile(r"[A-Za-z0-9_.~-]+\Z")  # what url_for writes into a path unchanged
LAST_SEARCH = "cg_last_search"  # the session key of the search a resource page goes back to


@bp.app_template_filter("safe_snippet")
@functools.lru_cache(maxsize=4096)
def safe_snippet(snippet: str) -> Markup:
    """A search snippet with only highlight tags kept; any other markup is shown as text."""
    parts = []
    pos = 0
    for match in _ALLOWED_TAG.finditer(snippet):
        parts.append(html.escape(html.unescape(snippet[pos : match.start()])))
        parts.append(f"<{match.group(1)}mark>")
        pos = match.end()
    parts.append(html.escape(html.unescape(snippet[pos:])))
    return Markup("".join(parts))  # noqa: S704 - every piece above is escaped


def is_stale(resource: Resource) -> bool:
    """Not confirmed within the configured period."""
    return resource.is_stale(int(current_app.config["STALE_AFTER_DAYS"]))


_LEAFLET_CHECKED: dict[str, tuple[float, bool]] = {}  # static folder -> (when, found)
LEAFLET_RECHECK_S = 60.0  # a stat per search page cost more than the page's map needs


def leaflet_available() -> bool:
    """Tell whether `make assets` has installed Leaflet (looked at once a minute)."""
    static = current_app.static_folder or "static"
    now = time.monotonic()
    checked = _LEAFLET_CHECKED.get(static)
    if checked is None or now - checked[0] > LEAFLET_RECHECK_S:
        found = (Path(static) / "vendor" / "leaflet" / "leaflet.js").exists()
        checked = _LEAFLET_CHECKED[static] = (now, found)
    return checked[1]


def resource_url(endpoint: str, resource_id: str) -> str:
    """The page of a resource at this endpoint."""
    return url_for(endpoint, resource_id=resource_id)


def map_markers(
    rows: Sequence[TeamRow | PublicRow], url: Callable[[str], str]
) -> list[dict[str, Any]]:
    """One map marker per venue of the result rows that has coordinates, listing every result
    there by its number in the list; url(id) links each."""
    venues: dict[tuple[float, float], dict[str, Any]] = {}
    for number, row in enumerate(rows, start=1):
        for p in row.places:
            if p.lat is None or p.lon is None:
                continue
            # About a metre apart or less: one building, one pin.
            key = (round(p.lat, 5), round(p.lon, 5))
            venue = venues.setdefault(
                key, {"place": p.name or p.postcode, "lat": p.lat, "lon": p.lon, "items": []}
            )
            if all(item["number"] != number for item in venue["items"]):
                link = {"number": number, "name": row.name, "url": url(row.id)}
                venue["items"].append({**link, "distance": row.distance})
    return list(venues.values())


@dataclass(frozen=True, slots=True)
class FacetLink:
    """One link of a facet group: this search's arguments with one more filter."""

    args: dict[str, Any]
    label: str
    count: int


@dataclass(frozen=True, slots=True)
class FacetGroup:
    """A facet group's title and its links, most results first."""

    title: str
    links: list[FacetLink]


def _facets(form: SearchForm, result: SearchResult) -> list[FacetGroup]:
    """Facet groups, each a title and the links that add one more filter."""
    groups = []
    for key, counts in result.facets.items():
        if key not in FACET_PARAMS or not counts:
            continue
        param, scheme, title = FACET_PARAMS[key]
        chosen = getattr(form, CHOSEN_ATTR[param])
        known = vocabulary.TERMS.get(scheme, {})
        # Most results first, then by code: the sort is stable, reversed or not.
        ranked = sorted(sorted(counts), key=counts.__getitem__, reverse=True)
        shown = [c for c in ranked if counts[c] and c not in chosen and c in known][:FACET_LINKS]
        links = [
            FacetLink(
                form.args(**{param: [*sorted(chosen), code], "page": ""}),
                vocabulary.label(scheme, code),
                counts[code],
            )
            for code in shown
        ]
        if links:
            groups.append(FacetGroup(title, links))
    free = result.facets.get("cost", {}).get("free", 0)
    if free and not form.free_only and free < result.total:
        groups.append(FacetGroup("Cost", [FacetLink(form.args(free="1", page=""), "Free", free)]))
    return groups


def _tiles_origin(template: str) -> str:
    """The scheme and host the map tiles come from, for the page's img-src."""
    parts = urlsplit(template.replace("{s}", "a"))
    if parts.scheme != "https" or not parts.netloc:
        return ""
    host = parts.netloc.replace("a.", "*.", 1) if "{s}." in template else parts.netloc
    return f"https://{host}"


def map_tiles() -> tuple[str, str]:
    """The configured tile URL template and its credit; ('', '') draws pins on a plain map."""
    config = current_app.config
    return str(config.get("MAP_TILES") or ""), str(config.get("MAP_TILES_ATTRIBUTION") or "")


def map_csp(tiles: str) -> str | None:
    """The page's CSP when its map draws tiles from another https origin, else None."""
    from core.security import content_security_policy

    origin = _tiles_origin(tiles)
    # The map's background tiles are the one thing a page may load from elsewhere.
    return content_security_policy(img_src=f"'self' data: {origin}") if origin else None


@bp.get("/")
@access("member")
def home() -> Response:
    """The practitioner's search page: the form, and results once they search."""
    session = get_session()
    understood = read_request(request.args, session)
    if understood is not None:
        return redirect(f"{url_for('team.home')}?{understood}", 303)
    form = parse_search(request.args, session)
    result: SearchResult | None = None
    rows: list[TeamRow] = []
    if form.submitted and not form.errors:
        try:
            result = get_search().search(form.q, form.filters, sort_value(form), form.page)
        except ValueError as exc:
            form.errors["q"] = f"We could not search for that: {exc}"
        else:
            rows = team_rows(
                session.connection(),
                result.ids,
                utcnow(),
                int(current_app.config["STALE_AFTER_DAYS"]),
                form.receives_benefits,
                result.distances_km,
            )
    if form.submitted and cookie_session.get(LAST_SEARCH) != request.full_path:
        cookie_session[LAST_SEARCH] = request.full_path
    markers = map_markers(rows, functools.partial(resource_url, "team.resource")) if result else []
    tiles, attribution = map_tiles()
    home_path = url_for("team.home")
    page = render_template(
        "directory/search.html",
        form=form,
        result=result,
        rows=rows,
        confirm_form=CONFIRM_FORM,
        home_path=home_path,
        facets=_facets(form, result) if result else [],
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
    return response


@bp.get("/resources/<resource_id>")
@access("member")
def resource(resource_id: str) -> str:
    """One resource in full, with the viewer's own team's notes and those other teams share."""
    found = get_session().get(Resource, resource_id)
    if found is None:
        abort(404, "That resource is not in the directory.")
    return resource_page(found)


def resource_page(
    found: Resource, flag_errors: dict[str, str] | None = None, flag_reason: str = ""
) -> str:
    """The resource page; a refused "might have changed" shows its error and what was typed."""
    session = get_session()
    team_id = current_user.team_id
    organisation = (
        session.get(Organisation, found.organisation_id) if found.organisation_id else None
    )
    confirmed_by = (
        session.get(User, found.last_confirmed_by_id) if found.last_confirmed_by_id else None
    )
    return render_template(
        "directory/resource.html",
        resource=found,
        organisation=organisation,
        confirmed_by=confirmed_by.display_name if confirmed_by else "",
        cost_text=cost_text,
        join_text=join_text,
        next_session_text=next_session_text,
        session_text=session_text,
        is_stale=is_stale,
        date_text=date_text,
        sessions=sorted(found.sessions, key=lambda s: (DAYS.index(s.day), s.start)),
        team=session.get(Team, team_id) if team_id is not None else None,
        own=team_notes.values(team_notes.own_note(session, found.id, team_id)),
        shared=team_notes.shared_notes(session, found.id, team_id),
        flag_errors=flag_errors or {},
        flag_reason=flag_reason,
        flag_max=FLAG_REASON_MAX,
        held=_held(found),
        checked_how=CHECKED_HOW,
        last_search=safe_next(cookie_session[LAST_SEARCH]) if LAST_SEARCH in cookie_session else "",
    )


def _held(found: Resource) -> list[dict[str, Any]]:
    """The record's changes waiting for confirmation, in words, with who heard them."""
    session = get_session()
    out = []
    for change in pending.pending_for(session, found.id):
        by = session.get(User, change.created_by_id) if change.created_by_id else None
        out.append(
            {
                "id": change.id,
                "source": change.source,
                "by": by.display_name if by else "",
                "at": date_text(change.created_at),
                "rows": pending.described(change, found),
                "left_out": change.left_out,
                "note": change.note,
            }
        )
    return out
