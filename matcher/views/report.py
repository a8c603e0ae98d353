"""The team report page and its CSV exports (counts only, for the signed-in user's team)."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, make_response, render_template
from werkzeug.wrappers import Response

from core import audit
from core.auth import access, team_id, user_id
from core.db import get_session
from matcher import change, report

bp = Blueprint("report", __name__)
PLOT_W = 220  # the change chart's plotting width (its labels take 150 more)


def _team() -> int:
    team = team_id()
    if team is None:
        abort(404, "Your account is not in a team, so there is no team report.")
    return team


@bp.route("/people/report")
@access("practitioner")
def page() -> str:
    """Gaps, barriers, resources most used and bridging share, as charts with tables."""
    team = _team()
    session = get_session()
    sections = report.team_report(session, team)
    changes = change.team_change(session, team)
    placed, zero, reach = change.forest(changes, PLOT_W)
    attended, shares = change.setting_share(session, team)
    outcome = {
        "changes": changes,
        "forest": placed,
        "zero": zero,
        "plot_w": PLOT_W,
        "reach": reach,
        "quarters": change.connections_per_quarter(session, team, date.today()),
        "attended": attended,
        "shares": shares,
        "completion": change.follow_up_completion(session, team, date.today()),
        "fewer": change.outcomes.FEWER,
    }
    session.rollback()
    audit.record("report.view", "team", team, user_id(), team)
    return render_template("matcher/report.html", sections=sections, o=outcome)


@bp.route("/people/report/<name>.csv")
@access("practitioner")
def csv_export(name: str) -> Response:
    """One section of the team report as a CSV file."""
    if name not in report.SECTIONS:
        abort(404, "There is no such part of the report.")
    team = _team()
    section = report.team_report(get_session(), team)[name]
    audit.record("report.export", "team", team, user_id(), team)
    response = make_response(report.to_csv(section.headers, section.rows))
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="team-report-{name}.csv"'
    return response
