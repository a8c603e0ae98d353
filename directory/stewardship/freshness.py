"""Keeping entries fresh: confirm "still running", flag "might have changed", close, and the
review queue ordered by urgency and grouped by organisation."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import IntEnum

from sqlalchemy import case, func, or_
from sqlmodel import Session, col, select

from core.models import Team, User
from core.times import ago_text, utcnow
from directory.models import (
    FLAG_REASON_MAX,
    ConfirmedHow,
    Organisation,
    Resource,
    ReviewState,
    Status,
)
from directory.stewardship.history import diff, record, snapshot

DEFAULT_STALE_AFTER_DAYS = 183
QUEUE_LIMIT = 200
SOON_DAYS = 30  # an entry this close to needing a check is shown last, as "due soon"
NO_ORGANISATION = "No organisation recorded"


class Urgency(IntEnum):
    """Why an entry is in the queue, most urgent first."""

    FLAGGED = 0  # someone heard it might have changed, or a change heard waits for confirmation
    OVERDUE = 1  # never confirmed, or not confirmed within the team's period
    SOON = 2  # due for a check within SOON_DAYS


class ReviewError(ValueError):
    """A review action that cannot be done; nothing was changed."""


def clean_reason(text: str) -> str:
    """A flag reason as stored: one line, trimmed; ReviewError if empty or too long."""
    reason = " ".join(text.split())
    if not reason:
        raise ReviewError("Say what might have changed, for example “heard it moved to Tuesdays”")
    if len(reason) > FLAG_REASON_MAX:
        raise ReviewError(
            f"Keep what might have changed to {FLAG_REASON_MAX} characters or fewer "
            f"(this has {len(reason)})"
        )
    return reason


WORD_OF_MOUTH = "word of mouth"  # the source quick-add gives what a team member heard
HOW = {h.value for h in ConfirmedHow}


def needs_second_person(session: Session, resource: Resource, user_id: int | None) -> bool:
    """Whether this user may not confirm this entry alone."""
    # That is: they added it by word of mouth, it was never confirmed, and their team asks a
    # second person to confirm such entries.
    if user_id is None or resource.added_by_id != user_id:
        return False
    if resource.review_state != ReviewState.NEEDS_CHECKING.value:
        return False
    if resource.source != WORD_OF_MOUTH:
        return False
    return asks_second_person(session, user_id)


def asks_second_person(session: Session, user_id: int) -> bool:
    """Whether this user's team asks a second person to confirm what its members heard."""
    user = session.get(User, user_id)
    team = session.get(Team, user.team_id) if user is not None and user.team_id else None
    return team is not None and team.second_confirmer


def confirm(session: Session, resource: Resource, user_id: int | None, how: str = "") -> None:
    """Record that a team member checked the entry is still running, and how."""
    # The caller commits. ReviewError for an unknown way or an entry they may not confirm alone.
    if how and how not in HOW:
        raise ReviewError("Choose how you checked it from the list")
    if needs_second_person(session, resource, user_id):
        raise ReviewError(
            f"You added “{resource.name}” from word of mouth, and your team asks a second "
            "person to confirm it before it goes public. Ask a colleague to confirm it."
        )
    before = snapshot(resource)
    resource.review_state = ReviewState.CONFIRMED.value
    resource.flagged_changed = False
    resource.flag_reason = ""
    resource.last_confirmed_at = utcnow()
    resource.last_confirmed_by_id = user_id
    resource.last_confirmed_how = how
    session.add(resource)
    record(session, resource.id, "confirm", user_id, diff(before, snapshot(resource)))


def flag_changed(
    session: Session, resource: Resource, user_id: int | None, reason: str = ""
) -> None:
    """Mark the entry as possibly out of date, with what was heard, so it joins the queue."""
    before = snapshot(resource)
    resource.flagged_changed = True
    resource.flag_reason = reason[:FLAG_REASON_MAX]
    changes = diff(before, snapshot(resource))
    if changes:
        session.add(resource)
        record(session, resource.id, "flag", user_id, changes)


def close(session: Session, resource: Resource, user_id: int | None) -> None:
    """Mark the entry closed, so it leaves search, matching and the public pages."""
    # ReviewError if it already is. History keeps the earlier status, so reverting the entry
    # reopens it.
    if resource.status == Status.CLOSED.value:
        raise ReviewError(f"“{resource.name}” is already marked closed")
    before = snapshot(resource)
    resource.status = Status.CLOSED
    resource.flagged_changed = False
    resource.flag_reason = ""
    session.add(resource)
    record(session, resource.id, "close", user_id, diff(before, snapshot(resource)))


def seen_at() -> object:
    """When an entry was last confirmed, or added if never (SQL expression)."""
    return func.coalesce(col(Resource.last_confirmed_at), col(Resource.created_at))


def _cutoffs(stale_after_days: int, now: datetime | None) -> tuple[datetime, datetime]:
    """Seen before the first: overdue; before the second: due soon."""
    now = now or utcnow()
    stale = now - timedelta(days=stale_after_days)
    return stale, now - timedelta(days=max(stale_after_days - SOON_DAYS, 0))


