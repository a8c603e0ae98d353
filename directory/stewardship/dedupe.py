"""Likely duplicates of a new resource, ranked on every signal with reasons; adding to one,
merging two. The weighing itself is in directory/stewardship/likeness.py."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import numpy as np
from flask import Flask, current_app
from rapidfuzz import fuzz, process
from sqlalchemy import Connection, select
from sqlmodel import Session

from core.db import stream
from core.times import micros, utcnow
from directory import feed, team_notes
from directory.geo import haversine_km
from directory.models import (
    FLAG_REASON_MAX,
    DirectoryState,
    GazetteerEntry,
    Resource,
    ResourceCreate,
    ResourceHistory,
    ResourceLocation,
    ResourceSession,
    ReviewState,
)
from directory.resources import SCALAR_FIELDS, apply
from directory.stewardship.history import (
    CHILD_FIELDS,
    RECORD_FIELDS,
    TRACKED,
    HistoryError,
    diff,
    full_snapshot,
    record,
    set_fields,
    snapshot,
)
from directory.stewardship.likeness import SHOW_AT, VENUE_KM, Evidence, Slot, core_name, fold, judge
from directory.stewardship.likeness import name_likeness as _likeness
from directory.stewardship.merging import published_change
from directory.stewardship.pending import pending_for
from directory.team_notes import joined

EXTENSION_KEY = "commonground.dedupe"
NAME_ALIKE = 75  # core names this alike are found by name (below it the name is no evidence)
NEARBY_KM = 0.3  # places this close are looked at even when nothing else is alike
LIMIT = 5
NAME_POOL = 20  # name matches considered before ranking
NAME_SHORTLIST = 300  # names sharing the most trigrams with the new one, then scored in full
PLACES_FOR = timedelta(minutes=10)  # how long the gazetteer's place names are kept
JOINED = {"source": 200}  # each team's own notes are joined per team (directory/team_notes.py)
KEEP_FIELDS = {"status", "setting", "how_to_join", "is_public", "organisation_id"}
CONTACTS = ("phone", "email", "website", "organisation")
_RES = Resource.__table__  # type: ignore[attr-defined]
_STATE = DirectoryState.__table__  # type: ignore[attr-defined]
_LOC = ResourceLocation.__table__.c  # type: ignore[attr-defined]
_SESS = ResourceSession.__table__.c  # type: ignore[attr-defined]


def normalise_name(name: str) -> str:
    """Lower-case ASCII words: accents dropped, '&' as 'and', punctuation dropped."""
    return fold(name)


def normalise_phone(phone: str) -> str:
    """Digits only, UK +44 written as 0; '' when too short to compare."""
    digits = re.sub(r"\D", "", phone.replace("(0)", ""))
    if digits.startswith("44") and len(digits) >= 11:
        digits = "0" + digits[2:]
    return digits if len(digits) >= 6 else ""


def normalise_website(url: str) -> str:
    """Host and path, lower case, without scheme, 'www.', query or trailing slash."""
    text = url.strip().lower()
    if not text:
        return ""
    if "//" not in text:
        text = "//" + text
    parts = urlsplit(text)
    host = parts.hostname or ""
    host = host[4:] if host.startswith("www.") else host
    return (host + parts.path.rstrip("/")) if host else ""


def normalise_email(email: str) -> str:
    """An e-mail address trimmed and in lower case."""
    return email.strip().lower()


def normalise_postcode(postcode: str) -> str:
    """A postcode in capitals without spaces ('ls12 3aa' and 'LS123AA' alike)."""
    return re.sub(r"\s+", "", postcode.upper())


NORMALISE = {
    "phone": normalise_phone,
    "email": normalise_email,
    "website": normalise_website,
    "organisation": str.strip,
}


@dataclass
class Draft:
    """What the duplicate check compares: a new entry's name, contacts, places and times."""

    name: str
    phone: str = ""
    url: str = ""
    email: str = ""
    organisation_id: str | None = None
    postcodes: list[str] = field(default_factory=list)
    points: list[tuple[float, float]] = field(default_factory=list)
    sessions: list[tuple[str, str, str]] = field(default_factory=list)  # ("su", "11:00", "14:00")

    @classmethod
    def of(cls, data: ResourceCreate | Resource) -> Draft:
        """The draft of a validated submission, or of a stored resource."""
        return cls(
            name=data.name,
            phone=data.phone,
            url=data.url,
            email=data.email,
            organisation_id=data.organisation_id,
            postcodes=[loc.postcode for loc in data.locations if loc.postcode],
            points=[
                (loc.latitude, loc.longitude)
                for loc in data.locations
                if loc.latitude is not None and loc.longitude is not None
            ],
            sessions=[(s.day, s.start, s.end) for s in data.sessions],
        )


