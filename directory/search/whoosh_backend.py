"""Whoosh search backend: a stemmed index on disk, kept in step with the database after commit."""

from __future__ import annotations

import math
import multiprocessing
import os
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

import numpy as np
from flask import Flask
from rapidfuzz import process
from rapidfuzz.distance import OSA
from sqlalchemy import Engine, select
from whoosh import index as windex
from whoosh import writing
from whoosh.analysis import STOP_WORDS, StemmingAnalyzer
from whoosh.codec.base import Segment
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher
from whoosh.columns import NumericColumn
from whoosh.fields import COLUMN, ID, KEYWORD, TEXT, Schema
from whoosh.lang.porter import stem as porter_stem
from whoosh.matching import WrappingMatcher
from whoosh.reading import IndexReader, ReaderClosed
from whoosh.searching import Searcher
from whoosh.util.numeric import byte_to_length

from directory.config import owner_only_folder
from directory.db import get_engine
from directory.models import Resource
from directory.search import PER_PAGE, SearchFilters, SearchResult, Sort
from directory.search.common import (
    Document,
    Facts,
    FactsCache,
    Group,
    QueryPlan,
    add_snippets,
    allowed,
    correctable,
    database_stamps,
    finish,
    load_documents,
    plan_query,
    with_corrections,
    words,
)

Hits = tuple[np.ndarray, np.ndarray]  # per facts row: matched, score

WRITE_TIMEOUT = 10.0  # seconds to wait for another writer's lock, per attempt
WRITE_ATTEMPTS = 3
FIELD_BOOSTS = {"name": 3.0, "terms": 2.0, "text": 1.0, "details": 1.0}
ANALYZER = StemmingAnalyzer()
B, K1 = 0.75, 1.2  # whoosh's default BM25F parameters
MAX_SEGMENTS = 200  # per-segment maps kept before dropping them all
SEARCH_ATTEMPTS = 3  # a search racing another process's merge starts again on a fresh searcher
POSTING_CACHE = 4096  # (segment, field, term) posting lists kept per process
# Matched rows kept per process for query groups (words and codes), per index state: people
# search for the same few hundred words, and a group's matches cost most of a search.
GROUP_CACHE_ROWS = 1_000_000  # matched rows held at most (16 bytes each: row and score)
REINDEX_PROCS = 2  # writer processes for a full rebuild (this machine has 2 cores)
PARALLEL_FROM = 5000  # resources from which a rebuild uses them (forking costs ~0.5 s)
PROGRESS_EVERY = 500  # resources between progress reports
_LENGTHS = np.array([byte_to_length(i) for i in range(256)], dtype=np.float64)


# StemmingAnalyzer()'s tokenizer pattern, without its capturing group (same matches).
_TOKEN = re.compile(r"\w+(?:\.?\w+)*")
_DROPPED = " "  # a stop word or one-letter word (a stem never holds a space)


class Analysis:
    """StemmingAnalyzer()'s tokens in one pass, words remembered (a rebuild sees few distinct).

    whoosh indexes a list of tokens as given, so the index is the same; this skips its
    generator chain of Token objects per word.
    """

    def __init__(self) -> None:
        self._known: dict[str, str] = {}

    def _word(self, raw: str) -> str:
        word = raw.lower()
        if len(word) < 2 or word in STOP_WORDS:
            return _DROPPED
        return str(porter_stem(word))

    def __call__(self, text: str) -> list[str]:
        """The stemmed tokens of a text, in order, stop words and one-letter words left out."""
        known = self._known
        out: list[str] = []
        for raw in _TOKEN.findall(text):
            stemmed = known.get(raw)
            if stemmed is None:
                stemmed = known[raw] = self._word(raw)
            if stemmed != _DROPPED:
                out.append(stemmed)
        return out


