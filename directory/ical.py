"""Resources' regular sessions as iCalendar (RFC 5545) feeds: public fields only, no people."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, time, tzinfo
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vText, vUri

from core.times import local_zone, utcnow
from directory.models import Resource, ResourceSession
from directory.models.base import DAYS
from directory.models.patterns import as_date, last_date, next_on_or_after, session_zone

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


def rrule(s: ResourceSession, zone: tzinfo) -> dict[str, str | int | datetime]:
    """The repeat rule: every N weeks on a day, or monthly on an ordinal day (2SA, -1FR)."""
    # Until the session's last date (valid-to, the source's until or its COUNT-th session), in UTC
    # as RFC 5545 asks beside a TZID start.
    rule: dict[str, str | int | datetime]
    if s.freq == "monthly" and s.ordinal:
        rule = {"FREQ": "MONTHLY", "BYDAY": f"{s.ordinal}{s.day.upper()}"}
    else:
        rule = {"FREQ": "WEEKLY", "BYDAY": s.day.upper()}
        if (s.interval or 1) > 1:
            rule["INTERVAL"] = s.interval
    until = last_date(s)
    if until is not None:
        last = _clock(s.end or s.start)
        rule["UNTIL"] = datetime.combine(until, last, tzinfo=zone).astimezone(UTC)
    return rule


def at(day: date, clock: str, zone: tzinfo) -> datetime:
    """A session's local time as iCalendar writes it: with its zone's TZID, or in UTC."""
    # UTC for a fixed UTC offset, which has no TZID (and never changes with the seasons).
    moment = datetime.combine(day, _clock(clock), tzinfo=zone)
    return moment if isinstance(zone, ZoneInfo) else moment.astimezone(UTC)


def cancelled_starts(s: ResourceSession, first: date, zone: tzinfo) -> list[datetime]:
    """The start of each cancelled session from the first one on (for EXDATE)."""
    days = sorted(d for d in map(as_date, s.cancelled or ()) if d is not None and d >= first)
    return [at(d, s.start, zone) for d in days]


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
    if not s.end:
        lines.append(f"Starts at {s.start}; when it ends is not known.")
    if resource.join_details:
        lines.append(f"How to join: {resource.join_details}")
    if resource.phone:
        lines.append(f"Phone: {resource.phone}")
    if resource.last_confirmed_at:
        when = resource.last_confirmed_at
        confirmed = (when if when.tzinfo else when.replace(tzinfo=UTC)).astimezone(local_zone())
        lines.append(f"Last confirmed {confirmed.day} {confirmed:%B %Y}.")
    return "\n\n".join(line for line in lines if line)


def session_events(resource: Resource, url: str | None = None) -> list[Event]:
    """One repeating event per regular session of the resource."""
    # The last change is when these times were last known true; repeat from then on.
    changed = resource.updated_at or utcnow()
    if changed.tzinfo is None:  # stored as UTC; some drivers hand it back naive
        changed = changed.replace(tzinfo=UTC)
    home = local_zone()
    events = []
    for s in sorted(resource.sessions, key=lambda x: (DAYS.index(x.day), x.start, x.end)):
        zone = session_zone(s, home)
        day = next_on_or_after(s, changed.astimezone(zone).date(), skip_cancelled=False)
        if day is None:  # its last date has passed
            continue
        event = Event()
        event.add("uid", event_uid(resource.id, s))
        event.add("dtstamp", changed)
        event.add("dtstart", at(day, s.start, zone))
        if s.end:  # with none, RFC 5545 reads the event as ending when it starts
            event.add("dtend", at(day, s.end, zone))
        event.add("rrule", rrule(s, zone))
        skipped = cancelled_starts(s, day, zone)
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


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    # X- properties have no known type: without vText a line break here was written raw.
    cal.add("x-wr-calname", text(name))
    cal.add("x-wr-timezone", text(str(local_zone())))
    return cal


def resource_calendar(resource: Resource, url: str | None = None) -> bytes:
    """One resource's sessions as an iCalendar feed."""
    cal = _calendar(resource.name)
    for event in session_events(resource, url):
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()


def shortlist_calendar(resources: Iterable[Resource], url_of: UrlOf | None = None) -> bytes:
    """Several resources' sessions as one feed (no names or notes of the person it is for)."""
    cal = _calendar("Shortlist – Common Ground")
    for resource in resources:
        for event in session_events(resource, url_of(resource) if url_of else None):
            cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()
