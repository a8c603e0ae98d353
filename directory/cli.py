"""The directory's commands on the `commonground` CLI."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import with_appcontext
from sqlalchemy import Engine

from core import backup, db
from directory import changes, geo_cli
from directory.hsds import cli as hsds_cli
from directory.search import get_search


@click.command("init-db")
@with_appcontext
def init_db_command() -> None:
    """Create or upgrade the database schema through Alembic."""
    db.upgrade(db.get_engine())
    changes.ensure_state_row(db.get_engine())
    click.echo("Database schema is up to date.")
    backend = get_search()
    if backend.name == "whoosh" and not backend.is_current():
        # Start-up is where a rebuild belongs (an upgraded index schema, a new node), under
        # whoosh's writer lock; searches only ever catch up from the change feed.
        click.echo(f"Indexed {backend.reindex()} resources.")


@click.command("reindex")
@with_appcontext
def reindex_command() -> None:
    """Rebuild the search index from the database."""
    db.require_current_schema()
    backend = get_search()
    with click.progressbar(length=1, label=f"Indexing ({backend.name})") as bar:

        def progress(done: int, total: int) -> None:
            bar.length = max(total, 1)
            bar.update(done - bar.pos)

        count = backend.reindex(progress)
    click.echo(f"Indexed {count} resources.")


def after_restore(engine: Engine) -> str:
    """Give the restored directory a fresh version and rebuild search; say how many."""
    changes.renew_version(engine)
    return f"{get_search().reindex()} resources re-indexed"


def init_app(app: Flask) -> None:
    """Register the directory's commands, and what it does after a restore."""
    app.cli.add_command(init_db_command)
    app.cli.add_command(reindex_command)
    app.extensions.setdefault(backup.AFTER_RESTORE, []).append(after_restore)
    geo_cli.init_app(app)
    hsds_cli.init_app(app)
