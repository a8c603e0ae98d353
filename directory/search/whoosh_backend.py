"""Whoosh search backend: a stemmed index on disk, searched through whoosh's public API.

Words and filters are whoosh queries over indexed fields, their documents met as masks (each
term's kept while the searcher is current); scores are whoosh's scorer's, spelling is
`searcher.suggest`, facets each facet term's documents counted in the pool, excerpts
`whoosh.highlight`'s. Two checks whoosh cannot make follow over column values: distance within a
radius and a session inside a day's time window. The index keeps the change-feed seq it has
applied in a marker document, and catches up "since N" before answering when it is behind
(directory/feed.py).
"""

from __future__ import annotations

import contextlib
import functools
import heapq
import html
import logging
import mmap
import os
import re
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from flask import Flask, after_this_request, has_request_context
from flask.wrappers import Response
from sqlalchemy import func, select
from whoosh import highlight
from whoosh import index as windex
from whoosh import query as wq
from whoosh.analysis import StemmingAnalyzer
from whoosh.columns import NumericColumn, VarBytesColumn
from whoosh.fields import COLUMN, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import StructFile
from whoosh.reading import ReaderClosed
from whoosh.searching import Searcher
from whoosh.writing import CLEAR, MERGE_SMALL, IndexWriter

from core.config import owner_only_folder
from core.times import micros
from directory import feed
from directory.fading import fade
from directory.geo import haversine_km
from directory.geo_grid import covering
from directory.models import Resource
from directory.search import Ask, SearchBackend, SearchFilters, SearchResult
from directory.search.common import (
    Hit,
    QueryPlan,
    add_hit,
    any_of,
    closest,
    correctable,
    edits_allowed,
    english,
    lead,
    new_result,
    plan_query,
    postcode_keys,
    swaps,
    topics,
    with_corrections,
)
from directory.search.whoosh_docs import FEED_ID, load, vocabulary_fingerprint

log = logging.getLogger(__name__)
FIELD_BOOSTS = {"name": 3.0, "terms": 2.0, "text": 1.0, "details": 1.0}
INTEREST_BOOST = 2.0
POSTCODE_BOOST = 20.0  # a service at the postcode asked for ranks above ones that mention it
OWN_FIELDS = ("name", "text", "details")  # an entry's own words, not its tags' vocabulary
ANALYZER = StemmingAnalyzer()
WRITE_TIMEOUT = 10.0  # seconds a write waits for another writer's lock
OPEN_TRIES = 10  # as whoosh's own reader retries
CATCH_UP_LIMIT = 5000  # more changed resources than this wait for `commonground reindex`
POOL = 500  # more matches than this: the page, total and facets come from the first POOL
KEPT_DOCS = 3_000_000  # terms' documents kept per searcher, in all (12 MB)
# Segments an index may hold before its small ones are merged: one large and a few small, as
# whoosh's own small-segment merge leaves them.
MERGE_AFTER = 6
RESOURCE = wq.Term("kind", "resource")  # every search leaves the feed marker out
WORDY = re.compile(r"\w")
Mask = npt.NDArray[np.bool_]  # by document number: whether it is among the documents
Numbers = npt.NDArray[np.integer[Any]]  # document numbers, in order


# The facets the page offers: (facet, the indexed field whose terms it counts).
FACETS = {"interests": "interests", "access": "access", "settings": "setting"}


def make_schema() -> Schema:
    """Public fields only; structured facts as indexed terms, numbers and columns."""
    text = {"analyzer": StemmingAnalyzer(), "phrase": False}
    return Schema(
        id=ID(stored=True, unique=True),
        kind=ID(),
        seq=STORED(),  # the feed marker's applied seq
        vocabulary=STORED(),  # and the vocabulary its documents' term text was built with
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
        setting=ID(),
        status=ID(),
        review=ID(),
        public=ID(),
        free=ID(),
        days=KEYWORD(),  # session days, or "none" when it has no fixed sessions
        cost=NUMERIC(int, bits=64),
        cost_after=NUMERIC(int, bits=64),  # the cheapest with a concession
        cells=KEYWORD(),  # every place's grid cells (geo_grid.cells), narrowing a radius
        description=STORED(),
        name_key=COLUMN(VarBytesColumn()),
        updated=COLUMN(NumericColumn("q", default=0)),
        seen=COLUMN(NumericColumn("q", default=0)),
        places=COLUMN(VarBytesColumn()),  # "lat lon;lat lon"
        slots=COLUMN(VarBytesColumn()),  # "day start end;..." in minutes
    )


