"""Subject access, erasure and retention for people: everything held about a person, found by
walking the table metadata, so tables added later that refer to a person are included."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import Enum
from typing import Any

from sqlalchemy import DateTime, Engine, Table, delete, func, select
from sqlmodel import Session, SQLModel

from core import db
from core.backup import Erasure
from core.models import Team
from core.models.audit import AuditEvent
from core.times import utcnow
from directory.changes import bump_version
from matcher.features import forget_derived
from matcher.models import Person

# Audit actions that do not count as activity on the person (exports and erasure itself).
NOT_ACTIVITY = ("person.export", "person.erase", "person.list")
AUDIT: Table = AuditEvent.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Link:
    """A table holding rows about a person: its rows whose `column` is in the parent's `key` ids."""

    table: Table
    column: str
    parent: str  # the table it hangs off ("person" or another linked table)
    key: str  # the parent's column it refers to


def linked_tables() -> list[Link]:
    """Every table that refers to person.id, directly or through another such table."""
    # A table may refer to a person twice (an introduction's person and its peer): a link each.
    tables = SQLModel.metadata.tables
    found: list[Link] = []
    reached = {"person"}
    frontier = ["person"]
    while frontier:
        parent = frontier.pop(0)
        for table in tables.values():
            if table.name == "person" or table.name in reached and table.name != parent:
                continue
            refs = [fk for fk in table.foreign_keys if fk.column.table.name == parent]
            for fk in sorted(refs, key=lambda fk: fk.parent.name):
                found.append(Link(table, fk.parent.name, parent, fk.column.name))
            if refs and table.name not in reached:
                reached.add(table.name)
                frontier.append(table.name)
    return found


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value


def _row(mapping: Any) -> dict[str, Any]:
    return {key: _plain(value) for key, value in mapping.items()}


def _walk(session: Session, person: Person) -> list[tuple[Link, list[Any], list[dict[str, Any]]]]:
    """Each linked table with the parent values its rows refer to and those rows."""
    out: list[tuple[Link, list[Any], list[dict[str, Any]]]] = []
    keys: dict[str, dict[str, list[Any]]] = {"person": {"id": [person.id]}}
    for link in linked_tables():
        wanted = keys.get(link.parent, {}).get(link.key, [])
        rows: list[dict[str, Any]] = []
        if wanted:
            query = select(link.table).where(link.table.c[link.column].in_(wanted))
            rows = [dict(r) for r in session.connection().execute(query).mappings()]
        held = keys.setdefault(link.table.name, {c.name: [] for c in link.table.columns})
        for name, values in held.items():
            values.extend(r[name] for r in rows)
        out.append((link, wanted, rows))
    return out


def related_rows(session: Session, person: Person) -> dict[str, list[dict[str, Any]]]:
    """Every row in every linked table that belongs to this person, by table name."""
    out: dict[str, list[dict[str, Any]]] = {}
    for link, _, rows in _walk(session, person):
        out.setdefault(link.table.name, []).extend(_row(r) for r in rows)
    return out


def audit_about(session: Session, person: Person) -> list[dict[str, Any]]:
    """Audit rows about this person (since they were recorded, in case an id was reused)."""
    a = AUDIT.c
    query = (
        select(AUDIT)
        .where(
            a.subject_type == "person",
            a.subject_ref == str(person.id),
            a.at >= person.created_at - timedelta(seconds=1),
        )
        .order_by(a.id)
    )
    return [_row(r) for r in session.connection().execute(query).mappings()]


def export_person(session: Session, person: Person) -> dict[str, Any]:
    """Everything held about a person: profile, every linked table and the audit entries."""
    table: Table = Person.__table__  # type: ignore[attr-defined]
    query = select(table).where(table.c.id == person.id)
    profile = _row(session.connection().execute(query).mappings().one())
    team = session.get(Team, person.team_id)
    return {
        "exported_at": utcnow().isoformat(),
        "team": team.name if team else "",
        "person": profile,
        "records": related_rows(session, person),
        "audit": audit_about(session, person),
    }


def export_json(data: dict[str, Any]) -> str:
    """The export as indented JSON."""
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True)


