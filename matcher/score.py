"""The soft score: the fitted model (matcher/model.py), and how each interest was said."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from directory import vocabulary
from matcher.constraints import Checks
from matcher.features import INTEREST_INDEX, Features
from matcher.model import (
    OLDER,
    PENSION_AGE,
    WALK_MIN_PER_KM,
    mobility_limited,
    on_foot,
    preferred_access,
    walk_minutes,
)
from matcher.model import score as model_score
from matcher.profile import Profile

__all__ = [
    "COMPANY",
    "PAST",
    "PENSION_AGE",
    "RELATED",
    "SKILL",
    "STATED",
    "WALK_MIN_PER_KM",
    "WANT",
    "mobility_limited",
    "on_foot",
    "preferred_access",
    "score",
    "term_weights",
    "walk_minutes",
]

# How an interest was recorded, strongest first; explain.py words each one.
STATED, PAST, WANT, SKILL, RELATED = "stated", "past", "want", "skill", "related"
COMPANY = "company"  # regular company, for an older person the notes say is lonely
_ORDER = {STATED: 5.0, PAST: 4.0, WANT: 4.0, COMPANY: 3.0, RELATED: 1.0}


@lru_cache(maxsize=256)
def term_weights(profile: Profile) -> dict[str, tuple[float, str]]:
    """Each interest code the person cares about, with its precedence and how it was recorded."""
    # The precedence only orders the kinds (what they enjoy now first); it is not a score weight.
    out: dict[str, tuple[float, str]] = {}

    def put(code: str, kind: str) -> None:
        if code in profile.not_interested:
            return  # said not to interest them: never a reason, not even as close to another
        if code in INTEREST_INDEX and _ORDER[kind] > out.get(code, (0.0, ""))[0]:
            out[code] = (_ORDER[kind], kind)

    for code in profile.interests:
        put(code, STATED)
    for code in profile.past_interests:
        put(code, PAST)
    for code in profile.want_to_try:
        put(code, WANT)
    for code in (*profile.interests, *profile.past_interests, *profile.want_to_try):
        for rel in vocabulary.related(code):
            put(rel, RELATED)
    if profile.hints.wants_company and (profile.youngest or 0) >= OLDER:
        put("befriending", COMPANY)
    return out


def score(
    profile: Profile, f: Features, checks: Checks, idx: np.ndarray | None = None
) -> np.ndarray:
    """The soft score for every resource, or those at idx (hard rules apply separately)."""
    rows = np.arange(f.size) if idx is None else idx
    return model_score(profile, f, checks, rows)
