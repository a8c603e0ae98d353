"""The practitioner's pages for people: profile, find opportunities, shortlist and handout."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from flask import (
    Blueprint,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from sqlmodel import Session
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from core.auth import access, safe_next, team_id, user_id
from core.db import get_session
from core.models import Team
from core.times import date_text, utcnow
from core.web import nul_message, nul_taken_out, takes_nul_back
from directory import geo, team_notes
from directory.models import Resource
from directory.resources import get_resources
from directory.stewardship import freshness
from matcher import connections, facts, followups, notes, shortlist
from matcher import free_times as noted
from matcher.models import FollowUpKind, Person
from matcher.models.goals import StepStatus
from matcher.people import (
    PlaceNotFound,
    create_person,
    home_note,
    reference_problem,
    team_people,
    update_person,
)
from matcher.reader.text import note_words
from matcher.travel_limit import TravelLimit, read_travel_limit
from matcher.views import common
from matcher.views.common import Relax, log, person_context, person_or_404

bp = Blueprint("people", __name__)
STEP_WORDS = {"todo": "not started", "doing": "doing", "done": "done"}


def _form_page(
    person: Person | None,
    form: Any,
    errors: dict[str, str],
    status: int,
    suggestions: list[notes.Suggestion] | None = None,
    fact_suggestions: list[facts.Fact] | None = None,
    free_suggestions: list[noted.FreeTime] | None = None,
    travel_suggestion: TravelLimit | None = None,
) -> tuple[str, int]:
    page = render_template(
        "matcher/person_form.html",
        person=person,
        form=form,
        errors=errors,
        suggestions=suggestions,
        fact_suggestions=fact_suggestions or [],
        free_suggestions=free_suggestions or [],
        travel_suggestion=travel_suggestion,
        avoided=get_resources(get_session(), form.getlist("avoid")),
        free_times=common.free_time_rows(form),
        goals=common.goal_rows(form),
        c=common,
    )
    return page, status


def _suggestions(form: Any) -> list[notes.Suggestion]:
    """Terms found in the notes that are not already ticked, quoting the note's own words."""
    note = form.get("notes", "")
    return [
        replace(s, phrase=note_words(s.phrase, note))
        for s in notes.extract(note)
        if s.code not in form.getlist(common.NOTE_KIND_FIELD[s.kind])
    ]


def _fact_suggestions(form: Any) -> list[facts.Fact]:
    """Facts found in the notes that are not already accepted, quoting the note's own words."""
    accepted = set(form.getlist("accepted_facts"))
    if form.get("avoid_mental_health_settings"):
        accepted.add("avoid-mh-settings")
    # Not interested in what is ticked already, either way round.
    accepted |= {facts.not_interested(c) for c in common.not_interested_ticked(form)}
    accepted |= {facts.not_interested(c) for n in common.INTEREST_FIELDS for c in form.getlist(n)}
    accepted |= {f"access:{c}" for c in form.getlist("access_needs")}  # the need ticked already
    note = form.get("notes", "")
    return [
        replace(f, phrase=note_words(f.phrase, note))
        for f in facts.read_facts(note)
        if f.code not in accepted
    ]


def _free_suggestions(form: Any) -> list[noted.FreeTime]:
    """Free times the notes say, less those already given, quoting the note's own words."""
    given = noted.merged(common.typed_free_times(form), common.ticked_free_times(form))
    note = form.get("notes", "")
    return [
        replace(f, phrase="; ".join(note_words(p, note) or p for p in f.phrase.split("; ")))
        for f in noted.read_free_times(note)
        if not all(noted.covered(w, given) for w in f.dicts())
    ]


def _travel_suggestion(form: Any) -> TravelLimit | None:
    """How far the notes say they will travel, when no distance is typed, in the note's words."""
    note = form.get("notes", "")
    found = None if form.get("max_km", "").strip() else read_travel_limit(note)
    return replace(found, phrase=note_words(found.phrase, note) or found.phrase) if found else None


