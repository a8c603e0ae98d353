"""Consent to be suggested as a peer, people a person would rather not meet, and introductions.

Consent is kept as history: recording or withdrawing never deletes a row. The current consent
of a person is their one row with no `withdrawn_at` (a partial unique index keeps it to one).
"""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Column, ForeignKey, Index, Integer, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from core.times import utcnow


class ConsentScope(StrEnum):
    """Who a person may be suggested to."""

    TEAM = "team"  # people supported by the same team
    DEPLOYMENT = "deployment"  # people supported by any team in the deployment


class EndReason(StrEnum):
    """Why a consent row stopped being current."""

    WITHDRAWN = "withdrawn"
    CHANGED = "changed"  # replaced by a newer consent with other choices


def _person_fk() -> Column[int]:
    return Column(Integer, ForeignKey("person.id", ondelete="CASCADE"), nullable=False, index=True)


class PeerConsentBase(SQLModel):
    """What a person agreed to: scope, what may be shown, and whether they look for peers."""

    scope: str = Field(default=ConsentScope.TEAM.value, max_length=12)
    show_label: bool = True  # label or first name; otherwise "someone"
    show_interests: bool = True  # the interests they share with the other person
    show_area: bool = True  # the general area (postcode district or place), never an address
    seeking: bool = False  # they would like peer suggestions themselves


class PeerConsent(PeerConsentBase, table=True):
    """One recorded consent; ended by withdrawal or by a newer consent (never deleted)."""

    __tablename__ = "peer_consent"
    __table_args__ = (
        Index(
            "uq_peer_consent_current",
            "person_id",
            unique=True,
            sqlite_where=text("withdrawn_at IS NULL"),
            postgresql_where=text("withdrawn_at IS NULL"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(sa_column=_person_fk())
    recorded_by_id: int | None = Field(default=None)  # user id; kept if the account goes
    recorded_at: datetime = Field(default_factory=utcnow)
    withdrawn_at: datetime | None = Field(default=None)
    withdrawn_by_id: int | None = Field(default=None)
    end_reason: str = Field(default="", max_length=12)


class PeerAvoid(SQLModel, table=True):
    """A person who should never be suggested to, or with, this person (applies both ways)."""

    __tablename__ = "peer_avoid"
    __table_args__ = (UniqueConstraint("person_id", "other_id"),)

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(sa_column=_person_fk())
    other_id: int = Field(sa_column=_person_fk())
    recorded_by_id: int | None = Field(default=None)
    recorded_at: datetime = Field(default_factory=utcnow)


class PeerIntroduction(SQLModel, table=True):
    """A practitioner asked to introduce two people; the peer's team sees it as a note."""

    __tablename__ = "peer_introduction"

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(sa_column=_person_fk())  # the person looking for peers
    peer_id: int = Field(sa_column=_person_fk())
    from_team_id: int = Field(foreign_key="team.id", index=True)
    to_team_id: int = Field(foreign_key="team.id", index=True)
    recorded_by_id: int | None = Field(default=None)
    created_at: datetime = Field(default_factory=utcnow)
    seen_at: datetime | None = Field(default=None)


class PeerState(SQLModel, table=True):
    """One row counting every change to people, consent and avoid lists (for peer caches)."""

    __tablename__ = "peer_state"

    id: int = Field(default=1, primary_key=True)
    version: int = Field(default=0)
