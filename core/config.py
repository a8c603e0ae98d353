"""Application configuration from defaults, the environment and the instance folder."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

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
    "PUBLIC_CACHE_SECONDS": (
        "PUBLIC_CACHE_SECONDS",
        "How long browsers and proxies may keep a public page or API answer (60).",
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
    "FEED_KEEP_DAYS": (
        "FEED_KEEP_DAYS",
        "Days of the change feed `commonground prune-feed` keeps (14).",
    ),
    "TRUSTED_HOSTS": (
        "TRUSTED_HOSTS",
        "Host names the service answers to, comma-separated; required in production.",
    ),
    "PUBLIC_URL": ("PUBLIC_URL", "The public base URL every absolute link is built from."),
    "MAP_TILES": ("MAP_TILES", "Map tile URL template; default none (pins on a plain map)."),
    "MAP_TILES_ATTRIBUTION": ("MAP_TILES_ATTRIBUTION", "Credit shown under the map tiles."),
    "SMTP_URL": (
        "SMTP_URL",
        "Mail server for 'ask the organiser' links, e.g. `smtp://user:password@host:587` "
        "(STARTTLS) or `smtps://...:465`; default none (links are copied by hand).",
    ),
    "MAIL_FROM": ("MAIL_FROM", "The sender address of e-mail the service sends."),
    "TIMEZONE": (
        "TIMEZONE",
        "The timezone times are shown in, and imported times without one are read in "
        "(`Europe/London`).",
    ),
}
# Host names a development server answers to (werkzeug cannot match an IPv6 literal such as
# [::1] against its trusted list, so that one is not offered).
DEVELOPMENT_HOSTS = ["127.0.0.1", "localhost"]

INT_KEYS = {
    "STALE_AFTER_DAYS",
    "SESSION_IDLE_MINUTES",
    "SESSION_MAX_HOURS",
    "PROXY_COUNT",
    "RETENTION_DAYS",
    "PUBLIC_CACHE_SECONDS",
    "FEED_KEEP_DAYS",
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
    # Created owner-only: never readable by others, not even before a chmod.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as file:
        file.write(key)
    return key


def owner_only_folder(path: Path) -> None:
    """Create the folder if missing and let only its owner in (0700), whatever the umask."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if path.stat().st_mode & 0o777 != 0o700 and path.stat().st_uid == os.getuid():
        path.chmod(0o700)


def normalise_database_url(url: str) -> str:
    """Point plain postgres URLs at psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def load_config(app: Flask, overrides: dict[str, Any] | None = None) -> None:
    """Fill app.config and refuse unsafe production settings."""
    instance = Path(app.instance_path)
    owner_only_folder(instance)
    app.config.from_mapping(
        ENV="development",
        DEBUG=False,
        DATABASE_URL=f"sqlite:///{instance / 'commonground.sqlite3'}",
        INDEX_DIR=str(instance / "index"),
        PUBLIC_CACHE_SECONDS=60,
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
        # Sign-in throttling (directory/ratelimit.py; the figures are in SECURITY.md).
        LOGIN_FREE_FAILURES_PER_ACCOUNT=5,
        LOGIN_FREE_FAILURES_PER_ADDRESS=20,
        LOGIN_FREE_FAILURES_PER_DEVICE=5,
        LOGIN_FIRST_DELAY_SECONDS=30,
        LOGIN_MAX_DELAY_MINUTES=15,
        LOGIN_FORGET_AFTER_HOURS=24,
        LOGIN_DEVICE_COOKIE_DAYS=180,
        PROXY_COUNT=0,
        PUBLIC_URL="",
        MAP_TILES="",
        MAP_TILES_ATTRIBUTION="",
        REAUTH_MINUTES=5,
        RETENTION_DAYS=730,
        FEED_KEEP_DAYS=14,
        TIMEZONE="Europe/London",
    )
    app.config.update(_from_env())
    if overrides:
        app.config.update(overrides)
    app.config["DATABASE_URL"] = normalise_database_url(app.config["DATABASE_URL"])
    production = app.config["ENV"] == "production"
    _addresses(app.config, production)
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


def _addresses(config: dict[str, Any], production: bool) -> None:
    """Turn TRUSTED_HOSTS into Flask's list; check PUBLIC_URL and MAP_TILES (ConfigError)."""
    hosts = config.get("TRUSTED_HOSTS")
    if isinstance(hosts, str):
        hosts = [h.strip() for h in hosts.split(",") if h.strip()]
    config["TRUSTED_HOSTS"] = list(hosts) if hosts else (None if production else DEVELOPMENT_HOSTS)
    url = str(config.get("PUBLIC_URL") or "").strip().rstrip("/")
    if url and not _is_base_url(url, "https" if production else "http"):
        raise ConfigError(
            "Refusing to start: COMMONGROUND_PUBLIC_URL must be an address such as "
            "https://directory.example.org (https in production; a host name; no query)."
        )
    config["PUBLIC_URL"] = url
    tiles = str(config.get("MAP_TILES") or "").strip()
    if tiles and not _tiles_ok(tiles):
        raise ConfigError(
            "Refusing to start: COMMONGROUND_MAP_TILES must be an https:// URL template or a "
            "path on this site, e.g. https://tiles.example.org/{z}/{x}/{y}.png."
        )
    config["MAP_TILES"] = tiles
    zone = str(config.get("TIMEZONE") or "").strip()
    try:
        ZoneInfo(zone)
    except (ValueError, ZoneInfoNotFoundError):
        raise ConfigError(
            "Refusing to start: COMMONGROUND_TIMEZONE must be a timezone name such as "
            "Europe/London."
        ) from None
    config["TIMEZONE"] = zone


def _tiles_ok(template: str) -> bool:
    """Tell whether a tile URL template is a path on this site or on an https host."""
    if template.startswith("/"):
        return not template.startswith("//")  # "//host/..." is another site
    return _is_base_url(template.replace("{s}", "a").split("{", 1)[0], "https")


def _is_base_url(url: str, least: str) -> bool:
    """Tell whether url is scheme://host[:port][/path] with https (or http when least allows)."""
    try:
        parts = urlsplit(url)
        port_ok = parts.port != 0
    except ValueError:  # a malformed host or port
        return False
    schemes = ("https",) if least == "https" else ("http", "https")
    return (
        parts.scheme in schemes
        and bool(parts.hostname)
        and port_ok
        and not parts.query
        and not parts.fragment
    )


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
    if not config.get("TRUSTED_HOSTS"):
        raise ConfigError(
            "Refusing to start: COMMONGROUND_TRUSTED_HOSTS is not set in production. List the "
            "host names people reach the service at, comma-separated (e.g. "
            "directory.example.org)."
        )
