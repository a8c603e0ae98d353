"""When, in a search request: days, weekends, "today", parts of the day, clock times."""

from __future__ import annotations

import re

from rapidfuzz.distance import OSA

from directory import clock, vocabulary
from directory.models.base import DAYS
from directory.search.common import english
from directory.understand.costs import NOT_MONEY_AFTER
from directory.understand.words import (
    AFTER_A_DAY,
    ANY_DAY_BUT,
    DAY_ENDS,
    DAY_NAMES,
    DAY_WORDS,
    PARTS_OF_DAY,
    RELATIVE_DAYS,
    VOCABULARY_PHRASES,
    Chip,
    Understood,
    Words,
    is_counted,
    ordinary_english,
    word_at,
)


def day_of(word: str, today: int | None) -> str | None:
    """The day code a word names: a weekday, or today and tomorrow when today is known."""
    day = DAY_WORDS.get(word.removesuffix("s")) or DAY_WORDS.get(word)
    if day is None and today is not None and word in RELATIVE_DAYS:
        day = DAYS[(today + RELATIVE_DAYS[word]) % 7]
    return day or misspelt_day(word)


# Short forms of days that are also everyday words ("sun cream", "sat nav", "newly wed"): as
# the free-time reader (matcher/free_times.py) reads them, a day only where the request says
# one there. "mon", "tue", "thu" and "fri" are no everyday words: days wherever they are.
WORDLIKE_DAYS = frozenset({"sun", "sat", "wed"})
# Said just before a day ("on sat", "every wed", "this sun", "until sat").
DAY_LEADS = frozenset({"on", "every", "each", "this", "next", "from", "until", "till", "til"})
# Said before a noun or a verb ("no sun", "the sun", "we sat"): what follows them is no day.
WORD_LEADS = frozenset({"the", "a", "an", "no", "some", "more", "much", "less", "enough", "of",
                        "my", "your", "his", "her", "its", "our", "their", "that", "i", "we",
                        "you", "he", "she", "they", "who"})  # fmt: skip
# Between days of a list or a run ("sat or sun", "mon, wed or fri", "wed to sun").
DAYS_BETWEEN = ("or", "and", "&", "nor", "/", "to", "-", "–")
WEEK_WORDS = frozenset({"weekend", "weekends", "weekday", "weekdays"})


def a_day_here(words: Words, i: int) -> bool:
    """Tell whether word i, a day's name, names a day: a short form that is a word needs more."""
    plain = words.plain
    if plain[i].removesuffix("s") not in WORDLIKE_DAYS:
        return True
    before = word_at(plain, i - 1)
    lead = word_at(plain, i - 2) if before in ("a", "the") else before  # "on a sat"
    if lead in DAY_LEADS or any(_ends_with(plain, i, p) for p in ANY_DAY_BUT):
        return True
    if _beside_a_day(plain, i) or time_size(words, i + 1):  # "sat or sun", "sun 10am"
        return True
    if activity_at(plain, i + 1):  # "sat yoga"
        return True
    # Last of what is left to read ("fishing club sat"), a part of its own ("yoga, sat,") or
    # after an activity ("yoga sat armley", but "yoga sun cream"), unless it is a noun ("no sun")
    last = all(words.taken[i + 1 :]) or i > 0 and words.raw[i][-1] in ",;"
    after = activity_before(plain, i) and not ordinary_english(word_at(plain, i + 1))
    return (last or after) and before not in WORD_LEADS


def _ends_with(plain: list[str], i: int, phrase: str) -> bool:
    """Tell whether the words just before word i are the phrase."""
    said = phrase.split()
    return i >= len(said) and plain[i - len(said) : i] == said


def _beside_a_day(plain: list[str], i: int) -> bool:
    """Tell whether a day is named next to word i, or a joining word away ('sat or sun')."""
    for step in (-1, 1):
        j = i + step
        j += step if word_at(plain, j) in DAYS_BETWEEN else 0
        if day_of(word_at(plain, j), None) or word_at(plain, j) in WEEK_WORDS:
            return True
    return False


def activity_at(plain: list[str], i: int) -> bool:
    """Tell whether the words from word i name an activity or a need the vocabulary knows."""
    return any(" ".join(plain[i : i + n]) in VOCABULARY_PHRASES for n in range(1, 4))


def activity_before(plain: list[str], i: int) -> bool:
    """Tell whether the words just before word i name an activity or a need the vocabulary knows."""
    return any(" ".join(plain[i - n : i]) in VOCABULARY_PHRASES for n in range(1, 4) if n <= i)


