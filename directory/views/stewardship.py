"""Word of mouth into an existing record (preview, choose, hold) and pending changes."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.wrappers import Response

from core import audit, mail, ratelimit
from core.auth import access, team_id, user_id
from core.db import get_session
from core.hosts import absolute_url
from core.models import Team
from directory import team_notes
from directory.models import PendingChange, Resource
from directory.stewardship import organiser, pending
from directory.stewardship.editing import place_note
from directory.validation import email_problem
from directory.views.public_entry import entry
from directory.views.quick_add_form import as_read, parse_quick_add, quick_add_page, quick_add_times

bp = Blueprint("stewardship", __name__)


def _get(resource_id: str) -> Resource:
    found = get_session().get(Resource, resource_id)
    if found is None:
        abort(404, "That resource is not in the directory.")
    return found


def _preview_page(
    resource: Resource, form: Any, rows: list[pending.PreviewRow], errors: dict[str, str]
) -> str:
    return render_template(
        "workspace/heard.html",
        resource=resource,
        form=form,
        rows=rows,
        errors=errors,
        choices={row.key: form.get(f"choice-{row.key}", row.default) for row in rows},
        told_by=form.get("told_by", "").strip(),
        place_notes=[row for row in rows if row.note],
    )


@bp.route("/workspace/resources/<resource_id>/heard", methods=["GET", "POST"])
@access("member")
def heard(resource_id: str) -> tuple[str, int] | Response:
    """Add what I heard to this record: the form, then a field-by-field preview, then hold."""
    resource = _get(resource_id)
    if request.method == "GET":
        return quick_add_page({"name": resource.name}, {}, [], into=resource)
    form = request.form
    notes: list[str] = []
    data, errors = parse_quick_add(form, notes, into=resource)
    if data is None:
        return quick_add_page(form, errors, [], 400, into=resource)
    reading = quick_add_times(form)
    if form.get("action") == "change":  # back from the preview to correct what was heard
        return quick_add_page(as_read(form, reading), {}, [], into=resource, notes=notes)
    if reading is not None and reading.guessed and form.get("action") != "hold":
        return quick_add_page(
            as_read(form, reading), {}, [], checking=True, into=resource, notes=notes
        )
    form = as_read(form, reading)
    session = get_session()
    rows = pending.preview(session, resource, data)
    if not form.get("place") and not form.get("online"):
        rows = [r for r in rows if r.field not in ("locations", "setting")]  # none was heard
    if form.get("action") != "hold":
        return _preview_page(resource, form, rows, {}), 200
    chosen = {row.key: form.get(f"choice-{row.key}", "") for row in rows}
    chosen = {k: v for k, v in chosen.items() if v}
    try:
        after, left_out = pending.choose(resource, rows, chosen)
        held = pending.hold(session, resource, after, left_out, user_id())
    except pending.PendingError as exc:
        session.rollback()
        return _preview_page(resource, form, rows, {exc.field or "choices": str(exc)}), 400
    team_notes.add_to(session, resource.id, team_id(), user_id(), team_notes.given(data))
    try:
        session.commit()
    except StaleDataError:
        session.rollback()
        abort(409, "Someone else changed this resource at the same moment. Please try again.")
    _say_what_happened(resource, held, left_out, pending.chosen_notes(rows, chosen))
    return redirect(url_for("team.resource", resource_id=resource.id))


def _say_what_happened(
    resource: Resource, held: PendingChange | None, left_out: list[str], notes: list[str]
) -> None:
    if held is not None:
        flash(
            f"Held as a change waiting for confirmation on “{resource.name}”. The public page, "
            "the open data feed and handouts keep the confirmed facts until someone confirms it.",
            "success",
        )
    else:
        flash(f"Added what you heard to “{resource.name}”.", "success")
    if left_out:
        flash("Not used, as you chose: " + "; ".join(left_out) + ".", "info")
    for note in notes:
        flash(note, "flag")


def _pending(pending_id: int) -> tuple[PendingChange, Resource]:
    session = get_session()
    found = session.get(PendingChange, pending_id)
    resource = session.get(Resource, found.resource_id) if found is not None else None
    if found is None or resource is None:
        abort(404, "That change is not waiting any more.")
    return found, resource


@bp.post("/workspace/pending/<int:pending_id>/confirm")
@access("member")
def confirm_pending(pending_id: int) -> Response:
    """Apply a held change to the record, through the same rules and history as an edit."""
    found, resource = _pending(pending_id)
    session = get_session()
    try:
        pending.confirm_pending(session, found, resource, user_id())
        session.commit()
    except pending.PendingError as exc:
        session.rollback()
        flash(f"Could not confirm: {exc}", "error")
    except StaleDataError:
        session.rollback()
        flash("Someone else changed this resource at the same moment. Please try again.", "error")
    else:
        flash("Confirmed: the change is now part of the record.", "success")
        for place in pending.added_places(found):
            if note := place_note(session, place):
                flash(note, "flag")
    return redirect(url_for("team.resource", resource_id=resource.id))


@bp.post("/workspace/pending/<int:pending_id>/discard")
@access("member")
def discard_pending(pending_id: int) -> Response:
    """Drop a held change; the record stays as it is."""
    found, resource = _pending(pending_id)
    session = get_session()
    try:
        pending.discard_pending(session, found, user_id())
        session.commit()
    except pending.PendingError as exc:
        session.rollback()
        flash(f"Could not discard: {exc}", "error")
    else:
        flash("Discarded: the record stays as it was.", "success")
    return redirect(url_for("team.resource", resource_id=resource.id))


@bp.post("/admin/team/checking")
@access("admin")
def team_setting() -> Response:
    """Turn the team's second-person confirmation of word-of-mouth entries on or off."""
    session = get_session()
    team = session.get(Team, current_user.team_id) if current_user.team_id else None
    if team is None:
        abort(404, "Only a team's admin sets how the team checks entries.")
    team.second_confirmer = bool(request.form.get("second_confirmer"))
    session.add(team)
    session.commit()
    audit.record("team.checking", "team", team.id or "", int(current_user.id), team.id)
    state = "now asks" if team.second_confirmer else "no longer asks"
    flash(f"{team.name} {state} a second person to confirm word-of-mouth entries.", "success")
    return redirect(url_for("auth.users"))


