"""The matcher's day and time fit reads a session on the directory's clock: a session whose
times carry another timezone or UTC offset is converted before it meets a person's free times."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import Flask
from matcher_helpers import person, place

from directory.models import Resource, ResourceLocation, ResourceSession, ResourceTag
from directory.models.patterns import on_clock
from matcher import features, rank

LONDON = ZoneInfo("Europe/London")
WINTER = datetime(2027, 1, 12, 8, 0, tzinfo=UTC)  # a Tuesday; London is on UTC
SUMMER = datetime(2027, 7, 13, 8, 0, tzinfo=UTC)  # a Tuesday; London is on UTC+1


def group(rid: str, day: str, start: str, end: str, zone: str = "") -> Resource:
    """A singing group near home meeting weekly at these times on this clock."""
    return Resource(
        id=rid,
        name=f"Group {rid}",
        tags=[ResourceTag(scheme="cg-interest", code="singing"),
              ResourceTag(scheme="cg-access", code="step-free")],
        locations=[ResourceLocation(latitude=place(1.0)[0], longitude=place(1.0)[1])],
        sessions=[ResourceSession(day=day, start=start, end=end, timezone=zone)],
    )  # fmt: skip


def shown(resources: list[Resource], now: datetime, zone: ZoneInfo = LONDON) -> set[str]:
    """The suggestions for someone free on Tuesdays 10:00 to 17:00 (the directory's clock)."""
    f = features.build([features.record_from_resource(r, now, zone=zone) for r in resources])
    return {s.resource_id for s in rank.rank(person(), f).suggestions}


def test_a_session_on_another_clock_is_compared_on_the_directorys() -> None:
    resources = [
        group("local", "tu", "11:00", "12:00"),  # London time: fits
        group("new-york-dawn", "tu", "05:00", "06:00", "-05:00"),  # 10:00 in London: fits
        group("new-york-noon", "tu", "12:00", "13:00", "America/New_York"),  # 17:00: ends late
        group("offset-utc", "tu", "10:30", "11:30", "+00:00"),
    ]
    assert shown(resources, WINTER) == {"local", "new-york-dawn", "offset-utc"}
    # In summer London is an hour ahead of UTC: 10:30 UTC is 11:30 there, still inside; New
    # York's 05:00 (UTC-4 then, by its zone name) is 10:00 in London.
    summer = [group("ny", "tu", "05:00", "06:00", "America/New_York"),
              group("late-utc", "tu", "15:30", "16:30", "Z")]  # fmt: skip
    assert shown(summer, SUMMER) == {"ny"}  # 16:30 UTC is 17:30 in London: past the window


def test_a_session_that_crosses_midnight_moves_to_the_directorys_day() -> None:
    # Monday 23:00 in Los Angeles is Tuesday 07:00 in London (winter): not inside 10:00-17:00,
    # and Monday is not a day the person is free.
    late = group("la", "mo", "23:00", "23:30", "America/Los_Angeles")
    assert on_clock(late.sessions[0], LONDON, WINTER) == ("tu", "07:00", "07:30")
    sydney = group("sydney", "tu", "23:00", "23:59", "+11:00")  # Tuesday 12:00 in London
    assert on_clock(sydney.sessions[0], LONDON, WINTER) == ("tu", "12:00", "12:59")
    assert shown([late, sydney], WINTER) == {"sydney"}


def test_the_directorys_own_timezone_is_the_clock(app: Flask) -> None:
    # A directory in New York: a session at 10:00 London time is 05:00 there, outside 10-17.
    london_session = group("uk", "tu", "10:00", "11:00", "Europe/London")
    home = group("home", "tu", "10:00", "11:00")
    assert shown([london_session, home], WINTER, ZoneInfo("America/New_York")) == {"home"}
    with app.app_context():
        app.config["TIMEZONE"] = "America/New_York"
        record = features.record_from_resource(london_session, WINTER)
    assert record.sessions == (("tu", "05:00", "06:00"),)


def ending(rid: str, **pattern: object) -> Resource:
    """The local singing group, with its weekly pattern ending or starting as given."""
    found = group(rid, "tu", "11:00", "12:00")
    for name, value in pattern.items():
        setattr(found.sessions[0], name, value)
    return found


def test_a_pattern_that_has_ended_fits_nobody_and_one_to_come_does() -> None:
    resources = [
        ending("weekly"),
        ending("ended-until", until=date(2027, 1, 5)),  # the Tuesday before WINTER
        ending("ended-valid-to", valid_to=date(2026, 12, 31)),
        ending("ended-count", count=3, anchor=date(2026, 11, 3)),  # 3, 10 and 17 November
        ending("runs-on", until=date(2027, 3, 30)),
        ending("starts-soon", valid_from=date(2027, 2, 1)),  # not yet, but it will run
    ]
    assert shown(resources, WINTER) == {"weekly", "runs-on", "starts-soon"}
    record = features.record_from_resource(ending("x", until=date(2027, 1, 5)), WINTER, zone=LONDON)
    assert not record.active and record.sessions == ()
