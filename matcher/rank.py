"""rank(profile, features) → suggestions with reasons, near misses and new ideas (pure)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from directory import vocabulary
from matcher import explain, gaps, model
from matcher.constraints import Checks, check
from matcher.features import CONDITION_CODES, INTEREST_INDEX, NO_TERM, Features
from matcher.profile import Profile
from matcher.score import RELATED, WANT, term_weights

# A near miss fails one rule by no more than this.
NEAR_COST_PENCE = 300
NEAR_KM = 1.0  # or half the person's limit, whichever is more
NEAR_SHOWN = 5  # near misses shown, or as many as the suggestions fall short of the limit
SAME_CATEGORY = 0.15  # score given up for each interest already shown above
POOL = 60  # best-scoring candidates the diversifier chooses from


@dataclass(frozen=True)
class Suggestion:
    """One suggested resource and why."""

    resource_id: str
    name: str
    score: float
    reasons: tuple[str, ...]
    new_idea: bool = False


@dataclass(frozen=True)
class NearMiss:
    """A resource that fails exactly one rule by a small margin."""

    resource_id: str
    name: str
    rule: str
    barrier: str
    way_round: str
    reason: str = ""  # what the person said that it is about


@dataclass(frozen=True)
class Result:
    """What the matcher offers one person."""

    suggestions: tuple[Suggestion, ...]
    near_misses: tuple[NearMiss, ...]
    gaps: tuple[gaps.Gap, ...] = ()
    limit: int = 10  # how many suggestions were asked for: fewer means fewer fit
    # Options that fit every rule but are only close to what they said, beyond the few shown
    # (RELATED_SHOWN): a shorter list must not say that nothing else fits.
    loosely_left: int = 0
    about_said: int = 0  # of the suggestions, those about what they said, not only close to it

    @property
    def short(self) -> bool:
        """Whether fewer things fit every rule than were asked for."""
        return len(self.suggestions) < self.limit


def _is_new_idea(profile: Profile, f: Features, i: int) -> bool:
    """Whether the resource's best match is something they want to try or a related interest."""
    found = explain.interest_reason(profile, f, i)
    return found is not None and found[1] in (WANT, RELATED)


def diversify(candidates: np.ndarray, scores: np.ndarray, f: Features, limit: int) -> list[int]:
    """Greedy re-ranking that gives up a little score for each interest already shown."""
    if len(candidates) > POOL:
        top = np.argpartition(-scores[candidates], POOL)[:POOL]
        candidates = candidates[top]
    pool = candidates[np.argsort(-scores[candidates], kind="stable")]
    tags = f.interests[:, pool].T.astype(float)  # (pool, terms)
    seen = np.zeros(f.interests.shape[0])
    chosen: list[int] = []
    taken = np.zeros(len(pool), dtype=bool)
    base = scores[pool]
    for _ in range(min(limit, len(pool))):
        overlap = (tags * np.minimum(seen, 2)).sum(axis=1)
        penalty = SAME_CATEGORY * overlap / np.maximum(tags.sum(axis=1), 1)
        adjusted = np.where(taken, -np.inf, base - penalty)
        k = int(np.argmax(adjusted))
        taken[k] = True
        chosen.append(int(pool[k]))
        seen += tags[k]
    return chosen


def _ensure_new_idea(
    profile: Profile, f: Features, chosen: list[int], feasible: np.ndarray, scores: np.ndarray
) -> list[int]:
    """Put something they wanted to try in the list when none is there and one is feasible."""
    weights = term_weights(profile)
    new = [INTEREST_INDEX[c] for c, (_, kind) in weights.items() if kind == WANT]
    old = [INTEREST_INDEX[c] for c, (_, kind) in weights.items() if kind not in (WANT, RELATED)]
    if not chosen or not new or any(_is_new_idea(profile, f, i) for i in chosen):
        return chosen
    if f.interests[new][:, chosen].any():
        return chosen  # already there, alongside something they enjoy now
    mask = feasible & f.interests[new].any(axis=0)
    if old:
        mask &= ~f.interests[old].any(axis=0)
    mask[chosen] = False
    if not mask.any():
        return chosen
    best = int(np.argmax(np.where(mask, scores, -np.inf)))
    return [*chosen[:-1], best] if len(chosen) >= 10 else [*chosen, best]