MIN_SLIPPED_LETTERS = 6  # shorter words near a day ("frida", "sundy") are as often another word


def misspelt_day(word: str) -> str | None:
    """The day a misspelt day name means ("wensday", "thrusday", "tusday"), or None."""
    # Slips rarely touch the first letter ("Funday" is a fun day); the long names take two, as
    # "wensday" is still nearer no other day. An English word ("sundry") is meant as typed.
    said = word.removesuffix("s")
    if len(said) < MIN_SLIPPED_LETTERS or not said.isalpha():
        return None
    near = sorted(
        (OSA.distance(said, name.lower()), code)
        for code, name in DAY_NAMES.items()
        if name[0].lower() == said[0]
    )
    if not near or len(near) > 1 and near[1][0] == near[0][0]:
        return None
    slips, code = near[0]
    if slips > (2 if len(DAY_NAMES[code]) >= 8 else 1) or english(word):
        return None
    return code


def from_today(word: str) -> str:
    """How a word names a day counted from today, spelt out ("tomorrow" for "tmrw"); or ''."""
    if word not in RELATIVE_DAYS:
        return ""
    return "tomorrow" if RELATIVE_DAYS[word] == 1 else word


def said_from_today(text: str, day: str, today: int) -> str:
    """The word a request named the day by counted from today ("tomorrow"), or ''."""
    raw = text.split()
    for word in Words(raw, [False] * len(raw)).plain:
        if word in RELATIVE_DAYS and DAYS[(today + RELATIVE_DAYS[word]) % 7] == day:
            return from_today(word)
    return ""


WEEKEND = ("sa", "su")
WEEKDAYS = ("mo", "tu", "we", "th", "fr")
WEEKDAY_PHRASES = ("during the week", "in the week", "monday to friday", "mon to fri", "mon-fri",
                   "weekdays", "weekday")  # fmt: skip
# Ways to say "on Saturday or Sunday" (link words before them, "at the", are taken anyway).
WEEKEND_PHRASES = ("over the weekend", "this weekend", "next weekend", "every weekend",
                   "weekends", "weekend")  # fmt: skip
DAY_JOINERS = ("or", "and", "&")  # "saturday or sunday", "mon and wed": either day will do


def days_in_words(days: tuple[str, ...] | list[str], part: str = "") -> str:
    """Days (and a part of them) as a chip says them: 'weekends', 'Monday or Wednesday'."""
    # Also 'Tuesday'; with a part: 'weekend mornings', 'Saturday mornings'.
    if tuple(days) in (WEEKEND, WEEKDAYS):
        kind = "weekend" if tuple(days) == WEEKEND else "weekday"
        return f"{kind} {part}s" if part else f"{kind}s"
    names = _runs(days, grouped=not part)
    said = " or ".join([", ".join(names[:-1]), names[-1]] if len(names) > 2 else names)
    return f"{said} {part}s" if part else said


MIN_RUN = 3  # days in a row said as one run ("Tuesday to Sunday"); two are named each


def _runs(days: tuple[str, ...] | list[str], grouped: bool = True) -> list[str]:
    """Days by name, three or more in a row first as a run: ['Monday to Thursday', 'weekends']."""
    runs: list[list[str]] = []
    for day in days:
        follows = runs and day in DAYS and runs[-1][-1] in DAYS
        if follows and DAYS.index(day) == DAYS.index(runs[-1][-1]) + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    said: list[str] = []
    for n, run in enumerate(runs):
        # "weekdays or Sunday"; but "Monday to Thursday, Saturday or Sunday mornings"
        if grouped and tuple(run) in (WEEKEND, WEEKDAYS) and len(runs) > 1:
            said.append("weekends" if tuple(run) == WEEKEND else "weekdays")
        elif len(run) >= MIN_RUN and n == 0:  # not "Monday or Wednesday to Friday"
            said.append(f"{DAY_NAMES[run[0]]} to {DAY_NAMES[run[-1]]}")
        else:
            said += [DAY_NAMES.get(d, d) for d in run]
    return said


def _days_at(words: Words, i: int, today: int | None) -> tuple[tuple[str, ...], int] | None:
    """The days named from word i (the weekend, or two joined by "or") and their word count."""
    plain = words.plain
    for days, phrases in ((WEEKEND, WEEKEND_PHRASES), (WEEKDAYS, WEEKDAY_PHRASES)):
        for phrase in phrases:
            size = len(phrase.split())
            if " ".join(plain[i : i + size]) == phrase and words.free(i, size):
                return days, size
    first = day_of(plain[i], today)
    if first is None or i + 2 >= len(plain) or plain[i + 1] not in DAY_JOINERS:
        return None
    second = day_of(plain[i + 2], today)
    if second is None or second == first or not words.free(i, 3):
        return None
    return tuple(sorted((first, second), key=DAYS.index)), 3


