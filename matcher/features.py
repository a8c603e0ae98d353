"""The directory as numpy arrays for ranking, cached per process and rebuilt on a new version."""

from __future__ import annotations

import re
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, tzinfo
from itertools import chain
from typing import Any, TypeVar

import numpy as np
from flask import current_app, has_app_context
from sqlalchemy import Engine
from sqlmodel import Session, select

from core import heap
from core.times import local_zone
from directory import changes, feed, vocabulary
from directory.fading import fade_after_days
from directory.models import DAYS, CostKind, Resource, Status
from directory.models.base import fits_until, minutes
from directory.models.patterns import next_on_or_after, on_clock
from matcher.notes import (
    ADAPTED_WORDS,
    CONDITIONS,
    FAITHS,
    SKILL_SWAP_WORDS,
    is_novice,
    mentioned,
    own_words,
)
from matcher.table import COMMUNITY as COMMUNITY
from matcher.table import FLAGS, Records, Table, matrix
from matcher.table import MENTAL_HEALTH as MENTAL_HEALTH
from matcher.table import ONLINE as ONLINE
from matcher.table import SETTINGS as SETTINGS
from matcher.table import ResourceRecord as ResourceRecord
from matcher.table import RowFacts as RowFacts

INTEREST_INDEX = {code: i for i, code in enumerate(vocabulary.INTEREST_CODES)}
ACCESS_INDEX = {code: i for i, code in enumerate(vocabulary.ACCESS_CODES)}

# Things some people need to steer clear of that the vocabulary does not tag; found in the text.
CAUTION_TOPICS: dict[str, tuple[str, ...]] = {
    "alcohol": ("pub", "pubs", "bar", "beer", "ale", "brewery", "wine", "cocktail"),
    "gym": ("gym", "gyms", "weights", "workout"),
    "diet": ("diet", "diets", "calorie", "calories", "weight loss", "weight-loss", "slimming"),
    "crowds": ("crowded", "packed", "loud", "busy", "party", "nightclub", "rave"),
}
CAUTION_CODES: tuple[str, ...] = tuple(CAUTION_TOPICS)
FAITH_CODES: tuple[str, ...] = tuple(FAITHS)
CONDITION_CODES: tuple[str, ...] = tuple(CONDITIONS)
# A small group, said in words (for people who prefer small groups).
SMALL_GROUP = re.compile(
    r"\b(small[- ](group|class|classes|numbers)|small-group|"
    r"no more than \d+|max(imum)? (of )?\d+)\b"
)
# A group for men, said in words (the vocabulary tags only women-only groups).
FOR_MEN = re.compile(r"\b(men's|for men|men only|men-only)\b")
MIXED = re.compile(r"\b(women|woman|mixed|all genders|any gender)\b")
# A service that comes to the person (a home visit, a phone call), said in words: there is no
# journey to help with, whatever its base's distance.
COMES_TO_YOU = re.compile(
    r"\b(visits? you|visiting you|home[- ]visits?|(to|at|in) your (own )?home|"
    r"(rings?|phones?|calls?) you|over the phone)\b"
)
BY_PHONE_NAME = re.compile(r"\b(telephone|by phone|phone line|helpline)\b")
# Sports and exercise done on your feet (vocabulary terms): whether one suits someone with limited
# mobility is for them to check before going (the manual: an activity achievable with their
# physical health). A walk too: a step-free tag may say only that the meeting point is level, so
# only words of a seated form or of wheelchair users make one passable. Not dance: a tea dance
# is a social occasion many sit out, and dancing is often done seated.
ON_FOOT_SPORTS = frozenset({"football", "running", "racket-sports", "cricket", "fitness"})
# A form done sitting, or one that says it suits wheelchair users ("wheelchair users welcome").
SEATED = re.compile(
    r"\b(seated|sitting down|chair[- ](based|yoga|exercises?|aerobics|fitness|dance|dancing)|"
    r"wheelchair)"
)
NOT_FOR_WHEELCHAIRS = re.compile(
    r"\b(not|un)[- ]?(suitable|accessible|possible) (for|to|with) (a )?wheelchairs?|"
    r"\bno wheelchair"
)


