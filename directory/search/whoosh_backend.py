"""Whoosh search backend: a stemmed index on disk, searched through whoosh's public API.

Matching, filters (as whoosh queries over indexed fields), sorting, paging, facets
(`whoosh.sorting`) and spelling (`searcher.suggest`) are whoosh's own. Two checks whoosh cannot
make run after it, over column values: distance within a radius, and a session inside a day's
time window (`_post_step`). The index keeps the change-feed seq it has applied in a marker
document, and catches up "since N" before answering when it is behind (directory/feed.py).
"""

from __future__ import annotations

import logging
import math
import os
import threading
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import Engine, func, select
from whoosh import index as windex
from whoosh import query as wq
from whoosh import sorting
from whoosh.analysis import StemmingAnalyzer
from whoosh.columns import NumericColumn, VarBytesColumn
from whoosh.fields import COLUMN, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
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
    query_stems,
    snippet,
    with_corrections,
)
from directory.search.whoosh_docs import FEED_ID, load

log = logging.getLogger(__name__)
FIELD_BOOSTS = {"name": 3.0, "terms": 2.0, "text": 1.0, "details": 1.0}
INTEREST_BOOST = 2.0
ANALYZER = StemmingAnalyzer()
WRITE_TIMEOUT = 10.0  # seconds a write waits for another writer's lock
# whoosh's own procs= for a rebuild: measured at 10k on 2 busy cores, its queue of pickled
# documents made a 2-process build far slower than one writer, so one it is.
REBUILD_PROCS = 1
PARALLEL_FROM = 5000
CATCH_UP_LIMIT = 5000  # more changed resources than this wait for `commonground reindex`
RESOURCE = wq.Term("kind", "resource")  # every search leaves the feed marker out


class ListFacet(sorting.FacetType):
    """Every code of a column holding space-separated codes: a document counts for each."""

    def __init__(self, fieldname: str) -> None:
        self.fieldname = fieldname
        self.maptype = sorting.Count

    def categorizer(self, global_searcher: Searcher) -> sorting.Categorizer:
        """Read the column segment by segment."""
        fieldname = self.fieldname

        class Codes(sorting.Categorizer):  # type: ignore[misc]
            allow_overlap = True

            def set_searcher(self, segment_searcher: Searcher, docoffset: int) -> None:
                self.column = segment_searcher.reader().column_reader(fieldname)

            def keys_for(self, matcher: Any, docid: int) -> list[bytes]:
                return list(self.column[docid].split())

        return Codes()


FACETS = {
    "interests": ListFacet("interest_list"),
    "access": ListFacet("access_list"),
    "settings": sorting.FieldFacet("setting", maptype=sorting.Count),
    "free": sorting.FieldFacet("free", maptype=sorting.Count),
}


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
    for group in plan.groups:
        parts: list[wq.Query] = []
        found = [q for q in (word_query(w) for w in group.words) if q is not None]
        if found:
            parts.append(wq.And(found))
        parts += [wq.Term("interests", c, boost=INTEREST_BOOST) for c in sorted(group.codes)]
        fixed = word_query(group.corrected) if group.corrected else None
        if fixed is not None:
            parts.append(fixed)
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

    need: list[wq.Query] = [_is("kind", "resource")]
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
    return wq.And(need)


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


