"""Tables the whole app shares: teams, users, sign-in attempts and the audit log."""

import core.models.building  # noqa: F401  (first: how every model is built)
from core.models.accounts import (
    LoginAttempt,
    Role,
    Team,
    TeamBase,
    User,
    UserBase,
    UserPublic,
)
from core.models.audit import AuditEvent
from core.models.base import new_id

__all__ = [
    "AuditEvent",
    "LoginAttempt",
    "Role",
    "Team",
    "TeamBase",
    "User",
    "UserBase",
    "UserPublic",
    "new_id",
]
