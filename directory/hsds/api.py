"""What the HSDS API lists: public services, places, organisations and taxonomies, found through
plain SQL and the search backend, every filter combined with AND."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

from sqlalchemy import ColumnElement, and_, false, func, or_, true, tuple_
from sqlmodel import Session, col, select

from directory import geo, vocabulary
from directory.hsds import mapping as m
from directory.hsds.export import place_id, service_at_location_id, taxonomy_documents
from directory.hsds.params import ApiQuery, BadParam
from directory.models import Organisation, Resource, ResourceLocation, ResourceSession, ResourceTag
from directory.resources import get_resources
from directory.search import SearchFilters, get_search
from directory.visibility import visible_clause

SEARCH_PAGE = 100  # the search backend's largest page
CHUNK = 200
MAX_ID = 64
Pair = tuple[str, int | None]  # (resource id, location row id or None for its online place)
R, L = Resource, ResourceLocation


def valid_id(value: str) -> bool:
    """Tell whether a path id could be one of ours (anything else is simply not found)."""
    return len(value) <= MAX_ID and not any(ord(ch) < 32 for ch in value)


def _public_organisations() -> Any:
    return select(R.organisation_id).where(visible_clause(), col(R.organisation_id).is_not(None))


def organisation_by_id(session: Session, wanted: str) -> Organisation | None:
    """An organisation that runs a public resource, by its HSDS id."""
    found = session.get(Organisation, wanted) if valid_id(wanted) else None
    if found is None or m.hsds_id("organisation", found.id) != wanted:
        ids = session.exec(select(Organisation.id).where(col(Organisation.id).in_(
            _public_organisations()))).all()  # fmt: skip
        local = next((i for i in ids if m.hsds_id("organisation", i) == wanted), None)
        found = session.get(Organisation, local) if local else None
    public = (
        found is not None
        and session.exec(
            _public_organisations().where(col(R.organisation_id) == found.id).limit(1)
        ).first()
    )
    return found if public else None


def resource_by_id(session: Session, wanted: str) -> Resource | None:
    """A public resource by its HSDS id."""
    found = session.get(Resource, wanted) if valid_id(wanted) else None
    if found is None or m.hsds_id("resource", found.id) != wanted:
        ids = session.exec(select(R.id).where(visible_clause())).all()
        local = next((i for i in ids if m.hsds_id("resource", i) == wanted), None)
        found = session.get(Resource, local) if local else None
    visible = (
        found is not None
        and session.exec(select(R.id).where(visible_clause(), col(R.id) == found.id)).first()
    )
    return found if visible else None


def _term_condition(term_id: str) -> ColumnElement[bool]:
    """Resources that carry this taxonomy term (an unknown term matches nothing)."""
    _, terms = taxonomy_documents()
    found = next((t for t in terms if t["id"] == term_id), None)
    if found is None:
        return false()
    scheme, code = found["taxonomy"], found["code"]
    if scheme == vocabulary.SETTING:
        return col(R.setting) == code
    if scheme == m.JOIN:
        return col(R.how_to_join) == code
    tagged = select(ResourceTag.resource_id).where(
        col(ResourceTag.scheme) == scheme, col(ResourceTag.code) == code
    )
    return col(R.id).in_(tagged)


def _taxonomy_condition(taxonomy_id: str) -> ColumnElement[bool]:
    """Resources with any term of this taxonomy (an unknown taxonomy matches nothing)."""
    taxonomies, _ = taxonomy_documents()
    found = next((t for t in taxonomies if t["id"] == taxonomy_id), None)
    if found is None:
        return false()
    if found["name"] in (vocabulary.SETTING, m.JOIN):
        return true()  # every resource has a setting and a way to join
    tagged = select(ResourceTag.resource_id).where(col(ResourceTag.scheme) == found["name"])
    return col(R.id).in_(tagged)


def _session_condition(q: ApiQuery) -> ColumnElement[bool]:
    """Resources with a session on the day, starting and ending inside the times given."""
    # With no end known, a session need only start inside the times.
    s = ResourceSession
    conds = [col(s.day) == q.day] if q.day else []
    if q.start_time:
        conds.append(col(s.start) >= q.start_time)
    if q.end_time:
        ended = and_(col(s.end) != "", col(s.end) <= q.end_time)
        conds.append(or_(ended, and_(col(s.end) == "", col(s.start) < q.end_time)))
    return col(R.id).in_(select(s.resource_id).where(*conds))


def service_conditions(session: Session, q: ApiQuery) -> list[ColumnElement[bool]]:
    """SQL for every service filter but `search`: public resources that pass them all."""
    conds = [visible_clause()]
    if q.taxonomy_term_id:
        conds.append(_term_condition(q.taxonomy_term_id))
    if q.taxonomy_id:
        conds.append(_taxonomy_condition(q.taxonomy_id))
    if q.organization_id:
        found = organisation_by_id(session, q.organization_id)
        conds.append(col(R.organisation_id) == found.id if found else false())
    if q.modified_after is not None:
        conds.append(col(R.updated_at) >= q.modified_after)
    if q.minimum_age is not None:
        conds.append(col(R.min_age) >= q.minimum_age)
    if q.maximum_age is not None:
        conds.append(col(R.max_age) <= q.maximum_age)
    if q.day or q.start_time or q.end_time:
        conds.append(_session_condition(q))
    return conds


def ranked_pages(session: Session, q: ApiQuery, first: int = 1) -> Iterator[tuple[list[str], int]]:
    """Pages of resource ids matching `search` and every filter, best first, with the total."""
    # The other filters choose the set the search backend ranks.
    only = None
    if q.filters_services:
        only = frozenset(session.exec(select(R.id).where(*service_conditions(session, q))).all())
    filters = SearchFilters(statuses=(), public_only=True, only_ids=only)
    backend, page = get_search(), first
    while True:
        try:
            found = backend.search(
                q.search, filters, "relevance", page, SEARCH_PAGE, snippets=False, facets=False
            )
        except ValueError as exc:
            raise BadParam(f"'search' could not be searched for: {exc}") from None
        yield found.ids, found.total
        if not found.ids or page * SEARCH_PAGE >= found.total:
            return
        page += 1


def searched(session: Session, q: ApiQuery, start: int, count: int) -> tuple[list[str], int]:
    """The ids ranked start..start+count among the matches of `search`, and how many match."""
    first = start // SEARCH_PAGE + 1
    offset = start - (first - 1) * SEARCH_PAGE
    ids: list[str] = []
    total = 0
    for page_ids, matched in ranked_pages(session, q, first):
        ids, total = ids + page_ids, matched
        if len(ids) >= offset + count:
            break
    return ids[offset : offset + count], total


def services_page(session: Session, q: ApiQuery) -> tuple[list[Resource], int]:
    """One page of public services passing every filter (ranked when searched, else by name)."""
    start = (q.page - 1) * q.per_page
    if q.search:
        ids, total = searched(session, q, start, q.per_page)
        return get_resources(session, ids), total
    query = select(R).where(*service_conditions(session, q))
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(
        query.order_by(col(R.name), col(R.id)).offset(start).limit(q.per_page)
    ).all()
    return list(rows), int(total)


def all_services(session: Session, q: ApiQuery) -> Iterator[list[Resource]]:
    """Every public service passing the filters, a chunk at a time (for streaming)."""
    if q.search:
        for ids, _ in ranked_pages(session, q):
            yield get_resources(session, ids)
            session.expunge_all()
        return
    yield from _by_name(session, select(R).where(*service_conditions(session, q)), R)


def _by_name(session: Session, query: Any, model: Any) -> Iterator[list[Any]]:
    """The query's rows a chunk at a time in (name, id) order, each chunk found by keyset."""
    after: tuple[str, str] | None = None
    while True:
        page = query.order_by(col(model.name), col(model.id)).limit(CHUNK)
        if after is not None:
            page = page.where(tuple_(col(model.name), col(model.id)) > tuple_(*after))
        rows = list(session.exec(page).all())
        if not rows:
            return
        after = (rows[-1].name, rows[-1].id)
        yield rows
        session.expunge_all()


