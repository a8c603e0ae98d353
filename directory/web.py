"""The directory's blueprints and the template helpers its pages use."""

from __future__ import annotations

from flask import Flask

from core.db import get_session
from directory import geo, vocabulary
from directory.hsds import languages
from directory.models import DAY_NAMES
from directory.stewardship.history import event_name
from directory.validation import tel_link
from directory.views import register_blueprints
from directory.wording import price


def init_app(app: Flask) -> None:
    """Register the directory's blueprints and template helpers."""
    register_blueprints(app)
    app.jinja_env.filters["pounds"] = price
    app.jinja_env.filters["history_event"] = event_name
    app.jinja_env.filters["tel"] = tel_link
    app.jinja_env.globals["vocabulary"] = vocabulary
    app.jinja_env.globals["DAY_NAMES"] = DAY_NAMES
    app.jinja_env.globals["LANGUAGE_NAMES"] = languages.DISPLAY_NAMES
    app.jinja_env.globals["postcode_hint"] = postcode_hint


def postcode_hint() -> str:
    """'A postcode is best', with a postcode the gazetteer knows as the example."""
    # A fixed example is refused wherever the gazetteer holds another area's postcodes.
    example = geo.examples(get_session()).postcode
    return f"A postcode is best, for example {example}" if example else "A postcode is best"
