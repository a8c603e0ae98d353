"""A person's connection log, ties and network picture."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from core.auth import access, user_id
from core.db import get_session
from matcher import connections, followups, shortlist
from matcher.models import Person
from matcher.models.connections import (
    CLOSENESS_LABELS,
    HELP_KINDS,
    STAGE_LABELS,
    STOP_LABELS,
    TIE_LABELS,
)
from matcher.network import TieView, bridging_over_time, network_svg, timeline_svg
from matcher.views.common import log, person_or_404, typed_day

bp = Blueprint("connections", __name__)


def _page(person: Person, errors: dict[str, str], status: int = 200) -> tuple[str, int]:
    session = get_session()
    entries = connections.person_log(session, int(person.id or 0))
    ties = connections.person_ties(session, int(person.id or 0))
    views = [TieView(t.label, t.kind, t.closeness, t.started_on, t.ended_on) for t in ties]
    timeline = bridging_over_time(views, date.today())
    known = {e.connection.resource_id for e in entries}
    choices = [(e.connection.resource_id, e.resource_name) for e in entries]
    choices += [
        (r.id, r.name)
        for r in shortlist.resources(session, int(person.id or 0))
        if r.id not in known
    ]
    page = render_template(
        "matcher/connections.html",
        person=person,
        entries=entries,
        ties=ties,
        current=[t for t in ties if t.ended_on is None],
        picture=network_svg(person.label, views),
        timeline=timeline,
        timeline_picture=timeline_svg(timeline),
        choices=choices,
        form=request.form,
        errors=errors,
        today=date.today().isoformat(),
        STAGES=STAGE_LABELS,
        STOPS=STOP_LABELS,
        KINDS=TIE_LABELS,
        CLOSENESS=CLOSENESS_LABELS,
        HELP=HELP_KINDS,
    )
    return page, status


@bp.route("/people/<int:person_id>/connections")
@access("practitioner")
def page(person_id: int) -> tuple[str, int]:
    """The person's connection log, ties and network picture."""
    found = person_or_404(person_id)
    log("person.view", person_id)
    return _page(found, {})


@bp.route("/people/<int:person_id>/connections", methods=["POST"])
@access("practitioner")
def record(person_id: int) -> tuple[str, int] | Response:
    """Record a connection's next stage."""
    found = person_or_404(person_id)
    session = get_session()
    form = request.form
    try:
        connection = connections.record_stage(
            session,
            found,
            form.get("resource_id", ""),
            form.get("stage", ""),
            typed_day(form.get("on", "")),
            form.get("reason", ""),
            form.get("reason_text", ""),
            user_id(),
        )
    except connections.NotAllowed as exc:
        session.rollback()
        log("person.view", person_id)
        return _page(found, {"stage": str(exc)}, 400)
    followups.settle_from_log(session, found, connection.resource_id, connection.stage, user_id())
    flash("Recorded.", "success")
    return redirect(url_for("connections.page", person_id=person_id) + "#log-title")


@bp.route("/people/<int:person_id>/ties", methods=["POST"])
@access("practitioner")
def add_tie(person_id: int) -> tuple[str, int] | Response:
    """Record someone the person has met."""
    found = person_or_404(person_id)
    session = get_session()
    form = request.form
    label, kind, closeness = form.get("label", ""), form.get("kind", ""), form.get("closeness", "")
    # Every field's problem at once, the date's with the rest.
    problems = connections.tie_problems(label, kind, closeness, form.getlist("help"))
    try:
        started_on = typed_day(form.get("started_on", ""))
        if not problems:
            connections.add_tie(
                session, found, label, kind, closeness, form.getlist("help"), started_on, user_id()
            )
    except connections.NotAllowed as exc:
        problems.append(str(exc))
    if problems:
        session.rollback()
        log("person.view", person_id)
        return _page(found, {"tie": " ".join(problems)}, 400)
    flash("Tie recorded.", "success")
    return redirect(url_for("connections.page", person_id=person_id) + "#network-title")


@bp.route("/people/<int:person_id>/ties/<int:tie_id>/end", methods=["POST"])
@access("practitioner")
def end_tie(person_id: int, tie_id: int) -> tuple[str, int] | Response:
    """Record that a tie has ended."""
    found = person_or_404(person_id)
    session = get_session()
    try:
        connections.end_tie(session, found, tie_id, None, user_id())
    except connections.NotAllowed as exc:
        session.rollback()
        log("person.view", person_id)
        return _page(found, {"end": str(exc)}, 400)
    flash("Recorded that the tie has ended.", "success")
    return redirect(url_for("connections.page", person_id=person_id) + "#ties-title")