class _TermPool:
    """A new segment's postings in memory, grouped by term.

    whoosh's PostingPool sorts every posting and, past its memory limit, pickles runs to disk
    and merges them back; documents arrive in docnum order, so sorting the terms is enough.
    """

    def __init__(self) -> None:
        self.terms: dict[tuple[str, bytes], list[tuple[int, float, bytes]]] = {}

    def add(self, item: tuple[str, bytes, int, float, bytes]) -> None:
        """Keep one (fieldname, term, docnum, weight, value) posting."""
        fieldname, text, docnum, weight, value = item
        postings = self.terms.get((fieldname, text))
        if postings is None:
            postings = self.terms[(fieldname, text)] = []
        postings.append((docnum, weight, value))

    def cleanup(self) -> None:
        """Drop the postings."""
        self.terms = {}


class _RebuildWriter(writing.SegmentWriter):  # type: ignore[misc]
    """A segment writer for a rebuild: postings kept by term, then written a term at a time."""

    # whoosh's add_postings checks the order of, and reads a field length for, every posting.

    def __init__(self, ix: windex.Index, **kwargs: object) -> None:
        super().__init__(ix, **kwargs)
        self.pool = _TermPool()

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        reader = self.per_document_reader()
        try:
            self._write_postings(reader)
        finally:
            reader.close()
        self.fieldwriter.close()

    def _write_postings(self, reader: Any) -> None:
        """Every term's postings, in order, with each document's length in the field."""
        out = self.fieldwriter
        current = None
        lengths: list[int | None] = []
        for (fieldname, text), postings in sorted(self.pool.terms.items()):
            if fieldname != current:
                if current is not None:
                    out.finish_field()
                out.start_field(fieldname, self.schema[fieldname])
                current = fieldname
                if reader.has_column(f"_{fieldname}_len"):
                    lengths = [reader.doc_field_length(d, fieldname) for d in range(self.docnum)]
                else:  # an unscored field
                    lengths = [0] * self.docnum
            out.start_term(text)
            for docnum, weight, value in postings:
                out.add(docnum, weight, value, lengths[docnum])
            out.finish_term()
        if current is not None:
            out.finish_field()


_FORK = "fork" in multiprocessing.get_all_start_methods()


def _only(segments: list[Segment]) -> Callable[[object, object], list[Segment]]:
    """A merge policy that drops every old segment and keeps these."""
    return lambda _writer, _old: list(segments)


def _resource_ids(engine: Engine) -> list[str]:
    """Every resource id, in order."""
    r = Resource.__table__  # type: ignore[attr-defined]
    with engine.connect() as conn:
        return list(conn.scalars(select(r.c.id).order_by(r.c.id)))


class _ShareLost(Exception):
    """A rebuild process ended without handing back its segment."""


def _receive(pipe: Connection) -> Any:
    """The next message from a rebuild process."""
    try:
        return pipe.recv()
    except (EOFError, ConnectionError):
        raise _ShareLost from None


def _send(pipe: Connection, message: object) -> None:
    """Send a rebuild process a message."""
    try:
        pipe.send(message)
    except ConnectionError:
        raise _ShareLost from None


def make_schema() -> Schema:
    """Public fields only: the id is the one stored value; updated_at is a column."""
    # No positions (phrase=False): queries are words, never phrases; updated is a column only.
    return Schema(
        id=ID(stored=True, unique=True, sortable=True),
        name=TEXT(analyzer=StemmingAnalyzer(), phrase=False),
        text=TEXT(analyzer=StemmingAnalyzer(), phrase=False),
        terms=TEXT(analyzer=StemmingAnalyzer(), phrase=False),
        details=TEXT(analyzer=StemmingAnalyzer(), phrase=False),
        # "Did you mean": one extra document per distinct unstemmed word (kind "spell"), far
        # fewer postings than every word of every resource; scoring leaves those out.
        spell=ID(),
        kind=ID(),
        interests=KEYWORD(scorable=True),
        updated=COLUMN(NumericColumn("q", default=0)),
    )


SPELL = "spell"


