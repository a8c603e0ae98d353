"""Free times a note suggests ("free on Tuesdays after 2", "weekends only"), with their words.

Only what the note says is possible for the person is suggested: a time said to be no good
("mornings are no good") is never suggested, and is taken out of what is; a note that only says
what is no good suggests nothing (the rest of the week is not guessed). Times of someone else
("her son is free on Saturdays") or of a group ("the group meets on Tuesdays") suggest nothing.
Parts of the day are the search box's windows (directory.understand.PARTS_OF_DAY) and clock
times are read as the add-a-session form reads them (directory.clock).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from directory import clock
from directory.models.base import DAYS, check_day, check_time, minutes
from directory.understand import DAY_NAMES, DAY_WORDS, EVENT_NAMES, PARTS_OF_DAY, WEEKDAYS, WEEKEND
from matcher.notes import clauses

Window = tuple[str, str, str]  # day code, from, to (HH:MM)
Span = tuple[int, int]  # minutes after midnight
DAY_START, DAY_END = "00:00", "23:59"
WHOLE_DAY: Span = (0, minutes(DAY_END))
EVERY_DAY = tuple(DAYS)

_DAY_WORD = "|".join(sorted(DAY_WORDS, key=len, reverse=True))
_DAY = rf"(?:{_DAY_WORD})s?"
# "sat", "sun", "wed" and "mon" are also words: a day only beside another day or after "on".
# ("weds" and "mons" are no English words: days, wherever they are.)
_UNSURE = re.compile(r"^(sat|sun|wed|mon|sats|suns)$")
# ... unless a part of the day or a time follows it ("weds mornings", "mon pm", "weds 10-2").
_PART_AFTER = re.compile(
    r"\s+(?:(?:am|pm|mornings?|afternoons?|evenings?|nights?|lunchtimes?)\b|"
    r"(?:(?:from|after|before|at)\s+)?\d{1,2}(?:[:.]\d\d)?\s*(?:am\b|pm\b|-|–|to\b|till\b|until\b))"
)
# Between pairs of a day and a time ("weds mornings & mon pm").
_PAIR_SEP = re.compile(r"\s*(?:&|\+|,|\band\b|\bor\b)\s*")
_RANGE_SEP = r"\s*(?:-|–|to|till|until|through|thru)\s*"
_LIST_SEP = r"\s*(?:/|&|,|\+|and|or)\s*"
_DAYS = re.compile(rf"\b{_DAY}(?:(?:{_RANGE_SEP}|{_LIST_SEP}){_DAY})*\b")
_GROUPS = [
    (
        WEEKEND,
        re.compile(r"\b(?:at |over )?(?:the )?weekends?\b|\bsat(?:urday)?s? and sun(?:day)?s?\b"),
    ),
    (WEEKDAYS, re.compile(r"\bweekdays?\b|\b(?:during|in) the week\b")),
    (EVERY_DAY, re.compile(r"\b(?:any|every) ?days?\b|\bdaily\b|\ball (?:the )?week\b")),
]
_PARTS = re.compile(r"\b(morning|afternoon|evening|night|lunchtime)s?\b")
_AM_PM = re.compile(rf"\b{_DAY}\s+(am|pm)\b")
_CLOCK = r"(?:\d{1,2}(?:[:.]\d{2})?\s?(?:am|pm|o'?clock)?|noon|midday)"
_NOT_A_TIME = r"(?!\s*(?:times|x\b|days?|hours?|hrs|weeks?|people|miles|km|years|yrs|mins|minutes))"
_CLOCKS = re.compile(
    rf"\bbetween\s+(?P<start>{_CLOCK})\s*(?:and|-|–)\s*(?P<end>{_CLOCK})\b{_NOT_A_TIME}|"
    rf"\b(?:from\s+)?(?P<first>{_CLOCK})\s*(?:-|–|to|till|until)\s*(?P<last>{_CLOCK})\b"
    rf"{_NOT_A_TIME}|"
    rf"\b(?:after|from|since)\s+(?P<after>{_CLOCK})\b{_NOT_A_TIME}|"
    rf"\b(?:before|until|till|til|up to)\s+(?P<before>{_CLOCK})\b{_NOT_A_TIME}"
)
# Said to be possible for them.
_CAN = re.compile(
    r"\b(free|available|availability|avail|suits?|suited|best|better|fine|ok|okay|ideal|easiest|"
    r"prefers?|preferred|only|(?:is|are) good|good for (?:him|her|them)|"
    r"(?:can|could) (?:do|make|manage|come|attend|get out|go)|"
    r"works? (?:best|well|better|for (?:him|her|them))|happy (?:with|to do))\b"
)
# Said to be no good, or taken by something else (work, college, appointments).
_CANNOT = re.compile(
    r"n't\b|\b(no good|not|no|never|cannot|busy|unavailable|difficult|hard|bad|tricky|"
    r"struggl\w*|sleeps?|asleep|works?(?! (?:best|well|better|for))|working|job|shifts?|"
    r"college|school(?! run)|appointments?|clinic|depot|except|apart from|avoid\w*|"
    r"too (?:early|late))\b"
)
# A one-off ("last Tuesday", "this morning") or a group's own times ("the group meets on ...").
_NOT_THEIRS = re.compile(
    r"\b(last|yesterday|ago|tomorrow|next|this (?:morning|afternoon|evening|week)|meets|met|"
    r"runs|ran|held|opens|closes|(?:is|are) on)\b"
)
_EXCEPT = r"(?:except|apart from|but not)"
_EXCEPTION = re.compile(rf"\W*{_EXCEPT}\b")
_SEGMENT = re.compile(
    r"[;:]|,(?!\s*(?:and |or )?(?:\d|mon|tue|wed|thu|fri|sat|sun))|"
    r"\b(?:so|but|because|though|although|whereas|while|than)\b|"
    # "as" and "since" giving a reason ("evenings only as she works days")
    r"\b(?:as|since) (?=(?:he|she|they|works?|working|is|has|does|goes|busy)\b)|"
    # the exception is a part of its own, ruled out ("free all week except tuesday")
    rf"(?=\b{_EXCEPT}\b)"
)


@dataclass(frozen=True)
class FreeTime:
    """Free times a note suggests: the windows, the times in words and the note's words."""

    windows: tuple[Window, ...]
    words: str
    phrase: str

    @property
    def label(self) -> str:
        """The times in words, as the form shows them."""
        return f"Free: {self.words}"

    @property
    def value(self) -> str:
        """The windows as one form value ('tu@14:00-23:59 th@14:00-23:59')."""
        return " ".join(f"{day}@{start}-{end}" for day, start, end in self.windows)

    def dicts(self) -> list[dict[str, str]]:
        """The windows as a person's free times are stored."""
        return [{"day": day, "from": start, "to": end} for day, start, end in self.windows]


