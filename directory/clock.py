"""Times as people write them: '10am', '12.30', 'half seven in the evening', '2-4pm', '10–12'.

Tried first: dateparser 1.5.0 read 6 of 14 typical phrases ('2-4pm' became 16:00, '10–12' a
date, 'half seven' nothing) and brings about 45 MB of dependencies; timefhuman 0.1.5 read 7, with
'half seven in the evening' as 18:00 and '7-9 in the evening' as 9 July. Neither reads British
'half seven' or settles an hour without am/pm the way a community timetable means it, so this
small reader does, and says when it had to choose.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

MAX_SHOWN = 40  # characters of typed text quoted back in a message

# An hour written without am/pm is read the way community timetables use it: 8 to 11 in the
# morning, 12 at midday, 1 to 7 in the afternoon or evening (almost nothing meets at 3 am or
# 7 am; lunch clubs, afternoon groups and evening classes do). Between two readings of a range
# the one lasting 12 hours or less wins ('2-4pm' is 14:00 to 16:00, not 02:00 to 16:00).
MORNING_HOURS = range(8, 12)
LONGEST_LIKELY_MINUTES = 12 * 60

_NUMBERS = {
    "twenty five": 25,
    "twenty-five": 25,
    "forty five": 45,
    "forty-five": 45,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
}
_NUMBER_WORDS = re.compile(
    r"\b(" + "|".join(sorted((re.escape(w) for w in _NUMBERS), key=len, reverse=True)) + r")\b"
)
# "ten to twelve" is 11:50 in speech, so minutes written as words before "to" are a time, not a
# range; "10 to 12" in figures is a range, as timetables write it.
_MINUTES_TO = re.compile(r"\b(quarter|five|ten|twenty[- ]five|twenty) to\b")
_PM_WORDS = re.compile(
    r"\b(?:in the |this )?(?:afternoon|evening|night)\b|\bat night\b|\btonight\b"
)
_AM_WORDS = re.compile(r"\b(?:in the |this )?morning\b")
_RANGE = re.compile(r"\s*(?:-|\bto\b|\btill\b|\btil\b|\buntil\b|\bthrough\b|\band\b)\s*")
_HHMM = re.compile(r"^(\d{2}):(\d{2})$")  # two-digit hour and a colon: a 24-hour time
_PLAIN = re.compile(r"^(\d{1,2})(?:[:.h ](\d{2}))?\s*(am|pm)?$")
_COMPACT = re.compile(r"^(\d{2})(\d{2})$")  # 1930
_PAST = re.compile(r"^(quarter|half|\d{1,2})(?: minutes?)? (past|before) (\d{1,2})\s*(am|pm)?$")
_HALF = re.compile(r"^half (\d{1,2})\s*(am|pm)?$")  # British 'half seven': 7:30
_NAMED = {"noon": (12, 0), "midday": (12, 0), "12 noon": (12, 0), "12 midday": (12, 0)}
_MIDNIGHT = {"midnight", "12 midnight"}


class TimeError(ValueError):
    """A typed time that cannot be read; `field` is the form field it belongs to."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class EndBeforeStart(TimeError):
    """Two typed times that read, but the end comes before the start."""


@dataclass(frozen=True)
class Clock:
    """A time as written: the hour as given (1-12 when am/pm is open) and whether it is fixed."""

    hour: int
    minute: int
    fixed: bool  # 24-hour, am/pm or a named time: only one reading

    def readings(self) -> list[int]:
        """The minutes after midnight this time may mean, the likeliest first."""
        if self.fixed:
            return [self.hour * 60 + self.minute]
        morning = self.hour * 60 + self.minute
        evening = morning + 12 * 60
        return [morning, evening] if self.hour in MORNING_HOURS else [evening, morning]


