"""Error pages, URL rules and template filters every page of the app shares."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, current_app, g, jsonify, redirect, render_template, request, url_for
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.exceptions import HTTPException, NotFound
from werkzeug.routing import IntegerConverter
from werkzeug.wrappers import Response

from core.auth import access
from core.times import date_text, iso_moment_text, moment_text
from core.views import nav, register_blueprints


def wants_json() -> bool:
    """Tell whether the client asked for JSON (API routes or an Accept header)."""
    if request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return best == "application/json"


# The app's own words for an error the framework describes in its default words.
OWN_WORDS: dict[int, tuple[str, str]] = {
    400: ("Something in the request was not right", "Go back, check it and try again."),
    403: ("Not available to you", "Your account cannot open this page. Ask your team's admin."),
    404: (
        "Page not found",
        "There is no page at this address. The link may be mistyped, or what it showed has moved "
        "or been removed.",
    ),
    405: ("That cannot be done here", "This page cannot do that. Go back and use its buttons."),
    413: ("Too large", "That is more than this service accepts. Send less."),
    500: ("Something went wrong", "Something went wrong on our side. Try again in a minute."),
}


def _words(exc: HTTPException, code: int) -> tuple[str, str]:
    """The error's title and message: the app's words unless a view gave its own message."""
    if exc.description == type(exc).description and code in OWN_WORDS:
        return OWN_WORDS[code]
    return exc.name, exc.description or ""


def handle_http_error(exc: HTTPException) -> tuple[Response | str, int]:
    """Render an HTTP error as JSON for API clients and as a calm page for people."""
    code = exc.code or 500
    if wants_json():
        return jsonify(error=exc.name, message=exc.description, status=code), code
    name, message = _words(exc, code)
    return render_template("error.html", code=code, name=name, message=message), code


def nul_field(value: Any) -> str | None:
    """The dotted path of the first key or text holding a NUL character in a JSON value."""
    stack: list[tuple[str, Any]] = [("", value)]
    while stack:  # a loop, not recursion: the JSON may be nested as deep as the parser allows
        path, item = stack.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return path
            continue
        if isinstance(item, dict):
            children = [(str(k), v) for k, v in item.items()]
        elif isinstance(item, list):
            children = [(str(i), v) for i, v in enumerate(item)]
        else:
            continue
        for key, child in reversed(children):
            where = f"{path}.{key}" if path else key
            if "\x00" in key:
                return where
            stack.append((where, child))
    return None


ViewFunction = TypeVar("ViewFunction", bound=Callable[..., Any])


def takes_nul_back(view: ViewFunction) -> ViewFunction:
    """Mark a form page that shows NUL characters taken out of its fields (see nul_taken_out)."""
    # Put it directly under the route: the function registered for the URL carries the mark.
    view.takes_nul_back = True  # type: ignore[attr-defined]
    return view


def nul_taken_out() -> list[tuple[str, int]]:
    """The form fields (name, which of that name) a NUL character was taken out of."""
    return list(g.get("nul_taken_out", []))


def nul_message(label: str) -> str:
    """What a form says of a field a NUL character was taken out of ('Notes', 'This')."""
    return (
        f"{label} had a hidden character (NUL) that cannot be stored. "
        "We have taken it out: check what is left and save again"
    )


def _is_form_post() -> bool:
    """Whether the request is a browser's form post to a page (not the API)."""
    return (
        request.method == "POST"
        and not request.path.startswith("/api/")
        and request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data")
    )


def _take_nul_out() -> bool:
    """Take NUL characters out of a marked page's form values; False if that cannot be done."""
    view = current_app.view_functions.get(request.endpoint or "")
    if not getattr(view, "takes_nul_back", False) or not _is_form_post():
        return False
    form = request.form.items(multi=True)
    if any("\x00" in key for key in request.form) or any("\x00" in k for k in request.args):
        return False
    if any("\x00" in value for _, value in request.args.items(multi=True)):
        return False
    seen: dict[str, int] = {}
    taken: list[tuple[str, int]] = []
    cleaned: list[tuple[str, str]] = []
    for key, value in form:
        if "\x00" in value:
            taken.append((key, seen.get(key, 0)))
        seen[key] = seen.get(key, 0) + 1
        cleaned.append((key, value.replace("\x00", "")))
    request.form = ImmutableMultiDict(cleaned)  # type: ignore[misc]
    g.nul_taken_out = taken
    return True


def refuse_nul_characters() -> tuple[Response | str, int] | None:
    """Refuse a request with a NUL character in any field: PostgreSQL cannot store one."""
    field = next(
        (
            key
            for source in (request.args, request.form)
            for key, value in source.items(multi=True)
            if "\x00" in key or "\x00" in value
        ),
        None,
    )
    if field is None and request.is_json:
        field = nul_field(request.get_json(silent=True))
    if field is None or _take_nul_out():
        return None
    field = field.replace("\x00", "")  # the name is shown back: never echo the character itself
    message = f"'{field}' must not contain a NUL character (it cannot be stored). Remove it."
    # A page's form answers with a page, whatever the client accepts; the API with JSON.
    if wants_json() and not _is_form_post():
        answer = {"error": "Bad Request", "message": message, "status": 400}
        return jsonify(**answer, fields={field: message}), 400
    name, _ = OWN_WORDS[400]
    return render_template("error.html", code=400, name=name, message=message), 400


class RowIdConverter(IntegerConverter):
    """<int:...> in a URL: a row id, so past a 32-bit key it is simply not found."""

    def to_python(self, value: str) -> int:
        """The id; NotFound (not a ValidationError, which answers 405) when too big to store."""
        number = int(super().to_python(value))
        # PostgreSQL refuses a larger integer parameter outright, which would be a 500.
        if number > 2**31 - 1:
            raise NotFound()
        return number


@access("public")
def favicon() -> Response:
    """/favicon.ico for browsers and tools that ask for it: the SVG icon every page links to."""
    return redirect(url_for("static", filename="favicon.svg"), 301)


def init_app(app: Flask) -> None:
    """Register the shared URL rules, sign-in and audit pages, filters and error pages."""
    app.url_map.converters["int"] = RowIdConverter  # before any route is added
    register_blueprints(app)
    app.add_url_rule("/favicon.ico", "favicon", favicon)
    app.jinja_env.filters["local_time"] = moment_text  # stored UTC, shown in the deployment's zone
    app.jinja_env.filters["local_date"] = date_text
    app.jinja_env.filters["local_iso"] = iso_moment_text  # an exported ISO time, likewise
    # Lets shared templates link to pages of blueprints registered by other packages.
    app.jinja_env.globals["url_endpoints"] = app.view_functions
    nav.init_app(app)
    app.register_error_handler(HTTPException, handle_http_error)
    app.before_request(refuse_nul_characters)
