"""Sign in and out, accepting an invitation, and managing users (admins) and teams (owners)."""

from __future__ import annotations

from functools import cache

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, func, select
from werkzeug.wrappers import Response

from core import accounts, audit, ratelimit
from core.audit_words import ROLE_WORDS
from core.auth import (
    ROLE_RANK,
    access,
    confirm_password_now,
    end_session,
    mark_login,
    safe_next,
    start_session,
)
from core.db import get_session
from core.hosts import absolute_url
from core.models import Role, Team, User

bp = Blueprint("auth", __name__)

INVITE_SALT = "commonground-invite"
INVITE_MAX_AGE = 7 * 24 * 3600
LOGIN_FAILED = "The email address or password is not right. Check them and try again."


@cache
def _dummy_hash() -> str:
    """Checked when the email is unknown, so a wrong address takes as long as a wrong password."""
    return accounts.hash_password("not-a-real-password-for-timing")


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=INVITE_SALT)


def invite_token(user: User) -> str:
    """A signed link token that works until the user sets a password (or for 7 days)."""
    return _serializer().dumps({"uid": user.id, "epoch": user.session_epoch})


def _invited_user(token: str) -> User | None:
    """The user an invitation token is for, if it is genuine, recent and unused."""
    try:
        data = _serializer().loads(token, max_age=INVITE_MAX_AGE)
    except BadSignature:
        return None
    user = get_session().get(User, int(data.get("uid", 0)))
    if user is None or not user.is_active or user.session_epoch != data.get("epoch"):
        return None
    return user


def _login_page(
    errors: dict[str, str], email: str = "", status: int = 200, next_url: str = "", hint: str = ""
) -> tuple[str, int]:
    page = render_template(
        "auth/login.html", errors=errors, email=email, next_url=next_url, hint=hint
    )
    return page, status


def _throttled_login(attempt: ratelimit.Attempt, email: str) -> Response:
    """The 429 sign-in page: how long to wait, and that a known device still gets in."""
    current_app.logger.warning("sign-in refused: too many attempts")
    wait = ratelimit.wait_text(attempt.retry_after_seconds)
    if attempt.trusted:
        message = f"Too many wrong passwords on this device. Wait {wait}, then try again."
        hint = ""
    else:
        message = (
            "Too many failed sign-ins for this account or from this network. "
            f"Wait {wait}, then try again."
        )
        hint = (
            "You can still sign in now on a computer, phone or browser where you have "
            "signed in to Common Ground before."
        )
    page, _ = _login_page({"form": message}, email, 429, request.form.get("next", ""), hint)
    return Response(
        page, 429, {"Retry-After": str(attempt.retry_after_seconds)}, mimetype="text/html"
    )


@bp.route("/login", methods=["GET", "POST"])
@access("public")
def login() -> Response | tuple[str, int]:
    """The sign-in form; a success starts a fresh session and goes to a same-site page."""
    next_url = safe_next(request.values.get("next"))
    if request.method != "POST":  # GET, and HEAD (which Flask answers for every GET)
        if current_user.is_authenticated:
            return redirect(next_url)
        return _login_page({}, next_url=request.args.get("next", ""))
    email = request.form.get("email", "").strip()
    password = request.form.get("password", "")
    errors: dict[str, str] = {}
    if not email:
        errors["email"] = "Enter your email address."
    if not password:
        errors["password"] = "Enter your password."  # noqa: S105 (a message, not a secret)
    if errors:
        return _login_page(errors, email, 400, request.form.get("next", ""))
    attempt = ratelimit.begin_request_attempt(email)
    if not attempt.allowed:
        return _throttled_login(attempt, email)
    session = get_session()
    user = accounts.find_user(session, email)
    correct = accounts.verify_password(user.password_hash if user else _dummy_hash(), password)
    if user is None or not correct or not user.is_active:
        if user is None:
            current_app.logger.info("sign-in failed: unknown account")
        else:
            current_app.logger.info("sign-in failed user_id=%s", user.id)
        uid, team = (user.id, user.team_id) if user else (None, None)
        session.rollback()  # the audit row has its own connection; release ours first
        audit.record("sign-in.fail", "user", uid or "", uid, team, "refused")
        return _login_page({"form": LOGIN_FAILED}, email, 401, request.form.get("next", ""))
    if accounts.needs_rehash(user.password_hash):
        user.password_hash = accounts.hash_password(password)
    mark_login(user)
    session.commit()  # before the limiter's own write: SQLite has one writer at a time
    ratelimit.succeeded(attempt)
    start_session(user)
    audit.record("sign-in.ok", "user", user.id or "", user.id, user.team_id)
    current_app.logger.info("sign-in succeeded user_id=%s", user.id)
    response = redirect(next_url)
    ratelimit.remember_device(response, user.email)
    return response


