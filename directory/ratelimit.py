"""Sign-in rate limiting shared by every worker through the database.

Each attempt is written (and committed) before it is counted, so concurrent workers can only
over-count, never let more than the limit through. Keys are keyed hashes of the email address
or client address: the table holds no personal data.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, func, or_
from sqlmodel import col, select

from directory.db import write_session
from directory.models import LoginAttempt, utcnow


@dataclass(frozen=True)
class Attempt:
    """The rows one sign-in attempt added, so they can be kept, forgotten or rolled back."""

    ids: tuple[int, ...]
    account_key: str
    address_key: str
    allowed: bool
    retry_after_seconds: int


def _key(kind: str, value: str) -> str:
    secret = str(current_app.config["SECRET_KEY"]).encode()
    digest = hmac.new(secret, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()
    return f"{kind}:{digest[:64]}"


def account_key(email: str) -> str:
    """The rate-limit key for an email address."""
    return _key("account", email.strip().lower())


def address_key(address: str) -> str:
    """The rate-limit key for a client address."""
    return _key("address", address)


def begin_attempt(email: str, address: str) -> Attempt:
    """Record an attempt and tell whether it is within the per-account and per-address limits."""
    config = current_app.config
    window = timedelta(minutes=int(config["LOGIN_WINDOW_MINUTES"]))
    limits = {
        account_key(email): int(config["LOGIN_MAX_PER_ACCOUNT"]),
        address_key(address): int(config["LOGIN_MAX_PER_ADDRESS"]),
    }
    now = utcnow()
    with write_session() as session:
        # Old attempts no longer count; dropping them here keeps the table small.
        session.exec(delete(LoginAttempt).where(col(LoginAttempt.at) < now - window))  # type: ignore[call-overload]
        rows = [LoginAttempt(key=key, at=now) for key in limits]
        session.add_all(rows)
        session.flush()
        ids = tuple(int(row.id or 0) for row in rows)
    allowed = True
    oldest = now
    with write_session() as session:
        for key, limit in limits.items():
            stmt = select(func.count(), func.min(LoginAttempt.at)).where(
                LoginAttempt.key == key, LoginAttempt.at > now - window
            )
            count, first = session.exec(stmt).one()
            if count > limit:
                allowed = False
                oldest = min(oldest, first or now)
    keys = list(limits)
    attempt = Attempt(ids, keys[0], keys[1], allowed, 0)
    if not allowed:
        forget(attempt)  # a refused attempt does not extend the lock-out
        wait = int((oldest + window - now).total_seconds()) + 1
        attempt = Attempt(ids, keys[0], keys[1], False, max(wait, 1))
    return attempt


def forget(attempt: Attempt) -> None:
    """Remove this attempt's rows (refused before the password was checked)."""
    with write_session() as session:
        session.exec(delete(LoginAttempt).where(col(LoginAttempt.id).in_(attempt.ids)))  # type: ignore[call-overload]


def succeeded(attempt: Attempt) -> None:
    """A correct password: clear the account's failures and stop counting this attempt."""
    counted = or_(
        col(LoginAttempt.key) == attempt.account_key,
        col(LoginAttempt.id).in_(attempt.ids),
    )
    with write_session() as session:
        session.exec(delete(LoginAttempt).where(counted))  # type: ignore[call-overload]
