"""A team's own notes on a shared resource: who told them, notes, a contact; shared or not."""

# No `from __future__ import annotations` here: SQLModel relationships need real annotations.

from datetime import datetime
from typing import Any

from sqlalchemy import Column, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import declared_attr
from sqlmodel import Field, Relationship, SQLModel

from core.times import utcnow
from directory.models.resource import Resource

# The text fields a team keeps, with their longest lengths.
NOTE_FIELDS: dict[str, int] = {"told_by": 200, "team_notes": 5000, "team_contact": 500}


class ResourceTeamNote(SQLModel, table=True):
    """One team's notes on one resource; other teams see them only when `shared`."""

    __tablename__ = "resource_team_note"
    __table_args__ = (
        UniqueConstraint("resource_id", "team_id", name="uq_resource_team_note_resource_team"),
    )

    id: int | None = Field(default=None, primary_key=True)
    resource_id: str = Field(
        default="",
        sa_column=Column(String(64), ForeignKey("resource.id", ondelete="CASCADE"), nullable=False),
    )
    # None: notes kept for every team, always shared (written by an account without a team, by
    # an import or script, or from before notes belonged to a team when none could be found).
    team_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("team.id", ondelete="CASCADE"), nullable=True),
    )
    told_by: str = Field(default="", max_length=200)
    team_notes: str = Field(default="", max_length=5000)
    team_contact: str = Field(default="", max_length=500)
    shared: bool = Field(default=False)
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("user.id", ondelete="SET NULL"), nullable=True),
    )
    version: int = Field(default=1)

    # One way only (a resource never loads its notes): it orders the INSERTs of a new resource.
    resource: Resource = Relationship()

    @declared_attr  # type: ignore[arg-type, misc]
    def __mapper_args__(cls) -> dict[str, Any]:  # noqa: N805
        # Optimistic locking: two members of one team saving at once cannot lose an edit.
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]

    @property
    def is_empty(self) -> bool:
        """Nothing written in any field."""
        return not any(getattr(self, name).strip() for name in NOTE_FIELDS)