@dataclass
class Features:
    """Column arrays over every resource, plus the table they came from for explaining a result."""

    # Kept small (bench/memory.py): the table holds no description text and shares equal code
    # strings and tuples; matrices are bool.

    version: int
    table: Table
    active: np.ndarray
    setting: np.ndarray  # int8: COMMUNITY, MENTAL_HEALTH, ONLINE
    interests: np.ndarray  # bool, (terms, n): one contiguous row per interest term
    access: np.ndarray  # bool, (terms, n)
    caution: np.ndarray  # bool, (topics, n)
    faith: np.ndarray  # bool, (FAITH_CODES, n): the text names this faith tradition
    condition: np.ndarray  # bool, (CONDITION_CODES, n): a group for people with this experience
    novice: np.ndarray  # bool per resource: designed for people new to the activity
    for_men: np.ndarray  # bool per resource: a men's group
    comes_to_you: np.ndarray  # bool per resource: a home visit or phone call, no journey
    small: np.ndarray  # bool per resource: the description says it is a small group
    adapted: np.ndarray  # bool per resource: a gentler, adapted form (walking football, chair yoga)
    on_foot: np.ndarray  # bool per resource: mainly a sport on your feet, not a seated form
    swap: np.ndarray  # bool per resource: a time bank or skills swap, where any skill is shared
    # Each resource's interest tags in k padded slots (padding: NO_TERM), so scoring a few
    # thousand resources gathers k values each instead of a column of every term.
    tag_ids: np.ndarray  # int16, (k, n)
    tag_main: np.ndarray  # bool, (k, n): the tag is what the activity is mainly about
    condition_any: np.ndarray  # bool per resource: a group for some particular experience
    faith_any: np.ndarray  # bool per resource: names some faith tradition
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
    online_idx: np.ndarray  # the indices of online resources
    extra_owner: np.ndarray  # the resource of each of extra_place
    lacks: np.ndarray  # bool, (access terms, n): the need is unmet (venue needs are met online)
    benefits_price: np.ndarray  # pence for someone on benefits: the cheaper of standard/concession
    sess_evening: np.ndarray  # per resource: some session starts at or after 17:00
    age_days: np.ndarray
    # The deployment's period before an entry needs checking again: matching fades after it.
    stale_after_days: float = 183.0
    name_words: dict[str, np.ndarray] = field(default_factory=dict)  # word stem -> resources
    seq: int = 0  # the change feed's position these arrays reflect (directory/feed.py)
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def size(self) -> int:
        """How many resources."""
        return len(self.table)

    @property
    def records(self) -> Records:
        """Each resource as a record, made when asked for."""
        return Records(self.table)


def main_interests(record: ResourceRecord) -> set[str]:
    """The tags an activity is mainly about: named in its name, else its description, else all."""
    tags = set(record.interests)
    name, _, description = record.text.partition("\n") if record.text else (record.name, "", "")
    # Uncached: the shared cache would keep every resource's name and description alive.
    return (tags & _mentioned(name)) or (tags & _mentioned(description)) or tags


_mentioned = mentioned.__wrapped__


def on_foot(record: ResourceRecord) -> bool:
    """Mainly a sport or exercise done on your feet, with no word that it is done seated."""
    if not main_interests(record) & (ON_FOOT_SPORTS | {"walking"}):
        return False
    low = record.text.lower() if record.text else record.name.lower()
    return bool(NOT_FOR_WHEELCHAIRS.search(low)) or not SEATED.search(low)


T = TypeVar("T")


def _shared(pool: dict[Any, Any] | None, value: T) -> T:
    """One copy of an equal immutable value (tag tuples, sessions) across a read's records."""
    return value if pool is None else pool.setdefault(value, value)


