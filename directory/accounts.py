"""Teams and users: creating them and checking passwords (argon2id)."""

from __future__ import annotations

import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, select

from directory.models import Role, Team, User

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters


def hash_password(password: str) -> str:
    """Hash a password with argon2id."""
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Tell whether the password matches the hash."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def slugify(name: str) -> str:
    """A URL-safe slug for a team name."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60] or "team"


def get_or_create_team(session: Session, name: str, **fields: str) -> Team:
    """The team with this name, created if missing (the caller commits)."""
    team = session.exec(select(Team).where(Team.name == name)).first()
    if team is None:
        team = Team(name=name, slug=slugify(name), **fields)
        session.add(team)
        session.flush()
    return team


def create_user(
    session: Session,
    email: str,
    display_name: str,
    password: str,
    role: Role = Role.MEMBER,
    team: Team | None = None,
) -> User:
    """Add a user with a hashed password (the caller commits)."""
    user = User(
        email=email.strip().lower(),
        display_name=display_name,
        role=role.value,
        team_id=team.id if team else None,
        password_hash=hash_password(password),
    )
    session.add(user)
    session.flush()
    return user