@dataclass(frozen=True)
class _Said:
    """What one part of a sentence says of days and times."""

    days: tuple[str, ...]
    spans: tuple[Span, ...]
    parts: tuple[str, ...]
    start: int  # where its words start and end in the part
    end: int


def _day_range(first: str, last: str) -> list[str]:
    """The days from one to another ('mon-wed'), round the week when it wraps."""
    a, b = DAYS.index(first), DAYS.index(last)
    return [DAYS[(a + i) % 7] for i in range((b - a) % 7 + 1)]


def _day_of(word: str) -> str:
    """The day code of a day word ('tuesdays', 'thurs'), or ''."""
    return DAY_WORDS.get(word) or DAY_WORDS.get(word.removesuffix("s"), "")


def _days_in(text: str) -> tuple[list[str], list[Span]]:
    """The days a part of a sentence names, and where it names them."""
    days: list[str] = []
    where: list[Span] = []
    for found in _DAYS.finditer(text):
        names = re.findall(_DAY, found.group(0))
        lead = text[max(0, found.start() - 3) : found.start()]
        sure = lead == "on " or _PART_AFTER.match(text, found.end())
        if len(names) == 1 and _UNSURE.match(names[0]) and not sure:
            continue
        pieces = re.split(rf"({_RANGE_SEP}|{_LIST_SEP})", found.group(0))
        said: list[str] = []
        for i in range(0, len(pieces), 2):
            day = _day_of(pieces[i].strip())
            if i >= 2 and re.fullmatch(_RANGE_SEP, pieces[i - 1]) and said:
                said += _day_range(said[-1], day)[1:]
            elif day:
                said.append(day)
        days += said
        where.append(found.span())
    for group, pattern in _GROUPS:
        for found in pattern.finditer(text):
            days += group
            where.append(found.span())
    return list(dict.fromkeys(days)), where


def _parts_in(text: str) -> tuple[list[str], list[Span]]:
    """The parts of the day said ('mornings', 'tues pm'), not an event's name ('coffee morning')."""
    parts: list[str] = []
    where: list[Span] = []
    for found in _PARTS.finditer(text):
        before = text[: found.start()].split()[-1:]
        if " ".join([*before, found.group(1)]) in EVENT_NAMES:
            continue
        parts.append(found.group(1))
        where.append(found.span())
    for found in _AM_PM.finditer(text):
        parts.append("morning" if found.group(1) == "am" else "afternoon")
        where.append(found.span(1))
    return list(dict.fromkeys(parts)), where


