"""Likely duplicates of a new resource (name, place, phone, website), adding to one, merging two."""

from __future__ import annotations

import re
import threading
from array import array
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import numpy as np
from flask import Flask, current_app
from rapidfuzz import fuzz, process
from sqlalchemy import Connection, func, select
from sqlmodel import Session

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

EXTENSION_KEY = "commonground.dedupe"
NAME_ALONE = 88  # a name this alike is worth showing on its own
NAME_WITH_PLACE = 60  # a name this alike is worth showing when the place matches too
NEARBY_KM = 0.3
LIMIT = 5
NAME_POOL = 20  # name matches considered before ranking
NAME_SHORTLIST = 300  # names sharing the most trigrams with the new one, then scored in full
# Another process stamps updated_at at flush and commits a little later, by its own clock.
WATERMARK_SLACK = timedelta(seconds=10)
JOINED = {"told_by": 200, "source": 200, "team_notes": 5000, "team_contact": 500}
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
_SYMBOL = np.zeros(256, dtype=np.int64)
_SYMBOL[np.frombuffer(b"abcdefghijklmnopqrstuvwxyz0123456789", dtype=np.uint8)] = np.arange(1, 37)
_GRAMS = _SYMBOLS**3


def gram_codes(names: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Each normalised name's distinct word trigrams as ints, as (name index, code) pairs.

    Words are padded as pg_trgm does ("  word "), so word order does not matter.
    """
    padded = ["".join(f"  {word} " for word in name.split()) for name in names]
    text = np.frombuffer("".join(padded).encode("ascii"), dtype=np.uint8)
    if len(text) < 3:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    symbol = _SYMBOL[text]
    owner = np.repeat(np.arange(len(names)), [len(p) for p in padded])
    codes = symbol[:-2] * _SYMBOLS**2 + symbol[1:-1] * _SYMBOLS + symbol[2:]
    # A piece ending in two spaces spans two words (or two names): not a trigram of either.
    inside = (symbol[1:-1] != 0) | (symbol[2:] != 0)
    keys = np.sort(owner[:-2][inside] * _GRAMS + codes[inside])
    keys = keys[np.r_[True, keys[1:] != keys[:-1]]]  # np.unique, without its slow hashing
    return keys // _GRAMS, keys % _GRAMS


def _rank(shared: np.ndarray, sizes: np.ndarray, query_size: int) -> np.ndarray:
    """How promising each name is from its shared trigrams: contained in, or alike as a whole."""
    return shared / np.minimum(sizes, query_size) + 2 * shared / (sizes + query_size)


class CandidateIndex:
    """Per-process arrays of every resource's normalised name, phone, website and places.

    Only ever appended to: a changed resource gets a new position and its old one is marked
    dead, so a refresh costs in proportion to what changed, not to the size of the directory.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self._clear()

    def _clear(self) -> None:
        """Forget everything."""
        self.version = -1
        self.watermark: datetime | None = None  # when the last refresh began
        self.ids: list[str] = []
        self.names: list[str] = []  # normalised; "" at a dead position
        self.stamps: list[datetime | None] = []
        self.position: dict[str, int] = {}  # live resources only
        self.alive = np.zeros(0, dtype=bool)
        self.codes: dict[str, int] = {}  # phone, website and postcode strings as small ints
        self.phone = np.zeros(0, dtype=np.int64)
        self.host = np.zeros(0, dtype=np.int64)
        self.gram_count = np.zeros(0, dtype=np.int64)
        self.grams: dict[int, array[int]] = {}  # trigram code -> positions of names with it
        self.loc_owner = np.zeros(0, dtype=np.int64)
        self.loc_postcode = np.zeros(0, dtype=np.int64)
        self.loc_lat = np.zeros(0, dtype=float)  # NaN where a place has no coordinates
        self.loc_lon = np.zeros(0, dtype=float)

    def __len__(self) -> int:
        return len(self.position)

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
            if self.watermark is None or len(self.ids) > 2 * len(self.position) + 1000:
                self._clear()  # first use, or mostly dead positions: start again
                self._load(conn, self._select(conn, None), everything=True)
            else:
                changed = _RES.c.updated_at >= self.watermark - WATERMARK_SLACK
                self._load(conn, self._select(conn, changed))
            count = conn.execute(select(func.count()).select_from(_RES)).scalar_one()
            if count != len(self.position):
                self._reconcile(conn)
            # Rows committed after these reads were stamped at about `started` or later.
            self.watermark = started
            self.version = version

    def _select(self, conn: Connection, where: Any) -> list[Any]:
        """Resource rows with what the check compares."""
        c = _RES.c
        query = select(c.id, c.name, c.phone, c.url, c.updated_at)
        return list(conn.execute(query if where is None else query.where(where)).all())

    def _reconcile(self, conn: Connection) -> None:
        """Forget deleted resources; load any back with an old timestamp (an undone merge)."""
        present = set(conn.execute(select(_RES.c.id)).scalars())
        for rid in set(self.position) - present:
            self._forget(rid)
        missing = list(present - set(self.position))
        for start in range(0, len(missing), 500):
            self._load(conn, self._select(conn, _RES.c.id.in_(missing[start : start + 500])))

    def _forget(self, resource_id: str) -> None:
        """Mark a resource's position dead."""
        pos = self.position.pop(resource_id, None)
        if pos is not None:
            self.alive[pos] = False
            self.names[pos] = ""

    def _code(self, value: str) -> int:
        """The small int standing for a string (0 for none), assigned on first sight."""
        return self.codes.setdefault(value, len(self.codes) + 1) if value else 0

    def _load(self, conn: Connection, rows: list[Any], everything: bool = False) -> None:
        """Give new or changed resources new positions; unchanged ones are skipped."""
        rows = [
            row
            for row in rows
            if row.id not in self.position or self.stamps[self.position[row.id]] != row.updated_at
        ]
        if not rows:
            return
        loc = ResourceLocation.__table__.c  # type: ignore[attr-defined]
        loc_query = select(loc.resource_id, loc.postcode, loc.latitude, loc.longitude)
        if everything:
            loc_rows = list(conn.execute(loc_query).all())
        else:
            ids = [row.id for row in rows]
            loc_rows = []
            for first in range(0, len(ids), 500):
                chunk = loc_query.where(loc.resource_id.in_(ids[first : first + 500]))
                loc_rows += conn.execute(chunk).all()
        places: dict[str, list[Any]] = {}
        for lrow in loc_rows:
            places.setdefault(lrow.resource_id, []).append(lrow)
        for row in rows:
            self._forget(row.id)
        start = len(self.ids)
        names = [normalise_name(row.name) for row in rows]
        self.position.update((row.id, start + i) for i, row in enumerate(rows))
        self.ids += [row.id for row in rows]
        self.names += names
        self.stamps += [row.updated_at for row in rows]
        phones = [self._code(normalise_phone(row.phone or "")) for row in rows]
        hosts = [self._code(normalise_website(row.url or "")) for row in rows]
        owner, codes = gram_codes(names)
        self._add_postings(owner + start, codes)
        owners, postcodes, lats, lons = [], [], [], []
        for i, row in enumerate(rows):
            for place in places.get(row.id, ()):
                owners.append(start + i)
                postcodes.append(self._code(place.postcode or ""))
                lats.append(np.nan if place.latitude is None else place.latitude)
                lons.append(np.nan if place.longitude is None else place.longitude)
        counts = np.bincount(owner, minlength=len(rows))
        self.alive = np.concatenate([self.alive, np.ones(len(rows), dtype=bool)])
        self.phone = np.concatenate([self.phone, np.asarray(phones, dtype=np.int64)])
        self.host = np.concatenate([self.host, np.asarray(hosts, dtype=np.int64)])
        self.gram_count = np.concatenate([self.gram_count, counts])
        self.loc_owner = np.concatenate([self.loc_owner, np.asarray(owners, dtype=np.int64)])
        self.loc_postcode = np.concatenate(
            [self.loc_postcode, np.asarray(postcodes, dtype=np.int64)]
        )
        self.loc_lat = np.concatenate([self.loc_lat, np.asarray(lats, dtype=float)])
        self.loc_lon = np.concatenate([self.loc_lon, np.asarray(lons, dtype=float)])

    def _add_postings(self, positions: np.ndarray, codes: np.ndarray) -> None:
        """Append positions to the lists of the trigrams their names contain."""
        order = np.argsort(codes, kind="stable")
        codes, positions = codes[order], positions[order].astype(np.intc)
        bounds = np.flatnonzero(np.diff(codes)) + 1
        for code, chunk in zip(codes[np.r_[0, bounds]], np.split(positions, bounds), strict=True):
            found = self.grams.get(int(code))
            if found is None:
                found = self.grams[int(code)] = array("i")
            found.frombytes(chunk.tobytes())

    def similar_names(self, query: str) -> list[tuple[int, float]]:
        """Positions of names at least NAME_ALONE alike, best first, at most NAME_POOL."""
        wanted = [int(code) for code in gram_codes([query])[1]]
        lists = [np.frombuffer(self.grams[g], dtype=np.intc) for g in wanted if g in self.grams]
        if not lists:
            return []
        hits = np.bincount(np.concatenate(lists), minlength=len(self.ids))
        pos = np.flatnonzero(hits)
        pos = pos[self.alive[pos]]
        if len(pos) > NAME_SHORTLIST:
            rank = _rank(hits[pos], self.gram_count[pos], len(wanted))
            pos = pos[np.argpartition(-rank, NAME_SHORTLIST)[:NAME_SHORTLIST]]
        shortlist = [self.names[p] for p in pos]
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

        with self.lock:  # a refresh appends to the trigram lists this reads
            for pos, score in self.similar_names(query) if query else ():
                note(pos, "name", score)
            for postcode in draft.postcodes:
                code = self.codes.get(postcode)
                owners = self.loc_owner[self.loc_postcode == code] if code else self.loc_owner[:0]
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
                code = self.codes.get(value) if value else None
                if code:
                    for hit in np.flatnonzero((column == code) & self.alive):
                        note(int(hit), key, True)
            candidates = []
            for pos, why in found.items():
                if self.ids[pos] == exclude:
                    continue
                candidate = _judge(query, self.names[pos], why)
                if candidate is not None:
                    candidate.resource_id = self.ids[pos]
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


def _joined(a: str, b: str, limit: int) -> str:
    parts = [p for p in (a.strip(), b.strip()) if p]
    if len(parts) == 2 and parts[1].lower() in parts[0].lower():
        parts = parts[:1]
    return "; ".join(parts)[:limit]


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
            result[name] = _joined(keep[name] or "", other.get(name) or "", JOINED[name])
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
    session: Session, existing: Resource, data: ResourceCreate, user_id: int | None
) -> ResourceHistory | None:
    """Add a new submission's information and times to an existing record."""
    scratch = apply(Resource(name=data.name), data)  # a detached copy, never saved
    before = snapshot(existing)
    merged = combined(before, snapshot(scratch))
    merged["name"] = before["name"]  # the existing record's name stands
    set_fields(existing, merged)
    changes = diff(before, snapshot(existing))
    if not changes:
        return None
    return record(session, existing.id, "add-to", user_id, changes)


def merge_resources(
    session: Session, keep: Resource, remove: Resource, user_id: int | None
) -> ResourceHistory:
    """Fold `remove` into `keep` and delete it; the history entry can undo this."""
    if keep.id == remove.id:
        raise HistoryError("a resource cannot be merged with itself")
    removed = full_snapshot(remove)
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
    record(session, restored.id, "undo-merge", user_id, [], related_id=keep.id)
    entry.undone_at = utcnow()
    session.add(entry)
    session.flush()
    return undo
