"""PostgreSQL full-text search backend: a tsvector table in the database, shared by every node."""

from __future__ import annotations

import bisect
import logging
import os
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass

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
    Group,
    QueryPlan,
    add_snippets,
    allowed,
    correctable,
    database_state,
    directory_version,
    finish,
    load_documents,
    plan_query,
    value_code,
    with_corrections,
)

LOG = logging.getLogger(__name__)
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
VOCABULARY = text(
    """
    SELECT w, count(*) FROM resource_search, unnest(string_to_array(words, ' ')) AS w
    WHERE updated_us >= :since GROUP BY w
    """
)
VOCABULARY_WINDOW_US = 300 * 1_000_000  # re-read rows this much older than the newest seen
# Every lexeme's postings in one pass, server-side, as one bigint per posting: the doc (the
# row's ctid as one int, stable within the snapshot) above its weight shape (how many, first
# B, first C): the tsvector is name (A) || terms (B) || text (C), so weights run A.. B.. C...
# One aggregate, not two: two over 5M postings take several times as long. Each posting is sent
# as 8 big-endian bytes (int8send) and concatenated, so the client reads one buffer per lexeme
# rather than parsing millions of numbers from text.
DOC = "((ctid::text::point)[0]::int * 1024 + (ctid::text::point)[1]::int)"
SHAPE = (
    "array_length(u.weights, 1) * 262144"
    " + coalesce(array_position(u.weights, 'B'), 0) * 512"
    " + coalesce(array_position(u.weights, 'C'), 0)"
)
SHAPE_BITS = 27
ALL_POSTINGS = text(
    f"""
    SELECT u.lexeme, string_agg(int8send(d.doc::bigint * {1 << SHAPE_BITS} + {SHAPE}), ''::bytea)
    FROM (SELECT {DOC} AS doc, tsv FROM resource_search) AS d, unnest(d.tsv) AS u
    GROUP BY u.lexeme
    """  # noqa: S608 - constant fragments only
)
POSTINGS_WORK_MEM = text("SET LOCAL work_mem = '256MB'")
ALL_DOCS = text(f"SELECT {DOC}, id, updated_us FROM resource_search")  # noqa: S608
CHANGED_POSTINGS = text(
    f"""
    SELECT r.id, r.updated_us, u.lexeme, {SHAPE}
    FROM resource_search AS r LEFT JOIN LATERAL unnest(r.tsv) AS u ON true
    WHERE r.updated_us >= :since
    """  # noqa: S608 - constant fragments only
)
LEXEMES = text(
    """
    SELECT w, array(SELECT lexeme FROM unnest(to_tsvector('english', w)))
    FROM unnest(CAST(:words AS text[])) AS w
    """
)
# While the postings load, each group is matched in SQL: every lexeme needed, ranked as the
# postings rank (ts_rank of the lexemes OR-ed: the mean of each one's rank).
GROUP_MATCHES = text(
    """
    SELECT array_agg(id), array_agg(ts_rank(tsv, q.any_of))
    FROM resource_search, (
        SELECT array_to_string(array(SELECT quote_literal(l) FROM unnest(w.l) AS l), ' & ')
                   ::tsquery AS all_of,
               array_to_string(array(SELECT quote_literal(l) FROM unnest(w.l) AS l), ' | ')
                   ::tsquery AS any_of
        FROM (SELECT CAST(:lexemes AS text[]) AS l) AS w
    ) AS q
    WHERE tsv @@ q.all_of
    """
)
SYNC_LOAD_MAX = 20_000  # up to this many resources, the first search loads postings itself
MAX_OVERLAY = 5000  # more resources re-read since the full load than this: load all again
MAX_CACHED_WORDS = 65536
TS_RANK_WEIGHTS = {"A": 1.0, "B": 0.4, "C": 0.2}
# Moving the directory version after the search table changes tells every node to re-read the
# rows that changed (a node may have read the table between the resource's commit and this).
BUMP_VERSION = text("UPDATE directory_state SET version = version + 1 WHERE id = 1")
EMPTY = (np.zeros(0, dtype=np.int64), np.zeros(0))
Hits = tuple[np.ndarray, np.ndarray]  # docs or facts rows, scores


