"""Likely duplicates of a new resource (name, place, phone, website), adding to one, merging two."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import numpy as np
from flask import Flask, current_app
from rapidfuzz import fuzz, process
from sqlalchemy import func, select
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
PREFILTER_CUTOFF = 50  # plain ratio of sorted words: cheap enough for 100k names
PREFILTER_POOL = 200
WATERMARK_SLACK = timedelta(seconds=10)  # clocks of other processes may lag ours a little
JOINED = {"told_by": 200, "source": 200, "team_notes": 5000, "team_contact": 500}
KEEP_FIELDS = {"status", "setting", "how_to_join", "is_public", "organisation_id"}
_NON_WORD = re.compile(r"[^a-z0-9]+")


def normalise_name(name: str) -> str:
    """Lower case, '&' as 'and', punctuation dropped, no leading 'the'."""
    text = _NON_WORD.sub(" ", name.lower().replace("&", " and ")).strip()
    return text[4:] if text.startswith("the ") else text


def sorted_words(name: str) -> str:
    """A normalised name's words in order, so word order does not matter."""
    return " ".join(sorted(name.split()))


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


@dataclass
class _Entry:
    phone: str
    host: str
    postcodes: tuple[str, ...]
    locs: list[int]


class CandidateIndex:
    """Per-process arrays of every resource's normalised name, phone, website and places."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self._clear()

    def _clear(self) -> None:
        """Forget everything."""
        self.version = -1
        self.watermark: datetime | None = None
        self.ids: list[str] = []
        self.names: list[str | None] = []  # None where a resource was removed
        self.keys: list[str | None] = []  # the same names with their words sorted
        self.position: dict[str, int] = {}
        self.entries: list[_Entry | None] = []
        self.by_phone: dict[str, set[int]] = {}
        self.by_host: dict[str, set[int]] = {}
        self.by_postcode: dict[str, set[int]] = {}
        self.loc_owner = np.empty(0, dtype=np.int64)  # -1 where the location was dropped
        self.loc_lat = np.empty(0, dtype=float)
        self.loc_lon = np.empty(0, dtype=float)

    def __len__(self) -> int:
        return len(self.position)

    def refresh(self, session: Session) -> None:
        """Catch up with the database when the directory version has moved."""
        table = DirectoryState.__table__  # type: ignore[attr-defined]
        version = int(session.connection().execute(select(table.c.version)).scalar() or 0)
        if version == self.version:
            return
        with self.lock:
            if version == self.version:
                return
            self._load(session, self.watermark - WATERMARK_SLACK if self.watermark else None)
            resources = Resource.__table__  # type: ignore[attr-defined]
            count = session.connection().execute(select(func.count()).select_from(resources))
            if count.scalar_one() != len(self):
                self._clear()  # something was deleted: rebuild from scratch
                self._load(session, None)
            self.version = version

    def _load(self, session: Session, since: datetime | None) -> None:
        """Add or replace the resources changed since a time (all when None)."""
        r = Resource.__table__.c  # type: ignore[attr-defined]
        query = select(r.id, r.name, r.phone, r.url, r.updated_at)
        if since is not None:
            query = query.where(r.updated_at >= since)
        rows = session.connection().execute(query).all()
        if not rows:
            return
        loc = ResourceLocation.__table__.c  # type: ignore[attr-defined]
        loc_query = select(loc.resource_id, loc.postcode, loc.latitude, loc.longitude)
        places: dict[str, list[tuple[str, float | None, float | None]]] = {}
        if since is None:
            loc_rows = session.connection().execute(loc_query).all()
        else:
            ids = [row.id for row in rows]
            loc_rows = []
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                loc_rows += (
                    session.connection().execute(loc_query.where(loc.resource_id.in_(chunk))).all()
                )
        for lrow in loc_rows:
            places.setdefault(lrow.resource_id, []).append(
                (lrow.postcode or "", lrow.latitude, lrow.longitude)
            )
        owners: list[int] = []
        lats: list[float] = []
        lons: list[float] = []
        base = len(self.loc_owner)
        for row in rows:
            pos = self._forget(row.id)
            entry = _Entry(normalise_phone(row.phone), normalise_website(row.url), (), [])
            postcodes = []
            for postcode, lat, lon in places.get(row.id, []):
                if postcode:
                    postcodes.append(postcode)
                    self.by_postcode.setdefault(postcode, set()).add(pos)
                if lat is not None and lon is not None:
                    entry.locs.append(base + len(owners))
                    owners.append(pos)
                    lats.append(lat)
                    lons.append(lon)
            entry.postcodes = tuple(postcodes)
            if entry.phone:
                self.by_phone.setdefault(entry.phone, set()).add(pos)
            if entry.host:
                self.by_host.setdefault(entry.host, set()).add(pos)
            self.names[pos] = normalise_name(row.name)
            self.keys[pos] = sorted_words(self.names[pos] or "")
            self.entries[pos] = entry
            stamp = row.updated_at
            if self.watermark is None or (stamp is not None and stamp > self.watermark):
                self.watermark = stamp
        if owners:
            self.loc_owner = np.concatenate([self.loc_owner, np.asarray(owners, dtype=np.int64)])
            self.loc_lat = np.concatenate([self.loc_lat, np.asarray(lats, dtype=float)])
            self.loc_lon = np.concatenate([self.loc_lon, np.asarray(lons, dtype=float)])

    def _forget(self, resource_id: str) -> int:
        """Drop what is known about a resource; return its (new or reused) position."""
        pos = self.position.get(resource_id)
        if pos is None:
            pos = len(self.ids)
            self.position[resource_id] = pos
            self.ids.append(resource_id)
            self.names.append(None)
            self.keys.append(None)
            self.entries.append(None)
            return pos
        old = self.entries[pos]
        if old is not None:
            self.by_phone.get(old.phone, set()).discard(pos)
            self.by_host.get(old.host, set()).discard(pos)
            for postcode in old.postcodes:
                self.by_postcode.get(postcode, set()).discard(pos)
            if old.locs:
                self.loc_owner[old.locs] = -1
        return pos

    def check(self, draft: Draft, exclude: str | None = None) -> list[Candidate]:
        """Likely duplicates of the draft, best first."""
        query = normalise_name(draft.name)
        found: dict[int, dict[str, Any]] = {}

        def note(pos: int, key: str, value: Any) -> None:
            found.setdefault(pos, {})[key] = value

        if query:
            # A fast plain ratio over sorted words finds the few worth the full WRatio.
            pool = process.extract(
                sorted_words(query),
                self.keys,
                scorer=fuzz.ratio,
                processor=None,
                score_cutoff=PREFILTER_CUTOFF,
                limit=PREFILTER_POOL,
            )
            shortlist = [self.names[pos] for _, _, pos in pool]
            for _, score, i in process.extract(
                query,
                shortlist,
                scorer=fuzz.WRatio,
                processor=None,
                score_cutoff=NAME_WITH_PLACE,
                limit=NAME_POOL,
            ):
                note(pool[i][2], "name", score)
        for postcode in draft.postcodes:
            for pos in self.by_postcode.get(postcode, ()):
                note(pos, "postcode", postcode)
        for lat, lon in draft.points:
            # A cheap box first (about 300 m each way), then exact distances inside it.
            box = (np.abs(self.loc_lat - lat) < 0.003) & (np.abs(self.loc_lon - lon) < 0.005)
            box &= self.loc_owner >= 0
            idx = np.nonzero(box)[0]
            if len(idx):
                km = haversine_km(lat, lon, self.loc_lat[idx], self.loc_lon[idx])
                for i, dist in zip(idx[km <= NEARBY_KM], km[km <= NEARBY_KM], strict=True):
                    pos = int(self.loc_owner[i])
                    if dist < found.get(pos, {}).get("km", NEARBY_KM + 1):
                        note(pos, "km", float(dist))
        phone, host = normalise_phone(draft.phone), normalise_website(draft.url)
        for pos in self.by_phone.get(phone, ()) if phone else ():
            note(pos, "phone", True)
        for pos in self.by_host.get(host, ()) if host else ():
            note(pos, "website", True)
        candidates = []
        for pos, why in found.items():
            if self.names[pos] is None or self.ids[pos] == exclude:
                continue
            candidate = _judge(query, self.names[pos] or "", why)
            if candidate is not None:
                candidate.resource_id = self.ids[pos]
                candidates.append(candidate)
        candidates.sort(key=lambda c: (-c.score, c.resource_id))
        return candidates[:LIMIT]


def _judge(query: str, name: str, why: dict[str, Any]) -> Candidate | None:
    """Decide whether the evidence makes a likely duplicate, and say why."""
    score = why.get("name")
    if score is None and query and ("postcode" in why or "km" in why):
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
