"""What both search backends share: query plans, public documents, structured facts and filters.

A backend only turns a query plan into (id, score) candidates; everything structured (time
windows, cost after concession, distance, facets, sorting, paging, snippets) happens here on a
small per-process array of facts, reloaded when the directory version changes.
"""

from __future__ import annotations

import html
import math
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from sqlalchemy import Connection, Engine, func, select
from whoosh.analysis import STOP_WORDS
from whoosh.lang.porter import stem as porter_stem

from directory import vocabulary
from directory.models import (
    DirectoryState,
    Organisation,
    Resource,
    ResourceCost,
    ResourceLocation,
    ResourceSession,
    ResourceTag,
)
from directory.models.base import DAYS, minutes
from directory.search import MAX_PER_PAGE, SearchFilters, SearchResult, Sort

EARTH_RADIUS_KM = 6371.0
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
    interests: list[str]
    status: str
    updated_us: int  # updated_at in microseconds since the epoch

    @property
    def all_words(self) -> str:
        """Every searchable word, for spelling suggestions."""
        return " ".join(dict.fromkeys(words(f"{self.name} {self.text} {self.terms}")))


def _term_text(scheme: str, code: str) -> str:
    t = vocabulary.TERMS.get(scheme, {}).get(code)
    return f"{t.name} {' '.join(t.synonyms)}" if t else code


def _micros(value: object) -> int:
    from datetime import UTC, datetime

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
            if wanted is not None and start is not None:
                part = wanted[start : start + chunk]
                rows = rows.where(r.c.id.in_(part))
                tags = tags.where(t.c.resource_id.in_(part))
            by_id: dict[str, list[tuple[str, str]]] = {}
            for rid, scheme, code in conn.execute(tags):
                by_id.setdefault(rid, []).append((scheme, code))
            for rid, name, desc, setting, status, updated, org in conn.execute(rows):
                tagged = by_id.get(rid, [])
                term_text = [_term_text(s, c) for s, c in tagged]
                term_text.append(_term_text(vocabulary.SETTING, setting))
                yield Document(
                    id=rid,
                    name=name,
                    text=f"{desc or ''} {org or ''}".strip(),
                    terms=" ".join(term_text),
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


def directory_version(conn: Connection) -> int:
    """The directory's change counter."""
    s = DirectoryState.__table__  # type: ignore[attr-defined]
    value = conn.execute(select(s.c.version).where(s.c.id == 1)).scalar()
    return int(value or 0)


# ---------------------------------------------------------------- structured facts


@dataclass
class Facts:
    """Structured facts of every resource as arrays, row i for ids[i]."""

    version: int
    ids: list[str]
    row: dict[str, int]
    status: np.ndarray
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
    name_rank: np.ndarray  # position in name order
    updated: np.ndarray  # microseconds
    names: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.ids)


def _bits(codes: Iterable[str], bit: dict[str, int]) -> int:
    value = 0
    for code in codes:
        if code in bit:
            value |= 1 << bit[code]
    return value


