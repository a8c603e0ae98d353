"""The demo teams and the people who sign in for them (all fictional)."""

from __future__ import annotations

from core.models import Role

# One password for every demo account; the README quotes it. Never use it in production.
DEMO_PASSWORD = "kirkbeck-canal-lantern-42"  # noqa: S105 - public demo accounts only

# team name -> (phone, email)
TEAMS: dict[str, tuple[str, str]] = {
    "Aire Valley Community Mental Health Team": ("0113 496 0900", "cmht@example.org"),
    "Kirkbeck Social Prescribing Team": ("0113 496 0901", "social-prescribing@example.org"),
}

# (email, display name, role, team name; the deployment owner has none)
USERS: list[tuple[str, str, Role, str]] = [
    ("owner@example.org", "Ruth Adeyemi", Role.OWNER, ""),
    (
        "cmht-admin@example.org",
        "Priya Shah",
        Role.ADMIN,
        "Aire Valley Community Mental Health Team",
    ),
    (
        "cmht-practitioner@example.org",
        "Tom Oduya",
        Role.PRACTITIONER,
        "Aire Valley Community Mental Health Team",
    ),
    (
        "cmht-member@example.org",
        "Grace Lindqvist",
        Role.MEMBER,
        "Aire Valley Community Mental Health Team",
    ),
    ("sp-admin@example.org", "Hamid Rahman", Role.ADMIN, "Kirkbeck Social Prescribing Team"),
    (
        "sp-practitioner@example.org",
        "Niamh Costello",
        Role.PRACTITIONER,
        "Kirkbeck Social Prescribing Team",
    ),
    ("sp-member@example.org", "Joe Whitaker", Role.MEMBER, "Kirkbeck Social Prescribing Team"),
]
