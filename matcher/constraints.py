"""Hard rules (the eval README's nine violation rules), vectorised over every resource."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from directory.geo import haversine_radians_km
from directory.models import DAYS
from directory.models.base import minutes
from matcher.features import ACCESS_INDEX, INTEREST_INDEX, MENTAL_HEALTH, NO_TERM, Features
from matcher.profile import Profile

NEAR_MINUTES = 60  # a session this close to a free window is a near miss
# The ages each age-group audience term is for (directory/vocabulary.py's own definitions).
AGE_GROUPS: dict[str, tuple[float, float]] = {
    "over-50s": (50, float("inf")),
    "young-adults-16-25": (16, 25),
}
RULES: tuple[str, ...] = (
    "status",
    "age",
    "women_only",
    "men_only",
    "avoid",
    "not_interested",
    "mental_health",
    "access",
    "online_only",
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


def great_circle_km(
    lat0: float, lon0: float, lat: np.ndarray, lon: np.ndarray, cos: np.ndarray
) -> np.ndarray:
    """Great-circle km from one point to many (all in radians; cos is cos(lat))."""
    return haversine_radians_km(lat0, lon0, lat, lon, cos)


def distances_km(profile: Profile, f: Features, among: np.ndarray | None = None) -> np.ndarray:
    """Great-circle km from home to each resource's nearest place (0 online; inf: not measured)."""
    # With `among` (a bool mask), only those resources are measured.
    out = np.full(f.size, np.inf)
    if profile.latitude is not None and profile.longitude is not None and len(f.place_res):
        lat0, lon0 = np.radians(profile.latitude), np.radians(profile.longitude)
        if among is None:
            placed = f.placed
        else:
            measured = np.flatnonzero(among)
            placed = measured[f.has_place[measured]]
        out[placed] = great_circle_km(
            lat0, lon0, f.first_lat[placed], f.first_lon[placed], f.first_cos[placed]
        )
        extra = f.extra_place
        if among is not None and len(extra):
            extra = extra[among[f.extra_owner]]
        if len(extra):
            d = great_circle_km(
                lat0, lon0, f.place_lat[extra], f.place_lon[extra], f.place_cos[extra]
            )
            np.minimum.at(out, f.place_res[extra], d)
    out[f.online_idx] = 0.0
    return out


