"""Whoosh search backend: a stemmed index on disk, searched through whoosh's public API.

Matching, filters (as whoosh queries over indexed fields), sorting, paging, facets
(`whoosh.sorting`) and spelling (`searcher.suggest`) are whoosh's own. Two checks whoosh cannot
make run after it, over column values: distance within a radius, and a session inside a day's
time window (`_post_step`). The index keeps the change-feed seq it has applied in a marker
document, and catches up "since N" before answering when it is behind (directory/feed.py).
"""

from __future__ import annotations

import bisect
import heapq
import logging
import math
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import Engine, func, select
from whoosh import index as windex
from whoosh import query as wq
from whoosh.analysis import StemmingAnalyzer
from whoosh.columns import NumericColumn, VarBytesColumn
from whoosh.fields import COLUMN, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.matching import ListMatcher, Matcher, NullMatcher, RequireMatcher
from whoosh.reading import ReaderClosed
from whoosh.searching import Searcher
from whoosh.writing import CLEAR, IndexWriter

from directory import feed, vocabulary
from directory.config import owner_only_folder
from directory.db import get_engine
from directory.fading import fade
from directory.geo import haversine_km
from directory.models import Resource
from directory.models.base import minutes
from directory.search import MAX_PER_PAGE, PER_PAGE, SearchFilters, SearchResult, Sort
from directory.search.common import (
    INTEREST_CODES,
    QueryPlan,
    correctable,
    plan_query,
    postcode_keys,
    query_stems,
    snippet,
    with_corrections,
)
from directory.search.whoosh_docs import FEED_ID, load

log = logging.getLogger(__name__)
FIELD_BOOSTS = {"name": 3.0, "terms": 2.0, "text": 1.0, "details": 1.0}
INTEREST_BOOST = 2.0
POSTCODE_BOOST = 20.0  # a service at the postcode asked for ranks above ones that mention it
WORD_FIELDS = frozenset(FIELD_BOOSTS)  # the text fields a query's words search
ANALYZER = StemmingAnalyzer()
WRITE_TIMEOUT = 10.0  # seconds a write waits for another writer's lock
# whoosh's own procs= for a rebuild: measured at 10k on 2 busy cores, its queue of pickled
# documents made a 2-process build far slower than one writer, so one it is.
REBUILD_PROCS = 1
PARALLEL_FROM = 5000
CATCH_UP_LIMIT = 5000  # more changed resources than this wait for `commonground reindex`
KEEP_DOCS = 500_000  # document numbers kept in term sets per searcher (some 30 MB at most)
RESOURCE = wq.Term("kind", "resource")  # every search leaves the feed marker out


def make_schema() -> Schema:
    """Public fields only; structured facts as indexed terms, numbers and columns."""
    text = {"analyzer": StemmingAnalyzer(), "phrase": False}
    return Schema(
        id=ID(stored=True, unique=True),
        kind=ID(),
        seq=STORED(),  # the feed marker's applied seq
        name=TEXT(**text),
        text=TEXT(**text),
        terms=TEXT(**text),
        details=TEXT(**text),
        spell=KEYWORD(lowercase=True),  # distinct unstemmed words, for "did you mean"
        interests=KEYWORD(scorable=True, stored=True),
        access=KEYWORD(),
        languages=KEYWORD(),  # spoken languages' ISO codes
        categories=KEYWORD(),  # the source taxonomy terms' ids (source_term.id)
        postcodes=KEYWORD(scorable=True),  # its places' postcodes (common.place_codes)
        setting=ID(sortable=True),  # a column too: facets read it per matching document
        status=ID(),
        review=ID(),
        public=ID(),
        free=ID(sortable=True),
        days=KEYWORD(),  # session days, or "none" when it has no fixed sessions
        cost=NUMERIC(int, bits=64),
        cost_after=NUMERIC(int, bits=64),  # the cheapest with a concession
        lat=NUMERIC(float),  # every place's: a box around a point narrows the radius check
        lon=NUMERIC(float),
        interest_list=COLUMN(VarBytesColumn()),  # facet counts read these ("walking music")
        access_list=COLUMN(VarBytesColumn()),
        description=STORED(),
        name_key=COLUMN(VarBytesColumn()),
        updated=COLUMN(NumericColumn("q", default=0)),
        seen=COLUMN(NumericColumn("q", default=0)),
        places=COLUMN(VarBytesColumn()),  # "lat lon;lat lon"
        slots=COLUMN(VarBytesColumn()),  # "day start end;..." in minutes
    )


