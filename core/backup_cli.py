"""The `backup`, `restore` and `erasures` commands."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from core import backup, db


@click.command("backup")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--keep",
    type=click.IntRange(min=1),
    default=None,
    help="After a verified backup, keep only the N newest backups made by this command in "
    "OUT's folder (older backups and their manifests are removed).",
)
@with_appcontext
def backup_command(out: Path, keep: int | None) -> None:
    """Write a consistent backup of the database to OUT (plus OUT.manifest.json), owner-only."""
    db.require_current_schema()
    engine = db.get_engine()
    try:
        counts = backup.backup(engine, out)
        backup.verify(out, engine.dialect.name)
        removed = backup.prune(out, keep) if keep is not None else []
    except backup.BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Backed up {sum(counts.values())} rows in {len(counts)} tables to {out}; verified.")
    if removed:
        names = ", ".join(path.name for path in removed)
        click.echo(f"Removed {len(removed)} older backups (keeping {keep}): {names}")


@click.command("erasures")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def erasures_command(out: Path) -> None:
    """Write the erased people's ids and dates to OUT (JSON, owner-only), to keep by backups."""
    db.require_current_schema()
    found = backup.recorded_erasures(db.get_engine())
    backup.write_private(out, backup.erasures_json(found))
    click.echo(f"Wrote {len(found)} erasures to {out}.")


def _eraser(erasures: list[backup.Erasure]) -> backup.EraseFunction | None:
    """The function that erases people again, if there is anything to erase."""
    eraser: backup.EraseFunction | None = current_app.extensions.get(backup.ERASE_PEOPLE)
    if erasures and eraser is None:
        raise click.ClickException("This app cannot erase people: the matcher is not loaded.")
    return eraser


def _before_restore(
    engine: Engine, listed: list[backup.Erasure]
) -> tuple[list[backup.Erasure], int]:
    """The erasures to carry forward and the highest person number handed out so far."""
    # The erasures are the current audit log's and the list's.
    try:
        erasures = backup.merged(backup.recorded_erasures(engine), listed)
        floor = backup.person_id_floor(engine, erasures)
    except SQLAlchemyError as exc:
        raise click.ClickException(
            "The current database cannot be read, so the erasures in its audit log cannot be "
            "carried forward. Move it aside and restore with --erasures FILE (written by "
            f"`commonground erasures`). ({getattr(exc, 'orig', None) or exc})"
        ) from exc
    _eraser(erasures)
    return erasures, floor


def _carry_forward(erasures: list[backup.Erasure], floor: int) -> tuple[list[int], int]:
    """After a restore, erase again those erased since; return their ids and audit rows written."""
    # Ids never go back, and the erased people's audit rows are written again.
    engine = db.get_engine()
    db.upgrade(engine)  # a backup from an older version gets the current schema
    backup.keep_person_ids_above(engine, floor)
    eraser = _eraser(erasures)
    erased = eraser(erasures) if eraser is not None and erasures else []
    written = backup.write_missing_erasures(engine, erasures)
    return erased, written


@click.command("restore")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask before replacing the database.")
@click.option(
    "--erasures",
    "erasures_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="An erasure list from `commonground erasures` to apply as well (when the current "
    "database, whose audit log lists the erasures, is lost).",
)
@with_appcontext
def restore_command(source: Path, yes: bool, erasures_file: Path | None) -> None:
    """Verify a backup, restore it, check row counts, erase again anyone erased since, reindex."""
    # Those erased since come from the current audit log and --erasures; reindex rebuilds search.
    engine = db.get_engine()
    try:
        listed = backup.read_erasures(erasures_file) if erasures_file else []
        erasures, floor = _before_restore(engine, listed)
        if not yes:
            click.confirm("This replaces everything in the database. Continue?", abort=True)
        counts = backup.restore(engine, source)
        erased, written = _carry_forward(erasures, floor)
    except backup.BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    after = [step(engine) for step in current_app.extensions.get(backup.AFTER_RESTORE, [])]
    click.echo(
        f"Restored {sum(counts.values())} rows in {len(counts)} tables; row counts verified"
        + "".join(f"; {words}" for words in after)
        + "."
    )
    click.echo(
        f"Erasures carried forward: {len(erasures)} on record, {len(erased)} people in the "
        f"backup erased again, {written} audit rows written again; new people's ids start "
        f"above {backup.person_id_floor(engine)}."
    )


def init_app(app: Flask) -> None:
    """Register the backup commands."""
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    app.cli.add_command(erasures_command)
