"""The penalties that move a suggestion down for facts about the person, named in words."""

from __future__ import annotations

import numpy as np

from directory import vocabulary
from matcher import model, score
from matcher.constraints import Checks
from matcher.features import (
    CAUTION_CODES,
    CONDITION_CODES,
    FAITH_CODES,
    NO_TERM,
    ON_FOOT_SPORTS,
    Features,
)
from matcher.profile import Profile

_GROUP_FOR = {
    "voices": "people who hear voices",
    "eating": "people with an eating disorder",
    "bipolar": "people with bipolar disorder",
    "ocd": "people with OCD",
    "hoarding": "people who hoard",
    "dementia": "people with dementia",
    "autism": "autistic people",
    "addiction": "people recovering from addiction",
    "bereavement": "bereaved people",
    "breathing": "people with a lung condition",
    "carers": "carers",
}
_TOPIC = {"alcohol": "pubs or drink", "gym": "a gym", "diet": "diets", "crowds": "crowds or noise"}
# The model's other features that count against a suggestion (matcher/model.py), in words: the
# activity's fact, then the person's. Accepted facts are named in detail by named(); a group
# for someone else by model.someone_else; the distance is in the reasons already.
_LOWER = {
    "mental-health-service setting, not asked for": (
        "run by a mental-health service, and they did not ask for peer support first"
    ),
    "online, for someone who can get out": (
        "online or by phone, and they can get out to meet people in person"
    ),
    "an adapted form, for someone young and mobile": (
        "an adapted form made for older or less mobile people, and they are young and mobile"
    ),
    "past its review date": "past its review date, so its details may have changed",
}


BEGINNERS = "a beginners' course in something they already do"


def main_codes(f: Features, i: int) -> set[str]:
    """The interest terms resource i is mainly about."""
    main = f.tag_ids[:, i][f.tag_main[:, i] & (f.tag_ids[:, i] != NO_TERM)]
    return {vocabulary.INTEREST_CODES[int(t)] for t in main}


def beginners_words(profile: Profile, f: Features, i: int) -> str:
    """A course for beginners, and whether they do what it teaches now or did it before."""
    now = main_codes(f, i) & set(profile.interests)
    return f"a course for beginners, in something they {'already do' if now else 'used to do'}"


def on_foot_words(profile: Profile, f: Features, i: int) -> list[str]:
    """A sport on foot for someone with limited mobility, named with what to check."""
    codes = main_codes(f, i)
    theirs = np.asarray([bool(codes & set(model.named(profile)))])
    if not model.unsuited_on_foot(profile, f.on_foot[i : i + 1], f.adapted[i : i + 1], theirs)[0]:
        return []
    sports = sorted(codes & (ON_FOOT_SPORTS | {"walking"}))
    what = " and ".join(vocabulary.label(vocabulary.INTEREST, s).lower() for s in sports)
    kind = "exercise on foot" if sports == ["fitness"] else "a sport played on foot"
    kind = f"{kind} ({what})" if what else kind
    if sports == ["walking"]:
        kind = "a walk"
    who = (
        "a wheelchair user" if model.uses_wheelchair(profile) else "someone who cannot manage steps"
    )
    return [f"Lower: {kind}: check with the organiser that it suits {who}"]


def named(profile: Profile, f: Features, i: int) -> list[str]:
    """Why a suggestion is ranked lower because of who it is for, in the score's own terms."""
    out: list[str] = []
    hints = profile.hints
    if hints.faith and f.faith_any[i] and not f.faith[FAITH_CODES.index(hints.faith), i]:
        others = [FAITH_CODES[k] for k in range(len(FAITH_CODES)) if f.faith[k, i]]
        out.append(f"Lower: a {' and '.join(others)} group, and their faith is {hints.faith}")
    theirs = {CONDITION_CODES.index(c) for c in hints.conditions}
    groups = [k for k in range(len(CONDITION_CODES)) if f.condition[k, i]]
    if groups and not theirs & set(groups):
        who = " or ".join(_GROUP_FOR[CONDITION_CODES[k]] for k in groups)
        out.append(f"Lower: a group for {who}, which their profile does not say they are")
    for topic in sorted(hints.avoid_topics):
        if f.caution[CAUTION_CODES.index(topic), i]:
            out.append(f"Lower: it mentions {_TOPIC[topic]}, which they keep away from")
    out += on_foot_words(profile, f, i)
    direct = {*profile.interests, *profile.past_interests, *profile.want_to_try}
    retired = (profile.youngest or 0) >= score.PENSION_AGE or hints.retired
    if (
        retired
        and "employment-skills" in f.table.interests[i]
        and "employment-skills" not in direct
    ):
        out.append("Lower: it is about finding work, and they are retired")
    return out


def lowered(
    profile: Profile, f: Features, i: int, checks: Checks, row: np.ndarray, weights: np.ndarray
) -> list[str]:
    """Every other penalty the weights put on this suggestion (row: its feature vector), named."""
    against = row * weights < 0
    out = [f"Lower: {words}" for name, words in _LOWER.items() if against[model.NAMES.index(name)]]
    if against[model.NAMES.index(BEGINNERS)]:
        out.insert(0, f"Lower: {beginners_words(profile, f, i)}")
    if against[model.NAMES.index("a group plainly for someone else")]:
        c = model.Context(profile, f, checks, np.asarray([i]))
        out += [f"Lower: {words}" for words, rows in model.someone_else(c) if rows[0]]
    return out
