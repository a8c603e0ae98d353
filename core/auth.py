"""Who is signed in, how long a session lasts, and who may use each route (deny by default)."""

from __future__ import annotations

import functools
import os
import secrets
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, TypeVar
from urllib.parse import urlsplit

import click
from flask import Flask, abort, current_app, flash, redirect, request, session, url_for
from flask.cli import with_appcontext
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from sqlalchemy import bindparam, select
from werkzeug.wrappers import Response

from core import accounts, audit, db
from core.models import Role, Team, User
from core.times import utcnow

Level = Literal["public", "member", "practitioner", "admin", "owner"]
LEVELS: dict[str, int] = {"public": 0, "member": 1, "practitioner": 2, "admin": 3, "owner": 4}
ROLE_RANK: dict[str, int] = {Role.MEMBER: 1, Role.PRACTITIONER: 2, Role.ADMIN: 3, Role.OWNER: 4}
# Levels a role may not use whatever its rank: "practitioner" routes are a team's people, and
# an owner has no team.
NOT_FOR_ROLE: dict[str, frozenset[str]] = {Role.OWNER: frozenset({"practitioner"})}
ACCESS_ATTR = "access_level"
PUBLIC_ENDPOINTS = {"static"}
# Keys this module keeps in the signed session cookie; SID makes every sign-in's cookie new.
EPOCH, STARTED, SEEN, SID = "cg_epoch", "cg_started", "cg_seen", "cg_sid"
# When this session last re-entered the password (ASVS 7.5.3: before exports and erasure).
PASSWORD_CHECKED = "cg_password_checked"  # noqa: S105 (a session key, not a secret)

login_manager = LoginManager()
F = TypeVar("F", bound=Callable[..., Any])


@dataclass
class SignedIn(UserMixin):
    """The signed-in user as views and templates see it (never the password hash)."""

    id: int
    display_name: str
    role: str
    team_id: int | None
    active: bool = True

    @property
    def is_active(self) -> bool:  # type: ignore[override]
        """Whether the account is enabled."""
        return self.active

    @property
    def is_admin(self) -> bool:
        """Whether the user manages users (an admin their team's, an owner everyone's)."""
        return self.role in (Role.ADMIN, Role.OWNER)

    @property
    def is_owner(self) -> bool:
        """Whether the user is a deployment owner (no team; creates teams)."""
        return self.role == Role.OWNER

    @property
    def works_with_people(self) -> bool:
        """Whether the user may see and match the team's people (practitioners and admins)."""
        return self.role in (Role.PRACTITIONER, Role.ADMIN)

    @classmethod
    def of(cls, user: User) -> SignedIn:
        """Wrap a user record."""
        return cls(
            int(user.id or 0), user.display_name, str(user.role), user.team_id, user.is_active
        )


def access(level: Level) -> Callable[[F], F]:
    """Declare who may use a view: "public", "member", "practitioner", "admin" or "owner"."""
    if level not in LEVELS:
        raise ValueError(f"unknown access level {level!r}")

    def mark(view: F) -> F:
        setattr(view, ACCESS_ATTR, level)
        return view

    return mark


def access_level(app: Flask, endpoint: str) -> str | None:
    """The declared access level of an endpoint, or None when it declares none."""
    if endpoint in PUBLIC_ENDPOINTS:
        return "public"
    view = app.view_functions.get(endpoint)
    return getattr(view, ACCESS_ATTR, None)


def role_allows(role: str | None, level: str) -> bool:
    """Tell whether a role (None: anonymous) may use a route of this level."""
    need = LEVELS[level]
    if need == 0:
        return True
    if role is None or level in NOT_FOR_ROLE.get(role, frozenset()):
        return False
    return ROLE_RANK.get(role, 0) >= need


def safe_next(target: str | None, default: str | None = None) -> str:
    """A same-site path to go to after sign-in; anything else becomes the start page."""
    fallback = default or url_for("team.home")
    if not target or len(target) > 2000:
        return fallback
    if any(ch.isspace() or ord(ch) < 32 or ch == "\\" for ch in target):
        return fallback
    if not target.startswith("/") or target.startswith("//"):
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return fallback
    return target


