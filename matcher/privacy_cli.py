"""Commands for subject access, erasure and retention: export-person, erase-person, purge.

A person is named explicitly, by number (`--id N`, never reused) or by the team's reference
(`--ref REF`, with `--team NAME` when teams share references); never one standing for the other.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from flask import current_app, render_template
from flask.cli import with_appcontext
from sqlmodel import Session, select

from core import audit, db
from core.backup import write_private
from core.models import Team
from matcher import privacy
from matcher.models import Person


def _find(session: Session, person_id: int | None, ref: str | None, team: str | None) -> Person:
    """The one person with this id, or with this reference (in the team, if named)."""
    if (person_id is None) == (ref is None):
        raise click.UsageError("Name the person with exactly one of --id N or --ref REF.")
    if person_id is not None:
        if team is not None:
            raise click.UsageError("--team goes with --ref, not with --id.")
        found = session.get(Person, person_id)
        if found is None:
            raise click.ClickException(f"--id: no person has the number {person_id}.")
        return found
    query = select(Person).where(Person.reference == ref)
    if team is not None:
        team_row = session.exec(select(Team).where(Team.name == team)).first()
        if team_row is None:
            raise click.ClickException(f"--team: there is no team called {team!r}.")
        query = query.where(Person.team_id == team_row.id)
    people = list(session.exec(query.order_by(Person.id)).all())  # type: ignore[arg-type]
    if not people:
        raise click.ClickException("--ref: no person has that reference" + _in(team) + ".")
    if len(people) > 1:
        numbers = ", ".join(f"#{p.id}" for p in people)
        hint = "use --id N" if team is not None else "add --team NAME or use --id N"
        raise click.ClickException(
            f"--ref: {len(people)} people have that reference{_in(team)} ({numbers}); {hint}."
        )
    return people[0]


def _in(team: str | None) -> str:
    return f" in team {team!r}" if team is not None else ""


PERSON_OPTIONS = (
    click.option("--id", "person_id", type=int, default=None, help="The person's number."),
    click.option("--ref", default=None, help="The team's reference for the person."),
    click.option("--team", default=None, help="With --ref: the person's team."),
)


def _person_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The --id, --ref and --team options that name one person."""
    for option in reversed(PERSON_OPTIONS):
        command = option(command)
    return command


@click.command("export-person")
@_person_options
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for person-N.json and person-N.html (created owner-only).",
)
@with_appcontext
def export_person_command(
    person_id: int | None, ref: str | None, team: str | None, out_dir: Path
) -> None:
    """Write everything held about a person (subject access request) as JSON and HTML."""
    db.require_current_schema()
    session = db.get_session()
    person = _find(session, person_id, ref, team)
    number, team_id = int(person.id or 0), person.team_id
    data = privacy.export_person(session, person)
    with current_app.test_request_context():
        page = render_template("matcher/export.html", data=data)
    session.rollback()  # the audit row is written on its own connection
    out_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    stem = out_dir / f"person-{number}"
    write_private(stem.with_suffix(".json"), privacy.export_json(data))
    write_private(stem.with_suffix(".html"), page)
    audit.record("person.export", "person", number, None, team_id)
    click.echo(f"Wrote {stem}.json and {stem}.html")


def _scrubbed_message() -> str:
    """Leave no erased text in the database files, and say whether that was complete."""
    if privacy.scrub(db.get_engine()):
        return ""
    return (
        " Other connections were reading, so SQLite's write-ahead log still holds earlier "
        "versions of the erased rows until its next complete checkpoint (at the latest when "
        "the service stops)."
    )


@click.command("erase-person")
@_person_options
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def erase_person_command(
    person_id: int | None, ref: str | None, team: str | None, yes: bool
) -> None:
    """Erase a person and everything that refers to them (the audit log keeps their number)."""
    db.require_current_schema()
    with db.write_session() as session:
        person = _find(session, person_id, ref, team)
        if not yes:
            click.confirm(f"Erase person {person.id} and everything about them?", abort=True)
        team_id = person.team_id
        number = privacy.erase_person(session, person)
    audit.record("person.erase", "person", number, None, team_id)
    click.echo(f"Erased person {number}." + _scrubbed_message())


@click.command("purge")
@click.option("--apply/--dry-run", default=False, help="Erase (--apply) or only list (default).")
@click.option("--days", type=int, default=None, help="Override COMMONGROUND_RETENTION_DAYS.")
@with_appcontext
def purge_command(apply: bool, days: int | None) -> None:
    """List, or erase, people with no activity beyond the retention period."""
    db.require_current_schema()
    limit = int(days if days is not None else current_app.config["RETENTION_DAYS"])
    with db.write_session() as session:
        found = privacy.inactive(session, limit)
        if not apply:
            for person, last in found:
                click.echo(f"person {person.id} team {person.team_id} last active {last:%Y-%m-%d}")
            click.echo(
                f"{len(found)} people inactive for over {limit} days (dry run: none erased)."
            )
            session.rollback()
            return
        erased = [(privacy.erase_person(session, person), person.team_id) for person, _ in found]
    for number, team_id in erased:
        audit.record("person.erase", "person", number, None, team_id, "retention")
    note = _scrubbed_message() if erased else ""
    click.echo(f"Erased {len(erased)} people inactive for over {limit} days." + note)