def interest_bits(codes: Iterable[str]) -> int:
    """The facts bitmask of these interest codes."""
    return sum(1 << INTEREST_BIT[c] for c in set(codes) if c in INTEREST_BIT)


def _row(doc: Document) -> dict[str, object]:
    return {
        "id": doc.id,
        "name": doc.name,
        "terms": doc.terms,
        "text": f"{doc.text} {doc.details}",  # places etc. weigh as the description does
        "words": doc.all_words,
        "interests": doc.interests,
        "status": doc.status,
        "updated_us": doc.updated_us,
    }


def shape_scores(shapes: np.ndarray) -> np.ndarray:
    """ts_rank of a one-lexeme query for each weight shape (how many, first B, first C).

    PostgreSQL's calc_rank_or: sum of w_j / (j + 1)^2 over the lexeme's positions, by
    1.64493406685; with weights in falling order its maximum-weight terms cancel.
    """
    unique, inverse = np.unique(shapes, return_inverse=True)
    out = np.empty(len(unique))
    for k, shape in enumerate(unique.tolist()):
        total, first_b, first_c = shape >> 18, (shape >> 9) & 511, shape & 511
        end_b = first_c or total + 1
        end_a = first_b or end_b
        weights = [1.0] * (end_a - 1) + [0.4] * (end_b - end_a) + [0.2] * (total + 1 - end_b)
        rank = sum(w / (j + 1) ** 2 for j, w in enumerate(weights)) / 1.64493406685
        out[k] = np.float32(rank)  # ts_rank returns real: keep its ties
    return out[inverse.reshape(-1)]


@dataclass(frozen=True)
class Postings:
    """Which search rows hold each lexeme and its ts_rank there, as of one directory version.

    Rows read by the full load stay in `base`; rows re-read since (changed or new) are marked
    stale there and held in `extra`, so a change never rewrites the large arrays.
    """

    version: int
    ids: list[str]  # doc -> resource id
    doc: dict[str, int]
    base: dict[str, Hits]  # lexeme -> (docs, scores) from the full load
    stale: np.ndarray  # docs whose base postings are out of date
    changed: dict[int, dict[str, float]]  # doc -> lexeme -> score, read since the full load
    extra: dict[str, Hits]  # the same, by lexeme
    newest_us: int
    load: int

    def hits(self, lexeme: str) -> Hits:
        """Docs holding the lexeme, with its score in each."""
        docs, scores = self.base.get(lexeme, EMPTY)
        if len(docs):
            keep = ~self.stale[docs]
            docs, scores = docs[keep], scores[keep]
        more = self.extra.get(lexeme)
        if more is not None:
            docs, scores = np.concatenate([docs, more[0]]), np.concatenate([scores, more[1]])
        return docs, scores


@dataclass(frozen=True)
class Spelling:
    """A vocabulary's words sorted by length, so a correction compares only plausible ones."""

    uses: dict[str, int]  # the vocabulary this was built from
    words: list[str]
    starts: list[int]  # starts[n]: where words of length n begin (one past the longest: end)

    @classmethod
    def of(cls, uses: dict[str, int]) -> Spelling:
        """The spelling index of a vocabulary."""
        ordered = sorted(uses, key=len)
        longest = len(ordered[-1]) if ordered else 0
        lengths = [len(w) for w in ordered]
        starts = [bisect.bisect_left(lengths, n) for n in range(longest + 2)]
        return cls(uses, ordered, starts)

    def closest(self, word: str) -> str | None:
        """The closest other word (a swap counts one edit), then the most used, then the first."""
        limit = 2 if len(word) > 5 else 1
        # An edit changes the length by at most one: words further in length cannot be close.
        top = len(self.starts) - 1
        low, high = min(max(0, len(word) - limit), top), min(len(word) + limit + 1, top)
        close = process.extract(
            word,
            self.words[self.starts[low] : self.starts[high]],
            scorer=OSA.distance,
            score_cutoff=limit,
            limit=None,
        )
        best = min(((d, -self.uses[w], w) for w, d, _ in close if w != word), default=None)
        return best[2] if best else None


