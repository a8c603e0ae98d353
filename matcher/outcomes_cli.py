"""`commonground export-outcomes OUT.csv`: a pseudonymised table for an evaluator.

Each person gets a random key made for this export only, so two exports cannot be joined and
no key leads back to a person. No label, reference, notes, free text or id leaves the database:
only the team's name, measures, scores, follow-up answers, connection stages and their dates.
"""

from __future__ import annotations

import csv
import io
import secrets
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlmodel import Session, col, select

from directory import audit, db
from directory.backup import write_private
from directory.models import Resource, Team
from matcher.models import Connection, ConnectionEvent, FollowUp, OutcomeScore, Person
from matcher.report import safe_cell

HEADERS = ("person_key", "team", "record", "what", "detail", "value", "on")
Row = tuple[str, str, str, str, str, str, str]


def _rows_for(session: Session, person: Person, team: str, key: str) -> Iterator[Row]:
    """One person's scores, follow-ups and connection stages, with no personal field."""
    for s in session.exec(select(OutcomeScore).where(OutcomeScore.person_id == person.id)):
        yield key, team, "score", s.measure, s.part, f"{s.value:g}", s.taken_on.isoformat()
    for f in session.exec(select(FollowUp).where(FollowUp.person_id == person.id)):
        yield key, team, "follow_up", f.kind, f.answer or "open", "", f.due_on.isoformat()
    for event, setting in session.exec(
        select(ConnectionEvent, Resource.setting)
        .join(Connection, col(Connection.id) == ConnectionEvent.connection_id)
        .join(Resource, col(Resource.id) == Connection.resource_id)
        .where(Connection.person_id == person.id)
    ):
        stage = event.stage + (f" ({event.reason})" if event.reason else "")
        yield key, team, "connection", str(setting), stage, "", event.happened_on.isoformat()


def export_rows(
    session: Session,
    people: list[Person],
    teams: dict[int, str],
    start: date,
    end: date,
    bar: object,
) -> list[Row]:
    """Every row dated from start to end, people in a random order, each under a fresh key."""
    keys = {int(p.id or 0): secrets.token_hex(8) for p in people}
    rows: list[Row] = []
    for person in people:
        for row in _rows_for(
            session, person, teams.get(person.team_id, ""), keys[int(person.id or 0)]
        ):
            if start.isoformat() <= row[6] <= end.isoformat():
                rows.append(row)
        bar.update(1)  # type: ignore[attr-defined]
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
    secrets.SystemRandom().shuffle(people)
    with click.progressbar(length=len(people), label="Exporting outcomes", file=None) as bar:
        rows = export_rows(session, people, teams, first, last, bar)
    session.rollback()
    write_private(out, to_text(rows))
    audit.record("outcomes.export", "team", team_id or "", None, team_id)
    click.echo(f"Wrote {len(rows)} rows about {len(people)} people to {out}.")
