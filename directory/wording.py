"""Facts in words for pages and cards: prices, dates, times, sessions and distances."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any

from core.times import ago_text, as_utc, date_text, local_time, local_zone, utcnow
from directory.models import DAY_NAMES, DAYS, HowToJoin, Resource
from directory.models.patterns import as_date
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


def times_text(start: str, end: str) -> str:
    """'10:00 to 12:00', or 'from 10:00' when only the start is known."""
    return f"{start} to {end}" if end else f"from {start}"


def when_text(
    day: date, start: str, end: str, today: date | None = None, dated: bool = False
) -> str:
    """A date and time range in words: 'Today, 10:00 to 12:00' or 'Tuesday 25 November, ...'."""
    # Dated (for paper, read on another day): 'Tuesday 25 November 2026, ...' even for today.
    today = today or utcnow().astimezone(local_zone()).date()
    if day == today and not dated:
        label = "Today"
    elif (day - today).days == 1 and not dated:
        label = "Tomorrow"
    else:
        label = f"{DAY_NAMES[DAYS[day.weekday()]]} {day.day} {day:%B}"
        label += f" {day.year}" if dated else ""
    return f"{label}, {times_text(start, end)}"


def next_session_text(resource: Resource, dated: bool = False) -> str:
    """The next session in words, or '' when no times are fixed."""
    found = resource.next_session(zone=local_zone())
    if found is None:
        return ""
    day, session = found
    return when_text(day, session.start, session.end, dated=dated)


ORDINAL_NAMES = {1: "First", 2: "Second", 3: "Third", 4: "Fourth", -1: "Last"}
UNIT_WORDS = {
    "session": "a session",
    "week": "a week",
    "month": "a month",
    "course": "for the course",
}


def pattern_text(session: Any) -> str:
    """How often a session meets: 'Every other Tuesday', 'Second Saturday of the month'."""
    # Also 'Every Tuesday' and 'Every 3 weeks on Tuesday'.
    day = DAY_NAMES.get(session.day, session.day)
    interval = getattr(session, "interval", 1) or 1
    if session.freq == "monthly" and session.ordinal:
        return f"{ORDINAL_NAMES[session.ordinal]} {day} of the month"
    if interval == 2:
        return f"Every other {day}"
    if interval > 2:
        return f"Every {interval} weeks on {day}"
    return f"Every {day}"


def dates_text(session: Any, today: date) -> str:
    """A session's season and its coming breaks in words ('' when it has neither)."""
    begins, ends = as_date(session.valid_from), as_date(session.valid_to)
    parts = []
    if begins and ends:
        parts.append(f"from {long_date(begins)} to {long_date(ends)}")
    elif begins:
        parts.append(f"from {long_date(begins)}")
    elif ends:
        parts.append(f"until {long_date(ends)}")
    if (getattr(session, "interval", 1) or 1) > 1 and session.anchor and not begins:
        parts.append(f"starting {long_date(as_date(session.anchor))}")
    breaks = [d for d in map(as_date, session.cancelled or ()) if d and d >= today]
    if breaks:
        parts.append("not on " + ", ".join(long_date(d) for d in breaks[:4]))
    return "; ".join(parts)


def zone_words(session: Any) -> str:
    """Which clock a session's times are on, when it is not the directory's ('' when it is)."""
    zone = str(getattr(session, "timezone", "") or "").strip()
    if not zone or zone == str(local_zone()):
        return ""
    return f"times are {zone} time" if "/" in zone else f"times are UTC{zone}"


def long_date(day: date | None) -> str:
    """A date as '3 March 2027'."""
    return f"{day.day} {day:%B %Y}" if day else ""


def session_text(session: Any, today: date | None = None) -> str:
    """A regular session in words: its pattern and times, then any notes in brackets."""
    # 'Every other Tuesday, 10:00 to 12:00 (from 1 June 2027 to 31 August 2027; not on 15 June
    # 2027)'.
    text = f"{pattern_text(session)}, {times_text(session.start, session.end)}"
    notes = [
        dates_text(session, today or utcnow().astimezone(local_zone()).date()),
        zone_words(session),
        session.note,
    ]
    extra = "; ".join(n for n in notes if n)
    return f"{text} ({extra})" if extra else text


