"""What both search backends share: query plans, public documents, structured facts and filters.

A backend only turns a query plan into (id, score) candidates; everything structured (time
windows, cost after concession, distance, facets, sorting, paging, snippets) happens here on a
small per-process array of facts, reloaded when the directory version changes.
"""

from __future__ import annotations

import bisect
import contextlib
import html
import math
import os
import re
import threading
from array import array
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property, lru_cache
from typing import Any

import numpy as np
from flask import current_app, has_app_context
from sqlalchemy import Connection, Engine, bindparam, func, select, union_all
from whoosh.analysis import STOP_WORDS
from whoosh.lang.porter import stem as porter_stem

from directory import vocabulary
from directory.fading import fade
from directory.geo import haversine_km
from directory.hsds.languages import NAMES
from directory.models import (
    DirectoryState,
    Organisation,
    Resource,
    ResourceCost,
    ResourceLanguage,
    ResourceLocation,
    ResourceSession,
    ResourceTag,
    ResourceTerm,
    SourceTerm,
)
from directory.models.base import DAYS, minutes
from directory.search import MAX_PER_PAGE, SearchFilters, SearchResult, Sort

MAX_PHRASE = 4
SNIPPET_WORDS = 30
_WORD = re.compile(r"[^\W_]+")
INTEREST_CODES = tuple(vocabulary.TERMS[vocabulary.INTEREST])
ACCESS_CODES = tuple(vocabulary.TERMS[vocabulary.ACCESS])
INTEREST_BIT = {code: i for i, code in enumerate(INTEREST_CODES)}
ACCESS_BIT = {code: i for i, code in enumerate(ACCESS_CODES)}
assert len(INTEREST_CODES) <= 64 and len(ACCESS_CODES) <= 64  # noqa: S101 - bitmasks are uint64


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Porter stem of a lower-case word (cached: snippets stem the same words often)."""
    return porter_stem(word)


def words(text: str) -> list[str]:
    """Lower-case words of a text (letters and digits; hyphens and apostrophes split)."""
    return _WORD.findall(text.lower())


def _phrase_index() -> dict[str, frozenset[str]]:
    """Vocabulary phrases (as space-joined words) -> interest codes they name."""
    index: dict[str, set[str]] = {}
    for phrase, codes in vocabulary.synonym_index(vocabulary.INTEREST).items():
        index.setdefault(" ".join(words(phrase)), set()).update(codes)
    return {k: frozenset(v) for k, v in index.items() if k}


PHRASES = _phrase_index()


@dataclass(frozen=True)
class Group:
    """One part of a query: its words (all needed), or any of the interest codes it names."""

    words: tuple[str, ...]
    codes: frozenset[str] = frozenset()
    corrected: str | None = None  # a likely intended word when this one is unknown


@dataclass
class QueryPlan:
    """A query split into groups, every group needed unless the search is relaxed."""

    groups: list[Group]

    @property
    def codes(self) -> set[str]:
        """Every interest code the query names."""
        return {c for g in self.groups for c in g.codes}

    @property
    def all_words(self) -> list[str]:
        """Every query word and correction."""
        out = [w for g in self.groups for w in g.words]
        return out + [g.corrected for g in self.groups if g.corrected]

    def suggestion(self) -> str | None:
        """The query with unknown words replaced by their likely spelling, if any changed."""
        if not any(g.corrected for g in self.groups):
            return None
        return " ".join(g.corrected or " ".join(g.words) for g in self.groups)


def plan_query(query: str) -> QueryPlan:
    """Split a query into groups, joining vocabulary phrases ("walking football") into one."""
    tokens = words(query)[:32]
    groups: list[Group] = []
    i = 0
    while i < len(tokens):
        for n in range(min(MAX_PHRASE, len(tokens) - i), 0, -1):
            phrase = " ".join(tokens[i : i + n])
            if phrase in PHRASES:
                kept = tuple(w for w in tokens[i : i + n] if w not in STOP_WORDS)
                groups.append(Group(kept or tuple(tokens[i : i + n]), PHRASES[phrase]))
                i += n
                break
        else:
            if tokens[i] not in STOP_WORDS:
                groups.append(Group((tokens[i],)))
            i += 1
    return QueryPlan(groups)


def correctable(group: Group) -> bool:
    """Tell whether a group is a single ordinary word worth a spelling check."""
    return not group.codes and len(group.words) == 1 and not group.words[0].isdigit()


def with_corrections(plan: QueryPlan, fixes: dict[str, str]) -> QueryPlan:
    """The plan with corrections attached to the words that had them."""
    return QueryPlan(
        [
            Group(g.words, g.codes, fixes.get(g.words[0])) if correctable(g) else g
            for g in plan.groups
        ]
    )


# ---------------------------------------------------------------- public documents


@dataclass
class Document:
    """The public, searchable text of one resource (never team notes, provenance or people)."""

    id: str
    name: str
    text: str  # description and organisation name
    terms: str  # names and synonyms of its interest, access and setting terms
    details: str  # its places (names, addresses, postcodes, districts), languages, and the
    # categories of the directory it was imported from
    interests: list[str]
    status: str
    updated_us: int  # updated_at in microseconds since the epoch

    @property
    def all_words(self) -> str:
        """Every searchable word, for spelling suggestions."""
        return " ".join(
            dict.fromkeys(words(f"{self.name} {self.text} {self.terms} {self.details}"))
        )


def _term_text(scheme: str, code: str) -> str:
    t = vocabulary.TERMS.get(scheme, {}).get(code)
    return f"{t.name} {' '.join(t.synonyms)}" if t else code


# Every English name of each language code ("zh": "cantonese mandarin chinese").
LANGUAGE_NAMES: dict[str, str] = {}
for _name, _code in NAMES.items():
    LANGUAGE_NAMES[_code] = f"{LANGUAGE_NAMES.get(_code, '')} {_name}".strip()


def _spoken(ids: list[str] | None = None) -> Any:
    """(resource id, code or name): its languages' ISO codes and its source categories' names."""
    lang = ResourceLanguage.__table__  # type: ignore[attr-defined]
    rt, st = ResourceTerm.__table__, SourceTerm.__table__  # type: ignore[attr-defined]
    languages = select(lang.c.resource_id, lang.c.code)
    terms = select(rt.c.resource_id, st.c.name).select_from(rt.join(st, rt.c.term_id == st.c.id))
    if ids is not None:
        languages = languages.where(lang.c.resource_id.in_(ids))
        terms = terms.where(rt.c.resource_id.in_(ids))
    return union_all(languages, terms)


def _place_text(name: str | None, address: str | None, postcode: str | None) -> str:
    """A place as searchable words: its postcode whole and its district ("LS12 3AA LS12")."""
    code = postcode or ""
    return " ".join(p for p in (name, address, code, code.split(" ")[0]) if p)


def _micros(value: object) -> int:
    if not isinstance(value, datetime):
        return 0
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return int(value.timestamp() * 1_000_000)


def load_documents(engine: Engine, ids: Iterable[str] | None = None) -> Iterable[Document]:
    """Yield documents for the given ids (all resources when None), reading public columns only."""
    r = Resource.__table__  # type: ignore[attr-defined]
    o = Organisation.__table__  # type: ignore[attr-defined]
    t = ResourceTag.__table__  # type: ignore[attr-defined]
    loc = ResourceLocation.__table__  # type: ignore[attr-defined]
    wanted = None if ids is None else sorted(set(ids))
    chunk = 5000
    with engine.connect() as conn:
        starts = [None] if wanted is None else range(0, len(wanted), chunk)
        for start in starts:
            rows = select(
                r.c.id,
                r.c.name,
                r.c.description,
                r.c.setting,
                r.c.status,
                r.c.updated_at,
                o.c.name,
            ).select_from(r.outerjoin(o, r.c.organisation_id == o.c.id))
            tags = select(t.c.resource_id, t.c.scheme, t.c.code)
            where = select(loc.c.resource_id, loc.c.name, loc.c.address, loc.c.postcode)
            spoken = _spoken()
            if wanted is not None and start is not None:
                part = wanted[start : start + chunk]
                rows = rows.where(r.c.id.in_(part))
                tags = tags.where(t.c.resource_id.in_(part))
                where = where.where(loc.c.resource_id.in_(part))
                spoken = _spoken(part)
            by_id: dict[str, list[tuple[str, str]]] = {}
            for rid, scheme, code in conn.execute(tags):
                by_id.setdefault(rid, []).append((scheme, code))
            details: dict[str, list[str]] = {}
            for rid, *parts in conn.execute(where):
                details.setdefault(rid, []).append(_place_text(*parts))
            for rid, said in conn.execute(spoken):  # a language also by its names
                details.setdefault(rid, []).append(f"{said} {LANGUAGE_NAMES.get(said, '')}")
            for rid, name, desc, setting, status, updated, org in conn.execute(rows):
                tagged = by_id.get(rid, [])
                term_text = [_term_text(s, c) for s, c in tagged]
                term_text.append(_term_text(vocabulary.SETTING, setting))
                yield Document(
                    id=rid,
                    name=name,
                    text=f"{desc or ''} {org or ''}".strip(),
                    terms=" ".join(term_text),
                    details=" ".join(details.get(rid, [])),
                    interests=sorted(c for s, c in tagged if s == vocabulary.INTEREST),
                    status=status,
                    updated_us=_micros(updated),
                )


def database_state(engine: Engine) -> tuple[int, int]:
    """How many resources the database holds and the newest updated_at (microseconds)."""
    r = Resource.__table__  # type: ignore[attr-defined]
    with engine.connect() as conn:
        count, newest = conn.execute(select(func.count(), func.max(r.c.updated_at))).one()
    return int(count), _micros(newest)


def database_stamps(engine: Engine) -> dict[str, int]:
    """Every resource id and its updated_at (microseconds), to compare an index against."""
    r = Resource.__table__  # type: ignore[attr-defined]
    with engine.connect() as conn:
        return {rid: _micros(at) for rid, at in conn.execute(select(r.c.id, r.c.updated_at))}


_VERSION = select(DirectoryState.__table__.c.version).where(  # type: ignore[attr-defined]
    DirectoryState.__table__.c.id == 1  # type: ignore[attr-defined]
)
_DESCRIPTIONS = select(
    Resource.__table__.c.id,  # type: ignore[attr-defined]
    Resource.__table__.c.description,  # type: ignore[attr-defined]
).where(Resource.__table__.c.id.in_(bindparam("ids", expanding=True)))  # type: ignore[attr-defined]


def directory_version(conn: Connection) -> int:
    """The directory's change counter."""
    return int(conn.execute(_VERSION).scalar() or 0)


