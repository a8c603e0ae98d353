"""Two demo people with a connection log and ties, so the network picture and report show data."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from sqlmodel import Session, select

from core.models import Team, User
from matcher.models import Connection, ConnectionEvent, Person, Tie

# (reference, label, interests)
PEOPLE = (("DEMO-C1", "A.", ["singing", "walking"]), ("DEMO-C2", "M.", ["gardening", "cooking"]))
# person index -> [(resource index, [(stage, days ago, reason)])]
LOG: dict[int, list[tuple[int, list[tuple[str, int, str]]]]] = {
    0: [
        (
            0,
            [
                ("suggested", 120, ""),
                ("introduced", 110, ""),
                ("tried", 100, ""),
                ("attending", 90, ""),
            ],
        ),
        (1, [("suggested", 60, ""), ("stopped", 50, "transport")]),
    ],
    1: [
        (0, [("introduced", 80, ""), ("tried", 70, ""), ("attending", 60, "")]),
        (2, [("tried", 40, ""), ("stopped", 30, "cost")]),
    ],
}
# person index -> [(label, kind, closeness, help, started days ago, ended days ago or None)]
TIES: dict[int, list[tuple[str, str, str, list[str], int, int | None]]] = {
    0: [
        ("Key worker", "bonding", "close", ["advice", "information"], 300, None),
        ("Sam from choir", "bridging", "regular", ["practical"], 85, None),
        ("Neighbour", "bridging", "occasional", ["practical"], 200, 20),
    ],
    1: [
        ("Peer group", "bonding", "regular", ["information"], 150, None),
        ("Allotment friend", "bridging", "close", ["skills", "advice"], 55, None),
    ],
}


def load_connections(
    session: Session, team: Team, recorder: User | None, resource_ids: Sequence[str], today: date
) -> int:
    """Add the demo people and their logs and ties if missing; returns how many people added."""
    if len(resource_ids) < 3:
        return 0
    added = 0
    by = recorder.id if recorder else None
    for index, (reference, label, interests) in enumerate(PEOPLE):
        found = session.exec(
            select(Person).where(Person.team_id == team.id, Person.reference == reference)
        ).first()
        if found is not None:
            continue
        person = Person(
            label=label, reference=reference, team_id=int(team.id or 0), interests=interests
        )
        session.add(person)
        session.flush()
        for resource_index, steps in LOG[index]:
            previous = ""
            connection = Connection(
                person_id=int(person.id or 0),
                resource_id=resource_ids[resource_index],
                stage=steps[-1][0],
                stage_on=today - timedelta(days=steps[-1][1]),
            )
            session.add(connection)
            session.flush()
            for stage, ago, reason in steps:
                session.add(
                    ConnectionEvent(
                        connection_id=int(connection.id or 0),
                        stage=stage,
                        previous=previous,
                        happened_on=today - timedelta(days=ago),
                        reason=reason,
                        recorded_by_id=by,
                    )
                )
                previous = stage
        for tie_label, kind, closeness, help_kinds, started, ended in TIES[index]:
            session.add(
                Tie(
                    person_id=int(person.id or 0),
                    label=tie_label,
                    kind=kind,
                    closeness=closeness,
                    help=help_kinds,
                    started_on=today - timedelta(days=started),
                    ended_on=None if ended is None else today - timedelta(days=ended),
                    recorded_by_id=by,
                )
            )
        added += 1
    session.flush()
    return added