def _stems(word: str) -> list[str]:
    return [t.text for t in ANALYZER(word)]


class MarkFormatter(highlight.HtmlFormatter):
    """Whoosh's HTML highlight formatter (text escaped), with plain <mark> tags."""

    def format_token(self, text: str, token: Any, replace: bool = False) -> str:
        """One matched word in <mark>."""
        return f"<mark>{html.escape(highlight.get_text(text, token, replace))}</mark>"

    def format_fragment(self, fragment: highlight.Fragment, replace: bool = False) -> str:
        """The fragment with its words marked, and '…' where it cuts the text short."""
        text, shown = fragment.text, super().format_fragment(fragment, replace).strip()
        lead = "… " if WORDY.search(text[: fragment.startchar]) else ""
        rest = text[fragment.endchar :]  # all of it when only its last full stop is left out
        return lead + shown + (" …" if WORDY.search(rest) else html.escape(rest.rstrip()))


class FirstOfBestScorer(highlight.BasicFragmentScorer):
    """Whoosh's fragment score, the earlier of equally good fragments scoring higher."""

    def __call__(self, f: highlight.Fragment) -> float:
        """The basic score less a fraction for how far into the text the fragment starts."""
        # Whoosh breaks ties by the fragments' memory addresses: one search showed one excerpt,
        # then another on reload.
        return float(super().__call__(f)) - f.startchar / 1e9


FRAGMENTER = highlight.ContextFragmenter(maxchars=160, surround=50)
FORMATTER = MarkFormatter(between=" … ")
SCORER = FirstOfBestScorer()


def excerpt(text: str, plan: QueryPlan) -> str:
    """Whoosh's highlighted excerpt of a text around the query's words (its start if none)."""
    terms = {s for g in plan.groups for w in (*g.words, g.corrected) if w for s in _stems(w)}
    found = highlight.highlight(text, terms, ANALYZER, FRAGMENTER, FORMATTER, 1, SCORER)
    return found or lead(text)


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


def own_words(plan: QueryPlan, every: bool) -> wq.Query:
    """Entries whose own text holds the groups' words (or corrections), not only their tags'."""
    # "lunch club" names a socialising interest, so every socialising entry matches it; only
    # some say "lunch club" themselves.
    groups: list[wq.Query] = []
    for g in plan.groups:
        said = [[wq.Term(f, s) for s in _stems(w) for f in OWN_FIELDS] for w in g.words]
        found: list[wq.Query] = [wq.And([wq.Or(terms) for terms in said])] if all(said) else []
        fixed = [wq.Term(f, s) for s in _stems(g.corrected or "") for f in OWN_FIELDS]
        groups.append(wq.Or(found + fixed))
    return (wq.And if every else wq.Or)(groups) if groups else wq.NullQuery


# Filters met by any one of their values: (SearchFilters attribute, indexed field).
ANY_OF = (
    ("statuses", "status"),
    ("interests", "interests"),
    ("settings", "setting"),
    ("languages", "languages"),
    ("categories", "categories"),
    ("review_states", "review"),
)


