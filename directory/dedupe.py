"""Likely duplicates of a new resource (name, place, phone, website), adding to one, merging two."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import numpy as np
from flask import Flask, current_app
from rapidfuzz import fuzz, process
from sqlalchemy import Connection, func, select
from sqlmodel import Session

from directory import team_notes
from directory.geo import haversine_km
from directory.history import (
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
from directory.models import (
    DirectoryState,
    Resource,
    ResourceCreate,
    ResourceHistory,
    ResourceLocation,
    utcnow,
)
from directory.resources import SCALAR_FIELDS, apply
from directory.search.common import stream
from directory.team_notes import joined

EXTENSION_KEY = "commonground.dedupe"
NAME_ALONE = 88  # a name this alike is worth showing on its own
NAME_WITH_PLACE = 60  # a name this alike is worth showing when the place matches too
NEARBY_KM = 0.3
LIMIT = 5
NAME_POOL = 20  # name matches considered before ranking
NAME_SHORTLIST = 300  # names sharing the most trigrams with the new one, then scored in full
# Another process stamps updated_at at flush and commits a little later, by its own clock.
WATERMARK_SLACK = timedelta(seconds=10)
JOINED = {"source": 200}  # each team's own notes are joined per team (directory/team_notes.py)
KEEP_FIELDS = {"status", "setting", "how_to_join", "is_public", "organisation_id"}
_NON_WORD = re.compile(r"[^a-z0-9]+")
_RES = Resource.__table__  # type: ignore[attr-defined]
_STATE = DirectoryState.__table__  # type: ignore[attr-defined]


def normalise_name(name: str) -> str:
    """Lower case, '&' as 'and', punctuation dropped, no leading 'the'."""
    text = _NON_WORD.sub(" ", name.lower().replace("&", " and ")).strip()
    return text[4:] if text.startswith("the ") else text


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


@dataclass
class Draft:
    """What the duplicate check compares: a new entry's name, contact and places."""

    name: str
    phone: str = ""
    url: str = ""
    postcodes: list[str] = field(default_factory=list)
    points: list[tuple[float, float]] = field(default_factory=list)

    @classmethod
    def of(cls, data: ResourceCreate) -> Draft:
        """The draft of a validated submission."""
        return cls(
            name=data.name,
            phone=data.phone,
            url=data.url,
            postcodes=[loc.postcode for loc in data.locations if loc.postcode],
            points=[
                (loc.latitude, loc.longitude)
                for loc in data.locations
                if loc.latitude is not None and loc.longitude is not None
            ],
        )


@dataclass
class Candidate:
    """A resource that may be the same thing, and why."""

    resource_id: str
    score: float
    reasons: list[str]

    @property
    def reason_text(self) -> str:
        """The reasons joined for display."""
        return " · ".join(self.reasons)


_SYMBOLS = 37  # space, a-z, 0-9: all a normalised name holds
_SYMBOL = np.zeros(256, dtype=np.int32)
_SYMBOL[np.frombuffer(b"abcdefghijklmnopqrstuvwxyz0123456789", dtype=np.uint8)] = np.arange(1, 37)
_GRAMS = _SYMBOLS**3
LOAD_CHUNK = 5000  # rows read and turned into arrays at a time, so no full list of rows exists
MERGE_AT = 50_000  # postings added since the last full build before they are merged into it


