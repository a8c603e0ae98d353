"""Everything about a person and what might suit them."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the matcher's views and commands."""
    from matcher.evaluate import eval_command
    from matcher.views import register_blueprints

    app.cli.add_command(eval_command)
    register_blueprints(app)
    from matcher import openapi

    openapi.init_app(app)