def filter_query(f: SearchFilters) -> wq.Query:
    """Every filter whoosh can answer, as one query over indexed fields."""
    # Only its documents are read: it scores nothing.

    def any_of(field: str, values: Iterable[str]) -> wq.Query:
        return wq.Or([wq.Term(field, v) for v in values])

    need: list[wq.Query] = []
    if f.public_only:
        need += [wq.Term("review", "confirmed"), wq.Term("public", "yes")]
        need.append(wq.Term("status", "active"))
    chosen = [(field, getattr(f, name)) for name, field in ANY_OF]
    need += [any_of(field, values) for field, values in chosen if values]
    need += [wq.Term("access", a) for a in f.access]
    if f.free_only:
        need.append(wq.Term("free", "yes"))
    if f.max_cost_pence is not None:
        field = "cost_after" if f.receives_benefits else "cost"
        need.append(wq.NumericRange(field, None, f.max_cost_pence))
    if f.days:
        need.append(any_of("days", [*f.days, "none"]))
    if f.only_ids is not None:
        need.append(any_of("id", sorted(f.only_ids)) if f.only_ids else wq.NullQuery)
    # Any of these leaves out the feed marker (it holds none of these fields) on its own.
    return wq.And(need) if need else RESOURCE


def _decode(value: object) -> str:
    return value.decode() if isinstance(value, bytes) else str(value or "")


def nearest_km(places: list[str], near: tuple[float, float]) -> list[float]:
    """Each list of places' ("lat lon;...") nearest distance to the point, inf when empty."""
    owners, lats, lons = [], [], []
    for i, held in enumerate(places):
        for place in held.split(";") if held else ():
            lat, lon = place.split(" ")
            owners.append(i)
            lats.append(float(lat))
            lons.append(float(lon))
    best = [float("inf")] * len(places)
    for i, km in zip(owners, haversine_km(near[0], near[1], lats, lons).tolist(), strict=True):
        best[i] = min(best[i], km)
    return best


def near_cells(near: tuple[float, float], km: float) -> wq.Query:
    """Resources with a place in the grid cells that cover the circle."""
    return wq.Or([wq.Term("cells", c) for c in covering(near[0], near[1], km)])


def in_window(slots: str, f: SearchFilters) -> bool:
    """A session on one of the days inside [from, to] (starting in it, for a part of the day); a
    resource with no fixed sessions fits."""
    if not slots:
        return True
    parts = [slot.split(" ") for slot in slots.split(";")]
    return any(f.fits(day, int(start), int(end)) for day, start, end in parts)


def feed_marker(seq: int) -> dict[str, Any]:
    """The feed marker document: the seq applied and the vocabulary."""
    return {"id": FEED_ID, "kind": "feed", "seq": seq, "vocabulary": vocabulary_fingerprint()}


class MappedStorage(FileStorage):
    """Whoosh's file storage, each file read in place through a read-only memory map."""

    # Whoosh's own mmap option copies each part of a compound segment it opens into memory, for
    # every searcher (some 90 MB a searcher at 100k); mapped whole here, the pages are the page
    # cache's, shared by searchers and workers. A segment is opened whole, once, so a merge that
    # deletes its file meanwhile leaves the mapping readable.

    def __init__(self, path: str) -> None:
        super().__init__(path, supports_mmap=False)  # segments' parts read through the map below

    def open_file(self, name: str, **kwargs: Any) -> StructFile:
        """The file, memory-mapped (an empty one, which cannot be mapped, opened as whoosh does)."""
        with open(os.path.join(self.folder, name), "rb") as f:
            if os.fstat(f.fileno()).st_size == 0:
                return super().open_file(name, **kwargs)
            mapped = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        return StructFile(mapped, name=name, **kwargs)


def _open(storage: FileStorage) -> windex.Index | None:
    """The index in the folder (None when there is none or it has another schema), read again if
    a commit replaced it."""
    # Read again, as whoosh's own reader does, when another process's commit removed the table of
    # contents just listed (its schema is read from that table too, so inside the retry).
    for attempt in range(OPEN_TRIES):
        try:
            ix = storage.open_index() if storage.index_exists() else None
            if ix is None or set(ix.schema.names()) != set(make_schema().names()):
                return None
            return ix
        except FileNotFoundError:
            if attempt == OPEN_TRIES - 1:
                raise
            time.sleep(0.05)
    return None


