"""The matcher's web views: people pages and the people JSON API."""

from __future__ import annotations

from flask import Flask

from matcher.views import api, people


def register_blueprints(app: Flask) -> None:
    """Register the matcher's blueprints."""
    app.register_blueprint(people.bp)
    app.register_blueprint(api.bp)
