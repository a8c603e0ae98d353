"""The directory's blueprints and the template helpers its pages use."""

from __future__ import annotations

from flask import Flask

from directory import vocabulary
from directory.hsds import languages
from directory.models import DAY_NAMES
from directory.stewardship.history import event_name
from directory.views import register_blueprints
from directory.wording import price


def init_app(app: Flask) -> None:
    """Register the directory's blueprints and template helpers."""
    register_blueprints(app)
    app.jinja_env.filters["pounds"] = price
    app.jinja_env.filters["history_event"] = event_name
    app.jinja_env.globals["vocabulary"] = vocabulary
    app.jinja_env.globals["DAY_NAMES"] = DAY_NAMES
    app.jinja_env.globals["LANGUAGE_NAMES"] = languages.DISPLAY_NAMES
