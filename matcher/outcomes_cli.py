"""`commonground export-outcomes OUT.csv`: a pseudonymised table for an evaluator.

Each person gets a random key made for this export only, so two exports cannot be joined and
no key leads back to a person. No label, reference, notes, free text or id leaves the database:
only the team's name, measures, scores, follow-up answers, connection stages and their dates.
"""

from __future__ import annotations

import csv
import io
import secrets
from collections import defaultdict
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click
from flask.cli import with_appcontext
from sqlmodel import Session, col, select

from core import audit, db
from core.backup import write_private
from core.models import Team
from directory.models import Resource
from matcher.models import Connection, ConnectionEvent, FollowUp, OutcomeScore, Person
from matcher.report import safe_cell

HEADERS = ("person_key", "team", "record", "what", "detail", "value", "on")
Row = tuple[str, str, str, str, str, str, str]


def _by_person(session: Session, team_id: int | None) -> dict[int, list[Row]]:
    """Every person's scores, follow-ups and connection stages (no personal field), keyed by id."""
    # The key column is filled in later. Three queries, whatever the team's size.
    scope = [] if team_id is None else [Person.team_id == team_id]
    out: dict[int, list[Row]] = defaultdict(list)
    for s in session.exec(
        select(OutcomeScore).join(Person, col(Person.id) == OutcomeScore.person_id).where(*scope)
    ):
        out[s.person_id].append(
            ("", "", "score", s.measure, s.part, f"{s.value:g}", str(s.taken_on))
        )
    for f in session.exec(
        select(FollowUp).join(Person, col(Person.id) == FollowUp.person_id).where(*scope)
    ):
        out[f.person_id].append(
            ("", "", "follow_up", f.kind, f.answer or "open", "", str(f.due_on))
        )
    for event, pid, setting in session.exec(
        select(ConnectionEvent, Connection.person_id, Resource.setting)
        .join(Connection, col(Connection.id) == ConnectionEvent.connection_id)
        .join(Resource, col(Resource.id) == Connection.resource_id)
        .join(Person, col(Person.id) == Connection.person_id)
        .where(*scope)
    ):
        stage = event.stage + (f" ({event.reason})" if event.reason else "")
        out[pid].append(("", "", "connection", str(setting), stage, "", str(event.happened_on)))
    return out


def export_rows(
    session: Session,
    people: list[Person],
    teams: dict[int, str],
    span: tuple[date, date],
    bar: Any,
    team_id: int | None = None,
) -> list[Row]:
    """Every row dated within the span, each person under a fresh random key, sorted by key."""
    # Sorted by key so the order says nothing about who was recorded first.
    found = _by_person(session, team_id)
    first, last = span[0].isoformat(), span[1].isoformat()
    rows: list[Row] = []
    for person in people:
        key, team = secrets.token_hex(8), teams.get(person.team_id, "")
        for row in found.get(int(person.id or 0), []):
            if first <= row[6] <= last:
                rows.append((key, team, *row[2:]))  # type: ignore[arg-type]
        bar.update(1)
    return sorted(rows, key=lambda r: (r[0], r[6], r[2], r[3], r[4]))


def to_text(rows: list[Row]) -> str:
    """The rows as CSV with a header, every cell formula-safe."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    for row in rows:
        writer.writerow([safe_cell(c) for c in row])
    return out.getvalue()


@click.command("export-outcomes")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--from",
    "start",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="First day (YYYY-MM-DD).",
)
@click.option(
    "--to", "end", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Last day (YYYY-MM-DD)."
)
@click.option("--team", default=None, help="Only this team's people (by name).")
@with_appcontext
def export_outcomes_command(
    out: Path, start: datetime | None, end: datetime | None, team: str | None
) -> None:
    """Write outcome scores, follow-ups and connection stages, pseudonymised, as CSV."""
    db.require_current_schema()
    first = start.date() if start else date(2000, 1, 1)
    last = end.date() if end else date.today()
    if first > last:
        raise click.BadParameter("--from is after --to.", param_hint="--from")
    session = db.get_session()
    teams = {int(t.id or 0): t.name for t in session.exec(select(Team)).all()}
    query = select(Person)
    team_id = None
    if team is not None:
        team_id = next((i for i, name in teams.items() if name == team), None)
        if team_id is None:
            raise click.BadParameter(f"there is no team called {team!r}.", param_hint="--team")
        query = query.where(Person.team_id == team_id)
    people = list(session.exec(query).all())
    with click.progressbar(length=len(people), label="Exporting outcomes", file=None) as bar:
        rows = export_rows(session, people, teams, (first, last), bar, team_id)
    session.rollback()
    write_private(out, to_text(rows))
    audit.record("outcomes.export", "team", team_id or "", None, team_id)
    click.echo(f"Wrote {len(rows)} rows about {len(people)} people to {out}.")
