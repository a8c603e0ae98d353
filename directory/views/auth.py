"""Sign in and out, accepting an invitation, and the admin's user list."""

from __future__ import annotations

from functools import cache

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlmodel import select
from werkzeug.wrappers import Response

from directory import accounts, audit, ratelimit
from directory.auth import (
    access,
    confirm_password_now,
    end_session,
    mark_login,
    safe_next,
    start_session,
)
from directory.db import get_session
from directory.models import Role, Team, User

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
    errors: dict[str, str], email: str = "", status: int = 200, next_url: str = ""
) -> tuple[str, int]:
    page = render_template("auth/login.html", errors=errors, email=email, next_url=next_url)
    return page, status


@bp.route("/login", methods=["GET", "POST"])
@access("public")
def login() -> Response | tuple[str, int]:
    """The sign-in form; a success starts a fresh session and goes to a same-site page."""
    next_url = safe_next(request.values.get("next"))
    if request.method == "GET":
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
    attempt = ratelimit.begin_attempt(email, request.remote_addr or "unknown")
    if not attempt.allowed:
        current_app.logger.warning("sign-in refused: too many attempts")
        minutes = max(1, round(attempt.retry_after_seconds / 60))
        message = (
            f"Too many sign-in attempts. For your security, please wait {minutes} "
            f"minute{'s' if minutes != 1 else ''} and try again."
        )
        page, _ = _login_page({"form": message}, email, 429, request.form.get("next", ""))
        return Response(page, 429, {"Retry-After": str(attempt.retry_after_seconds)})
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
    return redirect(next_url)


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
@access("public")
def accept_invite(token: str) -> Response | tuple[str, int]:
    """Set a password from an invitation link, then sign in."""
    user = _invited_user(token)
    if user is None:
        message = (
            "This invitation link has expired or was already used. Ask your admin for a new one."
        )
        return render_template(
            "error.html", code=404, name="Invitation not found", message=message
        ), 404
    if request.method == "GET":
        return render_template("auth/invite.html", errors={}, name=user.display_name), 200
    password = request.form.get("password", "")
    errors: dict[str, str] = {}
    problem = accounts.password_problem(password, user.email)
    if problem:
        errors["password"] = problem
    elif password != request.form.get("confirm", ""):
        errors["confirm"] = "The two passwords are different. Type the same password twice."
    if errors:
        page = render_template("auth/invite.html", errors=errors, name=user.display_name)
        return page, 400
    accounts.set_password(user, password)
    mark_login(user)
    get_session().commit()
    start_session(user)
    current_app.logger.info("invitation accepted user_id=%s", user.id)
    return redirect(url_for("team.home"))


def _users_page(errors: dict[str, str], form: dict[str, str], status: int = 200) -> tuple[str, int]:
    session = get_session()
    users = session.exec(select(User).order_by(User.display_name)).all()  # type: ignore[arg-type]
    teams = {t.id: t.name for t in session.exec(select(Team)).all()}
    page = render_template(
        "admin/users.html",
        users=users,
        teams=teams,
        roles=[r.value for r in Role],
        errors=errors,
        form=form,
    )
    return page, status


@bp.get("/admin/users")
@access("admin")
def users() -> tuple[str, int]:
    """Every user, with a form to invite a new one."""
    return _users_page({}, {})


@bp.post("/admin/users")
@access("admin")
def invite_user() -> Response | tuple[str, int]:
    """Create a user who sets their own password through a one-time invitation link."""
    form = {k: request.form.get(k, "").strip() for k in ("email", "name", "role", "team")}
    session = get_session()
    try:
        user = accounts.add_user(
            session, form["email"], form["name"], "", form["role"] or "member", form["team"]
        )
    except accounts.AccountError as exc:
        session.rollback()
        return _users_page({"form": str(exc)}, form, 400)
    session.commit()
    current_app.logger.info("user invited user_id=%s by user_id=%s", user.id, current_user.id)
    link = url_for("auth.accept_invite", token=invite_token(user), _external=True)
    page = render_template("admin/invited.html", user=user, link=link)
    return page, 201


@bp.post("/admin/users/<int:user_id>/active")
@access("admin")
def set_active(user_id: int) -> Response | tuple[str, int]:
    """Disable a user (ending their sessions at once) or enable them again."""
    session = get_session()
    user = session.get(User, user_id)
    if user is None:
        return _users_page({"form": "That user no longer exists."}, {}, 404)
    enable = request.form.get("active") == "1"
    if user.id == int(current_user.id) and not enable:
        return _users_page({"form": "You cannot disable your own account."}, {}, 400)
    accounts.set_active(user, enable)
    session.commit()
    state = "enabled" if enable else "disabled"
    current_app.logger.info("user %s user_id=%s by user_id=%s", state, user.id, current_user.id)
    flash(f"{user.display_name} is now {state}.", "success")
    return redirect(url_for("auth.users"))


@bp.route("/confirm-password", methods=["GET", "POST"])
@access("member")
def confirm_password() -> Response | tuple[str, int]:
    """Re-enter the password before a sensitive action (export or erasure of a person's data)."""
    next_url = safe_next(request.values.get("next"))
    minutes = int(current_app.config.get("REAUTH_MINUTES", 5))
    if request.method == "GET":
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
    attempt = ratelimit.begin_attempt(email, request.remote_addr or "unknown")
    if not attempt.allowed:
        message = "Too many attempts. For your security, please wait and try again."
        page = render_template(
            "auth/confirm_password.html",
            errors={"password": message},
            next_url=next_url,
            minutes=minutes,
        )
        return Response(page, 429, {"Retry-After": str(attempt.retry_after_seconds)})
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
    return redirect(next_url)
