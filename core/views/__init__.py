"""Pages every part of the app shares: sign-in and accounts, and the audit log."""

from __future__ import annotations

from flask import Flask

from core.views import audit_log, auth


def register_blueprints(app: Flask) -> None:
    """Register the sign-in, account and audit-log blueprints."""
    app.register_blueprint(auth.bp)
    app.register_blueprint(audit_log.bp)