def _unknown_place(where: str) -> str:
    """What to say of a home place not in the gazetteer: the likely name when there is one."""
    likely = geo.suggest(get_session(), where)
    if likely and geo.place_key(likely) != geo.place_key(where):
        return f"We could not find that postcode or place. Did you mean {likely}?"
    return "We could not find that postcode or place. Check it, or leave it blank"


def _stored_problems(
    session: Session, team: int | None, person: Person | None, form: Any, errors: dict[str, str]
) -> None:
    """Add what only stored data tells: no team, a reference taken, a new place not known."""
    if team is None:
        errors.setdefault("label", "Your account is not in a team, so it cannot hold people")
    elif taken := reference_problem(session, team, form.get("reference", ""), _id(person)):
        errors["reference"] = taken
    # An unknown place is said with the other problems, not only once they are put right.
    where = _new_place(person, form) if errors and "where" not in errors else ""
    if where and geo.lookup(session, where) is None:
        errors["where"] = _unknown_place(where)


def _id(person: Person | None) -> int | None:
    """The person's id (None for someone not yet saved)."""
    return person.id if person else None


def _new_place(person: Person | None, form: Any) -> str:
    """The home postcode or place typed, when it is not the one already saved ("" if none)."""
    where = form.get("where", "").strip()
    saved = (
        {geo.place_key(v).replace(" ", "") for v in (person.postcode, person.place) if v}
        if person
        else set()
    )
    return "" if geo.place_key(where).replace(" ", "") in saved else where


def _nul_errors(form: Any) -> dict[str, str]:
    """A message by field id for each field a NUL character was taken out of."""
    errors: dict[str, str] = {}
    for name, index in nul_taken_out():
        field = common.field_id(form, name, index)
        label = common.FORM_LABELS.get(field, "This field")
        errors.setdefault(field, nul_message(label))
    return errors


def _save(person: Person | None) -> tuple[str, int] | Response:
    """Check the profile form; save it, or show it again with the problems and nothing lost."""
    form = common.with_ticked_travel(request.form)
    session = get_session()
    pid = _id(person)
    if nul := _nul_errors(form):
        session.rollback()
        log("person.view", pid)
        return _form_page(person, form, nul, 400)
    # Audit rows are written on their own connection: end this request's write transaction
    # first, or SQLite's write lock would make the audit wait on ourselves.
    if form.get("action") in {"suggest", "more"}:
        session.rollback()
        log("person.view", pid)
        if form.get("action") == "suggest":
            found = _suggestions(form), _fact_suggestions(form), _free_suggestions(form)
            # Read all the same, but a note too long to save is said now, not at Save.
            too_long = {k: v for k, v in common.parse_form(form)[2].items() if k == "notes"}
            return _form_page(person, form, too_long, 200, *found, _travel_suggestion(form))
        return _form_page(person, form, {}, 200)
    data, goals, errors = common.parse_form(form)
    team = team_id()
    _stored_problems(session, team, person, form, errors)
    if data is not None and not errors:
        try:
            if person is None:
                person = create_person(session, data, int(team or 0))
            else:
                update_person(session, person, data)
            common.set_goals(person, goals)
            session.commit()
        except PlaceNotFound:
            session.rollback()
            errors["where"] = _unknown_place(form.get("where", ""))
        else:
            log("person.create" if request.endpoint == "people.new" else "person.update", person.id)
            flash("Saved.", "success")
            return redirect(url_for("people.person", person_id=person.id))
    session.rollback()
    log("person.view", pid)
    return _form_page(person, form, errors, 400)


@bp.route("/people")
@access("practitioner")
def index() -> str:
    """Everyone this team supports."""
    team = team_id()
    rows = team_people(get_session(), team) if team is not None else []
    log("person.list", None)
    return render_template("matcher/people.html", people=rows, has_team=team is not None)


@bp.route("/people/new", methods=["GET", "POST"])
@takes_nul_back
@access("practitioner")
def new() -> tuple[str, int] | Response:
    """Record a new person."""
    if request.method != "POST":
        return _form_page(None, MultiDict(), {}, 200)
    return _save(None)


