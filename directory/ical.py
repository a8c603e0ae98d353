"""Resources' regular sessions as iCalendar (RFC 5545) feeds: public fields only, no people."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, time, timedelta

from icalendar import (
    Calendar,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vText,
    vUri,
)

from directory.models import Resource, ResourceSession
from directory.models.base import DAYS, LONDON, utcnow
from directory.models.patterns import as_date, next_on_or_after

TZID = "Europe/London"
PRODID = "-//Common Ground//Community directory//EN"
UID_NAMESPACE = uuid.UUID("0b8e6a5c-3d0f-5f55-9a57-0c1d5e7b2a61")
UID_DOMAIN = "commonground"
UrlOf = Callable[[Resource], str | None]
# RFC 5545 TEXT may hold no control characters but tab and line breaks (which vText escapes).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def text(value: str) -> vText:
    """Text as an iCalendar TEXT value, without the control characters RFC 5545 forbids."""
    # vText escapes line breaks, commas, semicolons and backslashes when written.
    return vText(_CONTROL.sub("", value))


def event_uid(resource_id: str, s: ResourceSession) -> str:
    """A UID that stays the same while the session's pattern and times stay the same."""
    key = f"{resource_id}:{s.freq}:{s.ordinal or 0}:{s.day}:{s.start}:{s.end}"
    if (s.interval or 1) > 1:  # a weekly session's UID is unchanged from before intervals
        key += f":{s.interval}:{s.anchor}"
    return f"{uuid.uuid5(UID_NAMESPACE, key)}@{UID_DOMAIN}"


def rrule(s: ResourceSession) -> dict[str, str | int | datetime]:
    """The repeat rule: weekly (every N weeks) on a day, or monthly on an ordinal day (2SA,
    -1FR), until the session's last date (in UTC, as RFC 5545 asks beside a TZID start)."""
    rule: dict[str, str | int | datetime]
    if s.freq == "monthly" and s.ordinal:
        rule = {"FREQ": "MONTHLY", "BYDAY": f"{s.ordinal}{s.day.upper()}"}
    else:
        rule = {"FREQ": "WEEKLY", "BYDAY": s.day.upper()}
        if (s.interval or 1) > 1:
            rule["INTERVAL"] = s.interval
    until = as_date(s.valid_to)
    if until is not None:
        rule["UNTIL"] = datetime.combine(until, _clock(s.end), tzinfo=LONDON).astimezone(UTC)
    return rule


def cancelled_starts(s: ResourceSession, first: date) -> list[datetime]:
    """The start of each cancelled session from the first one on (for EXDATE)."""
    days = sorted(d for d in map(as_date, s.cancelled or ()) if d is not None and d >= first)
    return [datetime.combine(d, _clock(s.start), tzinfo=LONDON) for d in days]


def _clock(value: str) -> time:
    hours, mins = value.split(":")
    return time(int(hours), int(mins))


def _place(resource: Resource) -> str:
    """The first venue as one line: name, address, postcode."""
    for loc in resource.locations:
        parts = [loc.name, loc.address, loc.postcode]
        text = ", ".join(p.strip() for p in parts if p and p.strip())
        if text:
            return text
    return "Online" if resource.setting == "online" else ""


def _description(resource: Resource, s: ResourceSession) -> str:
    """Public words about the session: the note, the description, how to join, when confirmed."""
    lines = [s.note, resource.description.strip()]
    if resource.join_details:
        lines.append(f"How to join: {resource.join_details}")
    if resource.phone:
        lines.append(f"Phone: {resource.phone}")
    if resource.last_confirmed_at:
        when = resource.last_confirmed_at
        confirmed = (when if when.tzinfo else when.replace(tzinfo=UTC)).astimezone(LONDON)
        lines.append(f"Last confirmed {confirmed.day} {confirmed:%B %Y}.")
    return "\n\n".join(line for line in lines if line)


def session_events(resource: Resource, url: str | None = None) -> list[Event]:
    """One repeating event per regular session of the resource."""
    # The last change is when these times were last known true; repeat from then on.
    changed = resource.updated_at or utcnow()
    if changed.tzinfo is None:  # stored as UTC; some drivers hand it back naive
        changed = changed.replace(tzinfo=UTC)
    first_day: date = changed.astimezone(LONDON).date()
    events = []
    for s in sorted(resource.sessions, key=lambda x: (DAYS.index(x.day), x.start, x.end)):
        day = next_on_or_after(s, first_day, skip_cancelled=False)
        if day is None:  # its last date has passed
            continue
        event = Event()
        event.add("uid", event_uid(resource.id, s))
        event.add("dtstamp", changed)
        event.add("dtstart", datetime.combine(day, _clock(s.start), tzinfo=LONDON))
        event.add("dtend", datetime.combine(day, _clock(s.end), tzinfo=LONDON))
        event.add("rrule", rrule(s))
        skipped = cancelled_starts(s, day)
        if skipped:
            event.add("exdate", skipped)
        event.add("summary", text(resource.name))
        place = _place(resource)
        if place:
            event.add("location", text(place))
        words = _description(resource, s)
        if words:
            event.add("description", text(words))
        if url:
            event.add("url", vUri(url))  # refuses CR and LF itself
        events.append(event)
    return events


def london_timezone() -> Timezone:
    """Europe/London with the current UK rule (BST from the last Sunday of March to October)."""
    tz = Timezone()
    tz.add("tzid", TZID)
    summer = TimezoneDaylight()
    summer.add("tzname", "BST")
    summer.add("tzoffsetfrom", timedelta(0))
    summer.add("tzoffsetto", timedelta(hours=1))
    summer.add("dtstart", datetime(1970, 3, 29, 1, 0))
    summer.add("rrule", {"FREQ": "YEARLY", "BYMONTH": 3, "BYDAY": "-1SU"})
    winter = TimezoneStandard()
    winter.add("tzname", "GMT")
    winter.add("tzoffsetfrom", timedelta(hours=1))
    winter.add("tzoffsetto", timedelta(0))
    winter.add("dtstart", datetime(1970, 10, 25, 2, 0))
    winter.add("rrule", {"FREQ": "YEARLY", "BYMONTH": 10, "BYDAY": "-1SU"})
    tz.add_component(summer)
    tz.add_component(winter)
    return tz


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    # X- properties have no known type: without vText a line break here was written raw.
    cal.add("x-wr-calname", text(name))
    cal.add("x-wr-timezone", text(TZID))
    cal.add_component(london_timezone())
    return cal


def resource_calendar(resource: Resource, url: str | None = None) -> bytes:
    """One resource's sessions as an iCalendar feed."""
    cal = _calendar(resource.name)
    for event in session_events(resource, url):
        cal.add_component(event)
    return cal.to_ical()


def shortlist_calendar(resources: Iterable[Resource], url_of: UrlOf | None = None) -> bytes:
    """Several resources' sessions as one feed (no names or notes of the person it is for)."""
    cal = _calendar("Shortlist – Common Ground")
    for resource in resources:
        for event in session_events(resource, url_of(resource) if url_of else None):
            cal.add_component(event)
    return cal.to_ical()