def load_facts(engine: Engine) -> Facts:
    """Read every resource's structured facts through SQLAlchemy Core."""
    r = Resource.__table__  # type: ignore[attr-defined]
    t = ResourceTag.__table__  # type: ignore[attr-defined]
    c = ResourceCost.__table__  # type: ignore[attr-defined]
    s = ResourceSession.__table__  # type: ignore[attr-defined]
    loc = ResourceLocation.__table__  # type: ignore[attr-defined]
    with engine.connect() as conn:
        version = directory_version(conn)
        rows = conn.execute(
            select(
                r.c.id,
                r.c.name,
                r.c.status,
                r.c.setting,
                r.c.review_state,
                r.c.is_public,
                r.c.updated_at,
            )
        ).all()
        ids = [row[0] for row in rows]
        index = {rid: i for i, rid in enumerate(ids)}
        n = len(ids)
        interests = np.zeros(n, dtype=np.uint64)
        access = np.zeros(n, dtype=np.uint64)
        imask = [0] * n
        amask = [0] * n
        for rid, scheme, code in conn.execute(select(t.c.resource_id, t.c.scheme, t.c.code)):
            i = index.get(rid)
            if i is None:
                continue
            if scheme == vocabulary.INTEREST and code in INTEREST_BIT:
                imask[i] |= 1 << INTEREST_BIT[code]
            elif scheme == vocabulary.ACCESS and code in ACCESS_BIT:
                amask[i] |= 1 << ACCESS_BIT[code]
        interests[:] = imask
        access[:] = amask
        standard = np.full(n, np.iinfo(np.int64).max, dtype=np.int64)
        concession = np.full(n, np.iinfo(np.int64).max, dtype=np.int64)
        for rid, kind, amount in conn.execute(select(c.c.resource_id, c.c.kind, c.c.amount_pence)):
            i = index.get(rid)
            if i is None:
                continue
            target = concession if kind == "concession" else standard
            target[i] = min(int(target[i]), int(amount))
        standard[standard == np.iinfo(np.int64).max] = 0
        concession[concession == np.iinfo(np.int64).max] = -1
        sess = [
            (index[rid], DAYS.index(day), minutes(start), minutes(end))
            for rid, day, start, end in conn.execute(
                select(s.c.resource_id, s.c.day, s.c.start, s.c.end)
            )
            if rid in index and day in DAYS
        ]
        locs = [
            (index[rid], lat, lon)
            for rid, lat, lon in conn.execute(
                select(loc.c.resource_id, loc.c.latitude, loc.c.longitude).where(
                    loc.c.latitude.is_not(None), loc.c.longitude.is_not(None)
                )
            )
            if rid in index
        ]
    s_arr = np.array(sess, dtype=np.int64).reshape(-1, 4)
    l_arr = np.array(locs, dtype=np.float64).reshape(-1, 3)
    has_sessions = np.zeros(n, dtype=bool)
    has_sessions[s_arr[:, 0]] = True
    names = [row[1] or "" for row in rows]
    order = sorted(range(n), key=lambda i: names[i].lower())
    name_rank = np.empty(n, dtype=np.int64)
    name_rank[order] = np.arange(n)
    return Facts(
        version=version,
        ids=ids,
        row=index,
        status=np.array([row[2] for row in rows], dtype=object),
        setting=np.array([row[3] for row in rows], dtype=object),
        review=np.array([row[4] for row in rows], dtype=object),
        public=np.array([bool(row[5]) for row in rows], dtype=bool),
        interests=interests,
        access=access,
        standard=standard,
        concession=concession,
        has_sessions=has_sessions,
        s_row=s_arr[:, 0],
        s_day=s_arr[:, 1],
        s_start=s_arr[:, 2],
        s_end=s_arr[:, 3],
        l_row=l_arr[:, 0].astype(np.int64),
        l_lat=l_arr[:, 1],
        l_lon=l_arr[:, 2],
        name_rank=name_rank,
        updated=np.array([_micros(row[6]) for row in rows], dtype=np.int64),
        names=names,
    )


class FactsCache:
    """The facts of one database, reloaded when the directory version moves (thread-safe)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._facts: Facts | None = None
        self._lock = threading.Lock()

    def get(self, conn: Connection) -> Facts:
        """Current facts, reloading them if the directory changed since they were read."""
        version = directory_version(conn)
        facts = self._facts
        if facts is not None and facts.version == version:
            return facts
        with self._lock:
            if self._facts is None or self._facts.version != version:
                self._facts = load_facts(self.engine)
            return self._facts

    def clear(self) -> None:
        """Forget the facts (after a rebuild)."""
        self._facts = None


def haversine_km(lat1: float, lon1: float, lat2: np.ndarray, lon2: np.ndarray) -> np.ndarray:
    """Great-circle distances in km from one point to many (Earth radius 6371.0)."""
    p1 = math.radians(lat1)
    p2 = np.radians(lat2)
    dlat = p2 - p1
    dlon = np.radians(lon2 - lon1)
    a = np.sin(dlat / 2) ** 2 + math.cos(p1) * np.cos(p2) * np.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(a, 1.0)))


def distances(facts: Facts, near: tuple[float, float]) -> np.ndarray:
    """Each resource's nearest-place distance in km (inf when it has no coordinates)."""
    out = np.full(len(facts), np.inf)
    if len(facts.l_row):
        np.minimum.at(out, facts.l_row, haversine_km(near[0], near[1], facts.l_lat, facts.l_lon))
    return out


