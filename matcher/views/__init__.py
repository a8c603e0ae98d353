"""The matcher's web views: people pages and the people JSON API."""

from __future__ import annotations

from flask import Flask

from matcher.views import api, people, privacy
from matcher.views import connections as connection_views
from matcher.views import outcomes as outcome_views
from matcher.views import peers as peer_views
from matcher.views import report as report_views


def register_blueprints(app: Flask) -> None:
    """Register the matcher's blueprints."""
    app.register_blueprint(people.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(privacy.bp)
    app.register_blueprint(connection_views.bp)
    app.register_blueprint(report_views.bp)
    app.register_blueprint(peer_views.bp)
    app.register_blueprint(outcome_views.bp)