def _group_lexemes(group: Group, lexemes: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """Every lexeme of a group's words (all needed)."""
    return tuple(lex for w in group.words for lex in lexemes.get(w, ()))


def load_postings(conn: Connection, version: int, load: int) -> Postings:
    """Every lexeme's postings, read in one repeatable-read snapshot."""
    numbers: list[int] = []
    ids: list[str] = []
    newest = 0
    for number, rid, updated in conn.execute(ALL_DOCS):
        numbers.append(int(number))
        ids.append(str(rid))
        newest = max(newest, int(updated))
    order = np.argsort(np.array(numbers, dtype=np.int64))
    sorted_numbers = np.array(numbers, dtype=np.int64)[order]
    ids = [ids[i] for i in order.tolist()]
    lexemes: list[str] = []
    sizes: list[int] = []
    packed: list[bytes] = []
    # The aggregate's hash table (~90 MB at 100k resources) spills to disk in 4 MB batches.
    conn.execute(POSTINGS_WORK_MEM)
    for lexeme, postings in conn.execute(ALL_POSTINGS):
        lexemes.append(str(lexeme))
        sizes.append(len(postings) // 8)
        packed.append(bytes(postings))
    base: dict[str, Hits] = {}
    if lexemes:
        both = np.frombuffer(b"".join(packed), dtype=">i8").astype(np.int64)
        at = np.searchsorted(sorted_numbers, both >> SHAPE_BITS)
        ranks = shape_scores(both & ((1 << SHAPE_BITS) - 1))
        bounds = np.cumsum(np.array(sizes, dtype=np.int64))[:-1]
        # int32/float32 (ts_rank is a real anyway): 8 bytes a posting, ~45 MB at 100k resources
        docs = np.split(at.astype(np.int32), bounds)
        scores = np.split(ranks.astype(np.float32), bounds)
        base = {w: (d, sc) for w, d, sc in zip(lexemes, docs, scores, strict=True)}
    return Postings(
        version=version,
        ids=ids,
        doc={rid: i for i, rid in enumerate(ids)},
        base=base,
        stale=np.zeros(len(ids), dtype=bool),
        changed={},
        extra={},
        newest_us=newest,
        load=load,
    )


def refresh_postings(postings: Postings, conn: Connection, version: int) -> Postings | None:
    """New postings with the rows changed since these were read; None when a full load is better.

    Re-reads rows at most VOCABULARY_WINDOW_US older than the newest seen, so a row written
    late by another node's after-commit sync is still caught.
    """
    since = max(0, postings.newest_us - VOCABULARY_WINDOW_US)
    read: dict[str, dict[str, float]] = {}
    newest = postings.newest_us
    lexemes: list[tuple[str, str, int]] = []
    for rid, updated, lexeme, shape in conn.execute(CHANGED_POSTINGS, {"since": since}):
        read.setdefault(rid, {})
        newest = max(newest, int(updated))
        if lexeme is not None:
            lexemes.append((rid, lexeme, int(shape)))
    if len(read) + len(postings.changed) > MAX_OVERLAY:
        return None
    scores = shape_scores(np.array([s for _, _, s in lexemes], dtype=np.int64))
    for (rid, lexeme, _), score in zip(lexemes, scores.tolist(), strict=True):
        read[rid][lexeme] = score
    ids, doc = postings.ids, postings.doc
    new = [rid for rid in read if rid not in doc]
    if new:
        ids = ids + new
        doc = {**doc, **{rid: len(postings.ids) + i for i, rid in enumerate(new)}}
    stale = np.zeros(len(ids), dtype=bool)
    stale[: len(postings.stale)] = postings.stale
    changed = dict(postings.changed)
    for rid, held in read.items():
        stale[doc[rid]] = True
        changed[doc[rid]] = held
    by_lexeme: dict[str, tuple[list[int], list[float]]] = {}
    for d, held in changed.items():
        for lexeme, score in held.items():
            entry = by_lexeme.setdefault(lexeme, ([], []))
            entry[0].append(d)
            entry[1].append(score)
    extra = {w: (np.array(d, dtype=np.int64), np.array(sc)) for w, (d, sc) in by_lexeme.items()}
    return Postings(version, ids, doc, postings.base, stale, changed, extra, newest, postings.load)


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
        self._postings: Postings | None = None
        self._postings_lock = threading.Lock()
        self._loading: threading.Thread | None = None
        self._loads = 0
        self._rows: tuple[tuple[int, int, int], np.ndarray] | None = None  # key, doc -> row
        self._lexemes: dict[str, tuple[str, ...]] = {}  # query word -> its lexemes
        self._spelling: Spelling | None = None

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
        with self._postings_lock:
            self._postings = None
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

    def warm(self) -> None:
        """Load what searches use (facts, postings, spelling words) and wait for it."""
        self._ensure()
        with self.facts.connection() as conn:
            facts = self.facts.get(conn)
            self._current_postings(conn, facts)
            self._vocabulary(conn, facts.version)
        loading = self._loading
        if loading is not None:
            loading.join()

    def _load_postings(self) -> Postings:
        """Read every lexeme's postings and the directory version in one snapshot."""
        with self._postings_lock:
            self._loads += 1
            load = self._loads
        with self.engine.connect() as conn:
            snapshot = conn.execution_options(isolation_level="REPEATABLE READ")
            return load_postings(snapshot, directory_version(snapshot), load)

    def _load_in_background(self) -> None:
        """Load the postings for later searches; until then they match in SQL."""
        try:
            postings = self._load_postings()
        except Exception:
            LOG.exception("loading search postings failed; searches keep matching in SQL")
            postings = None
        with self._postings_lock:
            if postings is not None and self._postings is None:
                self._postings = postings
            self._loading = None

    def _current_postings(self, conn: Connection, facts: Facts) -> Postings | None:
        """The postings as of the facts' version (re-reading changed rows), or None for now.

        A large directory's postings load in a background thread (tens of seconds at 100k
        resources): a first request must not wait for it.
        """
        postings = self._postings
        if postings is not None and postings.version == facts.version:
            return postings
        with self._postings_lock:
            postings = self._postings
            if postings is not None:
                if postings.version == facts.version:
                    return postings
                fresh = refresh_postings(postings, conn, facts.version)
                self._postings = fresh
                if fresh is not None:
                    return fresh
            if self._loading is not None:
                return None
            if len(facts) > SYNC_LOAD_MAX:
                self._loading = threading.Thread(target=self._load_in_background, daemon=True)
                self._loading.start()
                return None
        postings = self._load_postings()
        with self._postings_lock:
            if self._postings is None:
                self._postings = postings
        return postings

    def _doc_rows(self, facts: Facts, postings: Postings) -> np.ndarray:
        """Each doc's facts row (-1 when the facts do not hold it)."""
        key = (facts.epoch, postings.load, len(facts))
        cached = self._rows
        if cached is not None and cached[0] == key and len(cached[1]) == len(postings.ids):
            return cached[1]
        if cached is not None and cached[0][:2] == key[:2]:
            old = cached[1]
            rows = np.full(len(postings.ids), -1, dtype=np.int64)
            rows[: len(old)] = old[: len(postings.ids)]
            for i in np.nonzero(rows < 0)[0].tolist():
                rows[i] = facts.row.get(postings.ids[i], -1)
        else:
            get = facts.row.get
            rows = np.array([get(rid, -1) for rid in postings.ids], dtype=np.int64)
        self._rows = (key, rows)
        return rows

    def _words_lexemes(self, conn: Connection, words: Iterable[str]) -> dict[str, tuple[str, ...]]:
        """PostgreSQL's english lexemes of each word (none for its stop words), cached."""
        known = self._lexemes
        missing = sorted({w for w in words if w not in known})
        if missing:
            if len(known) > MAX_CACHED_WORDS:
                known = self._lexemes = {}
            for word, lexemes in conn.execute(LEXEMES, {"words": missing}):
                known[str(word)] = tuple(lexemes)
        return known

    def _hits(self, conn: Connection, facts: Facts, lexemes: tuple[str, ...]) -> Hits:
        """Facts rows holding every lexeme, scored as ts_rank would (the mean of each's rank)."""
        if not lexemes:
            return EMPTY
        postings = self._current_postings(conn, facts)
        if postings is None:
            ids, ranks = conn.execute(GROUP_MATCHES, {"lexemes": list(lexemes)}).one()
            if not ids:
                return EMPTY
            get = facts.row.get
            at = np.array([get(rid, -1) for rid in ids], dtype=np.int64)
            scores = np.asarray(ranks, dtype=np.float64)
            return at[at >= 0], scores[at >= 0]
        rows = self._doc_rows(facts, postings)
        if len(lexemes) == 1:
            docs, scores = postings.hits(lexemes[0])
            at = rows[docs]
            return at[at >= 0], scores[at >= 0]
        count = np.zeros(len(facts), dtype=np.int32)
        total = np.zeros(len(facts))
        for lexeme in set(lexemes):
            docs, scores = postings.hits(lexeme)
            at = rows[docs]
            count[at[at >= 0]] += 1
            total[at[at >= 0]] += scores[at >= 0]
        found = np.nonzero(count == len(set(lexemes)))[0]
        return found, total[found] / len(set(lexemes))

    def _spelling_of(self, words: dict[str, int]) -> Spelling:
        """The spelling index of the current vocabulary, built once per vocabulary."""
        spelling = self._spelling
        if spelling is None or spelling.uses is not words:
            spelling = self._spelling = Spelling.of(words)
        return spelling

    def _guesses(self, plan: QueryPlan, version: int) -> dict[str, str]:
        """Likely spellings of words the loaded vocabulary lacks, found before the lexeme look-up.

        Their lexemes then come in the same round trip as the query's; a guess is used only if
        the word itself matches nothing (as _corrections decides).
        """
        with self._words_lock:
            seen, words = self._words_at, self._words
        if seen is None or seen[0] != version:
            return {}
        out: dict[str, str] = {}
        for g in plan.groups:
            if correctable(g) and g.words[0] not in words:
                fix = self._spelling_of(words).closest(g.words[0])
                if fix:
                    out[g.words[0]] = fix
        return out

    def _corrections(
        self,
        conn: Connection,
        facts: Facts,
        plan: QueryPlan,
        found: dict[str, Hits],
        lexemes: dict[str, tuple[str, ...]],
        guesses: dict[str, str],
    ) -> dict[str, str]:
        """Likely spellings (the closest indexed word, then the most used) of unknown words."""
        unknown = [
            g.words[0]
            for g in plan.groups
            if correctable(g) and lexemes.get(g.words[0]) and not len(found[g.words[0]][0])
        ]
        if not unknown:
            return {}
        if all(word in guesses for word in unknown):
            return {word: guesses[word] for word in unknown}
        spelling = self._spelling_of(self._vocabulary(conn, facts.version))
        fixes: dict[str, str] = {}
        for word in unknown:
            fix = spelling.closest(word)
            if fix:
                fixes[word] = fix
        return fixes

    def _match(
        self,
        facts: Facts,
        plan: QueryPlan,
        statuses: tuple[str, ...],
        found: dict[str, Hits],
    ) -> Hits:
        """Rows matching every group (or, when none do, any group) and their scores."""
        n = len(facts)
        needed = np.zeros(n, dtype=np.int32)
        score = np.zeros(n)
        for g in plan.groups:
            hit = np.zeros(n, dtype=bool)
            rows, ranks = found[g.corrected or " ".join(g.words)]
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
        *,
        snippets: bool = True,
        facets: bool = True,
        version: int | None = None,
    ) -> SearchResult:
        """Find resources; page is 1-based; snippets=False or facets=False leave those empty;
        `version` is the directory version the caller has just read, if it has."""
        filters = filters or SearchFilters()
        self._ensure()
        with self.facts.connection() as conn:
            facts = self.facts.get(conn, version)
            plan = plan_query(query)
            passing = allowed(facts, filters)
            if not plan.groups:
                return finish(facts, filters, sort, page, per_page, None, None, passing, facets)
            guesses = self._guesses(plan, facts.version)
            lexemes = self._words_lexemes(
                conn, [w for g in plan.groups for w in g.words] + list(guesses.values())
            )
            found = {
                " ".join(g.words): self._hits(conn, facts, _group_lexemes(g, lexemes))
                for g in plan.groups
            }
            fixes = self._corrections(conn, facts, plan, found, lexemes, guesses)
            if fixes:
                plan = with_corrections(plan, fixes)
                lexemes = self._words_lexemes(conn, fixes.values())
                for fix in fixes.values():
                    found[fix] = self._hits(conn, facts, lexemes.get(fix, ()))
            candidates = self._match(facts, plan, filters.statuses, found)
            result = finish(facts, filters, sort, page, per_page, candidates, plan, passing, facets)
            suggestion = plan.suggestion()
            if suggestion:
                result.suggestions = [suggestion]
            if snippets:
                add_snippets(conn, result, plan, facts)
        return result