def _clock_in(text: str) -> tuple[Span | None, Span, bool]:
    """The clock window said ('after 2', '10-12'), where, and whether both its ends were said."""
    for found in _CLOCKS.finditer(text):
        try:
            if found["after"]:
                span = (minutes(clock.read_time(found["after"])), WHOLE_DAY[1])
            elif found["before"]:
                span = (0, minutes(clock.read_time(found["before"])))
            else:
                start, end = found["start"] or found["first"], found["end"] or found["last"]
                read = clock.read_range(start, end, "from", "to")
                span = (minutes(read.start), minutes(read.end))
        except clock.TimeError:
            continue
        if span[1] > span[0]:
            return span, found.span(), not (found["after"] or found["before"])
    return None, (0, 0), False


def _said(text: str) -> _Said | None:
    """The days and times one part of a sentence names, or None when it names none."""
    days, day_at = _days_in(text)
    parts, part_at = _parts_in(text)
    span, clock_at, closed = _clock_in(text)
    if not (days or parts or span):
        return None
    spans = _joined([PARTS_WINDOW[p] for p in parts]) or [WHOLE_DAY]
    if span is not None and closed:  # "mornings 9-1": the times said, past the part's end
        spans = [span]
    elif span is not None:  # "afternoons after 3": the part of the day from then
        inside = [(max(a, span[0]), min(b, span[1])) for a, b in spans]
        spans = [s for s in inside if s[1] > s[0]] or [span]
    at = [*day_at, *part_at, *([clock_at] if span else [])]
    return _Said(
        tuple(days) or EVERY_DAY,
        tuple(spans),
        tuple(parts) if span is None else (),
        min(a for a, _ in at),
        max(b for _, b in at),
    )


PARTS_WINDOW: dict[str, Span] = {
    part: (minutes(start), minutes(end)) for part, (start, end) in PARTS_OF_DAY.items()
}


def _joined(spans: list[Span]) -> list[Span]:
    """Spans in order, those that meet or overlap made one ('mornings and afternoons')."""
    out: list[Span] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(b, out[-1][1]))
        else:
            out.append((a, b))
    return out


def _minus(spans: list[Span], cut: Span) -> list[Span]:
    """The spans with a window taken out of them."""
    out: list[Span] = []
    for a, b in spans:
        out += [s for s in ((a, min(b, cut[0])), (max(a, cut[1]), b)) if s[1] > s[0]]
    return out


def _day_names(days: tuple[str, ...], plural: bool) -> str:
    """'Tuesdays and Thursdays', 'weekend', 'weekdays'; '' for every day."""
    if days == EVERY_DAY:
        return ""
    if days in (WEEKEND, WEEKDAYS):
        kind = "weekend" if days == WEEKEND else "weekday"
        return kind + ("s" if plural else "")
    names = [DAY_NAMES[d] + ("s" if plural else "") for d in days]
    return " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 2 else names)


def _span_words(span: Span) -> str:
    """'after 14:00', 'before 12:00', 'all day' or '10:00 to 12:00'."""
    start, end = clock.hhmm(span[0]), clock.hhmm(span[1])
    if span == WHOLE_DAY:
        return "all day"
    if span[1] == WHOLE_DAY[1]:
        return f"after {start}"
    return f"before {end}" if span[0] == 0 else f"{start} to {end}"


def words(days: tuple[str, ...], spans: tuple[Span, ...], parts: tuple[str, ...]) -> str:
    """Free days and times in words: 'Tuesdays after 14:00', 'weekend mornings (09:00 to 12:00)'."""
    if parts and list(spans) == _joined([PARTS_WINDOW[p] for p in parts]):
        said = " and ".join(f"{p}s" for p in parts)
        times = ", ".join(f"{clock.hhmm(a)} to {clock.hhmm(b)}" for a, b in spans)
        return " ".join(w for w in (_day_names(days, plural=False), said) if w) + f" ({times})"
    when = " and ".join(map(_span_words, spans))
    join = ", " if spans == (WHOLE_DAY,) else " "
    return f"{_day_names(days, plural=True) or 'any day'}{join}{when}"


@dataclass
class _Ruled:
    """What the note says is no good: whole days ('works Mon-Wed'), parts of every day."""

    days: set[str]
    spans: list[Span]

    def add(self, said: _Said) -> None:
        """Rule out days said alone, or times said of no day; not both together."""
        if said.days != EVERY_DAY and said.spans == (WHOLE_DAY,):
            self.days.update(said.days)
        elif said.days == EVERY_DAY:  # no good in the morning: nor earlier
            early = PARTS_WINDOW["morning"][0]
            self.spans += [(0 if a <= early else a, b) for a, b in said.spans]

    def kept(self, said: _Said, phrase: str) -> FreeTime | None:
        """A free time said, less what is ruled out; None when nothing is left."""
        days = tuple(d for d in said.days if d not in self.days)
        spans = list(said.spans)
        for cut in self.spans:
            spans = _minus(spans, cut)
        if not days or not spans or (days == EVERY_DAY and spans == [WHOLE_DAY]):
            return None
        parts = said.parts if tuple(spans) == said.spans else ()
        windows = tuple((d, clock.hhmm(a), clock.hhmm(b)) for d in days for a, b in spans)
        return FreeTime(windows, words(days, tuple(spans), parts), phrase)