def _stems(word: str) -> list[str]:
    return [t.text for t in ANALYZER(word)]


def word_query(word: str) -> wq.Query | None:
    """Any stem of the word in any text field, field boosts applied."""
    terms = [wq.Term(f, s, boost=b) for s in _stems(word) for f, b in FIELD_BOOSTS.items()]
    return wq.Or(terms) if terms else None


def text_query(plan: QueryPlan) -> wq.Query | None:
    """Every group (its words, or an interest it names, or its correction) needed."""
    groups: list[wq.Query] = []
    codes = postcode_keys(plan)
    for i, group in enumerate(plan.groups):
        parts: list[wq.Query] = []
        found = [q for q in (word_query(w) for w in group.words) if q is not None]
        if found:
            parts.append(wq.And(found))
        parts += [wq.Term("interests", c, boost=INTEREST_BOOST) for c in sorted(group.codes)]
        fixed = word_query(group.corrected) if group.corrected else None
        if fixed is not None:
            parts.append(fixed)
        parts += [wq.Term("postcodes", key, boost=POSTCODE_BOOST) for key in codes.get(i, [])]
        if parts:
            groups.append(wq.Or(parts))
    if not groups:
        return None
    return wq.And(groups)


def _is(field: str, value: str) -> wq.Query:
    """A filter term: boost 0, so narrowing the matches adds nothing to their scores."""
    return wq.Term(field, value, boost=0.0)


def filter_query(f: SearchFilters) -> wq.Query:
    """Every filter whoosh can answer, as one query over indexed fields (scoring nothing)."""

    def any_of(field: str, values: Iterable[str]) -> wq.Query:
        return wq.Or([_is(field, v) for v in values])

    need: list[wq.Query] = []
    if f.public_only:
        need += [_is("review", "confirmed"), _is("public", "yes")]
        need.append(_is("status", "active"))
    if f.statuses:
        need.append(any_of("status", f.statuses))
    if f.interests:
        need.append(any_of("interests", f.interests))
    need += [_is("access", a) for a in f.access]
    if f.settings:
        need.append(any_of("setting", f.settings))
    if f.languages:
        need.append(any_of("languages", f.languages))
    if f.categories:
        need.append(any_of("categories", f.categories))
    if f.review_states:
        need.append(any_of("review", f.review_states))
    if f.free_only:
        need.append(_is("free", "yes"))
    if f.max_cost_pence is not None:
        field = "cost_after" if f.receives_benefits else "cost"
        # As its terms, not a constant-score query (which reads every id in range up front);
        # a range matches nothing at a boost of 0, and a tiny one leaves the order as it is.
        price = wq.NumericRange(field, None, f.max_cost_pence, boost=1e-9, constantscore=False)
        need.append(price)
    if f.day:
        need.append(any_of("days", [f.day, "none"]))
    if f.only_ids is not None:
        need.append(any_of("id", sorted(f.only_ids)) if f.only_ids else wq.NullQuery)
    # Any of these leaves out the feed marker (it holds none of these fields) on its own.
    return wq.And(need) if need else RESOURCE


def _decode(value: object) -> str:
    return value.decode() if isinstance(value, bytes) else str(value or "")


def nearest_km(places: str, near: tuple[float, float]) -> float:
    """The distance to the nearest of a resource's places ("lat lon;..."), inf when none."""
    best = float("inf")
    for place in places.split(";") if places else ():
        lat, lon = place.split(" ")
        best = min(best, float(haversine_km(near[0], near[1], float(lat), float(lon))))
    return best