def doc_words(doc: Document) -> set[str]:
    """A document's distinct lower-case words, for spelling suggestions."""
    return set(words(f"{doc.name} {doc.text} {doc.terms} {doc.details}"))


def _spell_docs(searcher: Searcher) -> int:
    """How many spelling documents the index holds (never deleted, bar by a rebuild)."""
    return int(searcher.doc_frequency("kind", SPELL))


def _use(reader: IndexReader, word: str) -> float:
    """How often a word's stems occur in the searchable fields."""
    return sum(reader.frequency(f, s) for s in _stems(word) for f in FIELD_BOOSTS)


def _shape(schema: Schema) -> list[tuple[str, str, str]]:
    """What distinguishes one version of the schema from another."""
    return [
        (name, type(f).__name__, type(getattr(f, "format", None)).__name__)
        for name, f in sorted(schema.items())
    ]


def field_lengths(reader: IndexReader, fieldname: str) -> np.ndarray:
    """Every document's length in a field of one segment, read in one go when possible."""
    count = reader.doc_count_all()
    try:  # whoosh 2.7 keeps lengths as one byte per document in a column file
        column = reader._perdoc._cached_reader(f"_{fieldname}_len", LENGTHS_COLUMN)  # type: ignore[attr-defined]
        out = np.zeros(count)
        if column is not None:
            known = min(column._count, count)
            raw = column._dbfile.get(column._basepos, known)
            out[:known] = _LENGTHS[np.frombuffer(raw, dtype=np.uint8)]
        return out
    except AttributeError:
        lengths = (reader.doc_field_length(d, fieldname) for d in range(count))
        return np.fromiter(lengths, dtype=np.float64, count=count)


def term_postings(reader: IndexReader, fieldname: str, text: str) -> tuple[np.ndarray, ...]:
    """Docnums and frequencies of a term in one segment, deleted documents included."""
    empty = (np.zeros(0, dtype=np.int64), np.zeros(0))
    if (fieldname, text) not in reader:
        return empty
    matcher = reader.postings(fieldname, text)
    while isinstance(matcher, WrappingMatcher):  # deletions are dropped by the row map
        matcher = matcher.child
    ids: list[np.ndarray] = []
    weights: list[np.ndarray] = []
    if isinstance(matcher, W3LeafMatcher):  # a block (up to 128 postings) at a time
        while matcher.is_active():
            matcher._read_ids()
            matcher._read_weights()
            ids.append(np.asarray(matcher._ids, dtype=np.int64))
            weights.append(np.asarray(matcher._weights, dtype=np.float64))
            matcher._next_block()
    else:
        pairs = list(matcher.items_as("weight"))
        ids.append(np.array([p[0] for p in pairs], dtype=np.int64))
        weights.append(np.array([p[1] for p in pairs], dtype=np.float64))
    if not ids:
        return empty
    return np.concatenate(ids), np.concatenate(weights)


@dataclass(frozen=True)
class _RowMap:
    """A segment's docnum -> facts row map, and what it was built from."""

    known: int  # facts rows mapped
    deleted: int  # the segment's deleted documents then
    rows: np.ndarray


def _state(searcher: Searcher, facts: Facts) -> tuple[object, ...]:
    """What a group's matches depend on: each segment and its deletions, and the facts rows."""
    segments = tuple(
        (seg.segment_id(), seg.deleted_count())
        for seg in (sub.reader().segment() for sub, _ in searcher.leaf_searchers())
        if seg is not None
    )
    return (segments, facts.epoch, len(facts))


