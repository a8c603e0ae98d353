"""The one main navigation of signed-in pages: what each role can do, and where the user is."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app, request, url_for
from flask_login import current_user

from core.models import Role


@dataclass(frozen=True)
class NavItem:
    """A section of the app: its label, its page, who sees it, and the pages that belong to it."""

    label: str
    endpoint: str
    roles: frozenset[str]
    pages: tuple[str, ...]  # endpoints, or "blueprint." prefixes, that mark this item current


PEOPLE_ROLES = frozenset({Role.PRACTITIONER, Role.ADMIN})
DIRECTORY_ROLES = frozenset({Role.MEMBER, Role.ADMIN})
MANAGERS = frozenset({Role.ADMIN, Role.OWNER})
# Practitioners work with people; team members keep the directory; admins do both and more.
NAV = (
    NavItem("Search", "team.home", frozenset(Role), ("team.",)),
    NavItem(
        "People", "people.index", PEOPLE_ROLES, ("people.", "connections.", "privacy.", "outcomes.")
    ),
    NavItem("Peers", "peers.team_page", PEOPLE_ROLES, ("peers.",)),
    NavItem("Follow-ups", "outcomes.due_list", PEOPLE_ROLES, ("outcomes.due_list",)),
    NavItem("Team report", "report.page", PEOPLE_ROLES, ("report.",)),
    NavItem("Add a resource", "workspace.quick_add", DIRECTORY_ROLES, ("workspace.quick_add",)),
    NavItem("Review queue", "workspace.review", DIRECTORY_ROLES, ("workspace.",)),
    NavItem("Users", "auth.users", MANAGERS, ("auth.users", "auth.invite_user", "auth.set_active")),
    NavItem("Teams", "auth.teams", frozenset({Role.OWNER}), ("auth.teams", "auth.create_team")),
    NavItem("Audit", "audit_log.index", MANAGERS, ("audit_log.",)),
)
# The people pages of one person that belong to the Peers section rather than People.
SECTION_OF = {"peers.person_peers": "people.index"}


def _current(endpoint: str) -> str:
    """The endpoint of the section the page `endpoint` belongs to ('' when none)."""
    if endpoint in SECTION_OF:
        return SECTION_OF[endpoint]
    best, length = "", 0
    for item in NAV:
        for page in item.pages:
            matched = endpoint == page or (page.endswith(".") and endpoint.startswith(page))
            if matched and len(page) > length:
                best, length = item.endpoint, len(page)
    return best


def main_nav() -> list[tuple[str, str, bool]]:
    """(label, url, is current) of each section the signed-in user's role can use."""
    if not current_user.is_authenticated:
        return []
    views = current_app.view_functions
    here = _current(request.endpoint or "")
    return [
        (item.label, url_for(item.endpoint), item.endpoint == here)
        for item in NAV
        if current_user.role in item.roles and item.endpoint in views
    ]


def init_app(app: Flask) -> None:
    """Offer main_nav() to every template."""
    app.jinja_env.globals["main_nav"] = main_nav
