"""Service functions for people: create and read, always within one team."""

from __future__ import annotations

from sqlalchemy import bindparam
from sqlalchemy.orm import lazyload
from sqlmodel import Session, select

from directory import geo
from directory.models import utcnow
from matcher.models import Person, PersonCreate


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


# Goals load when first read: most views of one person (matching among them) never do.
_PERSON = (
    select(Person)
    .where(Person.id == bindparam("person_id"), Person.team_id == bindparam("team_id"))
    .options(lazyload(Person.goals))  # type: ignore[arg-type]
)


def get_person(session: Session, team_id: int, person_id: int) -> Person | None:
    """A person of this team, or None (another team's people are never found)."""
    found = session.exec(_PERSON, params={"person_id": person_id, "team_id": team_id})
    return found.first()


def team_people(session: Session, team_id: int) -> list[Person]:
    """Everyone this team supports, by label."""
    return list(
        session.exec(select(Person).where(Person.team_id == team_id).order_by(Person.label)).all()
    )