def _mine(text: str) -> list[str]:
    """The parts of the note's sentences about the person themselves."""
    return [p for c in clauses(text) if not c.other for p in _SEGMENT.split(c.raw) if p.strip()]


def _pairs(part: str) -> list[str]:
    """A part split into its pairs of a day and a time ('weds am & mon pm'), or itself."""
    pieces = [p for p in _PAIR_SEP.split(part) if p.strip()]
    said = [_said(p) for p in pieces]
    # Each piece a day with its own time: a part of the day or a clock ("weds 10-2").
    if len(pieces) < 2 or any(
        s is None or s.days == EVERY_DAY or s.spans == (WHOLE_DAY,) for s in said
    ):
        return [part]
    return pieces


def read_free_times(text: str) -> list[FreeTime]:
    """Free times a note says are possible for the person, each with its words, each once."""
    can: list[tuple[_Said, str]] = []
    ruled = _Ruled(set(), [])
    parts = _mine(text)
    for k, part in enumerate(parts):
        said, after = _said(part), parts[k + 1] if k + 1 < len(parts) else ""
        cannot = bool(_CANNOT.search(part))
        if cannot and not _EXCEPTION.match(part) and _EXCEPTION.match(after):
            # "not free except weekends", "busy all week except Saturdays": only the exception
            if (only := _said(after)) is not None:
                can.append((only, f"{part.strip()} {after.strip(' ,.;')}"))
            parts[k + 1] = ""  # read here
            continue
        if said is None or _NOT_THEIRS.search(part):
            continue
        if cannot:
            ruled.add(said)
        elif cue := _CAN.search(part):
            pieces = _pairs(part)
            last = _said(pieces[-1])  # "tuesdays 10-2 and saturday mornings 9-1": to its end
            end = part.rfind(pieces[-1]) + last.end if last else said.end
            start, end = min(cue.start(), said.start), max(cue.end(), said.end, end)
            phrase = part[start:end].strip(" ,.;")
            can += [(s, phrase) for s in map(_said, pieces) if s is not None]
    found: dict[str, FreeTime] = {}
    for said, phrase in can:
        free = ruled.kept(said, phrase)
        if free is not None:
            found.setdefault(free.value, free)
    return _overlaps_joined(list(found.values()))


def _days_and_spans(free: FreeTime) -> tuple[tuple[str, ...], list[Span]]:
    """A free time's days, and its hours (the same on each of them)."""
    days = tuple(dict.fromkeys(day for day, _, _ in free.windows))
    spans = sorted({(minutes(a), minutes(b)) for day, a, b in free.windows if day == days[0]})
    return days, spans


def _overlaps_joined(found: list[FreeTime]) -> list[FreeTime]:
    """Free times of the same days whose hours meet, made one ('Tues mornings', 'Tues 10-2')."""
    out: list[FreeTime] = []
    for free in found:
        days, spans = _days_and_spans(free)
        for i, kept in enumerate(out):
            kept_days, kept_spans = _days_and_spans(kept)
            joined = _joined([*kept_spans, *spans])
            if kept_days == days and len(joined) < len(kept_spans) + len(spans):
                windows = tuple((d, clock.hhmm(a), clock.hhmm(b)) for d in days for a, b in joined)
                said = dict.fromkeys([kept.phrase, free.phrase])
                phrase = "; ".join(said)
                out[i] = FreeTime(windows, words(days, tuple(joined), ()), phrase)
                break
        else:
            out.append(free)
    return out


def windows_of(value: str) -> list[dict[str, str]]:
    """The free times a ticked suggestion's value names; anything unreadable is left out."""
    out: list[dict[str, str]] = []
    for item in value.split():
        day, _, times = item.partition("@")
        start, _, end = times.partition("-")
        try:
            window = {"day": check_day(day), "from": check_time(start), "to": check_time(end)}
        except ValueError:
            continue
        if minutes(window["to"]) > minutes(window["from"]):
            out.append(window)
    return out


def covered(window: dict[str, str], among: list[dict[str, str]]) -> bool:
    """Whether a free time lies inside one already given for the same day."""
    return any(
        w["day"] == window["day"]
        and minutes(w["from"]) <= minutes(window["from"])
        and minutes(window["to"]) <= minutes(w["to"])
        for w in among
    )


def merged(given: list[dict[str, str]], added: list[dict[str, str]]) -> list[dict[str, str]]:
    """The free times given, then each added one not already inside them (none replaced)."""
    out = list(given)
    for window in added:
        if not covered(window, out):
            out.append(window)
    return out