def close_calls(profile: Profile, checks: Checks) -> dict[str, np.ndarray]:
    """Per rule, resources that break only that rule and only by a small margin."""
    one = checks.count == 1
    km = max(NEAR_KM, 0.5 * (profile.max_km or 0))
    budget = profile.budget_pence or 0
    return {
        "cost": one & checks.broken["cost"] & (checks.cost_pence - budget <= NEAR_COST_PENCE),
        "distance": one
        & checks.broken["distance"]
        & (checks.distance_km - (profile.max_km or 0) <= km),
        "time": one & checks.broken["time"] & checks.time_close,
    }


def main_tags(f: Features, i: int) -> set[str]:
    """The interest terms resource i is mainly about."""
    ids = f.tag_ids[:, i][f.tag_main[:, i] & (f.tag_ids[:, i] != NO_TERM)]
    return {vocabulary.INTEREST_CODES[int(t)] for t in ids}


# Tags about how a group meets or supports people rather than what it does: sharing only these
# does not make two things the same activity (a carers' café is not an LGBTQ+ social).
GENERIC_TAGS = frozenset(
    {"socialising", "peer-support", "wellbeing-learning", "befriending", "volunteering"}
)


def who_for(f: Features, i: int) -> frozenset[str]:
    """Who resource i is for: its audience terms, a men's group, and the experiences it is for."""
    audience = {a for a in f.table.access[i] if a in vocabulary.AUDIENCE_ACCESS}
    if f.for_men[i]:
        audience.add("men")
    experiences = {f"condition:{c}" for k, c in enumerate(CONDITION_CODES) if f.condition[k, i]}
    return frozenset(audience | experiences)


def closeness(f: Features, i: int, j: int, named: set[str]) -> tuple[int, ...] | None:
    """How close resource j is to being the same activity as i (higher is closer); None: not."""
    mine, its = main_tags(f, i), main_tags(f, j)
    if not mine & its & named:
        return None  # not about what the person named, which is why i is shown
    ours, theirs = who_for(f, i), who_for(f, j)
    # A group for an experience is its own activity (a hearing voices group is not a mood group),
    # and the online one must not be for people the first is not for.
    experiences = {w for w in ours ^ theirs if w.startswith("condition:")}
    if experiences or not theirs <= ours:
        return None
    specific = (mine - GENERIC_TAGS) & its
    if mine - GENERIC_TAGS and not specific:
        return None
    if not mine - GENERIC_TAGS and not ours:
        return None  # only generic tags, for anyone: nothing says what the activity is
    return (len(specific & named), len(specific), int(theirs == ours), -len(mine ^ its))


def online_version(profile: Profile, f: Features, checks: Checks, i: int) -> str | None:
    """The feasible online resource closest to being the same activity as resource i, if any."""
    named = {link.its for link in explain.links(profile, f, i)}
    shared = [INTEREST_INDEX[c] for c in main_tags(f, i) & named if c in INTEREST_INDEX]
    if not shared:
        return None
    # Only online options tagged with something both share can be the same activity.
    candidates = checks.feasible & f.online & f.interests[shared].any(axis=0)
    best: tuple[tuple[int, ...], int] | None = None
    for j in map(int, np.flatnonzero(candidates)):
        key = closeness(f, i, j, named)
        if key is not None and (best is None or key > best[0]):
            best = (key, j)
    return f.table.names[best[1]] if best else None


