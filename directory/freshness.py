"""Keeping entries fresh: confirm "still running", flag "might have changed", the review queue."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from directory.history import diff, record, snapshot
from directory.models import Resource, ReviewState, Status, utcnow

DEFAULT_STALE_AFTER_DAYS = 183
QUEUE_LIMIT = 200


def confirm(session: Session, resource: Resource, user_id: int | None) -> None:
    """Record that a team member checked the entry is still running (the caller commits)."""
    before = snapshot(resource)
    resource.review_state = ReviewState.CONFIRMED.value
    resource.flagged_changed = False
    resource.last_confirmed_at = utcnow()
    resource.last_confirmed_by_id = user_id
    session.add(resource)
    record(session, resource.id, "confirm", user_id, diff(before, snapshot(resource)))


def flag_changed(session: Session, resource: Resource, user_id: int | None) -> None:
    """Mark the entry as possibly out of date, so it joins the review queue."""
    before = snapshot(resource)
    resource.flagged_changed = True
    session.add(resource)
    record(session, resource.id, "flag", user_id, diff(before, snapshot(resource)))


def seen_at() -> object:
    """When an entry was last confirmed, or added if never (SQL expression)."""
    return func.coalesce(col(Resource.last_confirmed_at), col(Resource.created_at))


def review_queue(
    session: Session,
    stale_after_days: int = DEFAULT_STALE_AFTER_DAYS,
    now: datetime | None = None,
    limit: int = QUEUE_LIMIT,
) -> list[Resource]:
    """Entries to check, oldest first: needs-checking, flagged, or unconfirmed for too long."""
    cutoff = (now or utcnow()) - timedelta(days=stale_after_days)
    seen = seen_at()
    query = (
        select(Resource)
        .where(col(Resource.status) != Status.CLOSED.value)
        .where(
            or_(
                col(Resource.review_state) == ReviewState.NEEDS_CHECKING.value,
                col(Resource.flagged_changed).is_(True),
                seen < cutoff,  # type: ignore[operator, arg-type]
            )
        )
        .order_by(seen, col(Resource.id))  # type: ignore[arg-type]
        .limit(limit)
    )
    return list(session.exec(query).all())


def bulk_confirm(session: Session, ids: Iterable[str], user_id: int | None) -> int:
    """Confirm several entries at once; returns how many were found and confirmed."""
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        return 0
    rows = session.exec(select(Resource).where(col(Resource.id).in_(wanted))).all()
    for resource in rows:
        confirm(session, resource, user_id)
    return len(rows)


def reason(resource: Resource, stale_after_days: int, now: datetime | None = None) -> str:
    """Why an entry is in the review queue, in words."""
    if resource.review_state == ReviewState.NEEDS_CHECKING.value:
        return "New: needs checking"
    if resource.flagged_changed:
        return "Flagged: might have changed"
    if resource.is_stale(stale_after_days, now):
        return f"Not confirmed for over {stale_after_days} days"
    return ""
