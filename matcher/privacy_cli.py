"""Commands for subject access, erasure and retention: export-person, erase-person, purge."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app, render_template
from flask.cli import with_appcontext
from sqlmodel import Session, select

from directory import audit, db
from directory.models import Team
from matcher import privacy
from matcher.models import Person


def _find(session: Session, ref: str, team: str) -> Person:
    """The one person with this reference (or, failing that, this number), in the team if given."""
    query = select(Person).where(Person.reference == ref)
    if team:
        found = session.exec(select(Team).where(Team.name == team)).first()
        if found is None:
            raise click.ClickException(f"There is no team called {team!r}.")
        query = query.where(Person.team_id == found.id)
    people = list(session.exec(query).all())
    if not people and ref.isascii() and ref.isdigit():
        query = select(Person).where(Person.id == int(ref))
        if team:
            query = query.where(Person.team_id == query_team(session, team))
        people = list(session.exec(query).all())
    if not people:
        raise click.ClickException("No person has that reference (or number).")
    if len(people) > 1:
        raise click.ClickException(
            f"{len(people)} people in different teams have that reference; add --team NAME."
        )
    return people[0]


def query_team(session: Session, name: str) -> int | None:
    """The id of the team with this name."""
    found = session.exec(select(Team).where(Team.name == name)).first()
    return found.id if found else None


@click.command("export-person")
@click.argument("ref")
@click.option("--team", default="", help="Team name, when teams share references.")
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for person-N.json and person-N.html.",
)
@with_appcontext
def export_person_command(ref: str, team: str, out_dir: Path) -> None:
    """Write everything held about a person (subject access request) as JSON and HTML."""
    db.require_current_schema()
    session = db.get_session()
    person = _find(session, ref, team)
    person_id, team_id = int(person.id or 0), person.team_id
    data = privacy.export_person(session, person)
    with current_app.test_request_context():
        page = render_template("matcher/export.html", data=data)
    session.rollback()  # the audit row is written on its own connection
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = out_dir / f"person-{person_id}"
    stem.with_suffix(".json").write_text(privacy.export_json(data), encoding="utf-8")
    stem.with_suffix(".html").write_text(page, encoding="utf-8")
    for path in (stem.with_suffix(".json"), stem.with_suffix(".html")):
        path.chmod(0o600)
    audit.record("person.export", "person", person_id, None, team_id)
    click.echo(f"Wrote {stem}.json and {stem}.html")


@click.command("erase-person")
@click.argument("ref")
@click.option("--team", default="", help="Team name, when teams share references.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def erase_person_command(ref: str, team: str, yes: bool) -> None:
    """Erase a person and everything that refers to them (the audit log keeps their number)."""
    db.require_current_schema()
    with db.write_session() as session:
        person = _find(session, ref, team)
        if not yes:
            click.confirm(f"Erase person {person.id} and everything about them?", abort=True)
        team_id = person.team_id
        person_id = privacy.erase_person(session, person)
    audit.record("person.erase", "person", person_id, None, team_id)
    click.echo(f"Erased person {person_id}.")


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
    for person_id, team_id in erased:
        audit.record("person.erase", "person", person_id, None, team_id, "retention")
    click.echo(f"Erased {len(erased)} people inactive for over {limit} days.")
