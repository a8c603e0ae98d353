"""Host names: refuse untrusted Host headers, and build absolute URLs from the public base URL."""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, has_request_context, request, request_started, url_for
from werkzeug.exceptions import SecurityError
from werkzeug.wrappers import Response

UNTRUSTED_HOST = "This service does not answer to that host name."


def absolute_url(endpoint: str, **values: Any) -> str:
    """url_for(endpoint, **values) as an absolute URL on the configured public URL."""
    # Without one, on the request's host, which Flask has checked against TRUSTED_HOSTS.
    base = str(current_app.config.get("PUBLIC_URL") or "")
    if not base:
        return url_for(endpoint, _external=True, **values)
    path = url_for(endpoint, **values)
    # The base URL already names where the app is mounted; the proxy's prefix is not added twice.
    root = request.script_root if has_request_context() else ""
    return base + path.removeprefix(root)


def varies_by_host() -> bool:
    """Tell whether absolute URLs in a response depend on the request's Host header."""
    return not current_app.config.get("PUBLIC_URL")


def refuse_untrusted_host(exc: SecurityError) -> Response:
    """A plain 400 that never repeats the host name it was sent."""
    # Plain text: with an untrusted host Flask builds no URL adapter, so templates (url_for)
    # cannot be drawn.
    return Response(UNTRUSTED_HOST, 400, mimetype="text/plain")


def refuse_before_other_checks(sender: Flask, **extra: Any) -> None:
    """Raise Flask's untrusted-host error before any before_request check runs."""
    # (signal: request_started) Those checks answer with pages, which need URLs: a 500 here.
    exc = request.routing_exception
    if isinstance(exc, SecurityError):
        raise exc


def init_app(app: Flask) -> None:
    """Answer an untrusted Host header with a calm 400; templates get absolute_url()."""
    app.register_error_handler(SecurityError, refuse_untrusted_host)
    request_started.connect(refuse_before_other_checks, app)
    app.jinja_env.globals["absolute_url"] = absolute_url