@dataclass(frozen=True)
class Reading:
    """A start and end time as HH:MM, and whether an hour without am/pm had to be chosen."""

    start: str
    end: str
    guessed: bool = False

    def words(self) -> str:
        """'19:30 to 21:00', or 'from 19:30' when no end was given."""
        return f"{self.start} to {self.end}" if self.end else f"from {self.start}"


def hhmm(minutes: int) -> str:
    """Minutes after midnight as HH:MM."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def shown(text: str) -> str:
    """Typed text quoted back in a message, cut short."""
    text = " ".join(text.split())
    return f"“{text[:MAX_SHOWN]}…”" if len(text) > MAX_SHOWN else f"“{text}”"


def _normalise(text: str) -> tuple[str, str]:
    """Lower-case text with figures for number words, and 'am', 'pm' or '' from its words."""
    # 'am'/'pm' come from words such as 'in the evening'.
    text = " ".join(text.lower().replace("\u2013", "-").replace("\u2014", "-").split())
    text = re.sub(r"\b([ap])\.?\s?m\b\.?", r"\1m", text)
    text = re.sub(r"\bo'?\s?clock\b|\bhrs\b|\bh\b(?!\d)", "", text)
    text = _MINUTES_TO.sub(lambda m: f"{m.group(1)} before", text)
    context = ""
    if _PM_WORDS.search(text):
        context, text = "pm", _PM_WORDS.sub("", text)
    elif _AM_WORDS.search(text):
        context, text = "am", _AM_WORDS.sub("", text)
    text = _NUMBER_WORDS.sub(lambda m: str(_NUMBERS[m.group(1)]), text)
    text = re.sub(r"^(?:from|between|at|starts? at|ends? at)\s+", "", text.strip())
    return " ".join(text.split()), context


def _clock(hour: int, minute: int, ampm: str, typed: str, field: str, fixed: bool = False) -> Clock:
    """A clock time, settled by 'am' or 'pm' when given (or `fixed` for a 24-hour time)."""
    if minute > 59 or hour > 23:
        raise TimeError(field, f"{shown(typed)} is not a time: try 10am, 2.30pm or 14:30")
    if not ampm:
        return Clock(hour, minute, fixed=fixed or hour == 0 or hour >= 12)
    if not 1 <= hour <= 12:
        raise TimeError(field, f"{shown(typed)} is not a time: use 1pm or 13:00, not both")
    return Clock(hour % 12 + (12 if ampm == "pm" else 0), minute, fixed=True)


def _one(text: str, typed: str, field: str) -> Clock:
    """One normalised time such as '10', '12.30', '7:45pm', 'quarter past 2', 'half 7'."""
    if text in _NAMED:
        return Clock(*_NAMED[text], fixed=True)
    if text in _MIDNIGHT:
        return Clock(0, 0, fixed=True)
    if match := _HHMM.match(text) or _COMPACT.match(text):
        return _clock(int(match[1]), int(match[2]), "", typed, field, fixed=True)
    if match := _PLAIN.match(text):
        return _clock(int(match[1]), int(match[2] or 0), match[3] or "", typed, field)
    if match := _HALF.match(text):
        return _clock(int(match[1]), 30, match[2] or "", typed, field)
    if match := _PAST.match(text):
        return _relative(match, typed, field)
    raise TimeError(field, f"We could not read {shown(typed)} as a time: try 10am, 2.30pm or 14:30")


def _relative(match: re.Match[str], typed: str, field: str) -> Clock:
    """'quarter past 2', '20 past 7', 'quarter before 3' (from 'quarter to 3')."""
    amount = {"quarter": 15, "half": 30}.get(match[1]) or int(match[1])
    hour = int(match[3])
    if not 1 <= amount <= 59 or hour > 23:
        raise TimeError(field, f"{shown(typed)} is not a time: try 10am, 2.30pm or 14:30")
    if match[2] == "before":
        # 'quarter to 1' is 12:45: the hour before 1 on a 12-hour clock is 12.
        hour, amount = (12 if hour == 1 else (hour - 1) % 24), 60 - amount
    return _clock(hour, amount, match[4] or "", typed, field)


def read_clock(text: str, field: str = "time") -> Clock:
    """One typed time as a Clock; words like 'in the evening' settle am or pm."""
    normal, context = _normalise(text)
    if not normal:
        raise TimeError(field, f"We could not read {shown(text)} as a time: try 10am or 14:30")
    clock = _one(normal, text, field)
    if context and not clock.fixed:
        clock = _clock(clock.hour, clock.minute, context, text, field)
    return clock


def read_time(text: str, field: str = "time") -> str:
    """One typed time as HH:MM, read the likeliest way when am/pm is not said."""
    return hhmm(read_clock(text, field).readings()[0])


def split_range(text: str) -> tuple[str, str] | None:
    """A typed range ('2-4pm', '10am to 12') as start and end texts; None when it is one time."""
    # Each text keeps the words about the time of day ('7-9 in the evening').
    normal, context = _normalise(text)
    parts = [p for p in _RANGE.split(normal) if p is not None]
    if len(parts) != 2 or not all(p.strip() for p in parts):
        return None
    tail = {"pm": " in the evening", "am": " in the morning"}.get(context, "")
    return parts[0], parts[1] + tail


def _pair(start: Clock, end: Clock) -> tuple[int, int, bool] | None:
    """The likeliest (start, end) minutes, the end after the start, and whether one was chosen."""
    # Chosen between plausible readings; None when every reading ends before it starts.
    after = [(a, b) for a, b in itertools.product(start.readings(), end.readings()) if b > a]
    likely = [(a, b) for a, b in after if b - a <= LONGEST_LIKELY_MINUTES] or after
    if not likely:
        return None
    # readings() lists the likeliest first, so product order is the order of preference.
    return likely[0][0], likely[0][1], len(likely) > 1


def read_range(start_text: str, end_text: str, start_field: str, end_field: str) -> Reading:
    """A start and an end typed in two fields, settled together."""
    # '2 to 4pm' and '7 to 9 in the evening' tell which reading of the start is meant (the one a
    # few hours before the end).
    start = read_clock(start_text, start_field)
    end = read_clock(end_text, end_field)
    found = _pair(start, end)
    if found is None:
        first, last = hhmm(start.readings()[0]), hhmm(end.readings()[0])
        late = ". For one that ends at midnight, enter 23:59" if last == "00:00" else ""
        raise EndBeforeStart(
            end_field, f"The end time ({last}) is before it starts ({first}){late}"
        )
    return Reading(hhmm(found[0]), hhmm(found[1]), guessed=found[2])


def read_times(
    start_text: str,
    end_text: str = "",
    start_field: str = "start",
    end_field: str = "end",
    end_optional: bool = False,
) -> Reading:
    """What a person typed as a start and end time, or as a whole range in the start field."""
    # A range ('2-4pm') leaves the end empty; TimeError names the field that is wrong. With
    # end_optional, a start alone is read with an empty end.
    start_text, end_text = start_text.strip(), end_text.strip()
    if not start_text:
        raise TimeError(start_field, "Enter when it starts, for example 10am or 14:30")
    halves = split_range(start_text)
    if halves is not None:
        reading = read_range(*halves, start_field, start_field)
        if end_text and read_range(halves[0], end_text, start_field, end_field).end != reading.end:
            message = f"The start box says {reading.words()}: clear the end time or the range"
            raise TimeError(end_field, message)
        return reading
    if not end_text:
        alone = read_clock(start_text, start_field)  # an unreadable start is said first
        if end_optional:
            readings = alone.readings()
            return Reading(hhmm(readings[0]), "", guessed=len(readings) > 1)
        raise TimeError(end_field, "Enter when it ends, for example 12pm or 16:00")
    return read_range(start_text, end_text, start_field, end_field)
