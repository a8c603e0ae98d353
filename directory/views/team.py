"""The practitioner's search page and resource pages."""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass
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
from flask import session as cookie_session
from markupsafe import Markup
from werkzeug.wrappers import Response

from core.auth import access
from core.db import get_session
from core.times import utcnow
from directory import vocabulary
from directory.models import Resource
from directory.search import SearchResult, get_search
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
from directory.team_rows import TeamRow, team_rows
from directory.views.links import resource_url
from directory.views.maps import leaflet_available, map_csp, map_markers, map_tiles
from directory.views.resource_page import LAST_SEARCH, resource_page

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
        result = _search(form)
        if result is not None:
            rows = team_rows(
                session.connection(),
                result.ids,
                utcnow(),
                int(current_app.config["STALE_AFTER_DAYS"]),
                form.receives_benefits,
                result.distances_km,
                form.filters,
            )
            if notice := nothing_more_today(form, rows):
                form.notices.append(notice)
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
        wider=loosen(form, session, _count) if result and not result.total else [],
    )
    response = make_response(page, 400 if form.errors else 200)
    csp = map_csp(tiles) if markers else None
    if csp:
        response.headers["Content-Security-Policy"] = csp
    return response


def _search(form: SearchForm, **light: Any) -> SearchResult | None:
    """Run the form's search; None, with the reason on the form, when the engine refuses it."""
    try:
        return get_search().search(form.q, form.filters, sort_value(form), form.page, **light)
    except ValueError as exc:
        form.errors["q"] = f"We could not search for that: {exc}"
        return None


def _count(form: SearchForm) -> int:
    """How many resources a team search finds (up to the engine's cap)."""
    found = _search(form, per_page=1, snippets=False, facets=False)
    return found.total if found else 0


@bp.get("/resources/<resource_id>")
@access("member")
def resource(resource_id: str) -> str | Response:
    """One resource in full, with the viewer's own team's notes and those other teams share."""
    found = get_session().get(Resource, resource_id)
    if found is None:
        if kept := merged_into(get_session(), resource_id):
            return redirect(url_for("team.resource", resource_id=kept.id))
        abort(404, "That resource is not in the directory.")
    return resource_page(found)
