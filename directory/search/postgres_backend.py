"""PostgreSQL full-text search backend: a tsvector table in the database, shared by every node."""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from itertools import repeat

import numpy as np
from flask import Flask
from rapidfuzz import process
from rapidfuzz.distance import OSA
from sqlalchemy import Connection, Engine, bindparam, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.types import String

from directory.db import get_engine
from directory.search import PER_PAGE, SearchFilters, SearchResult, Sort
from directory.search.common import (
    INTEREST_BIT,
    Document,
    Facts,
    FactsCache,
    QueryPlan,
    add_snippets,
    allowed,
    correctable,
    database_state,
    finish,
    load_documents,
    plan_query,
    value_code,
    with_corrections,
)

BATCH = 1000
UPSERT = text(
    """
    INSERT INTO resource_search (id, tsv, words, interests, status, updated_us)
    VALUES (
        :id,
        setweight(to_tsvector('english', :name), 'A')
            || setweight(to_tsvector('english', :terms), 'B')
            || setweight(to_tsvector('english', :text), 'C'),
        :words, :interests, :status, :updated_us
    )
    ON CONFLICT (id) DO UPDATE SET
        tsv = excluded.tsv, words = excluded.words, interests = excluded.interests,
        status = excluded.status, updated_us = excluded.updated_us
    """
).bindparams(bindparam("interests", type_=ARRAY(String)))
DELETE = text("DELETE FROM resource_search WHERE id = ANY(:ids)").bindparams(
    bindparam("ids", type_=ARRAY(String))
)
KNOWN = text(
    """
    SELECT w, numnode(plainto_tsquery('english', w)) = 0
        OR EXISTS (SELECT 1 FROM resource_search WHERE tsv @@ plainto_tsquery('english', w))
    FROM unnest(CAST(:words AS text[])) AS w
    """
)
VOCABULARY = text(
    """
    SELECT w, count(*) FROM resource_search, unnest(string_to_array(words, ' ')) AS w
    WHERE updated_us >= :since GROUP BY w
    """
)
VOCABULARY_WINDOW_US = 300 * 1_000_000  # re-read rows this much older than the newest seen
# One row: every match of one tsquery with its rank (a broad word matches most resources).
GROUP_MATCHES = text(
    """
    SELECT array_agg(id), array_agg(ts_rank(tsv, to_tsquery('english', :q)))
    FROM resource_search WHERE tsv @@ to_tsquery('english', :q)
    """
)
# Moving the directory version after the search table changes tells every node to drop the
# match sets it cached (a node may have read the table between the resource's commit and this).
BUMP_VERSION = text("UPDATE directory_state SET version = version + 1 WHERE id = 1")
MAX_CACHED_GROUPS = 2048  # tsqueries whose matches are kept per process, per directory version
Hits = tuple[np.ndarray, np.ndarray]  # facts rows, scores


def interest_bits(codes: Iterable[str]) -> int:
    """The facts bitmask of these interest codes."""
    return sum(1 << INTEREST_BIT[c] for c in set(codes) if c in INTEREST_BIT)


def _row(doc: Document) -> dict[str, object]:
    return {
        "id": doc.id,
        "name": doc.name,
        "terms": doc.terms,
        "text": doc.text,
        "words": doc.all_words,
        "interests": doc.interests,
        "status": doc.status,
        "updated_us": doc.updated_us,
    }


def _tsquery(parts: Iterable[str]) -> str:
    """A to_tsquery expression OR-ing the parts (each already plain words joined by &)."""
    return " | ".join(f"({p})" for p in parts if p)


