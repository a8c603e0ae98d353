"""Everything about a person and what might suit them."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the matcher's views and commands."""
    from matcher.evaluate import eval_command, fit_weights_command
    from matcher.outcomes_cli import export_outcomes_command
    from matcher.peers_cli import peers_all_command
    from matcher.privacy_cli import erase_person_command, export_person_command, purge_command
    from matcher.views import register_blueprints

    app.cli.add_command(eval_command)
    app.cli.add_command(fit_weights_command)
    app.cli.add_command(peers_all_command)
    app.cli.add_command(export_outcomes_command)
    for command in (export_person_command, erase_person_command, purge_command):
        app.cli.add_command(command)
    register_blueprints(app)
    from core.backup import ERASE_PEOPLE
    from matcher.privacy import erase_recorded

    app.extensions[ERASE_PEOPLE] = erase_recorded  # a restore erases people again through it
    from matcher import openapi

    openapi.init_app(app)
    from matcher import audit_names

    audit_names.init_app(app)
    from directory.stewardship.dedupe import MERGE_STEPS
    from matcher.merged_resources import move_to_kept

    app.extensions.setdefault(MERGE_STEPS, []).append(move_to_kept)
    from directory.geo import AFTER_LOAD
    from matcher.people import replace_district_homes

    # A gazetteer load moves homes saved while their district stood in (the directory never
    # imports the matcher).
    app.extensions.setdefault(AFTER_LOAD, []).append(replace_district_homes)
