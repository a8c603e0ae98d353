"""Demo data for a fictional local area, loaded by `commonground seed`."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import with_appcontext

from core import db


@click.command("seed")
@with_appcontext
def seed_command() -> None:
    """Load the demo area (safe to run again: only what is missing is added)."""
    from seeds.loader import load

    db.require_current_schema()
    session = db.get_session()
    try:
        report = load(session)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    click.echo(report.summary())


def init_app(app: Flask) -> None:
    """Register the seed command."""
    app.cli.add_command(seed_command)