NO_TERM = len(INTEREST_INDEX)  # the padding in Features.tag_ids
# Codes per kind of coded fact (Table.coded).
CODE_SIZES = {
    "main": len(INTEREST_INDEX),
    "caution": len(CAUTION_CODES),
    "faith": len(FAITH_CODES),
    "condition": len(CONDITION_CODES),
}
# Every fact read from a description: (kind, row, pattern). Separate searches run faster than
# one big alternation, which the regex engine tries at every position.
_TEXT_PATTERNS: list[tuple[str, int, re.Pattern[str]]] = [
    *(
        ("caution", k, re.compile(r"\b(" + "|".join(map(re.escape, words)) + r")\b"))
        for k, words in enumerate(CAUTION_TOPICS.values())
    ),
    *(
        ("faith", k, re.compile(r"\b(" + "|".join(words) + r")\b"))
        for k, words in enumerate(FAITHS.values())
    ),
    *(
        ("condition", k, re.compile(r"\b(" + pattern + r")\b"))
        for k, pattern in enumerate(CONDITIONS.values())
    ),
    ("men", 0, FOR_MEN),
    ("comes", 0, COMES_TO_YOU),
    ("small", 0, SMALL_GROUP),
    ("adapted", 0, re.compile(r"\b(" + ADAPTED_WORDS + r")\b")),
    ("swap", 0, re.compile(r"\b(" + SKILL_SWAP_WORDS + r")\b")),
]


def row_facts(r: ResourceRecord, pool: dict[Any, Any] | None = None) -> RowFacts:
    """Analyse one record (the slow, per-row part of build; cached across rebuilds)."""
    found: dict[str, set[int]] = {"caution": set(), "faith": set(), "condition": set()}
    for_men = comes = small = adapted = swap = False
    if r.text:
        low = r.text.lower().replace("\u2019", "'")
        for kind, k, pattern in _TEXT_PATTERNS:
            if not pattern.search(low):
                continue
            if kind == "men":
                # "for men and women", "women welcome too": a mixed group, not a men's group.
                for_men = MIXED.search(low) is None
            elif kind == "comes":
                comes = True
            elif kind == "small":
                small = True
            elif kind == "adapted":
                adapted = True
            elif kind == "swap":
                swap = True
            else:
                found[kind].add(k)
        comes = comes or bool(BY_PHONE_NAME.search(low.partition("\n")[0]))
    # With no end known, a session fits a free window its start is inside.
    sessions = tuple(
        _shared(pool, (DAYS.index(d), minutes(s), fits_until(s, e))) for d, s, e in r.sessions
    )
    return RowFacts(
        interests=_shared(
            pool, tuple(INTEREST_INDEX[c] for c in r.interests if c in INTEREST_INDEX)
        ),
        access=_shared(pool, tuple(ACCESS_INDEX[c] for c in r.access if c in ACCESS_INDEX)),
        sessions=_shared(pool, sessions),
        main=_shared(
            pool, tuple(INTEREST_INDEX[c] for c in main_interests(r) if c in INTEREST_INDEX)
        ),
        caution=_shared(pool, tuple(sorted(found["caution"]))),
        faith=_shared(pool, tuple(sorted(found["faith"]))),
        condition=_shared(pool, tuple(sorted(found["condition"]))),
        novice=is_novice(r.text) if r.text else False,
        for_men=for_men,
        comes_to_you=comes,
        small=small,
        adapted=adapted,
        swap=swap,
        on_foot=on_foot(r),
        name_words=_shared(pool, tuple(sorted(map(sys.intern, own_words(r.name))))),
    )


