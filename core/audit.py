"""Write and read the audit log (ASVS 16.3.2: every access to sensitive data is logged)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING, Any

from flask import Flask
from sqlalchemy import Table, func, insert, or_
from sqlmodel import Session, col, select

from core.db import DriverStatement, get_engine
from core.models.audit import AuditEvent
from core.times import utcnow

if TYPE_CHECKING:
    from core.audit_words import Line

_AUDIT: Table = AuditEvent.__table__  # type: ignore[attr-defined]
_COLUMNS = ("at", "action", "subject_type", "subject_ref", "actor_id", "team_id", "outcome")
_INSERT = DriverStatement(insert(_AUDIT), _COLUMNS)


def record(
    action: str,
    subject_type: str = "",
    subject_ref: str | int = "",
    actor_id: int | None = None,
    team_id: int | None = None,
    outcome: str = "ok",
    app: Flask | None = None,
) -> None:
    """Append one audit row in its own transaction, so it stands even if the request fails."""
    row = {
        "at": utcnow(),
        "action": action,
        "subject_type": subject_type,
        "subject_ref": str(subject_ref),
        "actor_id": actor_id,
        "team_id": team_id,
        "outcome": outcome,
    }
    engine = get_engine(app)
    # Straight to the driver (a match run writes one row each time): a pooled connection, one
    # INSERT and its commit. On SQLite the driver is in autocommit mode, so the lone INSERT is
    # its own transaction, taking the write lock as it starts, and commit() has nothing to do.
    connection = engine.raw_connection()
    try:
        _INSERT.execute(connection.driver_connection, engine.dialect, row).close()
        connection.commit()
    finally:
        connection.close()  # back to the pool, which rolls back whatever did not commit


def events(
    session: Session,
    subject_type: str | None = None,
    subject_ref: str | None = None,
    limit: int = 500,
) -> Sequence[AuditEvent]:
    """The newest audit rows, optionally about one subject."""
    query = select(AuditEvent)
    if subject_type:
        query = query.where(AuditEvent.subject_type == subject_type)
    if subject_ref is not None:
        query = query.where(AuditEvent.subject_ref == str(subject_ref))
    return session.exec(query.order_by(col(AuditEvent.id).desc()).limit(limit)).all()


# What a deployment owner sees of every team: erasures (to re-apply them after a restore) and
# changes to users and teams. Rows hold numbers only, never what was typed.
DEPLOYMENT_ACTIONS = (
    "person.erase",
    "user.create",
    "user.invite",
    "user.enable",
    "user.disable",
    "user.reset",
    "user.role-member",
    "user.role-practitioner",
    "user.role-admin",
    "team.create",
)


@dataclass(frozen=True)
class Filter:
    """What the audit page narrows to: a team, people, users, an action."""

    team_id: int | None = None  # None: every team
    person_refs: tuple[str, ...] | None = None  # None: anyone; () matches no row
    actor_ids: tuple[int, ...] | None = None  # None: anyone; () matches no row
    action: str = ""
    # A deployment owner's view: rows outside any team, and every team's DEPLOYMENT_ACTIONS.
    deployment: bool = False


def _filtered(query: Any, where: Filter) -> Any:
    if where.team_id is not None:
        query = query.where(AuditEvent.team_id == where.team_id)
    if where.deployment:
        query = query.where(
            or_(
                col(AuditEvent.team_id).is_(None),
                col(AuditEvent.action).in_(DEPLOYMENT_ACTIONS),
            )
        )
    if where.person_refs is not None:
        query = query.where(
            AuditEvent.subject_type == "person",
            col(AuditEvent.subject_ref).in_(where.person_refs),
        )
    if where.actor_ids is not None:
        query = query.where(col(AuditEvent.actor_id).in_(where.actor_ids))
    if where.action:
        query = query.where(AuditEvent.action == where.action)
    return query


def page(session: Session, where: Filter, number: int, size: int) -> tuple[list[AuditEvent], int]:
    """One page of matching rows, newest first, and how many match in all."""
    total = session.exec(_filtered(select(func.count()).select_from(AuditEvent), where)).one()
    rows = session.exec(
        _filtered(select(AuditEvent), where)
        .order_by(col(AuditEvent.id).desc())
        .offset(max(0, number - 1) * size)
        .limit(size)
    ).all()
    return list(rows), int(total)


def matching(session: Session, where: Filter) -> Iterator[AuditEvent]:
    """Every matching row, oldest first, streamed in batches (for the CSV export)."""
    last = 0
    while True:
        batch = session.exec(
            _filtered(select(AuditEvent), where)
            .where(col(AuditEvent.id) > last)
            .order_by(col(AuditEvent.id))
            .limit(1000)
        ).all()
        if not batch:
            return
        yield from batch
        last = int(batch[-1].id or 0)


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CSV_COLUMNS = (
    "id",
    "at",
    "actor_id",
    "team_id",
    "action",
    "subject_type",
    "subject_ref",
    "outcome",
    # The same row in words, beside its ids.
    "when",
    "who",
    "role",
    "team",
    "what",
    "result",
)
Describe = Callable[[Sequence[AuditEvent]], "Sequence[Line]"]


def safe_cell(value: str) -> str:
    """A cell a spreadsheet will not run as a formula (OWASP CSV injection): quoted with '."""
    return "'" + value if value.startswith(FORMULA_START) else value


def _cells(row: AuditEvent, line: Line | None) -> list[str | int | None]:
    """One CSV row: the ids as stored, then the words (empty when none were asked for)."""
    words = [line.when, line.who, line.role, line.team, line.what, line.outcome] if line else []
    # Names are typed by people, and record() takes any text a future caller passes: every
    # text cell is made formula-safe.
    return [
        row.id,
        row.at.isoformat(),
        row.actor_id if row.actor_id is not None else "",
        row.team_id if row.team_id is not None else "",
        *(safe_cell(v) for v in (row.action, row.subject_type, row.subject_ref, row.outcome)),
        *(safe_cell(w) for w in (words or [""] * 6)),
    ]


def _batches(rows: Iterable[AuditEvent], size: int) -> Iterator[list[AuditEvent]]:
    every = iter(rows)
    while batch := list(islice(every, size)):
        yield batch


def to_csv(rows: Iterable[AuditEvent], describe: Describe | None = None) -> Iterator[str]:
    """The rows as CSV lines, header first, each with its words when describe is given."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for batch in _batches(rows, 500):
        lines = describe(batch) if describe else [None] * len(batch)
        for row, line in zip(batch, lines, strict=True):
            writer.writerow(_cells(row, line))
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    if buffer.getvalue():
        yield buffer.getvalue()
