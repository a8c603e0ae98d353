"""What a search request rules out ("not mondays", "no sun"): days left out, words kept."""

from __future__ import annotations

from dataclasses import dataclass

from directory.models.base import DAYS
from directory.understand.costs import COST_BEFORE, LOW_COST_PHRASES, said_after
from directory.understand.when import (
    LATEST_BEFORE,
    WEEKDAY_PHRASES,
    WEEKDAYS,
    WEEKEND,
    WEEKEND_PHRASES,
    a_day_here,
    activity_at,
    day_of,
    time_in_words,
    time_of,
    time_size,
)
from directory.understand.words import (
    ACCESS_PHRASES,
    ANY_DAY_BUT,
    FREE_PHRASES,
    SETTING_PHRASES,
    VOCABULARY_PHRASES,
    Chip,
    Understood,
    Words,
    word_at,
)

# Words that deny what follows ("not on mondays", "not online"): what they deny is no filter.
NEGATIONS = frozenset({"not", "no", "without", "except", "excluding", "never"})
# Said before days ruled out, besides NEGATIONS: "apart from sundays", "except for mondays".
DAYS_OUT_BEFORE = ("except for", "apart from", "other than", *sorted(NEGATIONS))
# Words between those and the days ("not on a monday", "not at the weekend", "or on fridays").
DAYS_OUT_LINKS = frozenset({"on", "at", "the", "a", "an", "any", "for", "during", "over", "every",
                            "each"})  # fmt: skip
LIST_JOINERS = ("or", "and", "&", "nor", "/")  # "not mondays or fridays": neither day
JOINS = ("and", "but")  # what is denied ends at these ("not free but cheap")
MAX_PHRASE_WORDS = 3  # the longest vocabulary phrase an activity is looked for as
# Link words a denial takes before what it denies ("not in a church", "not at the library").
DENIAL_LINKS = frozenset({"in", "on", "at", "a", "an", "the", "any", "for", "during", "of"})
# "Gluten free", "judgement free": free of something, not free of charge.
FREE_OF = frozenset({"gluten", "dairy", "sugar", "alcohol", "booze", "drink", "smoke", "drug",
                     "judgement", "judgment", "stigma", "stress", "pressure", "commitment",
                     "obligation", "scent", "fragrance", "nut", "meat", "jargon", "hassle",
                     "screen", "caffeine", "clutter"})  # fmt: skip


@dataclass(frozen=True)
class _DaysOut:
    """Days a request rules out ("not on mondays"), with the words that do."""

    days: frozenset[str]
    said: str  # the words ruling them out, as the page quotes them
    words: str  # with the word joining them to the rest ("but not on mondays")
    at: int


def _days_named(words: Words, i: int) -> tuple[tuple[str, ...], int] | None:
    """The days word i names as a weekday ("mondays"), the weekend or weekdays; its length."""
    plain = words.plain
    for days, phrases in ((WEEKEND, WEEKEND_PHRASES), (WEEKDAYS, WEEKDAY_PHRASES)):
        for phrase in phrases:
            if plain[i : i + len(phrase.split())] == phrase.split():
                return days, len(phrase.split())
    day = day_of(word_at(plain, i), None)
    return ((day,), 1) if day and a_day_here(words, i) else None


def _days_item(words: Words, i: int) -> tuple[tuple[str, ...], int] | None:
    """The days named from word i after up to two link words ("on a monday"); their length."""
    for skip in range(3):
        if skip and word_at(words.plain, i + skip - 1) not in DAYS_OUT_LINKS:
            return None
        if found := _days_named(words, i + skip):
            return found[0], found[1] + skip
    return None


def _days_listed(words: Words, i: int) -> tuple[frozenset[str], int] | None:
    """The days listed from word i ("mondays or fridays", "mon, tue"), and their length."""
    plain, days, end, j = words.plain, set[str](), i, i
    while (found := _days_item(words, j)) is not None:
        days.update(found[0])
        end = j + found[1]
        j = end + (word_at(plain, end) in LIST_JOINERS)
        if j == end and not words.raw[end - 1].endswith(","):
            break
    return (frozenset(days), end - i) if days else None


def _days_ruled_out(words: Words, i: int) -> tuple[frozenset[str] | None, int] | None:
    """The days ruled out from word i ("not on mondays", "any day but friday"), its length."""
    # No days when they are ruled out only at a time ("not monday mornings", "not sundays
    # after 6pm"): the other days would leave out the rest of those days. The length then
    # takes the time too, which is denied with them.
    lead = said_after(words, i, ANY_DAY_BUT) or said_after(words, i, DAYS_OUT_BEFORE)
    listed = _days_listed(words, i + lead) if lead else None
    if listed is None:
        return None
    timed = time_size(words, i + lead + listed[1])
    return (None if timed else listed[0]), lead + listed[1] + timed