@bp.post("/logout")
@access("public")
def logout() -> Response:
    """Sign out: this session and any copy of its cookie stop working."""
    if current_user.is_authenticated:
        session = get_session()
        user = session.get(User, int(current_user.id))
        if user is not None:
            user.session_epoch += 1  # every copy of this session's cookie stops working
        session.commit()
        current_app.logger.info("sign-out user_id=%s", current_user.id)
    end_session()
    flash("You have signed out.", "success")
    return redirect(url_for("auth.login"))


@bp.route("/invite/<token>", methods=["GET", "POST"])
@bp.route("/reset/<token>", methods=["GET", "POST"], endpoint="reset_password")
@access("public")
def accept_invite(token: str) -> Response | tuple[str, int]:
    """Set a password from an invitation or password reset link, then sign in."""
    user = _invited_user(token)
    if user is None:
        message = "This link has expired or was already used. Ask your admin for a new one."
        return render_template("error.html", code=404, name="Link not found", message=message), 404
    reset = bool(user.password_hash)
    if request.method != "POST":  # GET, and HEAD (which Flask answers for every GET)
        page = render_template("auth/invite.html", errors={}, name=user.display_name, reset=reset)
        return page, 200
    password, confirm = request.form.get("password", ""), request.form.get("confirm", "")
    try:
        accounts.set_password(get_session(), user, password, confirm)
    except accounts.AccountError as exc:
        errors = {exc.field or "password": str(exc)}
        page = render_template(
            "auth/invite.html", errors=errors, name=user.display_name, reset=reset
        )
        return page, 400
    mark_login(user)
    get_session().commit()
    start_session(user)
    current_app.logger.info("invitation accepted user_id=%s", user.id)
    return redirect(url_for("team.home"))


def _is_owner() -> bool:
    """Whether the signed-in user is a deployment owner."""
    return bool(current_user.role == Role.OWNER)


def _manages(user: User) -> bool:
    """Whether the signed-in admin manages this user: an owner everyone, an admin their team."""
    mine = current_user.team_id
    return _is_owner() or (mine is not None and user.role != Role.OWNER and user.team_id == mine)


def _invitable_roles() -> list[Role]:
    """Roles the signed-in user may give: none above their own, and never owner."""
    mine = ROLE_RANK[current_user.role]
    return [r for r in (Role.MEMBER, Role.PRACTITIONER, Role.ADMIN) if ROLE_RANK[r] <= mine]


def _users_page(errors: dict[str, str], form: dict[str, str], status: int = 200) -> tuple[str, int]:
    """The users page: the users this admin manages and the invitation form."""
    session = get_session()
    query = select(User).order_by(User.display_name)  # type: ignore[arg-type]
    teams = session.exec(select(Team).order_by(Team.name)).all()  # type: ignore[arg-type]
    if not _is_owner():
        query = query.where(User.team_id == current_user.team_id)
        teams = [t for t in teams if t.id == current_user.team_id]
    page = render_template(
        "admin/users.html",
        users=session.exec(query).all(),
        teams=teams,
        team_names={t.id: t.name for t in teams},
        owner=_is_owner(),
        role_options=[(r.value, ROLE_WORDS[r.value].capitalize()) for r in _invitable_roles()],
        team_options=[("", "Choose a team"), *((str(t.id), t.name) for t in teams)],
        role_words=ROLE_WORDS,
        errors=errors,
        form=form,
    )
    return page, status


@bp.get("/admin/users")
@access("admin")
def users() -> tuple[str, int]:
    """The users this admin manages (an owner: everyone), with a form to invite a new one."""
    return _users_page({}, {})


def _invite_role(value: str) -> Role:
    """The role to give, if the signed-in user may give it."""
    role = accounts.parse_role(value or Role.MEMBER.value)
    if role not in _invitable_roles():
        if ROLE_RANK[role] > ROLE_RANK[current_user.role]:
            raise accounts.AccountError("You cannot give a role above your own.", "role")
        raise accounts.AccountError(
            "Deployment owners are made only with `commonground create-user --owner`.", "role"
        )
    return role


