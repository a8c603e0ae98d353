"""Service functions for people: create and read, always within one team."""

from __future__ import annotations

import json
from functools import cache
from types import SimpleNamespace
from typing import Any

from sqlalchemy import JSON, Table, Text, bindparam, cast
from sqlalchemy.orm import lazyload
from sqlmodel import Session, func, select

from core import db
from core.db import DriverStatement
from core.times import utcnow
from directory import geo
from directory.models import DirectoryState
from matcher.models import PeerState, Person, PersonCreate
from matcher.profile import Profile, ProfileMemo, from_person


class PlaceNotFound(ValueError):
    """The home postcode or place is not in the gazetteer."""

    def __init__(self, data: PersonCreate) -> None:
        self.field = "postcode" if data.postcode else "place"
        super().__init__(f"'{data.postcode or data.place}' is not a postcode or place we know")


def create_person(session: Session, data: PersonCreate, team_id: int) -> Person:
    """Add a validated person to a team, finding home coordinates from the postcode or place."""
    person = Person(**data.model_dump(), team_id=team_id)
    where = data.postcode or data.place
    if where and data.latitude is None:
        found = geo.lookup(session, where)
        if found is None:
            raise PlaceNotFound(data)
        person.latitude, person.longitude = found.lat, found.lon
    session.add(person)
    return person


def reference_problem(
    session: Session, team_id: int, reference: str, person_id: int | None
) -> str | None:
    """What is wrong with a case reference: another person in the team has it (None: fine)."""
    wanted = reference.strip().lower()
    if not wanted:
        return None
    same = select(Person.id).where(
        Person.team_id == team_id, func.lower(func.trim(Person.reference)) == wanted
    )
    if person_id is not None:
        same = same.where(Person.id != person_id)
    if session.exec(same.limit(1)).first() is None:
        return None
    return (
        "Another person in your team already has this reference: find them under People, "
        "or use a different reference"
    )


def update_person(session: Session, person: Person, data: PersonCreate) -> Person:
    """Replace a person's recorded details, finding home coordinates again if the place changed."""
    moved = (data.postcode, data.place) != (person.postcode, person.place)
    kept = (person.latitude, person.longitude)
    for name, value in data.model_dump().items():
        setattr(person, name, value)
    where = data.postcode or data.place
    if data.latitude is not None:
        pass  # coordinates given outright win
    elif not where:
        person.latitude = person.longitude = None
    elif not moved:
        person.latitude, person.longitude = kept
    else:
        found = geo.lookup(session, where)
        if found is None:
            raise PlaceNotFound(data)
        person.latitude, person.longitude = found.lat, found.lon
    person.updated_at = utcnow()
    return person


def home_note(session: Session, person: Person) -> str:
    """What to say when the home postcode is not known and its district's centre stands in."""
    postcode = person.postcode or ""
    district = geo.fallback_district(session, postcode, person.latitude, person.longitude)
    if not district:
        return ""
    return (
        f"We could not find the postcode {person.postcode}; distances are measured from {district}."
    )


def replace_district_homes(session: Session, centres: geo.Centres) -> tuple[str, str]:
    """Move homes saved at their district's centre with a moved centre, then to their postcode."""
    # Run by the gazetteer load in its transaction; only counts are said (postcodes are personal).
    conn = session.connection()
    followed = sum(
        int(conn.execute(u).rowcount) for u in geo.follow_moved_centres(_PEOPLE, centres)
    )
    moved = int(conn.execute(geo.replace_district_fallbacks(_PEOPLE)).rowcount)
    if followed or moved:
        db.bump_version(conn, PeerState)  # peers nearby are found afresh
    return _people(followed), _people(moved)


def _people(count: int) -> str:
    return f"{count} {'person' if count == 1 else 'people'}"


@cache
def _person_query() -> Any:
    """The query for one person by id and team."""
    # Goals load when first read: most views of one person (matching among them) never do. Built at
    # first use: naming a relationship configures every mapper, which a process that never reads a
    # person need not pay for at start.
    return (
        select(Person)
        .where(Person.id == bindparam("person_id"), Person.team_id == bindparam("team_id"))
        .options(lazyload(Person.goals))  # type: ignore[arg-type]
    )


def get_person(session: Session, team_id: int, person_id: int) -> Person | None:
    """A person of this team, or None (another team's people are never found)."""
    found = session.exec(_person_query(), params={"person_id": person_id, "team_id": team_id})
    return found.first()


_PEOPLE: Table = Person.__table__  # type: ignore[attr-defined]
_STATE: Table = DirectoryState.__table__  # type: ignore[attr-defined]
# What from_person reads. Lists come as their JSON text, so a row is hashable as it stands.
PROFILE_FIELDS = (
    "age",
    "age_band",
    "gender",
    "latitude",
    "longitude",
    "interests",
    "past_interests",
    "want_to_try",
    "skills_to_share",
    "budget_pence",
    "receives_benefits",
    "max_km",
    "travel_modes",
    "needs_company_first_time",
    "access_needs",
    "free_times",
    "avoid_mental_health_settings",
    "prefer_peer_support_first",
    "women_only",
    "prefer_quiet",
    "prefer_small_groups",
    "avoid_resource_ids",
    "notes",
    "accepted_facts",
)
_JSON_FIELDS = tuple(n for n in PROFILE_FIELDS if isinstance(_PEOPLE.c[n].type, JSON))
# Run straight on the driver (every match request reads it). The directory version comes in
# the same query: the match needs it to check its arrays.
_FOR_MATCHING = DriverStatement(
    select(  # type: ignore[call-overload]
        *(cast(_PEOPLE.c[n], Text) if n in _JSON_FIELDS else _PEOPLE.c[n] for n in PROFILE_FIELDS),
        select(_STATE.c.version).where(_STATE.c.id == 1).scalar_subquery(),
    ).where(_PEOPLE.c.id == bindparam("person_id"), _PEOPLE.c.team_id == bindparam("team_id"))
)

profiles = ProfileMemo()


def matching_profile(session: Session, team_id: int, person_id: int) -> tuple[Profile, int] | None:
    """A person of this team as a profile, and the directory version; None for anyone else."""
    params = {"person_id": person_id, "team_id": team_id}
    row = _FOR_MATCHING.first(session.connection(), params)
    if row is None:
        return None
    *stored, version = row
    values = tuple(stored)
    return profiles.get(values, int(version or 0), lambda: _profile(values)), int(version or 0)


def _profile(values: tuple[Any, ...]) -> Profile:
    """A profile from stored values (lists still as JSON text)."""
    fields = dict(zip(PROFILE_FIELDS, values, strict=True))
    for name in _JSON_FIELDS:
        text = fields[name]
        fields[name] = None if text is None else json.loads(text)
    return from_person(SimpleNamespace(**fields))


def team_people(session: Session, team_id: int) -> list[Person]:
    """Everyone this team supports, by label."""
    return list(
        session.exec(select(Person).where(Person.team_id == team_id).order_by(Person.label)).all()
    )