# ---------------------------------------------------------------- structured facts

REFRESH_WINDOW_US = 300 * 1_000_000  # re-read rows this much older than the newest seen
MAX_INCREMENTAL = 5000  # more rows changed since the last full load than this: reload all
ID_CHUNK = 5000
_NO_PRICE = np.iinfo(np.int64).max
_VALUES: dict[str, int] = {}  # status, setting and review-state texts -> small int codes
_VALUE_NAMES: list[str] = []
_VALUES_LOCK = threading.Lock()
_BYTE_BITS = np.unpackbits(np.arange(256, dtype=np.uint8)[:, None], axis=1, bitorder="little")
_BYTE_OFFSETS = np.arange(0, 2048, 256, dtype=np.intp)


def value_code(value: str) -> int:
    """A small, per-process int code for a status, setting or review-state text."""
    code = _VALUES.get(value)
    if code is None:
        with _VALUES_LOCK:
            code = _VALUES.setdefault(value, len(_VALUE_NAMES))
            if code == len(_VALUE_NAMES):
                _VALUE_NAMES.append(value)
    return code


def _codes(values: Iterable[str]) -> np.ndarray:
    return np.array([value_code(v) for v in values], dtype=np.int32)


def _is(column: np.ndarray, values: Iterable[str]) -> np.ndarray:
    """Which rows of a coded column hold any of the values."""
    # A few comparisons beat np.isin's sort for the handful of values a filter names.
    out = np.zeros(len(column), dtype=bool)
    for code in {value_code(v) for v in values}:
        out |= column == code
    return out


