"""Follow-ups ("did they go?"), outcome scores over time, and each team's outcome settings."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import JSON, Column, Date, Float, ForeignKey, Integer, String
from sqlmodel import Field, SQLModel

from core.times import utcnow

DEFAULT_FOLLOWUP_DAYS = 14
DEFAULT_SCHEDULE_MONTHS = [3, 6, 12]


class FollowUpKind(StrEnum):
    """What set a follow-up going."""

    SHORTLIST = "shortlist"
    HANDOUT = "handout"
    INTRODUCTION = "introduction"  # a peer introduction: no resource, no connection log


class Answer(StrEnum):
    """What happened, as the practitioner heard it."""

    WENT_AGAIN = "went_again"  # went and will go again
    WENT_ONCE = "went_once"
    DID_NOT_GO = "did_not_go"
    NOT_YET = "not_yet"


def _person_fk() -> Column[int]:
    return Column(Integer, ForeignKey("person.id", ondelete="CASCADE"), nullable=False, index=True)


def _user_fk() -> Column[int]:
    return Column(Integer, ForeignKey("user.id", ondelete="SET NULL"), nullable=True)


class FollowUp(SQLModel, table=True):
    """A question due on a date: did they go to what was suggested, or meet the peer?"""

    __tablename__ = "follow_up"

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(sa_column=_person_fk())
    kind: str = Field(max_length=20)
    resource_id: str | None = Field(
        default=None,
        sa_column=Column(
            String(64), ForeignKey("resource.id", ondelete="CASCADE"), nullable=True, index=True
        ),
    )
    set_on: date = Field(sa_column=Column(Date, nullable=False))
    due_on: date = Field(sa_column=Column(Date, nullable=False, index=True))
    set_by_id: int | None = Field(default=None, sa_column=_user_fk())
    answer: str = Field(default="", max_length=20)  # "" while it is open
    reason: str = Field(default="", max_length=20)  # why they did not go (the log's reasons)
    reason_text: str = Field(default="", max_length=300)
    happened_on: date | None = Field(default=None, sa_column=Column(Date, nullable=True))
    answered_on: date | None = Field(default=None, sa_column=Column(Date, nullable=True))
    answered_by_id: int | None = Field(default=None, sa_column=_user_fk())
    created_at: datetime = Field(default_factory=utcnow)


class OutcomeScore(SQLModel, table=True):
    """One score of one measure (or one of its domains) for a person on a date."""

    __tablename__ = "outcome_score"

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(sa_column=_person_fk())
    measure: str = Field(max_length=20, index=True)
    part: str = Field(max_length=30)  # "total" or a domain code
    value: float = Field(sa_column=Column(Float, nullable=False))
    taken_on: date = Field(sa_column=Column(Date, nullable=False))
    recorded_by_id: int | None = Field(default=None, sa_column=_user_fk())
    recorded_at: datetime = Field(default_factory=utcnow)


class TeamOutcomeSettings(SQLModel, table=True):
    """A team's follow-up interval, measures in use, reminder schedule and its own measure."""

    __tablename__ = "team_outcome_settings"

    team_id: int = Field(
        sa_column=Column(Integer, ForeignKey("team.id", ondelete="CASCADE"), primary_key=True)
    )
    followup_days: int = Field(default=DEFAULT_FOLLOWUP_DAYS)
    measures: list[str] = Field(default_factory=list, sa_type=JSON)
    schedule_months: list[int] = Field(
        default_factory=lambda: list(DEFAULT_SCHEDULE_MONTHS), sa_type=JSON
    )
    own_name: str = Field(default="", max_length=60)
    own_low: float | None = Field(default=None)
    own_high: float | None = Field(default=None)
    updated_by_id: int | None = Field(default=None, sa_column=_user_fk())
    updated_at: datetime = Field(default_factory=utcnow)
