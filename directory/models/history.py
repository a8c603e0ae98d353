"""The edit history of resources: who changed what, when, with values before and after."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON
from sqlmodel import Field, SQLModel

from core.times import utcnow


class ResourceHistory(SQLModel, table=True):
    """One recorded change to a resource (kept after the resource is merged away)."""

    __tablename__ = "resource_history"

    id: int | None = Field(default=None, primary_key=True)
    # No foreign key: history outlives a resource removed by a merge (and brings it back).
    resource_id: str = Field(max_length=64, index=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    user_id: int | None = Field(default=None, foreign_key="user.id")
    # create | edit | add-to | confirm | flag | revert | merge | merged-into | undo-merge
    action: str = Field(max_length=20)
    # [{"field": name, "before": value, "after": value}]; child rows as lists of dicts.
    changes: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSON)
    # merge only: the removed record as it was, to restore it exactly on undo.
    removed: dict[str, Any] | None = Field(default=None, sa_type=JSON)
    related_id: str = Field(default="", max_length=64)  # the other resource of a merge
    # Set on a change to one team's notes: only that team sees it (None: every team does).
    team_id: int | None = Field(default=None, foreign_key="team.id", ondelete="CASCADE")
    undone_at: datetime | None = None
