"""Resources a practitioner has put on a person's shortlist."""

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Integer, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from core.times import utcnow


class ShortlistItem(SQLModel, table=True):
    """A resource a practitioner has put on a person's shortlist."""

    __tablename__ = "shortlist_item"
    __table_args__ = (UniqueConstraint("person_id", "resource_id"),)

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("person.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    resource_id: str = Field(
        sa_column=Column(String(64), ForeignKey("resource.id", ondelete="CASCADE"), nullable=False)
    )
    added_by_id: int | None = Field(default=None, foreign_key="user.id")
    added_at: datetime = Field(default_factory=utcnow)
