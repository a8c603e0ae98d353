"""Shared data for the public pages, HSDS API, iCal and OpenAPI tests: one entry anyone may see
and hidden ones (unconfirmed, not public, closed), with canaries in every team-only field."""

from __future__ import annotations

from typing import Any

from flask import Flask

from core import db
from directory.models import GazetteerEntry, Organisation, Resource, ResourceCreate
from directory.resources import create_resource

CANARY = "CANARY-public-9c1e"
HOLLOWAY = (51.5530, -0.1130)
TEAM_ONLY = {
    "team_notes": f"{CANARY}-notes",
    "team_contact": f"{CANARY}-contact",
    "told_by": f"{CANARY}-told",
    "source": f"{CANARY}-source",
}


def walking_group(**changes: Any) -> ResourceCreate:
    """A public-looking walking group, with canaries in the team-only fields."""
    fields: dict[str, Any] = {
        "name": "Tuesday walking group",
        "description": "A gentle walk around the park, then tea. Everyone welcome.",
        "interests": ["walking"],
        "access": ["step-free", "newcomers-welcome"],
        "locations": [
            {
                "name": "Park gates",
                "address": "1 Park Road, London",
                "postcode": "N7 6QT",
                "latitude": 51.556,
                "longitude": -0.116,
            }
        ],
        "sessions": [
            {"day": "tu", "start": "10:00", "end": "11:30"},
            {"freq": "monthly", "day": "sa", "ordinal": 2, "start": "14:00", "end": "16:00"},
        ],
        "costs": [{"amount_pence": 200}, {"kind": "concession", "amount_pence": 0}],
        "phone": "020 7946 0001",
        "url": "https://example.org/walks",
        **TEAM_ONLY,
    }
    fields.update(changes)
    return ResourceCreate(**fields)


def add_resource(app: Flask, data: ResourceCreate, confirmed: bool = True, **columns: Any) -> str:
    """Add a resource (confirmed by default), set any extra columns, commit; return its id."""
    with app.app_context():
        session = db.get_session()
        resource = create_resource(session, data, confirmed=confirmed)
        for name, value in columns.items():
            setattr(resource, name, value)
        session.commit()
        return resource.id


def make_directory(app: Flask) -> dict[str, str]:
    """One visible entry run by an organisation, and hidden ones named after the canary."""
    with app.app_context():
        session = db.get_session()
        org = Organisation(name="Friends of the Park", description="Volunteers.")
        hidden_org = Organisation(name=f"{CANARY} hidden organisation")
        session.add_all([org, hidden_org])
        session.add(
            GazetteerEntry(
                key="N7 6QT", kind="postcode", name="N7 6QT",
                latitude=HOLLOWAY[0], longitude=HOLLOWAY[1],
            )
        )  # fmt: skip
        session.commit()
        org_id, hidden_org_id = org.id, hidden_org.id
    ids = {
        "visible": add_resource(app, walking_group(organisation_id=org_id)),
        "unconfirmed": add_resource(
            app, walking_group(name=f"{CANARY} unconfirmed walk"), confirmed=False
        ),
        "not_public": add_resource(
            app,
            walking_group(
                name=f"{CANARY} private walk", is_public=False, organisation_id=hidden_org_id
            ),
        ),
        "closed": add_resource(app, walking_group(name=f"{CANARY} closed walk", status="closed")),
        "paused": add_resource(
            app, walking_group(name=f"{CANARY} paused walk", status="temporarily-closed")
        ),
    }
    ids["organisation"] = org_id
    ids["hidden_organisation"] = hidden_org_id
    return ids


def resource(app: Flask, resource_id: str) -> Resource:
    """A resource read in its own app context (children loaded eagerly)."""
    with app.app_context():
        found = db.get_session().get(Resource, resource_id)
        assert found is not None
        return found