@bp.route("/people/<int:person_id>")
@access("practitioner")
def person(person_id: int) -> str:
    """A person's profile, goals and shortlist at a glance."""
    found = person_or_404(person_id)
    listed = shortlist.resources(get_session(), person_id)
    avoided = get_resources(get_session(), list(found.avoid_resource_ids))
    context = person_context(found)
    log("person.view", person_id)
    return render_template(
        "matcher/person.html",
        person=found,
        listed=listed,
        avoided=avoided,
        home_note=home_note(get_session(), found),
        c=common,
        **context,
    )


@bp.get("/people/<int:person_id>/goals")
@access("practitioner")
def goals(person_id: int) -> str:
    """The person's goals, each step with buttons to tick it off or move it on."""
    found = person_or_404(person_id)
    log("person.view", person_id)
    return render_template("matcher/goals.html", person=found, statuses=STEP_WORDS)


@bp.post("/people/<int:person_id>/goals/steps/<int:step_id>")
@access("practitioner")
def goal_step(person_id: int, step_id: int) -> Response:
    """Set where one of the person's goal steps has got to; back to that step."""
    found = person_or_404(person_id)
    session = get_session()
    step = next((s for g in found.goals for s in g.steps if s.id == step_id), None)
    status = request.form.get("status", "")
    back = url_for("people.goals", person_id=person_id)
    if step is None:
        session.rollback()
        flash("That step is not one of this person's goals. Nothing was changed.", "error")
        return redirect(back)
    if status not in STEP_WORDS:
        session.rollback()
        flash("Status: choose not started, doing or done. Nothing was changed.", "error")
        return redirect(f"{back}#step-{step_id}")
    if step.status != status:
        step.status, step.updated_at = StepStatus(status), utcnow()
    session.commit()
    log("person.update", person_id)
    # Not the step's words: a flashed message travels in the session cookie, signed, not hidden.
    flash(f"The step is now {STEP_WORDS[status]}.", "success")
    return redirect(f"{back}#step-{step_id}")


@bp.route("/people/<int:person_id>/edit", methods=["GET", "POST"])
@takes_nul_back
@access("practitioner")
def edit(person_id: int) -> tuple[str, int] | Response:
    """Change what is recorded about a person."""
    found = person_or_404(person_id)
    if request.method != "POST":
        log("person.view", person_id)
        return _form_page(found, common.form_of(found), {}, 200)
    return _save(found)


@bp.route("/people/<int:person_id>/matches")
@access("practitioner")
def matches(person_id: int) -> str:
    """Find opportunities: ranked suggestions, near misses and new ideas, with relaxations."""
    found = person_or_404(person_id)
    how = Relax.of(request.args)
    result = connections.with_team_attendance(get_session(), found, common.run_match(found, how))
    listed = set(shortlist.resource_ids(get_session(), person_id))
    shown = [s.resource_id for s in result.suggestions] + [
        n.resource_id for n in result.near_misses
    ]
    log("match.run", person_id)
    return render_template(
        "matcher/matches.html",
        person=found,
        result=result,
        listed=listed,
        flagged=freshness.flagged(get_session(), shown),
        unchecked=freshness.unchecked(get_session(), shown),
        no_distance=found.max_km is not None and None in (found.latitude, found.longitude),
        home_note=home_note(get_session(), found),
        where_when=shortlist.where_when(get_session(), found, shown),
        how=how,
        gaps=common.gap_rows(found, result, how),
        said=any(getattr(found, name) for name in common.INTEREST_FIELDS),
        here=request.full_path if request.query_string else request.path,
        c=common,
    )


def _back(person_id: int) -> str:
    return safe_next(
        request.form.get("next"), default=url_for("people.shortlist_page", person_id=person_id)
    )


