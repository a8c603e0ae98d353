"""When a team merges two directory records: people's links to the one removed move to the kept."""

from __future__ import annotations

from sqlalchemy import String, cast
from sqlmodel import Session, col, select

from matcher.models import Connection, ConnectionEvent, FollowUp, Person, ShortlistItem


def move_to_kept(session: Session, keep_id: str, remove_id: str) -> None:
    """Move shortlists, connections, follow-ups and avoided entries from remove_id to keep_id."""
    # Run before the removed record is deleted, which would delete them with it (ON DELETE
    # CASCADE). An undone merge leaves them on the kept record: it is the same activity.
    _shortlists(session, keep_id, remove_id)
    _connections(session, keep_id, remove_id)
    for follow_up in session.exec(select(FollowUp).where(FollowUp.resource_id == remove_id)):
        follow_up.resource_id = keep_id
        session.add(follow_up)
    avoiding = cast(Person.avoid_resource_ids, String).contains(remove_id)
    for person in session.exec(select(Person).where(avoiding)):
        ids = [keep_id if i == remove_id else i for i in person.avoid_resource_ids]
        person.avoid_resource_ids = list(dict.fromkeys(ids))
        session.add(person)
    session.flush()


def _shortlists(session: Session, keep_id: str, remove_id: str) -> None:
    """Each shortlist item moves over, unless the person's shortlist already holds the kept one."""
    holding = set(
        session.exec(select(ShortlistItem.person_id).where(ShortlistItem.resource_id == keep_id))
    )
    for item in session.exec(select(ShortlistItem).where(ShortlistItem.resource_id == remove_id)):
        if item.person_id in holding:
            session.delete(item)
        else:
            item.resource_id = keep_id
            session.add(item)


def _connections(session: Session, keep_id: str, remove_id: str) -> None:
    """Each connection moves over; one beside a connection to the kept record gives it events."""
    kept = {
        c.person_id: c
        for c in session.exec(select(Connection).where(Connection.resource_id == keep_id))
    }
    for moving in session.exec(select(Connection).where(Connection.resource_id == remove_id)):
        into = kept.get(moving.person_id)
        if into is None:
            moving.resource_id = keep_id
            session.add(moving)
            continue
        events = select(ConnectionEvent).where(col(ConnectionEvent.connection_id) == moving.id)
        for event in session.exec(events):
            event.connection_id = into.id  # type: ignore[assignment]
            session.add(event)
        if moving.stage_on > into.stage_on:  # the later stage is where they are now
            into.stage, into.stage_on = moving.stage, moving.stage_on
            session.add(into)
        session.flush()  # the events are the kept connection's before this one goes
        session.delete(moving)
