"""Edit history: field-by-field changes, revert, and edits that started from an old version."""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import select

from core import db
from directory.models import (
    Organisation,
    Resource,
    ResourceCreate,
    ResourceHistory,
    ResourceUpdate,
)
from directory.resources import create_resource
from directory.stewardship.history import (
    EditConflict,
    HistoryError,
    edit_resource,
    entries,
    revert,
    summarise,
)

PLACE = {"postcode": "N7 6QT"}


def add(app) -> str:
    with app.app_context():
        session = db.get_session()
        resource = create_resource(
            session,
            ResourceCreate(
                name="Knit and Natter",
                description="Knitting.",
                locations=[PLACE],
                sessions=[{"day": "tu", "start": "10:00", "end": "12:00"}],
            ),
        )
        session.commit()
        return resource.id


def edited(app, rid: str, **fields: Any) -> ResourceUpdate:
    """The current record with some fields changed, as an edit form would send it."""
    with app.app_context():
        resource = db.get_session().get(Resource, rid)
        data = {
            "name": resource.name,
            "description": resource.description,
            "locations": [PLACE],
            "sessions": [{"day": s.day, "start": s.start, "end": s.end} for s in resource.sessions],
            "version": resource.version,
        }
    return ResourceUpdate(**{**data, **fields})


def save(app, rid: str, data: ResourceUpdate) -> None:
    with app.app_context():
        session = db.get_session()
        edit_resource(session, session.get(Resource, rid), data, None)
        session.commit()


def test_edit_records_field_by_field_changes_including_child_rows(app):
    rid = add(app)
    save(
        app,
        rid,
        edited(
            app,
            rid,
            description="Knitting and a chat.",
            sessions=[{"day": "th", "start": "18:00", "end": "20:00"}],
        ),
    )
    with app.app_context():
        [entry] = entries(db.get_session(), rid)
    assert entry.action == "edit"
    changes = {c["field"]: c for c in entry.changes}
    assert set(changes) == {"description", "sessions"}
    assert changes["description"]["before"] == "Knitting."
    assert changes["description"]["after"] == "Knitting and a chat."
    assert summarise("sessions", changes["sessions"]["before"]) == "Every Tuesday, 10:00 to 12:00"
    assert summarise("sessions", changes["sessions"]["after"]) == "Every Thursday, 18:00 to 20:00"


def test_revert_restores_the_earlier_values(app):
    rid = add(app)
    save(app, rid, edited(app, rid, description="Changed.", sessions=[]))
    with app.app_context():
        session = db.get_session()
        [entry] = entries(session, rid)
        revert(session, entry, None)
        session.commit()
    with app.app_context():
        session = db.get_session()
        resource = session.get(Resource, rid)
        assert resource.description == "Knitting."
        assert [(s.day, s.start, s.end) for s in resource.sessions] == [("tu", "10:00", "12:00")]
        assert [e.action for e in entries(session, rid)] == ["revert", "edit"]


def test_an_edit_from_an_old_version_is_refused_and_changes_nothing(app):
    rid = add(app)
    first = edited(app, rid, description="First person's words.")
    second = edited(app, rid, description="Second person's words.")
    save(app, rid, first)
    with pytest.raises(EditConflict) as caught:
        save(app, rid, second)
    assert caught.value.current["description"] == "First person's words."
    with app.app_context():
        session = db.get_session()
        assert session.get(Resource, rid).description == "First person's words."
        assert len(entries(session, rid)) == 1


def test_an_edit_that_changes_nothing_records_nothing(app):
    rid = add(app)
    save(app, rid, edited(app, rid))
    with app.app_context():
        assert db.get_session().exec(select(ResourceHistory)).all() == []


def test_reverting_a_change_made_again_later_is_refused_and_loses_nothing(app):
    rid = add(app)
    later = [{"day": "tu", "start": "11:00", "end": "12:00"}]
    save(app, rid, edited(app, rid, description="New words.", sessions=[]))
    save(app, rid, edited(app, rid, sessions=later))
    with app.app_context():
        session = db.get_session()
        _, first = entries(session, rid)  # newest first
        with pytest.raises(HistoryError, match="Sessions changed again after it"):
            revert(session, first, None)
        session.rollback()
    with app.app_context():
        resource = db.get_session().get(Resource, rid)
        assert resource.description == "New words."
        assert [(s.day, s.start) for s in resource.sessions] == [("tu", "11:00")]


def test_the_history_page_names_an_organisation_not_its_id(app, client, member):
    rid = add(app)
    with app.app_context():
        session = db.get_session()
        org = Organisation(name="Airedale Mind")
        session.add(org)
        session.commit()
        org_id = org.id
    save(app, rid, edited(app, rid, organisation_id=org_id))
    page = client.get(f"/workspace/resources/{rid}/history").get_data(as_text=True)
    assert "Airedale Mind" in page and org_id not in page
