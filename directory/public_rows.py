"""The few facts a public results list shows per resource, read with plain Core selects.

No ORM objects: one select for the resources (with their organisation and prices) and one each
for their sessions, access tags and places, so a page of 20 results costs four small queries.
Only visible resources (directory/visibility.py) are returned, and only public columns are read.
Nothing is kept between requests: public pages are cached by HTTP (ETag, Cache-Control).
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import BindParameter

from core.times import local_zone, utcnow
from directory import vocabulary
from directory.models import (
    HowToJoin,
    Organisation,
    Resource,
    ResourceCost,
    ResourceLocation,
    ResourceSession,
    ResourceTag,
)
from directory.models.base import fits_until, minutes
from directory.models.patterns import SessionFacts, next_start
from directory.search import SearchFilters
from directory.stewardship.freshness import DEFAULT_STALE_AFTER_DAYS
from directory.visibility import visible
from directory.wording import card_cost, checked_text, distance_text, when_text

_R = Resource.__table__.c  # type: ignore[attr-defined]
_O = Organisation.__table__.c  # type: ignore[attr-defined]
_C = ResourceCost.__table__.c  # type: ignore[attr-defined]
_S = ResourceSession.__table__.c  # type: ignore[attr-defined]
_T = ResourceTag.__table__.c  # type: ignore[attr-defined]
_L = ResourceLocation.__table__.c  # type: ignore[attr-defined]
_IDS: BindParameter[Any] = bindparam("ids", expanding=True)


def cheapest(kind: str) -> Any:
    """SQL for a resource's lowest price of this kind (NULL when it has none)."""
    return (
        select(func.min(_C.amount_pence))
        .where(_C.resource_id == _R.id, _C.kind == kind)
        .scalar_subquery()
    )


_RESOURCES = (
    select(
        _R.id,
        _R.name,
        _R.setting,
        _R.last_confirmed_at,
        _R.last_confirmed_how,
        _R.status,
        _R.review_state,
        _R.is_public,
        _R.fees_description,
        _R.how_to_join,
        _O.name.label("organisation"),
        cheapest("standard").label("standard"),
        cheapest("concession").label("concession"),
    )
    .select_from(Resource.__table__.outerjoin(Organisation.__table__, _O.id == _R.organisation_id))  # type: ignore[attr-defined]
    # Visibility is checked on the rows read: in SQL, SQLite would pick the status index over
    # the primary key and scan every active resource.
    .where(_R.id.in_(_IDS))
)
_SESSIONS = (
    select(
        _S.resource_id,
        _S.freq,
        _S.day,
        _S.ordinal,
        _S.interval,
        _S.anchor,
        _S.valid_from,
        _S.valid_to,
        _S.cancelled,
        _S.start,
        _S.end,
        _S.until,
        _S.count,
        _S.timezone,
    )
    .where(_S.resource_id.in_(_IDS))
    .order_by(_S.id)
)
_ACCESS = select(_T.resource_id, _T.code).where(
    _T.resource_id.in_(_IDS), _T.scheme == vocabulary.ACCESS
)
_PLACES = (
    select(_L.resource_id, _L.name, _L.postcode, _L.latitude, _L.longitude)
    .where(_L.resource_id.in_(_IDS))
    .order_by(_L.id)
)


@dataclass(frozen=True, slots=True)
class Place:
    """A place a public result meets, as its map pin needs it."""

    name: str
    postcode: str
    lat: float | None
    lon: float | None


@dataclass(frozen=True, slots=True)
class PublicRow:
    """One public search result: what its card and map pin show, in words."""

    id: str
    name: str
    organisation: str
    setting: str
    cost: str
    next_session: str
    next_fits: bool  # it is the next on the days and times searched for, another coming first
    referral: bool  # joined only by referral (a GP, a care coordinator): said on the card
    confirmed: str  # 'Last checked 3 weeks ago' or 'Not checked since March 2025'
    distance: str
    access: tuple[str, ...]
    places: tuple[Place, ...]


def next_session_words(sessions: tuple[Any, ...], now: datetime) -> str:
    """The next of these sessions from now (UK time) in words, or '' when there are none."""
    # The answer moves only from one minute to the next: work it out once a minute per card.
    return _next_session_words(sessions, now.replace(second=0, microsecond=0))


def next_session_asked(
    sessions: tuple[Any, ...], now: datetime, asked: SearchFilters | None
) -> tuple[str, bool]:
    """The next session on the days and at the times searched for (the next of all when none
    fits), and whether another session comes before it."""
    # Searched for Saturdays, a card saying "Next session: Wednesday" reads as a wrong result.
    held = [(s, minutes(s.start), fits_until(s.start, s.end)) for s in sessions]
    fit = tuple(s for s, start, end in held if asked and asked.fits(s.day, start, end))
    shown = next_session_words(fit or sessions, now)
    return shown, bool(fit) and shown != next_session_words(sessions, now)


@functools.lru_cache(maxsize=8192)
def _next_session_words(sessions: tuple[Any, ...], now: datetime) -> str:
    best = next_start(sessions, now)
    if best is None:
        return ""
    return when_text(best[0], best[1].start, best[1].end, now.date())


@dataclass(frozen=True, slots=True)
class Children:
    """Sessions, access codes and places of some resources, by resource id."""

    sessions: dict[str, list[Any]]
    access: dict[str, list[str]]
    places: dict[str, list[Place]]


def read_children(conn: Connection, ids: list[str]) -> Children:
    """The sessions (rows with freq, day, ordinal, start, end), access codes and places of ids."""
    params = {"ids": ids}
    sessions: dict[str, list[Any]] = defaultdict(list)
    for row in conn.execute(_SESSIONS, params):
        sessions[row.resource_id].append(SessionFacts.of(row))
    access: dict[str, list[str]] = defaultdict(list)
    for rid, code in conn.execute(_ACCESS, params):
        access[rid].append(code)
    places: dict[str, list[Place]] = defaultdict(list)
    for rid, name, postcode, lat, lon in conn.execute(_PLACES, params):
        places[rid].append(Place(name, postcode, lat, lon))
    return Children(sessions, access, places)


def public_rows(
    conn: Connection,
    ids: list[str],
    distances_km: dict[str, float] | None = None,
    stale_after_days: int = DEFAULT_STALE_AFTER_DAYS,
    asked: SearchFilters | None = None,
) -> list[PublicRow]:
    """The visible resources among ids, in the order given, as result cards (four selects)."""
    if not ids:
        return []
    children = read_children(conn, ids)
    now = utcnow().astimezone(local_zone())
    distances = distances_km or {}
    found: dict[str, PublicRow] = {}
    for r in conn.execute(_RESOURCES, {"ids": ids}):
        if not visible(r):
            continue
        after, fits = next_session_asked(tuple(children.sessions[r.id]), now, asked)
        found[r.id] = PublicRow(
            id=r.id,
            name=r.name,
            organisation=r.organisation or "",
            setting=r.setting,
            cost=card_cost(r.standard, r.concession, r.fees_description or ""),
            next_session=after,
            next_fits=fits,
            referral=r.how_to_join == HowToJoin.REFERRAL.value,
            confirmed=checked_text(
                r.last_confirmed_at, stale_after_days, now, r.last_confirmed_how or ""
            ),
            distance=distance_text(distances.get(r.id)),
            access=tuple(sorted(children.access[r.id])),
            places=tuple(children.places[r.id]),
        )
    return [found[i] for i in ids if i in found]