class WhooshBackend(SearchBackend):
    """Search over a whoosh index in app.config["INDEX_DIR"], one per app."""

    name = "whoosh"

    def __init__(self, app: Flask) -> None:
        super().__init__(app)
        self.path = Path(app.config["INDEX_DIR"])
        self._ix: windex.Index | None = None
        self._lock = threading.Lock()
        self._local = threading.local()
        self.merge_due = False  # the last commit left small segments due a merge (_unmerged)

    def _index(self) -> windex.Index:
        """Open the index, creating an empty one when the folder holds none (or an old one)."""
        # Processes starting together take turns by whoosh's file lock: one creates, the rest open
        # what it made (two creating at once deleted each other's files).
        with self._lock:
            if self._ix is None:
                owner_only_folder(self.path)  # 0700, whatever the umask
                storage = MappedStorage(str(self.path))
                turn = storage.lock("opening")
                turn.acquire(blocking=True)
                try:
                    ix = _open(storage) or storage.create_index(make_schema())
                finally:
                    turn.release()
                self._ix = ix
            return self._ix

    def _reading(self) -> Reading:
        """This thread's searcher, opened anew when the index moved on."""
        local = self._local
        held: Reading | None = getattr(local, "reading", None)
        if held is None or local.pid != os.getpid() or not held.searcher.up_to_date():
            # Why not refresh(): whoosh 2.7 closes the readers it means to reuse, which this
            # thread may still be reading from (ReaderClosed under concurrent writes).
            held = local.reading = Reading(self._index().searcher())
            local.pid = os.getpid()
        return held

    # -------------------------------------------------------------- the change feed

    def applied(self) -> int:
        """The feed seq the index has applied."""
        marker = self._reading().searcher.document(id=FEED_ID)
        return int(marker["seq"]) if marker else 0

    def stale_vocabulary(self) -> bool:
        """Whether the index was built with another release's vocabulary (other synonyms)."""
        # Only a rebuild brings it in line.
        marker = self._reading().searcher.document(id=FEED_ID)
        return bool(marker) and marker.get("vocabulary") != vocabulary_fingerprint()

    def catch_up(self, wait: bool = False) -> bool:
        """Apply the feed's rows since the index's seq; False when another writer holds the lock."""
        # Only when `wait` is not set; the index then answers as it is.
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
                catch = feed.since(conn, self.applied())
            behind = len(catch.changed) + len(catch.deleted)
            # A vocabulary change alone shows in the marker's fingerprint (stale_vocabulary).
            missed = catch.everything and not catch.vocabulary_only
            if missed or behind > CATCH_UP_LIMIT or self.stale_vocabulary():
                # A rebuild's worth (or the feed no longer holds what the index missed): never
                # on a request path (`commonground reindex` does it).
                log.warning("search index behind the change feed: run `commonground reindex`")
                writer.cancel()
                return False
            self._apply(writer, catch.changed, catch.deleted)
            writer.update_document(**feed_marker(catch.last))
        except BaseException:
            writer.cancel()
            raise
        writer.commit(mergetype=self._unmerged)
        if self.merge_due:
            self._merge_later()
        return True

    def _unmerged(self, writer: IndexWriter, segments: list[Any]) -> list[Any]:
        """Whoosh's merge hook: merge nothing now, noting whether small segments are due one."""
        # Merging rewrites the small segments whole, in the commit: 30-60 ms at 100k resources,
        # growing with them. A write need not wait for it: _merge_later runs it after the reply.
        self.merge_due = len(segments) + 1 >= MERGE_AFTER  # + 1: the segment being committed
        return segments

    def _merge_later(self) -> None:
        """Merge the small segments once the response is sent (at once outside a request)."""
        if not has_request_context():
            self.merge_small()
            return

        def when_sent(response: Response) -> Response:
            response.call_on_close(self.merge_small)
            return response

        after_this_request(when_sent)

    def merge_small(self) -> None:
        """Merge the index's small segments by whoosh's own policy, unless a writer is at work."""
        try:
            writer = self._index().writer(timeout=0.0)
        except windex.LockError:
            return  # the writer at work sees the merge due when it commits, and asks for it then
        try:
            writer.commit(mergetype=MERGE_SMALL)
        except Exception:
            # Only the segments' number is at stake; the next write tries again.
            log.exception("merging the search index's small segments failed")
            with contextlib.suppress(Exception):
                writer.cancel()

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
        if not set(ids):
            return
        try:
            self.catch_up(wait=True)
        except windex.LockError:
            # Other writers held the index past WRITE_TIMEOUT (a burst of writes on a busy
            # machine): the change waits in the feed, and the next write or search applies it.
            log.warning("search index busy for %.0f s: a change waits in the feed", WRITE_TIMEOUT)

    def reindex(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Rebuild the whole index in one commit (whoosh's writer lock held meanwhile)."""
        # Readers see the old index or the new one, never half.
        with self.engine.connect() as conn:
            seq = feed.latest(conn)  # rows after it are applied again later: harmless
            r = Resource.__table__  # type: ignore[attr-defined]
            total = int(conn.execute(select(func.count()).select_from(r)).scalar() or 0)
        # One writer: whoosh's own procs=2, measured at 10k on 2 busy cores, was far slower (its
        # queue pickles every document).
        writer = self._index().writer(timeout=WRITE_TIMEOUT, limitmb=256)
        count = 0
        try:
            for fields in load(self.engine):
                writer.add_document(**fields)
                count += 1
                if progress and count % 500 == 0:
                    progress(count, max(total, count))
            writer.add_document(**feed_marker(seq))
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
        held = sum(1 for _ in self._reading().searcher.docs_for_query(RESOURCE))
        return self.applied() >= latest and held == count and not self.stale_vocabulary()

    # -------------------------------------------------------------- search

    def find(self, query: str, ask: Ask) -> SearchResult:
        """Apply the feed's newer changes (unless another writer is at it), then search."""
        self.catch_up()
        try:
            return search(self._reading(), query, ask)
        except (OSError, ReaderClosed):
            # Another process's merge removed a segment file this searcher had yet to open:
            # search again on the index as it now is.
            self._local.reading = None
            return search(self._reading(), query, ask)


class Reading:
    """A searcher, with the documents of the terms it has met and the columns it read."""

    # Kept while the searcher is current (a write opens a new one), the least recently used
    # going first, as a search engine's query cache keeps its terms' documents: the same few
    # filters and words come with most searches. Kept as arrays of document numbers (4 bytes
    # each) and met as masks over every document, so that And and Or are numpy's, not a walk
    # through every posting in Python (whoosh's matchers).

    def __init__(self, searcher: Searcher) -> None:
        self.searcher = searcher
        self.size = searcher.doc_count_all()
        self.kept: dict[wq.Query, Numbers] = {}  # in the order they were last used
        self.held = 0  # how many document numbers are kept
        self.columns: dict[str, Any] = {}

    def column(self, name: str) -> Any:
        """The column's reader, by document number."""
        if name not in self.columns:
            self.columns[name] = self.searcher.reader().column_reader(name)
        return self.columns[name]

    def docs(self, q: wq.Query) -> Mask:
        """The documents matching a query, as a mask: its And/Or over its terms' documents."""
        if isinstance(q, wq.And | wq.Or) and q.subqueries:
            parts = [self.docs(sub) for sub in q.subqueries]
            join = np.logical_and if isinstance(q, wq.And) else np.logical_or
            return functools.reduce(join, parts)
        found = np.zeros(self.size, dtype=bool)
        if q is not wq.NullQuery and not isinstance(q, wq.And | wq.Or):
            found[self.numbers(q)] = True
        return found

    def numbers(self, q: wq.Query) -> Numbers:
        """The document numbers of one term or range (kept, but for ids: chosen once)."""
        if getattr(q, "fieldname", None) == "id":
            return np.fromiter(self.searcher.docs_for_query(q), dtype=np.int32)
        found = self.kept.pop(q, None)
        if found is None:
            found = np.fromiter(self.searcher.docs_for_query(q), dtype=np.int32)
            self.held += len(found)
            while self.held > KEPT_DOCS and self.kept:
                self.held -= len(self.kept.pop(next(iter(self.kept))))
        self.kept[q] = found
        return found


def search(r: Reading, query: str, ask: Ask) -> SearchResult:
    """One search: the documents words and filters allow, in page order, one page of them."""
    s, plan, f = r.searcher, plan_query(query), ask.filters
    if s.doc_count() == 0:  # not even the feed marker: an index never filled
        return new_result(plan, ask)
    plan = with_corrections(plan, corrections(s, plan))
    result, matched = new_result(plan, ask), text_query(plan)
    if plan.groups and matched is None:
        return result
    allowed = r.docs(filter_query(f))
    if f.near is not None and f.radius_km is not None:
        allowed &= r.docs(wq.Or([wq.Term("setting", "online"), near_cells(f.near, f.radius_km)]))
    found, dist = checked(r, allowed if matched is None else allowed & r.docs(matched), f)
    groups = matched.subqueries if isinstance(matched, wq.And) else []
    kept = topics(plan) if len(groups) > 1 and not found.any() else None
    topical = text_query(kept) if kept is not None else None
    if kept is not None and topical is not None:  # no resource has every group: the topic's
        found, dist = checked(r, allowed & r.docs(topical), f)
        if found.any():
            plan, matched, groups, result.topic = kept, topical, [], kept.searched()
    if len(groups) > 1 and not found.any():  # nor the topic's: any group will do
        wide = text_query(any_of(plan))
        matched = wq.Or(wide.subqueries if isinstance(wide, wq.And) else [wide])
        found, dist = checked(r, allowed & r.docs(matched), f)
        result.relaxed = bool(found.any())
    end = ask.offset + ask.per_page
    size, count = max(POOL, end), int(found.sum())
    result.total, result.capped = min(count, size), count > size
    tiers = matched is not None and ask.sort == "distance" and f.near is not None
    own = r.docs(own_words(plan, not result.relaxed)) & found if tiers else np.zeros_like(found)
    result.said_first = 0 < int(own.sum()) < count
    pool = ordered(r, matched, found, size, ask, dist, own)
    if f.near is not None:  # the page's distances, where the order did not need them
        page = [d for d in pool[ask.offset : end] if d not in dist]
        dist.update(nearest(r, page, f.near))
    for docnum in pool[ask.offset : end]:
        fields = s.stored_fields(docnum)
        held = frozenset((fields.get("interests") or "").split())
        text = ask.snippets and bool(plan.groups)
        shown = excerpt(fields.get("description") or "", plan) if text else ""
        add_hit(result, plan, Hit(fields["id"], dist.get(docnum), held, shown), ask.snippets)
    if ask.facets:
        result.facets = facet_counts(r, pool)
    return result


def checked(r: Reading, docs: Mask, f: SearchFilters) -> tuple[Mask, dict[int, float]]:
    """The documents in the radius and the day's time window (whoosh cannot check), with km."""
    # Distances only within a radius: otherwise they are measured where the order needs them.
    docs, dist = docs.copy(), {}
    if f.time_from or f.time_to:
        slots = r.column("slots")
        late = [d for d in np.flatnonzero(docs).tolist() if not in_window(_decode(slots[d]), f)]
        docs[late] = False
    if f.near is not None and f.radius_km is not None:
        dist = nearest(r, np.flatnonzero(docs).tolist(), f.near)
        far = [d for d, km in dist.items() if km > f.radius_km]
        docs[far] &= r.docs(wq.Term("setting", "online"))[far]
    return docs, dist


def nearest(r: Reading, docs: list[int], near: tuple[float, float]) -> dict[int, float]:
    """Each document's nearest place's distance in km (inf with no place)."""
    places = r.column("places")
    return dict(zip(docs, nearest_km([_decode(places[d]) for d in docs], near), strict=True))


RINGS_KM = (2.0, 8.0, 32.0)  # circles measured in turn for nearest first, then every match


def ringed(
    r: Reading, found: Mask, own: Mask, size: int, near: tuple[float, float], dist: dict[int, float]
) -> Numbers:
    """The matches that may be among the first `size` nearest (own words first), measured."""
    # Places are read ring by ring, only for the matches in the grid cells that cover the circle,
    # until the first `size` are inside it: a match not measured is farther than the circle.
    # Matches with no place (cell "none") come after their tier's placed ones.
    unplaced = r.docs(wq.Term("cells", "none")) & found
    dist.update(dict.fromkeys(np.flatnonzero(unplaced).tolist(), float("inf")))
    measured = unplaced.copy()
    for km in RINGS_KM:
        ring = found & ~measured & r.docs(near_cells(near, km))
        dist.update(nearest(r, np.flatnonzero(ring).tolist(), near))
        measured |= ring
        within = np.zeros_like(found)
        within[[d for d, v in dist.items() if v <= km]] = True
        if enough([found & own, found & ~own], within, unplaced, size):
            return np.flatnonzero(within | unplaced)
    dist.update(nearest(r, np.flatnonzero(found & ~measured).tolist(), near))
    return np.flatnonzero(found)


def enough(tiers: list[Mask], within: Mask, unplaced: Mask, size: int) -> bool:
    """Whether the first `size` by tier, then distance, are all within the circle (or unplaced)."""
    for tier in tiers:
        if np.count_nonzero(tier & within) >= size:
            return True
        if np.count_nonzero(tier & ~within & ~unplaced):  # a placed match beyond the circle
            return False
        size -= int(np.count_nonzero(tier))
        if size <= 0:
            return True
    return True


def ordered(
    r: Reading,
    q: wq.Query | None,
    found: Mask,
    size: int,
    ask: Ask,
    dist: dict[int, float],
    tier: Mask,
) -> list[int]:
    """The first `size` documents in page order: faded score, distance, name or date."""
    # Ties go by name, so pages follow on from each other. By distance, the entries whose own
    # words match (`tier`) come first (sql.order_by).
    names, near = r.column("name_key"), ask.filters.near
    docs: Numbers = np.flatnonzero(found)
    if q is not None and ask.sort == "relevance":
        # More matches than the pool: whoosh ranks the most recently indexed (a changed
        # resource is indexed anew), as PostgreSQL does for words in most of its rows.
        score = faded(r, scores(r, q, docs[-(size + 1) :]), ask)
        return heapq.nsmallest(size, score, key=lambda d: (-score[d], names[d], d))
    if ask.sort == "updated":
        updated = r.column("updated")
        return heapq.nsmallest(size, docs.tolist(), key=lambda d: (-updated[d], names[d], d))
    if near is None or ask.sort == "name" or (q is not None and ask.sort != "distance"):
        return heapq.nsmallest(size, docs.tolist(), key=lambda d: (names[d], d))
    if ask.filters.radius_km is None:  # only the matches nearest the point are measured
        docs = ringed(r, found, tier, size, near, dist)
    own = set(np.flatnonzero(tier).tolist())
    few = nearest_few(docs, size, dist, tier)
    by = heapq.nsmallest(size, few, key=lambda d: (d not in own, dist[d], names[d], d))
    if q is None:
        return by
    # The score orders only entries at the same distance (a shared place, or none): only they
    # are scored.
    at = Counter((d not in own, dist[d]) for d in by)
    tied = np.array(sorted(d for d in by if at[d not in own, dist[d]] > 1), dtype=np.int32)
    score = faded(r, scores(r, q, tied), ask)
    return sorted(by, key=lambda d: (d not in own, dist[d], -score.get(d, 0.0), names[d], d))


def nearest_few(docs: Numbers, size: int, dist: dict[int, float], own: Mask) -> list[int]:
    """The documents up to the size-th nearest (own words first), ties at its distance kept."""
    # Only names then break ties, read for these alone rather than for every match.
    found = docs.tolist()
    if len(found) <= size:
        return found
    later = ~own[docs]
    km = np.fromiter((dist[d] for d in found), dtype=float, count=len(found))
    last = np.lexsort((km, later))[size - 1]
    keep = (later < later[last]) | ((later == later[last]) & (km <= km[last]))
    return docs[keep].tolist()


def scores(r: Reading, q: wq.Query, docs: Numbers) -> dict[int, float]:
    """Whoosh's score of a query for each of these documents (in order) it matches."""
    # Each term's by whoosh's scorer, its matcher stepped to each of its matches among the
    # documents; an And's and an Or's the sum of their parts', as whoosh's matchers add them.
    if isinstance(q, wq.And | wq.Or):
        parts = [scores(r, sub, docs) for sub in q.subqueries]
        keys = [set(p) for p in parts]
        held = set.intersection(*keys) if isinstance(q, wq.And) else set.union(*keys)
        return {d: sum(p.get(d, 0.0) for p in parts) for d in held}
    out: dict[int, float] = {}
    matcher = q.matcher(r.searcher)
    for docnum in docs[r.docs(q)[docs]].tolist():
        matcher.skip_to(docnum)
        out[docnum] = matcher.score()
    return out


def faded(r: Reading, score: dict[int, float], ask: Ask) -> dict[int, float]:
    """Raw scores times the fading factor of each resource's last confirmation."""
    if not ask.fade_after:
        return score
    seen, after = r.column("seen"), ask.fade_after
    age = {d: (micros(ask.now) - seen[d]) / 86_400e6 for d in score}
    return {d: v * float(fade(age[d], after)) if age[d] > after else v for d, v in score.items()}


def corrections(searcher: Searcher, plan: QueryPlan) -> dict[str, str]:
    """Likely spellings of query words the index does not know: the closest, then the most used."""
    # Whoosh's corrector ranks by use within a distance, so nearer distances go first; it counts
    # a swap as two edits, so the word's swaps are looked up too (common.swaps). The first letter
    # is taken as typed, as most spelling tools do: it spares reading every word of the index.
    reader = searcher.reader()
    fixes: dict[str, str] = {}
    for group in plan.groups:
        if not correctable(group):
            continue
        word = group.words[0]
        held = ("spell", word) in reader or any(
            (f, s) in reader for s in _stems(word) for f in FIELD_BOOSTS
        )
        if held or english(word):
            continue
        swapped = [s for s in swaps(word) if ("spell", s) in reader]
        for distance in range(1, edits_allowed(word) + 1):
            found = searcher.suggest("spell", word, limit=1, maxdist=distance, prefix=1)
            fix = closest(word, [_decode(w) for w in found] + swapped)
            if fix:
                fixes[word] = fix
                break
    return fixes


def facet_counts(r: Reading, pool: list[int]) -> dict[str, dict[str, int]]:
    """Facet counts over the pool: each term of a facet's field, its documents in the pool."""
    # Solr's "enum" facet method, over the kept documents of each term (few: the vocabulary's).
    # whoosh.sorting's grouped search would walk every match, and its categorizers read a
    # column for each pool document, several times slower.
    in_pool = np.zeros(r.size, dtype=bool)
    in_pool[pool] = True

    def count(field: str, value: str) -> int:
        return int(np.count_nonzero(in_pool[r.numbers(wq.Term(field, value))]))

    out: dict[str, dict[str, int]] = {}
    for name, field in FACETS.items():
        found = {v: count(field, v) for v in map(_decode, r.searcher.lexicon(field))}
        out[name] = {value: n for value, n in sorted(found.items()) if n}
    out["cost"] = {"free": count("free", "yes")}
    return out
