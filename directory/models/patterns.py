"""When a regular session meets: weekly, every N weeks from a start date, or monthly on an
ordinal day, within optional valid-from / valid-to dates and the source's `until` / `count`,
less any cancelled dates.

The one definition of "next session" every page, card, handout and feed uses. It works on
local dates in the session's own timezone (its source's UTC offset or zone name, else the
directory's), so the clocks changing never moves a session to another day.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from typing import Any, Protocol, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from directory.models.base import DAYS, minutes

ORDINAL_LIMIT = 14  # months searched for a monthly session (more than a year, for valid-from)
# Why a cap: a source's COUNT is walked session by session; ten years of weekly sessions is
# past any page's horizon, so a larger count reads as no end.
COUNT_LIMIT = 520
_OFFSET = re.compile(r"([+-])(\d\d):?(\d\d)")


class Pattern(Protocol):
    """What a session's repeat pattern is read from (an ORM row or a plain record)."""

    freq: str
    day: str
    ordinal: int | None
    interval: int
    anchor: date | None
    valid_from: date | None
    valid_to: date | None
    cancelled: Any  # ISO dates: a list, a tuple or None
    start: str


@dataclass(frozen=True, slots=True)
class SessionFacts:
    """A session's pattern and times as plain, hashable values (for cached cards)."""

    freq: str
    day: str
    ordinal: int | None
    interval: int
    anchor: date | None
    valid_from: date | None
    valid_to: date | None
    cancelled: tuple[str, ...]
    start: str
    end: str
    until: date | None = None
    count: int | None = None
    timezone: str = ""

    @classmethod
    def of(cls, row: Any) -> SessionFacts:
        """The facts of a row with the session's columns."""
        return cls(
            freq=row.freq,
            day=row.day,
            ordinal=row.ordinal,
            interval=row.interval or 1,
            anchor=as_date(row.anchor),
            valid_from=as_date(row.valid_from),
            valid_to=as_date(row.valid_to),
            cancelled=tuple(row.cancelled or ()),
            start=row.start,
            end=row.end,
            until=as_date(getattr(row, "until", None)),
            count=getattr(row, "count", None),
            timezone=getattr(row, "timezone", "") or "",
        )


def as_date(value: Any) -> date | None:
    """A date from a date, an ISO text (as history keeps it) or None."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def nth_weekday(year: int, month: int, weekday: int, ordinal: int) -> date:
    """The nth (or last, for -1) given weekday of a month."""
    if ordinal > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (ordinal - 1))
    nxt = (date(year, month, 28) + timedelta(days=4)).replace(day=1)
    last = nxt - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def _first_from(s: Pattern) -> date | None:
    """The earliest date the pattern can meet on (its valid-from or start date)."""
    starts = [d for d in (as_date(s.valid_from), as_date(s.anchor)) if d is not None]
    return max(starts) if starts else None


def _weekly(s: Pattern, day: date) -> date:
    weekday = DAYS.index(s.day)
    found = day + timedelta(days=(weekday - day.weekday()) % 7)
    anchor = as_date(s.anchor)
    interval = s.interval or 1
    if interval > 1 and anchor is not None:
        anchor += timedelta(days=(weekday - anchor.weekday()) % 7)
        behind = ((found - anchor).days // 7) % interval
        if behind:
            found += timedelta(weeks=interval - behind)
    return found


def _monthly(s: Pattern, day: date) -> date:
    weekday = DAYS.index(s.day)
    probe = day.replace(day=1)
    for _ in range(ORDINAL_LIMIT):
        candidate = nth_weekday(probe.year, probe.month, weekday, s.ordinal or 1)
        if candidate >= day:
            return candidate
        probe = (probe + timedelta(days=32)).replace(day=1)
    raise ValueError("no monthly session found")  # pragma: no cover - ordinals are 1..4/-1


def session_zone(s: Any, default: tzinfo) -> tzinfo:
    """The zone a session's times are in: its own (a UTC offset or a zone name) or the default."""
    name = str(getattr(s, "timezone", "") or "").strip()
    if not name:
        return default
    if name.upper() in ("Z", "UTC"):
        return UTC
    offset = _OFFSET.fullmatch(name)
    if offset:
        sign = -1 if offset.group(1) == "-" else 1
        hours, mins = int(offset.group(2)), int(offset.group(3))
        return timezone(sign * timedelta(hours=hours, minutes=mins))
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return default  # import refuses unknown zones; an old row falls back, not a 500


