"""The directory as numpy arrays for ranking, cached per process and rebuilt on a new version."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np
from sqlalchemy import Engine
from sqlmodel import Session, select

from directory import vocabulary
from directory.models import DAYS, CostKind, DirectoryState, Resource, Setting, Status
from directory.models.base import minutes
from matcher.notes import FAITHS, mentioned, own_words

INTEREST_INDEX = {code: i for i, code in enumerate(vocabulary.INTEREST_CODES)}
ACCESS_INDEX = {code: i for i, code in enumerate(vocabulary.ACCESS_CODES)}
SETTINGS = (Setting.COMMUNITY.value, Setting.MENTAL_HEALTH_SERVICE.value, Setting.ONLINE.value)
COMMUNITY, MENTAL_HEALTH, ONLINE = 0, 1, 2

# Things some people need to steer clear of that the vocabulary does not tag; found in the text.
CAUTION_TOPICS: dict[str, tuple[str, ...]] = {
    "alcohol": ("pub", "pubs", "bar", "beer", "ale", "brewery", "wine", "cocktail"),
    "gym": ("gym", "gyms", "weights", "workout"),
    "diet": ("diet", "diets", "calorie", "calories", "weight loss", "weight-loss", "slimming"),
    "crowds": ("crowded", "packed", "loud", "busy", "party", "nightclub", "rave"),
}
CAUTION_CODES: tuple[str, ...] = tuple(CAUTION_TOPICS)
FAITH_CODES: tuple[str, ...] = tuple(FAITHS)


@dataclass(frozen=True)
class ResourceRecord:
    """The facts about one resource the matcher needs, as plain data."""

    id: str
    name: str
    setting: str = Setting.COMMUNITY.value
    active: bool = True
    interests: tuple[str, ...] = ()
    access: tuple[str, ...] = ()
    min_age: int | None = None
    max_age: int | None = None
    standard_pence: int = 0
    concession_pence: int | None = None  # benefits concession
    # (latitude, longitude) of each physical place.
    places: tuple[tuple[float, float], ...] = ()
    # (day code, "HH:MM" start, "HH:MM" end) of each weekly or monthly session.
    sessions: tuple[tuple[str, str, str], ...] = ()
    age_days: float = 0.0  # since anyone last confirmed it
    text: str = ""  # name and description, for caution topics


@dataclass
class Features:
    """Column arrays over every resource, plus the records for explaining a result."""

    version: int
    records: list[ResourceRecord]
    index: dict[str, int]
    active: np.ndarray
    setting: np.ndarray  # int8: COMMUNITY, MENTAL_HEALTH, ONLINE
    interests: np.ndarray  # bool, (terms, n): one contiguous row per interest term
    interest_weights: np.ndarray  # the same as float32, for weighted sums
    primary: np.ndarray  # float32, (terms, n): 1 where a tag is what the activity is mainly about
    access: np.ndarray  # bool, (terms, n)
    caution: np.ndarray  # bool, (topics, n)
    faith: np.ndarray  # bool, (FAITH_CODES, n): the text names this faith tradition
    interest_count: np.ndarray
    min_age: np.ndarray  # float, -inf when none
    max_age: np.ndarray  # float, +inf when none
    standard: np.ndarray  # pence
    concession: np.ndarray  # pence, +inf when none
    has_place: np.ndarray  # bool
    place_res: np.ndarray  # resource index of each place, sorted
    place_lat: np.ndarray  # radians
    place_lon: np.ndarray
    place_starts: np.ndarray  # first place of each resource that has a place
    place_owner: np.ndarray  # which resources place_starts refer to
    has_sessions: np.ndarray
    sess_res: np.ndarray
    sess_day: np.ndarray
    sess_start: np.ndarray  # minutes after midnight
    sess_end: np.ndarray
    day_bounds: np.ndarray  # sessions are sorted by day: day d is [bounds[d], bounds[d + 1])
    place_first: np.ndarray  # each resource's first place, -1 when none
    placed: np.ndarray  # resources with a place
    placed_first: np.ndarray  # their first place
    place_cos: np.ndarray  # cos(latitude) of each place
    extra_place: np.ndarray  # further places of resources with more than one
    first_lat: np.ndarray  # per resource: its first place's latitude in radians (nan: none)
    first_lon: np.ndarray
    first_cos: np.ndarray
    online: np.ndarray  # bool per resource
    lacks: np.ndarray  # bool, (access terms, n): the need is unmet (venue needs are met online)
    benefits_price: np.ndarray  # pence for someone on benefits: the cheaper of standard/concession
    sess_evening: np.ndarray  # per resource: some session starts at or after 17:00
    age_days: np.ndarray
    name_words: dict[str, np.ndarray] = field(default_factory=dict)  # word stem -> resources
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def size(self) -> int:
        """How many resources."""
        return len(self.records)


def main_interests(record: ResourceRecord) -> set[str]:
    """The tags an activity is mainly about: named in its name, else its description, else all."""
    tags = set(record.interests)
    name, _, description = record.text.partition("\n") if record.text else (record.name, "", "")
    return (tags & mentioned(name)) or (tags & mentioned(description)) or tags


def build(records: Sequence[ResourceRecord], version: int = 0) -> Features:
    """Turn plain records into the arrays the ranking reads."""
    n = len(records)
    interests = np.zeros((len(INTEREST_INDEX), n), dtype=bool)
    primary = np.zeros((len(INTEREST_INDEX), n), dtype=np.float32)
    access = np.zeros((len(ACCESS_INDEX), n), dtype=bool)
    caution = np.zeros((len(CAUTION_CODES), n), dtype=bool)
    faith = np.zeros((len(FAITH_CODES), n), dtype=bool)
    setting = np.zeros(n, dtype=np.int8)
    active = np.zeros(n, dtype=bool)
    min_age = np.full(n, -np.inf)
    max_age = np.full(n, np.inf)
    standard = np.zeros(n)
    concession = np.full(n, np.inf)
    age_days = np.zeros(n)
    place_res: list[int] = []
    lats: list[float] = []
    lons: list[float] = []
    sess_res: list[int] = []
    sess_rows: list[tuple[int, int, int]] = []
    setting_codes = {s: i for i, s in enumerate(SETTINGS)}
    patterns = [
        (k, re.compile(r"\b(" + "|".join(map(re.escape, words)) + r")\b"))
        for k, words in CAUTION_TOPICS.items()
    ]
    faith_patterns = [re.compile(r"\b(" + "|".join(words) + r")\b") for words in FAITHS.values()]
    named: dict[str, list[int]] = {}
    for i, r in enumerate(records):
        active[i] = r.active
        for word in own_words(r.name):
            named.setdefault(word, []).append(i)
        setting[i] = setting_codes.get(r.setting, COMMUNITY)
        for code in r.interests:
            if code in INTEREST_INDEX:
                interests[INTEREST_INDEX[code], i] = True
        for code in main_interests(r):
            if code in INTEREST_INDEX:
                primary[INTEREST_INDEX[code], i] = 1.0
        for code in r.access:
            if code in ACCESS_INDEX:
                access[ACCESS_INDEX[code], i] = True
        if r.min_age is not None:
            min_age[i] = r.min_age
        if r.max_age is not None:
            max_age[i] = r.max_age
        standard[i] = r.standard_pence
        if r.concession_pence is not None:
            concession[i] = r.concession_pence
        age_days[i] = r.age_days
        for lat, lon in r.places:
            place_res.append(i)
            lats.append(lat)
            lons.append(lon)
        for day, start, end in r.sessions:
            sess_res.append(i)
            sess_rows.append((DAYS.index(day), minutes(start), minutes(end)))
        if r.text:
            lowered = r.text.lower()
            for k, (_, pattern) in enumerate(patterns):
                caution[k, i] = bool(pattern.search(lowered))
            for k, pattern in enumerate(faith_patterns):
                faith[k, i] = bool(pattern.search(lowered))
    pres = np.asarray(place_res, dtype=np.int64)
    has_place = np.zeros(n, dtype=bool)
    has_place[pres] = True
    starts = np.flatnonzero(np.r_[True, pres[1:] != pres[:-1]]) if len(pres) else pres
    first = np.full(n, -1, dtype=np.int64)
    first[pres[starts]] = starts
    by_day = np.argsort([row[0] for row in sess_rows], kind="stable")
    sres = np.asarray(sess_res, dtype=np.int64)[by_day]
    srows = np.asarray(sess_rows, dtype=np.int64).reshape(-1, 3)[by_day]
    has_sessions = np.bincount(sres, minlength=n).astype(bool) if n else np.zeros(0, bool)
    evening = (
        np.bincount(sres, weights=srows[:, 1] >= 17 * 60, minlength=n) > 0
        if n
        else np.zeros(0, bool)
    )
    return Features(
        version=version,
        records=list(records),
        index={r.id: i for i, r in enumerate(records)},
        active=active,
        setting=setting,
        interests=interests,
        interest_weights=interests.astype(np.float32),
        primary=primary,
        access=access,
        caution=caution,
        faith=faith,
        interest_count=interests.sum(axis=0),
        min_age=min_age,
        max_age=max_age,
        standard=standard,
        concession=concession,
        has_place=has_place,
        place_res=pres,
        place_lat=np.radians(np.asarray(lats, dtype=float)),
        place_lon=np.radians(np.asarray(lons, dtype=float)),
        place_starts=starts.astype(np.int64),
        place_owner=pres[starts] if len(pres) else pres,
        has_sessions=has_sessions,
        sess_res=sres,
        sess_day=srows[:, 0].copy(),
        sess_start=srows[:, 1].copy(),
        sess_end=srows[:, 2].copy(),
        day_bounds=np.searchsorted(srows[:, 0], np.arange(len(DAYS) + 1)),
        place_first=first,
        placed=np.flatnonzero(first >= 0),
        placed_first=first[first >= 0],
        place_cos=np.cos(np.radians(np.asarray(lats, dtype=float))),
        extra_place=np.setdiff1d(np.arange(len(pres)), starts),
        first_lat=_per_resource(first, np.radians(np.asarray(lats, dtype=float))),
        first_lon=_per_resource(first, np.radians(np.asarray(lons, dtype=float))),
        first_cos=_per_resource(first, np.cos(np.radians(np.asarray(lats, dtype=float)))),
        online=setting == ONLINE,
        lacks=_lacks(access, setting == ONLINE),
        benefits_price=np.minimum(standard, concession),
        sess_evening=evening,
        age_days=age_days,
        name_words={k: np.asarray(v, dtype=np.int64) for k, v in named.items()},
    )


def _lacks(access: np.ndarray, online: np.ndarray) -> np.ndarray:
    """Where each access need would go unmet: venue needs count as met online (no venue)."""
    lacks = ~access
    for code in vocabulary.VENUE_ACCESS:
        if code in ACCESS_INDEX:
            lacks[ACCESS_INDEX[code]] &= ~online
    return lacks


def _per_resource(first: np.ndarray, values: np.ndarray) -> np.ndarray:
    """A per-place value at each resource's first place (nan where it has none)."""
    out = np.full(len(first), np.nan)
    out[first >= 0] = values[first[first >= 0]]
    return out