def _invite_team(value: str) -> Team:
    """The team to invite into: an admin's own team, or the existing team an owner chose."""
    session = get_session()
    if not _is_owner():
        if value and value != str(current_user.team_id):
            raise accounts.AccountError("You can invite people into your own team only.", "team")
        mine = current_user.team_id
        team = session.get(Team, mine) if mine is not None else None
    else:
        team = accounts.team_by_id(session, value)
    if team is None:
        raise accounts.AccountError("Choose a team from the list.", "team")
    return team


@bp.post("/admin/users")
@access("admin")
def invite_user() -> Response | tuple[str, int]:
    """Create a user who sets their own password through a one-time invitation link."""
    form = {k: request.form.get(k, "").strip() for k in ("email", "name", "role", "team")}
    session = get_session()
    try:
        role, team = _invite_role(form["role"]), _invite_team(form["team"])
        user = accounts.add_user(session, form["email"], form["name"], "", role, team)
        session.commit()
    except accounts.AccountError as exc:
        session.rollback()
        return _users_page({exc.field or "form": str(exc)}, form, 400)
    except IntegrityError:  # the same address invited twice at once
        session.rollback()
        message = "There is already a user with that email address."
        return _users_page({"email": message}, form, 400)
    audit.record("user.invite", "user", user.id or "", int(current_user.id), team.id)
    current_app.logger.info("user invited user_id=%s by user_id=%s", user.id, current_user.id)
    link = absolute_url("auth.accept_invite", token=invite_token(user))
    page = render_template("admin/invited.html", user=user, link=link, team=team.name)
    return page, 201


@bp.post("/admin/users/<int:user_id>/active")
@access("admin")
def set_active(user_id: int) -> Response | tuple[str, int]:
    """Disable a user (ending their sessions at once) or enable them again."""
    session = get_session()
    user = session.get(User, user_id)
    if user is None or not _manages(user):  # another team's user is simply not found
        return _users_page({"form": "There is no such user in your team."}, {}, 404)
    enable = request.form.get("active") == "1"
    if user.id == int(current_user.id) and not enable:
        return _users_page({"form": "You cannot disable your own account."}, {}, 400)
    accounts.set_active(user, enable)
    session.commit()
    state = "enabled" if enable else "disabled"
    action = "user.enable" if enable else "user.disable"
    audit.record(action, "user", user_id, int(current_user.id), user.team_id)
    current_app.logger.info("user %s user_id=%s by user_id=%s", state, user.id, current_user.id)
    flash(f"{user.display_name} is now {state}.", "success")
    return redirect(url_for("auth.users"))


def _managed_other(user_id: int) -> User | tuple[str, int]:
    """A user this admin manages other than themselves, or the users page saying why not."""
    user = get_session().get(User, user_id)
    if user is None or not _manages(user):  # another team's user is simply not found
        return _users_page({"form": "There is no such user in your team."}, {}, 404)
    if user.id == int(current_user.id):
        return _users_page({"form": "You cannot change your own account here."}, {}, 400)
    return user


@bp.post("/admin/users/<int:user_id>/reset")
@access("admin")
def reset_link(user_id: int) -> tuple[str, int]:
    """A single-use link to choose a new password (as for invites); older links stop working."""
    user = _managed_other(user_id)
    if not isinstance(user, User):
        return user
    if not user.is_active:
        message = f"{user.display_name}'s account is disabled. Enable it first."
        return _users_page({"form": message}, {}, 400)
    user.session_epoch += 1  # any earlier link, and any session, stops working
    reset = bool(user.password_hash)  # else a new invitation for someone who never accepted
    team = get_session().get(Team, user.team_id) if user.team_id is not None else None
    get_session().commit()
    action = "user.reset" if reset else "user.invite"
    audit.record(action, "user", user_id, int(current_user.id), user.team_id)
    current_app.logger.info("%s user_id=%s by user_id=%s", action, user_id, current_user.id)
    endpoint = "auth.reset_password" if reset else "auth.accept_invite"
    link = absolute_url(endpoint, token=invite_token(user))
    page = render_template(
        "admin/invited.html", user=user, link=link, reset=reset, team=team.name if team else ""
    )
    return page, 200