def _part_after(plain: list[str], i: int) -> str:
    """The part of the day word i names after a day ("mornings", "am"), or ''."""
    word = plain[i] if i < len(plain) else ""
    return AFTER_A_DAY.get(word) or part_of_day(word)


def part_of_day(word: str) -> str:
    """The part of the day a word names ("mornings", "evenng" slipped), or the word as it is."""
    said = word.removesuffix("s")
    if said in PARTS_OF_DAY or len(said) < MIN_SLIPPED_LETTERS or not said.isalpha():
        return said
    # One slip in a long word ("evenng", "mornign", "afternon"), when it is no English word.
    near = [part for part in PARTS_OF_DAY if OSA.distance(said, part) <= 1]
    return near[0] if len(near) == 1 and not english(word) else said


def read_several_days(out: Understood, words: Words, today: int | None) -> None:
    """'At the weekend', 'saturday or sunday', 'mon or wed': one chip for a session on any."""
    # A part of the day after them counts too ("weekend mornings").
    plain = words.plain
    for i in range(len(plain)):
        found = _days_at(words, i, today)
        if found is None:
            continue
        days, size = found
        part = _part_after(plain, i + size)
        if part not in PARTS_OF_DAY or not words.free(i + size, 1):
            part = ""
        said, at = words.take(i, size + (1 if part else 0))
        pairs = tuple(("day", d) for d in days)
        if part:
            pairs += (("from", PARTS_OF_DAY[part][0]), ("to", PARTS_OF_DAY[part][1]))
        out.chips.append(Chip(days_in_words(days, part), pairs, said, at))
        return


def read_day_and_time(out: Understood, words: Words, today: int | None) -> None:
    """Read a day with the part of the day after it ("saturday mornings"), or a part alone."""
    plain = words.plain
    for i, word in enumerate(plain):
        day = day_of(word, today)
        if day is None or not words.free(i, 1) or not a_day_here(words, i):
            continue
        part = _part_after(plain, i + 1)
        length = 2 if part in PARTS_OF_DAY and words.free(i + 1, 1) else 1
        if length == 1:
            part = "evening" if word == "tonight" else ""
        said, at = words.take(i, length)
        pairs: tuple[tuple[str, str], ...] = (("day", day),)
        if part:
            pairs += (("from", PARTS_OF_DAY[part][0]), ("to", PARTS_OF_DAY[part][1]))
        label = days_in_words((day,), part)
        if relative := from_today(word):
            label = f"{label} ({relative})"
        out.chips.append(Chip(label, pairs, said, at))
        break
    if any(key == "from" for key, _ in out.args()):
        return
    for i, word in enumerate(words.plain):
        part = part_of_day(word)
        if part in PARTS_OF_DAY and words.free(i, 1) and not _names_an_event(words.plain, i):
            said, at = words.take(i, 1)
            start, end = PARTS_OF_DAY[part]
            out.chips.append(Chip(f"{part}s", (("from", start), ("to", end)), said, at))
            break


# Kinds of event the interests name by a part of the day ("coffee morning", "games night").
EVENT_NAMES = frozenset(
    phrase
    for phrase in vocabulary.synonym_index(vocabulary.INTEREST)
    if len(phrase.split()) > 1 and phrase.split()[-1] in PARTS_OF_DAY
)


def _names_an_event(plain: list[str], i: int) -> bool:
    """Tell whether a part of the day ends a kind of event an interest names ("coffee mornings")."""
    # A noun and a part of the day after it name a kind of event, which is searched for, not
    # a time of day. A part of the day before a noun says when ("evening class").
    lead = plain[max(i - 2, 0) : i]
    said = [*lead, part_of_day(plain[i])]
    return any(" ".join(said[-size:]) in EVENT_NAMES for size in (2, 3) if len(said) >= size)


def time_in_words(days: tuple[str, ...] | list[str], start: str, end: str) -> str:
    """Days and a time window in words: 'Saturday mornings', 'evenings', 'Sunday after 18:00'."""
    for part, window in PARTS_OF_DAY.items():
        if window == (start, end):
            return days_in_words(days, part) if days else f"{part}s"
    clock = f"{start} to {end}" if start and end else f"after {start}" if start else ""
    clock = clock or (f"before {end}" if end else "")
    return " ".join(said for said in (days_in_words(days) if days else "", clock) if said)


