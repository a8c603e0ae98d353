"""iCalendar feeds: a resource's sessions and a shortlist, parsed back as RFC 5545."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient
from icalendar import Calendar

from core import db
from directory.ical import resource_calendar, shortlist_calendar
from directory.models import DAYS, Resource, ResourceUpdate
from tests.directory.public_helpers import CANARY, add_resource, make_directory, walking_group


@pytest.fixture
def ids(app: Flask) -> dict[str, str]:
    """The shared public/hidden directory."""
    return make_directory(app)


def feed(client: FlaskClient, resource_id: str) -> tuple[bytes, Calendar]:
    """The resource's feed as bytes and parsed back."""
    response = client.get(f"/public/resources/{resource_id}.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    return response.get_data(), Calendar.from_ical(response.get_data())


def events(cal: Calendar) -> list:
    return list(cal.walk("VEVENT"))


def check_rfc5545(raw: bytes, cal: Calendar) -> None:
    """The parts of RFC 5545 a calendar app relies on."""
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    for line in raw.split(b"\r\n"):
        assert len(line) <= 75, line  # folded at 75 octets
    assert str(cal["VERSION"]) == "2.0" and cal["PRODID"]
    zones = cal.walk("VTIMEZONE")
    # A VTIMEZONE for each zone an event names (RFC 5545 3.6.5), and none unused.
    named = {str(e["DTSTART"].params["TZID"]) for e in events(cal) if "TZID" in e["DTSTART"].params}
    assert sorted(str(z["TZID"]) for z in zones) == sorted(named)
    for zone in zones:
        assert {c.name for c in zone.subcomponents} == {"STANDARD", "DAYLIGHT"}
    for event in events(cal):
        for prop in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"):
            assert prop in event, prop
        stamp = event.decoded("DTSTAMP")
        assert stamp.tzinfo is not None and stamp.utcoffset().total_seconds() == 0
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert event["DTSTART"].params["TZID"] == "Europe/London"
        assert str(start.tzinfo) == "Europe/London" and end > start


def test_weekly_and_monthly_sessions_become_repeating_events(
    client: FlaskClient, ids: dict[str, str]
) -> None:
    raw, cal = feed(client, ids["visible"])
    check_rfc5545(raw, cal)
    rules = {event["RRULE"].to_ical().decode(): event for event in events(cal)}
    assert set(rules) == {"FREQ=WEEKLY;BYDAY=TU", "FREQ=MONTHLY;BYDAY=2SA"}
    weekly = rules["FREQ=WEEKLY;BYDAY=TU"].decoded("DTSTART")
    assert weekly.weekday() == DAYS.index("tu") and (weekly.hour, weekly.minute) == (10, 0)
    monthly = rules["FREQ=MONTHLY;BYDAY=2SA"].decoded("DTSTART")
    assert monthly.weekday() == DAYS.index("sa") and 8 <= monthly.day <= 14  # the second one
    for event in events(cal):
        assert str(event["SUMMARY"]) == "Tuesday walking group"
        assert "Park gates" in str(event["LOCATION"])
        assert str(event["URL"]).endswith(f"/public/resources/{ids['visible']}")
    assert CANARY.encode() not in raw


def test_uids_stay_the_same_across_fetches_and_unrelated_edits(
    client: FlaskClient, app: Flask, ids: dict[str, str]
) -> None:
    _, before = feed(client, ids["visible"])
    with app.app_context():
        session = db.get_session()
        row = session.get(Resource, ids["visible"])
        assert row is not None
        data = walking_group(description="A new description.", organisation_id=row.organisation_id)
        from directory.resources import apply

        apply(row, ResourceUpdate(**data.model_dump(), version=row.version))
        row.updated_at = datetime.now(UTC)
        session.commit()
    _, after = feed(client, ids["visible"])
    assert sorted(str(e["UID"]) for e in events(before)) == sorted(
        str(e["UID"]) for e in events(after)
    )
    assert "A new description." in str(events(after)[0]["DESCRIPTION"])


def test_a_changed_time_gets_a_new_uid(app: Flask) -> None:
    first = add_resource(
        app, walking_group(sessions=[{"day": "tu", "start": "10:00", "end": "11:00"}])
    )
    other = add_resource(
        app, walking_group(sessions=[{"day": "tu", "start": "10:30", "end": "11:00"}])
    )
    with app.app_context():
        session = db.get_session()
        a = events(Calendar.from_ical(resource_calendar(session.get(Resource, first))))
        b = events(Calendar.from_ical(resource_calendar(session.get(Resource, other))))
    assert str(a[0]["UID"]) != str(b[0]["UID"])


def test_last_weekday_of_the_month_uses_minus_one(app: Flask) -> None:
    rid = add_resource(
        app,
        walking_group(
            sessions=[
                {"freq": "monthly", "day": "fr", "ordinal": -1, "start": "19:00", "end": "21:00"}
            ]
        ),
    )
    with app.app_context():
        raw = resource_calendar(db.get_session().get(Resource, rid))
    cal = Calendar.from_ical(raw)
    check_rfc5545(raw, cal)
    (event,) = events(cal)
    assert event["RRULE"].to_ical() == b"FREQ=MONTHLY;BYDAY=-1FR"
    start: datetime = event.decoded("DTSTART")
    next_week = date.fromordinal(start.date().toordinal() + 7)
    assert start.weekday() == 4 and next_week.month != start.month


def test_a_resource_without_times_gives_a_valid_empty_feed(client: FlaskClient, app: Flask) -> None:
    rid = add_resource(app, walking_group(sessions=[]))
    raw, cal = feed(client, rid)
    check_rfc5545(raw, cal)
    assert events(cal) == []


def test_shortlist_feed_holds_every_resource_and_no_person(app: Flask, ids: dict[str, str]) -> None:
    choir = add_resource(
        app,
        walking_group(
            name="Community choir",
            sessions=[{"day": "we", "start": "18:30", "end": "20:00"}],
        ),
    )
    with app.app_context():
        session = db.get_session()
        rows = [session.get(Resource, ids["visible"]), session.get(Resource, choir)]
        raw = shortlist_calendar(rows, url_of=lambda r: f"https://example.org/{r.id}")
    cal = Calendar.from_ical(raw)
    check_rfc5545(raw, cal)
    summaries = sorted(str(e["SUMMARY"]) for e in events(cal))
    assert summaries == ["Community choir", "Tuesday walking group", "Tuesday walking group"]
    assert len({str(e["UID"]) for e in events(cal)}) == 3
    assert str(cal["X-WR-CALNAME"]).startswith("Shortlist")
    assert CANARY.encode() not in raw
    assert b"https://example.org/" + choir.encode() in raw.replace(b"\r\n ", b"")


def test_a_session_with_no_end_starts_and_says_its_end_is_not_known(
    client: FlaskClient, app: Flask
) -> None:
    sessions = [{"day": "th", "start": "18:30", "valid_to": "2099-12-30"}]
    rid = add_resource(app, walking_group(sessions=sessions))
    raw, cal = feed(client, rid)
    (event,) = events(cal)
    assert "DTEND" not in event and "DURATION" not in event  # RFC 5545: ends as it starts
    start = event.decoded("DTSTART")
    assert (start.weekday(), start.hour, start.minute) == (DAYS.index("th"), 18, 30)
    assert "when it ends is not known" in str(event["DESCRIPTION"])
    until = event["RRULE"]["UNTIL"][0]
    assert until.date() == date(2099, 12, 30)  # the last session's start, in UTC
    assert b"BEGIN:VEVENT" in raw and raw.endswith(b"END:VCALENDAR\r\n")