class SortedKeys(Sequence[bytes]):
    """Sorted texts as UTF-8 in one byte string (whose byte order is the texts' order)."""

    def __init__(self, texts: list[str]) -> None:
        encoded = [text.encode() for text in texts]
        self.text = b"".join(encoded)
        self.starts = np.zeros(len(encoded) + 1, dtype=np.int64)
        np.cumsum([len(e) for e in encoded], out=self.starts[1:])

    def __len__(self) -> int:
        return len(self.starts) - 1

    def __getitem__(self, i: int) -> bytes:  # type: ignore[override]
        return self.text[self.starts[i] : self.starts[i + 1]]


@dataclass
class Facts:
    """Structured facts of every resource as arrays, row i for ids[i].

    Rows are never reused: a deleted resource's row is marked not alive until the next full
    load, so row numbers (and maps from index documents to rows) stay valid between loads.
    """

    version: int
    ids: list[str]
    row: dict[str, int]
    alive: np.ndarray
    status: np.ndarray  # value_code of each text
    setting: np.ndarray
    review: np.ndarray
    public: np.ndarray
    interests: np.ndarray  # uint64 bitmask over INTEREST_CODES
    access: np.ndarray  # uint64 bitmask over ACCESS_CODES
    standard: np.ndarray  # cheapest standard price, pence
    concession: np.ndarray  # cheapest concession price, pence, or -1
    has_sessions: np.ndarray
    s_row: np.ndarray
    s_day: np.ndarray
    s_start: np.ndarray
    s_end: np.ndarray
    l_row: np.ndarray
    l_lat: np.ndarray
    l_lon: np.ndarray
    name_rank: np.ndarray  # position in name order (float: rows added later fall between)
    updated: np.ndarray  # microseconds
    seen: np.ndarray  # last confirmed (else added), microseconds: ranking fades after a while
    epoch: int = 0  # which full load these rows come from
    newest_us: int = 0  # newest updated_at read
    sorted_keys: SortedKeys = field(default_factory=lambda: SortedKeys([]))  # at the full load
    later_keys: dict[int, str] = field(default_factory=dict)  # rows (re)read since, -> key

    def __len__(self) -> int:
        return len(self.ids)

    @cached_property
    def listed(self) -> np.ndarray:
        """Rows public pages may show: alive, confirmed, public and active."""
        return (
            self.alive
            & _is(self.review, ["confirmed"])
            & self.public
            & _is(self.status, ["active"])
        )


@dataclass
class _Rows:
    """Facts of some resources as read from the database, already as arrays (row i: ids[i])."""

    ids: list[str]
    names: list[str]
    status: np.ndarray  # value_code of each text
    setting: np.ndarray
    review: np.ndarray
    public: np.ndarray
    updated: np.ndarray  # microseconds
    seen: np.ndarray  # last confirmed, else added, microseconds
    interests: np.ndarray
    access: np.ndarray
    standard: np.ndarray  # cheapest, _NO_PRICE when none
    concession: np.ndarray
    sessions: np.ndarray  # (local row, day, start, end)
    locations: np.ndarray  # (local row, latitude, longitude)


