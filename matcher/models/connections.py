"""The connection log (a person × resource through its stages) and ties: people met."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import JSON, Column, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from core.times import utcnow


class Stage(StrEnum):
    """Where a connection with a resource has got to."""

    SUGGESTED = "suggested"
    INTRODUCED = "introduced"
    TRIED = "tried"
    ATTENDING = "attending"
    STOPPED = "stopped"


STAGE_LABELS: dict[str, str] = {
    Stage.SUGGESTED: "Suggested",
    Stage.INTRODUCED: "Introduced",
    Stage.TRIED: "Tried it",
    Stage.ATTENDING: "Attending",
    Stage.STOPPED: "Stopped",
}


class StopReason(StrEnum):
    """Why a person stopped going, or never started (the barriers the pilot heard most)."""

    COST = "cost"
    TRANSPORT = "transport"
    CONFIDENCE = "confidence"
    NOT_WELCOME = "not_welcome"
    MOVED_ON = "moved_on"
    OTHER = "other"


STOP_LABELS: dict[str, str] = {
    StopReason.COST: "Cost",
    StopReason.TRANSPORT: "Transport",
    StopReason.CONFIDENCE: "Confidence",
    StopReason.NOT_WELCOME: "Didn't feel welcome",
    StopReason.MOVED_ON: "Moved on",
    StopReason.OTHER: "Other",
}


class TieKind(StrEnum):
    """Bonding: someone met within services; bridging: someone met in the wider community."""

    BONDING = "bonding"
    BRIDGING = "bridging"


TIE_LABELS: dict[str, str] = {
    TieKind.BONDING: "Within services (bonding)",
    TieKind.BRIDGING: "In the community (bridging)",
}


class Closeness(StrEnum):
    """How close a tie is: the rings of the network picture, innermost first."""

    CLOSE = "close"
    REGULAR = "regular"
    OCCASIONAL = "occasional"


CLOSENESS_LABELS: dict[str, str] = {
    Closeness.CLOSE: "Close",
    Closeness.REGULAR: "Regular",
    Closeness.OCCASIONAL: "Occasional",
}

# Kinds of help a tie could give, after the Resource Generator-UK's domains (Webber & Huxley
# 2007: domestic resources, expert advice, personal skills, problem solving), plus information.
HELP_KINDS: dict[str, str] = {
    "advice": "Advice",
    "practical": "Practical help",
    "information": "Information",
    "skills": "Skills to share",
    "problem_solving": "Help with problems",
}


class Connection(SQLModel, table=True):
    """One person's connection with one resource, at its latest stage."""

    __tablename__ = "connection"
    __table_args__ = (UniqueConstraint("person_id", "resource_id"),)

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("person.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    resource_id: str = Field(
        sa_column=Column(
            String(64), ForeignKey("resource.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    stage: str = Field(max_length=20, index=True)
    stage_on: date = Field(sa_column=Column(Date, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class ConnectionEvent(SQLModel, table=True):
    """One dated change of stage: who recorded it and, when stopping, why."""

    __tablename__ = "connection_event"

    id: int | None = Field(default=None, primary_key=True)
    connection_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("connection.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    stage: str = Field(max_length=20)
    previous: str = Field(default="", max_length=20)  # "" for the first stage recorded
    happened_on: date = Field(sa_column=Column(Date, nullable=False))
    reason: str = Field(default="", max_length=20)
    reason_text: str = Field(default="", max_length=300)
    recorded_by_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("user.id", ondelete="SET NULL"), nullable=True),
    )
    recorded_at: datetime = Field(default_factory=utcnow)


class Tie(SQLModel, table=True):
    """Someone a person has met, known by a label only (never a full name)."""

    __tablename__ = "tie"

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("person.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    label: str = Field(max_length=40)
    kind: str = Field(max_length=20)
    closeness: str = Field(max_length=20)
    help: list[str] = Field(default_factory=list, sa_type=JSON)
    started_on: date = Field(sa_column=Column(Date, nullable=False))
    ended_on: date | None = Field(default=None, sa_column=Column(Date, nullable=True))
    recorded_by_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("user.id", ondelete="SET NULL"), nullable=True),
    )
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
