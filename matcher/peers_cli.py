"""`commonground peers-all`: work out peer suggestions for everyone who is looking for peers."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from core import db
from matcher import consent, peers


@click.command("peers-all")
@with_appcontext
def peers_all_command() -> None:
    """Suggest peers for everyone seeking them (counts only are printed, never names)."""
    db.require_current_schema()
    session = db.get_session()
    pool = consent.get_pool(session)
    session.rollback()
    seeking = int(pool.seeking.sum())
    with click.progressbar(length=max(seeking, 1), label="Finding peers") as bar:
        found = peers.all_peers(pool, progress=bar.update)
    with_peers = sum(1 for rows in found.values() if rows)
    click.echo(f"{seeking} people looking for peers; {with_peers} have at least one suggestion.")
