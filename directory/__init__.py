"""Everything about resources and the people who keep them."""

from __future__ import annotations

from typing import Any

from flask import Flask

from directory import auth, cli, db, hosts, logs, search, security, web
from directory.config import load_config
from directory.search import sync


def init_app(app: Flask, test_config: dict[str, Any] | None = None) -> None:
    """Configure the app and register the directory's extensions, views and commands."""
    load_config(app, test_config)
    logs.init_app(app)
    db.init_app(app)
    sync.init_app(app)
    auth.init_app(app)  # the access check runs before the CSRF check
    security.init_app(app)
    hosts.init_app(app)
    web.init_app(app)
    cli.init_app(app)


__all__ = ["init_app", "search"]
