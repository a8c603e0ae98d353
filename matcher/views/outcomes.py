"""Outcomes pages: a person's scores and change, due follow-ups, and the team's settings."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from sqlmodel import Session, col, delete
from werkzeug.wrappers import Response

from core import audit
from core.auth import access, safe_next, team_id, user_id
from core.db import get_session
from matcher import change, followups, outcomes
from matcher.connections import NotAllowed
from matcher.models import OutcomeScore, Person
from matcher.models.connections import STOP_LABELS
from matcher.outcomes import ScoreError
from matcher.views.common import log, person_context, person_or_404, typed_day

bp = Blueprint("outcomes", __name__)


def _team() -> int:
    team = team_id()
    if team is None:
        abort(404, "Your account is not in a team, so it has no follow-ups or outcomes.")
    return team


def _page(person: Person, errors: dict[str, str], status: int = 200) -> tuple[str, int]:
    session = get_session()
    measures = change.team_measures(followups.team_settings(session, person.team_id))
    context = person_context(person)
    page = render_template(
        "matcher/outcomes.html",
        person=person,
        measures=measures,
        errors=errors,
        form=request.form,
        field_name=outcomes.field_name,
        recorded=change.recorded(context["series"]),  # type: ignore[arg-type]
        **context,
    )
    return page, status


@bp.route("/people/<int:person_id>/outcomes")
@access("practitioner")
def page(person_id: int) -> tuple[str, int]:
    """The person's outcome scores over time, with forms to record new ones."""
    found = person_or_404(person_id)
    log("person.view", person_id)
    return _page(found, {})


def _measure(person: Person, code: str) -> outcomes.Measure:
    settings = followups.team_settings(get_session(), person.team_id)
    found = {m.code: m for m in change.team_measures(settings, {code})}.get(code)
    if found is None:
        abort(404, "There is no such measure.")
    return found


@bp.route("/people/<int:person_id>/outcomes/<code>", methods=["POST"])
@access("practitioner")
def record(person_id: int, code: str) -> tuple[str, int] | Response:
    """Record one measure's scores on a date; an impossible score saves nothing."""
    found = person_or_404(person_id)
    measure = _measure(found, code)
    session = get_session()
    form = {k: request.form.get(k, "") for k in request.form}
    scores, errors = outcomes.read_scores(measure, form)
    try:  # every field's problem is said at once, the date's too
        taken = outcomes.check_date(
            f"{code}-taken_on", form.get(f"{code}-taken_on", ""), date.today()
        )
    except ScoreError as exc:
        errors[exc.field] = exc.message
    if errors:
        session.rollback()
        log("person.view", person_id)
        return _page(found, {**errors, "measure": code}, 400)
    for part, value in scores.items():
        session.add(
            OutcomeScore(
                person_id=person_id,
                measure=code,
                part=part,
                value=value,
                taken_on=taken,
                recorded_by_id=user_id(),
            )
        )
    session.commit()
    log("outcome.record", person_id)
    flash(f"{measure.name} recorded for {taken:%d %B %Y}.", "success")
    return redirect(url_for("outcomes.page", person_id=person_id) + "#scores-title")


@bp.route("/people/<int:person_id>/outcomes/<code>/delete", methods=["POST"])
@access("practitioner")
def remove(person_id: int, code: str) -> Response:
    """Remove one measure's scores on one date (a score entered by mistake)."""
    person_or_404(person_id)
    session = get_session()
    try:
        taken = date.fromisoformat(request.form.get("taken_on", ""))
    except ValueError:
        abort(400, "taken_on: choose the date of the scores to remove.")
    gone = session.exec(
        delete(OutcomeScore).where(
            col(OutcomeScore.person_id) == person_id,
            col(OutcomeScore.measure) == code,
            col(OutcomeScore.taken_on) == taken,
        )
    )
    session.commit()
    log("outcome.remove", person_id)
    flash("Removed." if gone.rowcount else "There were no such scores.", "success")
    return redirect(url_for("outcomes.page", person_id=person_id) + "#scores-title")


@bp.route("/people/<int:person_id>/follow-ups/<int:follow_up_id>", methods=["POST"])
@access("practitioner")
def answer(person_id: int, follow_up_id: int) -> Response | tuple[str, int]:
    """Record in one step what happened: went again, went once, did not go (why) or not yet."""
    found = person_or_404(person_id)
    session = get_session()
    form = request.form
    back = safe_next(form.get("next"), url_for("people.person", person_id=person_id))
    try:
        followups.answer(
            session,
            found,
            follow_up_id,
            form.get("answer", ""),
            typed_day(form.get("on", "")),
            form.get("reason", ""),
            form.get("reason_text", ""),
            user_id(),
        )
    except NotAllowed as exc:
        session.rollback()
        return _answer_again(session, found, follow_up_id, back, str(exc))
    flash("Follow-up recorded.", "success")
    return redirect(back)


def _answer_again(
    session: Session, found: Person, follow_up_id: int, back: str, error: str
) -> Response | tuple[str, int]:
    """The refused answer's form again, everything as typed and the error beside it."""
    due = followups.open_follow_ups(session, found.team_id, person_id=found.id)
    shown = next((d for d in due if d.follow_up.id == follow_up_id), None)
    if shown is None:  # answered or gone meanwhile: nothing to correct
        flash(f"Nothing was recorded: {error}", "error")
        return redirect(back)
    page = render_template(
        "matcher/followup_retry.html",
        due=shown,
        back=back,
        posted=request.form,
        error=error,
        STOPS=STOP_LABELS,
        today=date.today(),
    )
    return page, 400


@bp.route("/follow-ups")
@access("practitioner")
def due_list() -> str:
    """The follow-ups due for the signed-in practitioner (or the whole team), and measures due."""
    team = _team()
    session = get_session()
    everyone = request.args.get("all") == "1"
    due = followups.open_follow_ups(
        session, team, set_by=None if everyone else user_id(), due_by=date.today()
    )
    measures_due = change.team_reminders(session, team, date.today())
    session.rollback()
    audit.record("follow_up.list", "team", team, user_id(), team)
    return render_template(
        "matcher/followups.html",
        due=due,
        measures_due=measures_due,
        everyone=everyone,
        STOPS=STOP_LABELS,
        today=date.today(),
    )


@bp.route("/people/outcome-settings", methods=["GET", "POST"])
@access("admin")
def settings() -> tuple[str, int] | Response:
    """The team's follow-up interval, measures in use, reminder schedule and own measure."""
    team = _team()
    session = get_session()
    current = followups.team_settings(session, team)
    errors: dict[str, str] = {}
    if request.method == "POST":
        form = {k: request.form.get(k, "") for k in request.form}
        try:
            followups.save_settings(
                session, team, form, request.form.getlist("measures"), user_id()
            )
            session.commit()
        except ScoreError as exc:
            session.rollback()
            errors[exc.field] = exc.message
        else:
            audit.record("outcome_settings.update", "team", team, user_id(), team)
            flash("Saved.", "success")
            return redirect(url_for("outcomes.settings"))
    page = render_template(
        "matcher/outcome_settings.html",
        current=current,
        form=request.form if errors else None,
        errors=errors,
        MEASURES=outcomes.MEASURES,
    )
    return page, 400 if errors else 200
