"""Moments in the deployment's timezone: now in UTC, and stored times in words."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

LONDON = ZoneInfo("Europe/London")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def utcnow() -> datetime:
    """The current time, timezone-aware, in UTC (how every timestamp is stored)."""
    return datetime.now(UTC)


def local_zone() -> ZoneInfo:
    """The deployment's timezone (COMMONGROUND_TIMEZONE; Europe/London outside an app)."""
    if has_app_context():
        return ZoneInfo(current_app.config.get("TIMEZONE") or "Europe/London")
    return LONDON


def local_time(moment: datetime) -> datetime:
    """A stored time (UTC, with or without its zone) in the deployment's timezone."""
    return as_utc(moment).astimezone(local_zone())


def moment_text(moment: datetime | None) -> str:
    """A stored time in words in the deployment's timezone: '4 December 2026, 16:30 GMT'."""
    if moment is None:
        return ""
    local = local_time(moment)
    return f"{local.day} {local:%B %Y, %H:%M} {local.tzname() or ''}".rstrip()


def iso_moment_text(text: str | None) -> str:
    """A stored ISO time (as in a subject-access export) in words in the deployment's zone."""
    try:
        return moment_text(datetime.fromisoformat(text)) if text else ""
    except ValueError:
        return str(text)


def date_text(moment: datetime | None) -> str:
    """A date as '3 March 2025', in the deployment's timezone."""
    if moment is None:
        return ""
    local = local_time(moment)
    return f"{local.day} {local:%B %Y}"


def as_utc(moment: datetime) -> datetime:
    """A stored time as UTC (SQLite hands them back without a zone)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _count(n: int, unit: str) -> str:
    return f"{n} {unit}{'' if n == 1 else 's'}"


def ago_text(moment: datetime, now: datetime | None = None) -> str:
    """How long ago, as people say it: 'today', 'yesterday', '5 weeks ago', '14 months ago'."""
    days = max((as_utc(now or utcnow()) - as_utc(moment)).days, 0)
    if days < 1:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 14:
        return f"{_count(days, 'day')} ago"
    if days < 61:
        return f"{_count(days // 7, 'week')} ago"
    if days < 730:
        return f"{_count(days * 12 // 365, 'month')} ago"
    return f"{_count(days // 365, 'year')} ago"


def micros(moment: object, missing: int = 0) -> int:
    """A stored time as whole microseconds since the epoch (naive is UTC); `missing` if none."""
    if not isinstance(moment, datetime):
        return missing
    return (as_utc(moment) - EPOCH) // timedelta(microseconds=1)
