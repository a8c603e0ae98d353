"""A person's shortlist of resources, and the plain-language handout made from it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlmodel import Session, col, select

from core.models import Team
from core.times import local_zone, utcnow
from directory.geo import haversine_km
from directory.models import DAY_NAMES, HowToJoin, Resource, Setting
from directory.models.resource import ReviewState, Status
from directory.resources import get_resources
from directory.wording import dates_text, pattern_text, session_text, times_text
from matcher import followups
from matcher.explain import VERY_CLOSE_KM, clock, km_words, money, on_foot_words
from matcher.models import FollowUpKind, Person, ShortlistItem

FIRST_VISIT = {
    HowToJoin.DROP_IN.value: "You can just turn up. You do not need to book.",
    HowToJoin.BOOKING.value: "You need to book a place before you go.",
    HowToJoin.REFERRAL.value: "We need to refer you first. Ask us and we will do it with you.",
}
ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}


class NotInDirectory(LookupError):
    """The resource asked for is not in the directory."""


def resource_ids(session: Session, person_id: int) -> list[str]:
    """The ids on a person's shortlist, oldest first."""
    return list(
        session.exec(
            select(ShortlistItem.resource_id)
            .where(ShortlistItem.person_id == person_id)
            .order_by(col(ShortlistItem.added_at), col(ShortlistItem.id))
        ).all()
    )


def resources(session: Session, person_id: int) -> list[Resource]:
    """The resources on a person's shortlist, oldest first."""
    return get_resources(session, resource_ids(session, person_id))


def add(session: Session, person: Person, resource_id: str, user_id: int | None) -> bool:
    """Shortlist a resource and set its "did they go?" follow-up; False if it was already there."""
    if session.get(Resource, resource_id) is None:
        raise NotInDirectory("That resource is not in the directory.")
    if resource_id in resource_ids(session, int(person.id or 0)):
        return False
    session.add(
        ShortlistItem(person_id=int(person.id or 0), resource_id=resource_id, added_by_id=user_id)
    )
    followups.schedule(session, person, FollowUpKind.SHORTLIST, resource_id, user_id)
    return True


def remove(session: Session, person: Person, resource_id: str) -> bool:
    """Take a resource off the shortlist; False when it was not on it."""
    item = session.exec(
        select(ShortlistItem).where(
            ShortlistItem.person_id == person.id, ShortlistItem.resource_id == resource_id
        )
    ).first()
    if item is None:
        return False
    session.delete(item)
    return True


@dataclass(frozen=True)
class HandoutEntry:
    """One shortlisted activity in short, plain sentences for the person."""

    name: str
    what: str
    where: str
    getting_there: str
    when: list[str]
    cost: str
    first_visit: list[str]
    contact: list[str]
    ask_for: str
    doubt: str = ""  # why to check before going, in words ("" when nothing is in doubt)

    @property
    def check_first(self) -> bool:
        """Whether the person should check before going."""
        return bool(self.doubt)


def _km(person: Person, resource: Resource) -> float | None:
    """Straight-line distance from home to the nearest venue, if both are known."""
    if person.latitude is None or person.longitude is None:
        return None
    points = [(loc.latitude, loc.longitude) for loc in resource.locations]
    known = [(lat, lon) for lat, lon in points if lat is not None and lon is not None]
    if not known:
        return None
    lats, lons = zip(*known, strict=True)
    return float(haversine_km(person.latitude, person.longitude, lats, lons).min())


def distance_words(km: float, limit: float | None = None) -> str:
    """How far from home, in words: 'very close to home' or 'about 1.2 km from home'."""
    # Beside their travel limit, with the decimals that put it on the same side of the limit as
    # a barrier says ("about 3.03 km", not "about 3.0 km" that a 3 km limit refuses).
    if km < VERY_CLOSE_KM:
        return "very close to home"
    shown = km_words(km, limit)
    return f"{'about ' if shown[0].isdigit() else ''}{shown} from home"  # or "just over 3 km"


def first_sentences(text: str, count: int = 2, limit: int = 280) -> str:
    """The first sentences of a description, short enough to read at a glance."""
    text = " ".join(text.split())
    parts = re.split(r"(?<=[.!?])\s+", text)
    short = " ".join(parts[:count])
    return short if len(short) <= limit else short[: limit - 1].rsplit(" ", 1)[0] + "…"


def cost_words(resource: Resource, receives_benefits: bool) -> str:
    """What it costs this person each time, after any concession, in a sentence."""
    pence = resource.cost_for(receives_benefits)
    if pence == 0:
        return "It is free for you."
    return f"It costs you {money(pence)} each time."


