"""Write and read the audit log (ASVS 16.3.2: every access to sensitive data is logged)."""

from __future__ import annotations

from collections.abc import Sequence

from flask import Flask
from sqlmodel import Session, col, select

from directory.db import write_session
from directory.models.audit import AuditEvent


def record(
    action: str,
    subject_type: str = "",
    subject_ref: str | int = "",
    actor_id: int | None = None,
    team_id: int | None = None,
    outcome: str = "ok",
    app: Flask | None = None,
) -> None:
    """Append one audit row in its own transaction, so it stands even if the request fails."""
    with write_session(app) as session:
        session.add(
            AuditEvent(
                action=action,
                subject_type=subject_type,
                subject_ref=str(subject_ref),
                actor_id=actor_id,
                team_id=team_id,
                outcome=outcome,
            )
        )


def events(
    session: Session,
    subject_type: str | None = None,
    subject_ref: str | None = None,
    limit: int = 500,
) -> Sequence[AuditEvent]:
    """The newest audit rows, optionally about one subject."""
    query = select(AuditEvent)
    if subject_type:
        query = query.where(AuditEvent.subject_type == subject_type)
    if subject_ref is not None:
        query = query.where(AuditEvent.subject_ref == str(subject_ref))
    return session.exec(query.order_by(col(AuditEvent.id).desc()).limit(limit)).all()
