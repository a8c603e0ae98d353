"""Teams and the users who sign in for them."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import String
from sqlmodel import Field, SQLModel

from core.times import utcnow


class Role(StrEnum):
    """What a signed-in user may do."""

    MEMBER = "member"
    PRACTITIONER = "practitioner"
    ADMIN = "admin"  # manages their own team's users
    OWNER = "owner"  # the deployment owner: no team; creates teams, manages every team's users


class TeamBase(SQLModel):
    """Fields a team is created with."""

    name: str = Field(min_length=1, max_length=120)
    contact_phone: str = Field(default="", max_length=40)
    contact_email: str = Field(default="", max_length=200)


class Team(TeamBase, table=True):
    """A team in the deployment; people belong to one team, resources are shared."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120, unique=True)
    slug: str = Field(max_length=60, unique=True, index=True)
    # A new word-of-mouth entry needs a second member's confirmation before it goes public.
    second_confirmer: bool = Field(default=True)
    created_at: datetime = Field(default_factory=utcnow)


class UserBase(SQLModel):
    """Fields a user is created with."""

    email: str = Field(min_length=3, max_length=254)
    display_name: str = Field(min_length=1, max_length=120)
    role: Role = Field(default=Role.MEMBER, sa_type=String(20))


class User(UserBase, table=True):
    """Someone who signs in; roles come from the team workspace."""

    # The database refuses an admin without a team and an owner with one (migration 0007).

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, unique=True, index=True)
    team_id: int | None = Field(default=None, foreign_key="team.id", index=True)
    password_hash: str = Field(default="", max_length=255)
    is_active: bool = Field(default=True)
    # Bumped to end every session of this user on the server (logout, disable).
    session_epoch: int = Field(default=0)
    created_at: datetime = Field(default_factory=utcnow)
    last_login_at: datetime | None = None


class UserPublic(UserBase):
    """A user as shown to other team members."""

    id: int
    team_id: int | None


class LoginAttempt(SQLModel, table=True):
    """One sign-in attempt counted by the rate limiter (keys are keyed hashes, never emails)."""

    __tablename__ = "login_attempt"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=80, index=True)
    at: datetime = Field(default_factory=utcnow, index=True)