def time_of(args: list[tuple[str, str]]) -> tuple[tuple[str, ...], str, str]:
    """The days and the time window (earliest, latest; '' when open) a reading sets."""
    window = dict(pair for pair in args if pair[0] in ("from", "to"))
    days = tuple(d for d in DAYS if ("day", d) in args)
    return days, window.get("from", ""), window.get("to", "")


def _joined(words: Words, at: int) -> bool:
    """Tell whether the words from `at` are joined to what comes before ("or", "and", a comma)."""
    before = words.raw[at - 1] if at > 0 else ""
    return (
        words.plain[at] in DAY_JOINERS
        or (at > 0 and words.plain[at - 1] in DAY_JOINERS)
        or before.endswith((",", ";", "/"))
    )


def _next_time(words: Words, today: int | None) -> Understood | None:
    """The next day or time of day, when it is joined to what comes before it; or None."""
    taken = list(words.taken)
    more = Understood()
    read_several_days(more, words, today)
    read_day_and_time(more, words, today)
    read_clock_times(more, words)
    more.chips.sort(key=lambda chip: chip.at)
    if not more.chips or not _joined(words, more.chips[0].at):
        words.taken = taken  # "coffee morning on friday evening": the words of an interest
        return None
    return more


def read_other_time(out: Understood, words: Words, today: int | None) -> None:
    """Other days or times of day joined to the first ("sunday evening and saturday morning")."""
    # The form holds one set of days and one window: the same window on other days is more
    # days; each other window is kept aside in `others`, for the page to offer as a search.
    days, start, end = time_of(out.args())
    if not (days or start or end):
        return
    while (more := _next_time(words, today)) is not None:
        other_days, other_start, other_end = time_of(more.args())
        if (other_start, other_end) == (start, end):
            out.chips += more.chips  # "saturday morning and sunday morning": either day
        else:
            # "sunday morning and afternoon": Sunday afternoons
            out.others.append(_aside(words, more, other_days or days, other_start, other_end))


def _aside(words: Words, more: Understood, days: tuple[str, ...], start: str, end: str) -> Chip:
    """The chip of a time of day kept aside for its own search, with the joining word."""
    pairs = tuple(("day", d) for d in days)
    pairs += tuple((k, v) for k, v in (("from", start), ("to", end)) if v)
    said = " ".join(chip.words for chip in more.chips)
    at = more.chips[0].at
    if at > 0 and words.plain[at - 1] in DAY_JOINERS and words.free(at - 1, 1):
        words.taken[at - 1], said, at = True, f"{words.raw[at - 1]} {said}", at - 1  # "&"
    return Chip(time_in_words(days, start, end), pairs, said, at)


# "after 6pm", "before 10am", "from 2", "between 10am and 2pm", "10am-2pm": a time window,
# read by directory/clock.py as the add-a-session form reads a typed time.
_NAMED_TIMES = r"(?:12 )?(?:noon|midday)"
_CLOCK = rf"\d{{1,2}}(?:[:.]\d{{2}})? ?(?:am|pm|a\.m\.?|p\.m\.?)?|{_NAMED_TIMES}"
# A clock time said as one, not a bare number: after "up to", "up to 4" is a price.
_STATED = rf"\d{{1,2}}(?:[:.]\d{{2}})? ?(?:am|pm|a\.m\.?|p\.m\.?)|\d{{1,2}}:\d{{2}}|{_NAMED_TIMES}"
# Said before the latest a session may end, as well as "before" and "until".
LATEST_BEFORE = ("up to", "upto", "no later than", "not later than")
_TIMES = re.compile(
    rf"(?:(?P<after>after|from|since)|(?P<before>before|by|until|till|til)) (?P<at>{_CLOCK})|"
    rf"(?:{'|'.join(LATEST_BEFORE)}) (?P<by>{_STATED})|"
    rf"(?:between |from )?(?P<start>{_CLOCK}) ?(?:-|–|to|and|till|until) ?(?P<end>{_CLOCK})|"
    # a time alone, said with am or pm or named ("at 7pm", "6.30pm", "noon"): sessions from then
    r"(?:at |around |about )?"
    rf"(?P<alone>\d{{1,2}}(?:[:.]\d{{2}})? ?(?:am|pm|a\.m\.?|p\.m\.?)|{_NAMED_TIMES})"
)