# Read on every signed-in request, straight from the driver: the columns alone, as stored.
_USER = db.DriverStatement(
    select(
        User.__table__.c.id,  # type: ignore[attr-defined]
        User.__table__.c.display_name,  # type: ignore[attr-defined]
        User.__table__.c.role,  # type: ignore[attr-defined]
        User.__table__.c.team_id,  # type: ignore[attr-defined]
        User.__table__.c.is_active,  # type: ignore[attr-defined]
        User.__table__.c.session_epoch,  # type: ignore[attr-defined]
    ).where(User.__table__.c.id == bindparam("id"))  # type: ignore[attr-defined]
)


@login_manager.user_loader
def load_user(user_id: str) -> SignedIn | None:
    """The signed-in user, if the account is enabled and this session was not ended."""
    try:
        number = int(user_id)
    except ValueError:
        return None
    if not -(2**31) <= number < 2**31:
        return None
    user = _USER.first(db.get_session().connection(), {"id": number})
    if user is None:
        return None
    uid, display_name, role, team_id, is_active, epoch = user
    if not is_active or session.get(EPOCH) != epoch:
        return None
    return SignedIn(uid, display_name, str(role), team_id, True)


def start_session(user: User) -> None:
    """Sign the user in with a brand-new session (nothing from before sign-in survives)."""
    session.clear()
    login_user(SignedIn.of(user))
    now = int(time.time())
    session[EPOCH] = user.session_epoch
    session[STARTED] = now
    session[SEEN] = now
    session[SID] = secrets.token_urlsafe(16)
    session.permanent = True


def confirm_password_now() -> None:
    """Note that the user has just re-entered their password in this session."""
    session[PASSWORD_CHECKED] = int(time.time())


def password_recently_confirmed() -> bool:
    """Whether the password was re-entered in this session within the re-authentication window."""
    checked = int(session.get(PASSWORD_CHECKED, 0))
    window = int(current_app.config.get("REAUTH_MINUTES", 5)) * 60
    return checked > 0 and int(time.time()) - checked <= window


def require_recent_password(view: F) -> F:
    """Send the user to re-enter their password unless they did so within the last few minutes."""

    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not password_recently_confirmed():
            return redirect(url_for("auth.confirm_password", next=request.path))
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


def end_session() -> None:
    """Forget this session's sign-in (the caller bumps the user's epoch to end it everywhere)."""
    logout_user()
    session.clear()


def _check_session_age() -> None:
    """End a session that has been idle too long or lived past its absolute lifetime."""
    if "_user_id" not in session:
        return
    config = current_app.config
    now = int(time.time())
    started = int(session.get(STARTED, 0))
    seen = int(session.get(SEEN, 0))
    if now - seen > int(config["SESSION_IDLE_MINUTES"]) * 60:
        reason = "You were signed out after a while without activity. Please sign in again."
    elif now - started > int(config["SESSION_MAX_HOURS"]) * 3600:
        reason = "Your session reached its time limit. Please sign in again."
    else:
        if now - seen >= 30:  # rewrite the cookie at most every 30 seconds
            session[SEEN] = now
        return
    end_session()
    flash(reason, "info")


def _unauthenticated() -> Response:
    """Send people to the sign-in page and API clients a 401."""
    if request.path.startswith("/api/"):
        abort(401, "Sign in first.")
    if "_user_id" in session:  # an ended session: drop the stale cookie contents
        end_session()
        flash("You have been signed out. Please sign in again.", "info")
    if request.method not in db.SAFE_METHODS:
        return redirect(url_for("auth.login"))
    target = request.full_path if request.query_string else request.path
    return redirect(url_for("auth.login", next=target))


def enforce_access() -> Response | None:
    """Refuse any route that declares no access level (404) or that this user may not use."""
    endpoint = request.endpoint
    if endpoint is None:
        return None  # no route matched; Flask answers 404 itself
    level = access_level(current_app, endpoint)
    if level is None:
        current_app.logger.warning("route without an access declaration: %s", endpoint)
        abort(404)
    if level == "public":
        return None
    _check_session_age()
    user = current_user._get_current_object()  # once: each use of the proxy looks it up again
    if not user.is_authenticated:
        return _unauthenticated()
    if not role_allows(user.role, level):
        abort(403, "Your role does not give access to this page.")
    return None