def near_box(f: SearchFilters) -> wq.Query:
    """Resources with a place inside the box around the point that holds the radius."""
    assert f.near is not None and f.radius_km is not None  # noqa: S101 - the caller checks
    lat, lon = f.near
    dlat = f.radius_km / 110.574
    dlon = f.radius_km / (111.320 * max(math.cos(math.radians(lat)), 0.01))
    return wq.And(
        [
            wq.NumericRange("lat", lat - dlat, lat + dlat),
            wq.NumericRange("lon", lon - dlon, lon + dlon),
        ]
    )


def in_window(slots: str, f: SearchFilters) -> bool:
    """A session on the day inside [from, to]; a resource with no fixed sessions always fits."""
    if not slots:
        return True
    low = minutes(f.time_from) if f.time_from else None
    high = minutes(f.time_to) if f.time_to else None
    for slot in slots.split(";"):
        day, start, end = slot.split(" ")
        if f.day and day != f.day:
            continue
        if (low is None or int(start) >= low) and (high is None or int(end) <= high):
            return True
    return False


def after_days(app: Flask) -> float | None:
    """The app's period before an entry's ranking starts to fade."""
    days = app.config.get("STALE_AFTER_DAYS")
    return float(days) if days else None


class WhooshBackend:
    """Search over a whoosh index in app.config["INDEX_DIR"], one per app."""

    name = "whoosh"

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.path = Path(app.config["INDEX_DIR"])
        self._ix: windex.Index | None = None
        self._lock = threading.Lock()
        self._local = threading.local()

    @property
    def engine(self) -> Engine:
        """The app's database engine."""
        return get_engine(self.app)

    def _index(self) -> windex.Index:
        """Open the index, creating an empty one when the folder holds none (or an old one)."""
        with self._lock:
            if self._ix is None:
                owner_only_folder(self.path)  # 0700, whatever the umask
                ix = windex.open_dir(str(self.path)) if windex.exists_in(str(self.path)) else None
                if ix is None or set(ix.schema.names()) != set(make_schema().names()):
                    ix = windex.create_in(str(self.path), make_schema())
                self._ix = ix
            return self._ix

    def _searcher(self) -> Searcher:
        """This thread's searcher, opened anew when the index has moved on."""
        local = self._local
        current: Searcher | None = getattr(local, "searcher", None)
        if current is None or local.pid != os.getpid() or not current.up_to_date():
            # Why not refresh(): whoosh 2.7 closes the readers it means to reuse, which this
            # thread may still be reading from (ReaderClosed under concurrent writes).
            current = self._index().searcher()
        local.searcher, local.pid = current, os.getpid()
        return current

    # -------------------------------------------------------------- the change feed

    def applied(self) -> int:
        """The feed seq the index has applied."""
        marker = self._searcher().document(id=FEED_ID)
        return int(marker["seq"]) if marker else 0

    def catch_up(self, wait: bool = False) -> bool:
        """Apply the feed's rows since the index's seq; False when another writer holds the
        lock and `wait` is not set (the index then answers as it is)."""
        with self.engine.connect() as conn:
            if feed.latest(conn) <= self.applied():
                return True
        try:
            writer = self._index().writer(timeout=WRITE_TIMEOUT if wait else 0.0)
        except windex.LockError:
            if wait:
                raise
            return False
        try:
            with self.engine.connect() as conn:  # the seq as this writer sees it, under its lock
                seq, changed, deleted = feed.since(conn, self.applied())
            behind = len(changed) + len(deleted)
            if behind > CATCH_UP_LIMIT:
                # A rebuild's worth: never on a request path (`commonground reindex` does it).
                log.warning("search index %d resources behind: run `commonground reindex`", behind)
                writer.cancel()
                return False
            self._apply(writer, changed, deleted)
            writer.update_document(id=FEED_ID, kind="feed", seq=seq)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        return True

    def _apply(self, writer: IndexWriter, changed: set[str], deleted: set[str]) -> None:
        """Replace the changed resources and drop the deleted ones (and ones gone since)."""
        found: set[str] = set()
        for fields in load(self.engine, changed):
            writer.update_document(**fields)
            found.add(fields["id"])
        for rid in deleted | (changed - found):
            writer.delete_by_term("id", rid)

    def index(self, ids: Iterable[str]) -> None:
        """Bring these resources (and whatever else changed) up to date from the feed."""
        if set(ids):
            self.catch_up(wait=True)

    def remove(self, ids: Iterable[str]) -> None:
        """Remove these resources: the feed holds their deletion."""
        if set(ids):
            self.catch_up(wait=True)

    def reindex(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Rebuild the whole index in one commit (whoosh's writer lock held meanwhile); readers
        see the old index or the new one, never half."""
        with self.engine.connect() as conn:
            seq = feed.latest(conn)  # rows after it are applied again later: harmless
            r = Resource.__table__  # type: ignore[attr-defined]
            total = int(conn.execute(select(func.count()).select_from(r)).scalar() or 0)
        procs = REBUILD_PROCS if total >= PARALLEL_FROM else 1
        options = {"procs": procs, "multisegment": True} if procs > 1 else {}
        writer = self._index().writer(timeout=WRITE_TIMEOUT, limitmb=256, **options)
        count = 0
        try:
            for fields in load(self.engine):
                writer.add_document(**fields)
                count += 1
                if progress and count % 500 == 0:
                    progress(count, max(total, count))
            writer.add_document(id=FEED_ID, kind="feed", seq=seq)
        except BaseException:
            writer.cancel()
            raise
        writer.commit(mergetype=CLEAR)
        if progress:
            progress(count, max(total, count))
        return count

    def is_current(self) -> bool:
        """Tell whether the index has applied the whole feed and holds every resource."""
        r = Resource.__table__  # type: ignore[attr-defined]
        with self.engine.connect() as conn:
            latest = feed.latest(conn)
            count = int(conn.execute(select(func.count()).select_from(r)).scalar() or 0)
        held = sum(1 for _ in self._searcher().docs_for_query(RESOURCE))
        return self.applied() >= latest and held == count

    # -------------------------------------------------------------- search

    def search(
        self,
        query: str,
        filters: SearchFilters | None = None,
        sort: Sort = "relevance",
        page: int = 1,
        per_page: int = PER_PAGE,
        *,
        snippets: bool = True,
        facets: bool = True,
        version: int | None = None,
    ) -> SearchResult:
        """Find resources; page is 1-based; snippets=False or facets=False leave those empty;
        `version` is unused (the index follows the change feed)."""
        f = filters or SearchFilters()
        per_page = max(1, min(int(per_page), MAX_PER_PAGE))
        page = max(1, int(page))
        self.catch_up()
        now_us = datetime.now(UTC).timestamp() * 1e6
        ask = Ask(f, sort, page, per_page, snippets, facets, after_days(self.app), now_us)
        try:
            return self._search(self._sets(), query, ask)
        except (OSError, ReaderClosed):
            # Another process's merge removed a segment file this searcher had yet to open:
            # search again on the index as it now is.
            self._local.searcher = None
            return self._search(self._sets(), query, ask)

    def _sets(self) -> DocSets:
        """This thread's searcher with its cache of term document sets (dropped with it)."""
        searcher = self._searcher()
        sets: DocSets | None = getattr(self._local, "sets", None)
        if sets is None or sets.searcher is not searcher:
            sets = self._local.sets = DocSets(searcher)
        return sets

    def forget_groups(self) -> None:
        """Drop this thread's kept sets of query words (the bench times words as new ones);
        filter terms' sets stay, as whoosh's own filter cache would."""
        sets: DocSets | None = getattr(self._local, "sets", None)
        if sets is not None:
            sets.forget(WORD_FIELDS)

    def _search(self, sets: DocSets, query: str, ask: Ask) -> SearchResult:
        """One search on one searcher: match sets, then whoosh ranks only the page's top."""
        f, searcher = ask.filters, sets.searcher
        result = SearchResult(ids=[], total=0, page=ask.page, per_page=ask.per_page)
        if searcher.doc_count() == 0:  # not even the feed marker: an index never filled
            return result
        plan = with_corrections(plan_query(query), corrections(searcher, plan_query(query)))
        matched = text_query(plan)
        if plan.groups and matched is None:
            return result
        allowed = sets.docs(filter_query(f))
        text = allowed if matched is None else sets.docs(matched) & allowed
        groups = matched.subqueries if isinstance(matched, wq.And) else []
        found, dist = post_step(sets, text, f)
        if len(groups) > 1 and not found:  # no resource has every group: any will do
            matched = wq.Or(groups)
            found, dist = post_step(sets, sets.docs(matched) & allowed, f)
        result.total = len(found)
        if not found or (ask.page - 1) * ask.per_page >= len(found):
            return result
        end = ask.page * ask.per_page
        order = None
        if matched is not None and ask.sort in ("relevance", "distance"):
            # by distance every match needs its score (it breaks ties of distance)
            whole = ask.sort == "distance" and dist is not None
            order = ranked(sets, matched, found, len(found) if whole else end, ask)
        for docnum in page_of(sets, found, order, dist, ask)[end - ask.per_page : end]:
            describe(result, searcher.stored_fields(docnum), plan, dist, docnum, ask.snippets)
        if ask.facets:
            result.facets = facet_counts(sets, found)
        suggestion = plan.suggestion()
        if suggestion:
            result.suggestions = [suggestion]
        return result


@dataclass(frozen=True)
class Ask:
    """What one search asks for besides its words."""

    filters: SearchFilters
    sort: Sort
    page: int
    per_page: int
    snippets: bool
    facets: bool
    fade_after: float | None
    now_us: float


class DocSets:
    """A searcher with the document numbers of the term queries it has answered, kept while it
    is current (a write opens a new searcher): filters and words are set algebra over them."""

    def __init__(self, searcher: Searcher) -> None:
        self.searcher = searcher
        self.kept: OrderedDict[wq.Query, frozenset[int]] = OrderedDict()
        self.size = 0
        leaves = [(offset, sub.reader()) for sub, offset in searcher.leaf_searchers()]
        self.offsets = [offset for offset, _ in leaves]
        self.readers = [reader for _, reader in leaves]
        self.columns: dict[tuple[int, str], Any] = {}

    def docs(self, q: wq.Query) -> frozenset[int]:
        """The documents matching a query: And/Or as set algebra over its leaves' sets."""
        if isinstance(q, wq.And):
            parts = sorted((self.docs(s) for s in q.subqueries), key=len)
            return frozenset.intersection(*parts) if parts else frozenset()
        if isinstance(q, wq.Or):
            return frozenset().union(*(self.docs(s) for s in q.subqueries))
        if q is wq.NullQuery:
            return frozenset()
        found = self.kept.get(q)
        if found is None:
            found = frozenset(self.searcher.docs_for_query(q))
            if getattr(q, "fieldname", None) != "id":  # a chosen id set is used once
                self.keep(q, found)
        else:
            self.kept.move_to_end(q)
        return found

    def keep(self, q: wq.Query, found: frozenset[int]) -> None:
        """Keep a set, dropping the least recently used beyond KEEP_DOCS numbers in all."""
        self.kept[q] = found
        self.size += len(found)
        while self.size > KEEP_DOCS and len(self.kept) > 1:
            _, old = self.kept.popitem(last=False)
            self.size -= len(old)

    def forget(self, fields: frozenset[str]) -> None:
        """Drop the kept sets of terms in these fields."""
        for q in [q for q in self.kept if getattr(q, "fieldname", None) in fields]:
            self.size -= len(self.kept.pop(q))

    def local(self, docs: Iterable[int]) -> dict[int, list[int]]:
        """Documents' numbers within their segments, by the segment reader's id."""
        out: dict[int, list[int]] = {id(reader): [] for reader in self.readers}
        for docnum in sorted(docs):
            i = bisect.bisect_right(self.offsets, docnum) - 1
            out[id(self.readers[i])].append(docnum - self.offsets[i])
        return out

    def column(self, name: str, docnum: int) -> Any:
        """One document's value in a column, read from its segment."""
        i = bisect.bisect_right(self.offsets, docnum) - 1
        column = self.columns.get((i, name))
        if column is None:
            column = self.columns[i, name] = self.readers[i].column_reader(name)
        return column[docnum - self.offsets[i]]


class Within(wq.Query):  # type: ignore[misc]
    """A query's matches among given documents, scored by the query alone: whoosh's own
    RequireMatcher steps the query's matcher through the documents' numbers only (whoosh's
    Require query builds an AndNotMatcher instead)."""

    def __init__(self, q: wq.Query, docs: dict[int, list[int]]) -> None:
        self.q, self.docs = q, docs

    def __eq__(self, other: object) -> bool:
        return other is self

    def __hash__(self) -> int:
        return id(self)

    def estimate_size(self, ixreader: Any) -> int:
        """How many documents it can match at most."""
        return sum(len(ids) for ids in self.docs.values())

    def matcher(self, searcher: Searcher, context: Any = None) -> Matcher:
        """The query's matcher within this segment's given documents."""
        ids = self.docs.get(id(searcher.reader()))
        if not ids:
            return NullMatcher()
        return Required(self.q.matcher(searcher, context), ListMatcher(ids))


class Required(RequireMatcher):  # type: ignore[misc]
    """Whoosh's RequireMatcher without block-quality skipping or pruning: its skip trips an
    assertion in the intersection it wraps, and pruning drops parts of a word's score; over a
    narrowed list they save little anyway."""

    def supports_block_quality(self) -> bool:
        """Never skip blocks."""
        return False

    def replace(self, minquality: float = 0) -> Matcher:
        """Simplify the matchers without dropping any that adds to a score."""
        return super().replace(0)


def post_step(
    sets: DocSets, docs: frozenset[int], f: SearchFilters
) -> tuple[frozenset[int], dict[int, float] | None]:
    """What whoosh cannot check, over the documents that pass everything else: within the
    radius (online ones always are) and inside the day's time window; with each one's
    distance when near is set."""
    if f.near is None and not (f.time_from or f.time_to):
        return docs, None
    if f.near is not None and f.radius_km is not None:
        docs = docs & sets.docs(wq.Or([wq.Term("setting", "online"), near_box(f)]))
    online = sets.docs(wq.Term("setting", "online")) if f.radius_km is not None else frozenset()
    keep: set[int] = set()
    dist: dict[int, float] = {}
    for docnum in docs:
        if (f.time_from or f.time_to) and not in_window(_decode(sets.column("slots", docnum)), f):
            continue
        if f.near is not None:
            km = dist[docnum] = nearest_km(_decode(sets.column("places", docnum)), f.near)
            if f.radius_km is not None and km > f.radius_km and docnum not in online:
                continue
        keep.add(docnum)
    return frozenset(keep), (dist if f.near is not None else None)


def ranked(
    sets: DocSets, q: wq.Query, found: frozenset[int], end: int, ask: Ask
) -> dict[int, float]:
    """The faded scores of enough of the best matches to hold the first `end` exactly.

    Whoosh's top-N collector ranks the matches by raw score; fading only lowers a score, so
    once the end-th faded score beats the lowest raw score collected, nothing left out can
    reach the page. Else collect four times as many."""
    limit = max(2 * end, 50)  # room below the page, so ties at its end rarely need more
    # Always within the matches: whoosh's own pruning of a union below the top-N's lowest score
    # drops the part of a score that the pruned words add, which reorders the top.
    among = Within(q, sets.local(found))
    while True:
        hits = sets.searcher.search(among, limit=limit, terms=False)
        raw = [(hit.docnum, hit.score) for hit in hits]
        scores = {d: -faded(sets, d, s, ask.fade_after, ask.now_us) for d, s in raw}
        if len(raw) < limit or len(raw) >= len(found):
            return scores
        best = sorted(scores.values())
        if -best[end - 1] > raw[-1][1]:
            return scores
        limit *= 4


def faded(sets: DocSets, docnum: int, score: float, after: float | None, now_us: float) -> float:
    """A raw score times the fading factor of the resource's last confirmation."""
    if not after:
        return score
    age = (now_us - sets.column("seen", docnum)) / 86_400e6
    return score if age <= after else score * float(fade(age, after))


def page_of(
    sets: DocSets,
    found: frozenset[int],
    scores: dict[int, float] | None,
    dist: dict[int, float] | None,
    ask: Ask,
) -> list[int]:
    """The first page_end documents in the asked order; the name breaks every tie."""
    end = ask.page * ask.per_page
    inf = float("inf")

    def key(d: int) -> tuple[Any, ...]:
        name = sets.column("name_key", d)
        if ask.sort == "name":
            return (name, d)
        if ask.sort == "updated":
            return (-sets.column("updated", d), name, d)
        near = dist.get(d, inf) if dist is not None else inf
        score = scores.get(d, inf) if scores is not None else 0.0
        if ask.sort == "distance" and dist is not None:
            return (near, score, name, d)
        return (score, name, d) if scores is not None else (near, name, d)

    pool = found if scores is None or ask.sort != "relevance" else scores.keys()
    return heapq.nsmallest(end, pool, key=key)


def corrections(searcher: Searcher, plan: QueryPlan) -> dict[str, str]:
    """Likely spellings of query words the index does not know: the closest, then the most
    used (whoosh's corrector ranks by use within a distance, so nearer distances go first)."""
    reader = searcher.reader()
    fixes: dict[str, str] = {}
    for group in plan.groups:
        if not correctable(group):
            continue
        word = group.words[0]
        if ("spell", word) in reader or any(
            (f, s) in reader for s in _stems(word) for f in FIELD_BOOSTS
        ):
            continue
        for distance in range(1, 2 if len(word) <= 4 else 3):
            found = searcher.suggest("spell", word, limit=1, maxdist=distance)
            if found:
                fixes[word] = _decode(found[0])
                break
    return fixes


def describe(
    result: SearchResult,
    fields: dict[str, Any],
    plan: QueryPlan,
    dist: dict[int, float] | None,
    docnum: int,
    text: bool,
) -> None:
    """Add one hit to the page: its id, distance, highlighted snippet and matched interests."""
    rid = fields["id"]
    result.ids.append(rid)
    if dist is not None and dist.get(docnum, float("inf")) != float("inf"):
        result.distances_km[rid] = round(dist[docnum], 2)
    if text and plan.groups:
        stems = frozenset(query_stems(plan))
        result.snippets[rid] = snippet(fields.get("description") or "", stems)
    held = set((fields.get("interests") or "").split()) & plan.codes
    hit_codes = [c for c in INTEREST_CODES if c in held]
    if hit_codes:
        result.matched_terms[rid] = [vocabulary.label(vocabulary.INTEREST, c) for c in hit_codes]


def facet_counts(sets: DocSets, found: frozenset[int]) -> dict[str, dict[str, int]]:
    """Facet counts over every matching resource: each value's documents met with the matches."""
    reader = sets.searcher.reader()
    out: dict[str, dict[str, int]] = {}
    for name, field in (("interests", "interests"), ("access", "access"), ("settings", "setting")):
        counts = {}
        for value in reader.field_terms(field):
            n = len(found & sets.docs(wq.Term(field, value)))
            if n:
                counts[_decode(value)] = n
        out[name] = dict(sorted(counts.items()))
    out["cost"] = {"free": len(found & sets.docs(wq.Term("free", "yes")))}
    return out
