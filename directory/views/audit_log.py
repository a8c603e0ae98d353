"""The admin's view of the audit log: filter, page through and export it (team-scoped)."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request
from flask_login import current_user

from directory import audit
from directory.auth import access
from directory.db import get_session
from directory.models import Role

bp = Blueprint("audit_log", __name__)

PAGE_SIZE = 50


def _filter() -> audit.Filter:
    """The query string's filter, within an admin's team or an owner's deployment-wide rows."""
    args = request.args
    actor = args.get("user", "").strip()
    person = args.get("person", "").strip()
    owner = current_user.role == Role.OWNER
    if not owner and current_user.team_id is None:
        abort(404)  # cannot happen: the database gives every admin a team (migration 0007)
    return audit.Filter(
        team_id=None if owner else current_user.team_id,
        deployment=owner,
        person_ref=person[:64] if person.isascii() and person.isdigit() else "",
        actor_id=int(actor) if actor.isascii() and actor.isdigit() and len(actor) < 10 else None,
        action=args.get("action", "").strip()[:40],
    )


def _me() -> tuple[int, int | None]:
    return int(current_user.id), current_user.team_id


@bp.get("/admin/audit")
@access("admin")
def index() -> str:
    """One page of the audit log, newest first."""
    where = _filter()
    raw = request.args.get("page", "1")
    number = int(raw) if raw.isascii() and raw.isdigit() and 0 < len(raw) < 7 else 1
    rows, total = audit.page(get_session(), where, number, PAGE_SIZE)
    get_session().rollback()
    me, team = _me()
    audit.record("audit.view", "audit", "", me, team)
    pages = max(1, -(-total // PAGE_SIZE))
    return render_template(
        "admin/audit.html",
        rows=rows,
        total=total,
        number=min(number, pages),
        pages=pages,
        where=where,
        args={k: v for k, v in request.args.items() if k != "page"},
    )


@bp.get("/admin/audit.csv")
@access("admin")
def export() -> Response:
    """The matching audit rows as a CSV download."""
    where = _filter()
    me, team = _me()
    audit.record("audit.export", "audit", "", me, team)
    # Built whole: a streamed body would keep this request's context (and user) alive.
    body = "".join(audit.to_csv(audit.matching(get_session(), where)))
    response = Response(body, mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="audit-log.csv"'
    return response
