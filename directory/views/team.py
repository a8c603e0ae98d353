"""The practitioner's search page and resource pages."""

from __future__ import annotations

import functools
import html
import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote_plus, urlencode, urlsplit

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
from markupsafe import Markup, escape
from werkzeug.wrappers import Response

from directory import pending, team_notes, vocabulary
from directory.auth import access, safe_next
from directory.db import get_session
from directory.models import DAYS, FLAG_REASON_MAX, Organisation, Resource, Team, User
from directory.models.base import utcnow
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
from directory.views.fragments import fragment, keyed_fragment
from directory.wording import (
    CHECKED_HOW,
    cost_text,
    date_text,
    join_text,
    next_session_text,
    session_text,
)

bp = Blueprint("team", __name__)

# Simple line icons (SVG, 24x24) shown beside each access feature's name; the name is the label.
ACCESS_ICONS = {
    "step-free": '<circle cx="10" cy="4" r="2"/><path d="M10 7v6h6l3 6"/>'
    '<path d="M7 10a6 6 0 1 0 8 7"/>',
    "accessible-toilet": '<path d="M6 3h4v8H6z"/><path d="M4 11h16a8 8 0 0 1-16 0z"/>'
    '<path d="M9 19v3h6v-3"/>',
    "hearing-loop": '<path d="M7 10a5 5 0 0 1 10 0c0 3-3 4-3 7a3 3 0 0 1-6 0"/>'
    '<path d="M10 10a2 2 0 0 1 4 0"/>',
    "quiet-space": '<path d="M20 14A8 8 0 1 1 10 4a6 6 0 0 0 10 10z"/>',
    "bsl": '<path d="M7 12V6a1.5 1.5 0 0 1 3 0v5M10 11V4a1.5 1.5 0 0 1 3 0v7M13 11V5a1.5 1.5 0 0 '
    "1 3 0v7M16 12V8a1.5 1.5 0 0 1 3 0v6a7 7 0 0 1-7 7h-1a6 6 0 0 1-5-3l-3-5a1.5 1.5 0 0 1 "
    '2.5-1.5L7 13"/>',
    "can-bring-support-worker": '<circle cx="8" cy="7" r="3"/><circle cx="17" cy="8" r="2.5"/>'
    '<path d="M2 20a6 6 0 0 1 12 0M13 20a4.5 4.5 0 0 1 9 0"/>',
    "newcomers-welcome": '<circle cx="12" cy="12" r="9"/><path d="M8 14a4 4 0 0 0 8 0"/>'
    '<path d="M9 9h.01M15 9h.01"/>',
    "women-only": '<circle cx="12" cy="9" r="5"/><path d="M12 14v8M8.5 18h7"/>',
    "lgbtq-plus": '<path d="M12 20s-8-5-8-11a4 4 0 0 1 8-1 4 4 0 0 1 8 1c0 6-8 11-8 11z"/>',
    "young-adults-16-25": '<circle cx="12" cy="6" r="3"/><path d="M6 21a6 6 0 0 1 12 0"/>',
    "over-50s": '<circle cx="11" cy="5" r="2.5"/><path d="M11 8v7l-3 6M11 15l3 6M11 10l4 2v9"/>',
}
DEFAULT_ICON = '<circle cx="12" cy="12" r="3"/>'
FACET_PARAMS = {
    "interest": ("interest", vocabulary.INTEREST, "Interest"),
    "interests": ("interest", vocabulary.INTEREST, "Interest"),
    "access": ("access", vocabulary.ACCESS, "Access"),
    "setting": ("setting", vocabulary.SETTING, "Setting"),
    "settings": ("setting", vocabulary.SETTING, "Setting"),
}
CHOSEN_ATTR = {"interest": "interests", "access": "access", "setting": "settings"}
FACET_LINKS = 12  # per group, most results first
URL_SAFE = "!$'()*,/:;?@"  # what werkzeug leaves unescaped in a query string
CARD = "directory/_card.html"
CONFIRM_FORM = "confirm-form"  # the id of the form every "Still running" button submits
_ALLOWED_TAG = re.compile(r"<(/?)(mark|b|strong|em)>")
URL_SAFE_ID = re.compile(r"[A-Za-z0-9_.~-]+\Z")  # what url_for writes into a path unchanged
_ID_MARK = "resource-id-mark"
LAST_SEARCH = "cg_last_search"  # the session key of the search a resource page goes back to


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


@functools.lru_cache(maxsize=64)
def _resource_path(script_root: str, endpoint: str) -> tuple[str, str]:
    head, _, tail = url_for(endpoint, resource_id=_ID_MARK).partition(_ID_MARK)
    return head, tail


def resource_url(endpoint: str, resource_id: str) -> str:
    """url_for(endpoint, resource_id=...), built once per endpoint (a page links many)."""
    if not URL_SAFE_ID.match(resource_id):
        return url_for(endpoint, resource_id=resource_id)
    head, tail = _resource_path(request.script_root, endpoint)
    return head + resource_id + tail


def resource_urls(endpoint: str, ids: Iterable[str]) -> dict[str, str]:
    """resource_url(endpoint, id) of each of ids."""
    return {rid: resource_url(endpoint, rid) for rid in ids}


def checkboxes(
    name: str,
    scheme: str,
    codes: tuple[str, ...],
    chosen: list[str],
    group_error: bool,
    icons: bool = False,
) -> Markup:
    """A group of filter checkboxes, rendered once per choice of boxes (48 interests cost much)."""
    args = (name, scheme, codes, tuple(chosen), bool(group_error), icons)
    return fragment("_checkboxes.html", "checkboxes", *args)