# ---------------------------------------------------------------- services at locations


def _pairs_query(session: Session, q: ApiQuery) -> Any:
    """(resource id, location row id) for each place of each public service that passes."""
    # An online service, or one with no place, has one online place (location id NULL).
    joined = and_(col(L.resource_id) == col(R.id), col(R.setting) != "online")
    query = (
        select(R.id, L.id, L.latitude, L.longitude)
        .select_from(R)
        .outerjoin(L, joined)
        .where(*service_conditions(session, q))
    )
    if q.postcode and q.proximity_m is None:
        query = query.where(_at_postcode(q.postcode))
    return query


def _at_postcode(postcode: str) -> ColumnElement[bool]:
    """A place at this postcode: a UK postcode, or another country's as its source gave it."""
    compact = "".join(postcode.split()).upper()
    return or_(
        *(func.upper(func.replace(col(c), " ", "")) == compact for c in (L.postcode, L.postal_code))
    )


def _centre(session: Session, postcode: str) -> tuple[float, float] | None:
    """Where a postcode is: the gazetteer, else the middle of our own places there."""
    place = geo.lookup_offline(session, postcode)
    if place is not None:
        return place.lat, place.lon
    lat, lon = session.exec(
        select(func.avg(L.latitude), func.avg(L.longitude)).where(
            _at_postcode(postcode), col(L.latitude).is_not(None)
        )
    ).one()
    if lat is None or lon is None:
        return None
    return float(lat), float(lon)