def _stems(word: str) -> list[str]:
    return [t.text for t in ANALYZER(word)]


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
        self._rowmaps: dict[tuple[str, int], _RowMap] = {}
        self._spelling_words: dict[tuple[str, str], list[str]] = {}
        self._field_lengths: dict[tuple[str, str], np.ndarray] = {}
        self._posting_cache: OrderedDict[tuple[str, str, str], tuple[np.ndarray, ...]] = (
            OrderedDict()
        )
        self._group_cache: OrderedDict[tuple[object, ...], Hits | None] = OrderedDict()
        self._group_cache_rows = 0

    # -------------------------------------------------------------- plumbing

    def _forget_segments(self) -> None:
        """Drop what is cached per segment (after a rebuild, or when it grows large)."""
        with self._lock:
            self._rowmaps.clear()
            self._spelling_words.clear()
            self._field_lengths.clear()
            self._posting_cache.clear()
        self.forget_groups()

    def forget_groups(self) -> None:
        """Drop the kept word-group matches (benchmarks time searches without them)."""
        with self._lock:
            self._group_cache.clear()
            self._group_cache_rows = 0

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
                    owner_only_folder(self.path)  # 0700, whatever the umask
                    ix = (
                        windex.open_dir(str(self.path))
                        if windex.exists_in(str(self.path))
                        else None
                    )
                    if ix is None or _shape(ix.schema) != _shape(make_schema()):
                        # None yet, or one written by an older version: start empty; the
                        # freshness check then rebuilds it from the database.
                        ix = windex.create_in(str(self.path), make_schema())
                    self._ix = ix
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
            self._forget_segments()
            if not self.is_current():
                self.reindex()
            self._checked_pid = os.getpid()

    def _current_searcher(self) -> Searcher:
        """This thread's searcher, kept open and refreshed when the index has changed.

        One per thread: whoosh readers seek shared file handles, so threads must not share one.
        """
        local = self._local
        searcher: Searcher | None = getattr(local, "searcher", None)
        if searcher is None:
            searcher = local.searcher = self._index().searcher()
        elif not searcher.up_to_date():
            # refresh() keeps the readers of unchanged segments (and what is cached for them).
            try:
                searcher = local.searcher = searcher.refresh()
            except (ReaderClosed, OSError):
                # whoosh retries a refresh that raced another process's merge after closing
                # the reused readers, and then fails: open the index afresh instead.
                searcher = local.searcher = self._index().searcher()
        return searcher

    def _matches(self, facts: Facts, plan: QueryPlan) -> tuple[QueryPlan, list[Hits]]:
        """The corrected plan and each word group's matches and scores, from a current searcher.

        Segment files are separate, and a reader opens some of them only when first needed: if
        another process merged those segments away meanwhile, search again on a fresh searcher.
        """
        for attempt in range(SEARCH_ATTEMPTS):
            searcher = self._current_searcher()
            try:
                fixed = with_corrections(plan, self._corrections(searcher, plan))
                state = _state(searcher, facts)
                found = (self._cached_group(searcher, facts, state, g) for g in fixed.groups)
                groups = [g for g in found if g]
                return fixed, groups
            except (ReaderClosed, OSError):
                self._local.searcher = None
                if attempt == SEARCH_ATTEMPTS - 1:
                    raise
        raise AssertionError("unreachable")

    def _write(
        self, work: Callable[[writing.SegmentWriter], list[Segment]], rebuild: bool = False
    ) -> None:
        """Run work in one writer, waiting for and retrying another process's lock.

        A rebuild's commit keeps what its writer wrote and the segments work returns (written by
        other processes meanwhile), dropping every older segment.
        """
        for attempt in range(WRITE_ATTEMPTS):
            try:
                if rebuild:
                    writer = _RebuildWriter(self._index(), timeout=WRITE_TIMEOUT, compound=False)
                else:
                    writer = self._index().writer(timeout=WRITE_TIMEOUT, compound=False)
            except windex.LockError:
                if attempt == WRITE_ATTEMPTS - 1:
                    raise
                time.sleep(0.1 * (attempt + 1))
                continue
            try:
                written = work(writer)
            except BaseException:
                writer.cancel()
                raise
            if rebuild:
                writer.commit(mergetype=_only(written))
            else:
                writer.commit()
            return

    @staticmethod
    def _fields(doc: Document, analyse: Analysis) -> dict[str, object]:
        # Text fields as their analysed tokens, which whoosh indexes as given.
        return {
            "id": doc.id,
            "name": analyse(doc.name),
            "text": analyse(doc.text),
            "terms": analyse(doc.terms),
            "details": analyse(doc.details),
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

        def work(writer: writing.SegmentWriter) -> list[Segment]:
            analyse = Analysis()
            for doc in docs:
                writer.update_document(**self._fields(doc, analyse))
            for gone in wanted - {d.id for d in docs}:
                writer.delete_by_term("id", gone)
            reader = writer.reader()
            try:
                new = {w for d in docs for w in doc_words(d) if ("spell", w) not in reader}
            finally:
                reader.close()
            for word in sorted(new):
                writer.add_document(spell=word, kind=SPELL)
            return []

        self._write(work)

    def remove(self, ids: Iterable[str]) -> None:
        """Remove these resources from the index."""
        gone = set(ids)
        if not gone:
            return
        self._ensure()

        def work(writer: writing.SegmentWriter) -> list[Segment]:
            for rid in gone:
                writer.delete_by_term("id", rid)
            return []

        self._write(work)

    def reindex(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Rebuild the index from the database in one commit; readers see old or new, never half.

        A large directory is indexed by REINDEX_PROCS processes, each reading its share of the
        resources and writing one segment.
        """
        ids = _resource_ids(self.engine)
        procs = REINDEX_PROCS if len(ids) >= PARALLEL_FROM and _FORK else 1
        try:
            count = self._rebuild(ids, progress, procs)
        except _ShareLost:
            # A process died before handing back its segment (the old index still stands):
            # one process then, rather than a short index.
            count = self._rebuild(ids, progress, 1)
        self.facts.clear()
        self._forget_segments()
        return count

    def _rebuild(
        self, ids: list[str], progress: Callable[[int, int], None] | None, procs: int
    ) -> int:
        """Write every resource into a new index that replaces the old one at commit."""
        total = len(ids)
        finished = 0
        count = 0

        def done(more: int) -> None:
            nonlocal finished
            finished += more
            if progress:
                progress(min(finished, total), total)

        def work(writer: writing.SegmentWriter) -> list[Segment]:
            nonlocal count
            if procs > 1:
                segments, count = self._shares(ids, procs, done)
                return segments
            count, words = self._fill(writer, None, done)
            self._add_spelling(writer, sorted(words))
            return []

        self._write(work, rebuild=True)
        if progress:
            progress(count, max(total, count))
        return count

    def _fill(
        self, writer: writing.SegmentWriter, ids: list[str] | None, done: Callable[[int], None]
    ) -> tuple[int, set[str]]:
        """Add these resources (all when None) to a writer: how many, and their distinct words."""
        analyse = Analysis()
        count = 0
        words: set[str] = set()
        for doc in load_documents(self.engine, ids):
            writer.add_document(**self._fields(doc, analyse))
            words.update(doc_words(doc))
            count += 1
            if count % PROGRESS_EVERY == 0:
                done(PROGRESS_EVERY)
        return count, words

    @staticmethod
    def _add_spelling(writer: writing.SegmentWriter, words: list[str]) -> None:
        """Add one spelling document per word."""
        for word in words:
            writer.add_document(spell=word, kind=SPELL)

    def _shares(
        self, ids: list[str], procs: int, done: Callable[[int], None]
    ) -> tuple[list[Segment], int]:
        """Segments written by forked processes, each reading its share; and how many resources.

        Raises _ShareLost when a process ends before sending its part.
        """
        # The caller holds the index lock, and the segments count only once its commit names
        # them. The first process also writes the spelling documents, of every process's words:
        # whoosh reads a column across segments wrongly when one segment lacks it, as a segment
        # of spelling documents alone would.
        context = multiprocessing.get_context("fork")
        size = -(-len(ids) // procs)
        shares = [ids[start : start + size] for start in range(0, len(ids), size)]
        counts = context.RawArray("q", len(shares))  # each process's progress, written by it
        tasks: list[multiprocessing.process.BaseProcess] = []
        pipes: list[Connection] = []
        try:
            for k, share in enumerate(shares):
                ours, theirs = context.Pipe()
                started = context.Process(target=self._write_share, args=(theirs, share, counts, k))
                started.start()
                theirs.close()
                tasks.append(started)
                pipes.append(ours)
            filled: dict[int, tuple[int, set[str]]] = {}
            reported = 0
            while len(filled) < len(pipes):
                ready = wait([p for k, p in enumerate(pipes) if k not in filled], timeout=0.5)
                for k, ours in enumerate(pipes):
                    if ours in ready:
                        filled[k] = _receive(ours)
                now = sum(counts)
                done(now - reported)
                reported = now
            words = sorted(set().union(*(some for _, some in filled.values())))
            for k, ours in enumerate(pipes):
                _send(ours, words if k == 0 else [])
            segments = [_receive(ours) for ours in pipes]
        except BaseException:
            for task in tasks:
                task.terminate()
            raise
        finally:
            for task in tasks:
                task.join()
        return segments, sum(n for n, _ in filled.values())

    def _write_share(self, pipe: Connection, ids: list[str], counts: Any, k: int) -> None:
        """In a forked process: write these resources and the spelling words sent back."""
        self.engine.dispose(close=False)  # the parent's pooled connections stay the parent's
        writer = _RebuildWriter(self._index(), _lk=False, compound=False)

        def done(more: int) -> None:
            counts[k] += more

        pipe.send(self._fill(writer, ids, done))
        self._add_spelling(writer, pipe.recv())
        pipe.send(writer._finalize_segment())
        pipe.close()

    def is_current(self) -> bool:
        """Compare the index with the database: every resource id and its updated_at.

        Not just the count and the newest: a crash can leave an older edit unindexed while a
        newer one from another thread made it in.
        """
        stored = database_stamps(self.engine)
        for _ in range(3):
            try:
                return self._indexed(stored) == stored
            except (IndexError, OSError, ReaderClosed):
                # Another worker's rebuild committed and removed the segments this reader had
                # opened: read the index it left.
                continue
        return False

    def _indexed(self, stored: dict[str, int]) -> dict[str, int] | None:
        """Each indexed resource's updated_at, or None when the count already disagrees."""
        with self._index().searcher() as searcher:
            reader = searcher.reader()
            if reader.doc_count() - _spell_docs(searcher) != len(stored):
                return None
            indexed: dict[str, int] = {}
            # Segment by segment: a segment without a column (spelling documents only) would
            # shift every later segment's documents in a column read across the whole index.
            for sub, _ in reader.leaf_readers():
                if not sub.has_column("id"):
                    continue
                ids, updated = sub.column_reader("id"), sub.column_reader("updated")
                for docnum in sub.all_doc_ids():
                    rid = ids[docnum]
                    if rid:  # spelling documents have no id
                        key = rid if isinstance(rid, str) else rid.decode()
                        indexed[key] = int(updated[docnum])
        return indexed

    # -------------------------------------------------------------- search

    def _segment_rows(self, sub: IndexReader, facts: Facts) -> np.ndarray:
        """Docnum -> facts row in one segment (-1 for deleted or unknown), cached and patched.

        Facts rows are stable within an epoch, so a segment's map is only extended with rows
        added since it was built and with documents deleted since.
        """
        segid = sub.segment().segment_id()  # type: ignore[attr-defined]
        deleted = sub.segment().deleted_count()  # type: ignore[attr-defined]
        key = (segid, facts.epoch)
        with self._lock:
            cached = self._rowmaps.get(key)
        if cached is not None and cached.known == len(facts) and cached.deleted == deleted:
            return cached.rows
        if cached is None:
            rows = np.fromiter(
                (
                    facts.row.get(v if isinstance(v, str) else v.decode(), -1)
                    for v in sub.column_reader("id")
                ),
                dtype=np.int64,
                count=sub.doc_count_all(),
            )
        else:
            rows = cached.rows.copy()
            for rid in facts.ids[cached.known :]:
                if ("id", rid) in sub:
                    for docnum in sub.postings("id", rid).all_ids():
                        rows[docnum] = facts.row[rid]
        gone = np.fromiter(sub.segment().deleted_docs(), dtype=np.int64)  # type: ignore[attr-defined]
        rows[gone] = -1
        with self._lock:
            if len(self._rowmaps) > MAX_SEGMENTS:  # merged-away segments and old epochs
                self._rowmaps.clear()
            self._rowmaps[key] = _RowMap(len(facts), deleted, rows)
        return rows

    def _lengths(self, sub: IndexReader, fieldname: str) -> np.ndarray:
        """Each document's length in one field of one segment, as whoosh scores it."""
        key = (sub.segment().segment_id(), fieldname)  # type: ignore[attr-defined]
        with self._lock:
            cached = self._field_lengths.get(key)
        if cached is None:
            cached = field_lengths(sub, fieldname)
            with self._lock:
                if len(self._field_lengths) > MAX_SEGMENTS * len(FIELD_BOOSTS):
                    self._field_lengths.clear()
                self._field_lengths[key] = cached
        return cached

    def _postings(self, sub: IndexReader, fieldname: str, text: str) -> tuple[np.ndarray, ...]:
        """Docnums and frequencies of one term in one segment, cached (segments never change)."""
        key = (sub.segment().segment_id(), fieldname, text)  # type: ignore[attr-defined]
        with self._lock:
            cached = self._posting_cache.get(key)
            if cached is not None:
                self._posting_cache.move_to_end(key)
                return cached
        found = term_postings(sub, fieldname, text)
        with self._lock:
            self._posting_cache[key] = found
            while len(self._posting_cache) > POSTING_CACHE:
                self._posting_cache.popitem(last=False)
        return found

    def _term(self, searcher: Searcher, facts: Facts, fieldname: str, text: str) -> Hits:
        """Rows holding the term and their BM25F scores (as whoosh's default weighting)."""
        n = len(facts)
        matched = np.zeros(n, dtype=bool)
        score = np.zeros(n)
        df = searcher.doc_frequency(fieldname, text)
        if df == 0:
            return matched, score
        # As whoosh's BM25F, counting resources only (not the spelling documents).
        docs = searcher.doc_count_all() - _spell_docs(searcher)
        idf = math.log(docs / (df + 1)) + 1
        avg = searcher.field_length(fieldname) / (docs or 1) or 1
        for sub, _offset in searcher.leaf_searchers():
            reader = sub.reader()
            if reader.segment() is None:  # an empty index
                continue
            docnums, freqs = self._postings(reader, fieldname, text)
            if not len(docnums):
                continue
            rowmap = self._segment_rows(reader, facts)
            rows = rowmap[docnums]
            keep = rows >= 0
            rows, freqs, docnums = rows[keep], freqs[keep], docnums[keep]
            lengths = self._lengths(reader, fieldname)[docnums]
            matched[rows] = True
            score[rows] += idf * freqs * (K1 + 1) / (freqs + K1 * ((1 - B) + B * lengths / avg))
        return matched, score

    def _word(self, searcher: Searcher, facts: Facts, word: str) -> Hits:
        """Any stem of the word in any field, field boosts applied."""
        matched = np.zeros(len(facts), dtype=bool)
        score = np.zeros(len(facts))
        for s in _stems(word):
            for fieldname, boost in FIELD_BOOSTS.items():
                m, sc = self._term(searcher, facts, fieldname, s)
                matched |= m
                score += sc * boost
        return matched, score

    def _cached_group(
        self, searcher: Searcher, facts: Facts, state: tuple[object, ...], group: Group
    ) -> Hits | None:
        """A group's matches, kept while the index segments, their deletions and facts stay."""
        key = (state, group)
        with self._lock:
            known = key in self._group_cache
            if known:
                self._group_cache.move_to_end(key)
                kept = self._group_cache[key]
        if not known:
            hits = self._group(searcher, facts, group)
            kept = (np.flatnonzero(hits[0]), hits[1][hits[0]]) if hits else None
            with self._lock:
                self._group_cache[key] = kept
                self._group_cache_rows += len(kept[0]) if kept else 0
                while self._group_cache_rows > GROUP_CACHE_ROWS and len(self._group_cache) > 1:
                    _, old = self._group_cache.popitem(last=False)
                    self._group_cache_rows -= len(old[0]) if old else 0
            return hits
        if kept is None:  # none of the group's words has a stem, and it names no interest
            return None
        rows, scores = kept
        matched = np.zeros(len(facts), dtype=bool)
        score = np.zeros(len(facts))
        matched[rows] = True
        score[rows] = scores
        return matched, score

    def _group(self, searcher: Searcher, facts: Facts, group: Group) -> Hits | None:
        """Every word of the group, or any interest code it names, or its correction."""
        parts: list[Hits] = []
        words = [self._word(searcher, facts, w) for w in group.words if _stems(w)]
        if words:
            matched = np.logical_and.reduce([m for m, _ in words])
            parts.append((matched, np.where(matched, sum(s for _, s in words), 0.0)))
        for code in sorted(group.codes):
            m, sc = self._term(searcher, facts, "interests", code)
            parts.append((m, sc * 2.0))
        if group.corrected and _stems(group.corrected):
            parts.append(self._word(searcher, facts, group.corrected))
        if not parts:
            return None
        return np.logical_or.reduce([m for m, _ in parts]), np.sum([s for _, s in parts], axis=0)

    def _spellings(self, searcher: Searcher) -> list[str]:
        """Every word of the spelling documents, read once per segment."""
        out: list[str] = []
        for sub, _offset in searcher.leaf_searchers():
            reader = sub.reader()
            if reader.segment() is None:  # an empty index
                continue
            key = (reader.segment().segment_id(), SPELL)  # type: ignore[attr-defined]
            with self._lock:
                cached = self._spelling_words.get(key)
            if cached is None:
                cached = [
                    w.decode() if isinstance(w, bytes) else w for w in reader.lexicon("spell")
                ]
                with self._lock:
                    if len(self._spelling_words) > MAX_SEGMENTS:
                        self._spelling_words.clear()
                    self._spelling_words[key] = cached
            out += cached
        return out

    def _corrections(self, searcher: Searcher, plan: QueryPlan) -> dict[str, str]:
        """Likely spellings of query words the index does not know."""
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
            maxdist = 2 if len(word) > 5 else 1
            found = process.extract(
                word,
                self._spellings(searcher),
                scorer=OSA.distance,
                score_cutoff=maxdist,
                limit=None,
            )
            close = [w for w, _, _ in found if w != word]
            if close:
                # The closest (a swap counts one), then the most used (by stems, all fields).
                fixes[word] = min(close, key=lambda w: (OSA.distance(word, w), -_use(reader, w), w))
        return fixes

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
            plan, groups = self._matches(facts, plan)
            rows = np.zeros(0, dtype=np.int64)
            scores = np.zeros(0)
            if groups:
                # Every group needed; when nothing passes that way, any group (more first).
                for combine in (np.logical_and, np.logical_or):
                    matched = combine.reduce([m for m, _ in groups]) & passing[0]
                    if matched.any() or len(groups) < 2:
                        break
                rows = np.flatnonzero(matched)
                scores = np.sum([s for _, s in groups], axis=0)[rows]
            result = finish(
                facts, filters, sort, page, per_page, (rows, scores), plan, passing, facets
            )
            suggestion = plan.suggestion()
            if suggestion:
                result.suggestions = [suggestion]
            if snippets:
                add_snippets(conn, result, plan, facts)
        return result