class FadedScore(sorting.FacetType):
    """Relevance times the fading factor of each resource's last confirmation (best first)."""

    def __init__(self, after_days: float) -> None:
        self.after_days = after_days
        self.now_us = datetime.now(UTC).timestamp() * 1e6

    def categorizer(self, global_searcher: Searcher) -> sorting.Categorizer:
        """Read each segment's `seen` column and scale the matcher's score."""
        facet = self

        class Faded(sorting.Categorizer):  # type: ignore[misc]
            needs_current = True

            def set_searcher(self, segment_searcher: Searcher, docoffset: int) -> None:
                self.seen = segment_searcher.reader().column_reader("seen")

            def key_for(self, matcher: Any, docid: int) -> float:
                age = (facet.now_us - self.seen[docid]) / 86_400e6
                if age <= facet.after_days:  # the factor is 1 until then
                    return -float(matcher.score())
                return -matcher.score() * float(fade(age, facet.after_days))

        return Faded()


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
        try:
            return self._search(self._searcher(), query, f, sort, page, per_page, snippets, facets)
        except (OSError, ReaderClosed):
            # Another process's merge removed a segment file this searcher had yet to open:
            # search again on the index as it now is.
            self._local.searcher = None
            return self._search(self._searcher(), query, f, sort, page, per_page, snippets, facets)

    def _search(
        self,
        searcher: Searcher,
        query: str,
        f: SearchFilters,
        sort: Sort,
        page: int,
        per_page: int,
        snippets: bool,
        facets: bool,
    ) -> SearchResult:
        """One search on one searcher."""
        if searcher.doc_count() == 0:  # not even the feed marker: an index never filled
            return SearchResult(ids=[], total=0, page=page, per_page=per_page)
        plan = with_corrections(plan_query(query), corrections(searcher, plan_query(query)))
        matched = text_query(plan)
        if plan.groups and matched is None:
            return SearchResult(ids=[], total=0, page=page, per_page=per_page)
        needed: wq.Query = filter_query(f)
        groups = matched.subqueries if isinstance(matched, wq.And) else []
        final = needed if matched is None else wq.And([matched, needed])
        within, dist = post_step(searcher, final, f)  # over the matches only
        if len(groups) > 1 and not any_of_docs(searcher, final, within):
            matched = wq.Or(groups)  # no resource has every group: any will do
            final = wq.And([matched, needed])
            within, dist = post_step(searcher, final, f)
        if within is not None and not within:  # whoosh reads an empty filter set as none
            return SearchResult(ids=[], total=0, page=page, per_page=per_page)
        found = searcher.search_page(
            final,
            page,
            pagelen=per_page,
            filter=within,
            sortedby=self._order(sort, matched is not None, dist),
            groupedby=FACETS if facets else None,
            terms=False,
        )
        result = SearchResult(ids=[], total=found.total, page=page, per_page=per_page)
        if page > found.pagecount and found.total:
            return result
        for hit in found:
            describe(result, hit, plan, dist, snippets)
        if facets:
            result.facets = facet_counts(found.results)
        suggestion = plan.suggestion()
        if suggestion:
            result.suggestions = [suggestion]
        return result

    def _order(
        self, sort: Sort, ranked: bool, dist: dict[int, float] | None
    ) -> list[sorting.FacetType]:
        """Whoosh facets to sort by: name breaks every tie."""
        name = sorting.FieldFacet("name_key")
        fading = after_days(self.app)
        score = FadedScore(fading) if fading else sorting.ScoreFacet()
        if sort == "name":
            return [name]
        if sort == "updated":
            return [sorting.FieldFacet("updated", reverse=True), name]
        nearest = None
        if dist is not None:
            nearest = sorting.FunctionFacet(lambda _s, d: dist.get(d, float("inf")))
        if sort == "distance" and nearest is not None:
            return [nearest, score, name] if ranked else [nearest, name]
        if ranked:
            return [score, name]
        return [nearest, name] if nearest is not None else [name]


def any_of_docs(searcher: Searcher, q: wq.Query, within: set[int] | None) -> bool:
    """Tell whether any document matches (and is within the set, when there is one)."""
    # Not search(limit=1): its block-quality skipping divides by a filter term's boost of 0.
    return any(within is None or d in within for d in searcher.docs_for_query(q))


def post_step(
    searcher: Searcher, allowed: wq.Query, f: SearchFilters
) -> tuple[set[int] | None, dict[int, float] | None]:
    """What whoosh cannot check: the documents within the radius and inside the day's time
    window (None when neither applies), and each passing document's distance when near is set."""
    if f.near is None and not (f.time_from or f.time_to):
        return None, None
    if f.near is not None and f.radius_km is not None:
        allowed = wq.And([allowed, wq.Or([wq.Term("setting", "online"), near_box(f)])])
    keep: set[int] = set()
    dist: dict[int, float] = {}
    # Segment by segment: whoosh misreads a column across segments when one lacks it (a
    # segment holding only the feed marker does).
    for sub, offset in searcher.leaf_searchers():
        reader = sub.reader()
        places, slots = reader.column_reader("places"), reader.column_reader("slots")
        online = set(sub.docs_for_query(wq.Term("setting", "online")))
        for docnum in sub.docs_for_query(allowed):
            if (f.time_from or f.time_to) and not in_window(_decode(slots[docnum]), f):
                continue
            if f.near is not None:
                km = dist[offset + docnum] = nearest_km(_decode(places[docnum]), f.near)
                if f.radius_km is not None and km > f.radius_km and docnum not in online:
                    continue
            keep.add(offset + docnum)
    return keep, (dist if f.near is not None else None)


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
    result: SearchResult, hit: Any, plan: QueryPlan, dist: dict[int, float] | None, text: bool
) -> None:
    """Add one hit to the page: its id, distance, highlighted snippet and matched interests."""
    fields = hit.fields()
    rid = fields["id"]
    result.ids.append(rid)
    if dist is not None and dist.get(hit.docnum, float("inf")) != float("inf"):
        result.distances_km[rid] = round(dist[hit.docnum], 2)
    if text and plan.groups:
        stems = frozenset(query_stems(plan))
        result.snippets[rid] = snippet(fields.get("description") or "", stems)
    held = set((fields.get("interests") or "").split()) & plan.codes
    hit_codes = [c for c in INTEREST_CODES if c in held]
    if hit_codes:
        result.matched_terms[rid] = [vocabulary.label(vocabulary.INTEREST, c) for c in hit_codes]


def facet_counts(results: Any) -> dict[str, dict[str, int]]:
    """Facet counts over every matching resource, from whoosh's grouping."""
    out: dict[str, dict[str, int]] = {}
    for name in ("interests", "access", "settings"):
        counts = results.groups(name)
        out[name] = dict(sorted((_decode(k), int(v)) for k, v in counts.items() if k))
    out["cost"] = {"free": int(results.groups("free").get("yes", 0))}
    return out
