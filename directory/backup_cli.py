"""The `backup` and `restore` commands."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask
from flask.cli import with_appcontext

from directory import backup, db
from directory.search import get_search


@click.command("backup")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(out: Path) -> None:
    """Write a consistent backup of the database to OUT (plus OUT.manifest.json)."""
    db.require_current_schema()
    try:
        counts = backup.backup(db.get_engine(), out)
    except backup.BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Backed up {sum(counts.values())} rows in {len(counts)} tables to {out}.")


@click.command("restore")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask before replacing the database.")
@with_appcontext
def restore_command(source: Path, yes: bool) -> None:
    """Verify a backup, replace the database with it, check row counts and rebuild search."""
    if not yes:
        click.confirm("This replaces everything in the database. Continue?", abort=True)
    try:
        counts = backup.restore(db.get_engine(), source)
    except backup.BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    db.renew_version(db.get_engine())
    indexed = get_search().reindex()
    click.echo(
        f"Restored {sum(counts.values())} rows in {len(counts)} tables; row counts verified; "
        f"{indexed} resources re-indexed."
    )


def init_app(app: Flask) -> None:
    """Register the backup commands."""
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
