"""Ask the organiser: single-use, expiring links that let an organiser confirm their listing or
suggest changes (held as pending changes), with no account. Only a hash of each token is kept."""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, select

from core.times import utcnow
from directory.models import ChangeSource, OrganiserLink, PendingChange, Resource
from directory.stewardship import freshness, pending
from directory.stewardship.history import snapshot
from directory.validation import email_problem, phone_problem, url_problem

LINK_DAYS = 14
TOKEN_BYTES = 32
_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,100}\Z")
# What an organiser may suggest, with the longest each may be (the record's own limits).
SUGGEST_FIELDS = {
    "description": 5000,
    "phone": 40,
    "email": 254,
    "url": 500,
    "join_details": 1000,
    "fees_description": 500,
}
NOTE_MAX = 1000
CHECKS = {"phone": phone_problem, "email": email_problem, "url": url_problem}


class LinkState(StrEnum):
    """What opening a link finds."""

    OPEN = "open"
    USED = "used"
    EXPIRED = "expired"
    UNKNOWN = "unknown"


class SuggestionError(ValueError):
    """A suggestion that cannot be kept, with what is wrong with each field; nothing changed."""

    def __init__(self, message: str, field: str, more: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.field = field
        self.problems = {field: message, **(more or {})}


def token_hash(token: str) -> str:
    """The SHA-256 of a token, as stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def make_link(
    session: Session, resource: Resource, user_id: int | None, now: datetime | None = None
) -> str:
    """A new link's token (shown once; only its hash is kept)."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    now = now or utcnow()
    session.add(
        OrganiserLink(
            resource_id=resource.id,
            token_hash=token_hash(token),
            created_by_id=user_id,
            created_at=now,
            expires_at=now + timedelta(days=LINK_DAYS),
        )
    )
    return token


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def find(session: Session, token: str) -> tuple[LinkState, OrganiserLink | None]:
    """The link a token opens, and whether it is still open."""
    if not _TOKEN.match(token):
        return LinkState.UNKNOWN, None
    query = select(OrganiserLink).where(OrganiserLink.token_hash == token_hash(token))
    link = session.exec(query).first()
    if link is None or session.get(Resource, link.resource_id) is None:
        return LinkState.UNKNOWN, None
    if link.used_at is not None:
        return LinkState.USED, link
    if _utc(link.expires_at) <= utcnow():
        return LinkState.EXPIRED, link
    return LinkState.OPEN, link


def _use(session: Session, link: OrganiserLink, outcome: str) -> bool:
    """Mark the link used, unless another request used it first (then False)."""
    table = OrganiserLink.__table__  # type: ignore[attr-defined]
    done = session.connection().execute(
        update(table)
        .where(table.c.id == link.id, table.c.used_at.is_(None))
        .values(used_at=utcnow(), outcome=outcome)
    )
    return bool(done.rowcount == 1)


def confirm(session: Session, link: OrganiserLink, resource: Resource) -> bool:
    """The organiser says the listing is right: confirmed 'with the organiser'."""
    if not _use(session, link, "confirmed"):
        return False
    freshness.confirm(session, resource, None, "organiser")
    return True


def suggested(form: Any, resource: Resource) -> tuple[dict[str, str], str]:
    """The fields the organiser changed, and their note; SuggestionError names a bad one."""
    changed: dict[str, str] = {}
    problems: dict[str, str] = {}
    for name, limit in SUGGEST_FIELDS.items():
        if name not in form:  # not sent: left as it is
            continue
        raw = str(form.get(name, ""))
        value = raw.strip() if name == "description" else " ".join(raw.split())
        if len(value) > limit:
            problems[name] = f"Keep this to {limit} characters or fewer"
        elif value != (getattr(resource, name) or ""):
            changed[name] = value
            # The same rules as the team's own forms: the public page links a number and an
            # address (tel:, mailto:) as they are given.
            if value and name in CHECKS and (problem := CHECKS[name](value)):
                problems[name] = problem
    note = str(form.get("note", "")).strip()
    if len(note) > NOTE_MAX:
        problems["note"] = f"Keep this to {NOTE_MAX} characters or fewer"
    if problems:
        first = next(iter(problems))
        raise SuggestionError(problems[first], first, problems)
    if not changed and not note:
        raise SuggestionError("Change a field or say what else has changed", "note")
    return changed, note


def suggest(
    session: Session, link: OrganiserLink, resource: Resource, form: Any
) -> PendingChange | None:
    """Hold what the organiser suggests as a pending change "the organiser said"."""
    changed, note = suggested(form, resource)
    after = {**snapshot(resource), **changed}
    try:
        held = pending.hold(session, resource, after, [], None, ChangeSource.ORGANISER, note)
    except pending.PendingError as exc:
        raise SuggestionError(str(exc), exc.field if exc.field in changed else "note") from None
    if not _use(session, link, "suggested"):
        return None
    return held