def record_from_resource(resource: Resource, now: datetime | None = None) -> ResourceRecord:
    """The plain facts of one resource row."""
    now = now or datetime.now(UTC)
    seen = resource.last_confirmed_at or resource.created_at
    if seen.tzinfo is None:
        seen = seen.replace(tzinfo=UTC)
    concessions = [
        c.amount_pence
        for c in resource.costs
        if c.kind == CostKind.CONCESSION.value and c.label in ("", "people receiving benefits")
    ]
    return ResourceRecord(
        id=resource.id,
        name=resource.name,
        setting=str(resource.setting),
        active=resource.status == Status.ACTIVE,
        interests=tuple(resource.interests),
        access=tuple(resource.access),
        min_age=resource.min_age,
        max_age=resource.max_age,
        standard_pence=resource.standard_pence,
        concession_pence=min(concessions) if concessions else None,
        places=tuple(
            (loc.latitude, loc.longitude)
            for loc in resource.locations
            if loc.latitude is not None and loc.longitude is not None
        ),
        sessions=tuple((s.day, s.start, s.end) for s in resource.sessions),
        age_days=(now - seen).total_seconds() / 86400,
        text=f"{resource.name}\n{resource.description}",
    )


def directory_version(session: Session) -> int:
    """The directory's change counter."""
    state = session.get(DirectoryState, 1)
    return state.version if state else 0


def load(session: Session) -> Features:
    """Read every resource from the database and build the arrays."""
    version = directory_version(session)
    rows: Iterable[Resource] = session.exec(select(Resource).order_by(Resource.id)).all()
    return build([record_from_resource(r) for r in rows], version)


_cache: dict[str, Features] = {}
_lock = threading.Lock()


def get_features(session: Session) -> Features:
    """The cached arrays for this database, rebuilt only when the directory version moved."""
    bind = session.get_bind()
    key = str(bind.url) if isinstance(bind, Engine) else str(bind.engine.url)
    version = directory_version(session)
    cached = _cache.get(key)
    if cached is not None and cached.version == version:
        return cached
    with _lock:
        cached = _cache.get(key)
        if cached is None or cached.version != version:
            cached = load(session)
            _cache[key] = cached
    return cached


def clear_cache() -> None:
    """Forget every cached directory (tests and the eval command)."""
    _cache.clear()