def _denied_size(words: Words, i: int, lead: int) -> int:
    """How many words from word i a denial takes: its lead, link words and two words more."""
    plain, size = words.plain, max(lead, 1)

    def more(at: int) -> bool:  # the next word goes on what is denied: no comma, "and", "but"
        before = words.raw[at - 1]
        return at < len(plain) and plain[at] not in JOINS and before[-1] not in ".,;:!?"

    while more(i + size) and plain[i + size] in DENIAL_LINKS:
        size += 1  # "not in a church": what is denied is "a church", not "in a"
    first = i + size  # the first word of what is denied
    for _ in range(2):
        size += more(i + size) and not _activity_after(plain, first, i + size)
    while size > max(lead, 1) and plain[i + size - 1] in DENIAL_LINKS:
        size -= 1  # "not in a church in Armley": "in Armley" is a place, not denied
    return size


def _activity_after(plain: list[str], first: int, j: int) -> bool:
    """Tell whether word j, after what is denied from word first, begins an activity of its own."""
    # "no audition choir": the choir is wanted, without an audition. Not "football" in "no
    # walking football", one activity, nor the denied word itself ("not in a church").
    if j <= first or not activity_at(plain, j):
        return False
    spans = ((k, n) for k in range(first, j) for n in range(1, MAX_PHRASE_WORDS + 1))
    return not any(" ".join(plain[k : j + n]) in VOCABULARY_PHRASES for k, n in spans)


def kept_as_words(words: Words) -> tuple[list[str], list[_DaysOut]]:
    """Mark what only looks like a filter: what is denied (not searched either), 'gluten free'."""
    # What is denied cannot be searched for ("not online" would find online groups): it is
    # returned, to be said, as the words the search drops. Days ruled out are returned apart:
    # the search can look on the other days.
    plain = words.plain
    denied: list[tuple[int, int]] = []
    days_out: list[tuple[int, int, frozenset[str]]] = []
    readable = (*FREE_PHRASES, *COST_BEFORE, *ACCESS_PHRASES, *SETTING_PHRASES,
                *LOW_COST_PHRASES, *LATEST_BEFORE)  # fmt: skip
    spans: list[tuple[int, int]] = []
    reach = 0  # the end of the last denial
    for i, word in enumerate(plain):
        lead = said_after(words, i, ANY_DAY_BUT)  # "any day but friday": from "any"
        if i >= reach and (out_days := _days_ruled_out(words, i)):
            days, size = out_days
            denied += [] if days else [(i, size)]
            days_out += [(i, size, days)] if days else []
            reach = i + size
        elif i >= reach and (
            lead or word in NEGATIONS and not " ".join(plain[i:]).startswith(readable)
        ):
            # "with no audition" is said as one ("choir with" was searched, "with" shown).
            start = i - 1 if word == "no" and i > reach and plain[i - 1] == "with" else i
            denied.append((start, _denied_size(words, i, lead) + i - start))
            reach = sum(denied[-1])
        after = plain[i + 1] if i + 1 < len(plain) else ""
        free_of = i and plain[i - 1] in FREE_OF or after in ("from", "of")
        if word == "free" and free_of and not " ".join(plain[i:]).startswith("free of charge"):
            spans.append((i, 1))
    for start, size in spans:
        words.taken[start : start + size] = [True] * size
        words.searched.update(range(start, start + size))
    said = [_take_denial(words, start, size) for start, size in denied]
    ruled = [_DaysOut(days, *_take_denial(words, start, size)) for start, size, days in days_out]
    return [plain_said for plain_said, _, _ in said], ruled


def _take_denial(words: Words, start: int, size: int) -> tuple[str, str, int]:
    """Take a denial's words, with a word joining it; its words, those with the join, start."""
    # "cheap but not free": the word joining a denial goes with it, or it is searched alone
    plain = words.plain
    join = start > 0 and plain[start - 1] in ("but", "and", "or") and not words.taken[start - 1]
    words.taken[start - join : start + size] = [True] * (size + join)
    words.searched.difference_update(range(start, start + size))  # "no free of": not "free"
    said = " ".join(words.raw[start : start + size])
    return said, " ".join(words.raw[start - join : start + size]), start - join


def read_all_but(out: Understood, ruled: list[_DaysOut]) -> None:
    """Days ruled out as the other days ("not on mondays": Tuesday to Sunday), or refused."""
    # With days named too ("weekends but not sundays") the named days without them. What leaves
    # no day ("thursdays but not thursdays"), or other times of day to search, is refused: said.
    if not ruled:
        return
    gone = frozenset[str]().union(*(r.days for r in ruled))
    named = [c for c in out.chips if any(key == "day" for key, _ in c.args)]
    days, start, end = time_of([pair for chip in named for pair in chip.args])
    kept = tuple(d for d in (days or DAYS) if d not in gone)
    windows = {tuple(pair for pair in chip.args if pair[0] != "day") for chip in named}
    if not kept or out.others or len(windows) > 1:
        out.denied += [r.said for r in ruled]
        return
    pairs = tuple(("day", d) for d in kept)
    pairs += tuple((key, value) for key, value in (("from", start), ("to", end)) if value)
    parts = sorted([(c.at, c.words) for c in named] + [(r.at, r.words) for r in ruled])
    chip = Chip(time_in_words(kept, start, end), pairs, " ".join(w for _, w in parts), parts[0][0])
    out.chips = [c for c in out.chips if c not in named] + [chip]