def search_filters(form: SearchForm, team: bool, clear_url: str) -> Markup:
    """The filters of a search form, rendered once per choice of filters (the words aside)."""
    # The form is worked out from the query string alone, so its filters decide the markup.
    chosen = sorted((k, v) for k, v in request.args.items(multi=True) if k not in ("q", "page"))
    errors = sorted((k, v) for k, v in form.errors.items() if k != "q")
    key = (team, clear_url, tuple(chosen), tuple(errors))
    args = (form, team, clear_url, RADIUS_CHOICES, SORTS, checkboxes)
    return keyed_fragment(key, "_search_filters.html", "search_filters", *args)


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
class Card:
    """What a search result's card shows beyond its cached head."""

    id: str
    name: str
    head: Markup
    why: str
    snippet: Markup
    confirm_url: str


def result_cards(rows: list[TeamRow], result: SearchResult, urls: dict[str, str]) -> list[Card]:
    """The result cards, each linking to urls[its id]; a row's own head is rendered once."""
    confirm = resource_urls("workspace.confirm", urls)
    cards = []
    for row in rows:
        rid = row.id
        text = result.snippets.get(rid)
        cards.append(
            Card(
                id=rid,
                name=row.name,
                head=fragment(CARD, "card_head", row, urls[rid]),
                why=", ".join(result.matched_terms.get(rid) or ()),
                snippet=safe_snippet(text) if text else Markup(),
                confirm_url=confirm[rid],
            )
        )
    return cards


def _query(args: dict[str, Any]) -> str:
    items = [(k, x) for k, v in args.items() for x in (v if isinstance(v, list | tuple) else (v,))]
    return urlencode(items, safe=URL_SAFE)


def search_url(path: str, args: dict[str, Any]) -> str:
    """path?args exactly as url_for writes them (a list repeats its key), for many links at once."""
    query = _query(args)
    return f"{path}?{query}" if query else path


@functools.lru_cache(maxsize=1024)
def _quoted(value: str) -> str:
    """A query-string key or value as urlencode writes it, escaped for an HTML attribute."""
    return str(escape(quote_plus(value, safe=URL_SAFE)))


def _facet_hrefs(
    path: str, form: SearchForm, param: str, chosen: list[str], codes: list[str]
) -> list[str]:
    """search_url of the form with `param` set to chosen + [code] for each code, HTML-escaped.

    The rest of the query is encoded once; chosen and codes are vocabulary codes (few, cached).
    """
    args = form.args(**{param: ["\x00"], "page": ""})  # a marker no form value can hold
    keys = list(args)
    at = keys.index(param)
    before = _query({k: args[k] for k in keys[:at]})
    after = _query({k: args[k] for k in keys[at + 1 :]})
    key = _quoted(param)
    head = str(escape(f"{path}?{before}&" if before else f"{path}?"))
    head += "".join(f"{key}={_quoted(value)}&amp;" for value in chosen)
    tail = str(escape(f"&{after}")) if after else ""
    return [f"{head}{key}={_quoted(code)}{tail}" for code in codes]


def _facet_links(hrefs: list[str], labels: list[str], counts: list[int]) -> Markup:
    """A facet group's list items: escaped hrefs and labels, and counts."""
    return Markup(  # noqa: S704 - hrefs and labels are escaped
        "".join(
            f'<li><a href="{href}">{label} <span class="count">({count})</span></a></li>'
            for href, label, count in zip(hrefs, labels, counts, strict=True)
        )
    )


@functools.lru_cache(maxsize=256)
def _label(scheme: str, code: str) -> str:
    """A term's name, escaped for HTML."""
    return str(escape(vocabulary.label(scheme, code)))


def _facets(form: SearchForm, result: SearchResult, home_path: str) -> list[dict[str, Any]]:
    """Facet groups, each a title and its links (markup) that add one more filter."""
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
        if shown:
            hrefs = _facet_hrefs(home_path, form, param, sorted(chosen), shown)
            labels = [_label(scheme, code) for code in shown]
            links = _facet_links(hrefs, labels, [counts[c] for c in shown])
            groups.append({"title": title, "links": links})
    free = result.facets.get("cost", {}).get("free", 0)
    if free and not form.free_only and free < result.total:
        href = str(escape(search_url(home_path, form.args(free="1", page=""))))
        groups.append({"title": "Cost", "links": _facet_links([href], ["Free"], [free])})
    return groups


@bp.app_template_global()
@functools.lru_cache(maxsize=64)
def access_icon(code: str) -> Markup:
    """The icon shown beside an access feature (decorative: the name beside it is the label)."""
    shapes = ACCESS_ICONS.get(code, DEFAULT_ICON)
    return Markup(  # noqa: S704 - constant markup from ACCESS_ICONS
        '<svg class="icon" aria-hidden="true" focusable="false" viewBox="0 0 24 24" '
        'fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" '
        f'stroke-linejoin="round">{shapes}</svg>'
    )


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
    from directory.security import content_security_policy

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
    urls = resource_urls("team.resource", [row.id for row in rows])
    markers = map_markers(rows, urls.__getitem__) if result else []
    tiles, attribution = map_tiles()
    home_path = url_for("team.home")
    page = render_template(
        "directory/search.html",
        form=form,
        result=result,
        cards=result_cards(rows, result, urls) if result else [],
        confirm_form=CONFIRM_FORM,
        home_path=home_path,
        facets=_facets(form, result, home_path) if result else [],
        markers=markers,
        leaflet=leaflet_available(),
        tiles=tiles,
        attribution=attribution,
        filters=search_filters(form, True, home_path),
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
