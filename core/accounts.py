"""Teams and users: creating them and checking passwords (argon2id, strength by zxcvbn)."""

from __future__ import annotations

import re
import threading

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func
from sqlmodel import Session, col, select

from core.models import Role, Team, User

# argon2id with OWASP's recommended minimum (19 MiB, 2 passes): about 0.1 s on a small server,
# so sign-ins cannot easily be used to exhaust its CPU. Older hashes are upgraded at sign-in.
_hasher = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)
MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 1024  # long passphrases are welcome; this only bounds hashing work
# zxcvbn's time grows steeply with length and with the number of different "l33t" symbols
# (measured on 2 cores: a crafted 100-character password 3.5-5.4 s, a random one from a password
# manager up to 3 s; at 32 characters at most 0.55 s and 8 ms), so only the first 32 characters
# are estimated: a password whose start is strong only gets stronger with what follows.
ESTIMATED_CHARACTERS = 32
MIN_SCORE = 3  # zxcvbn's 0-4 scale: 3 is "safely unguessable", about 10^8 guesses or more
SERVICE_NAMES = ("Common Ground", "commonground")
MAX_TEAM_NAME = 120
# zxcvbn keeps each call's user inputs in a module-level table, so calls must not overlap.
_estimator = threading.Lock()
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_WORD = re.compile(r"[^\W_]{3,}")


class AccountError(ValueError):
    """A user or team could not be created or changed; the message says why, for the person."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field  # the form field the message is about ("" for the whole form)


def _context_words(*texts: str) -> list[str]:
    """Each text, the text without spaces and punctuation, and its words (for zxcvbn)."""
    words: list[str] = []
    for text in texts:
        found = _WORD.findall(text.lower())
        words += [text.strip().lower(), "".join(found), *found]
    # Kept in order: zxcvbn ranks earlier inputs as likelier guesses.
    return list(dict.fromkeys(w for w in words if w))


def password_problem(password: str, email: str = "", name: str = "", team: str = "") -> str | None:
    """Why the password may not be used (too short, too long or easy to guess), or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Use at least {MIN_PASSWORD_LENGTH} characters."
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"Use at most {MAX_PASSWORD_LENGTH} characters."
    address = email.strip().lower()
    if address and password.strip().lower() in {address, address.split("@")[0]}:
        return "Do not use your email address as your password."
    inputs = _context_words(address, address.split("@")[0], name, *SERVICE_NAMES, team)
    from zxcvbn import zxcvbn  # its word lists load when a password is first checked

    with _estimator:
        result = zxcvbn(
            password[:ESTIMATED_CHARACTERS], user_inputs=inputs, max_length=ESTIMATED_CHARACTERS
        )
    if result["score"] >= MIN_SCORE:
        return None
    feedback = result["feedback"]
    advice = " ".join(m for m in [feedback["warning"], *feedback["suggestions"]] if m)
    return f"That password is too easy to guess. {advice or 'Add another word or two.'}"


def password_problem_for(session: Session, user: User, password: str) -> str | None:
    """Why this user may not use the password, judged against their email, name and team."""
    team = session.get(Team, user.team_id) if user.team_id is not None else None
    return password_problem(password, user.email, user.display_name, team.name if team else "")


def normalise_email(email: str) -> str:
    """The email address as stored, or AccountError if it is not one."""
    value = email.strip().lower()
    if not _EMAIL.match(value) or len(value) > 254:
        raise AccountError("Enter an email address like name@example.org.", "email")
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


def _free_slug(session: Session, name: str) -> str:
    """A slug for the name that no team has yet ("north", then "north-2", ...)."""
    base = slugify(name)[:54]
    taken = set(session.exec(select(Team.slug).where(col(Team.slug).startswith(base))).all())
    number = 1
    while (slug := base if number == 1 else f"{base}-{number}") in taken:
        number += 1
    return slug


def get_or_create_team(session: Session, name: str, **fields: str) -> Team:
    """The team with this name, created if missing (seeds and tests; the caller commits)."""
    team = session.exec(select(Team).where(Team.name == name)).first()
    if team is None:
        team = Team(name=name, slug=_free_slug(session, name), **fields)  # type: ignore[arg-type]
        session.add(team)
        session.flush()
    return team


def team_named(session: Session, name: str) -> Team | None:
    """The team with this name, in any case and spacing, if there is one."""
    wanted = " ".join(name.split()).lower()
    return session.exec(select(Team).where(func.lower(Team.name) == wanted)).first()


def team_by_id(session: Session, value: str) -> Team | None:
    """The team whose number is given as text (from a form), if there is one."""
    if not (value.isascii() and value.isdigit() and len(value) < 10):
        return None
    return session.get(Team, int(value))


def create_team(session: Session, name: str) -> Team:
    """Add a team (the caller commits); AccountError if the name is empty, too long or taken."""
    clean = " ".join(name.split())
    if not clean or len(clean) > MAX_TEAM_NAME:
        raise AccountError(f"Enter a team name of 1 to {MAX_TEAM_NAME} characters.", "name")
    if (taken := team_named(session, clean)) is not None:
        raise AccountError(f"There is already a team called {taken.name}.", "name")
    team = Team(name=clean, slug=_free_slug(session, clean))
    session.add(team)
    session.flush()
    return team


def _check_team(role: Role, team: Team | None) -> None:
    """Refuse an owner with a team and anyone else without one (the database refuses it too)."""
    if role is Role.OWNER and team is not None:
        raise AccountError("A deployment owner belongs to no team.", "team")
    if role is not Role.OWNER and team is None:
        raise AccountError("Choose the team this user belongs to.", "team")


def create_user(
    session: Session,
    email: str,
    display_name: str,
    password: str,
    role: Role = Role.MEMBER,
    team: Team | None = None,
) -> User:
    """Add a user with a hashed password (the caller commits); an empty password cannot sign in."""
    # Members and practitioners may be made without a team here (tests use that); they see no
    # team's people. An admin without a team would manage no one, an owner with one is a mistake.
    if role in (Role.ADMIN, Role.OWNER):
        _check_team(role, team)
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


def parse_role(value: str) -> Role:
    """The role named, or AccountError listing the choices."""
    try:
        return Role(value)
    except ValueError:
        choices = ", ".join(r.value for r in Role)
        raise AccountError(f"Choose a role: {choices}.", "role") from None


def add_user(
    session: Session,
    email: str,
    display_name: str,
    password: str,
    role: Role | str,
    team: Team | None,
) -> User:
    """Validate and add a user to an existing team (the caller commits), or raise AccountError."""
    address = normalise_email(email)
    name = display_name.strip()
    if not name or len(name) > 120:
        raise AccountError("Enter a name of 1 to 120 characters.", "name")
    role = parse_role(role)
    _check_team(role, team)
    if password:
        problem = password_problem(password, address, name, team.name if team else "")
        if problem:
            raise AccountError(problem, "password")
    if find_user(session, address) is not None:
        raise AccountError("There is already a user with that email address.", "email")
    return create_user(session, address, name, password, role, team)


def set_password(session: Session, user: User, password: str, confirm: str) -> None:
    """Check and set a new password typed twice; end the user's other sessions (caller commits)."""
    problem = password_problem_for(session, user, password)
    if problem:
        raise AccountError(problem, "password")
    if password != confirm:
        raise AccountError(
            "The two passwords are different. Type the same password twice.", "confirm"
        )
    user.password_hash = hash_password(password)
    user.session_epoch += 1


def set_active(user: User, active: bool) -> None:
    """Enable or disable a user; disabling ends every session they have (the caller commits)."""
    user.is_active = active
    user.session_epoch += 1
