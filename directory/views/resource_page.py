"""The team's page for one resource, drawn by the search and the workspace views."""

from __future__ import annotations

from typing import Any

from flask import (
    current_app,
    render_template,
)
from flask import session as cookie_session
from flask_login import current_user

from core.auth import safe_next, user_id
from core.db import get_session
from core.models import Team, User
from core.times import date_text
from directory import team_notes
from directory.models import DAYS, FLAG_REASON_MAX, Organisation, Resource
from directory.stewardship import freshness, pending
from directory.wording import CHECKED_HOW, cost_text, join_text, next_session_text, session_text


def resource_page(
    found: Resource, flag_errors: dict[str, str] | None = None, flag_reason: str = ""
) -> str:
    """The resource page; a refused "might have changed" shows its error and what was typed."""
    session = get_session()
    team_id = current_user.team_id
    organisation = (
        session.get(Organisation, found.organisation_id) if found.organisation_id else None
    )
    confirmed_by = (
        session.get(User, found.last_confirmed_by_id) if found.last_confirmed_by_id else None
    )
    return render_template(
        "directory/resource.html",
        resource=found,
        organisation=organisation,
        confirmed_by=confirmed_by.display_name if confirmed_by else "",
        cost_text=cost_text,
        join_text=join_text,
        next_session_text=next_session_text,
        session_text=session_text,
        is_stale=is_stale,
        date_text=date_text,
        sessions=sorted(found.sessions, key=lambda s: (DAYS.index(s.day), s.start)),
        team=session.get(Team, team_id) if team_id is not None else None,
        own=team_notes.values(team_notes.own_note(session, found.id, team_id)),
        shared=team_notes.shared_notes(session, found.id, team_id),
        flag_errors=flag_errors or {},
        flag_reason=flag_reason,
        flag_max=FLAG_REASON_MAX,
        held=_held(found),
        second_person=freshness.needs_second_person(session, found, user_id()),
        checked_how=CHECKED_HOW,
        last_search=safe_next(cookie_session[LAST_SEARCH]) if LAST_SEARCH in cookie_session else "",
    )


def _held(found: Resource) -> list[dict[str, Any]]:
    """The record's changes waiting for confirmation, in words, with who heard them."""
    session = get_session()
    out = []
    for change in pending.pending_for(session, found.id):
        by = session.get(User, change.created_by_id) if change.created_by_id else None
        out.append(
            {
                "id": change.id,
                "source": change.source,
                "by": by.display_name if by else "",
                "at": date_text(change.created_at),
                "rows": pending.described(change, found),
                "left_out": change.left_out,
                "note": change.note,
                "waits": pending.waits_for_colleague(session, change, user_id()),
            }
        )
    return out


LAST_SEARCH = "cg_last_search"  # the session key of the search a resource page goes back to


def is_stale(resource: Resource) -> bool:
    """Not confirmed within the configured period."""
    return resource.is_stale(int(current_app.config["STALE_AFTER_DAYS"]))