def gram_codes(names: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Each normalised name's distinct word trigrams as ints, as (name index, code) pairs.

    Words are padded as pg_trgm does ("  word "), so word order does not matter.
    """
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


def _micros(value: datetime | None) -> int:
    """A timestamp as microseconds since the epoch (naive ones are UTC); -1 for none."""
    if value is None:
        return -1
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return (value - _EPOCH) // timedelta(microseconds=1)


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _columns(conn: Connection, query: Any, width: int) -> Iterator[list[list[Any]]]:
    """A query's rows as lists of column values, LOAD_CHUNK rows at a time.

    Plain column lists, not kept row objects: rows that outlive a young garbage collection
    would be scanned again by every later one, slowing a 100k-row load by half.
    """
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
    """Per-process arrays of every resource's normalised name, phone, website and places.

    Only ever appended to: a changed resource gets a new position and its old one is marked
    dead, so a refresh costs in proportion to what changed, not to the size of the directory.
    Kept compact (bench/memory.py): ids as fixed-width bytes, names as one ASCII byte string,
    contacts and postcodes as 64-bit codes, trigram postings as one array grouped by trigram
    (plus those added since, merged in now and then), and no Python object per resource.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self._clear()

    def _clear(self) -> None:
        """Forget everything."""
        self.version = -1
        self.watermark: datetime | None = None  # when the last refresh began
        self.ids = np.zeros(0, dtype="S36")  # the resource id at each position, UTF-8
        self.live_ids = np.zeros(0, dtype="S36")  # live resources' ids, sorted
        self.live_pos = np.zeros(0, dtype=np.int32)  # and their positions
        self.text = bytearray()  # every normalised name, one after another
        self.starts = np.zeros(1, dtype=np.int64)  # name i is text[starts[i]:starts[i + 1]]
        self.stamps = np.zeros(0, dtype=np.int64)  # updated_at, microseconds
        self.alive = np.zeros(0, dtype=bool)
        self.phone = np.zeros(0, dtype=np.int64)
        self.host = np.zeros(0, dtype=np.int64)
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

    def find(self, resource_ids: Sequence[str]) -> np.ndarray:
        """The live position of each resource id, -1 for those not live here."""
        keys = np.array([rid.encode() for rid in resource_ids], dtype=bytes)
        if not len(self.live_ids) or not len(keys):
            return np.full(len(keys), -1, dtype=np.int32)
        at = np.minimum(np.searchsorted(self.live_ids, keys), len(self.live_ids) - 1)
        return np.where(self.live_ids[at] == keys, self.live_pos[at], -1).astype(np.int32)

    def refresh(self, session: Session) -> None:
        """Catch up with resources added, changed or deleted since the version last seen."""
        conn = session.connection()
        version = int(conn.execute(select(_STATE.c.version)).scalar() or 0)
        if version == self.version:
            return
        with self.lock:
            if version == self.version:
                return
            started = utcnow()
            if self.watermark is None or len(self.ids) > 2 * len(self) + 1000:
                self._clear()  # first use, or mostly dead positions: start again
                self._load_all(conn)
            else:
                changed = _RES.c.updated_at >= self.watermark - WATERMARK_SLACK
                self._load(conn, self._select(conn, changed))
            count = conn.execute(select(func.count()).select_from(_RES)).scalar_one()
            if count != len(self):
                self._reconcile(conn)
            # Rows committed after these reads were stamped at about `started` or later.
            self.watermark = started
            self.version = version

    def _select(self, conn: Connection, where: Any) -> list[Any]:
        """Resource rows with what the check compares."""
        c = _RES.c
        query = select(c.id, c.name, c.phone, c.url, c.updated_at)
        return list(conn.execute(query if where is None else query.where(where)).all())

    def _load_all(self, conn: Connection) -> None:
        """Read every resource, then every place, LOAD_CHUNK rows at a time."""
        c = _RES.c
        query = select(c.id, c.name, c.phone, c.url, c.updated_at)
        pending: list[tuple[np.ndarray, np.ndarray]] = []
        for part in _columns(conn, query, 5):
            pending.append(self._append(*part))
        self.new_pos = np.concatenate([self.new_pos, *(p for p, _ in pending)])
        self.new_code = np.concatenate([self.new_code, *(c for _, c in pending)])
        del pending
        loc = ResourceLocation.__table__.c  # type: ignore[attr-defined]
        query = select(loc.resource_id, loc.postcode, loc.latitude, loc.longitude)
        for part in _columns(conn, query, 4):
            self._add_places(*part)
        self._merge_postings()

    def _reconcile(self, conn: Connection) -> None:
        """Forget deleted resources; load any back with an old timestamp (an undone merge)."""
        present = set(conn.execute(select(_RES.c.id)).scalars())
        live = {bytes(rid).decode() for rid in self.live_ids}
        self._forget(self.find(sorted(live - present)))
        missing = sorted(present - live)
        for start in range(0, len(missing), 500):
            self._load(conn, self._select(conn, _RES.c.id.in_(missing[start : start + 500])))

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
        stamps = np.array([_micros(row.updated_at) for row in rows], dtype=np.int64)
        # An index built over an empty directory has no stamps to look at yet.
        kept = self.stamps[np.maximum(known, 0)] if len(self.stamps) else stamps - 1
        fresh = (known < 0) | (kept != stamps)
        rows = [row for row, new in zip(rows, fresh.tolist(), strict=True) if new]
        if not rows:
            return
        self._forget(known[fresh])
        ids = [row.id for row in rows]
        pos, codes = self._append(
            ids,
            [row.name for row in rows],
            [row.phone for row in rows],
            [row.url for row in rows],
            [row.updated_at for row in rows],
        )
        self.new_pos = np.concatenate([self.new_pos, pos])
        self.new_code = np.concatenate([self.new_code, codes])
        loc = ResourceLocation.__table__.c  # type: ignore[attr-defined]
        query = select(loc.resource_id, loc.postcode, loc.latitude, loc.longitude)
        for first in range(0, len(ids), 500):
            where = loc.resource_id.in_(ids[first : first + 500])
            for part in _columns(conn, query.where(where), 4):
                self._add_places(*part)
        if len(self.new_pos) > MERGE_AT:
            self._merge_postings()

    def _append(
        self,
        ids: list[str],
        names: list[str],
        phones: list[str | None],
        urls: list[str | None],
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
        self.stamps = _grown(self.stamps, [_micros(s) for s in stamps], np.int64)
        self.phone = _grown(self.phone, [_code(normalise_phone(p or "")) for p in phones], np.int64)
        self.host = _grown(self.host, [_code(normalise_website(u or "")) for u in urls], np.int64)
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
        codes = [_code(p or "") for p, k in zip(postcodes, keep, strict=True) if k]
        self.loc_postcode = _grown(self.loc_postcode, codes, np.int64)
        for name, values in (("loc_lat", lats), ("loc_lon", lons)):
            kept = [np.nan if v is None else v for v, k in zip(values, keep, strict=True) if k]
            setattr(self, name, _grown(getattr(self, name), kept, float))

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
        """Positions of names at least NAME_ALONE alike, best first, at most NAME_POOL."""
        wanted = gram_codes([query])[1]
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
        shortlist = [self.name(p) for p in pos.tolist()]
        found = process.extract(
            query,
            shortlist,
            scorer=fuzz.WRatio,
            processor=None,
            score_cutoff=NAME_ALONE,
            limit=NAME_POOL,
        )
        return [(int(pos[i]), float(score)) for _, score, i in found]

    def check(self, draft: Draft, exclude: str | None = None) -> list[Candidate]:
        """Likely duplicates of the draft, best first."""
        query = normalise_name(draft.name)
        found: dict[int, dict[str, Any]] = {}

        def note(pos: int, key: str, value: Any) -> None:
            found.setdefault(pos, {})[key] = value

        with self.lock:  # a refresh replaces the arrays this reads
            for pos, score in self.similar_names(query) if query else ():
                note(pos, "name", score)
            for postcode in draft.postcodes:
                owners = self.loc_owner[self.loc_postcode == _code(postcode)]
                for pos in owners[self.alive[owners]].tolist():
                    note(pos, "postcode", postcode)
            for lat, lon in draft.points:
                # A cheap box first (about 300 m each way), then exact distances inside it.
                box = (np.abs(self.loc_lat - lat) < 0.003) & (np.abs(self.loc_lon - lon) < 0.005)
                idx = np.flatnonzero(box)
                km = haversine_km(lat, lon, self.loc_lat[idx], self.loc_lon[idx])
                owners = self.loc_owner[idx]
                near = (km <= NEARBY_KM) & self.alive[owners]
                for pos, dist in zip(owners[near].tolist(), km[near].tolist(), strict=True):
                    if dist < found.get(pos, {}).get("km", NEARBY_KM + 1):
                        note(pos, "km", dist)
            for key, column, value in (
                ("phone", self.phone, normalise_phone(draft.phone)),
                ("website", self.host, normalise_website(draft.url)),
            ):
                code = _code(value)
                if code:
                    for hit in np.flatnonzero((column == code) & self.alive):
                        note(int(hit), key, True)
            skip = int(self.find([exclude])[0]) if exclude else -1
            at = np.fromiter(found, dtype=np.int64, count=len(found))
            bounds = zip(self.starts[at].tolist(), self.starts[at + 1].tolist(), strict=True)
            candidates = []
            for (pos, why), (first, end) in zip(found.items(), bounds, strict=True):
                if pos == skip:
                    continue
                candidate = _judge(query, self.text[first:end].decode("ascii"), why)
                if candidate is not None:
                    candidate.resource_id = self.resource_id(pos)
                    candidates.append(candidate)
        candidates.sort(key=lambda c: (-c.score, c.resource_id))
        return candidates[:LIMIT]


def _judge(query: str, name: str, why: dict[str, Any]) -> Candidate | None:
    """Decide whether the evidence makes a likely duplicate, and say why."""
    score = why.get("name")
    if score is None and query:
        score = fuzz.WRatio(query, name, processor=None)
    score = float(score or 0)
    place = "postcode" in why or "km" in why
    strong = "phone" in why or "website" in why
    if not (strong or score >= NAME_ALONE or (place and score >= NAME_WITH_PLACE)):
        return None
    reasons = []
    if "postcode" in why:
        reasons.append(f"Same postcode {why['postcode']}")
    elif "km" in why:
        reasons.append(f"{round(why['km'] * 1000)} m away")
    if "phone" in why:
        reasons.append("Same phone number")
    if "website" in why:
        reasons.append("Same website")
    if score >= NAME_WITH_PLACE:
        reasons.append(f"name {round(score)}% alike")
    rank = score + (30 if place else 0) + (40 if "phone" in why else 0)
    rank += 40 if "website" in why else 0
    return Candidate("", rank, reasons)


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
    return index.check(draft, exclude)


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
    """Add a new submission's information and times to an existing record (and its notes to
    the submitting team's own notes)."""
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
    session: Session, keep: Resource, remove: Resource, user_id: int | None
) -> ResourceHistory:
    """Fold `remove` into `keep` and delete it; the history entry can undo this."""
    if keep.id == remove.id:
        raise HistoryError("a resource cannot be merged with itself")
    removed = full_snapshot(remove)
    # Before the delete: each team's notes move over (a team's two sets of notes are joined).
    removed.update(team_notes.merge(session, keep, remove))
    before = snapshot(keep)
    set_fields(keep, combined(before, snapshot(remove)))
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
    set_fields(restored, {k: removed[k] for k in TRACKED})
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
