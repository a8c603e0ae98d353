"""Blueprints, template helpers and error pages shared by the directory's views."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, NotFound
from werkzeug.routing import IntegerConverter
from werkzeug.wrappers import Response

from directory import vocabulary
from directory.models import DAY_NAMES
from directory.views import register_blueprints


def pounds(pence: int | None) -> str:
    """Format pence as a price: 'Free', '£2', '£2.50'."""
    if pence is None:
        return ""
    if pence == 0:
        return "Free"
    if pence % 100 == 0:
        return f"£{pence // 100}"
    return f"£{pence / 100:.2f}"


def wants_json() -> bool:
    """Tell whether the client asked for JSON (API routes or an Accept header)."""
    if request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return best == "application/json"


def handle_http_error(exc: HTTPException) -> tuple[Response | str, int]:
    """Render an HTTP error as JSON for API clients and as a calm page for people."""
    code = exc.code or 500
    if wants_json():
        return jsonify(error=exc.name, message=exc.description, status=code), code
    return render_template("error.html", code=code, name=exc.name, message=exc.description), code


class RowIdConverter(IntegerConverter):
    """<int:...> in a URL: a row id, so past a 32-bit key it is simply not found."""

    def to_python(self, value: str) -> int:
        """The id; NotFound (not a ValidationError, which answers 405) when too big to store."""
        number = int(super().to_python(value))
        # PostgreSQL refuses a larger integer parameter outright, which would be a 500.
        if number > 2**31 - 1:
            raise NotFound()
        return number


def init_app(app: Flask) -> None:
    """Register blueprints, template filters and error pages."""
    app.url_map.converters["int"] = RowIdConverter  # before any route is added
    register_blueprints(app)
    app.jinja_env.filters["pounds"] = pounds
    app.jinja_env.globals["vocabulary"] = vocabulary
    app.jinja_env.globals["DAY_NAMES"] = DAY_NAMES
    # Lets shared templates link to pages of blueprints registered by other packages.
    app.jinja_env.globals["url_endpoints"] = app.view_functions
    app.register_error_handler(HTTPException, handle_http_error)