def _bits(codes: Iterable[str], bit: dict[str, int]) -> int:
    value = 0
    for code in codes:
        if code in bit:
            value |= 1 << bit[code]
    return value


def _read_rows(conn: Connection, ids: Sequence[str] | None) -> _Rows:
    """Read the facts of the given resources (all when None) through SQLAlchemy Core.

    Each row goes straight into a flat array of numbers, so no Python object per row (beyond
    its id and name) is kept: at 100k resources lists of tuples would take ~100 MB at the peak
    and, surviving the young generations, make the garbage collector scan them again and again.
    """
    r = Resource.__table__  # type: ignore[attr-defined]
    t = ResourceTag.__table__  # type: ignore[attr-defined]
    c = ResourceCost.__table__  # type: ignore[attr-defined]
    s = ResourceSession.__table__  # type: ignore[attr-defined]
    loc = ResourceLocation.__table__  # type: ignore[attr-defined]
    found: list[str] = []
    names: list[str] = []
    index: dict[str, int] = {}
    status, setting, review, public = array("i"), array("i"), array("i"), array("b")
    updated, seen, sessions, places = array("q"), array("q"), array("q"), array("d")
    tag_at, tag_bit, tag_access = array("q"), array("q"), array("b")
    cost_at, cost_amount, cost_concession = array("q"), array("q"), array("b")
    parts: list[list[str] | None] = (
        [None]
        if ids is None
        else [list(ids[i : i + ID_CHUNK]) for i in range(0, len(ids), ID_CHUNK)]
    )
    for part in parts:
        base = select(
            r.c.id,
            r.c.name,
            r.c.status,
            r.c.setting,
            r.c.review_state,
            r.c.is_public,
            r.c.updated_at,
            func.coalesce(r.c.last_confirmed_at, r.c.created_at, type_=r.c.created_at.type),
        )
        tags = select(t.c.resource_id, t.c.scheme, t.c.code)
        costs = select(c.c.resource_id, c.c.kind, c.c.amount_pence)
        sess = select(s.c.resource_id, s.c.day, s.c.start, s.c.end)
        locs = select(loc.c.resource_id, loc.c.latitude, loc.c.longitude).where(
            loc.c.latitude.is_not(None), loc.c.longitude.is_not(None)
        )
        if part is not None:
            base = base.where(r.c.id.in_(part))
            tags = tags.where(t.c.resource_id.in_(part))
            costs = costs.where(c.c.resource_id.in_(part))
            sess = sess.where(s.c.resource_id.in_(part))
            locs = locs.where(loc.c.resource_id.in_(part))
        for rid, name, state, where, review_state, is_public, stamp, checked in stream(conn, base):
            index[rid] = len(found)
            found.append(rid)
            names.append(name or "")
            status.append(value_code(state))
            setting.append(value_code(where))
            review.append(value_code(review_state))
            public.append(bool(is_public))
            updated.append(_micros(stamp))
            seen.append(_micros(checked))
        for rid, scheme, code in stream(conn, tags):
            i = index.get(rid)
            if i is None:
                continue
            if scheme == vocabulary.INTEREST and code in INTEREST_BIT:
                tag_at.append(i)
                tag_bit.append(INTEREST_BIT[code])
                tag_access.append(False)
            elif scheme == vocabulary.ACCESS and code in ACCESS_BIT:
                tag_at.append(i)
                tag_bit.append(ACCESS_BIT[code])
                tag_access.append(True)
        for rid, kind, amount in stream(conn, costs):
            i = index.get(rid)
            if i is not None:
                cost_at.append(i)
                cost_amount.append(int(amount))
                cost_concession.append(kind == "concession")
        for rid, day, start, end in stream(conn, sess):
            i = index.get(rid)
            if i is not None and day in DAYS:
                sessions.extend((i, DAYS.index(day), minutes(start), minutes(end)))
        for rid, lat, lon in stream(conn, locs):
            i = index.get(rid)
            if i is not None:
                places.extend((i, float(lat), float(lon)))
    n = len(found)
    interests = np.zeros(n, dtype=np.uint64)
    access = np.zeros(n, dtype=np.uint64)
    on = np.frombuffer(tag_access, dtype=bool) if len(tag_access) else np.zeros(0, dtype=bool)
    at, bit = _ints(tag_at), np.left_shift(np.uint64(1), _ints(tag_bit).astype(np.uint64))
    np.bitwise_or.at(interests, at[~on], bit[~on])
    np.bitwise_or.at(access, at[on], bit[on])
    standard = np.full(n, _NO_PRICE, dtype=np.int64)
    concession = np.full(n, _NO_PRICE, dtype=np.int64)
    on = np.frombuffer(cost_concession, dtype=bool) if len(cost_concession) else on[:0]
    at, amount = _ints(cost_at), _ints(cost_amount)
    np.minimum.at(standard, at[~on], amount[~on])
    np.minimum.at(concession, at[on], amount[on])
    return _Rows(
        ids=found,
        names=names,
        status=np.array(status, dtype=np.int32),
        setting=np.array(setting, dtype=np.int32),
        review=np.array(review, dtype=np.int32),
        public=np.array(public, dtype=bool),
        updated=_ints(updated),
        seen=_ints(seen),
        interests=interests,
        access=access,
        standard=standard,
        concession=concession,
        sessions=_ints(sessions).reshape(-1, 4),
        locations=np.array(places, dtype=np.float64).reshape(-1, 3),
    )


