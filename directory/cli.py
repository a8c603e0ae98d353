"""The directory's commands on the `commonground` CLI."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy import Engine

from core import backup, db
from core.times import utcnow
from directory import changes, feed, geo_cli
from directory.hsds import cli as hsds_cli
from directory.search import get_search


@click.command("init-db")
@with_appcontext
def init_db_command() -> None:
    """Create or upgrade the database schema through Alembic."""
    db.upgrade(db.get_engine())
    changes.ensure_state_row(db.get_engine())
    click.echo("Database schema is up to date.")
    prune_feed()
    backend = get_search()
    if backend.name == "whoosh" and not backend.is_current():
        # Start-up is where a rebuild belongs (an upgraded index schema, a new node), under
        # whoosh's writer lock; searches only ever catch up from the change feed.
        click.echo(f"Indexed {backend.reindex()} resources.")


def prune_feed() -> int:
    """Delete change-feed rows older than FEED_KEEP_DAYS; return how many went."""
    with db.get_engine().begin() as conn:
        return feed.prune(conn, int(current_app.config["FEED_KEEP_DAYS"]), utcnow())


@click.command("prune-feed")
@with_appcontext
def prune_feed_command() -> None:
    """Delete change-feed rows older than COMMONGROUND_FEED_KEEP_DAYS."""
    db.require_current_schema()
    click.echo(f"Pruned {prune_feed()} change-feed rows.")


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
    app.cli.add_command(prune_feed_command)
    geo_cli.init_app(app)
    hsds_cli.init_app(app)
