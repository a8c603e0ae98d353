"""The directory's web views (thin: parse, call a service function, render)."""

from __future__ import annotations

from flask import Flask

from directory.views import team


def register_blueprints(app: Flask) -> None:
    """Register every directory blueprint."""
    app.register_blueprint(team.bp)