def _new_password(from_stdin: bool) -> str:
    """The new user's password: from stdin, COMMONGROUND_NEW_USER_PASSWORD or a prompt."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if os.environ.get("COMMONGROUND_NEW_USER_PASSWORD"):
        return os.environ["COMMONGROUND_NEW_USER_PASSWORD"]
    return str(click.prompt("Password", hide_input=True, confirmation_prompt=True))


def _team_id_named(name: str, owner: bool) -> int | None:
    """The id of the existing team a new user joins (None for an owner), or a clear refusal."""
    if owner:
        if name:
            raise click.ClickException("An owner belongs to no team: leave out --team.")
        return None
    if not name.strip():
        raise click.ClickException("Name the user's team with --team (or make an --owner).")
    team = accounts.team_named(db.get_session(), name)
    team_id = team.id if team is not None else None
    db.get_session().rollback()  # the command's session write-locks SQLite: release it
    if team_id is None:
        raise click.ClickException(
            f"There is no team called {name.strip()!r}. "
            "Create it first with `commonground create-team NAME`."
        )
    return team_id


@click.command("create-user")
@click.option("--email", required=True, help="Email address the user signs in with.")
@click.option("--name", "display_name", required=True, help="Name shown to the team.")
@click.option(
    "--role",
    type=click.Choice([Role.MEMBER.value, Role.PRACTITIONER.value, Role.ADMIN.value]),
    help="The user's role in their team (default: member).",
)
@click.option("--team", default="", help="The name of an existing team (see create-team).")
@click.option(
    "--owner",
    is_flag=True,
    help="A deployment owner: no team, creates teams and manages every team's users.",
)
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from standard input (or set COMMONGROUND_NEW_USER_PASSWORD).",
)
@with_appcontext
def create_user_command(
    email: str,
    display_name: str,
    role: str | None,
    team: str,
    owner: bool,
    password_stdin: bool,
) -> None:
    """Add a user who can sign in (the password is prompted for, twice)."""
    db.require_current_schema()
    if owner and role:
        raise click.ClickException("An owner has no other role: leave out --role.")
    team_id = _team_id_named(team, owner)
    password = _new_password(password_stdin)
    if not password:
        raise click.ClickException("A password is required.")
    chosen = Role.OWNER if owner else Role(role or Role.MEMBER)
    try:
        with db.write_session() as session:
            found = session.get(Team, team_id) if team_id is not None else None
            user = accounts.add_user(session, email, display_name, password, chosen, found)
            user_id = user.id
    except accounts.AccountError as exc:
        raise click.ClickException(str(exc)) from None
    audit.record("user.create", "user", user_id or "", None, team_id)
    click.echo(f"Created {chosen.value} user {user_id}.")


@click.command("create-team")
@click.argument("name")
@with_appcontext
def create_team_command(name: str) -> None:
    """Add a team (an owner can also add one on the Teams page)."""
    db.require_current_schema()
    try:
        with db.write_session() as session:
            team = accounts.create_team(session, name)
            team_id, team_name = team.id, team.name
    except accounts.AccountError as exc:
        raise click.ClickException(str(exc)) from None
    audit.record("team.create", "team", team_id or "", None, team_id)
    click.echo(f"Created team {team_id}: {team_name}.")


def init_app(app: Flask) -> None:
    """Set up flask-login, the access policy and the create-user and create-team commands."""
    login_manager.init_app(app)
    login_manager.session_protection = "basic"
    app.config["PERMANENT_SESSION_LIFETIME"] = int(app.config["SESSION_MAX_HOURS"]) * 3600
    # The cookie is signed again only when the session changes (sign-in, and the idle clock at
    # most every 30 s): the lifetime counts from sign-in anyway, and signing costs each request.
    app.config["SESSION_REFRESH_EACH_REQUEST"] = False
    app.before_request(enforce_access)
    app.cli.add_command(create_user_command)
    app.cli.add_command(create_team_command)


def mark_login(user: User) -> None:
    """Remember when the user last signed in (the caller commits)."""
    user.last_login_at = utcnow()


def team_id(user: Any = None) -> int | None:
    """The signed-in user's team (admins may have none); pass the user if already looked up."""
    found = getattr(current_user if user is None else user, "team_id", None)
    return int(found) if found is not None else None


def user_id(user: Any = None) -> int | None:
    """The signed-in user's id; pass the user if already looked up."""
    if user is None:
        user = current_user._get_current_object()  # one look-up, not one per attribute
    return int(user.id) if user.is_authenticated else None
