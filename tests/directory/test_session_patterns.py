"""When a session next meets, for every pattern: weekly, every N weeks from a start date,
monthly by ordinal day, with valid-from / valid-to dates and cancelled dates, across the clocks
changing. Checked against a plain day-by-day reading of the pattern and against dateutil's
reading of the iCalendar rule we publish."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import pytest
from dateutil.rrule import rrulestr
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar
from pydantic import ValidationError

from core.times import LONDON
from directory.ical import cancelled_starts, resource_calendar, rrule
from directory.models import DAYS, Resource, ResourceCreate, ResourceSession
from directory.models.patterns import next_on_or_after, next_start
from directory.validation import messages
from directory.wording import session_text

HORIZON = 800  # days scanned by the plain reading (over two years: a yearly break fits)


@dataclass
class Plain:
    """A session pattern as the tests build it."""

    day: str
    start: str = "10:00"
    end: str = "12:00"
    freq: str = "weekly"
    ordinal: int | None = None
    interval: int = 1
    anchor: date | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    cancelled: list[str] = field(default_factory=list)
    note: str = ""
    until: date | None = None
    count: int | None = None
    timezone: str = ""


def counted_end(s: Plain) -> date | None:
    """The COUNT-th day the pattern meets from its start, cancelled days included."""
    first = max([d for d in (s.valid_from, s.anchor) if d], default=None)
    if not s.count or first is None:
        return None
    key = (s.day, s.freq, s.ordinal, s.interval, s.anchor, s.valid_from, s.valid_to, s.count)
    if key not in _COUNTED:
        _COUNTED[key] = _scan_count(s, first)
    return _COUNTED[key]


_COUNTED: dict[tuple[object, ...], date | None] = {}


def _scan_count(s: Plain, first: date) -> date | None:
    assert s.count
    seen = 0
    for offset in range(HORIZON * 4):
        d = first + timedelta(days=offset)
        if _meets_by_rule(s, d):
            seen += 1
            if seen == s.count:
                return d
    return None


def meets(s: Plain, d: date) -> bool:
    """Whether the pattern meets on d, read straight from its definition."""
    if d.isoformat() in s.cancelled or (s.until and d > s.until):
        return False
    end = counted_end(s)
    return (end is None or d <= end) and _meets_by_rule(s, d)


def _meets_by_rule(s: Plain, d: date) -> bool:
    """Whether the repeat rule and its valid dates alone give d."""
    if DAYS[d.weekday()] != s.day:
        return False
    if (s.valid_from and d < s.valid_from) or (s.valid_to and d > s.valid_to):
        return False
    if s.anchor and d < s.anchor:
        return False
    if s.freq == "monthly":
        if s.ordinal == -1:
            return (d + timedelta(days=7)).month != d.month
        return (d.day - 1) // 7 + 1 == s.ordinal
    if s.interval > 1:
        assert s.anchor is not None
        return (d - s.anchor).days % (7 * s.interval) == 0
    return True


def first_meeting(s: Plain, day: date) -> date | None:
    """The first date on or after day the pattern meets, by scanning day by day."""
    day = max([day, *(d for d in (s.valid_from, s.anchor) if d)])  # it cannot meet before
    for offset in range(HORIZON):
        d = day + timedelta(days=offset)
        if meets(s, d):
            return d
    return None


DATES = st.dates(min_value=date(2024, 1, 1), max_value=date(2032, 12, 31))
TIMES = st.sampled_from(["00:30", "01:30", "09:00", "10:00", "14:15", "19:30", "23:00"])


@st.composite
def patterns(draw: st.DrawFn) -> Plain:
    """Any session pattern the editor can save."""
    day = draw(st.sampled_from(DAYS))
    kind = draw(st.sampled_from(["weekly", "every-n", "monthly"]))
    s = Plain(day=day, start=draw(TIMES))
    s.end = "23:59"
    if kind == "monthly":
        s.freq, s.ordinal = "monthly", draw(st.sampled_from([1, 2, 3, 4, -1]))
    if kind == "every-n":
        s.interval = draw(st.integers(2, 6))
        base = draw(DATES)
        s.anchor = base + timedelta(days=(DAYS.index(day) - base.weekday()) % 7)
    if draw(st.booleans()):
        s.valid_from = draw(DATES)
    if draw(st.booleans()):
        s.valid_to = (s.valid_from or date(2024, 1, 1)) + timedelta(days=draw(st.integers(0, 500)))
    if draw(st.booleans()):
        s.until = draw(DATES)
    if (s.anchor or s.valid_from) and draw(st.booleans()):
        s.count = draw(st.integers(1, 30))
    days = draw(st.lists(DATES, max_size=6))
    near = [first_meeting(s, d) for d in days]
    s.cancelled = sorted({d.isoformat() for d in near if d is not None})
    return s


@settings(max_examples=400, deadline=None)
@given(patterns(), DATES)
def test_next_date_is_the_first_day_the_pattern_meets(s: Plain, day: date):
    assert next_on_or_after(s, day) == first_meeting(s, day)


# Instants near the clocks changing (last Sunday of March and October, 01:00 UTC), and any time.
CHANGES = [
    datetime(2026, 3, 29, 1, tzinfo=UTC),
    datetime(2026, 10, 25, 1, tzinfo=UTC),
    datetime(2027, 3, 28, 1, tzinfo=UTC),
    datetime(2027, 10, 31, 1, tzinfo=UTC),
]
NEAR_CHANGE = st.builds(
    lambda change, minutes: change + timedelta(minutes=minutes),
    st.sampled_from(CHANGES),
    st.integers(-3 * 24 * 60, 3 * 24 * 60),
)
ANY_TIME = st.datetimes(
    min_value=datetime(2025, 1, 1), max_value=datetime(2031, 12, 31), timezones=st.just(UTC)
)


@settings(max_examples=400, deadline=None)
@given(st.lists(patterns(), min_size=1, max_size=3), st.one_of(NEAR_CHANGE, ANY_TIME))
def test_next_session_is_the_first_not_yet_started_in_uk_time(sessions: list[Plain], now):
    local = now.astimezone(LONDON)
    found = next_start(sessions, local)
    wall = (local.date(), f"{local:%H:%M}")
    starts = []
    for s in sessions:
        d = first_meeting(s, local.date())
        if d == local.date() and s.start < wall[1]:
            d = first_meeting(s, local.date() + timedelta(days=1))
        if d is not None:
            starts.append((d, s.start))
    if not starts:
        assert found is None
        return
    assert found is not None
    assert (found[0], found[1].start) == min(starts)
    assert (found[0], found[1].start) >= wall  # never one that has started, on the UK clock


@settings(max_examples=200, deadline=None)
@given(patterns(), DATES)
def test_the_published_ical_rule_meets_on_the_same_days(s: Plain, day: date):
    first = next_on_or_after(s, day, skip_cancelled=False)
    if first is None:
        return
    start = datetime.combine(first, datetime.strptime(s.start, "%H:%M").time(), tzinfo=LONDON)
    rule = rrule(s, LONDON)  # type: ignore[arg-type]
    text = ";".join(
        f"{k}={v:%Y%m%dT%H%M%SZ}" if isinstance(v, datetime) else f"{k}={v}"
        for k, v in rule.items()
    )
    skipped = {d.date() for d in cancelled_starts(s, first, LONDON)}  # type: ignore[arg-type]
    window = first + timedelta(days=400)
    occurrences = rrulestr(text, dtstart=start)
    published = [o.date() for o in occurrences.between(start, _midnight(window), inc=True)]
    expected = [d for d in _days(first, window) if meets(s, d)]
    assert [d for d in published if d not in skipped] == expected


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days)]


def _midnight(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), tzinfo=LONDON)


def test_saturday_late_session_that_started_in_summer_time_is_next_week():
    # 22:30 UTC on a July Saturday is 23:30 in the UK: a 23:00 session has started.
    s = Plain(day="sa", start="23:00", end="23:45")
    now = datetime(2027, 7, 3, 22, 30, tzinfo=UTC)
    assert next_start([s], now.astimezone(LONDON)) == (date(2027, 7, 10), s)


def test_fortnightly_session_counts_weeks_from_its_start_date_across_the_clocks_changing():
    s = Plain(day="tu", interval=2, anchor=date(2027, 3, 16))
    assert next_on_or_after(s, date(2027, 3, 24)) == date(2027, 3, 30)  # BST began 28 March
    assert next_on_or_after(s, date(2027, 3, 1)) == date(2027, 3, 16)  # none before the start


def test_summer_only_group_meets_only_between_its_dates():
    s = Plain(day="sa", valid_from=date(2027, 6, 1), valid_to=date(2027, 8, 31))
    assert next_on_or_after(s, date(2027, 1, 1)) == date(2027, 6, 5)
    assert next_on_or_after(s, date(2027, 9, 1)) is None


def test_a_cancelled_date_is_skipped_without_losing_the_pattern():
    s = Plain(day="su", freq="monthly", ordinal=-1, cancelled=["2027-12-26"])
    assert next_on_or_after(s, date(2027, 12, 1)) == date(2028, 1, 30)
    assert next_on_or_after(s, date(2027, 11, 1)) == date(2027, 11, 28)


def test_an_orm_session_uses_the_same_rule():
    row = ResourceSession(
        day="sa", freq="monthly", ordinal=2, start="10:00", end="12:00", cancelled=[]
    )
    assert row.next_on_or_after(date(2027, 5, 1)) == date(2027, 5, 8)


def test_patterns_in_words():
    today = date(2027, 1, 1)
    assert session_text(Plain(day="tu", interval=2, anchor=date(2027, 1, 5)), today) == (
        "Every other Tuesday, 10:00 to 12:00 (starting 5 January 2027)"
    )
    summer = Plain(
        day="sa",
        freq="monthly",
        ordinal=2,
        valid_from=date(2027, 6, 1),
        valid_to=date(2027, 8, 31),
        cancelled=["2027-07-10"],
    )
    assert session_text(summer, today) == (
        "Second Saturday of the month, 10:00 to 12:00 "
        "(from 1 June 2027 to 31 August 2027; not on 10 July 2027)"
    )


def _errors(**session: object) -> dict[str, str]:
    data = {"day": "tu", "start": "10:00", "end": "12:00", **session}
    with pytest.raises(ValidationError) as caught:
        ResourceCreate(name="Walk", setting="online", sessions=[data])
    return messages(caught.value)


def test_fortnightly_without_a_start_date_is_refused_on_the_start_date():
    found = _errors(freq="fortnightly")
    assert found == {
        "sessions.0.anchor": "a session every 2 weeks needs a start date (the first day it meets)"
    }


def test_start_date_on_another_day_is_refused():
    found = _errors(interval=3, anchor="2027-01-06")
    assert (
        found["sessions.0.anchor"] == "the start date, Wednesday 6 January 2027, is not a Tuesday"
    )


def test_season_ending_before_it_begins_is_refused():
    found = _errors(valid_from="2027-08-01", valid_to="2027-06-01")
    assert found["sessions.0.valid_to"] == "the last date is before the first date"


def test_cancelled_date_on_another_day_is_refused():
    found = _errors(cancelled=["2027-01-07"])
    assert found["sessions.0.cancelled"] == "Thursday 7 January 2027 is not a Tuesday"


def test_ical_feed_says_every_other_week_until_the_last_date_less_breaks():
    session = ResourceSession(
        day="tu",
        interval=2,
        anchor=date(2027, 6, 1),
        valid_to=date(2027, 8, 31),
        cancelled=["2027-06-15"],
        start="18:00",
        end="20:00",
    )
    resource = Resource(id="r1", name="Evening walk", sessions=[session])
    resource.updated_at = datetime(2027, 5, 1, tzinfo=UTC)
    [event] = Calendar.from_ical(resource_calendar(resource)).walk("VEVENT")
    assert event["RRULE"]["INTERVAL"] == [2]
    assert event["RRULE"]["UNTIL"] == [datetime(2027, 8, 31, 19, 0, tzinfo=UTC)]
    assert event.decoded("DTSTART") == datetime(2027, 6, 1, 18, 0, tzinfo=LONDON)
    [skipped] = event["EXDATE"].dts
    assert skipped.dt == datetime(2027, 6, 15, 18, 0, tzinfo=LONDON)


def test_an_unknown_frequency_is_refused():
    found = _errors(freq="yearly")
    assert found["sessions.0.freq"] == "say how often it meets: weekly, fortnightly or monthly"


def test_a_session_in_its_own_timezone_starts_by_its_own_clock():
    # Monday 10:00 in New York is 15:00 UTC in January; a UK-time reading would say 10:00 UTC.
    s = Plain(day="mo", start="10:00", end="11:00", timezone="America/New_York")
    before = datetime(2027, 1, 4, 14, 30, tzinfo=UTC)
    after = datetime(2027, 1, 4, 15, 30, tzinfo=UTC)
    assert next_start([s], before, LONDON) == (date(2027, 1, 4), s)
    assert next_start([s], after, LONDON) == (date(2027, 1, 11), s)


def test_a_utc_offset_session_is_compared_with_others_by_the_instant_it_starts():
    # 10:00+01:00 is 09:00 UTC, before a 09:30 London (GMT) session on the same Monday.
    offset = Plain(day="mo", start="10:00", end="11:00", timezone="+01:00")
    home = Plain(day="mo", start="09:30", end="10:30")
    now = datetime(2027, 1, 4, 8, 0, tzinfo=UTC)
    assert next_start([home, offset], now, LONDON) == (date(2027, 1, 4), offset)


def test_until_and_count_end_the_sessions():
    s = Plain(day="mo", anchor=date(2027, 1, 4), count=3)
    assert next_on_or_after(s, date(2027, 1, 18)) == date(2027, 1, 18)
    assert next_on_or_after(s, date(2027, 1, 19)) is None  # the third was the last
    s = Plain(day="mo", until=date(2027, 1, 10))
    assert next_on_or_after(s, date(2027, 1, 5)) is None


def test_the_feed_writes_a_sessions_own_zone_and_its_count_as_an_end(app):
    """A New York session keeps TZID America/New_York with its VTIMEZONE; an offset one is in
    UTC; a COUNT becomes the UNTIL of its last session."""
    resource = Resource(id="r-tz", name="Chess in Baltimore", description="")
    resource.sessions = [
        ResourceSession(day="mo", start="10:00", end="11:00", timezone="America/New_York",
                        anchor=date(2027, 1, 4), count=3),
        ResourceSession(day="tu", start="10:00", end="11:00", timezone="+01:00"),
    ]  # fmt: skip
    resource.updated_at = datetime(2027, 1, 1, tzinfo=UTC)
    with app.app_context():
        cal = Calendar.from_ical(resource_calendar(resource))
    monday, tuesday = cal.walk("VEVENT")
    assert monday["DTSTART"].params["TZID"] == "America/New_York"
    assert monday.decoded("DTSTART") == datetime(2027, 1, 4, 15, 0, tzinfo=UTC)
    assert monday["RRULE"]["UNTIL"] == [datetime(2027, 1, 18, 16, 0, tzinfo=UTC)]
    assert [str(z["TZID"]) for z in cal.walk("VTIMEZONE")] == ["America/New_York"]
    assert tuesday.decoded("DTSTART") == datetime(2027, 1, 5, 9, 0, tzinfo=UTC)


def test_a_session_on_another_clock_says_which():
    assert "times are America/New_York time" in session_text(
        Plain(day="mo", timezone="America/New_York")
    )
    assert "times are UTC+01:00" in session_text(Plain(day="mo", timezone="+01:00"))
    assert "times are" not in session_text(Plain(day="mo"))
