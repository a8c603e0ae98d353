"""Hard rules (the eval README's nine violation rules), vectorised over every resource."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from directory import vocabulary
from directory.models import DAYS
from directory.models.base import minutes
from matcher.features import ACCESS_INDEX, MENTAL_HEALTH, ONLINE, Features
from matcher.profile import Profile

EARTH_KM = 6371.0
NEAR_MINUTES = 60  # a session this close to a free window is a near miss
RULES: tuple[str, ...] = (
    "status",
    "age",
    "women_only",
    "avoid",
    "mental_health",
    "access",
    "cost",
    "distance",
    "time",
)


@dataclass
class Checks:
    """Which resources break which rule for one person, and the facts behind each rule."""

    broken: dict[str, np.ndarray]  # rule -> bool per resource
    count: np.ndarray  # how many rules each resource breaks (at least; exact when feasible)
    distance_km: np.ndarray  # nearest place; 0 for online, inf when unknown
    cost_pence: np.ndarray  # per session after any concession
    fits_time: np.ndarray  # some session inside a free window (True when none fixed)
    time_close: np.ndarray  # some session misses a free window by at most NEAR_MINUTES
    missing_access: np.ndarray  # how many access needs are unmet

    @property
    def feasible(self) -> np.ndarray:
        """Resources that break no rule."""
        return self.count == 0


def distances_km(profile: Profile, f: Features, among: np.ndarray | None = None) -> np.ndarray:
    """Great-circle km from home to each resource's nearest place (0 online; inf: not measured).

    With `among` (a bool mask), only those resources are measured.
    """
    out = np.full(f.size, np.inf)
    if profile.latitude is not None and profile.longitude is not None and len(f.place_res):
        places = slice(None) if among is None else np.flatnonzero(among[f.place_res])
        lat, lon = f.place_lat[places], f.place_lon[places]
        lat0 = np.radians(profile.latitude)
        lon0 = np.radians(profile.longitude)
        a = np.sin((lat - lat0) / 2) ** 2
        a += np.cos(lat0) * f.place_cos[places] * np.sin((lon - lon0) / 2) ** 2
        d = 2 * EARTH_KM * np.arcsin(np.sqrt(a))
        # Places are sorted by resource, so the minimum over each run is one reduceat.
        owner = f.place_res[places]
        if len(owner):
            starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
            out[owner[starts]] = np.minimum.reduceat(d, starts)
    out[f.setting == ONLINE] = 0.0
    return out


def session_gaps(profile: Profile, f: Features, among: np.ndarray | None = None) -> np.ndarray:
    """Minutes each session falls outside the person's nearest free window that day (inf: none).

    With `among` (a bool mask over resources), sessions of other resources stay inf.
    """
    gap = np.full(len(f.sess_res), np.inf)
    for w in profile.free_times:
        d = DAYS.index(w.day)
        lo, hi = f.day_bounds[d], f.day_bounds[d + 1]
        rows = np.arange(lo, hi) if among is None else lo + np.flatnonzero(among[f.sess_res[lo:hi]])
        start, end = minutes(w.start), minutes(w.end)
        miss = np.maximum(start - f.sess_start[rows], 0) + np.maximum(f.sess_end[rows] - end, 0)
        gap[rows] = np.minimum(gap[rows], miss)
    return gap


def _time(
    profile: Profile, f: Features, among: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Whether some session fits a free window, and whether one misses by at most an hour."""
    if not profile.free_times or len(f.sess_res) == 0:
        return np.ones(f.size, dtype=bool), np.ones(f.size, dtype=bool)
    gap = session_gaps(profile, f, among)
    fits = np.zeros(f.size, dtype=bool)
    close = np.zeros(f.size, dtype=bool)
    fits[f.sess_res[gap == 0]] = True
    close[f.sess_res[gap <= NEAR_MINUTES]] = True
    fits |= ~f.has_sessions
    return fits, close | fits


def check(profile: Profile, f: Features) -> Checks:
    """Apply every hard rule to every resource."""
    n = f.size
    none = np.zeros(n, dtype=bool)
    online = f.setting == ONLINE
    broken: dict[str, np.ndarray] = {"status": ~f.active}
    broken["age"] = (
        ((f.min_age > profile.age) | (f.max_age < profile.age)) if profile.age is not None else none
    )
    broken["women_only"] = (
        f.access[ACCESS_INDEX["women-only"]] if profile.gender == "man" else none.copy()
    )
    avoid = np.zeros(n, dtype=bool)
    for rid in profile.avoid_ids:
        i = f.index.get(rid)
        if i is not None:
            avoid[i] = True
    broken["avoid"] = avoid
    broken["mental_health"] = (
        f.setting == MENTAL_HEALTH if profile.avoid_mental_health_settings else none
    )
    missing = np.zeros(n, dtype=np.int8)
    for need in profile.access_needs:
        if need not in ACCESS_INDEX:
            continue
        lacks = ~f.access[ACCESS_INDEX[need]]
        if need in vocabulary.VENUE_ACCESS:
            lacks &= ~online
        missing += lacks
    broken["access"] = missing > 0
    cost = f.standard
    if profile.receives_benefits:
        cost = np.minimum(cost, f.concession)
    broken["cost"] = cost > profile.budget_pence if profile.budget_pence is not None else none
    count = np.zeros(n, dtype=np.int8)
    for rule in RULES[:-2]:
        count += broken[rule]
    # Distance and time cost the most, so they are measured only where the cheap rules leave
    # the resource feasible or a possible near miss on cost; elsewhere they stay unknown (the
    # resource already breaks a rule no near miss allows) and `count` is a lower bound.
    among = (count == 0) | ((count == 1) & broken["cost"])
    dist = distances_km(profile, f, among)
    if profile.max_km is not None and profile.has_location:
        broken["distance"] = among & ~online & (dist > profile.max_km)
    else:
        broken["distance"] = none
    fits, close = _time(profile, f, among)
    broken["time"] = among & ~fits
    count += broken["distance"]
    count += broken["time"]
    return Checks(broken, count, dist, cost, fits, close, missing)