def erase_person(session: Session, person: Person) -> int:
    """Delete the person and every row that refers to them; returns the erased id."""
    # The caller commits and audits. The directory version moves so every worker drops memoised
    # results that may hold the person's words (the ranking caches in matcher.features).
    person_id = int(person.id or 0)
    conn = session.connection()
    for link, wanted, _ in reversed(_walk(session, person)):
        if wanted:
            conn.execute(delete(link.table).where(link.table.c[link.column].in_(wanted)))
    session.expunge(person)
    conn.execute(delete(Person.__table__).where(Person.__table__.c.id == person_id))  # type: ignore[attr-defined]
    bump_version(conn)
    forget_derived()
    return person_id


def tables_holding_people() -> list[str]:
    """The person table and every table whose rows are about a person."""
    return list(dict.fromkeys(["person", *(link.table.name for link in linked_tables())]))


def scrub(engine: Engine) -> bool:
    """After an erasure has committed, leave none of the erased rows in the database files."""
    # SQLite (secure_delete zeroes deleted rows): checkpoint the WAL and truncate it, so no earlier
    # version of the rows stays in it; False if readers kept it busy (the WAL then holds them until
    # SQLite's next checkpoint). PostgreSQL: VACUUM the tables that held them.
    if db.is_sqlite(engine):
        return db.checkpoint(engine)
    db.vacuum(engine, tables_holding_people())
    return True


def erase_recorded(erasures: Sequence[Erasure]) -> list[int]:
    """Erase again everyone on the list whom the database still holds (after a restore)."""
    # Only a person created before their erasure is that person: before ids were never reused
    # (migration 0005), a later person on SQLite may have been given an erased person's id.
    erased: list[int] = []
    with db.write_session() as session:
        for erasure in erasures:
            person = session.get(Person, erasure.person_id)
            if person is not None and person.created_at <= erasure.at:
                erased.append(erase_person(session, person))
    if erased:
        scrub(db.get_engine())
    return erased


def _dated_rows(session: Session, person: Person) -> Iterator[datetime]:
    """Every date in a row that refers to the person (their goals, notes, connections...)."""
    for name, rows in related_rows(session, person).items():
        table = SQLModel.metadata.tables[name]
        dated = [c.name for c in table.columns if isinstance(c.type, DateTime)]
        for row in rows:
            yield from (datetime.fromisoformat(row[c]) for c in dated if row.get(c))


def _audited(session: Session, refs: list[str]) -> Iterator[tuple[int, datetime]]:
    """The newest audit row about each person (other than exports), by person id."""
    if not refs:
        return
    a = AUDIT.c
    query = (
        select(a.subject_ref, func.max(a.at))
        .where(a.subject_type == "person", a.subject_ref.in_(refs))
        .where(a.action.not_in(NOT_ACTIVITY))
        .group_by(a.subject_ref)
    )
    for ref, when in session.connection().execute(query):
        yield int(ref), when


def last_activity(session: Session, people: Iterable[Person]) -> dict[int, datetime]:
    """When each person last had activity, from every dated row about them."""
    # The profile's dates, audit rows about them (other than exports) and any date in a row that
    # refers to them.
    latest: dict[int, datetime] = {}

    def seen(pid: int, when: datetime | None) -> None:
        if when is None:
            return
        if when.tzinfo is None:
            when = when.replace(tzinfo=utcnow().tzinfo)
        if pid not in latest or when > latest[pid]:
            latest[pid] = when

    chosen = list(people)
    for person in chosen:
        seen(int(person.id or 0), max(person.created_at, person.updated_at))
        for when in _dated_rows(session, person):
            seen(int(person.id or 0), when)
    for pid, when in _audited(session, [str(p.id) for p in chosen]):
        seen(pid, when)
    return latest


def inactive(
    session: Session, days: int, team_id: int | None = None, now: datetime | None = None
) -> list[tuple[Person, datetime]]:
    """People with no activity for over `days` days (one team's, or everyone's), oldest first."""
    query = select(Person)
    if team_id is not None:
        query = query.where(Person.team_id == team_id)  # type: ignore[arg-type]
    people = list(session.scalars(query))
    latest = last_activity(session, people)
    cutoff = (now or utcnow()) - timedelta(days=days)
    found = [(p, latest[int(p.id or 0)]) for p in people if latest[int(p.id or 0)] < cutoff]
    return sorted(found, key=lambda pair: pair[1])
