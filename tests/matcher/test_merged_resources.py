"""Merging two directory records keeps people's shortlists, connections and follow-ups."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from flask import Flask
from people_helpers import add_person, directory
from sqlmodel import select

from core import db
from directory.models import Resource, ResourceHistory
from directory.stewardship.dedupe import merge_resources, undo_merge
from matcher.models import Connection, ConnectionEvent, FollowUp, Person, ShortlistItem


def _link(app: Flask, pid: int, rid: str, stage_on: date) -> None:
    """Put the resource on the person's shortlist, a connection and a follow-up on it."""
    with app.app_context(), db.write_session() as session:
        session.add(ShortlistItem(person_id=pid, resource_id=rid))
        connection = Connection(person_id=pid, resource_id=rid, stage="went", stage_on=stage_on)
        session.add(connection)
        session.flush()
        session.add(
            ConnectionEvent(connection_id=connection.id, stage="went", happened_on=stage_on)
        )
        session.add(
            FollowUp(person_id=pid, kind="went", resource_id=rid, set_on=stage_on, due_on=stage_on)
        )
        person = session.get(Person, pid)
        assert person is not None
        person.avoid_resource_ids = [rid]


def _merge(app: Flask, keep: str, remove: str) -> int:
    with app.app_context(), db.write_session() as session:
        kept, removed = session.get(Resource, keep), session.get(Resource, remove)
        assert kept is not None and removed is not None
        return int(merge_resources(session, kept, removed, None).id or 0)


def _held(app: Flask, pid: int) -> dict[str, Any]:
    with app.app_context():
        session = db.get_session()
        where = {"person_id": pid}
        return {
            "shortlist": [
                i.resource_id for i in session.exec(select(ShortlistItem).filter_by(**where))
            ],
            "connections": [
                (
                    c.resource_id,
                    c.stage,
                    len(session.exec(select(ConnectionEvent).filter_by(connection_id=c.id)).all()),
                )
                for c in session.exec(select(Connection).filter_by(**where))
            ],
            "follow_ups": [
                f.resource_id for f in session.exec(select(FollowUp).filter_by(**where))
            ],
            "avoid": session.get(Person, pid).avoid_resource_ids,  # type: ignore[union-attr]
        }


def test_a_merge_moves_peoples_links_to_the_kept_record_and_an_undo_loses_none(
    app: Flask, users: Any
) -> None:
    ids = directory(app)
    keep, remove = ids["Canal Singers"], ids["Far Choir"]
    pid = add_person(app)
    _link(app, pid, remove, date.today())
    entry = _merge(app, keep, remove)
    moved = {
        "shortlist": [keep],
        "connections": [(keep, "went", 1)],
        "follow_ups": [keep],
        "avoid": [keep],
    }
    assert _held(app, pid) == moved
    with app.app_context(), db.write_session() as session:
        history = session.get(ResourceHistory, entry)
        assert history is not None
        undo_merge(session, history, None)
    assert _held(app, pid) == moved  # the removed record is back; nothing of theirs was lost


def test_links_to_both_records_become_one_with_every_event(app: Flask, users: Any) -> None:
    ids = directory(app)
    keep, remove = ids["Canal Singers"], ids["Far Choir"]
    pid = add_person(app)
    _link(app, pid, keep, date.today() - timedelta(days=30))
    _link(app, pid, remove, date.today())
    _merge(app, keep, remove)
    held = _held(app, pid)
    assert held["shortlist"] == [keep] and held["connections"] == [(keep, "went", 2)]
    assert held["follow_ups"] == [keep, keep] and held["avoid"] == [keep]