def _window(found: re.Match[str]) -> tuple[tuple[tuple[str, str], ...], str] | None:
    """The form's time window a request's clock times set, and its label; None if unreadable."""
    try:
        if found["after"] or found["alone"]:
            start = clock.read_time(found["at"] or found["alone"])
            return (("from", start),), f"after {start}"
        if found["before"] or found["by"]:
            end = clock.read_time(found["at"] or found["by"])
            return (("to", end),), f"before {end}"
        reading = clock.read_range(found["start"], found["end"], "from", "to")
    except clock.TimeError:
        return None
    return (("from", reading.start), ("to", reading.end)), f"{reading.start} to {reading.end}"


def read_clock_times(out: Understood, words: Words) -> None:
    """A time window said in clock times, when no part of the day has set one."""
    if any(key in ("from", "to") for key, _ in out.args()):
        return
    for phrase, start in DAY_ENDS.items():
        if (i := words.find(phrase)) is not None:
            raw, at = words.take(i, 2)
            out.chips.append(Chip(f"after {start}", (("from", start),), raw, at))
            return
    plain = words.plain
    for i in range(len(plain)):
        if hour := _hour_after_day(words, i):
            out.chips.append(hour)
            return
        for length in (6, 5, 4, 3, 2, 1):  # "no later than 4 pm", "from 10 am to 2 pm"
            said = " ".join(plain[i : i + length])
            found = _TIMES.fullmatch(said)
            if found is None or not words.free(i, length) or is_counted(plain, i + length, i - 1):
                continue
            window = _window(found)
            if window is None:
                continue
            pairs, label = window
            raw, at = words.take(i, length)
            out.chips.append(Chip(label, pairs, raw, at))
            return


HOUR_LEADS = frozenset({"at", "around", "about", "round"})
_HOUR = re.compile(r"\d{1,2}(?:[:.]\d{2})?")


def _hour_at(plain: list[str], i: int) -> bool:
    """Tell whether the words from word i say an hour without am or pm ('at 6', 'about 7.30')."""
    # Only a time after a day ("mondays at 6"): alone, "at 6" may be a table for six.
    if word_at(plain, i) not in HOUR_LEADS or not _HOUR.fullmatch(word_at(plain, i + 1)):
        return False
    if is_counted(plain, i + 2) or word_at(plain, i + 2) in NOT_MONEY_AFTER:
        return False  # "at 6 pm" is a time said whole; "at 2 miles" no time
    try:
        clock.read_time(plain[i + 1])
    except clock.TimeError:
        return False
    return True


def _hour_after_day(words: Words, i: int) -> Chip | None:
    """An hour said just after a day read ('mondays at 6', as the session form reads '6')."""
    plain = words.plain
    after_a_day = i > 0 and words.taken[i - 1] and _names_a_day(plain, i - 1)
    if not (after_a_day and words.free(i, 2) and _hour_at(plain, i)):
        return None
    start = clock.read_time(plain[i + 1])
    raw, at = words.take(i, 2)
    return Chip(f"after {start}", (("from", start),), raw, at)


def _names_a_day(plain: list[str], i: int) -> bool:
    """Tell whether word i is a day's name, the weekend's, or a day said from today."""
    word = word_at(plain, i)
    return day_of(word, None) is not None or word in WEEK_WORDS or word in RELATIVE_DAYS


# Said after days, a time of them: "not monday mornings", "not sundays after 6pm" rule out
# only part of a day, which the other days cannot say.
TIMES_OF_A_DAY = frozenset(
    {"after", "before", "until", "till", "til", "between", "from", *AFTER_A_DAY}
)


def time_size(words: Words, i: int) -> int:
    """How many words from word i say a time of the days before them ("mornings"); 0: none."""
    plain, word = words.plain, word_at(words.plain, i)
    if i >= len(plain) or words.raw[i - 1][-1] in ".,;:!?":
        return 0  # "not mondays, mornings are best": the days end at the comma
    said = " ".join(plain[i : i + 6])
    if clock_time := _TIMES.match(said):
        return len(clock_time.group(0).split())
    if said.startswith(tuple(DAY_ENDS)) or word in TIMES_OF_A_DAY:  # "after work", "after lunch"
        return min(2, len(plain) - i)
    if _hour_at(plain, i):  # "not mondays at 6"
        return 2
    return 1 if part_of_day(word) in PARTS_OF_DAY or word in AFTER_A_DAY else 0
