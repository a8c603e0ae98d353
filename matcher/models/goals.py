"""A person's goals in their own words, with small steps towards them."""

# No `from __future__ import annotations` here: SQLModel relationships need real annotations.

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import Column, ForeignKey, Integer, String
from sqlmodel import Field, Relationship, SQLModel

from core.times import utcnow

if TYPE_CHECKING:
    from matcher.models.person import Person


class StepStatus(StrEnum):
    """Where a small step has got to."""

    TODO = "todo"
    DOING = "doing"
    DONE = "done"


class GoalBase(SQLModel):
    """A goal in the person's own words."""

    title: str = Field(min_length=1, max_length=300)


class Goal(GoalBase, table=True):
    """A goal with small steps towards it."""

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("person.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    created_at: datetime = Field(default_factory=utcnow)

    person: "Person" = Relationship(back_populates="goals")
    steps: list["GoalStep"] = Relationship(
        back_populates="goal",
        sa_relationship_kwargs={
            "cascade": "all, delete-orphan",
            "lazy": "selectin",
            "order_by": "GoalStep.position",
        },
    )


class GoalCreate(GoalBase):
    """A goal as submitted, with its first steps."""

    steps: list[str] = Field(default_factory=list)


class GoalStepBase(SQLModel):
    """One small step towards a goal."""

    text: str = Field(min_length=1, max_length=300)
    status: StepStatus = StepStatus.TODO


class GoalStep(GoalStepBase, table=True):
    """A stored small step."""

    __tablename__ = "goal_step"

    id: int | None = Field(default=None, primary_key=True)
    goal_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("goal.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    position: int = 0
    status: StepStatus = Field(default=StepStatus.TODO, sa_type=String(10))
    updated_at: datetime = Field(default_factory=utcnow)

    goal: Goal = Relationship(back_populates="steps")


class GoalStepCreate(GoalStepBase):
    """A step as submitted."""
