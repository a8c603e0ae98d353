"""The penalties that move a suggestion down for facts about the person, named in words."""

from __future__ import annotations

from matcher import score
from matcher.features import CAUTION_CODES, CONDITION_CODES, FAITH_CODES, Features
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
    direct = {*profile.interests, *profile.past_interests, *profile.want_to_try}
    retired = (profile.youngest or 0) >= score.PENSION_AGE or hints.retired
    if (
        retired
        and "employment-skills" in f.records[i].interests
        and "employment-skills" not in direct
    ):
        out.append("Lower: it is about finding work, and they are retired")
    return out
