"""The append-only audit log: who did what to which record, and when (never field values)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from core.times import utcnow


class AuditEvent(SQLModel, table=True):
    """One access to or change of sensitive data; database triggers refuse UPDATE and DELETE."""

    __tablename__ = "audit_event"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    actor_id: int | None = Field(default=None, index=True)  # user id; None for the system
    team_id: int | None = Field(default=None, index=True)
    action: str = Field(max_length=40, index=True)  # e.g. person.view, match.run, sign-in.ok
    subject_type: str = Field(default="", max_length=20)  # person | user | resource | audit
    subject_ref: str = Field(default="", max_length=64, index=True)  # an id, never a name
    outcome: str = Field(default="ok", max_length=20)