@bp.post("/admin/users/<int:user_id>/role")
@access("admin")
def change_role(user_id: int) -> Response | tuple[str, int]:
    """Give a user of this admin's team another role, never above the admin's own."""
    user = _managed_other(user_id)
    if not isinstance(user, User):
        return user
    try:
        role = _invite_role(request.form.get("role", "").strip())
    except accounts.AccountError as exc:
        return _users_page({f"role-{user_id}": str(exc)}, {}, 400)
    if role is Role.ADMIN and user.team_id is None:
        message = "An admin needs a team: this user has none."
        return _users_page({f"role-{user_id}": message}, {}, 400)
    if role == user.role:
        flash(f"{user.display_name} is already {_a_role(role)}.", "success")
        return redirect(url_for("auth.users") + f"#user-{user_id}")
    user.role = role
    get_session().commit()
    audit.record(f"user.role-{role.value}", "user", user_id, int(current_user.id), user.team_id)
    current_app.logger.info("role changed user_id=%s by user_id=%s", user_id, current_user.id)
    flash(f"{user.display_name} is now {_a_role(role)}.", "success")
    return redirect(url_for("auth.users") + f"#user-{user_id}")


def _a_role(role: Role) -> str:
    """'a team member', 'a practitioner', 'an admin'."""
    return {Role.MEMBER: "a team member", Role.ADMIN: "an admin"}.get(role, f"a {role.value}")


def _teams_page(errors: dict[str, str], name: str = "", status: int = 200) -> tuple[str, int]:
    """The teams page: every team with its number of users, and the form to create one."""
    counts = (
        select(Team, func.count(col(User.id)))
        .join(User, col(User.team_id) == Team.id, isouter=True)
        .group_by(col(Team.id))
        .order_by(Team.name)
    )
    rows = get_session().exec(counts).all()
    page = render_template("admin/teams.html", rows=rows, errors=errors, name=name)
    return page, status


@bp.get("/admin/teams")
@access("owner")
def teams() -> tuple[str, int]:
    """Every team and how many users it has, with a form to create one (owners only)."""
    return _teams_page({})


@bp.post("/admin/teams")
@access("owner")
def create_team() -> Response | tuple[str, int]:
    """Create a team, deliberately: a name typed elsewhere never makes one."""
    name = request.form.get("name", "")
    session = get_session()
    try:
        team = accounts.create_team(session, name)
        session.commit()
    except accounts.AccountError as exc:
        session.rollback()
        return _teams_page({"name": str(exc)}, name, 400)
    except IntegrityError:  # the same name created twice at once
        session.rollback()
        return _teams_page({"name": "There is already a team with that name."}, name, 400)
    audit.record("team.create", "team", team.id or "", int(current_user.id), team.id)
    current_app.logger.info("team created team_id=%s by user_id=%s", team.id, current_user.id)
    flash(f"Team {team.name} created. Invite its first admin on the Users page.", "success")
    return redirect(url_for("auth.teams"))


@bp.route("/confirm-password", methods=["GET", "POST"])
@access("member")
def confirm_password() -> Response | tuple[str, int]:
    """Re-enter the password before a sensitive action (export or erasure of a person's data)."""
    next_url = safe_next(request.values.get("next"))
    minutes = int(current_app.config.get("REAUTH_MINUTES", 5))
    if request.method != "POST":  # GET, and HEAD (which Flask answers for every GET)
        page = render_template(
            "auth/confirm_password.html", errors={}, next_url=next_url, minutes=minutes
        )
        return page, 200
    session = get_session()
    user = session.get(User, int(current_user.id))
    email, hashed = (user.email, user.password_hash) if user else ("", "")
    session.rollback()  # the limiter and the audit write on their own connections
    password = request.form.get("password", "")
    if not password:
        page = render_template(
            "auth/confirm_password.html",
            errors={"password": "Enter your password."},
            next_url=next_url,
            minutes=minutes,
        )
        return page, 400
    attempt = ratelimit.begin_request_attempt(email)
    if not attempt.allowed:
        wait = ratelimit.wait_text(attempt.retry_after_seconds)
        message = f"Too many wrong passwords. Wait {wait}, then try again."
        page = render_template(
            "auth/confirm_password.html",
            errors={"password": message},
            next_url=next_url,
            minutes=minutes,
        )
        return Response(
            page, 429, {"Retry-After": str(attempt.retry_after_seconds)}, mimetype="text/html"
        )
    correct = bool(hashed) and accounts.verify_password(hashed, password)
    ref, team = int(current_user.id), current_user.team_id
    if not correct:
        audit.record("reauth.fail", "user", ref, ref, team, "refused")
        message = "That password is not right. Try again."
        page = render_template(
            "auth/confirm_password.html",
            errors={"password": message},
            next_url=next_url,
            minutes=minutes,
        )
        return page, 401
    ratelimit.succeeded(attempt)
    confirm_password_now()
    audit.record("reauth.ok", "user", ref, ref, team)
    response = redirect(next_url)
    ratelimit.remember_device(response, email)
    return response
