"""New-group suggestions: enough consenting people who share an interest, live near each other
and are free at the same time, where the directory has nothing any of them could go to.

Pure functions over plain data (a peer pool, the directory arrays, venue places).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from directory.models import DAY_NAMES, DAYS
from matcher import constraints, features
from matcher.features import INTEREST_INDEX, Features
from matcher.peers import HOURS, PeerPool, PeerRecord
from matcher.profile import Profile, Window

GROUP_KM = 2.0  # members live within this distance of the group's middle
DEFAULT_MIN_SIZE = 4
# Parts of the day a group could meet: (name, first hour, end hour).
PARTS: tuple[tuple[str, int, int], ...] = (
    ("mornings", 9, 12),
    ("afternoons", 12, 17),
    ("evenings", 17, 21),
)
MIN_HOURS = 2  # a person is free in a part of the day when free this many whole hours of it
_CODES = {i: code for code, i in INTEREST_INDEX.items()}


@dataclass(frozen=True)
class Venue:
    """A place in the directory that could host a group, and what kind of place it is."""

    latitude: float
    longitude: float
    kind: str  # e.g. "Community centre", "Library"


@dataclass(frozen=True)
class GroupSuggestion:
    """A group that could be started: what, when, where, and who (ids for their own teams)."""

    interest: str
    time: str  # e.g. "Tuesday afternoons"
    area: str
    latitude: float
    longitude: float
    members: tuple[tuple[int, int], ...]  # (person id, team id)
    venue_kinds: tuple[str, ...]

    @property
    def size(self) -> int:
        """How many people."""
        return len(self.members)

    def team_count(self, team_id: int) -> int:
        """How many of them a team supports."""
        return sum(1 for _, team in self.members if team == team_id)


def _bucket_masks() -> list[tuple[int, str, np.ndarray]]:
    """For each day and part of the day, the hour bits it covers (one row of SLOT_WORDS)."""
    from matcher.peers import SLOT_WORDS

    out = []
    for d, day in enumerate(DAYS):
        for p, (_, first, end) in enumerate(PARTS):
            mask = np.zeros(SLOT_WORDS, dtype=np.uint64)
            for h in range(first, end):
                bit = d * HOURS + h
                mask[bit // 64] |= np.uint64(1 << (bit % 64))
            out.append((d * len(PARTS) + p, day, mask))
    return out


def _km(lat0: float, lon0: float, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Great-circle km from one point to many (radians)."""
    return constraints.great_circle_km(lat0, lon0, lat, lon, np.cos(lat))


