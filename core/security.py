"""CSRF protection for every state-changing request and the security headers on every response."""

from __future__ import annotations

from flask import Flask, current_app, jsonify, render_template, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.wrappers import Response

csrf = CSRFProtect()

CSP = {
    "default-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
CSRF_MESSAGE = (
    "This form has expired or did not come from this site. Go back, reload the page and try again."
)


def content_security_policy(**overrides: str) -> str:
    """The CSP header value, with directives replaced (e.g. frame_ancestors="https:")."""
    directives = dict(CSP)
    directives.update({key.replace("_", "-"): value for key, value in overrides.items()})
    return "; ".join(f"{name} {value}" for name, value in directives.items())


DEFAULT_CSP = content_security_policy()


def set_security_headers(response: Response) -> Response:
    """Add the security headers; a view may set its own Content-Security-Policy first."""
    headers = response.headers
    # One pass over the headers: each Headers.setdefault of an absent name raised a KeyError.
    present = {key.lower(): value for key, value in reversed(list(headers))}  # the first wins
    csp = present.get("content-security-policy")
    if csp is None:
        csp = DEFAULT_CSP
        headers.add("Content-Security-Policy", csp)
    if "x-content-type-options" not in present:
        headers.add("X-Content-Type-Options", "nosniff")
    if "referrer-policy" not in present:
        headers.add("Referrer-Policy", "same-origin")
    if "frame-ancestors 'none'" in csp and "x-frame-options" not in present:
        headers.add("X-Frame-Options", "DENY")
    if "strict-transport-security" not in present and _production():
        headers.add("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    if request.endpoint != "static" and (
        current_user.is_authenticated or request.blueprint == "auth"
    ):
        headers["Cache-Control"] = "no-store"
        headers.add("Vary", "Cookie")
    return response


def _production() -> bool:
    return current_app.config.get("ENV") == "production"


def handle_csrf_error(exc: CSRFError) -> tuple[Response | str, int]:
    """A calm 400 for a missing or stale CSRF token: JSON for the API, a page for people."""
    if request.path.startswith("/api/"):
        return jsonify(error="Bad Request", message=CSRF_MESSAGE, status=400), 400
    return render_template("error.html", code=400, name="Form expired", message=CSRF_MESSAGE), 400


def init_app(app: Flask) -> None:
    """Turn on CSRF checks (forms and the X-CSRFToken header) and the security headers."""
    app.config.setdefault("WTF_CSRF_HEADERS", ["X-CSRFToken", "X-CSRF-Token"])
    csrf.init_app(app)
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.after_request(set_security_headers)
    proxies = int(app.config.get("PROXY_COUNT", 0))
    if proxies:
        # The client address (for sign-in limits) and https come from the trusted proxies.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies
        )