def near_misses(
    profile: Profile,
    f: Features,
    checks: Checks,
    scores: np.ndarray,
    relevant: np.ndarray,
    limit: int = 5,
    close: dict[str, np.ndarray] | None = None,
) -> list[NearMiss]:
    """Relevant options failing exactly one rule by a small margin, with the barrier named."""
    close = close if close is not None else close_calls(profile, checks)
    idx = np.flatnonzero((close["cost"] | close["distance"] | close["time"]) & relevant)
    # One rule loosened must not let in a group plainly for someone else (a women-only group for
    # a man is already stopped by a rule; this is the rest, such as a BSL-led group for a hearing
    # person).
    idx = idx[~model.for_someone_else(model.Context(profile, f, checks, idx))]
    # Nor a sport on foot that may not suit their mobility: a second barrier, not a near one.
    idx = idx[~model.on_foot_for_mobility(model.Context(profile, f, checks, idx))]
    idx = idx[np.argsort(-scores[idx], kind="stable")][:limit]
    out: list[NearMiss] = []
    for i in map(int, idx):
        rule = next(r for r in ("cost", "distance", "time") if close[r][i])
        alt = online_version(profile, f, checks, i) if rule == "distance" else None
        text, way = explain.barrier(profile, f, i, rule, checks, alt)
        why = explain.interest_reason(profile, f, i)
        out.append(
            NearMiss(f.table.ids[i], f.table.names[i], rule, text, way, why[0] if why else "")
        )
    return out


# New ideas through an interest close to one they named ("cycling → fitness"): a few widen what
# they might try (Connecting People: exposing a person to new ideas); more would fill the list
# with things they never mentioned.
RELATED_SHOWN = 3


def few_related(
    profile: Profile, f: Features, candidates: np.ndarray, scores: np.ndarray
) -> np.ndarray:
    """The candidates about what they said, and the best few only close to it."""
    direct = explain.has_link(profile, f, candidates, related=False)
    close = candidates[~direct]
    best = close[np.argsort(-scores[close], kind="stable")][:RELATED_SHOWN]
    return np.sort(np.concatenate([candidates[direct], best]))


def rank(profile: Profile, f: Features, limit: int = 10, w: np.ndarray | None = None) -> Result:
    """Diversified suggestions with reasons, then near misses and why nothing fits an interest."""
    # Suggestions break no hard rule and are about something the person said. Nothing is shown only
    # to fill the list: a shorter list is honest, and the near misses and gaps say what came close
    # and which rule stopped it.
    checks = check(profile, f, measure=gaps.options_mask(profile, f))
    close = close_calls(profile, checks)
    # Only what is feasible or a near miss is ever shown, so only that is scored.
    scored = np.flatnonzero(checks.feasible | close["cost"] | close["distance"] | close["time"])
    weights = model.weights() if w is None else w
    x = model.matrix(profile, f, checks, scored)  # kept: the reasons name its penalties
    scores = np.full(f.size, -np.inf)
    scores[scored] = x @ weights
    row_of = {int(i): k for k, i in enumerate(scored)}
    relevant = np.zeros(f.size, dtype=bool)
    relevant[scored] = explain.has_link(profile, f, scored)
    candidates = few_related(profile, f, np.flatnonzero(checks.feasible & relevant), scores)
    chosen = diversify(candidates, scores, f, limit) if len(candidates) else []
    chosen = _ensure_new_idea(profile, f, chosen, checks.feasible & relevant, scores)
    suggestions = tuple(
        Suggestion(
            f.table.ids[i],
            f.table.names[i],
            float(scores[i]),
            tuple(explain.reasons(profile, f, i, checks, (x[row_of[i]], weights))),
            _is_new_idea(profile, f, i),
        )
        for i in chosen
    )
    shown = max(NEAR_SHOWN, limit - len(chosen))
    misses = near_misses(profile, f, checks, scores, relevant, shown, close)
    missing = gaps.gaps(profile, f, checks, chosen)
    left = int(np.count_nonzero(checks.feasible & relevant)) - len(chosen)
    picked = np.array(chosen, dtype=int)
    direct = int(np.count_nonzero(explain.has_link(profile, f, picked, related=False)))
    return Result(suggestions, tuple(misses), tuple(missing), limit, left, direct)
