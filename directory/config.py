"""Application configuration from defaults, the environment and the instance folder."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from flask import Flask

PREFIX = "COMMONGROUND_"
DEFAULT_SECRET_KEYS = {"", "dev", "change-me", "changeme", "secret", "development"}
MIN_SECRET_KEY_LENGTH = 32

# Every COMMONGROUND_* variable, its config key and what it means (the README lists these).
ENV_VARS: dict[str, tuple[str, str]] = {
    "ENV": ("ENV", "`development` (default) or `production`."),
    "SECRET_KEY": ("SECRET_KEY", "Session signing key; required in production (32+ characters)."),
    "DATABASE_URL": ("DATABASE_URL", "SQLAlchemy URL; default SQLite in the instance folder."),
    "INDEX_DIR": ("INDEX_DIR", "Whoosh index folder; default `instance/index`."),
    "PAGE_CACHE_DIR": (
        "PAGE_CACHE_DIR",
        "Folder where a node's workers share rendered public search pages; default "
        "`instance/page-cache`.",
    ),
    "SEARCH_BACKEND": ("SEARCH_BACKEND", "`whoosh`, `postgres` or `auto` (default)."),
    "DEBUG": ("DEBUG", "`1` turns on Flask debug (refused in production)."),
    "GEOCODER": ("GEOCODER", "Optional online geocoder after the gazetteer, e.g. `nominatim`."),
    "GEOCODER_USER_AGENT": ("GEOCODER_USER_AGENT", "User agent sent to the online geocoder."),
    "STALE_AFTER_DAYS": ("STALE_AFTER_DAYS", "Days before a resource needs re-confirming (183)."),
    "LOG_LEVEL": ("LOG_LEVEL", "Logging level (INFO)."),
    "SESSION_IDLE_MINUTES": ("SESSION_IDLE_MINUTES", "Sign out after this many idle minutes (30)."),
    "SESSION_MAX_HOURS": ("SESSION_MAX_HOURS", "Sign out this many hours after sign-in (12)."),
    "PROXY_COUNT": ("PROXY_COUNT", "Trusted reverse proxies setting X-Forwarded-* (0)."),
    "GROUP_MIN_SIZE": ("GROUP_MIN_SIZE", "People needed before a new group is suggested (4)."),
    "RETENTION_DAYS": (
        "RETENTION_DAYS",
        "Days without activity before a person is up for review and purge (730).",
    ),
}

INT_KEYS = {
    "STALE_AFTER_DAYS",
    "SESSION_IDLE_MINUTES",
    "SESSION_MAX_HOURS",
    "PROXY_COUNT",
    "RETENTION_DAYS",
}
BOOL_KEYS = {"DEBUG"}


class ConfigError(RuntimeError):
    """The configuration is unsafe or incomplete."""


def _from_env() -> dict[str, Any]:
    """Read every documented COMMONGROUND_* variable that is set."""
    values: dict[str, Any] = {}
    for name, (key, _) in ENV_VARS.items():
        raw = os.environ.get(PREFIX + name)
        if raw is None:
            continue
        if key in INT_KEYS:
            values[key] = int(raw)
        elif key in BOOL_KEYS:
            values[key] = raw.strip().lower() in {"1", "true", "yes", "on"}
        else:
            values[key] = raw
    return values


def _development_secret_key(instance: Path) -> str:
    """Read or create a random key kept in the instance folder."""
    path = instance / "secret_key"
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_urlsafe(48)
    path.write_text(key)
    path.chmod(0o600)
    return key


def normalise_database_url(url: str) -> str:
    """Point plain postgres URLs at psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def load_config(app: Flask, overrides: dict[str, Any] | None = None) -> None:
    """Fill app.config and refuse unsafe production settings."""
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(
        ENV="development",
        DEBUG=False,
        DATABASE_URL=f"sqlite:///{instance / 'commonground.sqlite3'}",
        INDEX_DIR=str(instance / "index"),
        PAGE_CACHE_DIR=str(instance / "page-cache"),
        SEARCH_BACKEND="auto",
        GEOCODER="",
        GEOCODER_USER_AGENT="commonground",
        STALE_AFTER_DAYS=183,
        LOG_LEVEL="INFO",
        MAX_CONTENT_LENGTH=16 * 1024 * 1024,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_IDLE_MINUTES=30,
        SESSION_MAX_HOURS=12,
        LOGIN_WINDOW_MINUTES=15,
        LOGIN_MAX_PER_ACCOUNT=10,
        LOGIN_MAX_PER_ADDRESS=50,
        PROXY_COUNT=0,
        REAUTH_MINUTES=5,
        RETENTION_DAYS=730,
    )
    app.config.update(_from_env())
    if overrides:
        app.config.update(overrides)
    app.config["DATABASE_URL"] = normalise_database_url(app.config["DATABASE_URL"])
    production = app.config["ENV"] == "production"
    if production:
        check_production(app.config)
        app.config["SESSION_COOKIE_SECURE"] = True
        # __Host- cookies are only accepted when Secure, path / and without a Domain.
        app.config["SESSION_COOKIE_NAME"] = "__Host-session"
        app.config["SESSION_COOKIE_DOMAIN"] = None
        app.config["SESSION_COOKIE_PATH"] = "/"
    elif not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _development_secret_key(instance)
    app.debug = bool(app.config["DEBUG"])


def check_production(config: dict[str, Any]) -> None:
    """Raise ConfigError unless the production settings are safe."""
    flask_debug = os.environ.get("FLASK_DEBUG", "").lower() in {"1", "true", "yes", "on"}
    if config.get("DEBUG") or flask_debug:
        raise ConfigError(
            "Refusing to start: debug is on in production. "
            "Unset COMMONGROUND_DEBUG and FLASK_DEBUG."
        )
    key = str(config.get("SECRET_KEY") or "")
    if key.lower() in DEFAULT_SECRET_KEYS:
        raise ConfigError(
            "Refusing to start: COMMONGROUND_SECRET_KEY is missing or a default value "
            "in production."
        )
    if len(key) < MIN_SECRET_KEY_LENGTH:
        raise ConfigError(
            f"Refusing to start: COMMONGROUND_SECRET_KEY is shorter than "
            f"{MIN_SECRET_KEY_LENGTH} characters."
        )
