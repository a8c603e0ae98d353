"""Shared set-up for the people pages and API tests: a small directory, a person, two teams."""

from __future__ import annotations

from typing import Any

from conftest import _password_hash
from flask import Flask
from sqlmodel import select

from core import db
from core.accounts import create_user, get_or_create_team
from core.db import get_session
from core.models import AuditEvent, Role, Team
from directory.models import GazetteerEntry, ResourceCreate
from directory.resources import create_resource
from matcher import features
from matcher.models import PersonCreate
from matcher.people import create_person

HOME = (51.5548, -0.1192)  # N7 6QT
KM_NORTH = 0.008993
TEAM_PHONE = "0113 496 0900"
TEAM_EMAIL = "north-team@example.org"


def _north(km: float) -> dict[str, Any]:
    return {"postcode": "N7 6QT", "latitude": HOME[0] + km * KM_NORTH, "longitude": HOME[1]}


def directory(app: Flask) -> dict[str, str]:
    """Three resources: one that fits, one £1 over budget after concession, one 0.5 km too far."""
    rows = [
        ResourceCreate(
            name="Canal Singers",
            description="A friendly community choir. No auditions. Tea after.",
            interests=["singing"],
            locations=[_north(1.0)],
            sessions=[{"day": "tu", "start": "14:00", "end": "16:00"}],
            how_to_join="drop-in",
            join_details="Come to the side door and ask for Sam at the front desk.",
            phone="020 7946 0001",
            team_contact="Sam Hughes (choir leader)",
            team_notes="TEAM-ONLY NOTE: the hall is cold in winter",
        ),
        ResourceCreate(
            name="Pottery Corner",
            description="Learn to throw pots on the wheel.",
            interests=["pottery"],
            locations=[_north(1.2)],
            sessions=[{"day": "we", "start": "10:00", "end": "12:00"}],
            costs=[
                {"amount_pence": 600},
                {"kind": "concession", "amount_pence": 400, "label": "people receiving benefits"},
            ],
            how_to_join="booking",
            team_contact="Priya at reception",
        ),
        ResourceCreate(
            name="Far Choir",
            description="A big choir on the other side of town.",
            interests=["singing"],
            locations=[_north(3.5)],
            sessions=[{"day": "tu", "start": "14:00", "end": "16:00"}],
        ),
    ]
    features.clear_cache()
    with app.app_context():
        session = get_session()
        session.add(
            GazetteerEntry(
                key="N7 6QT", kind="postcode", name="N7 6QT", latitude=HOME[0], longitude=HOME[1]
            )
        )
        ids = {row.name: create_resource(session, row, confirmed=True).id for row in rows}
        session.commit()
    return ids


def add_alike(
    app: Flask, count: int, name: str, interest: str, km: float = 1.0, day: str = "tu"
) -> None:
    """Add `count` confirmed resources alike but for their names ("<name> <n>"), `km` north or a
    little more, meeting on the day 12:00-14:00."""
    with app.app_context():
        session = get_session()
        for n in range(count):
            row = ResourceCreate(
                name=f"{name} {n}",
                description=f"A friendly {interest} group.",
                interests=[interest],
                locations=[_north(km + n / 100)],
                sessions=[{"day": day, "start": "12:00", "end": "14:00"}],
            )
            create_resource(session, row, confirmed=True)
        session.commit()
    features.clear_cache()


def person_data(**changes: Any) -> dict[str, Any]:
    """A person who likes singing and wants to try pottery, on benefits, £3 a week, 3 km."""
    data: dict[str, Any] = {
        "label": "J.",
        "reference": "CG-17",
        "age": 40,
        "gender": "woman",
        "postcode": "N7 6QT",
        "interests": ["singing"],
        "want_to_try": ["pottery"],
        "budget_pence": 300,
        "receives_benefits": True,
        "max_km": 3,
        "free_times": [
            {"day": "tu", "from": "10:00", "to": "17:00"},
            {"day": "we", "from": "09:00", "to": "13:00"},
        ],
        "notes": "Secret note: sang in a choir as a girl",
    }
    data.update(changes)
    return data


def add_person(app: Flask, team_name: str = "North", **changes: Any) -> int:
    """Store a person in the named team; returns their id."""
    with app.app_context(), db.write_session() as session:
        team = get_or_create_team(session, team_name)
        team.contact_phone, team.contact_email = TEAM_PHONE, TEAM_EMAIL
        found = create_person(session, PersonCreate(**person_data(**changes)), int(team.id or 0))
        session.flush()
        return int(found.id or 0)


def south_practitioner(app: Flask) -> str:
    """A practitioner in team South (the `users` fixture's other team); returns the email."""
    with app.app_context(), db.write_session() as session:
        south = get_or_create_team(session, "South")
        user = create_user(
            session, "south-practitioner@example.org", "South P", "", Role.PRACTITIONER, south
        )
        user.password_hash = _password_hash()
    return "south-practitioner@example.org"


def audit_rows(app: Flask, action: str | None = None) -> list[AuditEvent]:
    """Every audit row, oldest first (optionally one action)."""
    with app.app_context():
        query = select(AuditEvent).order_by(AuditEvent.id)  # type: ignore[arg-type]
        if action:
            query = query.where(AuditEvent.action == action)
        return list(get_session().exec(query).all())


def team_named(app: Flask, name: str) -> Team:
    """A team by name."""
    with app.app_context():
        found = get_session().exec(select(Team).where(Team.name == name)).first()
        assert found is not None
        return found
