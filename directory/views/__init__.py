"""The directory's web views (thin: parse, call a service function, render)."""

from __future__ import annotations

from flask import Flask

from directory.views import api_docs, hsds_api, public, stewardship, team, workspace


def register_blueprints(app: Flask) -> None:
    """Register every directory blueprint."""
    app.register_blueprint(team.bp)
    app.register_blueprint(workspace.bp)
    app.register_blueprint(stewardship.bp)
    app.register_blueprint(public.bp)
    app.register_blueprint(hsds_api.bp)
    app.register_blueprint(api_docs.bp)