def _step(s: Pattern) -> Any:
    return _monthly if s.freq == "monthly" and s.ordinal else _weekly


def _counted_end(s: Pattern) -> date | None:
    """The date of the source's COUNT-th session (cancelled ones count, as in RFC 5545)."""
    count = getattr(s, "count", None)
    first = _first_from(s)
    if not count or first is None or count > COUNT_LIMIT:
        return None
    step, day, found = _step(s), first, first
    for _ in range(count):
        found = step(s, day)
        day = found + timedelta(days=1)
    return found


def last_date(s: Pattern) -> date | None:
    """The last date the pattern may meet on: the earliest of valid-to, until and COUNT."""
    ends = [as_date(s.valid_to), as_date(getattr(s, "until", None)), _counted_end(s)]
    known = [d for d in ends if d is not None]
    return min(known) if known else None


def next_on_or_after(s: Pattern, day: date, skip_cancelled: bool = True) -> date | None:
    """The date of the pattern's next session on or after `day` (None: no more sessions)."""
    first = _first_from(s)
    if first is not None and first > day:
        day = first
    step = _step(s)
    cancelled = set(s.cancelled or ()) if skip_cancelled else set()
    until = last_date(s)
    for _ in range(len(cancelled) + 1):
        found = step(s, day)
        if until is not None and found > until:
            return None
        if found.isoformat() not in cancelled:
            return found
        day = found + timedelta(days=1)
    return None  # pragma: no cover - each cancelled date is skipped at most once


def occurs_on(s: Pattern, day: date) -> bool:
    """Tell whether the pattern meets on this date (cancelled dates count as not meeting)."""
    return next_on_or_after(s, day) == day


P = TypeVar("P", bound=Pattern)


def next_start(
    sessions: Iterable[P], now: datetime, default_zone: tzinfo | None = None
) -> tuple[date, P] | None:
    """The next session to start from `now` (an aware time) and its date in the session's zone."""
    # A session's times are local to its own timezone, else `default_zone` (else now's zone).
    default = default_zone or now.tzinfo or UTC
    best: tuple[datetime, date, P] | None = None
    for s in sessions:
        zone = session_zone(s, default)
        local = now.astimezone(zone)
        today = local.date()
        found = next_on_or_after(s, today)
        if found == today and minutes(s.start) < local.hour * 60 + local.minute:
            found = next_on_or_after(s, today + timedelta(days=1))
        if found is None:
            continue
        hours, mins = divmod(minutes(s.start), 60)
        begins = datetime.combine(found, time(hours, mins), tzinfo=zone)
        if best is None or begins < best[0]:
            best = (begins, found, s)
    return None if best is None else (best[1], best[2])


def on_clock(s: Any, zone: tzinfo, now: datetime) -> tuple[str, str, str]:
    """A session's (day, start, end) on the clock of `zone` (the directory's), at its next date."""
    # Read at its next date from `now`: unchanged unless its own timezone differs. An end past
    # midnight there is clipped to 23:59 of its start's day; an unknown end stays ''.
    own = session_zone(s, zone)
    if own is zone or not str(getattr(s, "timezone", "") or "").strip():
        return s.day, s.start, s.end
    today = now.astimezone(own).date()
    on = next_on_or_after(s, today, skip_cancelled=False)
    if on is None:  # ended: any date on its weekday tells the offset well enough
        on = today + timedelta(days=(DAYS.index(s.day) - today.weekday()) % 7)

    def there(hhmm: str) -> datetime:
        hours, mins = divmod(minutes(hhmm), 60)
        return datetime.combine(on, time(hours, mins), tzinfo=own).astimezone(zone)

    begins = there(s.start)
    if not s.end:
        return DAYS[begins.weekday()], f"{begins:%H:%M}", ""
    ends = there(s.end)
    end = f"{ends:%H:%M}" if ends.date() == begins.date() else "23:59"
    return DAYS[begins.weekday()], f"{begins:%H:%M}", end