@dataclass
class Candidate:
    """A resource that may be the same thing: how strongly (bits of evidence), why, what differs."""

    resource_id: str
    score: float
    reasons: list[str]
    differences: list[str] = field(default_factory=list)

    @property
    def reason_text(self) -> str:
        """The reasons joined for display."""
        return " · ".join(self.reasons)

    @property
    def difference_text(self) -> str:
        """What differs, joined for display."""
        return " · ".join(self.differences)

    def quote_names(self, theirs: str, mine: str) -> None:
        """Say which two names are alike."""
        self.reasons = [
            f"{r}: “{theirs}” / “{mine}”" if r.startswith("name ") else r for r in self.reasons
        ]


_SYMBOLS = 37  # space, a-z, 0-9: all a normalised name holds
_SYMBOL = np.zeros(256, dtype=np.int32)
_SYMBOL[np.frombuffer(b"abcdefghijklmnopqrstuvwxyz0123456789", dtype=np.uint8)] = np.arange(1, 37)
_GRAMS = _SYMBOLS**3
LOAD_CHUNK = 5000  # rows read and turned into arrays at a time, so no full list of rows exists
MERGE_AT = 50_000  # postings added since the last full build before they are merged into it


def gram_codes(names: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Each normalised name's distinct word trigrams as ints, as (name index, code) pairs."""
    # Words are padded as pg_trgm does ("  word "), so word order does not matter.
    padded = ["".join(f"  {word} " for word in name.split()) for name in names]
    text = np.frombuffer("".join(padded).encode("ascii"), dtype=np.uint8)
    if len(text) < 3:
        return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.int32)
    symbol = _SYMBOL[text]
    owner = np.repeat(np.arange(len(names), dtype=np.int64), [len(p) for p in padded])
    codes = symbol[:-2] * _SYMBOLS**2 + symbol[1:-1] * _SYMBOLS + symbol[2:]
    # A piece ending in two spaces spans two words (or two names): not a trigram of either.
    inside = (symbol[1:-1] != 0) | (symbol[2:] != 0)
    keys = np.sort(owner[:-2][inside] * _GRAMS + codes[inside])
    keys = keys[np.r_[True, keys[1:] != keys[:-1]]]  # np.unique, without its slow hashing
    return (keys // _GRAMS).astype(np.int32), (keys % _GRAMS).astype(np.int32)


def _code(value: str) -> int:
    """A 64-bit code standing for a phone, website or postcode string (0 for none)."""
    # Python's string hash, stable within this process: two different values sharing one is
    # about as likely as 2**-64 per pair, so no table of every string need be kept.
    return (hash(value) or 1) if value else 0


def _columns(conn: Connection, query: Any, width: int) -> Iterator[list[list[Any]]]:
    """A query's rows as lists of column values, LOAD_CHUNK rows at a time."""
    # Plain column lists, not kept row objects: rows that outlive a young garbage collection
    # would be scanned again by every later one, slowing a 100k-row load by half.
    columns: list[list[Any]] = [[] for _ in range(width)]
    for row in stream(conn, query):
        for column, value in zip(columns, row, strict=True):
            column.append(value)
        if len(columns[0]) >= LOAD_CHUNK:
            yield columns
            columns = [[] for _ in range(width)]
    if columns[0]:
        yield columns


def _rank(shared: np.ndarray, sizes: np.ndarray, query_size: int) -> np.ndarray:
    """How promising each name is from its shared trigrams: contained in, or alike as a whole."""
    return shared / np.minimum(sizes, query_size) + 2 * shared / (sizes + query_size)


def _grown(old: np.ndarray, values: Any, dtype: Any) -> np.ndarray:
    """An array with values appended (a new array: readers may hold the old one)."""
    return np.concatenate([old, np.asarray(values, dtype=dtype)])


class CandidateIndex:
    """Per-process arrays of every resource's normalised name, contacts, places and times."""

    # Only ever appended to: a changed resource gets a new position and its old one is marked
    # dead, so a refresh costs in proportion to what changed, not to the size of the directory.
    # Kept compact (bench/memory.py): ids as fixed-width bytes, names as one ASCII byte string,
    # contacts and postcodes as 64-bit codes, trigram postings as one array grouped by trigram
    # (plus those added since, merged in now and then), and no Python object per resource.

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self._clear()

    def _clear(self) -> None:
        """Forget everything."""
        self.seq = -1  # the change feed's position the index reflects (directory/feed.py)
        self.places: frozenset[str] = frozenset()  # the gazetteer's place names, folded
        self.places_read: datetime | None = None
        self.ids = np.zeros(0, dtype="S36")  # the resource id at each position, UTF-8
        self.live_ids = np.zeros(0, dtype="S36")  # live resources' ids, sorted
        self.live_pos = np.zeros(0, dtype=np.int32)  # and their positions
        self.text = bytearray()  # every normalised name, one after another
        self.starts = np.zeros(1, dtype=np.int64)  # name i is text[starts[i]:starts[i + 1]]
        self.stamps = np.zeros(0, dtype=np.int64)  # updated_at, microseconds
        self.alive = np.zeros(0, dtype=bool)
        self.contact = {key: np.zeros(0, dtype=np.int64) for key in CONTACTS}
        self.gram_count = np.zeros(0, dtype=np.int32)
        # Positions of the names holding trigram g: gram_pos[gram_start[g]:gram_start[g + 1]].
        self.gram_start = np.zeros(_GRAMS + 1, dtype=np.int64)
        self.gram_pos = np.zeros(0, dtype=np.int32)
        self.new_pos = np.zeros(0, dtype=np.int32)  # postings added since, and their trigrams
        self.new_code = np.zeros(0, dtype=np.uint16)
        self.loc_owner = np.zeros(0, dtype=np.int32)
        self.loc_postcode = np.zeros(0, dtype=np.int64)
        self.loc_lat = np.zeros(0, dtype=float)  # NaN where a place has no coordinates
        self.loc_lon = np.zeros(0, dtype=float)
        self.sess_owner = np.zeros(0, dtype=np.int32)
        self.sess_slot = np.zeros((0, 3), dtype=np.int16)  # day (Monday 0), start, end minutes

    def __len__(self) -> int:
        return len(self.live_ids)

    def resource_id(self, pos: int) -> str:
        """The resource id at a position."""
        return bytes(self.ids[pos]).decode()

    def name(self, pos: int) -> str:
        """The normalised name at a position."""
        return self.text[self.starts[pos] : self.starts[pos + 1]].decode("ascii")

    @property
    def names(self) -> list[str]:
        """Every position's normalised name, dead ones included (for benchmarks)."""
        return [self.name(pos) for pos in range(len(self.ids))]

    def core(self, folded: str) -> str:
        """A folded name's core words (no generic words, no place names)."""
        return core_name(folded, self.places)

    def find(self, resource_ids: Sequence[str]) -> np.ndarray:
        """The live position of each resource id, -1 for those not live here."""
        keys = np.array([rid.encode() for rid in resource_ids], dtype=bytes)
        if not len(self.live_ids) or not len(keys):
            return np.full(len(keys), -1, dtype=np.int32)
        at = np.minimum(np.searchsorted(self.live_ids, keys), len(self.live_ids) - 1)
        return np.where(self.live_ids[at] == keys, self.live_pos[at], -1).astype(np.int32)

    def refresh(self, session: Session) -> None:
        """Catch up with resources added, changed or deleted since the feed position seen."""
        conn = session.connection()
        latest = feed.latest(conn)
        if latest == self.seq and not self._places_due():
            return
        with self.lock:
            if self._places_due():
                self._read_places(conn)
            if latest == self.seq:
                return
            catch = (
                feed.since(conn, self.seq) if self.seq >= 0 else feed.Catch(latest, everything=True)
            )
            if catch.everything or len(self.ids) > 2 * len(self) + 1000:
                # First use, a feed that went back (a restore) or was pruned past us, one that
                # says everything changed, or mostly dead positions.
                self._clear()
                self._read_places(conn)
                self.seq = latest  # read first: a change after it has a later seq
                self._load_all(conn)
                return
            seq, changed, gone = catch.last, catch.changed, catch.deleted
            self._forget(self.find(sorted(gone)))
            ids = sorted(changed)
            for start in range(0, len(ids), 500):
                rows = self._select(conn, _RES.c.id.in_(ids[start : start + 500]))
                self._forget(
                    self.find(sorted(set(ids[start : start + 500]) - {r.id for r in rows}))
                )
                self._load(conn, rows)
            self.seq = seq

    def _places_due(self) -> bool:
        """Whether the gazetteer's place names are old enough to read again."""
        return self.places_read is None or utcnow() - self.places_read > PLACES_FOR

    def _read_places(self, conn: Connection) -> None:
        """The gazetteer's place names (not postcodes), folded, so names can set them aside."""
        table = GazetteerEntry.__table__.c  # type: ignore[attr-defined]
        rows = conn.execute(select(table.name).where(table.kind == "place")).scalars()
        self.places = frozenset(filter(None, (fold(name) for name in rows)))
        self.places_read = utcnow()

    _COLUMNS = ("id", "name", "phone", "email", "url", "organisation_id", "updated_at")

    def _select(self, conn: Connection, where: Any) -> list[Any]:
        """Resource rows with what the check compares."""
        query = select(*(_RES.c[name] for name in self._COLUMNS))
        return list(conn.execute(query if where is None else query.where(where)).all())

    def _load_all(self, conn: Connection) -> None:
        """Read every resource, then every place and time, LOAD_CHUNK rows at a time."""
        query = select(*(_RES.c[name] for name in self._COLUMNS))
        pending: list[tuple[np.ndarray, np.ndarray]] = []
        for part in _columns(conn, query, len(self._COLUMNS)):
            pending.append(self._append(*part))
        self.new_pos = np.concatenate([self.new_pos, *(p for p, _ in pending)])
        self.new_code = np.concatenate([self.new_code, *(c for _, c in pending)])
        del pending
        self._load_children(conn, None)
        self._merge_postings()

    def _load_children(self, conn: Connection, ids: list[str] | None) -> None:
        """Read the places and times of some resources (all when ids is None)."""
        places = select(_LOC.resource_id, _LOC.postcode, _LOC.latitude, _LOC.longitude)
        times = select(_SESS.resource_id, _SESS.day, _SESS.start, _SESS.end)
        for query, owner, add in (
            (places, _LOC, self._add_places),
            (times, _SESS, self._add_times),
        ):
            wheres = (
                [None]
                if ids is None
                else [owner.resource_id.in_(ids[i : i + 500]) for i in range(0, len(ids), 500)]
            )
            for where in wheres:
                for part in _columns(conn, query if where is None else query.where(where), 4):
                    add(*part)

    def _forget(self, positions: np.ndarray) -> None:
        """Mark positions dead (-1s are ignored)."""
        positions = positions[positions >= 0]
        if len(positions):
            self.alive[positions] = False
            keep = self.alive[self.live_pos]
            self.live_ids, self.live_pos = self.live_ids[keep], self.live_pos[keep]

    def _load(self, conn: Connection, rows: list[Any]) -> None:
        """Give new or changed resources new positions; unchanged ones are skipped."""
        if not rows:
            return
        known = self.find([row.id for row in rows])
        stamps = np.array([micros(row.updated_at, -1) for row in rows], dtype=np.int64)
        # An index built over an empty directory has no stamps to look at yet.
        kept = self.stamps[np.maximum(known, 0)] if len(self.stamps) else stamps - 1
        fresh = (known < 0) | (kept != stamps)
        rows = [row for row, new in zip(rows, fresh.tolist(), strict=True) if new]
        if not rows:
            return
        self._forget(known[fresh])
        columns = [[getattr(row, name) for row in rows] for name in self._COLUMNS]
        pos, codes = self._append(*columns)
        self.new_pos = np.concatenate([self.new_pos, pos])
        self.new_code = np.concatenate([self.new_code, codes])
        self._load_children(conn, columns[0])
        if len(self.new_pos) > MERGE_AT:
            self._merge_postings()

    def _append(
        self,
        ids: list[str],
        names: list[str],
        phones: list[str | None],
        emails: list[str | None],
        urls: list[str | None],
        organisations: list[str | None],
        stamps: list[datetime | None],
    ) -> tuple[np.ndarray, np.ndarray]:
        """Give resources the next positions; return their (position, trigram) postings."""
        start = len(self.ids)
        keys = np.array([rid.encode() for rid in ids], dtype=bytes)
        if keys.dtype.itemsize > self.live_ids.dtype.itemsize:  # a longer id than any so far
            self.live_ids = self.live_ids.astype(keys.dtype)
        self.ids = np.concatenate([self.ids, keys])
        order = np.argsort(keys, kind="stable")
        at = np.searchsorted(self.live_ids, keys[order])
        self.live_ids = np.insert(self.live_ids, at, keys[order])
        self.live_pos = np.insert(self.live_pos, at, order.astype(np.int32) + start)
        names = [normalise_name(name) for name in names]
        encoded = [name.encode("ascii") for name in names]
        self.text += b"".join(encoded)
        ends = np.cumsum([len(e) for e in encoded], dtype=np.int64) + self.starts[-1]
        self.starts = np.concatenate([self.starts, ends])
        self.stamps = _grown(self.stamps, [micros(s, -1) for s in stamps], np.int64)
        for key, values in zip(CONTACTS, (phones, emails, urls, organisations), strict=True):
            hashed = [_code(NORMALISE[key](v or "")) for v in values]
            self.contact[key] = _grown(self.contact[key], hashed, np.int64)
        self.alive = _grown(self.alive, np.ones(len(ids), dtype=bool), bool)
        owner, codes = gram_codes(names)
        counts = np.bincount(owner, minlength=len(ids))
        self.gram_count = _grown(self.gram_count, counts, np.int32)
        return owner + np.int32(start), codes.astype(np.uint16)

    def _add_places(
        self,
        resource_ids: list[str],
        postcodes: list[str | None],
        lats: list[float | None],
        lons: list[float | None],
    ) -> None:
        """Add the places of resources live here (others' places are skipped)."""
        owners = self.find(resource_ids)
        keep = (owners >= 0).tolist()
        if not any(keep):
            return
        self.loc_owner = np.concatenate([self.loc_owner, owners[owners >= 0]])
        codes = [
            _code(normalise_postcode(p or "")) for p, k in zip(postcodes, keep, strict=True) if k
        ]
        self.loc_postcode = _grown(self.loc_postcode, codes, np.int64)
        for name, values in (("loc_lat", lats), ("loc_lon", lons)):
            kept = [np.nan if v is None else v for v, k in zip(values, keep, strict=True) if k]
            setattr(self, name, _grown(getattr(self, name), kept, float))

    def _add_times(
        self, resource_ids: list[str], days: list[str], starts: list[str], ends: list[str]
    ) -> None:
        """Add the meeting times of resources live here."""
        owners = self.find(resource_ids)
        slots = []
        for owner, day, start, end in zip(owners.tolist(), days, starts, ends, strict=True):
            if owner >= 0:
                try:
                    slot = Slot.of(day, start, end)
                except ValueError:  # a malformed imported time is no evidence
                    continue
                slots.append((owner, slot.day, slot.start, slot.end))
        if slots:
            block = np.array(slots, dtype=np.int32)
            self.sess_owner = np.concatenate([self.sess_owner, block[:, 0]])
            self.sess_slot = np.concatenate([self.sess_slot, block[:, 1:].astype(np.int16)])

    def _merge_postings(self) -> None:
        """Fold the postings added since into the array grouped by trigram, a slice at a time."""
        if not len(self.new_pos):
            return
        old_start, old_pos = self.gram_start, self.gram_pos
        old_counts = np.diff(old_start)
        start = np.zeros(_GRAMS + 1, dtype=np.int64)
        np.cumsum(old_counts + np.bincount(self.new_code, minlength=_GRAMS), out=start[1:])
        merged = np.empty(int(start[-1]), dtype=np.int32)
        step = 1 << 18
        for first in range(0, len(old_pos), step):  # each trigram's old block moves as a whole
            at = np.arange(first, min(first + step, len(old_pos)))
            gram = np.searchsorted(old_start, at, side="right") - 1
            merged[at + (start[gram] - old_start[gram])] = old_pos[first : first + step]
        cursor = start[:-1] + old_counts  # where each trigram's next new posting goes
        for first in range(0, len(self.new_pos), step):
            codes = self.new_code[first : first + step]
            order = np.argsort(codes, kind="stable")  # positions stay ascending per trigram
            sorted_codes = codes[order]
            rank = np.arange(len(codes)) - np.searchsorted(sorted_codes, sorted_codes)
            merged[cursor[sorted_codes] + rank] = self.new_pos[first : first + step][order]
            cursor += np.bincount(codes, minlength=_GRAMS)
        self.gram_start, self.gram_pos = start, merged
        self.new_pos = np.zeros(0, dtype=np.int32)
        self.new_code = np.zeros(0, dtype=np.uint16)

    def similar_names(self, query: str) -> list[tuple[int, float]]:
        """Positions of names whose core words are at least NAME_ALIKE alike, best first."""
        # At most NAME_POOL of them; `query` is a folded name.
        core = self.core(query)
        wanted = gram_codes([core])[1]
        lists = [self.gram_pos[self.gram_start[g] : self.gram_start[g + 1]] for g in wanted]
        if len(self.new_pos):
            lists.append(self.new_pos[np.isin(self.new_code, wanted)])
        if not sum(len(x) for x in lists):
            return []
        hits = np.bincount(np.concatenate(lists), minlength=len(self.ids))
        pos = np.flatnonzero(hits)
        pos = pos[self.alive[pos]]
        if len(pos) > NAME_SHORTLIST:
            rank = _rank(hits[pos], self.gram_count[pos], len(wanted))
            pos = pos[np.argpartition(-rank, NAME_SHORTLIST)[:NAME_SHORTLIST]]
        shortlist = [self.core(self.name(p)) for p in pos.tolist()]
        # name_likeness for the whole shortlist at once, in rapidfuzz's C code.
        scores = (
            sum(
                process.cdist([core], shortlist, scorer=scorer, processor=None, dtype=np.float64)[0]
                for scorer in (fuzz.token_sort_ratio, fuzz.token_set_ratio)
            )
            / 2
        )
        keep = np.flatnonzero(scores >= NAME_ALIKE)
        keep = keep[np.lexsort((keep, -scores[keep]))][:NAME_POOL]
        return [(int(pos[i]), float(scores[i])) for i in keep.tolist()]

    def check(self, draft: Draft, exclude: str | None = None) -> list[Candidate]:
        """Likely duplicates of the draft (evidence at least SHOW_AT), best first."""
        query = normalise_name(draft.name)
        contacts = {
            key: _code(NORMALISE[key](value or ""))
            for key, value in zip(
                CONTACTS, (draft.phone, draft.email, draft.url, draft.organisation_id), strict=True
            )
        }
        with self.lock:  # a refresh replaces the arrays this reads
            by_name = dict(self.similar_names(query)) if query else {}
            near, at_venue, venue = self._near(draft)
            found = set(by_name) | near
            for key, code in contacts.items():
                if code:
                    found.update(np.flatnonzero(self.contact[key] == code).tolist())
            if exclude:
                found.discard(int(self.find([exclude])[0]))
            at = np.array(sorted(p for p in found if self.alive[p]), dtype=np.int64)
            if not len(at):
                return []
            evidence = self._evidence(at, draft, contacts, at_venue)
            self._together(at, evidence, contacts, venue)
            core = self.core(query)
            candidates = []
            for pos, facts in zip(at.tolist(), evidence, strict=True):
                if query:
                    facts.name = by_name.get(pos)
                    if facts.name is None:
                        facts.name = _likeness(core, self.core(self.name(pos)))
                verdict = judge(facts)
                if verdict.bits >= SHOW_AT:
                    candidates.append(
                        Candidate(
                            self.resource_id(pos),
                            verdict.bits,
                            verdict.reasons,
                            verdict.differences,
                        )
                    )
        candidates.sort(key=lambda c: (-c.score, c.resource_id))
        return candidates[:LIMIT]

    def _near(self, draft: Draft) -> tuple[set[int], int, set[int]]:
        """Positions near the draft, how many are within VENUE_KM of it, and those at the venue."""
        # Near: a place at one of the draft's postcodes or within NEARBY_KM of one of its points.
        # The count is of those with a place within VENUE_KM of a point; at the venue: at a
        # postcode, or within VENUE_KM.
        found: set[int] = set()
        for postcode in draft.postcodes:
            found.update(self._at_postcode(_code(normalise_postcode(postcode))).tolist())
        venue = set(found)
        at_venue: set[int] = set()
        for lat, lon in draft.points:
            # A cheap box first (about 300 m each way), then exact distances inside it.
            box = (np.abs(self.loc_lat - lat) < 0.003) & (np.abs(self.loc_lon - lon) < 0.005)
            idx = np.flatnonzero(box)
            km = haversine_km(lat, lon, self.loc_lat[idx], self.loc_lon[idx])
            owners = self.loc_owner[idx]
            alive = self.alive[owners]
            found.update(owners[(km <= NEARBY_KM) & alive].tolist())
            at_venue.update(owners[(km <= VENUE_KM) & alive].tolist())
        return found, len(at_venue), venue | at_venue

    def _at_postcode(self, code: int) -> np.ndarray:
        """Live positions with a place at a postcode (by code), each once."""
        if not code:
            return np.zeros(0, dtype=np.int32)
        owners = self.loc_owner[self.loc_postcode == code]
        return np.unique(owners[self.alive[owners]])

    def _evidence(
        self, at: np.ndarray, draft: Draft, contacts: dict[str, int], at_venue: int
    ) -> list[Evidence]:
        """What the draft and the resources at these positions have in common."""
        mine = [Slot.of(*s) for s in draft.sessions]
        facts = [Evidence(live=len(self), mine=mine) for _ in range(len(at))]
        row_of = {pos: i for i, pos in enumerate(at.tolist())}
        for key, code in contacts.items():
            if code:
                self._shared_contact(at, facts, key, code)
        self._places(at, facts, row_of, draft)
        for fact in facts:
            if fact.venue_count is None and fact.km is not None and fact.km <= VENUE_KM:
                fact.venue_count = at_venue
                fact.venue_words = f"{round(fact.km * 1000)} m apart"
        for row in np.flatnonzero(np.isin(self.sess_owner, at)).tolist():
            day, start, end = self.sess_slot[row].tolist()
            facts[row_of[int(self.sess_owner[row])]].theirs.append(Slot(day, start, end))
        return facts

    def _shared_contact(self, at: np.ndarray, facts: list[Evidence], key: str, code: int) -> None:
        """Mark who shares this contact (and with how many), and who has a different one."""
        column = self.contact[key][at]
        count = int(np.count_nonzero((self.contact[key] == code) & self.alive))
        for i in np.flatnonzero(column == code).tolist():
            facts[i].shared[key] = count
        for i in np.flatnonzero((column != code) & (column != 0)).tolist():
            if key == "organisation":
                facts[i].organisation_differs = True
            else:
                facts[i].contact_differs = True

    def _places(
        self, at: np.ndarray, facts: list[Evidence], row_of: dict[int, int], draft: Draft
    ) -> None:
        """The same postcode as the draft (and how many meet there), and the nearest distance."""
        wanted = {_code(normalise_postcode(p)): p for p in draft.postcodes}
        # Counted once per postcode: a busy venue's every record would otherwise scan them all.
        meeting = {code: len(self._at_postcode(code)) for code in wanted if code}
        for row in np.flatnonzero(np.isin(self.loc_owner, at)).tolist():
            fact = facts[row_of[int(self.loc_owner[row])]]
            code = int(self.loc_postcode[row])
            if code in meeting:
                fact.venue_count = meeting[code]
                fact.venue_words = wanted[code]
            lat, lon = float(self.loc_lat[row]), float(self.loc_lon[row])
            if draft.points and not np.isnan(lat):
                lats, lons = zip(*draft.points, strict=True)
                km = float(np.min(haversine_km(lat, lon, np.array(lats), np.array(lons))))
                fact.km = km if fact.km is None else min(fact.km, km)

    def _together(
        self, at: np.ndarray, facts: list[Evidence], contacts: dict[str, int], venue: set[int]
    ) -> None:
        """For records sharing a contact and the venue: how many hold both (they go together)."""
        for fact in facts:
            if fact.shared and fact.venue_count is not None:
                key = max(fact.shared, key=lambda k: fact.shared[k])
                holders = np.flatnonzero((self.contact[key] == contacts[key]) & self.alive)
                fact.venue_and_contact = len(venue.intersection(holders.tolist()))


def get_index(app: Flask | None = None) -> CandidateIndex:
    """This process's candidate index for the app."""
    app = app or current_app
    index: CandidateIndex | None = app.extensions.get(EXTENSION_KEY)
    if index is None:
        index = app.extensions.setdefault(EXTENSION_KEY, CandidateIndex())
    return index


def find_duplicates(session: Session, draft: Draft, exclude: str | None = None) -> list[Candidate]:
    """Likely duplicates of a draft among the directory's resources, best first."""
    index = get_index()
    index.refresh(session)
    found = index.check(draft, exclude)
    if found:
        table = _RES.c
        ids = [c.resource_id for c in found]
        query = select(table.id, table.name).where(table.id.in_(ids))
        names: dict[str, str] = {row.id: row.name for row in session.connection().execute(query)}
        for candidate in found:
            candidate.quote_names(names.get(candidate.resource_id, ""), draft.name)
    return found


# --- adding to an existing record, and merging two ------------------------------------------


def _fuller(a: Any, b: Any) -> Any:
    """The value with more in it (the first when equal)."""
    if isinstance(a, str) and isinstance(b, str):
        return b if len(b.strip()) > len(a.strip()) else a
    return a if a not in (None, "") else b


def _place_key(row: dict[str, Any]) -> tuple[str, str]:
    where = (
        row.get("postcode") or row.get("address") or f"{row.get('latitude')},{row.get('longitude')}"
    )
    return (str(where).lower(), str(row.get("name") or "").lower())


def combined(keep: dict[str, Any], other: dict[str, Any]) -> dict[str, Any]:
    """Two snapshots as one: fuller values, provenance joined, child rows deduplicated."""
    result = dict(keep)
    for name in SCALAR_FIELDS:
        if name in JOINED:
            result[name] = joined(keep[name] or "", other.get(name) or "", JOINED[name])
        elif name in KEEP_FIELDS:
            result[name] = keep[name] if keep[name] not in (None, "") else other.get(name)
        else:
            result[name] = _fuller(keep[name], other.get(name))
    result["flagged_changed"] = bool(keep["flagged_changed"] or other.get("flagged_changed"))
    reasons = (keep.get("flag_reason") or "", other.get("flag_reason") or "")
    result["flag_reason"] = joined(*reasons, FLAG_REASON_MAX) if result["flagged_changed"] else ""
    for name in CHILD_FIELDS:
        rows = list(keep[name])
        if name == "locations":
            seen = {_place_key(r) for r in rows}
            rows += [r for r in other.get(name, []) if _place_key(r) not in seen]
        else:
            rows += [r for r in other.get(name, []) if r not in rows]
        result[name] = rows
    return result


def add_to_existing(
    session: Session,
    existing: Resource,
    data: ResourceCreate,
    user_id: int | None,
    team_id: int | None = None,
) -> ResourceHistory | None:
    """Add a new submission's information and times to an existing record."""
    # Its notes go to the submitting team's own notes.
    scratch = apply(Resource(name=data.name), data)  # a detached copy, never saved
    before = snapshot(existing)
    merged = combined(before, snapshot(scratch))
    merged["name"] = before["name"]  # the existing record's name stands
    set_fields(existing, merged)
    changes = diff(before, snapshot(existing))
    notes = team_notes.add_to(session, existing.id, team_id, user_id, team_notes.given(data))
    if not changes:
        return notes
    return record(session, existing.id, "add-to", user_id, changes)


def merge_resources(
    session: Session,
    keep: Resource,
    remove: Resource,
    user_id: int | None,
    values: dict[str, Any] | None = None,
) -> ResourceHistory:
    """Fold `remove` into `keep` (with `values` as chosen, else the fuller of each); delete it."""
    # keep goes back to "needs checking" if a published fact changed. History can undo it.
    if keep.id == remove.id:
        raise HistoryError("a resource cannot be merged with itself")
    removed = full_snapshot(remove)
    before = snapshot(keep)
    merged = values if values is not None else combined(before, snapshot(remove))
    # Before the delete: each team's notes move over (a team's two sets of notes are joined),
    # and so do changes waiting for confirmation.
    removed.update(team_notes.merge(session, keep, remove))
    if remove.has_pending:
        for change in pending_for(session, remove.id):
            change.resource_id = keep.id
            session.add(change)
        keep.has_pending = True
    set_fields(keep, merged)
    if published_change(before, snapshot(keep)):
        keep.review_state = ReviewState.NEEDS_CHECKING.value
    changes = diff(before, snapshot(keep))
    session.delete(remove)
    entry = record(
        session, keep.id, "merge", user_id, changes, removed=removed, related_id=remove.id
    )
    record(session, remove.id, "merged-into", user_id, [], related_id=keep.id)
    session.flush()
    return entry


def undo_merge(session: Session, entry: ResourceHistory, user_id: int | None) -> ResourceHistory:
    """Bring the removed record back exactly and revert the kept one."""
    if entry.action != "merge" or not entry.removed:
        raise HistoryError("that entry is not a merge")
    if entry.undone_at is not None:
        raise HistoryError("that merge has already been undone")
    removed = entry.removed
    if session.get(Resource, removed["id"]) is not None:
        raise HistoryError("the merged-away record is already back in the directory")
    keep = session.get(Resource, entry.resource_id)
    if keep is None:
        raise HistoryError("the kept record is no longer in the directory")
    before = snapshot(keep)
    set_fields(keep, {c["field"]: c["before"] for c in entry.changes})
    undo = record(session, keep.id, "undo-merge", user_id, diff(before, snapshot(keep)))
    undo.related_id = removed["id"]
    restored = Resource(id=removed["id"], name=removed["name"])
    # A merge saved before a field existed (flag_reason) leaves it at its default.
    set_fields(restored, {k: removed[k] for k in TRACKED if k in removed})
    for name in RECORD_FIELDS:
        value = removed[name]
        if name.endswith("_at") and isinstance(value, str):
            value = datetime.fromisoformat(value)
        setattr(restored, name, value)
    session.add(restored)
    team_notes.undo_merge(session, keep, restored, removed)
    record(session, restored.id, "undo-merge", user_id, [], related_id=keep.id)
    entry.undone_at = utcnow()
    session.add(entry)
    session.flush()
    return undo
