"""Why nothing fits: for each interest with nothing suggested, the rules that stopped it (pure)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from directory import vocabulary
from matcher import explain, score
from matcher.constraints import Checks
from matcher.features import INTEREST_INDEX, Features
from matcher.profile import Profile

# Rules a practitioner can loosen on the spot for one search; the others are the person's own.
LOOSENABLE = ("cost", "distance", "time")
# What a practitioner can loosen on the spot, on top of the person's own limits.
BUDGET_STEPS = (0, 1, 2, 5)  # pounds
KM_STEPS = (0, 1, 2, 5)
_FIXED_WORDS = {
    "status": "not running at the moment",
    "age": "for another age group",
    "women_only": "for women only",
    "men_only": "for men only",
    "avoid": "on your never-suggest list",
    "not_interested": "mainly about something you said you are not interested in",
    "mental_health": "in mental-health services, which you would rather avoid",
    "online_only": "in person, and you want things online or by phone only",
}


@dataclass(frozen=True)
class Loosen:
    """How much one search must loosen the rules to let at least one option in."""

    extra_pence: int = 0
    extra_km: float = 0.0
    any_time: bool = False
    lets_in: str = ""  # the option it lets in


@dataclass(frozen=True)
class Gap:
    """One interest of the person's with nothing suggested, and what stopped its options."""

    code: str
    kind: str  # STATED, PAST or WANT
    head: str  # '3 gardening options'
    why: str  # 'all beyond 3 km (nearest 3.4 km)'; empty when there is none
    loosen: Loosen | None  # None: no single search can let one in
    fits: int = 0  # options that fit every rule but rank below those shown

    @property
    def text(self) -> str:
        """'3 gardening options: all beyond 3 km (nearest 3.4 km)'."""
        return f"{self.head}: {self.why}" if self.why else self.head


def options_mask(profile: Profile, f: Features) -> np.ndarray:
    """Resources about any interest the person named (measured in full to explain gaps)."""
    codes = [c for k, c in explain.said(profile) if k != score.SKILL]
    return explain.tagged_any(f, codes, np.arange(f.size))


def _time_words(profile: Profile, f: Features, idx: np.ndarray) -> list[tuple[int, str]]:
    """The options outside the person's free times: on other days, or at other hours."""
    days = {w.day for w in profile.free_times}
    other_day = [i for i in idx if not any(d in days for d, _, _ in f.table.sessions[int(i)])]
    out = []
    if other_day:
        out.append((len(other_day), "not on your free days"))
    if len(idx) - len(other_day):
        out.append((len(idx) - len(other_day), "outside your free hours"))
    return out


def _rule_words(
    profile: Profile, f: Features, checks: Checks, rule: str, idx: np.ndarray
) -> list[tuple[int, str]]:
    """(how many, words) for the options at idx that break this rule."""
    if rule == "distance":
        limit = profile.max_km or 0.0
        nearest = explain.km_words(float(checks.distance_km[idx].min()), limit)
        return [(len(idx), f"beyond {limit:g} km (nearest {nearest})")]
    if rule == "cost":
        cheapest = explain.money(float(checks.cost_pence[idx].min()))
        budget = explain.money(profile.budget_pence or 0)
        return [(len(idx), f"over your {budget} a week (cheapest {cheapest} a session)")]
    if rule == "time":
        return _time_words(profile, f, idx)
    if rule == "access":
        lacking = [
            need
            for need in profile.access_needs
            if any(need not in f.table.access[int(i)] for i in idx)
        ]
        names = [vocabulary.said(vocabulary.ACCESS, n) for n in lacking]
        return [(len(idx), f"without {' or '.join(names) or 'the access you need'}")]
    return [(len(idx), _FIXED_WORDS[rule])]


def loosen_for(profile: Profile, f: Features, checks: Checks, idx: np.ndarray) -> Loosen | None:
    """The smallest loosening that lets one of these options in (None: a fixed rule stops all)."""
    best: tuple[tuple[int, int, float, int], Loosen] | None = None
    for i in map(int, idx):
        rules = [r for r, broken in checks.broken.items() if broken[i]]
        if not rules or any(r not in LOOSENABLE for r in rules):
            continue
        km = float(checks.distance_km[i]) - (profile.max_km or 0) if "distance" in rules else 0.0
        pence = int(checks.cost_pence[i]) - (profile.budget_pence or 0) if "cost" in rules else 0
        need = Loosen(max(pence, 0), max(km, 0.0), "time" in rules, f.table.names[i])
        # One a loosening on offer lets in comes before one that needs more than any does.
        beyond = km > KM_STEPS[-1] or pence > BUDGET_STEPS[-1] * 100
        key = (int(beyond), len(rules), km, pence)
        if best is None or key < best[0]:
            best = (key, need)
    return best[1] if best else None


def options(profile: Profile, f: Features, code: str) -> np.ndarray:
    """The resources about one interest that could be suggested to them for it."""
    # A group for an experience they have not recorded counts only where this interest is a
    # reason tied to them, as for a suggestion: a carers' café is no socialising option for them.
    idx = np.flatnonzero(f.interests[INTEREST_INDEX[code]])
    keep = ~explain.others_experience(profile, f, idx)
    for k in np.flatnonzero(~keep):
        keep[k] = any(link.its == code for link in explain.links(profile, f, int(idx[k])))
    return idx[keep]


def gap(profile: Profile, f: Features, checks: Checks, kind: str, code: str) -> Gap:
    """What stopped each option about one interest."""
    idx = options(profile, f, code)
    name = explain.label(code)
    if not len(idx):
        if f.interests[INTEREST_INDEX[code]].any():
            why = "only groups for an experience their profile does not record"
            return Gap(code, kind, f"Nothing about {name} for them", why, None)
        return Gap(code, kind, f"Nothing about {name} in the directory yet", "", None)
    fits = int(checks.feasible[idx].sum())
    if fits:
        head = f"{fits} {name} option{'s' * (fits > 1)}"
        return Gap(code, kind, head, "fit every rule but rank below those shown", None, fits)
    counts: list[tuple[int, str]] = []
    for rule, broken in checks.broken.items():
        hit = idx[broken[idx]]
        if len(hit):
            counts += _rule_words(profile, f, checks, rule, hit)
    counts.sort(key=lambda c: -c[0])
    if len(idx) == 1:
        parts = [words for _, words in counts]
    else:
        parts = [f"{'all' if n == len(idx) else n} {words}" for n, words in counts]
    # The counts add up to more than the options when one breaks two rules: say so.
    twice = len(idx) > 1 and sum(n for n, _ in counts) > len(idx)
    why = ", ".join(parts) + ("; some for more than one reason" if twice else "")
    head = f"{len(idx)} {name} option{'s' * (len(idx) > 1)}"
    return Gap(code, kind, head, why, loosen_for(profile, f, checks, idx))


def gaps(profile: Profile, f: Features, checks: Checks, shown: list[int]) -> list[Gap]:
    """Each interest, past interest or wish to try with nothing shown about it, and why."""
    served = {c for i in shown for c in f.table.interests[i]}
    return [
        gap(profile, f, checks, kind, code)
        for kind, code in explain.said(profile)
        if kind != score.SKILL and code not in served
    ]
