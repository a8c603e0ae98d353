"""Logging: plain lines with no personal data (only ids and route names), one record a line.

- Every record's arguments (where request text could arrive) have their control characters
  escaped, so no text can start a forged log line or drive a terminal.
- Access lines name the route (`/invite/<token>`), never the path or its query string: the
  development server's (logger "werkzeug") through a filter, gunicorn's through
  `directory/gunicorn_conf.py`, both from the route the app notes in the request's environ.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Mapping, MutableMapping
from typing import Any

from flask import Flask, has_request_context, request, request_started

ROUTE_KEY = "commonground.route"  # in the WSGI environ: the matched route, e.g. /invite/<token>
NO_ROUTE = "-"  # no route matched (404, 405, an untrusted host): the path is not logged
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_WERKZEUG_ACCESS = '"%s" %s %s'  # werkzeug's access line: (request line, status, size)
_WERKZEUG_ERROR = "code %d, message %s"  # http.server's refusals quote the request line
TRACEBACK_MARK = "  | "
_FORMATTER = logging.Formatter()
_access = threading.local()  # the development server logs in the thread that served the request


def escape_control(text: str) -> str:
    """Text with each control character (line breaks too) written as a visible escape."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def _safe(value: Any) -> Any:
    """A log argument, as text with escapes when its text holds a control character."""
    if value is None or isinstance(value, int | float):
        return value
    shown = value if isinstance(value, str) else str(value)
    return escape_control(shown) if _CONTROL.search(shown) else value


def escape_record(record: logging.LogRecord) -> logging.LogRecord:
    """Escape control characters in a record's arguments and mark its traceback's lines."""
    # The message is the code's own words: outside text is always an argument (a test checks).
    args = record.args
    if isinstance(args, tuple):
        record.args = tuple(_safe(a) for a in args)
    elif isinstance(args, MutableMapping):  # e.g. gunicorn's access atoms: changed in place
        for key, value in list(args.items()):
            safe = _safe(value)
            if safe is not value:
                args[key] = safe
    elif isinstance(args, Mapping):
        record.args = {key: _safe(value) for key, value in args.items()}
    if record.exc_info and not record.exc_text:
        # A traceback spans lines, and its exception's text may be anyone's: every line of
        # it is marked, so no line of it can pass for a record of its own.
        lines = _FORMATTER.formatException(record.exc_info).splitlines()
        record.exc_text = "\n".join(TRACEBACK_MARK + escape_control(line) for line in lines)
    return record


def _escaping_factory(
    make: Callable[..., logging.LogRecord],
) -> Callable[..., logging.LogRecord]:
    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        return escape_record(make(*args, **kwargs))

    factory.commonground_escapes = True  # type: ignore[attr-defined]
    return factory


def install_escaping() -> None:
    """Escape every record made in this process (once, whatever the number of apps)."""
    current = logging.getLogRecordFactory()
    if not getattr(current, "commonground_escapes", False):
        logging.setLogRecordFactory(_escaping_factory(current))


def note_route(sender: Flask, **extra: Any) -> None:
    """Keep the matched route where the access log finds it (signal: request_started)."""
    rule = request.url_rule
    route = rule.rule if rule is not None else NO_ROUTE
    request.environ[ROUTE_KEY] = route
    protocol = request.environ.get("SERVER_PROTOCOL", "")
    _access.line = f"{request.method} {route} {protocol}"


class RouteOnlyAccess(logging.Filter):
    """The development server's access lines name the route, not the path and query."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Replace the request line (which holds the query and any token) with the route."""
        msg, args = str(record.msg), record.args
        if isinstance(args, tuple) and len(args) == 3 and msg.endswith(_WERKZEUG_ACCESS):
            line = getattr(_access, "line", None) or NO_ROUTE
            _access.line = None
            record.args = (line, *args[1:])
        elif isinstance(args, tuple) and len(args) == 2 and msg.endswith(_WERKZEUG_ERROR):
            record.args = (args[0], "(not logged: it may quote the request line)")
        return True


class RouteNotPath(logging.Filter):
    """Flask logs "Exception on <path> [<method>]": name the route instead (paths hold tokens)."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite Flask's exception line while the request is still there."""
        if has_request_context() and str(record.msg).startswith("Exception on "):
            route = request.environ.get(ROUTE_KEY, NO_ROUTE)
            record.msg, record.args = f"Exception on {route} [{request.method}]", None
        return True


def _add_filter(logger: logging.Logger, kind: type[logging.Filter]) -> None:
    if not any(isinstance(f, kind) for f in logger.filters):
        logger.addFilter(kind())


def init_app(app: Flask) -> None:
    """Set the log level, escape every record, and log routes instead of paths."""
    level = getattr(logging, str(app.config.get("LOG_LEVEL", "INFO")).upper(), logging.INFO)
    app.logger.setLevel(level)
    install_escaping()
    request_started.connect(note_route, app)
    _add_filter(logging.getLogger("werkzeug"), RouteOnlyAccess)
    _add_filter(app.logger, RouteNotPath)