def when_words(resource: Resource) -> list[str]:
    """Each regular session as a short sentence."""
    out = []
    today = utcnow().astimezone(local_zone()).date()
    for s in resource.sessions:
        day = DAY_NAMES.get(s.day, s.day)
        times = times_text(clock(s.start), clock(s.end) if s.end else "")
        if s.freq == "monthly" and s.ordinal:
            line = f"The {ORDINALS.get(s.ordinal, '')} {day} of each month, {times}."
        else:
            line = f"{pattern_text(s)}, {times}."
        dates = dates_text(s, today)
        if dates:
            line += f" {dates[0].upper()}{dates[1:]}."
        out.append(f"{line} {s.note}".strip() if s.note else line)
    return out or ["Ask them when it meets."]


def where_words(resource: Resource) -> str:
    """Where it meets: the first place with a name, address or postcode ('' if none)."""
    if resource.setting == Setting.ONLINE:
        return "Online or by phone."
    for loc in resource.locations:
        parts = [p.strip() for p in (loc.name, loc.address, loc.postcode) if p and p.strip()]
        if parts:
            return ", ".join(parts) + "."
    return ""


def doubt_words(resource: Resource, stale_after_days: int) -> str:
    """What is in doubt about a resource for someone about to go, or ''."""
    if resource.flagged_changed:
        return "Some details may have changed"
    if resource.status == Status.TEMPORARILY_CLOSED.value:
        return "It may be closed for now"
    if resource.review_state == ReviewState.NEEDS_CHECKING.value:
        return "We have not checked these details yet"
    if resource.is_stale(stale_after_days):
        return "We have not checked these details for a while"
    if not resource.sessions or not where_words(resource):
        return "We do not know exactly where or when it meets"
    return ""


def entry(
    person: Person,
    resource: Resource,
    ask_for: str = "",
    stale_after_days: int = 183,
    rough_home: str = "",
) -> HandoutEntry:
    """The handout words for one resource, for this person (their cost, their distance)."""
    # `ask_for` is a contact the practitioner's team keeps or another team shares; `rough_home`
    # the district whose centre stands in for a home postcode not known.
    online = resource.setting == Setting.ONLINE
    km = None if online else _km(person, resource)
    getting_there = ""
    if km is not None and rough_home:
        getting_there = f"It is about {km:.1f} km from the middle of {rough_home}."
    elif km is not None:
        getting_there = f"It is {distance_words(km)}."
        if km <= 3:
            # Worded as on the matches page, so the two never disagree (by wheelchair, or a walk).
            getting_there += f" That is {on_foot_words(tuple(person.travel_modes or ()), km)}."
    if person.needs_company_first_time and not online:
        getting_there += " Someone from our team can go with you the first time."
    first_visit = [FIRST_VISIT.get(str(resource.how_to_join), "")]
    if resource.join_details.strip():
        first_visit.append(first_sentences(resource.join_details, count=3, limit=400))
    contact = []
    if resource.phone:
        contact.append(f"Phone: {resource.phone}")
    if resource.email:
        contact.append(f"Email: {resource.email}")
    if resource.url:
        contact.append(f"Website: {resource.url}")
    return HandoutEntry(
        name=resource.name,
        what=first_sentences(resource.description),
        where=where_words(resource),
        getting_there=getting_there.strip(),
        when=when_words(resource),
        cost=cost_words(resource, person.receives_benefits),
        first_visit=[line for line in first_visit if line],
        contact=contact,
        ask_for=ask_for,
        doubt=doubt_words(resource, stale_after_days),
    )


@dataclass(frozen=True)
class WhereWhen:
    """Where and when a resource meets, for a match card."""

    where: str
    when: str


def where_when(session: Session, person: Person, ids: list[str]) -> dict[str, WhereWhen]:
    """Where (with the distance from the person's home) and when each resource meets."""
    if not ids:
        return {}
    out = {}
    for resource in session.exec(select(Resource).where(col(Resource.id).in_(ids))).all():
        place = where_words(resource).rstrip(".") or "Place not recorded"
        km = None if resource.setting == Setting.ONLINE else _km(person, resource)
        where = f"{place} ({distance_words(km, person.max_km)})" if km is not None else place
        when = "; ".join(session_text(s) for s in resource.sessions) or "No fixed times: ask them"
        out[resource.id] = WhereWhen(where, when)
    return out


def team_contact(team: Team | None) -> list[str]:
    """How the person reaches their team, as lines for the foot of the handout."""
    if team is None:
        return []
    lines = [team.name]
    if team.contact_phone:
        lines.append(f"Phone: {team.contact_phone}")
    if team.contact_email:
        lines.append(f"Email: {team.contact_email}")
    return lines
