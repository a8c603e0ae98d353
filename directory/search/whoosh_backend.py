"""Whoosh search backend: a stemmed index on disk, kept in step with the database after commit."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np
from flask import Flask
from whoosh import index as windex
from whoosh import writing
from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemmingAnalyzer
from whoosh.fields import ID, KEYWORD, NUMERIC, TEXT, Schema
from whoosh.query import And, Or, Query, Term
from whoosh.searching import Searcher

from directory.db import get_engine
from directory.search import PER_PAGE, SearchFilters, SearchResult, Sort
from directory.search.common import (
    Document,
    FactsCache,
    Group,
    QueryPlan,
    add_snippets,
    allowed,
    correctable,
    database_state,
    finish,
    load_documents,
    plan_query,
    with_corrections,
)

WRITE_TIMEOUT = 10.0  # seconds to wait for another writer's lock, per attempt
WRITE_ATTEMPTS = 3
FIELD_BOOSTS = {"name": 3.0, "terms": 2.0, "text": 1.0}
ANALYZER = StemmingAnalyzer()


def make_schema() -> Schema:
    """Public fields only: the id is the one stored value; updated_at is a column."""
    return Schema(
        id=ID(stored=True, unique=True, sortable=True),
        name=TEXT(analyzer=StemmingAnalyzer()),
        text=TEXT(analyzer=StemmingAnalyzer()),
        terms=TEXT(analyzer=StemmingAnalyzer()),
        # Unstemmed words, for "did you mean" spelling suggestions.
        words=TEXT(analyzer=RegexTokenizer(r"[^\W_]+") | LowercaseFilter(), phrase=False),
        interests=KEYWORD(scorable=True),
        updated=NUMERIC(bits=64, sortable=True, signed=True),
    )


def _stems(word: str) -> list[str]:
    return [t.text for t in ANALYZER(word)]


def _word_query(word: str) -> Query | None:
    stems = _stems(word)
    if not stems:
        return None
    return Or([Term(f, s, boost=b) for s in stems for f, b in FIELD_BOOSTS.items()])


def _group_query(group: Group) -> Query | None:
    parts: list[Query] = []
    each = [q for q in (_word_query(w) for w in group.words) if q is not None]
    if each:
        parts.append(And(each) if len(each) > 1 else each[0])
    parts += [Term("interests", code, boost=2.0) for code in sorted(group.codes)]
    if group.corrected:
        fixed = _word_query(group.corrected)
        if fixed is not None:
            parts.append(fixed)
    if not parts:
        return None
    return Or(parts) if len(parts) > 1 else parts[0]


def build_query(plan: QueryPlan, relaxed: bool) -> Query | None:
    """Every group required, or (relaxed) any group, ranking those matching more higher."""
    groups = [q for q in (_group_query(g) for g in plan.groups) if q is not None]
    if not groups:
        return None
    if len(groups) == 1:
        return groups[0]
    return Or(groups) if relaxed else And(groups)


class WhooshBackend:
    """Search over a whoosh index in app.config["INDEX_DIR"], one per app."""

    name = "whoosh"

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.path = Path(app.config["INDEX_DIR"])
        self._ix: windex.Index | None = None
        self._local = threading.local()  # searcher and docnum -> row map, per thread
        self._checked_pid: int | None = None
        self._lock = threading.RLock()
        self._facts: FactsCache | None = None

    # -------------------------------------------------------------- plumbing

    @property
    def engine(self):  # type: ignore[no-untyped-def]
        """The app's database engine."""
        return get_engine(self.app)

    @property
    def facts(self) -> FactsCache:
        """The per-process structured facts of the app's database."""
        if self._facts is None:
            self._facts = FactsCache(self.engine)
        return self._facts

    def _index(self) -> windex.Index:
        """Open the index, creating it when the folder holds none."""
        if self._ix is None:
            with self._lock:
                if self._ix is None:
                    self.path.mkdir(parents=True, exist_ok=True)
                    if windex.exists_in(str(self.path)):
                        self._ix = windex.open_dir(str(self.path))
                    else:
                        self._ix = windex.create_in(str(self.path), make_schema())
        return self._ix

    def _ensure(self) -> None:
        """On first use in this process, rebuild the index if it disagrees with the database."""
        if self._checked_pid == os.getpid():
            return
        with self._lock:
            if self._checked_pid == os.getpid():
                return
            self._ix = None
            self._local = threading.local()
            if not self.is_current():
                self.reindex()
            self._checked_pid = os.getpid()

    def _current_searcher(self) -> Searcher:
        """This thread's searcher, kept open and refreshed when the index has changed.

        One per thread: whoosh readers seek shared file handles, so threads must not share one.
        """
        local = self._local
        searcher: Searcher | None = getattr(local, "searcher", None)
        if searcher is None or not searcher.up_to_date():
            if searcher is not None:
                searcher.close()
            searcher = local.searcher = self._index().searcher()
            local.rowmap = None
        return searcher

    def _write(self, work: Callable[[writing.SegmentWriter], None], clear: bool = False) -> None:
        """Run work in one writer, waiting for and retrying another process's lock."""
        for attempt in range(WRITE_ATTEMPTS):
            try:
                writer = self._index().writer(timeout=WRITE_TIMEOUT, limitmb=128)
            except windex.LockError:
                if attempt == WRITE_ATTEMPTS - 1:
                    raise
                time.sleep(0.1 * (attempt + 1))
                continue
            try:
                work(writer)
            except BaseException:
                writer.cancel()
                raise
            writer.commit(mergetype=writing.CLEAR if clear else None)
            return

    @staticmethod
    def _fields(doc: Document) -> dict[str, object]:
        return {
            "id": doc.id,
            "name": doc.name,
            "text": doc.text,
            "terms": doc.terms,
            "words": doc.all_words,
            "interests": " ".join(doc.interests),
            "updated": doc.updated_us,
        }

    # -------------------------------------------------------------- writes

    def index(self, ids: Iterable[str]) -> None:
        """Add or replace these resources (ones gone from the database are removed)."""
        wanted = set(ids)
        if not wanted:
            return
        self._ensure()
        docs = list(load_documents(self.engine, wanted))

        def work(writer: writing.SegmentWriter) -> None:
            for doc in docs:
                writer.update_document(**self._fields(doc))
            for gone in wanted - {d.id for d in docs}:
                writer.delete_by_term("id", gone)

        self._write(work)

    def remove(self, ids: Iterable[str]) -> None:
        """Remove these resources from the index."""
        gone = set(ids)
        if not gone:
            return
        self._ensure()

        def work(writer: writing.SegmentWriter) -> None:
            for rid in gone:
                writer.delete_by_term("id", rid)

        self._write(work)

    def reindex(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Rebuild the index from the database in one writer; readers see old or new, never half."""
        total, _ = database_state(self.engine)
        count = 0

        def work(writer: writing.SegmentWriter) -> None:
            nonlocal count
            for doc in load_documents(self.engine):
                writer.add_document(**self._fields(doc))
                count += 1
                if progress and count % 500 == 0:
                    progress(count, total)

        self._write(work, clear=True)
        if progress:
            progress(count, max(total, count))
        self.facts.clear()
        return count

    def is_current(self) -> bool:
        """Compare the index with the database: how many, and the newest updated_at."""
        count, newest = database_state(self.engine)
        with self._index().searcher() as searcher:
            reader = searcher.reader()
            if reader.doc_count() != count:
                return False
            if not count:
                return True
            column = reader.column_reader("updated")
            indexed = max(int(column[d]) for d in reader.all_doc_ids())
        return indexed == newest

    # -------------------------------------------------------------- search

    def _rows(self, searcher: Searcher, version: int, row: dict[str, int]) -> np.ndarray:
        """Docnum -> facts row (-1 for none), cached per searcher and directory version."""
        cached: tuple[Searcher, int, np.ndarray] | None = getattr(self._local, "rowmap", None)
        if cached is not None and cached[0] is searcher and cached[1] == version:
            return cached[2]
        reader = searcher.reader()
        mapping = np.zeros(0, dtype=np.int64)
        if reader.doc_count_all():
            mapping = np.fromiter(
                (
                    row.get(v if isinstance(v, str) else v.decode(), -1)
                    for v in reader.column_reader("id")
                ),
                dtype=np.int64,
            )
        self._local.rowmap = (searcher, version, mapping)
        return mapping

    def _corrections(self, searcher: Searcher, plan: QueryPlan) -> dict[str, str]:
        """Likely spellings of query words the index does not know."""
        reader = searcher.reader()
        fixes: dict[str, str] = {}
        for group in plan.groups:
            if not correctable(group):
                continue
            word = group.words[0]
            if ("words", word) in reader or any(
                (f, s) in reader for s in _stems(word) for f in FIELD_BOOSTS
            ):
                continue
            found = searcher.suggest("words", word, limit=1, maxdist=2 if len(word) > 5 else 1)
            if found and found[0] != word:
                fixes[word] = found[0]
        return fixes

    @staticmethod
    def _collect(
        searcher: Searcher, query: Query, rowmap: np.ndarray, mask: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Rows and scores of matching documents that pass the filters (checked before scoring)."""
        rows: list[int] = []
        scores: list[float] = []
        for sub, offset in searcher.leaf_searchers():
            matcher = query.matcher(sub, searcher.context())
            while matcher.is_active():
                r = rowmap[matcher.id() + offset]
                if r >= 0 and mask[r]:
                    rows.append(int(r))
                    scores.append(matcher.score())
                matcher.next()
        return np.array(rows, dtype=np.int64), np.array(scores, dtype=np.float64)

    def search(
        self,
        query: str,
        filters: SearchFilters | None = None,
        sort: Sort = "relevance",
        page: int = 1,
        per_page: int = PER_PAGE,
    ) -> SearchResult:
        """Find resources; page is 1-based."""
        filters = filters or SearchFilters()
        self._ensure()
        with self.engine.connect() as conn:
            facts = self.facts.get(conn)
            plan = plan_query(query)
            passing = allowed(facts, filters)
            if not plan.groups:
                return finish(facts, filters, sort, page, per_page, None, None, passing)
            searcher = self._current_searcher()
            rowmap = self._rows(searcher, facts.version, facts.row)
            plan = with_corrections(plan, self._corrections(searcher, plan))
            candidates = (np.zeros(0, dtype=np.int64), np.zeros(0))
            for relaxed in (False, True):
                q = build_query(plan, relaxed)
                if q is None:
                    break
                candidates = self._collect(searcher, q, rowmap, passing[0])
                if len(candidates[0]) or len(plan.groups) < 2:
                    break
            result = finish(facts, filters, sort, page, per_page, candidates, plan, passing)
            suggestion = plan.suggestion()
            if suggestion:
                result.suggestions = [suggestion]
            add_snippets(conn, result, plan)
        return result