def allowed(facts: Facts, f: SearchFilters) -> tuple[np.ndarray, np.ndarray | None]:
    """Which resources pass every filter, and their distances when a point is given."""
    n = len(facts)
    mask = np.ones(n, dtype=bool)
    if f.statuses:
        mask &= np.isin(facts.status, list(f.statuses))
    if f.interests:
        mask &= (facts.interests & np.uint64(_bits(f.interests, INTEREST_BIT))) != 0
    if f.access:
        want = np.uint64(_bits(f.access, ACCESS_BIT))
        unknown = [a for a in f.access if a not in ACCESS_BIT]
        mask &= ((facts.access & want) == want) & (not unknown)
    if f.settings:
        mask &= np.isin(facts.setting, list(f.settings))
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
    if f.public_only:
        mask &= (facts.review == "confirmed") & facts.public & (facts.status == "active")
    if f.review_states:
        mask &= np.isin(facts.review, list(f.review_states))
    dist = None
    if f.near is not None:
        dist = distances(facts, f.near)
        if f.radius_km is not None:
            mask &= (facts.setting == "online") | (dist <= f.radius_km)
    return mask, dist


def _counts(masks: np.ndarray, codes: Sequence[str]) -> dict[str, int]:
    if not len(masks):
        return {}
    bits = np.unpackbits(
        masks.astype("<u8").view(np.uint8).reshape(-1, 8), axis=1, bitorder="little"
    )
    totals = bits.sum(axis=0)
    return {code: int(totals[i]) for i, code in enumerate(codes) if totals[i]}


def facets(facts: Facts, rows: np.ndarray) -> dict[str, dict[str, int]]:
    """Counts of interests, access features, settings and free ones among the matching rows."""
    settings, counts = np.unique(facts.setting[rows].astype(str), return_counts=True)
    return {
        "interests": _counts(facts.interests[rows], INTEREST_CODES),
        "access": _counts(facts.access[rows], ACCESS_CODES),
        "settings": {str(s): int(c) for s, c in zip(settings, counts, strict=True)},
        "cost": {"free": int((facts.standard[rows] == 0).sum())},
    }


def finish(
    facts: Facts,
    filters: SearchFilters,
    sort: Sort,
    page: int,
    per_page: int,
    candidates: tuple[np.ndarray, np.ndarray] | None,
    plan: QueryPlan | None = None,
    passing: tuple[np.ndarray, np.ndarray | None] | None = None,
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
        rows, scores = cand_rows[keep], cand_scores[keep]
    if sort == "distance" and dist is not None:
        d = dist[rows]
        order = np.lexsort((facts.name_rank[rows], -scores, d))
    elif sort == "name" or (sort == "relevance" and candidates is None and dist is None):
        order = np.argsort(facts.name_rank[rows], kind="stable")
    elif sort == "updated":
        order = np.argsort(-facts.updated[rows], kind="stable")
    elif candidates is None and dist is not None:
        order = np.lexsort((facts.name_rank[rows], dist[rows]))
    else:
        order = np.lexsort((facts.name_rank[rows], -scores))
    start = (page - 1) * per_page
    page_rows = rows[order[start : start + per_page]]
    ids = [facts.ids[i] for i in page_rows]
    result = SearchResult(
        ids=ids, total=len(rows), page=page, per_page=per_page, facets=facets(facts, rows)
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


def snippet(text: str, stems: set[str], size: int = SNIPPET_WORDS) -> str:
    """An HTML-escaped window of the text around the first match, matches in <mark>."""
    spans = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    if not spans:
        return html.escape(text)
    hits = [i for i, (a, b) in enumerate(spans) if stem(text[a:b].lower()) in stems]
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


def add_snippets(conn: Connection, result: SearchResult, plan: QueryPlan) -> None:
    """Fill highlighted snippets of each resource's description on the result page."""
    if not result.ids or not plan.groups:
        return
    r = Resource.__table__  # type: ignore[attr-defined]
    stems = query_stems(plan)
    rows = conn.execute(select(r.c.id, r.c.description).where(r.c.id.in_(result.ids)))
    for rid, desc in rows:
        result.snippets[rid] = snippet(desc or "", stems)