def _has_option(
    f: Features, lat: float, lon: float, day: str, part: int, members: list[PeerRecord]
) -> bool:
    """Whether `f` (resources for one interest) has one that suits the whole group."""
    if not f.size:
        return False
    _, first, end = PARTS[part]
    budgets = [r.budget_pence for r in members if r.budget_pence is not None]
    reach = sorted(r.max_km or 5.0 for r in members)
    group = Profile(
        latitude=math.degrees(lat),
        longitude=math.degrees(lon),
        budget_pence=min(budgets) if budgets else None,
        receives_benefits=all(r.receives_benefits for r in members),
        max_km=reach[len(reach) // 2],
        free_times=(Window(day, f"{first:02d}:00", f"{end:02d}:00"),),
    )
    return bool(constraints.check(group, f).feasible.any())


def find_groups(
    pool: PeerPool,
    f: Features,
    venues: Sequence[Venue] = (),
    min_size: int = DEFAULT_MIN_SIZE,
    km: float = GROUP_KM,
) -> list[GroupSuggestion]:
    """Groups of at least `min_size` people in the pool with no feasible resource in `f`."""
    # Everyone counted enjoys or wants to try the interest, is free for the same part of a day and
    # lives within `km` of the group's middle (and within their own travel limit). Each person is
    # counted in at most one group per interest, the most crowded places first.
    grid = _grid(pool, venues, max(2, min_size), km)
    out: list[GroupSuggestion] = []
    for bit, code in sorted(_CODES.items()):
        word, one = bit // 64, np.uint64(1 << (bit % 64))
        keen = np.flatnonzero(pool.located & (((pool.enjoy[word] | pool.want[word]) & one) != 0))
        if len(keen) >= grid.min_size:
            rows = [i for i, codes in enumerate(f.table.interests) if code in codes]
            options = features.from_table(f.table.take(rows))
            out += _groups_of(pool, grid, code, keen, options)
    out.sort(key=lambda g: (-g.size, g.interest, g.time))
    return out


@dataclass(frozen=True)
class _Grid:
    """Everyone's grid cell (about `km` square), free parts of the week, and the venues."""

    key: np.ndarray
    wide: int
    free_in: np.ndarray
    masks: list[tuple[int, str, np.ndarray]]
    venues: Sequence[Venue]
    venue_lat: np.ndarray
    venue_lon: np.ndarray
    min_size: int
    km: float


def _grid(pool: PeerPool, venues: Sequence[Venue], min_size: int, km: float) -> _Grid:
    lat_deg, lon_deg = np.degrees(pool.lat), np.degrees(pool.lon)
    cy = np.floor(lat_deg * 111.2 / km).astype(np.int64)
    cx = np.floor(lon_deg * 111.2 * np.cos(pool.lat) / km).astype(np.int64)
    wide = int(cx.max() - cx.min()) + 3 if pool.size else 1
    key = (cy - (cy.min() if pool.size else 0)) * wide + (cx - (cx.min() if pool.size else 0) + 1)
    masks = _bucket_masks()
    free_in = (
        np.stack(
            [
                np.bitwise_count(pool.free & m[:, None]).sum(axis=0) >= MIN_HOURS
                for _, _, m in masks
            ],
            axis=1,
        )
        if pool.size
        else np.zeros((0, len(masks)), dtype=bool)
    )
    venue_lat = np.radians([v.latitude for v in venues])
    venue_lon = np.radians([v.longitude for v in venues])
    return _Grid(key, wide, free_in, masks, venues, venue_lat, venue_lon, min_size, km)


def _groups_of(
    pool: PeerPool, grid: _Grid, code: str, keen: np.ndarray, options: Features
) -> list[GroupSuggestion]:
    """The groups of one interest, the most crowded cells first, each person in one at most."""
    keen = keen[np.argsort(grid.key[keen], kind="stable")]
    keys = grid.key[keen]
    taken = np.zeros(len(keen), dtype=bool)
    out: list[GroupSuggestion] = []
    cells, counts = np.unique(keys, return_counts=True)
    for c in cells[np.argsort(-counts, kind="stable")]:
        parts = [
            np.arange(*np.searchsorted(keys, [c + dy * grid.wide - 1, c + dy * grid.wide + 2]))
            for dy in (-1, 0, 1)
        ]
        near = np.concatenate(parts)
        near = near[~taken[near]]
        inside = near[keys[near] == c]
        if len(near) < grid.min_size or not len(inside):
            continue
        lat0 = float(pool.lat[keen[inside]].sum() / len(inside))
        lon0 = float(pool.lon[keen[inside]].sum() / len(inside))
        who = keen[near]
        d = _km(lat0, lon0, pool.lat[who], pool.lon[who])
        close = (d <= grid.km) & (d <= pool.reach[who])
        if close.sum() < grid.min_size:
            continue
        found = _first_free_group(pool, grid, code, keen, near[close], (lat0, lon0), options)
        if found is not None:
            taken[found[0]] = True
            out.append(found[1])
    return out


def _first_free_group(
    pool: PeerPool,
    grid: _Grid,
    code: str,
    keen: np.ndarray,
    close: np.ndarray,
    middle: tuple[float, float],
    options: Features,
) -> tuple[np.ndarray, GroupSuggestion] | None:
    """Of the three most shared free parts of the week, the first with no option already."""
    free = grid.free_in[keen[close]]
    tally = free.sum(axis=0)
    for b in np.argsort(-tally, kind="stable")[:3]:
        if tally[b] < grid.min_size:
            break
        chosen = close[free[:, b]]
        records = [pool.records[int(pool.rows[keen[m]])] for m in chosen]
        _, day, _ = grid.masks[b]
        part = int(b) % len(PARTS)
        if _has_option(options, middle[0], middle[1], day, part, records):
            continue
        suggestion = _suggestion(
            code, day, part, middle[0], middle[1], records, grid.venues, grid.venue_lat,
            grid.venue_lon, grid.km,
        )  # fmt: skip
        return chosen, suggestion
    return None


def _suggestion(
    code: str,
    day: str,
    part: int,
    lat0: float,
    lon0: float,
    records: list[PeerRecord],
    venues: Sequence[Venue],
    venue_lat: np.ndarray,
    venue_lon: np.ndarray,
    km: float,
) -> GroupSuggestion:
    """A found group as shown to teams: what, when, the general area and nearby venue kinds."""
    near = _km(lat0, lon0, venue_lat, venue_lon) <= km if len(venues) else np.zeros(0, bool)
    kinds = sorted({v.kind for v, ok in zip(venues, near, strict=True) if ok})
    areas = Counter(r.area for r in records if r.area and r.show_area)
    return GroupSuggestion(
        interest=code,
        time=f"{DAY_NAMES[day]} {PARTS[part][0]}",
        area=areas.most_common(1)[0][0] if areas else "",
        latitude=math.degrees(lat0),
        longitude=math.degrees(lon0),
        members=tuple((r.id, r.team_id) for r in records),
        venue_kinds=tuple(kinds),
    )