def _ints(values: array[int]) -> np.ndarray:
    """An array('q') as an int64 numpy array (a copy: the array('q') may grow later)."""
    return np.array(values, dtype=np.int64)


def stream(conn: Connection, query: Any) -> Iterator[Any]:
    """A query's rows as they are read, never all of them in memory at once."""
    if conn.dialect.name == "sqlite":  # its cursor already steps through rows as they are read
        yield from conn.execute(query)
    else:  # a server-side cursor, ID_CHUNK rows at a time
        yield from conn.execute(query.execution_options(yield_per=ID_CHUNK))


def _prices(values: np.ndarray, missing: int) -> np.ndarray:
    out = values.copy()
    out[out == _NO_PRICE] = missing
    return out


def _children(rows: _Rows, offset: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Session and location arrays with local indexes turned into facts rows."""
    s_arr, l_arr = rows.sessions.copy(), rows.locations.copy()
    s_arr[:, 0] = offset[s_arr[:, 0]] if len(s_arr) else s_arr[:, 0]
    if len(l_arr):
        l_arr[:, 0] = offset[l_arr[:, 0].astype(np.int64)]
    return s_arr, l_arr


def load_facts(engine: Engine, epoch: int = 0) -> Facts:
    """Read every resource's structured facts through SQLAlchemy Core."""
    with engine.connect() as conn:
        version = directory_version(conn)
        rows = _read_rows(conn, None)
    n = len(rows.ids)
    s_arr, l_arr = _children(rows, np.arange(n))
    has_sessions = np.zeros(n, dtype=bool)
    has_sessions[s_arr[:, 0]] = True
    keys = [name.lower() for name in rows.names]
    order = sorted(range(n), key=keys.__getitem__)
    name_rank = np.empty(n, dtype=np.float64)
    name_rank[order] = np.arange(n)
    return Facts(
        version=version,
        ids=rows.ids,
        row={rid: i for i, rid in enumerate(rows.ids)},
        alive=np.ones(n, dtype=bool),
        status=rows.status,
        setting=rows.setting,
        review=rows.review,
        public=rows.public,
        interests=rows.interests,
        access=rows.access,
        standard=_prices(rows.standard, 0),
        concession=_prices(rows.concession, -1),
        has_sessions=has_sessions,
        s_row=s_arr[:, 0],
        s_day=s_arr[:, 1],
        s_start=s_arr[:, 2],
        s_end=s_arr[:, 3],
        l_row=l_arr[:, 0].astype(np.int64),
        l_lat=l_arr[:, 1],
        l_lon=l_arr[:, 2],
        name_rank=name_rank,
        updated=rows.updated,
        seen=rows.seen,
        epoch=epoch,
        newest_us=int(rows.updated.max()) if n else 0,
        sorted_keys=SortedKeys([keys[i] for i in order]),
    )


def _later_ranks(facts: Facts) -> None:
    """Place rows read since the full load between the full load's name ranks."""
    placed = sorted(
        (bisect.bisect_left(facts.sorted_keys, key.encode()), key, row)
        for row, key in facts.later_keys.items()
    )
    i = 0
    while i < len(placed):
        j = i
        while j < len(placed) and placed[j][0] == placed[i][0]:
            j += 1
        for k in range(i, j):  # strictly between ranks p - 1 and p, in name order
            facts.name_rank[placed[k][2]] = placed[k][0] - 1 + (k - i + 1) / (j - i + 1)
        i = j


def refresh_facts(facts: Facts, conn: Connection, version: int) -> Facts | None:
    """New facts with the rows changed since these were read; None when a full load is better.

    Reads rows whose updated_at is at most REFRESH_WINDOW_US older than the newest seen (so a
    transaction that committed late is still caught), and every id only when the count shows
    deletions.
    """
    r = Resource.__table__  # type: ignore[attr-defined]
    since = datetime.fromtimestamp((facts.newest_us - REFRESH_WINDOW_US) / 1e6, UTC)
    changed = [
        rid
        for (rid,) in conn.execute(
            select(r.c.id).where(r.c.updated_at >= since).limit(MAX_INCREMENTAL + 1)
        )
    ]
    if len(changed) + len(facts.later_keys) > MAX_INCREMENTAL:
        return None
    rows = _read_rows(conn, changed)
    count = int(conn.execute(select(func.count()).select_from(r)).scalar() or 0)
    n = len(facts)
    new_ids = [rid for rid in rows.ids if rid not in facts.row]
    row = dict(facts.row)
    row.update({rid: n + i for i, rid in enumerate(new_ids)})
    ids = facts.ids + new_ids
    total = len(ids)
    at = np.array([row[rid] for rid in rows.ids], dtype=np.int64)

    def grow(
        old: np.ndarray, values: Sequence[object] | np.ndarray, fill: object = 0
    ) -> np.ndarray:
        out = np.empty(total, dtype=old.dtype)
        out[:n] = old
        out[n:] = fill
        if len(at):
            out[at] = np.array(values, dtype=old.dtype)
        return out

    alive = grow(facts.alive, [True] * len(at), False)
    if int(alive.sum()) != count:  # some were deleted
        present = {rid for (rid,) in conn.execute(select(r.c.id))}
        alive &= np.array([rid in present for rid in ids], dtype=bool)
    s_arr, l_arr = _children(rows, at)
    s_keep = ~np.isin(facts.s_row, at)
    l_keep = ~np.isin(facts.l_row, at)
    s_row = np.concatenate([facts.s_row[s_keep], s_arr[:, 0]])
    has_sessions = np.zeros(total, dtype=bool)
    has_sessions[s_row] = True
    later = dict(facts.later_keys)
    for i, name in zip(at.tolist(), rows.names, strict=True):
        later[i] = name.lower()
    out = Facts(
        version=version,
        ids=ids,
        row=row,
        alive=alive,
        status=grow(facts.status, rows.status, -1),
        setting=grow(facts.setting, rows.setting, -1),
        review=grow(facts.review, rows.review, -1),
        public=grow(facts.public, rows.public, False),
        interests=grow(facts.interests, rows.interests),
        access=grow(facts.access, rows.access),
        standard=grow(facts.standard, _prices(rows.standard, 0)),
        concession=grow(facts.concession, _prices(rows.concession, -1), -1),
        has_sessions=has_sessions,
        s_row=s_row,
        s_day=np.concatenate([facts.s_day[s_keep], s_arr[:, 1]]),
        s_start=np.concatenate([facts.s_start[s_keep], s_arr[:, 2]]),
        s_end=np.concatenate([facts.s_end[s_keep], s_arr[:, 3]]),
        l_row=np.concatenate([facts.l_row[l_keep], l_arr[:, 0].astype(np.int64)]),
        l_lat=np.concatenate([facts.l_lat[l_keep], l_arr[:, 1]]),
        l_lon=np.concatenate([facts.l_lon[l_keep], l_arr[:, 2]]),
        name_rank=grow(facts.name_rank, [0.0] * len(at)),
        updated=grow(facts.updated, rows.updated),
        seen=grow(facts.seen, rows.seen),
        epoch=facts.epoch,
        newest_us=max([facts.newest_us, *rows.updated.tolist()]),
        sorted_keys=facts.sorted_keys,
        later_keys=later,
    )
    _later_ranks(out)
    return out


class FactsCache:
    """The facts of one database, brought up to date when the directory version moves.

    Thread-safe: a Facts object is never changed once published; a refresh builds a new one.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._facts: Facts | None = None
        self._lock = threading.Lock()
        self._epoch = 0
        self._local = threading.local()
        self.full_loads = 0  # how many times every row was read (for tests and benches)

    @contextlib.contextmanager
    def connection(self) -> Iterator[Connection]:
        """A read connection for one search, its transaction ended afterwards.

        On SQLite each thread keeps one (the engine's NullPool would open a new connection,
        with its pragmas, for every search); elsewhere the engine's pool already does this.
        """
        if self.engine.dialect.name != "sqlite":
            with self.engine.connect() as pooled:
                yield pooled
            return
        local = self._local
        conn: Connection | None = getattr(local, "conn", None)
        if conn is None or conn.closed or local.pid != os.getpid():
            conn = local.conn = self.engine.connect()
            local.pid = os.getpid()
        try:
            yield conn
        except BaseException:
            local.conn = None
            conn.close()
            raise
        conn.rollback()  # a fresh snapshot next time

    def get(self, conn: Connection, version: int | None = None) -> Facts:
        """Current facts, reading only the changed rows if the directory moved since; `version`
        is one the caller has just read (the facts of that version are used without asking)."""
        facts = self._facts
        if facts is not None and facts.version == version:
            return facts
        version = directory_version(conn)
        if facts is not None and facts.version == version:
            return facts
        with self._lock:
            facts = self._facts
            if facts is not None and facts.version == version:
                return facts
            fresh = refresh_facts(facts, conn, version) if facts is not None else None
            if fresh is None:
                self._epoch += 1
                self.full_loads += 1
                fresh = load_facts(self.engine, self._epoch)
            self._facts = fresh
            return fresh

    def clear(self) -> None:
        """Forget the facts (after a rebuild)."""
        with self._lock:
            self._facts = None


def distances(facts: Facts, near: tuple[float, float]) -> np.ndarray:
    """Each resource's nearest-place distance in km (inf when it has no coordinates)."""
    out = np.full(len(facts), np.inf)
    if len(facts.l_row):
        np.minimum.at(out, facts.l_row, haversine_km(near[0], near[1], facts.l_lat, facts.l_lon))
    return out


def allowed(facts: Facts, f: SearchFilters) -> tuple[np.ndarray, np.ndarray | None]:
    """Which resources pass every filter, and their distances when a point is given."""
    n = len(facts)
    mask = facts.listed.copy() if f.public_only else facts.alive.copy()
    if f.statuses:
        mask &= _is(facts.status, f.statuses)
    if f.interests:
        mask &= (facts.interests & np.uint64(_bits(f.interests, INTEREST_BIT))) != 0
    if f.access:
        want = np.uint64(_bits(f.access, ACCESS_BIT))
        unknown = [a for a in f.access if a not in ACCESS_BIT]
        mask &= ((facts.access & want) == want) & (not unknown)
    if f.settings:
        mask &= _is(facts.setting, f.settings)
    if f.free_only:
        mask &= facts.standard == 0
    if f.max_cost_pence is not None:
        cost = facts.standard
        if f.receives_benefits:
            has = facts.concession >= 0
            cost = np.where(has, np.minimum(facts.standard, facts.concession), facts.standard)
        mask &= cost <= f.max_cost_pence
    if f.day or f.time_from or f.time_to:
        fits = np.ones(len(facts.s_row), dtype=bool)
        if f.day:
            fits &= facts.s_day == DAYS.index(f.day)
        if f.time_from:
            fits &= facts.s_start >= minutes(f.time_from)
        if f.time_to:
            fits &= facts.s_end <= minutes(f.time_to)
        fitting = np.zeros(n, dtype=bool)
        fitting[facts.s_row[fits]] = True
        # The eval rules: a resource with no fixed sessions (online, any time) always fits.
        mask &= fitting | ~facts.has_sessions
    if f.review_states:
        mask &= _is(facts.review, f.review_states)
    if f.only_ids is not None:
        chosen = np.zeros(n, dtype=bool)
        chosen[[facts.row[i] for i in f.only_ids if i in facts.row]] = True
        mask &= chosen
    dist = None
    if f.near is not None:
        dist = distances(facts, f.near)
        if f.radius_km is not None:
            mask &= _is(facts.setting, ["online"]) | (dist <= f.radius_km)
    return mask, dist


def _counts(masks: np.ndarray, codes: Sequence[str]) -> dict[str, int]:
    if not len(masks):
        return {}
    # One bincount of each row's mask bytes (byte i offset by 256 * i), then bits per byte value.
    size = -(-len(codes) // 8)
    octets = masks.astype("<u8").view(np.uint8).reshape(-1, 8)[:, :size]
    hist = np.bincount((octets + _BYTE_OFFSETS[:size]).ravel(), minlength=256 * size)
    totals = (hist.reshape(size, 256) @ _BYTE_BITS).ravel()
    return {code: int(totals[i]) for i, code in enumerate(codes) if totals[i]}


def lexsort_top(keys: Sequence[np.ndarray], k: int) -> np.ndarray:
    """The first k of np.lexsort(keys) (last key primary, ties stable), without a full sort."""
    n = len(keys[-1])
    if n <= max(256, 4 * k):
        return np.lexsort(keys)[: max(k, 0)]
    primary = keys[-1]
    kth = np.partition(primary, k - 1)[k - 1]
    before = np.flatnonzero(primary < kth)
    tied = np.flatnonzero(primary == kth)
    need = k - len(before)
    rest = [key[tied] for key in keys[:-1]]
    chosen = tied[lexsort_top(rest, need)] if rest else tied[:need]
    picked = np.sort(np.concatenate([before, chosen]))
    return picked[np.lexsort([key[picked] for key in keys])]


def facets(facts: Facts, rows: np.ndarray) -> dict[str, dict[str, int]]:
    """Counts of interests, access features, settings and free ones among the matching rows."""
    counts = np.bincount(facts.setting[rows], minlength=len(_VALUE_NAMES))
    return {
        "interests": _counts(facts.interests[rows], INTEREST_CODES),
        "access": _counts(facts.access[rows], ACCESS_CODES),
        "settings": dict(sorted((_VALUE_NAMES[i], int(c)) for i, c in enumerate(counts) if c)),
        "cost": {"free": int((facts.standard[rows] == 0).sum())},
    }


def faded(facts: Facts, rows: np.ndarray, now: datetime | None = None) -> np.ndarray:
    """How much of its relevance each row keeps as its last confirmation ages (1 until the
    configured period, then smoothly less)."""
    after = fade_after_days()
    if after is None or not len(rows):
        return np.ones(len(rows))
    now_us = _micros(now or datetime.now(UTC))
    age_days = (now_us - facts.seen[rows]) / 86_400e6
    return np.asarray(fade(age_days, after), dtype=np.float64)


def fade_after_days() -> int | None:
    """The app's period before an entry counts as not recently checked (None outside an app)."""
    if not has_app_context():
        return None
    days = current_app.config.get("STALE_AFTER_DAYS")
    return int(days) if days else None


def finish(
    facts: Facts,
    filters: SearchFilters,
    sort: Sort,
    page: int,
    per_page: int,
    candidates: tuple[np.ndarray, np.ndarray] | None,
    plan: QueryPlan | None = None,
    passing: tuple[np.ndarray, np.ndarray | None] | None = None,
    with_facets: bool = True,
) -> SearchResult:
    """Filter candidate rows (all rows when None), sort, page and describe one page of results."""
    per_page = max(1, min(int(per_page), MAX_PER_PAGE))
    page = max(1, int(page))
    mask, dist = passing or allowed(facts, filters)
    if candidates is None:
        rows = np.nonzero(mask)[0]
        scores = np.zeros(len(rows))
    else:
        cand_rows, cand_scores = candidates
        keep = mask[cand_rows]
        rows, scores = cand_rows[keep], cand_scores[keep] * faded(facts, cand_rows[keep])
    if sort == "distance" and dist is not None:
        d = dist[rows]
        keys: tuple[np.ndarray, ...] = (facts.name_rank[rows], -scores, d)
    elif sort == "name" or (sort == "relevance" and candidates is None and dist is None):
        keys = (facts.name_rank[rows],)
    elif sort == "updated":
        keys = (-facts.updated[rows],)
    elif candidates is None and dist is not None:
        keys = (facts.name_rank[rows], dist[rows])
    else:
        keys = (facts.name_rank[rows], -scores)
    start = (page - 1) * per_page
    page_rows = rows[lexsort_top(keys, start + per_page)[start:]]
    ids = [facts.ids[i] for i in page_rows]
    result = SearchResult(
        ids=ids,
        total=len(rows),
        page=page,
        per_page=per_page,
        facets=facets(facts, rows) if with_facets else {},
        stamps={facts.ids[i]: int(facts.updated[i]) for i in page_rows},
        version=facts.version,
    )
    if dist is not None:
        result.distances_km = {
            facts.ids[i]: round(float(dist[i]), 2) for i in page_rows if math.isfinite(dist[i])
        }
    if plan is not None:
        codes = plan.codes
        for i in page_rows:
            hit = [
                c
                for c in INTEREST_CODES
                if c in codes and int(facts.interests[i]) >> INTEREST_BIT[c] & 1
            ]
            if hit:
                result.matched_terms[facts.ids[i]] = [
                    vocabulary.label(vocabulary.INTEREST, c) for c in hit
                ]
    return result


# ---------------------------------------------------------------- snippets


def query_stems(plan: QueryPlan) -> set[str]:
    """Stems of every query word and correction, for highlighting."""
    return {stem(w) for w in plan.all_words}


@lru_cache(maxsize=4096)
def snippet(text: str, stems: frozenset[str], size: int = SNIPPET_WORDS) -> str:
    """An HTML-escaped window of the text around the first match, matches in <mark>."""
    spans = [m.span() for m in _WORD.finditer(text)]
    if not spans:
        return html.escape(text)
    low = text.lower()
    hits = [i for i, (a, b) in enumerate(spans) if stem(low[a:b]) in stems]
    first = max(0, (hits[0] if hits else 0) - size // 3)
    last = min(len(spans), first + size)
    begin = spans[first][0]
    end = spans[last - 1][1] if last < len(spans) else len(text)
    out = ["… " if first else ""]
    pos = begin
    for i in hits:
        if first <= i < last:
            a, b = spans[i]
            out.append(html.escape(text[pos:a]))
            out.append(f"<mark>{html.escape(text[a:b])}</mark>")
            pos = b
    out.append(html.escape(text[pos:end]))
    out.append(" …" if last < len(spans) else "")
    return "".join(out)


DESCRIPTIONS_KEPT = 5000  # resource descriptions kept for snippets, by id and updated_at
_descriptions: OrderedDict[tuple[str, str, int], str] = OrderedDict()
_descriptions_lock = threading.Lock()


def _page_descriptions(conn: Connection, facts: Facts, ids: list[str]) -> dict[str, str]:
    """The descriptions of these resources: kept ones while updated_at stands, the rest read."""
    where = str(conn.engine.url)  # one process may serve more than one database
    keys = {
        rid: (where, rid, int(facts.updated[facts.row[rid]])) for rid in ids if rid in facts.row
    }
    found: dict[str, str] = {}
    with _descriptions_lock:
        for rid, key in keys.items():
            if key in _descriptions:
                _descriptions.move_to_end(key)
                found[rid] = _descriptions[key]
    missing = [rid for rid in ids if rid not in found]
    if missing:
        read = {rid: desc or "" for rid, desc in conn.execute(_DESCRIPTIONS, {"ids": missing})}
        found.update(read)
        with _descriptions_lock:
            for rid, desc in read.items():
                if rid in keys:
                    _descriptions[keys[rid]] = desc
            while len(_descriptions) > DESCRIPTIONS_KEPT:
                _descriptions.popitem(last=False)
    return found


def add_snippets(conn: Connection, result: SearchResult, plan: QueryPlan, facts: Facts) -> None:
    """Fill highlighted snippets of each resource's description on the result page."""
    if not result.ids or not plan.groups:
        return
    stems = frozenset(query_stems(plan))
    for rid, desc in _page_descriptions(conn, facts, result.ids).items():
        result.snippets[rid] = snippet(desc, stems)