# --- Ask the organiser -------------------------------------------------------------------------

ORGANISER_FIELDS = (
    ("description", "What it is"),
    ("phone", "Phone"),
    ("email", "E-mail"),
    ("url", "Website"),
    ("join_details", "How to join"),
    ("fees_description", "What it costs"),
)


@bp.post("/workspace/resources/<resource_id>/ask")
@access("member")
def ask_organiser(resource_id: str) -> tuple[str, int] | Response:
    """Make a single-use link for the organiser, to copy into a message (and perhaps e-mail it)."""
    # It is e-mailed when e-mail is set up and an address was given; the address is not kept.
    resource = _get(resource_id)
    address = request.form.get("organiser_email", "").strip()
    if address and (len(address) > 254 or email_problem(address)):
        # What they typed is said back, so nothing is lost (the address is never stored).
        flash(
            f"Organiser’s e-mail: “{address[:254]}” is not an e-mail address. Enter one like "
            "name@example.org, or leave it empty. No link was made.",
            "error",
        )
        return redirect(url_for("team.resource", resource_id=resource.id, _anchor="ask"))
    session = get_session()
    token = organiser.make_link(session, resource, user_id())
    session.commit()
    link = absolute_url("stewardship.organiser_page", token=token)
    message = render_template(
        "workspace/organiser_message.txt", resource=resource, link=link, days=organiser.LINK_DAYS
    )
    sent = ""
    if address and mail.configured():
        try:
            mail.send(address, f"Is your listing right? {resource.name}", message)
            sent = "sent"
        except mail.MailError:
            current_app.logger.warning("organiser link e-mail failed resource_id=%s", resource.id)
            sent = "failed"
    page = render_template(
        "workspace/asked.html",
        resource=resource,
        link=link,
        message=message,
        sent=sent,
        days=organiser.LINK_DAYS,
        mail_on=mail.configured(),
    )
    return page, 201


def _link_gone(state: organiser.LinkState) -> tuple[str, int]:
    """The page for a used, expired or unknown link."""
    words = {
        organiser.LinkState.USED: "This link has already been used. Thank you: the team has "
        "what you told them. If something else has changed, ask them for a new link.",
        organiser.LinkState.EXPIRED: "This link has expired. If your listing needs a change, "
        "ask the team that sent it for a new link.",
    }
    message = words.get(state, "This link is not right. Check it was copied in full.")
    page = render_template("public/organiser_gone.html", message=message, state=state.value)
    return page, 404 if state == organiser.LinkState.UNKNOWN else 410


@bp.route("/organiser/<token>", methods=["GET", "POST"])
@access("public")
def organiser_page(token: str) -> tuple[str, int]:
    """The organiser's view of their listing: confirm it, or suggest changes."""
    attempt = ratelimit.begin_address_attempt()
    if not attempt.allowed:
        wait = ratelimit.wait_text(attempt.retry_after_seconds)
        abort(429, f"Too many tries from here. Please wait {wait} and try again.")
    session = get_session()
    state, link = organiser.find(session, token)
    if state != organiser.LinkState.OPEN or link is None:
        return _link_gone(state)  # counted: guessing links is slowed down
    session.rollback()  # SQLite has one writer: release ours before the limiter's own write
    ratelimit.forget(attempt)
    state, link = organiser.find(session, token)
    if state != organiser.LinkState.OPEN or link is None:
        return _link_gone(state)
    resource = _get(link.resource_id)
    if request.method == "GET":
        return _organiser_form(resource, token, dict(_current(resource)), {}), 200
    if request.form.get("action") == "confirm":
        if not organiser.confirm(session, link, resource):
            session.rollback()
            return _link_gone(organiser.LinkState.USED)
        session.commit()
        return render_template("public/organiser_thanks.html", confirmed=True), 200
    try:
        held = organiser.suggest(session, link, resource, request.form)
    except organiser.SuggestionError as exc:
        session.rollback()
        values = {name: request.form.get(name, "") for name, _ in ORGANISER_FIELDS}
        values["note"] = request.form.get("note", "")
        return _organiser_form(resource, token, values, exc.problems), 400
    if held is None:
        session.rollback()
        return _link_gone(organiser.LinkState.USED)
    session.commit()
    return render_template("public/organiser_thanks.html", confirmed=False), 200


def _current(resource: Resource) -> dict[str, str]:
    return {name: getattr(resource, name) or "" for name, _ in ORGANISER_FIELDS}


def _organiser_form(
    resource: Resource, token: str, values: dict[str, str], errors: dict[str, str]
) -> str:
    """The listing in plain words (public facts only) with the confirm and suggest forms."""
    return render_template(
        "public/organiser.html",
        e=entry(resource),
        token=token,
        values=values,
        errors=errors,
        fields=ORGANISER_FIELDS,
    )
