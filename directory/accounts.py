"""Teams and users: creating them and checking passwords (argon2id)."""

from __future__ import annotations

import re
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, select

from directory.models import Role, Team, User

# argon2id with OWASP's recommended minimum (19 MiB, 2 passes): about 0.1 s on a small server,
# so sign-ins cannot easily be used to exhaust its CPU. Older hashes are upgraded at sign-in.
_hasher = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)
MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 1024  # long passphrases are welcome; this only bounds hashing work
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class AccountError(ValueError):
    """A user could not be created or changed; the message says why, for the person."""


@cache
def common_passwords() -> frozenset[str]:
    """The 30,000 most common passwords (the list the zxcvbn package ships), lower-cased."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(word.lower() for word in FREQUENCY_LISTS["passwords"])


def password_problem(password: str, email: str = "") -> str | None:
    """Why the password may not be used, or None if it is fine."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Use at least {MIN_PASSWORD_LENGTH} characters."
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"Use at most {MAX_PASSWORD_LENGTH} characters."
    lowered = password.lower()
    if lowered in common_passwords():
        return "That password is too common. Choose a longer or less predictable one."
    local = email.strip().lower().split("@")[0]
    if lowered in {email.strip().lower(), local}:
        return "Do not use your email address as your password."
    return None


def normalise_email(email: str) -> str:
    """The email address as stored, or AccountError if it is not one."""
    value = email.strip().lower()
    if not _EMAIL.match(value) or len(value) > 254:
        raise AccountError("Enter an email address like name@example.org.")
    return value


def hash_password(password: str) -> str:
    """Hash a password with argon2id."""
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Tell whether the password matches the hash."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Tell whether a hash was made with other parameters than the current ones."""
    try:
        return _hasher.check_needs_rehash(password_hash)
    except InvalidHashError:
        return False


def slugify(name: str) -> str:
    """A URL-safe slug for a team name."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60] or "team"


def get_or_create_team(session: Session, name: str, **fields: str) -> Team:
    """The team with this name, created if missing (the caller commits)."""
    team = session.exec(select(Team).where(Team.name == name)).first()
    if team is None:
        team = Team(name=name, slug=slugify(name), **fields)  # type: ignore[arg-type]
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
    """Add a user with a hashed password (the caller commits); an empty password cannot sign in."""
    user = User(
        email=email.strip().lower(),
        display_name=display_name,
        role=role,
        team_id=team.id if team else None,
        password_hash=hash_password(password) if password else "",
    )
    session.add(user)
    session.flush()
    return user


def find_user(session: Session, email: str) -> User | None:
    """The user with this email address (any case), if there is one."""
    return session.exec(select(User).where(User.email == email.strip().lower())).first()


def add_user(
    session: Session,
    email: str,
    display_name: str,
    password: str,
    role: Role | str,
    team_name: str = "",
) -> User:
    """Validate and add a user (the caller commits); raise AccountError with a clear reason."""
    address = normalise_email(email)
    name = display_name.strip()
    if not name or len(name) > 120:
        raise AccountError("Enter a name of 1 to 120 characters.")
    try:
        role = Role(role)
    except ValueError:
        choices = ", ".join(r.value for r in Role)
        raise AccountError(f"Choose a role: {choices}.") from None
    if password:
        problem = password_problem(password, address)
        if problem:
            raise AccountError(problem)
    if find_user(session, address) is not None:
        raise AccountError("There is already a user with that email address.")
    team = get_or_create_team(session, team_name.strip()) if team_name.strip() else None
    if role is not Role.ADMIN and team is None:
        raise AccountError("Members and practitioners belong to a team: enter a team name.")
    return create_user(session, address, name, password, role, team)


def set_password(user: User, password: str) -> None:
    """Set a new password (validated) and end the user's other sessions; the caller commits."""
    problem = password_problem(password, user.email)
    if problem:
        raise AccountError(problem)
    user.password_hash = hash_password(password)
    user.session_epoch += 1


def set_active(user: User, active: bool) -> None:
    """Enable or disable a user; disabling ends every session they have (the caller commits)."""
    user.is_active = active
    user.session_epoch += 1
