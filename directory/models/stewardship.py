"""What keeps entries true beyond one edit: pending changes from word of mouth or the organiser,
and single-use links that ask an organiser to check their listing."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, Integer, String
from sqlmodel import Field, SQLModel

from core.times import utcnow


class PendingState(StrEnum):
    """Where a pending change stands."""

    PENDING = "pending"
    APPLIED = "applied"
    DISCARDED = "discarded"


class ChangeSource(StrEnum):
    """Who a pending change came from (shown to the team as is)."""

    WORD_OF_MOUTH = "word of mouth"
    ORGANISER = "the organiser said"


class ConfirmedHow(StrEnum):
    """How a team member checked an entry is still right."""

    PHONE = "phone"
    VISIT = "visit"
    POSTER = "poster"
    ORGANISER = "organiser"
    OTHER = "other"


def _resource_fk() -> Any:
    return Column(
        String(64), ForeignKey("resource.id", ondelete="CASCADE"), nullable=False, index=True
    )


def _user_fk() -> Any:
    return Column(Integer, ForeignKey("user.id", ondelete="SET NULL"), nullable=True)


class PendingChange(SQLModel, table=True):
    """Facts someone heard that differ from the record, held until a team member confirms them."""

    # Nothing here reaches the public page, the HSDS feed or a handout: those read the record.

    __tablename__ = "resource_pending_change"

    id: int | None = Field(default=None, primary_key=True)
    resource_id: str = Field(default="", sa_column=_resource_fk())
    source: str = Field(default=ChangeSource.WORD_OF_MOUTH.value, max_length=40)
    # [{"field": name, "before": value, "after": value}] in the shape of history.snapshot.
    changes: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSON)
    # What was typed but not used, in words ("Phone 0113 496 0000: kept the record's").
    left_out: list[str] = Field(default_factory=list, sa_type=JSON)
    note: str = Field(default="", max_length=1000)  # the organiser's own words, if any
    state: str = Field(default=PendingState.PENDING.value, max_length=12, index=True)
    created_at: datetime = Field(default_factory=utcnow)
    created_by_id: int | None = Field(default=None, sa_column=_user_fk())
    decided_at: datetime | None = None
    decided_by_id: int | None = Field(default=None, sa_column=_user_fk())


class OrganiserLink(SQLModel, table=True):
    """A single-use link an organiser opens to confirm or correct their listing (no account)."""

    # Only a SHA-256 hash of the token is kept, so the table cannot be used to open a link.

    __tablename__ = "organiser_link"

    id: int | None = Field(default=None, primary_key=True)
    resource_id: str = Field(default="", sa_column=_resource_fk())
    token_hash: str = Field(max_length=64, unique=True, index=True)
    created_at: datetime = Field(default_factory=utcnow)
    created_by_id: int | None = Field(default=None, sa_column=_user_fk())
    expires_at: datetime
    used_at: datetime | None = None
    outcome: str = Field(default="", max_length=20)  # confirmed | suggested
