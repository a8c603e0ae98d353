"""Facts in words for pages and cards: prices, dates, times, sessions and distances."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

from directory.models import DAY_NAMES, DAYS, HowToJoin, Resource
from directory.models.base import LONDON, utcnow
from directory.models.resource import CostKind, cost_after_concession


def price(pence: int | None) -> str:
    """Format pence as a price: 'Free', '£2', '£2.50'."""
    if pence is None:
        return ""
    return "Free" if pence == 0 else pounds(pence)


def pounds(pence: int) -> str:
    """Pence as '£3' or '£2.50'."""
    return f"£{pence // 100}" if pence % 100 == 0 else f"£{pence / 100:.2f}"


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


def _utc(moment: datetime) -> datetime:
    """A stored time as UTC (SQLite hands them back without a zone)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _count(n: int, unit: str) -> str:
    return f"{n} {unit}{'' if n == 1 else 's'}"


def ago_text(moment: datetime, now: datetime | None = None) -> str:
    """How long ago, as people say it: 'today', 'yesterday', '5 weeks ago', '14 months ago'."""
    days = max((_utc(now or utcnow()) - _utc(moment)).days, 0)
    if days < 1:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 14:
        return f"{_count(days, 'day')} ago"
    if days < 61:
        return f"{_count(days // 7, 'week')} ago"
    if days < 730:
        return f"{_count(days * 12 // 365, 'month')} ago"
    return f"{_count(days // 365, 'year')} ago"


NOT_KNOWN = "Not known"
# Prices as sources write them: '£3', '£2.50', '50p', 'free'.
_PRICE = re.compile(r"£\s?(\d{1,4})(?:\.(\d{2}))?|\b(\d{1,3})p\b|\b(free)\b", re.IGNORECASE)


def _prices_in(text: str) -> set[int]:
    """The prices a sentence mentions, in pence."""
    found = set()
    for pounds_, pence, pence_only, free in _PRICE.findall(text):
        if free:
            found.add(0)
        elif pence_only:
            found.add(int(pence_only))
        else:
            found.add(int(pounds_) * 100 + int(pence or 0))
    return found


def _sentence(text: str) -> str:
    """Text tidied into one line, with a capital letter first."""
    text = " ".join(text.split())
    return text[:1].upper() + text[1:]


def cost_line(standard: int | None, concession: int | None, fees: str) -> str:
    """What it costs, said once: the source's own words when they already give every price,
    else the prices (and any words that add to them), else 'Not known'."""
    fees = _sentence(fees)
    if standard is None:
        if concession is None:
            return fees or NOT_KNOWN
        prices = f"{pounds(concession)} with benefits; the full price is not known"
        return f"{prices}. {fees}" if fees else prices
    prices = cost_words(standard, concession)
    wanted = {standard} | (
        {concession} if concession is not None and concession < standard else set()
    )
    if not fees or wanted <= _prices_in(fees):
        return fees or prices
    return f"{prices}. {fees}"


def card_cost(standard: int | None, concession: int | None, fees: str) -> str:
    """A card's short cost: the prices, else the source's first words about cost, else 'Not
    known'."""
    if standard is not None:
        return cost_words(standard, concession)
    if concession is not None or not fees.strip():
        return cost_line(standard, concession, "")
    first = re.split(r"(?<=[.;])\s", _sentence(fees), maxsplit=1)[0].rstrip(".;")
    return first if len(first) <= CARD_COST_CHARS else first[: CARD_COST_CHARS - 1] + "…"


CARD_COST_CHARS = 60


def cost_text(resource: Resource) -> str:
    """What a resource costs, said once (see cost_line)."""
    standard = [c.amount_pence for c in resource.costs if c.kind == CostKind.STANDARD.value]
    return cost_line(
        min(standard) if standard else None, resource.concession_pence, resource.fees_description
    )


# How to join in plain words, and the words a source uses when its own text already says so
# (general usage, as the HSDS import reads them).
JOIN = {
    HowToJoin.DROP_IN.value: (
        "Drop in: no need to book",
        re.compile(r"drop[ -]?in|turn up|walk[ -]?in|come along|just come", re.IGNORECASE),
    ),
    HowToJoin.BOOKING.value: (
        "Book a place first",
        re.compile(r"\bbook|sign up|regist|enrol|appointment|apply", re.IGNORECASE),
    ),
    HowToJoin.REFERRAL.value: ("By referral", re.compile(r"\brefer", re.IGNORECASE)),
    # The source did not say: its own words alone when it has some, else "not known".
    HowToJoin.UNKNOWN.value: ("Not known: ask them how to join", re.compile(r"\S")),
}


def join_text(how: str, details: str) -> str:
    """How to join, said once: the source's words alone when they already say it."""
    label, says = JOIN.get(str(how), (str(how).replace("-", " ").capitalize(), None))
    details = _sentence(details)
    if not details:
        return label
    if says is not None and says.search(details):
        return details
    return f"{label}. {details}"


def checked_text(
    moment: datetime | None, stale_after_days: int, now: datetime | None = None
) -> str:
    """When an entry was last checked: 'Last checked 3 weeks ago', or past the stale limit
    'Not checked since March 2025' (the month only: the exact day claims more than it helps)."""
    if moment is None:
        return "Not checked yet"
    moment = _utc(moment)
    if _utc(now or utcnow()) - moment > timedelta(days=stale_after_days):
        return f"Not checked since {moment.astimezone(LONDON):%B %Y}"
    return f"Last checked {ago_text(moment, now)}"


def period_text(days: int) -> str:
    """A period in words: '6 months', '3 weeks', '10 days'."""
    if days >= 60:
        return f"{round(days / 30.4)} months"
    if days >= 14 and days % 7 == 0:
        return f"{days // 7} weeks"
    return "1 day" if days == 1 else f"{days} days"
