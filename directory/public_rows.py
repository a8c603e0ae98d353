"""The few facts a public results list shows per resource, read with plain Core selects.

No ORM objects: one select for the resources (with their organisation and prices) and one each
for their sessions, access tags and places, so a page of 20 results costs four small queries.
Only visible resources (see `visible_clause`) are returned, and only public columns are read.
What a card shows changes only with the directory version, so `RowCache` keeps the facts read
within one version and a search reads only the resources it has not seen yet.
"""

from __future__ import annotations

import functools
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, and_, bindparam, func, select
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import BindParameter

from directory import vocabulary
from directory.freshness import DEFAULT_STALE_AFTER_DAYS
from directory.models import (
    Organisation,
    Resource,
    ResourceCost,
    ResourceLocation,
    ResourceSession,
    ResourceTag,
    ReviewState,
    Status,
)
from directory.models.base import LONDON, utcnow
from directory.models.patterns import SessionFacts, next_start
from directory.wording import card_cost, checked_text, distance_text, when_text

_R = Resource.__table__.c  # type: ignore[attr-defined]
_O = Organisation.__table__.c  # type: ignore[attr-defined]
_C = ResourceCost.__table__.c  # type: ignore[attr-defined]
_S = ResourceSession.__table__.c  # type: ignore[attr-defined]
_T = ResourceTag.__table__.c  # type: ignore[attr-defined]
_L = ResourceLocation.__table__.c  # type: ignore[attr-defined]
_IDS: BindParameter[Any] = bindparam("ids", expanding=True)


def visible_clause() -> ColumnElement[bool]:
    """SQL for resources anyone may see: active, confirmed by the team and marked public."""
    return and_(
        _R.status == Status.ACTIVE.value,
        _R.review_state == ReviewState.CONFIRMED.value,
        _R.is_public.is_(True),
    )


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
    confirmed: str  # 'Last checked 3 weeks ago' or 'Not checked since March 2025'
    distance: str
    access: tuple[str, ...]
    places: tuple[Place, ...]


def next_session_words(sessions: tuple[Any, ...], now: datetime) -> str:
    """The next of these sessions from now (UK time) in words, or '' when there are none."""
    # The answer moves only from one minute to the next: work it out once a minute per card.
    return _next_session_words(sessions, now.replace(second=0, microsecond=0))


@functools.lru_cache(maxsize=8192)
def _next_session_words(sessions: tuple[Any, ...], now: datetime) -> str:
    best = next_start(sessions, now)
    if best is None:
        return ""
    return when_text(best[0], best[1].start, best[1].end, now.date())


# Facts read within one version are reused for at most this long: an organisation's new name
# does not move the directory version (the rendered-page cache has the same bound).
ROW_CACHE_SECONDS = 60
ROW_CACHE_SIZE = 5000


@dataclass(frozen=True, slots=True)
class _Card:
    """A visible resource's card facts that stay put within a directory version."""

    row: PublicRow  # next_session, confirmed and distance left empty: they depend on now
    sessions: tuple[Any, ...]
    last_confirmed_at: datetime | None
    last_confirmed_how: str = ""


T = TypeVar("T")


class RowCache(Generic[T]):
    """Cards of resources by id and updated_at (None: not shown), kept across directory versions.

    Every change to a resource or its sessions, places, costs and tags gives it a new
    updated_at, so a kept card is the card of exactly that state; other resources' changes leave
    it be. The time limit bounds what else a card shows (an organisation's name, dates in words).
    """

    def __init__(self) -> None:
        self._born = 0.0
        self._cards: dict[tuple[str, int], T | None] = {}
        self._lock = threading.Lock()

    def cards(self) -> dict[tuple[str, int], T | None]:
        """The kept cards (a fresh, empty dict when they are too old or too many)."""
        with self._lock:
            now = time.monotonic()
            if now - self._born > ROW_CACHE_SECONDS or len(self._cards) > ROW_CACHE_SIZE:
                self._born, self._cards = now, {}
            return self._cards


def cached_cards(
    conn: Connection,
    ids: list[str],
    cache: dict[tuple[str, int], T | None] | None,
    read: Callable[[Connection, list[str]], dict[str, T | None]],
    stamps: dict[str, int] | None = None,
) -> list[T | None]:
    """The card of each id in order: kept ones by id and stamp (updated_at), the rest read with
    `read` (and kept when their stamp is known)."""
    keys = {i: (i, stamps[i]) for i in ids if i in stamps} if cache is not None and stamps else {}
    known = cache if cache is not None else {}
    missing = [i for i in ids if i not in keys or keys[i] not in known]
    fresh = read(conn, missing) if missing else {}
    if cache is not None:
        cache.update({keys[i]: card for i, card in fresh.items() if i in keys})
    return [fresh[i] if i in fresh else known.get(keys[i]) for i in ids]


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


def _read_cards(conn: Connection, ids: list[str]) -> dict[str, _Card | None]:
    """The cards of these resources, read with four selects (None for those not visible)."""
    params = {"ids": ids}
    children = read_children(conn, ids)
    sessions, access, places = children.sessions, children.access, children.places
    found: dict[str, _Card | None] = dict.fromkeys(ids)
    for r in conn.execute(_RESOURCES, params):
        if not (
            r.status == Status.ACTIVE.value
            and r.review_state == ReviewState.CONFIRMED.value
            and r.is_public
        ):
            continue
        row = PublicRow(
            id=r.id,
            name=r.name,
            organisation=r.organisation or "",
            setting=r.setting,
            cost=card_cost(r.standard, r.concession, r.fees_description or ""),
            next_session="",
            confirmed="",
            distance="",
            access=tuple(sorted(access[r.id])),
            places=tuple(places[r.id]),
        )
        found[r.id] = _Card(
            row, tuple(sessions[r.id]), r.last_confirmed_at, r.last_confirmed_how or ""
        )
    return found


def public_rows(
    conn: Connection,
    ids: list[str],
    distances_km: dict[str, float] | None = None,
    cache: dict[tuple[str, int], _Card | None] | None = None,
    stamps: dict[str, int] | None = None,
    stale_after_days: int = DEFAULT_STALE_AFTER_DAYS,
) -> list[PublicRow]:
    """The visible resources among ids, in the order given, as result cards.

    `cache` is `RowCache.cards()`, used with `stamps` (id -> updated_at as conn reads it).
    """
    if not ids:
        return []
    cards = cached_cards(conn, ids, cache, _read_cards, stamps)
    now = utcnow().astimezone(LONDON)
    distances = distances_km or {}
    out = []
    for i, card in zip(ids, cards, strict=True):
        if card is not None:
            out.append(
                replace(
                    card.row,
                    next_session=next_session_words(card.sessions, now),
                    confirmed=checked_text(
                        card.last_confirmed_at, stale_after_days, now, card.last_confirmed_how
                    ),
                    distance=distance_text(distances.get(i)),
                )
            )
    return out