def review_queue(
    session: Session,
    stale_after_days: int = DEFAULT_STALE_AFTER_DAYS,
    now: datetime | None = None,
    limit: int = QUEUE_LIMIT,
) -> list[Resource]:
    """Entries to check, most urgent first; closed entries are left out."""
    # Flagged first; then never confirmed or overdue, oldest confirmation first; then due within
    # SOON_DAYS.
    stale, soon = _cutoffs(stale_after_days, now)
    seen = seen_at()
    new = col(Resource.review_state) == ReviewState.NEEDS_CHECKING.value
    flagged = or_(col(Resource.flagged_changed).is_(True), col(Resource.has_pending).is_(True))
    urgency = case(
        (flagged, int(Urgency.FLAGGED)),
        (or_(new, seen < stale), int(Urgency.OVERDUE)),  # type: ignore[operator, arg-type]
        else_=int(Urgency.SOON),
    )
    query = (
        select(Resource)
        .where(col(Resource.status) != Status.CLOSED.value)
        .where(or_(new, flagged, seen < soon))  # type: ignore[operator, arg-type]
        .order_by(urgency, seen, col(Resource.id))  # type: ignore[arg-type]
        .limit(limit)
    )
    return list(session.exec(query).all())


def urgency(resource: Resource, stale_after_days: int, now: datetime | None = None) -> Urgency:
    """How urgent checking this queued entry is."""
    if resource.flagged_changed or resource.has_pending:
        return Urgency.FLAGGED
    if resource.review_state == ReviewState.NEEDS_CHECKING.value:
        return Urgency.OVERDUE
    return Urgency.OVERDUE if resource.is_stale(stale_after_days, now) else Urgency.SOON


def doubts(resource: Resource, stale_after_days: int, now: datetime | None = None) -> list[str]:
    """What is in doubt about a queued entry, in words, most telling first."""
    now = now or utcnow()
    out = []
    if resource.flagged_changed:
        reason = resource.flag_reason
        out.append(f"Heard: “{reason}”" if reason else "Flagged, with no reason given")
    if resource.has_pending:
        out.append("A change someone heard waits for confirmation")
    if resource.status == Status.TEMPORARILY_CLOSED.value:
        out.append("Marked temporarily closed")
    if resource.last_confirmed_at is None:
        out.append(f"Never confirmed (added {ago_text(resource.created_at, now)})")
    else:
        out.append(f"Last confirmed {ago_text(resource.last_confirmed_at, now)}")
        due = resource.last_confirmed_at + timedelta(days=stale_after_days)
        if not resource.flagged_changed and now < due:
            days = -((now - due) // timedelta(days=1))  # whole days, rounded up
            out.append(f"Due for a check in {days} {'day' if days == 1 else 'days'}")
    return out


@dataclass
class QueueGroup:
    """One organisation's entries in the queue, most urgent first."""

    name: str
    rows: list[Resource] = field(default_factory=list)


def grouped(session: Session, rows: Iterable[Resource]) -> list[QueueGroup]:
    """Queued entries grouped by organisation, each group placed by its most urgent entry."""
    rows = list(rows)
    org_ids = {r.organisation_id for r in rows if r.organisation_id}
    names: dict[str, str] = {}
    if org_ids:
        found = session.exec(
            select(Organisation.id, Organisation.name).where(col(Organisation.id).in_(org_ids))
        ).all()
        names = {oid: name for oid, name in found}
    groups: dict[str, QueueGroup] = {}
    for row in rows:  # already most urgent first, so each group keeps that order
        key = row.organisation_id or ""
        key = key if key in names else ""
        group = groups.setdefault(key, QueueGroup(names.get(key, NO_ORGANISATION)))
        group.rows.append(row)
    return list(groups.values())


def flagged(session: Session, ids: Iterable[str]) -> dict[str, str]:
    """Which of these resources are flagged as "might have changed", with their reasons."""
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        return {}
    query = select(Resource.id, Resource.flag_reason).where(
        col(Resource.id).in_(wanted), col(Resource.flagged_changed).is_(True)
    )
    return {rid: reason or "" for rid, reason in session.exec(query).all()}


def unchecked(session: Session, ids: Iterable[str]) -> set[str]:
    """Which of these resources no one in a team has confirmed yet."""
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        return set()
    query = select(Resource.id).where(
        col(Resource.id).in_(wanted), col(Resource.review_state) != ReviewState.CONFIRMED.value
    )
    return set(session.exec(query).all())


def bulk_confirm(
    session: Session, ids: Iterable[str], user_id: int | None, how: str = ""
) -> tuple[int, list[str]]:
    """Confirm several entries: how many were confirmed, and the names left for a second person."""
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        return 0, []
    rows = session.exec(select(Resource).where(col(Resource.id).in_(wanted))).all()
    left: list[str] = []
    for resource in rows:
        if needs_second_person(session, resource, user_id):
            left.append(resource.name)
        else:
            confirm(session, resource, user_id, how)
    return len(rows) - len(left), left
