"""Facts in words for pages and cards: prices, dates, times, sessions and distances."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from directory.models import DAY_NAMES, DAYS, Resource
from directory.models.base import LONDON, utcnow
from directory.models.resource import cost_after_concession


def price(pence: int | None) -> str:
    """Format pence as a price: 'Free', '£2', '£2.50'."""
    if pence is None:
        return ""
    return "Free" if pence == 0 else pounds(pence)


def pounds(pence: int) -> str:
    """Pence as '£3' or '£2.50'."""
    return f"£{pence // 100}" if pence % 100 == 0 else f"£{pence / 100:.2f}"


def cost_text(resource: Resource) -> str:
    """What a session costs, with any concession: 'Free', '£3, £1 with benefits'."""
    return cost_words(resource.standard_pence, resource.concession_pence)


def cost_words(standard: int, concession: int | None) -> str:
    """Prices in pence in words: 'Free', '£3', '£3, £1 with benefits'."""
    if standard == 0:
        return "Free"
    if concession is None or concession >= standard:
        return pounds(standard)
    if concession == 0:
        return f"{pounds(standard)}, free with benefits"
    return f"{pounds(standard)}, {pounds(concession)} with benefits"


def person_cost_words(standard: int, concession: int | None, receives_benefits: bool) -> str:
    """What a session costs this person (prices in pence), in words: 'Free with benefits'."""
    pence = cost_after_concession(standard, concession, receives_benefits)
    if pence == 0:
        return "Free with benefits" if standard else "Free"
    return pounds(pence) + (" with benefits" if pence < standard else "")


def when_text(day: date, start: str, end: str, today: date | None = None) -> str:
    """A date and time range in words: 'Today, 10:00 to 12:00' or 'Tuesday 25 November, ...'."""
    today = today or utcnow().astimezone(LONDON).date()
    if day == today:
        label = "Today"
    elif (day - today).days == 1:
        label = "Tomorrow"
    else:
        label = f"{DAY_NAMES[DAYS[day.weekday()]]} {day.day} {day:%B}"
    return f"{label}, {start} to {end}"


def next_session_text(resource: Resource) -> str:
    """The next session in words, or '' when no times are fixed."""
    found = resource.next_session()
    if found is None:
        return ""
    day, session = found
    return when_text(day, session.start, session.end)


def session_text(session: Any) -> str:
    """A regular session in words: 'Every Tuesday, 10:00 to 12:00'."""
    day = DAY_NAMES.get(session.day, session.day)
    if session.freq == "monthly" and session.ordinal:
        which = {1: "First", 2: "Second", 3: "Third", 4: "Fourth", -1: "Last"}[session.ordinal]
        text = f"{which} {day} of the month, {session.start} to {session.end}"
    else:
        text = f"Every {day}, {session.start} to {session.end}"
    return f"{text} ({session.note})" if session.note else text


def distance_text(km: float | None) -> str:
    """A distance in km and miles."""
    if km is None:
        return ""
    return f"{km:.1f} km ({km / 1.609344:.1f} miles)"


def date_text(moment: datetime | None) -> str:
    """A date as '3 March 2025', in UK time."""
    if moment is None:
        return ""
    local = moment.astimezone(LONDON) if moment.tzinfo else moment
    return f"{local.day} {local:%B %Y}"


def _count(n: int, unit: str) -> str:
    return f"{n} {unit}{'' if n == 1 else 's'}"


def ago_text(moment: datetime, now: datetime | None = None) -> str:
    """How long ago, as people say it: 'today', '3 days ago', '5 weeks ago', '14 months ago'."""
    days = ((now or utcnow()) - moment).days
    if days < 1:
        return "today"
    if days < 14:
        return f"{_count(days, 'day')} ago"
    if days < 61:
        return f"{_count(days // 7, 'week')} ago"
    if days < 730:
        return f"{_count(days * 12 // 365, 'month')} ago"
    return f"{_count(days // 365, 'year')} ago"
