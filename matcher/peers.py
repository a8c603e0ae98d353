"""Peer suggestions: people with shared interests or skills to swap, near, free at the same time.

Pure functions over plain data (no Flask, no database). A pool holds only people with current
consent; interests and free hours are bit sets packed in uint64 words, so comparing one person
with 50,000 is a handful of vectorised AND/popcount passes.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from directory import vocabulary
from directory.models import DAY_NAMES, DAYS
from directory.models.base import minutes
from matcher.constraints import great_circle_km
from matcher.features import INTEREST_INDEX

DEFAULT_PEER_KM = 5.0  # how far apart two people may live when neither has given a limit
MAX_PEERS = 10
HOURS = 24
SLOT_WORDS = math.ceil(len(DAYS) * HOURS / 64)
INTEREST_WORDS = max(1, math.ceil(len(INTEREST_INDEX) / 64))
CELL_KM = 1.0  # grid cell for the batch: only people in nearby cells are compared
TEAM, DEPLOYMENT = "team", "deployment"
# Score weights: what two people have in common now counts most.
W_SHARED, W_SWAP, W_TRY = 2, 2, 1


@dataclass(frozen=True)
class PeerRecord:
    """What peer matching may use about one consenting person."""

    id: int
    team_id: int
    label: str = ""
    area: str = ""  # postcode district or place name, never an address
    latitude: float | None = None
    longitude: float | None = None
    max_km: float | None = None
    gender: str = ""
    women_only: bool = False
    interests: tuple[str, ...] = ()
    want_to_try: tuple[str, ...] = ()
    skills_to_share: tuple[str, ...] = ()
    free_times: tuple[tuple[str, str, str], ...] = ()  # (day, "HH:MM", "HH:MM"); empty: any time
    avoid_ids: frozenset[int] = frozenset()  # people never to be suggested with
    budget_pence: int | None = None  # for deciding whether a group has somewhere to go
    receives_benefits: bool = False
    scope: str = TEAM
    seeking: bool = False
    show_label: bool = True
    show_interests: bool = True
    show_area: bool = True


@dataclass
class PeerPool:
    """Column arrays over consenting people (or a slice of them: `rows` point into records)."""

    version: int
    records: list[PeerRecord]
    rows: np.ndarray  # position in records of each member
    ids: np.ndarray
    team: np.ndarray
    wide: np.ndarray  # bool: deployment scope
    woman: np.ndarray
    women_only: np.ndarray
    located: np.ndarray
    lat: np.ndarray  # radians (0 where not located)
    lon: np.ndarray
    cos: np.ndarray
    reach: np.ndarray  # km
    enjoy: np.ndarray  # uint64 (INTEREST_WORDS, n): one bit per interest
    want: np.ndarray
    skill: np.ndarray
    free: np.ndarray  # uint64 (SLOT_WORDS, n): the hours of the week they are free
    seeking: np.ndarray
    avoid: dict[int, np.ndarray] = field(default_factory=dict)  # id -> ids, both ways

    @property
    def size(self) -> int:
        """How many people."""
        return len(self.ids)

    def take(self, rows: np.ndarray) -> PeerPool:
        """The same pool restricted to some members (positions in this pool)."""
        return PeerPool(
            self.version,
            self.records,
            self.rows[rows],
            self.ids[rows],
            self.team[rows],
            self.wide[rows],
            self.woman[rows],
            self.women_only[rows],
            self.located[rows],
            self.lat[rows],
            self.lon[rows],
            self.cos[rows],
            self.reach[rows],
            self.enjoy[:, rows],
            self.want[:, rows],
            self.skill[:, rows],
            self.free[:, rows],
            self.seeking[rows],
            self.avoid,
        )


@dataclass(frozen=True)
class Peer:
    """One suggested peer and why, in plain words."""

    id: int
    team_id: int
    score: int
    km: float
    reasons: tuple[str, ...]
    shared: tuple[str, ...]  # interest codes in common (or to swap)


def _bits(codes: Iterable[str], words: int) -> np.ndarray:
    out = np.zeros(words, dtype=np.uint64)
    for code in codes:
        i = INTEREST_INDEX.get(code)
        if i is not None:
            out[i // 64] |= np.uint64(1 << (i % 64))
    return out


def free_hours(free_times: Sequence[tuple[str, str, str]]) -> list[int]:
    """Hours of the week (day * 24 + hour) a person is free for the whole hour; all if none."""
    if not free_times:
        return list(range(len(DAYS) * HOURS))
    hours: set[int] = set()
    for day, start, end in free_times:
        d = DAYS.index(day)
        first = math.ceil(minutes(start) / 60)
        last = minutes(end) // 60
        hours.update(d * HOURS + h for h in range(first, last))
    return sorted(hours)


def _slots(free_times: Sequence[tuple[str, str, str]]) -> np.ndarray:
    out = np.zeros(SLOT_WORDS, dtype=np.uint64)
    for h in free_hours(free_times):
        out[h // 64] |= np.uint64(1 << (h % 64))
    return out


def build(records: Sequence[PeerRecord], version: int = 0) -> PeerPool:
    """Turn consenting people into the arrays peer matching reads."""
    n = len(records)
    enjoy = np.zeros((INTEREST_WORDS, n), dtype=np.uint64)
    want = np.zeros_like(enjoy)
    skill = np.zeros_like(enjoy)
    free = np.zeros((SLOT_WORDS, n), dtype=np.uint64)
    lat = np.zeros(n)
    lon = np.zeros(n)
    located = np.zeros(n, dtype=bool)
    slot_cache: dict[tuple[tuple[str, str, str], ...], np.ndarray] = {}
    for i, r in enumerate(records):
        enjoy[:, i] = _bits(r.interests, INTEREST_WORDS)
        want[:, i] = _bits(r.want_to_try, INTEREST_WORDS)
        skill[:, i] = _bits(r.skills_to_share, INTEREST_WORDS)
        slots = slot_cache.get(r.free_times)
        if slots is None:
            slots = slot_cache[r.free_times] = _slots(r.free_times)
        free[:, i] = slots
        if r.latitude is not None and r.longitude is not None:
            located[i] = True
            lat[i], lon[i] = math.radians(r.latitude), math.radians(r.longitude)
    ids = np.fromiter((r.id for r in records), dtype=np.int64, count=n)
    avoid: dict[int, set[int]] = {}
    for r in records:
        for other in r.avoid_ids:
            avoid.setdefault(r.id, set()).add(other)
            avoid.setdefault(other, set()).add(r.id)
    return PeerPool(
        version=version,
        records=list(records),
        rows=np.arange(n),
        ids=ids,
        team=np.fromiter((r.team_id for r in records), dtype=np.int64, count=n),
        wide=np.fromiter((r.scope == DEPLOYMENT for r in records), dtype=bool, count=n),
        woman=np.fromiter((r.gender == "woman" for r in records), dtype=bool, count=n),
        women_only=np.fromiter((r.women_only for r in records), dtype=bool, count=n),
        located=located,
        lat=lat,
        lon=lon,
        cos=np.cos(lat),
        reach=np.fromiter((r.max_km or DEFAULT_PEER_KM for r in records), dtype=float, count=n),
        enjoy=enjoy,
        want=want,
        skill=skill,
        free=free,
        seeking=np.fromiter((r.seeking for r in records), dtype=bool, count=n),
        avoid={k: np.fromiter(v, dtype=np.int64) for k, v in avoid.items()},
    )


def _common(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """How many bits each column of `a` (words, n) shares with the word vector `b`."""
    shared = np.bitwise_count(a[0] & b[0])
    for k in range(1, len(b)):
        shared += np.bitwise_count(a[k] & b[k])
    return shared


def _any(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Whether each column of `a` (words, n) shares any bit with the word vector `b`."""
    hit = a[0] & b[0]
    for k in range(1, len(b)):
        hit |= a[k] & b[k]
    return hit != 0