def _padded_tags(interests: np.ndarray, primary: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The (terms, n) tag matrix as (k, n) term ids padded with NO_TERM, and which are main."""
    n = interests.shape[1]
    k = max(int(interests.sum(axis=0).max()) if n else 0, 1)
    ids = np.full((n, k), NO_TERM, dtype=np.int16)
    main = np.zeros((n, k), dtype=bool)
    res, term = np.nonzero(interests.T)
    slot = np.arange(len(res)) - np.searchsorted(res, res)  # position among the resource's tags
    ids[res, slot] = term
    main[res, slot] = primary[term, res] > 0
    return np.ascontiguousarray(ids.T), np.ascontiguousarray(main.T)


def _fact_arrays(t: Table) -> dict[str, Any]:
    """What each resource offers: tags, codes and flags."""
    interests = matrix(len(INTEREST_INDEX), t.interest_ids)
    access = matrix(len(ACCESS_INDEX), t.access_ids)
    faith, condition = t.coded["faith"], t.coded["condition"]
    setting = t.numbers["setting"]
    tag_ids, tag_main = _padded_tags(interests, t.coded["main"])
    named: dict[str, list[int]] = {}
    for i, words in enumerate(t.name_words):
        for word in words:
            named.setdefault(word, []).append(i)
    return {
        **{flag: t.numbers[flag] for flag in FLAGS},
        "setting": setting,
        "interests": interests,
        "access": access,
        "caution": t.coded["caution"],
        "faith": faith,
        "condition": condition,
        "tag_ids": tag_ids,
        "tag_main": tag_main,
        "condition_any": np.any(condition, axis=0),
        "faith_any": np.any(faith, axis=0),
        "interest_count": interests.sum(axis=0),
        "online": setting == ONLINE,
        "online_idx": np.flatnonzero(setting == ONLINE),
        "lacks": _lacks(access, setting == ONLINE),
        "name_words": {k: np.asarray(v, dtype=np.int64) for k, v in named.items()},
    }


def _record_arrays(t: Table) -> dict[str, Any]:
    """Who may go and what it costs: status, ages, prices and age of the entry."""
    num = t.numbers
    standard = num["standard"]
    concession = np.where(np.isnan(num["concession"]), np.inf, num["concession"])
    return {
        "active": num["active"],
        "min_age": np.where(np.isnan(num["min_age"]), -np.inf, num["min_age"]),
        "max_age": np.where(np.isnan(num["max_age"]), np.inf, num["max_age"]),
        "standard": standard,
        "concession": concession,
        "benefits_price": np.minimum(standard, concession),
        "age_days": num["age_days"],
    }


def _place_arrays(t: Table) -> dict[str, Any]:
    """Where each resource meets, in radians, with each resource's first place picked out."""
    has_place = t.place_counts > 0
    pres = np.repeat(np.arange(len(t), dtype=np.int64), t.place_counts)
    rad_lat, rad_lon = np.radians(t.places[:, 0]), np.radians(t.places[:, 1])
    placed = np.flatnonzero(has_place)
    starts = t.place_from[placed]  # each placed resource's first place
    first = np.where(has_place, t.place_from, -1)
    later = np.ones(len(pres), dtype=bool)
    later[starts] = False
    extra = np.flatnonzero(later)
    return {
        "has_place": has_place,
        "place_res": pres,
        "place_lat": rad_lat,
        "place_lon": rad_lon,
        "place_starts": starts,
        "place_owner": placed,
        "place_first": first,
        "placed": placed,
        "placed_first": starts,
        "place_cos": np.cos(rad_lat),
        "extra_place": extra,
        "extra_owner": pres[extra],
        "first_lat": _per_resource(first, rad_lat),
        "first_lon": _per_resource(first, rad_lon),
        "first_cos": _per_resource(first, np.cos(rad_lat)),
    }


def _session_arrays(t: Table) -> dict[str, Any]:
    """When each resource meets: sessions sorted by day, with bounds per day."""
    n, rows = len(t), t.session_minutes
    sess_counts = np.fromiter(map(len, rows), np.int64, n)
    sess_res = np.repeat(np.arange(n, dtype=np.int64), sess_counts)
    sess_rows = np.fromiter(chain.from_iterable(chain.from_iterable(rows)), np.int64).reshape(-1, 3)
    by_day = np.argsort(sess_rows[:, 0], kind="stable")
    sres, srows = sess_res[by_day], sess_rows[by_day]
    evening = (
        np.bincount(sres, weights=srows[:, 1] >= 17 * 60, minlength=n) > 0
        if n
        else np.zeros(0, bool)
    )
    return {
        "has_sessions": sess_counts > 0,
        "sess_res": sres,
        "sess_day": srows[:, 0].copy(),
        "sess_start": srows[:, 1].copy(),
        "sess_end": srows[:, 2].copy(),
        "day_bounds": np.searchsorted(srows[:, 0], np.arange(len(DAYS) + 1)),
        "sess_evening": evening,
    }


def build(
    records: Sequence[ResourceRecord], version: int = 0, facts: Sequence[RowFacts] | None = None
) -> Features:
    """Turn plain records (and their analysed facts, when already known) into ranking arrays."""
    rows = list(facts) if facts is not None else [row_facts(r) for r in records]
    return from_table(Table.of(records, rows, CODE_SIZES), version)


def from_table(table: Table, version: int = 0) -> Features:
    """The ranking arrays of a table's rows."""
    return Features(
        version=version,
        table=table,
        **_fact_arrays(table),
        **_record_arrays(table),
        **_place_arrays(table),
        **_session_arrays(table),
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


def _interned(slot: tuple[str, str, str]) -> tuple[str, str, str]:
    """A session's (day, start, end), each string interned (equal ones shared in memory)."""
    return (sys.intern(slot[0]), sys.intern(slot[1]), sys.intern(slot[2]))


def record_from_resource(
    resource: Resource,
    now: datetime | None = None,
    pool: dict[Any, Any] | None = None,
    zone: tzinfo | None = None,
) -> ResourceRecord:
    """The plain facts of one resource row (equal codes and sessions shared through pool)."""
    # Session times are on the clock of `zone` (default: the directory's), as people's free times
    # are.
    now = now or datetime.now(UTC)
    zone = zone or local_zone()
    seen = resource.last_confirmed_at or resource.created_at
    if seen.tzinfo is None:
        seen = seen.replace(tzinfo=UTC)
    concessions = [
        c.amount_pence
        for c in resource.costs
        if c.kind == CostKind.CONCESSION.value and c.label in ("", "people receiving benefits")
    ]
    # A session whose pattern has ended (its until, count or valid-to date passed) fits nobody;
    # an entry whose every session has ended is not running, whatever its status says.
    today = now.astimezone(zone).date()
    running = [s for s in resource.sessions if next_on_or_after(s, today) is not None]
    ended = bool(resource.sessions) and not running
    return ResourceRecord(
        id=resource.id,
        name=resource.name,
        setting=sys.intern(str(resource.setting)),
        active=resource.status == Status.ACTIVE and not ended,
        interests=_shared(pool, tuple(map(sys.intern, resource.interests))),
        access=_shared(pool, tuple(map(sys.intern, resource.access))),
        min_age=resource.min_age,
        max_age=resource.max_age,
        standard_pence=resource.standard_pence,
        concession_pence=min(concessions) if concessions else None,
        places=tuple(
            (loc.latitude, loc.longitude)
            for loc in resource.locations
            if loc.latitude is not None and loc.longitude is not None
        ),
        sessions=_shared(
            pool,
            tuple(_shared(pool, _interned(on_clock(s, zone, now))) for s in running),
        ),
        age_days=(now - seen).total_seconds() / 86400,
        text=f"{resource.name}\n{resource.description}",
    )


def directory_version(session: Session) -> int:
    """The directory's change counter, read from the database (not the session's identity map)."""
    return changes.directory_version(session.connection())


def resource_ids(session: Session) -> list[str]:
    """Every resource's id, in order."""
    return sorted(session.exec(select(Resource.id)).all())  # type: ignore[arg-type]


# Resources per read: 100k ORM rows with their children alive at once take GBs, and the memory a
# chunk's rows free is reused by the next chunk's only if chunks are small; otherwise it stays as
# holes among the records kept (at 100k: 45 MB of holes with chunks of 2,000, 18 MB with 250).
READ_CHUNK = 250


def _read(session: Session, ids: Sequence[str]) -> Table:
    """The table of these resources (without their text), in id order."""
    parts: list[Table] = []
    pool: dict[Any, Any] = {}
    now, zone = datetime.now(UTC), local_zone()
    # A session of its own on the same connection: the same transaction and snapshot, but an
    # identity map emptied after each chunk instead of one holding every row until the end.
    with Session(bind=session.connection()) as reader:
        for start in range(0, len(ids), READ_CHUNK):
            chunk = list(ids[start : start + READ_CHUNK])
            rows = reader.exec(select(Resource).where(Resource.id.in_(chunk))).all()  # type: ignore[attr-defined]
            records = [record_from_resource(row, now, pool, zone) for row in rows]
            # The text is read only here, for the facts: kept, 100k descriptions take ~40 MB.
            parts.append(Table.of(records, [row_facts(r, pool) for r in records], CODE_SIZES))
            reader.expunge_all()
    return Table.in_id_order(parts) if parts else Table.of([], [], CODE_SIZES)


def load(session: Session) -> Features:
    """Read every resource from the database and build the arrays."""
    version = directory_version(session)
    seq = feed.latest(session.connection())  # read first: a later change has a later seq
    built = from_table(_read(session, resource_ids(session)), version)
    built.seq = seq
    if has_app_context():  # outside an app (the eval, the bench) the default period stands
        days = fade_after_days(current_app)
        built.stale_after_days = float(days or built.stale_after_days)
    return built


REFRESH_SHARE = 0.25  # past this share of changed rows, reading everything again is as quick


def updated(session: Session, table: Table, catch: feed.Catch) -> Table:
    """The table with the rows the feed lists as changed read again, and deleted ones gone."""
    # Only the resources changed since the arrays' seq are read again, whichever node changed them.
    # A changed id the database no longer has is gone.
    fresh = _read(session, sorted(catch.changed))
    return table.updated(fresh, catch.deleted | catch.changed)


_cache: dict[str, Features] = {}
_lock = threading.Lock()


def _caught_up(session: Session, key: str, version: int) -> Features:
    """The arrays for `key` at `version`, from the cached ones and the change feed (under _lock)."""
    cached = _cache.pop(key, None)
    if cached is None:
        return load(session)
    forget_derived()
    catch = feed.since(session.connection(), cached.seq)
    if not (catch.everything or catch.changed or catch.deleted):
        # The version moved with no resource changing (an erasure, a renewed version).
        return replace(cached, version=version)
    share = (len(catch.changed) + len(catch.deleted)) / max(cached.size, 1)
    # `everything`: the feed went back (a restore), was pruned past us, or says all changed.
    if catch.everything or share > REFRESH_SHARE:
        del cached  # the old arrays go first (a request still ranking keeps its own)
        return load(session)
    # The old arrays go before the new ones are built, and the old table once the new one is made.
    table, stale_after_days = cached.table, cached.stale_after_days
    del cached
    table = updated(session, table, catch)
    built = from_table(table, version)
    built.seq, built.stale_after_days = catch.last, stale_after_days
    return built


def get_features(session: Session, version: int | None = None) -> Features:
    """The cached arrays for this database, brought up to date when the directory version moved."""
    # The version lives in the database, so a change made on another app node is seen on this node's
    # next call. A caller that has just read it in this session's transaction may pass it.
    bind = session.get_bind()
    key = str(bind.url) if isinstance(bind, Engine) else str(bind.engine.url)
    if version is None:
        version = directory_version(session)
    cached = _cache.get(key)
    if cached is not None and cached.version == version:
        return cached
    cached = None  # not held here while the arrays are rebuilt: the old ones can go first
    with _lock:
        if key not in _cache or _cache[key].version != version:
            _cache[key] = _caught_up(session, key, version)
            heap.release()  # what the build freed (ORM rows, temporaries)
        return _cache[key]


def forget_derived() -> None:
    """Drop memoised results that may hold a person's words (an erasure bumps the version)."""
    from matcher import people, ranked, score

    ranked.memo.clear()
    people.profiles.clear()
    score.term_weights.cache_clear()
    mentioned.cache_clear()
    own_words.cache_clear()


def clear_cache() -> None:
    """Forget every cached directory (tests and the eval command)."""
    _cache.clear()
