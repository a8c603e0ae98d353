"""Subject access (export), erasure and the retention review list, behind a fresh password."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from core.auth import access, require_recent_password, team_id
from core.db import get_engine, get_session
from matcher import privacy
from matcher.views.common import log, person_or_404

bp = Blueprint("privacy", __name__)


@bp.get("/people/<int:person_id>/export")
@access("practitioner")
@require_recent_password
def export_page(person_id: int) -> str:
    """Everything held about a person as a printable page (a subject access request)."""
    found = person_or_404(person_id)
    data = privacy.export_person(get_session(), found)
    get_session().rollback()
    log("person.export", person_id)
    return render_template("matcher/export.html", data=data)


@bp.get("/people/<int:person_id>/export.json")
@access("practitioner")
@require_recent_password
def export_json(person_id: int) -> Response:
    """Everything held about a person as a JSON download."""
    found = person_or_404(person_id)
    body = privacy.export_json(privacy.export_person(get_session(), found))
    get_session().rollback()
    log("person.export", person_id)
    response = Response(body, mimetype="application/json")
    response.headers["Content-Disposition"] = f'attachment; filename="person-{person_id}.json"'
    return response


@bp.route("/people/<int:person_id>/erase", methods=["GET", "POST"])
@access("practitioner")
@require_recent_password
def erase(person_id: int) -> Response | tuple[str, int]:
    """Ask to confirm, then erase the person and everything held about them."""
    found = person_or_404(person_id)
    if request.method != "POST":
        return render_template("matcher/erase.html", person=found, error=""), 200
    if request.form.get("confirm") != "erase":
        message = "Tick the box to confirm that everything about this person should be erased."
        return render_template("matcher/erase.html", person=found, error=message), 400
    session = get_session()
    privacy.erase_person(session, found)
    session.commit()
    privacy.scrub(get_engine())  # best effort while others read: see privacy.scrub
    log("person.erase", person_id)
    current_app.logger.info("person erased person_id=%s", person_id)
    flash("Their records have been erased.", "success")
    return redirect(url_for("people.index"))


@bp.get("/people/review")
@access("practitioner")
def review() -> str:
    """People with no activity beyond the retention period, for the team to review."""
    team = team_id()
    days = int(current_app.config["RETENTION_DAYS"])
    rows = privacy.inactive(get_session(), days, team) if team is not None else []
    get_session().rollback()
    log("person.list", None)
    return render_template("matcher/review.html", rows=rows, days=days)
