"""The search box: a request as typed ("free art classes near LS12") read into filters and words."""

from __future__ import annotations

from directory import vocabulary
from directory.understand.costs import (
    LOW_COST_LABEL,
    LOW_COST_POUNDS,
    read_free_and_cost,
    read_languages,
    unread_amounts,
)
from directory.understand.denials import kept_as_words, read_all_but
from directory.understand.places import (
    names_near_me,
    near_me_spans,
    read_fillers,
    read_place_at_edge,
    read_place_within,
    read_places,
    read_places_aside,
    read_reach_alone,
)
from directory.understand.when import (
    EVENT_NAMES,
    WEEKDAYS,
    WEEKEND,
    days_in_words,
    read_clock_times,
    read_day_and_time,
    read_other_time,
    read_several_days,
    said_from_today,
    time_in_words,
)
from directory.understand.words import (
    ACCESS_PHRASES,
    DAY_NAMES,
    DAY_WORDS,
    MAX_COST_POUNDS,
    MAX_RADIUS_KM,
    PARTS_OF_DAY,
    SETTING_PHRASES,
    Lookup,
    Understood,
    Words,
    read_interests,
    read_phrases,
)

__all__ = [
    "DAY_NAMES",
    "DAY_WORDS",
    "EVENT_NAMES",
    "LOW_COST_LABEL",
    "LOW_COST_POUNDS",
    "MAX_COST_POUNDS",
    "MAX_RADIUS_KM",
    "PARTS_OF_DAY",
    "SEPARATORS",
    "Understood",
    "WEEKDAYS",
    "WEEKEND",
    "days_in_words",
    "names_near_me",
    "said_from_today",
    "time_in_words",
    "understand",
    "unread_amounts",
]

SEPARATORS = ",;:/|–-"  # marks that join the parts of a request ("yoga - armley", "a / b")


def _searchable(word: str) -> str:
    """A word to search for without the marks that joined it to a filter ("yoga," or "-")."""
    # Nothing when it is only such marks: "/" between two times is no word to search. Other
    # marks ("%", "🎨") are kept, for the page to say there is no word in them.
    return word.strip(SEPARATORS) if word.strip(SEPARATORS) or not word else ""


def understand(text: str, lookup: Lookup, today: int | None = None) -> Understood:
    """The filters a request names and the words left over."""
    # lookup(name) names a known place; today (Monday 0) lets "today" and "tomorrow" name a day.
    raw = text.split()
    words = Words(raw, [False] * len(raw))
    out = Understood()
    out.denied, ruled = kept_as_words(words)
    near_me = near_me_spans(words)
    read_places(out, words, lookup)
    read_phrases(out, words, SETTING_PHRASES, "setting", vocabulary.SETTING)
    read_phrases(out, words, ACCESS_PHRASES, "access", vocabulary.ACCESS)  # "step free" first
    read_free_and_cost(out, words)
    read_languages(out, words)
    read_several_days(out, words, today)
    read_day_and_time(out, words, today)
    read_clock_times(out, words)
    read_other_time(out, words, today)
    read_all_but(out, ruled)
    read_place_at_edge(out, words, lookup)
    read_place_within(out, words, lookup)
    read_places_aside(out, words, lookup)
    if not any(key == "near" for key, _ in out.args()):
        read_reach_alone(out, words)
    read_interests(out, words)
    read_fillers(out, words, near_me)
    out.fillers += out.denied + out.unmeasured + [chip.words for chip in out.places_aside]
    out.leftover = " ".join(
        _searchable(w) for i, (w, taken) in enumerate(zip(raw, words.taken, strict=True))
        if (not taken or i in words.searched) and _searchable(w)
    )  # fmt: skip
    out.chips.sort(key=lambda chip: chip.at)  # in the order the request names them
    return out
