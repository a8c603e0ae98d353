"""The admin's view of the audit log: filter, page through and export it (team-scoped)."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlencode

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response as Redirect

from core import audit, audit_words
from core.auth import access
from core.db import get_session
from core.models import AuditEvent, Role

bp = Blueprint("audit_log", __name__)

PAGE_SIZE = 50
MAX_SEARCH = 80


def _scope() -> audit_words.Scope:
    """Whose names the signed-in admin may see: their team's (an owner: users and teams)."""
    owner = current_user.role == Role.OWNER
    if not owner and current_user.team_id is None:
        abort(404)  # cannot happen: the database gives every admin a team (migration 0007)
    return audit_words.Scope(None if owner else current_user.team_id, owner)


def _matching(kind: str, text: str, scope: audit_words.Scope) -> tuple[str, ...] | None:
    """The ids whose name (label, reference, email) contains the text; a number is its own id."""
    if not text:
        return None
    found = {str(i) for i in audit_words.find(get_session(), scope, kind, text[:MAX_SEARCH])}
    if text.isascii() and text.isdigit() and len(text) < 10:
        found.add(str(int(text)))
    return tuple(sorted(found))


def _person_ids(args: MultiDict[str, str]) -> tuple[str, ...] | None:
    """The people asked for by number in the address (never by label: see `search`)."""
    given = [*args.getlist("person_id"), args.get("person", "")]
    ids = {str(int(v)) for v in given if v.isascii() and v.isdigit() and 0 < len(v) < 10}
    return tuple(sorted(ids)) if ids else None


def _filter(scope: audit_words.Scope, people: tuple[str, ...] | None = None) -> audit.Filter:
    """The request's filter, within an admin's team or an owner's deployment-wide rows."""
    args = request.values  # the query string, or the form posted
    people = _person_ids(args) if people is None else people
    users = _matching("user", args.get("user", "").strip(), scope)
    return audit.Filter(
        team_id=scope.team_id,
        deployment=scope.owner,
        person_refs=people,
        actor_ids=None if users is None else tuple(int(u) for u in users),
        action=args.get("action", "").strip()[:40],
    )


def _me() -> tuple[int, int | None]:
    return int(current_user.id), current_user.team_id


@bp.post("/admin/audit")
@access("admin")
def search() -> Redirect | str:
    """Find the people whose label or reference contains the words typed; show them by number."""
    # Posted, so a label never reaches an address, the browser's history or a proxy's log.
    scope = _scope()
    typed = request.form.get("person", "").strip()[:MAX_SEARCH]
    people = _matching("person", typed, scope) if typed else _person_ids(request.form)
    if people == ():
        return _page(scope, _filter(scope, people), typed)
    kept = {k: request.form.get(k, "").strip() for k in ("user", "action")}
    query = [(k, v) for k, v in kept.items() if v] + [("person_id", i) for i in people or ()]
    address = url_for("audit_log.index") + (f"?{urlencode(query)}" if query else "")
    return redirect(address, 303)


@bp.get("/admin/audit")
@access("admin")
def index() -> str:
    """One page of the audit log in names and words, newest first."""
    scope = _scope()
    return _page(scope, _filter(scope), "")


def _page(scope: audit_words.Scope, where: audit.Filter, typed: str) -> str:
    """One page of the rows the filter matches, the search typed said back (on a post only)."""
    raw = request.args.get("page", "1")
    number = int(raw) if raw.isascii() and raw.isdigit() and 0 < len(raw) < 7 else 1
    rows, total = audit.page(get_session(), where, number, PAGE_SIZE)
    lines = audit_words.describe(get_session(), scope, rows)
    get_session().rollback()
    me, team = _me()
    audit.record("audit.view", "audit", "", me, team)
    pages = max(1, -(-total // PAGE_SIZE))
    return render_template(
        "admin/audit.html",
        lines=lines,
        total=total,
        number=min(number, pages),
        pages=pages,
        where=where,
        owner=scope.owner,
        searched={"person": typed, "user": request.values.get("user", "").strip()[:MAX_SEARCH]},
        actions=audit_words.action_choices(),
        args=_link_args(where),
    )


def _link_args(where: audit.Filter) -> dict[str, object]:
    """The page's links' query: people by number, the user searched, the action."""
    args: dict[str, object] = {"person_id": list(where.person_refs or ())}
    args.update({k: request.values.get(k, "").strip() for k in ("user", "action")})
    return {k: v for k, v in args.items() if v}


@bp.get("/admin/audit.csv")
@access("admin")
def export() -> Response:
    """The matching audit rows as a CSV download: the ids, and beside them the words."""
    scope = _scope()
    where = _filter(scope)
    me, team = _me()
    audit.record("audit.export", "audit", "", me, team)
    session = get_session()

    def describe(rows: Sequence[AuditEvent]) -> list[audit_words.Line]:
        return audit_words.describe(session, scope, rows)

    # Built whole: a streamed body would keep this request's context (and user) alive.
    body = "".join(audit.to_csv(audit.matching(session, where), describe))
    response = Response(body, mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="audit-log.csv"'
    return response