def one_cost_text(cost: Any) -> str:
    """One price in words: '£3 a session', '£1.50 a week (people receiving benefits)', 'Free'."""
    # Or 'Pay what you can (£2 suggested)'.
    unit = UNIT_WORDS.get(getattr(cost, "unit", None) or "session", "a session")
    pence = int(cost.amount_pence or 0)
    if cost.kind == CostKind.PAY_WHAT_YOU_CAN.value:
        return (
            f"Pay what you can ({pounds(pence)} {unit} suggested)" if pence else "Pay what you can"
        )
    text = "Free" if pence == 0 else f"{pounds(pence)} {unit}"
    if cost.kind == CostKind.CONCESSION.value:
        return f"{text} ({cost.label or 'concession'})"
    return text


def distance_text(km: float | None) -> str:
    """A distance in km and miles, to a tenth ("under 0.1" where a tenth would show 0.0)."""
    if km is None:
        return ""
    return f"{_tenths(km)} km ({_tenths(km / 1.609344)} miles)"


def _tenths(value: float) -> str:
    """A distance to one decimal place; one that would round to 0.0 is "under 0.1"."""
    return f"{value:.1f}" if value >= 0.05 else "under 0.1"


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
    """What it costs, said once: the source's words when they give every price, else the prices."""
    # The prices come with any words that add to them; 'Not known' when there is nothing.
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
    """A card's short cost: the prices, else the source's first words on cost, else 'Not known'."""
    if standard is not None:
        return cost_words(standard, concession)
    if concession is not None or not fees.strip():
        return cost_line(standard, concession, "")
    first = re.split(r"(?<=[.;])\s", _sentence(fees), maxsplit=1)[0].rstrip(".;")
    return first if len(first) <= CARD_COST_CHARS else first[: CARD_COST_CHARS - 1] + "…"


CARD_COST_CHARS = 60


def cost_text(resource: Resource) -> str:
    """What a resource costs, said once (see cost_line)."""
    # Each price in words when any is for something other than one session, or is pay what you can.
    plain = all(
        c.unit == "session" and c.kind != CostKind.PAY_WHAT_YOU_CAN.value for c in resource.costs
    )
    if not plain:
        words = "; ".join(one_cost_text(c) for c in resource.costs)
        fees = _sentence(resource.fees_description)
        return f"{words}. {fees}" if fees else words
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


# How an entry was checked, in words after "checked" (keys: models.ConfirmedHow).
CHECKED_HOW = {
    "phone": "by phone",
    "visit": "by a visit",
    "poster": "from a poster or leaflet",
    "organiser": "with the organiser",
}


def checked_text(
    moment: datetime | None,
    stale_after_days: int,
    now: datetime | None = None,
    how: str = "",
    dated: bool = False,
) -> str:
    """When (and how) an entry was last checked: 'Checked by phone 3 weeks ago'."""
    # Or 'Last checked 3 weeks ago'; past the stale limit 'Not checked since March 2025' (the month
    # only: the exact day claims more than it helps). Dated, for paper: 'on 9 November 2026'.
    if moment is None:
        return "Not checked yet"
    moment = as_utc(moment)
    if as_utc(now or utcnow()) - moment > timedelta(days=stale_after_days):
        return f"Not checked since {local_time(moment):%B %Y}"
    when = f"on {date_text(moment)}" if dated else ago_text(moment, now)
    if how in CHECKED_HOW:
        return f"Checked {CHECKED_HOW[how]} {when}"
    return f"Last checked {when}"


def period_text(days: int) -> str:
    """A period in words: '6 months', '3 weeks', '10 days'."""
    if days >= 60:
        return f"{round(days / 30.4)} months"
    if days >= 14 and days % 7 == 0:
        return f"{days // 7} weeks"
    return "1 day" if days == 1 else f"{days} days"
