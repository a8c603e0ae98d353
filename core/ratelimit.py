"""Sign-in throttling shared by every worker through the database, with device cookies.

After a few free failures each further failure doubles the wait before the next attempt (up to a
cap), counted per account and per client address. A browser that signed in to an account before
holds a signed device cookie (OWASP "device cookies"): its attempts for that account count against
that device alone, so guessing from elsewhere cannot lock the owner out.

Each attempt is written (and committed) before it is counted, so concurrent workers can only
over-count, never let more through. Keys are keyed hashes: the table holds no personal data.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app, request
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import delete, func, or_
from sqlmodel import Session, col, select
from werkzeug.wrappers import Response

from core.db import write_session
from core.models import LoginAttempt
from core.times import utcnow

DEVICE_SALT = "commonground-device"
# Failures each kind of key may have before the waits begin (config keys).
FREE_FAILURES = {
    "account": "LOGIN_FREE_FAILURES_PER_ACCOUNT",
    "address": "LOGIN_FREE_FAILURES_PER_ADDRESS",
    "device": "LOGIN_FREE_FAILURES_PER_DEVICE",
}


@dataclass(frozen=True)
class Attempt:
    """The rows one sign-in attempt added, so they can be kept, forgotten or rolled back."""

    ids: tuple[int, ...]
    # (device key) for a known device, else (account key, address key).
    keys: tuple[str, ...]
    trusted: bool
    retry_after_seconds: int

    @property
    def allowed(self) -> bool:
        """Whether the password may be checked now."""
        return self.retry_after_seconds == 0


def _digest(kind: str, value: str) -> str:
    secret = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(secret, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()[:64]


def account_key(email: str) -> str:
    """The rate-limit key for an email address."""
    return "account:" + _digest("account", email.strip().lower())


def address_key(address: str) -> str:
    """The rate-limit key for a client address."""
    return "address:" + _digest("address", address)


def device_key(nonce: str) -> str:
    """The rate-limit key for one device cookie."""
    return "device:" + _digest("device", nonce)


def delay_seconds(failures: int, free: int) -> float:
    """How long after the latest failure the next attempt waits, given the failures so far."""
    if failures < free:
        return 0.0
    config = current_app.config
    first = float(config["LOGIN_FIRST_DELAY_SECONDS"])
    cap = 60 * float(config["LOGIN_MAX_DELAY_MINUTES"])
    return min(first * 2 ** min(failures - free, 40), cap)


def wait_text(seconds: int) -> str:
    """A wait in words: "40 seconds", "1 minute", "15 minutes"."""
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


# --- Device cookies ----------------------------------------------------------------------------


def _device_serializer() -> URLSafeTimedSerializer:
    # A new SECRET_KEY ends every device cookie, as it ends every session.
    return URLSafeTimedSerializer(str(current_app.config["SECRET_KEY"]), salt=DEVICE_SALT)


def _device_account(email: str) -> str:
    """Which account a device cookie is for: a keyed hash, so the cookie holds no email."""
    return _digest("device-account", email.strip().lower())


def device_cookie_name() -> str:
    """The device cookie's name (with the __Host- prefix wherever cookies are Secure)."""
    secure = bool(current_app.config.get("SESSION_COOKIE_SECURE"))
    return "__Host-cg_device" if secure else "cg_device"


def device_nonce(token: str | None, email: str) -> str | None:
    """The nonce of a genuine, unexpired device cookie issued to this account, else None."""
    if not token:
        return None
    max_age = int(86400 * float(current_app.config["LOGIN_DEVICE_COOKIE_DAYS"]))
    try:
        data = _device_serializer().loads(token, max_age=max_age)
    except BadSignature:  # altered, expired, or signed with another key
        return None
    if not isinstance(data, dict):
        return None
    account, nonce = data.get("a"), data.get("n")
    if not isinstance(account, str) or not isinstance(nonce, str):
        return None
    if not hmac.compare_digest(account, _device_account(email)):
        return None  # a cookie of another account gives nothing
    return nonce


def remember_device(response: Response, email: str) -> None:
    """Give this browser a fresh device cookie for the account that just proved its password."""
    config = current_app.config
    payload = {"a": _device_account(email), "n": secrets.token_urlsafe(16)}
    response.set_cookie(
        device_cookie_name(),
        _device_serializer().dumps(payload),
        max_age=int(86400 * float(config["LOGIN_DEVICE_COOKIE_DAYS"])),
        path="/",
        secure=bool(config.get("SESSION_COOKIE_SECURE")),
        httponly=True,
        samesite="Lax",
    )


# --- Attempts ----------------------------------------------------------------------------------


def _wait(session: Session, key: str, mine: tuple[int, ...], now: datetime) -> float:
    """Seconds this key must still wait, from the other attempts stored for it."""
    stmt = select(func.count(), func.max(LoginAttempt.at)).where(
        LoginAttempt.key == key, col(LoginAttempt.id).not_in(mine)
    )
    failures, latest = session.exec(stmt).one()
    free = int(current_app.config[FREE_FAILURES[key.split(":", 1)[0]]])
    delay = delay_seconds(int(failures), free)
    if not delay or latest is None:
        return 0.0
    return max(0.0, (latest + timedelta(seconds=delay) - now).total_seconds())


def begin_attempt(email: str, address: str, device: str | None = None) -> Attempt:
    """Record an attempt and tell whether it may go ahead or how long it must wait."""
    nonce = device_nonce(device, email)
    keys = (device_key(nonce),) if nonce else (account_key(email), address_key(address))
    return _begin(keys, nonce is not None)


def begin_address_attempt() -> Attempt:
    """An attempt counted against this request's client address alone."""
    # For a link with a token, where there is no account to count against.
    return _begin((address_key(request.remote_addr or "unknown"),), False)


def _begin(keys: tuple[str, ...], trusted: bool) -> Attempt:
    """Record an attempt under these keys; how long it must wait, if at all."""
    now = utcnow()
    forget_before = now - timedelta(hours=float(current_app.config["LOGIN_FORGET_AFTER_HOURS"]))
    with write_session() as session:
        # Old attempts no longer count; dropping them here keeps the table small.
        session.exec(delete(LoginAttempt).where(col(LoginAttempt.at) < forget_before))  # type: ignore[call-overload]
        rows = [LoginAttempt(key=key, at=now) for key in keys]
        session.add_all(rows)
        session.flush()
        ids = tuple(int(row.id or 0) for row in rows)
    with write_session() as session:
        wait = max(_wait(session, key, ids, now) for key in keys)
    attempt = Attempt(ids, keys, trusted, math.ceil(wait))
    if not attempt.allowed:
        forget(attempt)  # a refused attempt does not lengthen the wait
    return attempt


def begin_request_attempt(email: str) -> Attempt:
    """begin_attempt for this request's client address and device cookie."""
    cookie = request.cookies.get(device_cookie_name())
    return begin_attempt(email, request.remote_addr or "unknown", cookie)


def forget(attempt: Attempt) -> None:
    """Remove this attempt's rows (refused before the password was checked)."""
    with write_session() as session:
        session.exec(delete(LoginAttempt).where(col(LoginAttempt.id).in_(attempt.ids)))  # type: ignore[call-overload]


def succeeded(attempt: Attempt) -> None:
    """A correct password: clear the device's (or, untrusted, the account's) failures."""
    # Never the address's: one person's success must not clear guesses at their neighbours.
    counted = or_(
        col(LoginAttempt.key) == attempt.keys[0],
        col(LoginAttempt.id).in_(attempt.ids),
    )
    with write_session() as session:
        session.exec(delete(LoginAttempt).where(counted))  # type: ignore[call-overload]