def _time(
    profile: Profile, f: Features, among: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Whether some session fits a free window, and whether one misses by at most an hour."""
    # With `among` (a bool mask over resources), other resources' sessions are not looked at.
    if not profile.free_times or len(f.sess_res) == 0:
        return np.ones(f.size, dtype=bool), np.ones(f.size, dtype=bool)
    fits = ~f.has_sessions
    close = fits.copy()
    rows_of_day: dict[int, np.ndarray] = {}
    for w in profile.free_times:
        d = DAYS.index(w.day)
        rows = rows_of_day.get(d)
        if rows is None:
            lo, hi = f.day_bounds[d], f.day_bounds[d + 1]
            rows = (
                np.arange(lo, hi)
                if among is None
                else lo + np.flatnonzero(among[f.sess_res[lo:hi]])
            )
            rows_of_day[d] = rows
        start, end = minutes(w.start), minutes(w.end)
        # Minutes the session falls outside this window (0: it fits).
        miss = np.maximum(start - f.sess_start[rows], 0) + np.maximum(f.sess_end[rows] - end, 0)
        owners = f.sess_res[rows]
        fits[owners[miss == 0]] = True
        close[owners[miss <= NEAR_MINUTES]] = True
    return fits, close


def time_fits(profile: Profile, f: Features, among: np.ndarray) -> np.ndarray:
    """Whether some session of each resource in `among` fits a free window (True: no times)."""
    return _time(profile, f, among)[0]


def outside_age_group(
    bounds: tuple[float, float], f: Features, chosen: tuple[str, ...] = ()
) -> np.ndarray:
    """Groups for an age group (over-50s, 16 to 25s) their recorded age is plainly outside."""
    # The audience term is the group's own eligibility, like a minimum age: an over-50s lunch
    # club is not for a 40-year-old, even when the entry gives no minimum age. An age group the
    # practitioner chose for the person (`chosen`) stands: they know the person better.
    out = np.zeros(f.size, dtype=bool)
    for code, (low, high) in AGE_GROUPS.items():
        if code in chosen:
            continue
        if code in ACCESS_INDEX and (bounds[1] < low or bounds[0] > high):
            out |= f.access[ACCESS_INDEX[code]]
    return out


def mainly_about(codes: frozenset[str], f: Features) -> np.ndarray:
    """Resources whose main interests are all among these codes (none for no codes)."""
    if not codes:
        return np.zeros(f.size, dtype=bool)
    table = np.zeros(NO_TERM + 1, dtype=bool)
    table[[INTEREST_INDEX[c] for c in codes if c in INTEREST_INDEX]] = True
    main = f.tag_main & (f.tag_ids != NO_TERM)
    among = table[f.tag_ids] & main
    out: np.ndarray = main.any(axis=0) & (among.sum(axis=0) == main.sum(axis=0))
    return out


def check(profile: Profile, f: Features, measure: np.ndarray | None = None) -> Checks:
    """Apply every hard rule to every resource."""
    # `measure` (a bool mask) asks for distance and time to be measured there too, whatever other
    # rules those resources break (to say why nothing about an interest fits).
    n = f.size
    none = np.zeros(n, dtype=bool)
    online = f.online
    broken: dict[str, np.ndarray] = {"status": ~f.active}
    # With only an age band, every age in the band must be eligible: never suggest something
    # the person may turn out to be too young or too old for.
    bounds = profile.age_bounds
    broken["age"] = ((f.min_age > bounds[0]) | (f.max_age < bounds[1])) if bounds else none
    if bounds:
        broken["age"] = broken["age"] | outside_age_group(bounds, f, profile.audiences)
    broken["women_only"] = (
        f.access[ACCESS_INDEX["women-only"]] if profile.gender == "man" else none.copy()
    )
    # The mirror of women-only: a men's group is not for someone recorded as a woman.
    broken["men_only"] = f.for_men.copy() if profile.gender == "woman" else none.copy()
    avoid = np.zeros(n, dtype=bool)
    for rid in profile.avoid_ids:
        i = f.table.row(rid)
        if i is not None:
            avoid[i] = True
    broken["avoid"] = avoid
    # What they said they are not interested in: never suggested, whatever the link (company too).
    broken["not_interested"] = mainly_about(profile.not_interested, f)
    broken["mental_health"] = (
        f.setting == MENTAL_HEALTH if profile.avoid_mental_health_settings else none
    )
    needs = [ACCESS_INDEX[need] for need in profile.access_needs if need in ACCESS_INDEX]
    missing = f.lacks[needs].sum(axis=0, dtype=np.int8) if needs else np.zeros(n, np.int8)
    broken["access"] = missing > 0
    # Accepted from the notes or ticked on the form: they take part only online or by phone, so
    # anything that needs them to go out breaks it (a home visit or a call does not).
    broken["online_only"] = ~online & ~f.comes_to_you if profile.hints.online_only else none.copy()
    cost = f.benefits_price if profile.receives_benefits else f.standard
    broken["cost"] = cost > profile.budget_pence if profile.budget_pence is not None else none
    count = np.zeros(n, dtype=np.int8)
    for rule in RULES[:-2]:
        count += broken[rule]
    # Distance and time cost the most, so they are measured only where the cheap rules leave
    # the resource feasible or a possible near miss on cost; elsewhere they stay unknown (the
    # resource already breaks a rule no near miss allows) and `count` is a lower bound.
    among = (count == 0) | ((count == 1) & broken["cost"])
    if measure is not None:
        among = among | measure
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