def _candidates(pool: PeerPool, i: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Who may be suggested to member i, their scores and distances (not yet ordered)."""
    # Cheap whole-pool tests come first (something in common, scope, preferences); free times, avoid
    # lists, scores and distances are then worked out for the few left.
    e, w, s = pool.enjoy[:, i], pool.want[:, i], pool.skill[:, i]
    ok = _any(pool.enjoy, e | w)
    ok |= _any(pool.want, e | w | s)
    ok |= _any(pool.skill, w)
    if pool.wide[i]:
        ok &= (pool.team == pool.team[i]) | pool.wide
    else:
        ok &= pool.team == pool.team[i]
    ok &= pool.located
    if not pool.woman[i]:
        ok &= ~pool.women_only
    if pool.women_only[i]:
        ok &= pool.woman
    ok[i] = False
    cand = np.flatnonzero(ok)
    cand = cand[_any(pool.free[:, cand], pool.free[:, i])]
    avoided = pool.avoid.get(int(pool.ids[i]))
    if avoided is not None:
        cand = cand[~np.isin(pool.ids[cand], avoided)]
    km = great_circle_km(pool.lat[i], pool.lon[i], pool.lat[cand], pool.lon[cand], pool.cos[cand])
    near = km <= np.minimum(pool.reach[cand], pool.reach[i])
    cand, km = cand[near], km[near]
    en, wa, sk = pool.enjoy[:, cand], pool.want[:, cand], pool.skill[:, cand]
    score = W_SHARED * _common(en, e)
    score += W_SWAP * (_common(wa, s) + _common(sk, w))
    score += W_TRY * (_common(en, w) + _common(wa, e) + _common(wa, w))
    return cand, score, km


def _top(pool: PeerPool, i: int, limit: int, explain: bool) -> list[Peer]:
    """The best `limit` peers for member i of the pool."""
    if not pool.located[i]:
        return []
    cand, score, km = _candidates(pool, i)
    if len(cand) > limit:
        # Higher score first, then nearer: km < 1000 so it never outweighs a score point.
        keep = np.argpartition(-(score - km / 1000.0), limit - 1)[:limit]
        cand, score, km = cand[keep], score[keep], km[keep]
    order = np.lexsort((pool.ids[cand], km, -score))
    if not explain:
        return [
            Peer(
                int(pool.ids[cand[j]]), int(pool.team[cand[j]]), int(score[j]), float(km[j]), (), ()
            )
            for j in order
        ]
    me = pool.records[int(pool.rows[i])]
    return [
        _peer(
            me,
            pool.records[int(pool.rows[cand[j]])],
            int(score[j]),
            float(km[j]),
            pool.free[:, i] & pool.free[:, cand[j]],
        )
        for j in order
    ]


def gender_missing(gender: str, women_only: bool) -> str:
    """The same-gender preference that needs a recorded gender and has none, in words, or ''."""
    # Without it, only women who did not ask for women-only meetings can be suggested, and none who
    # did can see them.
    return "women-only" if women_only and not gender else ""


def top_peers(
    pool: PeerPool, person_id: int, limit: int = MAX_PEERS, explain: bool = True
) -> list[Peer]:
    """Up to `limit` consenting peers for one person in the pool (none if they are not in it)."""
    hit = np.flatnonzero(pool.ids == person_id)
    return _top(pool, int(hit[0]), limit, explain) if len(hit) else []


def all_peers(
    pool: PeerPool,
    limit: int = MAX_PEERS,
    progress: Callable[[int], None] | None = None,
    explain: bool = False,
) -> dict[int, list[Peer]]:
    """Peers for everyone in the pool who is seeking, comparing each only with nearby cells."""
    # The result for each person is the same as `top_peers` gives: only people within the seeker's
    # own travel limit can be suggested, and they all lie in the cells searched.
    out: dict[int, list[Peer]] = {}
    seekers = np.flatnonzero(pool.seeking)
    lost = seekers[~pool.located[seekers]]
    for i in lost:
        out[int(pool.ids[i])] = []
    if progress and len(lost):
        progress(len(lost))
    located = np.flatnonzero(pool.located)
    if not len(located):
        return out
    lat_deg = np.degrees(pool.lat[located])
    lon_deg = np.degrees(pool.lon[located])
    # Cells are CELL_KM tall; in longitude they are CELL_KM wide at the pool's highest
    # latitude, so at least CELL_KM wide everywhere and the neighbourhood is a superset.
    widest = math.cos(math.radians(min(float(np.abs(lat_deg).max()), 89.0)))
    cy = np.floor(lat_deg * 111.2 / CELL_KM).astype(np.int64)
    cx = np.floor(lon_deg * 111.2 * widest / CELL_KM).astype(np.int64)
    span = int(cx.max() - cx.min()) + 1
    key = (cy - cy.min()) * span + (cx - cx.min())
    order = np.argsort(key, kind="stable")
    sorted_key = key[order]
    members = located[order]  # pool positions, by cell
    reach_cells = np.ceil(pool.reach[members] / CELL_KM).astype(np.int64)
    wanted = np.flatnonzero(pool.seeking[members])
    # One neighbourhood per cell and travel limit: seekers sharing both share their candidates.
    groups = np.unique(np.stack([sorted_key[wanted], reach_cells[wanted]]), axis=1)
    for cell, k in groups.T:
        mine = wanted[(sorted_key[wanted] == cell) & (reach_cells[wanted] == k)]
        y, x = divmod(int(cell), span)
        parts = []
        for yy in range(y - int(k), y + int(k) + 1):
            lo = np.searchsorted(sorted_key, yy * span + max(x - int(k), 0), "left")
            hi = np.searchsorted(sorted_key, yy * span + min(x + int(k), span - 1), "right")
            if hi > lo and yy >= 0:
                parts.append(np.arange(lo, hi))
        near = np.concatenate(parts)
        sub = pool.take(members[near])
        local = np.searchsorted(near, mine)
        for j, i in zip(local, members[mine], strict=True):
            out[int(pool.ids[i])] = _top(sub, int(j), limit, explain)
        if progress:
            progress(len(mine))
    return out


# --- Reasons in plain words ------------------------------------------------------------------


def _names(codes: Iterable[str]) -> str:
    words = [vocabulary.label(vocabulary.INTEREST, c).lower() for c in codes]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _part(hour: int) -> str:
    return "mornings" if hour < 12 else ("afternoons" if hour < 17 else "evenings")


def common_times(both: np.ndarray, most: int = 2) -> list[str]:
    """Days and parts of the day in a set of free hours, e.g. "Tuesday afternoons"."""
    bits = np.unpackbits(both.astype("<u8").view(np.uint8), bitorder="little")
    seen = dict.fromkeys(
        f"{DAY_NAMES[DAYS[h // HOURS]]} {_part(h % HOURS)}" for h in np.flatnonzero(bits).tolist()
    )
    return list(seen)[:most]


def distance_words(km: float) -> str:
    """A distance rounded as people say it."""
    if km < 1:
        return "less than 1 km apart"
    return f"about {round(km)} km apart"


def _peer(me: PeerRecord, other: PeerRecord, score: int, km: float, both: np.ndarray) -> Peer:
    """Score, distance and the reasons one person suits another, within what was consented."""
    shared = [c for c in me.interests if c in other.interests]
    learn = [c for c in me.want_to_try if c in other.skills_to_share]
    teach = [c for c in me.skills_to_share if c in other.want_to_try]
    try_ = [c for c in me.want_to_try if c in other.want_to_try]
    reasons: list[str] = []
    if other.show_interests:
        if shared:
            reasons.append(f"both enjoy {_names(shared)}")
        if learn:
            reasons.append(f"wants to learn {_names(learn)}, which the other can share")
        if teach:
            reasons.append(f"could share {_names(teach)}, which the other wants to learn")
        if try_:
            reasons.append(f"both want to try {_names(try_)}")
        tried = [c for c in me.interests if c in other.want_to_try]
        keen = [c for c in me.want_to_try if c in other.interests]
        if keen:
            reasons.append(f"wants to try {_names(keen)}, which the other enjoys")
        if tried:
            reasons.append(f"enjoys {_names(tried)}, which the other wants to try")
    else:
        reasons.append("interests in common")
    times = common_times(both) if me.free_times and other.free_times else []
    if times:
        reasons.append("both free " + " and ".join(times))
    reasons.append(distance_words(km) if other.show_area else "live near each other")
    codes = (
        tuple(dict.fromkeys(shared + learn + teach + try_ + keen + tried))
        if other.show_interests
        else ()
    )
    return Peer(other.id, other.team_id, score, km, tuple(reasons), codes)