def _near(session: Session, q: ApiQuery, query: Any) -> list[Pair]:
    """The pairs within `proximity` metres of the postcode, nearest first."""
    # None when there is no postcode, or it is not a place the directory knows: nothing is known
    # to be near it.
    centre = _centre(session, q.postcode) if q.postcode else None
    if centre is None:
        return []
    lat, lon = centre
    metres = q.proximity_m or 0.0
    dlat = metres / 111_320
    dlon = metres / (111_320 * max(math.cos(math.radians(lat)), 0.01))
    boxed = query.where(
        col(L.latitude).between(lat - dlat, lat + dlat),
        col(L.longitude).between(lon - dlon, lon + dlon),
    )
    found = []
    for rid, lid, plat, plon in session.exec(boxed):
        km = geo.distance_km(lat, lon, float(plat), float(plon))
        if km * 1000 <= metres:
            found.append((km, rid, lid))
    return [(rid, lid) for _, rid, lid in sorted(found, key=lambda f: (f[0], f[1], f[2]))]


def pairs_page(session: Session, q: ApiQuery) -> tuple[list[Pair], int]:
    """One page of (service, place) pairs and how many there are."""
    start = (q.page - 1) * q.per_page
    if q.search or q.proximity_m is not None:
        pairs = all_pairs(session, q)
        return pairs[start : start + q.per_page], len(pairs)
    query = _pairs_query(session, q)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    ordered = query.order_by(col(R.name), col(R.id), col(L.id)).offset(start).limit(q.per_page)
    return [(rid, lid) for rid, lid, _, _ in session.exec(ordered)], int(total)


def all_pairs(session: Session, q: ApiQuery) -> list[Pair]:
    """Every (service, place) pair passing the filters, in the order asked for."""
    # Nearest first when a proximity is given, else in the search's order, else by service name.
    query = _pairs_query(session, q)
    if q.proximity_m is not None:
        pairs = _near(session, q, query)
    else:
        pairs = [(r, lid) for r, lid, _, _ in session.exec(query.order_by(col(R.name), col(L.id)))]
    if not q.search:
        return pairs
    rank: dict[str, int] = {}
    for ids, _ in ranked_pages(session, q):
        rank.update((rid, len(rank) + i) for i, rid in enumerate(ids))
    kept = [p for p in pairs if p[0] in rank]
    return kept if q.proximity_m is not None else sorted(kept, key=lambda p: rank[p[0]])


def pair_by_id(session: Session, wanted: str) -> Pair | None:
    """The (service, place) pair whose exported service_at_location id is `wanted`."""
    if not valid_id(wanted):
        return None
    query = _pairs_query(session, ApiQuery()).add_columns(L.source_id)
    for rid, lid, _, _, source_id in session.exec(query.execution_options(yield_per=1000)):
        sid = m.hsds_id("resource", rid)
        place = None if lid is None else L(id=lid, source_id=source_id or "")
        if service_at_location_id(sid, place_id(sid, place)) == wanted:
            return rid, lid
    return None


# ---------------------------------------------------------------- organisations, taxonomies


def _words_condition(text: str, *columns: Any) -> list[ColumnElement[bool]]:
    """Each word of the text in one of the columns (case-insensitive)."""
    conds = []
    for word in text.split():
        pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        conds.append(or_(*(c.ilike(pattern, escape="\\") for c in columns)))
    return conds


def organisations_query(q: ApiQuery) -> Any:
    """Organisations that run a public resource, whose name or description has every word."""
    o = Organisation
    return select(o).where(
        col(o.id).in_(_public_organisations()),
        *_words_condition(q.search, col(o.name), col(o.description)),
    )


def organisations_page(session: Session, q: ApiQuery) -> tuple[list[Organisation], int]:
    """One page of organisations, by name."""
    query = organisations_query(q)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    ordered = query.order_by(col(Organisation.name), col(Organisation.id))
    rows = session.exec(ordered.offset((q.page - 1) * q.per_page).limit(q.per_page)).all()
    return list(rows), int(total)


def all_organisations(session: Session, q: ApiQuery) -> Iterator[list[Organisation]]:
    """Every organisation passing the filters, a chunk at a time by name (for streaming)."""
    yield from _by_name(session, organisations_query(q), Organisation)


def organisation_services(session: Session, organisation: Organisation) -> list[Resource]:
    """The public services an organisation runs, by name."""
    query = select(R).where(visible_clause(), col(R.organisation_id) == organisation.id)
    return list(session.exec(query.order_by(col(R.name), col(R.id))).all())


def _has_words(item: dict[str, Any], text: str) -> bool:
    haystack = " ".join(str(item.get(k, "")) for k in ("name", "description", "code")).lower()
    return all(word in haystack for word in text.lower().split())


def taxonomies(q: ApiQuery) -> list[dict[str, Any]]:
    """The taxonomies, optionally searched."""
    items, _ = taxonomy_documents()
    return [t for t in items if _has_words(t, q.search)]


def taxonomy_terms(q: ApiQuery) -> list[dict[str, Any]]:
    """The taxonomy terms passing `search`, `taxonomy_id`, `top_only` and `parent_id`."""
    _, items = taxonomy_documents()
    return [
        t
        for t in items
        if _has_words(t, q.search)
        and (not q.taxonomy_id or t.get("taxonomy_id") == q.taxonomy_id)
        and (not q.top_only or not t.get("parent_id"))
        and (not q.parent_id or t.get("parent_id") == q.parent_id)
    ]