@bp.route("/people/<int:person_id>/shortlist", methods=["POST"])
@access("practitioner")
def shortlist_add(person_id: int) -> Response:
    """Put a resource on the person's shortlist."""
    found = person_or_404(person_id)
    session = get_session()
    try:
        added = shortlist.add(session, found, request.form.get("resource_id", ""), user_id())
        session.commit()
    except shortlist.NotInDirectory as exc:
        session.rollback()
        flash(str(exc), "error")
        return redirect(_back(person_id))
    log("shortlist.add", person_id)
    flash("Added to the shortlist." if added else "That is already on the shortlist.", "success")
    return redirect(_back(person_id))


@bp.route("/people/<int:person_id>/shortlist/remove", methods=["POST"])
@access("practitioner")
def shortlist_remove(person_id: int) -> Response:
    """Take a resource off the person's shortlist."""
    found = person_or_404(person_id)
    session = get_session()
    removed = shortlist.remove(session, found, request.form.get("resource_id", ""))
    session.commit()
    log("shortlist.remove", person_id)
    flash("Taken off the shortlist." if removed else "That was not on the shortlist.", "success")
    return redirect(_back(person_id))


@bp.route("/people/<int:person_id>/avoid", methods=["POST"])
@access("practitioner")
def avoid(person_id: int) -> Response:
    """Add a resource to the person's avoid list, so it is never suggested again."""
    found = person_or_404(person_id)
    session = get_session()
    rid = request.form.get("resource_id", "")
    if not rid or session.get(Resource, rid) is None:
        session.rollback()
        flash("That is not in the directory, so nothing was changed.", "error")
        return redirect(_back(person_id))
    if rid not in found.avoid_resource_ids:
        found.avoid_resource_ids = [*found.avoid_resource_ids, rid]
        shortlist.remove(session, found, rid)
    session.commit()
    log("person.update", person_id)
    flash("It will not be suggested again. You can undo this on the profile form.", "success")
    return redirect(_back(person_id))


@bp.route("/people/<int:person_id>/shortlist")
@access("practitioner")
def shortlist_page(person_id: int) -> str:
    """The shortlist, with the handout and calendar links."""
    found = person_or_404(person_id)
    listed = shortlist.resources(get_session(), person_id)
    log("person.view", person_id)
    return render_template("matcher/shortlist.html", person=found, listed=listed)


@bp.route("/people/<int:person_id>/handout")
@access("practitioner")
def handout(person_id: int) -> str:
    """The shortlist as a printable handout for the person, in plain words."""
    found = person_or_404(person_id)
    session = get_session()
    listed = shortlist.resources(session, person_id)
    ask_for: dict[str, str] = {}
    with_ask_for = request.args.get("ask_for") == "1"
    if with_ask_for:  # the person's team is the practitioner's own
        ask_for = team_notes.ask_for(session, [r.id for r in listed], found.team_id)
    stale = int(current_app.config["STALE_AFTER_DAYS"])
    # A home whose postcode is not known is its district's centre: no minute's walk from there.
    rough = geo.fallback_district(session, found.postcode or "", found.latitude, found.longitude)
    entries = [shortlist.entry(found, r, ask_for.get(r.id, ""), stale, rough) for r in listed]
    team = session.get(Team, found.team_id)
    for r in listed:  # printed: "did they go?" falls due unless one is already open
        followups.schedule(session, found, FollowUpKind.HANDOUT, r.id, user_id())
    session.commit()
    log("person.view", person_id)
    return render_template(
        "matcher/handout.html",
        person=found,
        entries=entries,
        team_lines=shortlist.team_contact(team),
        with_ask_for=with_ask_for,
        made_on=date_text(utcnow()),
    )


@bp.route("/people/<int:person_id>/shortlist.ics")
@access("practitioner")
def shortlist_ics(person_id: int) -> Response:
    """The shortlist's regular sessions as a calendar file."""
    person_or_404(person_id)
    listed = shortlist.resources(get_session(), person_id)
    from directory import ical  # icalendar loads only for a calendar feed

    body = ical.shortlist_calendar(listed)
    log("person.view", person_id)
    response = make_response(body)
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Content-Disposition"] = 'attachment; filename="shortlist.ics"'
    return response
