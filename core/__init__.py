"""What the whole app shares: configuration, the database, accounts and sign-in, audit, security."""

from __future__ import annotations

from typing import Any

from flask import Flask

from core import audit_words, auth, backup_cli, db, hosts, logs, security, web
from core.config import load_config


def init_app(app: Flask, test_config: dict[str, Any] | None = None) -> None:
    """Configure the app and register what every part of it relies on."""
    load_config(app, test_config)
    logs.init_app(app)
    db.init_app(app)
    auth.init_app(app)  # the access check runs before the CSRF check
    security.init_app(app)
    hosts.init_app(app)
    web.init_app(app)
    backup_cli.init_app(app)
    audit_words.init_app(app)
