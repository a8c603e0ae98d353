"""The `import-gazetteer` command: load postcodes or place names with coordinates from a CSV."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlmodel import Session

from core import db
from directory import changes, geo
from directory.models import ResourceLocation


@click.command("import-gazetteer")
@with_appcontext
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--source", default="", help="Where the file came from (default: its file name).")
def import_gazetteer_command(path: Path, source: str) -> None:
    """Add postcodes, districts or place names from an ONSPD-style or simple CSV file."""
    db.require_current_schema()
    session = db.get_session()
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            lines = sum(1 for _ in handle)
        with (
            path.open(encoding="utf-8-sig", newline="") as handle,
            click.progressbar(length=max(lines - 1, 1), label=f"Reading {path.name}") as bar,
        ):
            report = geo.parse_gazetteer_csv(handle, source or path.name, bar.update)
        geo.save_entries(session, report)
        followed, replaced = replace_places(session, report.centres)
        session.commit()
    except geo.GazetteerImportError as exc:
        session.rollback()
        raise click.ClickException(str(exc)) from exc
    except UnicodeDecodeError as exc:
        session.rollback()
        raise click.ClickException(f"{path.name} is not a UTF-8 text file.") from exc
    except BaseException:
        session.rollback()
        raise
    click.echo(
        f"Imported {report.added + report.replaced} gazetteer entries from {path.name}: "
        f"{report.added} new, {report.replaced} replaced, {report.districts} new district "
        f"centres worked out from postcodes, {report.no_location} rows without a location skipped."
    )
    if report.centres:
        click.echo(
            "Moved with their district's centre, which this file moved: "
            + ", ".join(followed)
            + "."
        )
    click.echo(
        "Moved from a district's centre to their postcode, now it is known: "
        + ", ".join(replaced)
        + "."
    )


def _places(count: int) -> str:
    return f"{count} {'place' if count == 1 else 'places'}"


def replace_places(session: Session, centres: geo.Centres) -> tuple[list[str], list[str]]:
    """Move places and homes saved while their district stood in; say how many, by kind."""
    # First with a district's centre the load moved, then to a postcode it made known (a row may
    # do both).
    table = ResourceLocation.__table__  # type: ignore[attr-defined]
    conn = session.connection()
    followed: set[str] = set()
    for update in geo.follow_moved_centres(table, centres):
        followed.update(rid for (rid,) in conn.execute(update.returning(table.c.resource_id)))
    update = geo.replace_district_fallbacks(table).returning(table.c.resource_id)
    moved = {rid for (rid,) in conn.execute(update)}
    changes.record_written(session, followed | moved)
    steps = [step(session, centres) for step in current_app.extensions.get(geo.AFTER_LOAD, [])]
    return [_places(len(followed)), *(s[0] for s in steps)], [
        _places(len(moved)),
        *(s[1] for s in steps),
    ]


def init_app(app: Flask) -> None:
    """Register the gazetteer command."""
    app.cli.add_command(import_gazetteer_command)