class PostgresBackend:
    """Full-text search in the resource_search table (migration 0002)."""

    name = "postgres"

    def __init__(self, app: Flask) -> None:
        self.app = app
        self._checked_pid: int | None = None
        self._lock = threading.Lock()
        self._facts: FactsCache | None = None
        self._words: dict[str, int] = {}  # every indexed word -> how many resources use it
        self._words_at: tuple[int, int] | None = None  # (directory version, newest updated_us)
        self._words_lock = threading.Lock()
        self._matches: OrderedDict[str, Hits] = OrderedDict()  # tsquery -> matching rows
        self._matches_at: tuple[int, int] | None = None  # (facts epoch, directory version)
        self._matches_lock = threading.Lock()

    @property
    def engine(self) -> Engine:
        """The app's database engine."""
        return get_engine(self.app)

    @property
    def facts(self) -> FactsCache:
        """The per-process structured facts of the app's database."""
        if self._facts is None:
            self._facts = FactsCache(self.engine)
        return self._facts

    def _ensure(self) -> None:
        """On first use in this process, rebuild the table if it disagrees with the database."""
        if self._checked_pid == os.getpid():
            return
        with self._lock:
            if self._checked_pid != os.getpid():
                if not self.is_current():
                    self.reindex()
                self._checked_pid = os.getpid()

    # -------------------------------------------------------------- writes

    def index(self, ids: Iterable[str]) -> None:
        """Add or replace these resources (ones gone from the database are removed)."""
        wanted = set(ids)
        if not wanted:
            return
        self._ensure()
        rows = [_row(d) for d in load_documents(self.engine, wanted)]
        gone = sorted(wanted - {str(r["id"]) for r in rows})
        with self.engine.begin() as conn:
            if gone:
                conn.execute(DELETE, {"ids": gone})
            if rows:
                conn.execute(UPSERT, rows)
            conn.execute(BUMP_VERSION)

    def remove(self, ids: Iterable[str]) -> None:
        """Remove these resources from the search table."""
        gone = sorted(set(ids))
        if gone:
            self._ensure()
            with self.engine.begin() as conn:
                conn.execute(DELETE, {"ids": gone})
                conn.execute(BUMP_VERSION)

    def reindex(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Rebuild the table in one transaction: searches see the old rows until it commits."""
        total, _ = database_state(self.engine)
        count = 0
        with self.engine.begin() as conn:
            conn.execute(text("DELETE FROM resource_search"))
            batch: list[dict[str, object]] = []
            for doc in load_documents(self.engine):
                batch.append(_row(doc))
                if len(batch) >= BATCH:
                    conn.execute(UPSERT, batch)
                    count += len(batch)
                    batch = []
                    if progress:
                        progress(count, total)
            if batch:
                conn.execute(UPSERT, batch)
                count += len(batch)
            conn.execute(BUMP_VERSION)
            # Every search would otherwise scan the GIN pending list the bulk insert left.
            conn.execute(text("SELECT gin_clean_pending_list('ix_resource_search_tsv')"))
            conn.execute(text("ANALYZE resource_search"))
        if progress:
            progress(count, max(total, count))
        self.facts.clear()
        with self._words_lock:
            self._words_at = None
        return count

    def is_current(self) -> bool:
        """Compare the table with the database: how many, and the newest updated_at."""
        count, newest = database_state(self.engine)
        with self.engine.connect() as conn:
            indexed, latest = conn.execute(
                text("SELECT count(*), coalesce(max(updated_us), 0) FROM resource_search")
            ).one()
        return (int(indexed), int(latest)) == (count, newest)

    # -------------------------------------------------------------- search

    def _vocabulary(self, conn: Connection, version: int) -> dict[str, int]:
        """Every word in the search table with its use, read once and then only for changes.

        Words of deleted or changed resources stay until the next rebuild (as in whoosh's
        lexicon); a correction to one of them simply finds nothing more.
        """
        with self._words_lock:
            seen = self._words_at
            if seen is not None and seen[0] == version:
                return self._words
            since = 0 if seen is None else max(0, seen[1] - VOCABULARY_WINDOW_US)
            words = dict(self._words) if seen is not None else {}
            for word, uses in conn.execute(VOCABULARY, {"since": since}):
                if seen is None or word not in words:
                    words[str(word)] = int(uses)
            newest = conn.execute(
                text("SELECT coalesce(max(updated_us), 0) FROM resource_search")
            ).scalar()
            self._words, self._words_at = words, (version, int(newest or 0))
            return words

    def _corrections(self, conn: Connection, facts: Facts, plan: QueryPlan) -> dict[str, str]:
        """Likely spellings (the closest indexed word, then the most used) of unknown words."""
        candidates = [
            g.words[0]
            for g in plan.groups
            if correctable(g) and not len(self._group_rows(conn, facts, g.words[0])[0])
        ]
        if not candidates:
            return {}
        unknown = [w for w, known in conn.execute(KNOWN, {"words": candidates}) if not known]
        if not unknown:
            return {}
        vocabulary = self._vocabulary(conn, facts.version)
        fixes: dict[str, str] = {}
        for word in unknown:
            limit = 2 if len(word) > 5 else 1
            close = process.extract(
                word,
                vocabulary.keys(),
                scorer=OSA.distance,
                score_cutoff=limit,
                limit=None,
            )
            best = min(((d, -vocabulary[w], w) for w, d, _ in close if w != word), default=None)
            if best:
                fixes[word] = best[2]
        return fixes

    def _group_rows(self, conn: Connection, facts: Facts, query: str) -> Hits:
        """Facts rows whose text matches a tsquery, with ts_rank, cached for this version."""
        key = (facts.epoch, facts.version)
        with self._matches_lock:
            if self._matches_at != key:
                self._matches.clear()
                self._matches_at = key
            cached = self._matches.get(query)
            if cached is not None:
                self._matches.move_to_end(query)
                return cached
        ids, ranks = conn.execute(GROUP_MATCHES, {"q": query}).one()
        found: Hits = (np.zeros(0, dtype=np.int64), np.zeros(0))
        if ids:
            at = np.fromiter(map(facts.row.get, ids, repeat(-1)), dtype=np.int64, count=len(ids))
            scores = np.asarray(ranks, dtype=np.float64)
            found = (at[at >= 0], scores[at >= 0])
        with self._matches_lock:
            if self._matches_at == key:
                self._matches[query] = found
                while len(self._matches) > MAX_CACHED_GROUPS:
                    self._matches.popitem(last=False)
        return found

    def _match(
        self, conn: Connection, facts: Facts, plan: QueryPlan, statuses: tuple[str, ...]
    ) -> Hits:
        """Rows matching every group (or, when none do, any group) and their scores."""
        n = len(facts)
        needed = np.zeros(n, dtype=np.int32)
        score = np.zeros(n)
        for g in plan.groups:
            hit = np.zeros(n, dtype=bool)
            query = _tsquery([g.corrected or " & ".join(g.words)])
            if query:
                rows, ranks = self._group_rows(conn, facts, query)
                hit[rows] = True
                score[rows] += ranks  # each row once per group
            if g.codes:
                hit |= (facts.interests & np.uint64(interest_bits(g.codes))) != 0
            needed += hit
        if plan.codes:
            score += 0.5 * ((facts.interests & np.uint64(interest_bits(plan.codes))) != 0)
        usable = facts.alive.copy()
        if statuses:
            usable &= np.isin(facts.status, [value_code(v) for v in statuses])
        matched = usable & (needed == len(plan.groups))
        if not matched.any() and len(plan.groups) > 1:
            matched = usable & (needed > 0)
        rows = np.nonzero(matched)[0]
        return rows, score[rows]

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
        with self.facts.connection() as conn:
            facts = self.facts.get(conn)
            plan = plan_query(query)
            passing = allowed(facts, filters)
            if not plan.groups:
                return finish(facts, filters, sort, page, per_page, None, None, passing)
            plan = with_corrections(plan, self._corrections(conn, facts, plan))
            candidates = self._match(conn, facts, plan, filters.statuses)
            result = finish(facts, filters, sort, page, per_page, candidates, plan, passing)
            suggestion = plan.suggestion()
            if suggestion:
                result.suggestions = [suggestion]
            add_snippets(conn, result, plan)
        return result
