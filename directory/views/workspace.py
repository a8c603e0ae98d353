"""The team workspace: quick-add with a duplicate check, edit, merge, history, confirm, review."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

import wtforms
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from pydantic import ValidationError
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, select
from werkzeug.wrappers import Response

from core.auth import access, safe_next, user_id
from core.auth import team_id as signed_in_team
from core.db import get_session
from core.models import Team, User
from core.times import utcnow
from core.web import nul_message, nul_taken_out, takes_nul_back
from directory import clock, team_notes, vocabulary
from directory.models import (
    Organisation,
    Resource,
    ResourceHistory,
    ResourceUpdate,
    Status,
    normalise_postcode,
)
from directory.resources import create_resource, get_resources
from directory.search import SearchFilters, get_search
from directory.stewardship import editing, freshness, merging
from directory.stewardship.dedupe import Draft, combined, find_duplicates, merge_resources
from directory.stewardship.edit_form import (
    EditForm,
    choices,
    field_id,
    form_values,
    read_form,
    with_blank_rows,
)
from directory.stewardship.history import (
    EditConflict,
    HistoryError,
    edit_resource,
    entries,
    label,
    record,
    revert,
    snapshot,
)
from directory.validation import messages
from directory.views.links import URL_SAFE_ID
from directory.views.quick_add_form import as_read, parse_quick_add, quick_add_page, quick_add_times
from directory.views.resource_page import resource_page

bp = Blueprint("workspace", __name__)

RETRIES = 5  # a one-click change whose row another writer updated first is tried again


def _get(resource_id: str) -> Resource:
    found = get_session().get(Resource, resource_id)
    if found is None:
        abort(404, "That resource is not in the directory.")
    return found


def _retrying(resource_id: str, change: Callable[[Session, Resource], object]) -> Resource:
    """Apply and commit a change that needs no editor's version, again if a writer got in first."""
    # On PostgreSQL two requests can read the same version.
    session = get_session()
    for _ in range(RETRIES):
        resource = _get(resource_id)
        change(session, resource)
        try:
            session.commit()
            return resource
        except StaleDataError:
            session.rollback()
    abort(409, "Someone else changed this resource at the same moment. Please try again.")


@bp.route("/workspace/add", methods=["GET", "POST"])
@takes_nul_back
@access("member")
def quick_add() -> tuple[str, int] | Response:
    """Add a resource someone told you about; warn about likely duplicates first."""
    if request.method != "POST":
        return quick_add_page({}, {}, [])
    form = request.form
    notes: list[str] = []
    data, errors = parse_quick_add(form, notes)
    for name, _ in nul_taken_out():  # pasted text held a NUL: taken out, and said, not saved
        errors.setdefault(name, nul_message("This"))
    if data is None or errors:
        return quick_add_page(form, errors, [], 400)
    reading = quick_add_times(form)
    if reading is not None and reading.guessed:
        # An hour without am/pm was read the likeliest way: show it before anything is saved.
        return quick_add_page(as_read(form, reading), {}, [], checking=True, notes=notes)
    form = as_read(form, reading)
    session = get_session()
    if form.get("action") != "save-anyway":
        candidates = find_duplicates(session, Draft.of(data))
        if candidates:
            rows = {r.id: r for r in get_resources(session, [c.resource_id for c in candidates])}
            shown = [(c, rows[c.resource_id]) for c in candidates if c.resource_id in rows]
            if shown:
                return quick_add_page(form, {}, shown, notes=notes)
    resource = create_resource(session, data, added_by_id=user_id())
    session.flush()
    record(session, resource.id, "create", user_id(), [])
    session.commit()
    flash(f"Added “{resource.name}”. It shows to the team as ‘needs checking’.", "success")
    for note in notes:
        flash(note, "flag")
    return redirect(url_for("team.resource", resource_id=resource.id))


def _update_data(resource: Resource, overrides: dict[str, Any], version: Any) -> dict[str, Any]:
    """The full record as an edit submission, with the edited fields replaced."""
    data = snapshot(resource)
    for name in ("review_state", "flagged_changed", "flag_reason"):
        data.pop(name)
    data.update(overrides)
    data["version"] = version
    return data


def _edit_form(formdata: Any = None, data: dict[str, Any] | None = None) -> EditForm:
    """The edit form, from a post or from values, with the access features to choose from."""
    form = EditForm(formdata, data=data)
    form.access.choices = choices(
        (t.code, t.name) for t in vocabulary.TERMS[vocabulary.ACCESS].values()
    )
    return form


def _record_values(resource: Resource) -> dict[str, Any]:
    """The edit form's values: the record and the editor's own team's notes."""
    session = get_session()
    note = team_notes.own_note(session, resource.id, signed_in_team())
    state = {**snapshot(resource), **team_notes.values(note)}
    values = form_values(state, editing.organisation_name(session, resource.organisation_id))
    values.update(version=resource.version, team_notes_version=team_notes.version(note))
    values.update(base=editing.state_text(state))
    return values


# The edit page's fields from top to bottom (templates/workspace/edit.html): its error summary
# lists problems in the order the fields come.
EDIT_PAGE_ORDER = (
    "name", "description", "status", "setting", "organisation", "sessions", "costs",
    "fees_description", "venue", "locations", "access", "interests", "min_age", "max_age",
    "eligibility", "how_to_join", "join_details", "phones", "email", "url", "is_public",
    "told_by", "team_notes", "team_contact", "source",
)  # fmt: skip


def _on_the_page(field_id: str) -> tuple[int, str]:
    """Where a field (by its id, 'sessions-0-start' in 'sessions') comes on the edit page."""
    head = field_id.split("-")[0]
    place = EDIT_PAGE_ORDER.index(head) if head in EDIT_PAGE_ORDER else len(EDIT_PAGE_ORDER)
    return place, field_id


def _edit_page(
    resource: Resource,
    form: EditForm,
    errors: dict[str, str],
    conflict: list[dict[str, str]] | None = None,
    copied: str = "",
    kept: list[str] | None = None,
) -> str:
    session = get_session()
    team_id = signed_in_team()
    team = session.get(Team, team_id) if team_id is not None else None
    return render_template(
        "workspace/edit.html",
        resource=resource,
        form=with_blank_rows(form),
        errors=dict(sorted(errors.items(), key=lambda item: _on_the_page(item[0]))),
        conflict=conflict or [],
        clash=conflict is not None,
        kept=[label(name) for name in kept or []],
        copied=copied,
        back="review" if request.args.get("back") == "review" else "",
        team_name=team.name if team is not None else "",
        in_team=team_id is not None,
        organisations=editing.organisation_names(session),
        venues=editing.venue_choices(session),
        interest_terms=vocabulary.TERMS[vocabulary.INTEREST].values(),
        label=label,
    )


def _grown(resource: Resource, form: EditForm, section: str) -> tuple[str, int]:
    """The form again with one more empty row (or the chosen venue copied in); nothing saved."""
    if section == "venue":
        return _copy_venue(resource, form)
    if section in ("sessions", "costs", "locations", "phones", "interests"):
        form[section].append_entry()
    return _edit_page(resource, form, {}), 200


def _copy_venue(resource: Resource, form: EditForm) -> tuple[str, int]:
    """A place copied from the directory with its venue's access, or why it was not."""
    session = get_session()
    typed = str(form.venue.data or "").strip()
    found = editing.find_venue(session, typed) if typed else None
    if found is None:
        message = (
            f"No place called {clock.shown(typed)} is in the directory: add it as a new place "
            "below instead"
            if typed
            else "Type a venue's name or postcode, then press “Add this place”"
        )
        return _edit_page(resource, form, {"venue": message}), 400
    venue, resource_ids = found
    form.locations.entries = [e for e in form.locations.entries if not _empty_place(e)]
    form.locations.append_entry(venue.values())
    access = editing.venue_access(session, resource_ids, resource.id)
    form.access.data = sorted(set(form.access.data or []) | set(access))
    form.venue.data = ""
    names = ", ".join(vocabulary.label(vocabulary.ACCESS, c) for c in access)
    copied = f"Copied {venue.choice} from the directory" + (
        f" with its access: {names}." if names else "."
    )
    return _edit_page(resource, form, {}, copied=copied), 200


def _empty_place(entry: Any) -> bool:
    return not any(str(entry.form[k].data or "").strip() for k in ("name", "address", "postcode"))


def _submission(resource: Resource, form: EditForm) -> tuple[ResourceUpdate | None, Any]:
    """The posted form as a validated edit, or None and the reading with its errors."""
    notes: dict[str, Any] = {}
    if signed_in_team() is not None:
        notes[team_notes.SHARED] = bool(request.form.get(team_notes.SHARED))
    notes["team_notes_version"] = str(form.team_notes_version.data or "").strip() or None
    note = team_notes.own_note(get_session(), resource.id, signed_in_team())
    base = _update_data(resource, {**team_notes.values(note), **notes}, form.version.data)
    reading = read_form(form, base, request.form)
    if "organisation" in request.form:
        typed = " ".join(str(form.organisation.data or "").split())
        found = editing.find_organisation(get_session(), typed) if typed else None
        reading.data["organisation_id"] = found.id if found is not None else None
        reading.new_organisation = typed if typed and found is None else ""
        asked = request.form.get("organisation_new") == typed  # said twice: a new one after all
        if reading.new_organisation and (
            problem := editing.new_organisation_problem(get_session(), typed, asked)
        ):
            reading.errors["organisation"] = problem
    try:  # checked even when a field above has failed: every problem is said at once
        ResourceUpdate(**reading.data)
    except ValidationError as exc:
        for path, message in messages(exc).items():
            reading.errors.setdefault(field_id(path, reading), message)
        return None, reading
    if reading.errors:
        return None, reading
    reading.notes = editing.locate(get_session(), reading.data["locations"])  # map positions
    return ResourceUpdate(**reading.data), reading


@bp.route("/workspace/resources/<resource_id>/edit", methods=["GET", "POST"])
@access("member")
def edit(resource_id: str) -> tuple[str, int] | Response:
    """Edit every fact of a resource; an edit from an older version is shown beside the current."""
    # Everything typed is kept in the form.
    resource = _get(resource_id)
    if request.method == "GET":
        return _edit_page(resource, _edit_form(data=_record_values(resource)), {}), 200
    form = _edit_form(request.form)
    if request.form.get("add"):
        return _grown(resource, form, str(request.form["add"]))
    data, reading = _submission(resource, form)
    if data is None:
        errors = {k: v[:1].upper() + v[1:] for k, v in reading.errors.items()}
        return _edit_page(resource, form, errors), 400
    session = get_session()
    try:
        if reading.new_organisation:
            organisation = Organisation(name=reading.new_organisation)
            session.add(organisation)
            session.flush()
            data.organisation_id = organisation.id
        edit_resource(session, resource, data, user_id(), signed_in_team())
        session.commit()
    except EditConflict as exc:
        session.rollback()
        return _conflict_page(resource_id, form, data, exc), 409
    review = request.args.get("back") == "review"
    said = "Saved. If everything about it is right now, press “Still running”."
    flash(said if review else "Saved.", "success")
    for note in reading.notes:
        flash(note, "flag")
    if review:
        return redirect(url_for("workspace.review", _anchor=row_anchor(resource_id)))
    return redirect(url_for("team.resource", resource_id=resource_id))


def _conflict_page(
    resource_id: str, form: EditForm, data: ResourceUpdate, exc: EditConflict
) -> str:
    """Both versions of each field both changed, above the form: theirs where only they did."""
    current = _get(resource_id)
    session = get_session()
    yours = editing.yours_state(data)
    base = editing.base_state(form.base.data or "")
    merged, kept = editing.three_way(base, yours, exc.current) if base else (yours, [])
    ids = {str(v) for v in (data.organisation_id, exc.current.get("organisation_id")) if v}
    names = {i: editing.organisation_name(session, i) for i in ids}
    rows = editing.conflict_rows(merged, exc.current, names)
    if kept:  # the form again from both edits (an organisation typed anew is kept as typed)
        typed = form.organisation.data
        form = _edit_form(data=form_values(merged, typed))
        if "organisation_id" in kept:
            form.organisation.data = names.get(str(merged["organisation_id"]), "")
    form.version.data = str(exc.current_version)
    form.team_notes_version.data = str(exc.notes_version)
    form.base.data = editing.state_text(exc.current)
    return _edit_page(current, form, {}, conflict=rows, kept=kept)


@bp.route("/api/workspace/resources/<resource_id>", methods=["PUT"])
@access("member")
def edit_api(resource_id: str) -> tuple[Response, int]:
    """Replace a resource from JSON; 409 with both versions if it changed meanwhile."""
    resource = _get(resource_id)
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return jsonify(error="Bad Request", message="send the resource as a JSON object"), 400
    try:
        data = ResourceUpdate(**body)
    except ValidationError as exc:
        return jsonify(error="Bad Request", message="check the fields", fields=messages(exc)), 400
    session = get_session()
    try:
        edit_resource(session, resource, data, user_id(), signed_in_team())
        session.commit()
    except EditConflict as exc:
        session.rollback()
        return (
            jsonify(
                error="Conflict",
                message=str(exc),
                current=exc.current,  # the record with the caller's own team's notes only
                current_version=exc.current_version,
                current_team_notes_version=exc.notes_version,
                yours=body,
            ),
            409,
        )
    note = team_notes.own_note(session, resource_id, signed_in_team())
    return jsonify(
        id=resource.id, version=resource.version, team_notes_version=team_notes.version(note)
    ), 200


def _named(words: str, keep_id: str) -> list[Resource]:
    """Entries found by the words, whatever their state, to merge with one found otherwise."""
    # Likely duplicates are only those alike enough; another may be named quite differently.
    filters = SearchFilters(statuses=())
    ids = get_search().search(words, filters, per_page=10, snippets=False, facets=False).ids
    return [r for r in get_resources(get_session(), ids) if r.id != keep_id]


@bp.route("/workspace/resources/<resource_id>/merge", methods=["GET", "POST"])
@access("member")
def merge(resource_id: str) -> tuple[str, int] | Response:
    """Merge another record into this one (preview, then confirm)."""
    keep = _get(resource_id)
    other_id = request.values.get("with", "").strip()
    other = get_session().get(Resource, other_id) if other_id else None
    if other is None or other.id == keep.id:
        candidates = find_duplicates(get_session(), Draft.of(keep), exclude=keep.id)
        found = {r.id: r for r in get_resources(get_session(), [c.resource_id for c in candidates])}
        shown = [(c, found[c.resource_id]) for c in candidates if c.resource_id in found]
        status = 400 if other_id else 200
        find = request.args.get("find", "").strip()[:200]
        named = _named(find, keep.id) if find else []
        page = render_template(
            "workspace/merge.html", keep=keep, other=None, shown=shown, find=find, named=named
        )
        return page, status
    session = get_session()
    before, theirs = snapshot(keep), snapshot(other)
    fuller = combined(before, theirs)
    fields = merging.field_choices(session, before, theirs, fuller)
    rows = merging.row_choices(before, theirs)
    form = request.form if request.form.get("choosing") else None
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            values = (
                merging.chosen_values(before, theirs, fuller, fields, form)
                if form is not None
                else None
            )
        except merging.MergeError as exc:
            errors[exc.field] = str(exc)
        else:
            merge_resources(session, keep, other, user_id(), values)
            session.commit()
            flash(_merged_words(keep), "success")
            return redirect(url_for("workspace.history", resource_id=keep.id))
    page = render_template(
        "workspace/merge.html",
        keep=keep,
        other=other,
        fields=fields,
        rows=rows,
        form=form or {},
        errors=errors,
        words=lambda r: merging.words(session, "review_state", r.review_state),
    )
    return page, 400 if errors else 200


def _merged_words(keep: Resource) -> str:
    """What a merge did, in words."""
    text = f"Merged. You can undo this from the history of “{keep.name}”."
    if keep.review_state == "needs-checking":
        text += " A published fact changed, so it needs checking before it shows publicly again."
    return text


@bp.get("/workspace/resources/<resource_id>/history")
@access("member")
def history(resource_id: str) -> str:
    """Every recorded change to a resource, newest first, with revert."""
    session = get_session()
    resource = session.get(Resource, resource_id)
    team_id = signed_in_team()
    rows = [e for e in entries(session, resource_id) if team_notes.may_see(e, team_id)]
    if resource is None and not rows:
        abort(404, "That resource is not in the directory.")
    user_ids = {e.user_id for e in rows if e.user_id}
    names = {}
    if user_ids:
        found = session.exec(select(User).where(User.id.in_(user_ids))).all()  # type: ignore[union-attr]
        names = {u.id: u.display_name for u in found}
    return render_template(
        "workspace/history.html",
        resource=resource,
        resource_id=resource_id,
        rows=rows,
        names=names,
        label=label,
        summarise=lambda field, value: merging.words(session, field, value),  # names, not ids
        may_revert=lambda entry: team_notes.may_revert(entry, team_id),
    )


@bp.post("/workspace/history/<int:entry_id>/revert")
@access("member")
def revert_entry(entry_id: int) -> Response:
    """Undo one recorded change (or a merge) as a new change."""
    session = get_session()
    entry = session.get(ResourceHistory, entry_id)
    # Another team's notes are theirs alone: their history is not there for anyone else.
    if entry is None or not team_notes.may_see(entry, signed_in_team()):
        abort(404, "That history entry does not exist.")
    if not team_notes.may_revert(entry, signed_in_team()):
        flash(
            "Could not revert: notes kept for every team are changed by accounts without a team.",
            "error",
        )
        return redirect(url_for("workspace.history", resource_id=entry.resource_id))
    resource_id = entry.resource_id
    try:
        revert(session, entry, user_id())
        session.commit()
    except HistoryError as exc:
        session.rollback()
        flash(f"Could not revert: {exc}.", "error")
    else:
        flash("Reverted.", "success")
    return redirect(url_for("workspace.history", resource_id=resource_id))


class FlagForm(wtforms.Form):
    """'Might have changed': what the team member heard (team-only)."""

    reason = wtforms.StringField("What might have changed?")
    next = wtforms.StringField()

    def validate_reason(self, field: wtforms.Field) -> None:
        """The service's own rule, so the form and the service agree."""
        try:
            field.data = freshness.clean_reason(field.data or "")
        except freshness.ReviewError as exc:
            raise wtforms.ValidationError(str(exc)) from None


@bp.app_template_global()
def row_anchor(resource_id: str) -> str:
    """The id of a resource's row in the review queue (stable across requests)."""
    if URL_SAFE_ID.match(resource_id):
        return f"row-{resource_id}"
    return "row-" + hashlib.sha256(resource_id.encode()).hexdigest()[:16]


def _back(default: str) -> str:
    """Where a one-step action returns: the form's `next` (same site only), else default."""
    return safe_next(request.form.get("next"), default)


def _gone() -> Response:
    """Refuse an action on an entry that is not (or no longer) in the directory."""
    flash(
        "That entry is not in the directory (it may have been merged or removed). "
        "Nothing was changed.",
        "error",
    )
    return redirect(_back(url_for("workspace.review")))


@bp.post("/workspace/resources/<resource_id>/confirm")
@access("member")
def confirm(resource_id: str) -> Response:
    """One click: 'still running'."""
    found = get_session().get(Resource, resource_id)
    if found is None:
        return _gone()
    if found.status != Status.ACTIVE.value:  # a closed entry is not "still running"
        said = found.status.replace("-", " ")
        flash(
            f"Not confirmed: “{found.name}” is marked {said}. If it is running again, say so "
            "under “Is it running?” when you edit it.",
            "error",
        )
        return redirect(_back(url_for("team.resource", resource_id=resource_id)))
    how = request.form.get("how", "").strip()
    try:
        resource = _retrying(resource_id, lambda s, r: freshness.confirm(s, r, user_id(), how))
    except freshness.ReviewError as exc:
        get_session().rollback()
        flash(f"Not confirmed: {exc}", "error")
        return redirect(_back(url_for("team.resource", resource_id=resource_id)))
    flash(f"Confirmed “{resource.name}” is still running.", "success")
    return redirect(_back(url_for("team.resource", resource_id=resource_id)))


@bp.post("/workspace/resources/<resource_id>/flag")
@access("member")
def flag(resource_id: str) -> tuple[str, int] | Response:
    """Mark a resource as 'might have changed', saying why, so it joins the review queue."""
    found = get_session().get(Resource, resource_id)
    if found is None:
        return _gone()
    form = FlagForm(request.form)
    if not form.validate():
        errors = {"reason": form.reason.errors[0]}
        return resource_page(found, errors, str(request.form.get("reason", ""))), 400
    reason = str(form.reason.data)
    resource = _retrying(resource_id, lambda s, r: freshness.flag_changed(s, r, user_id(), reason))
    flash(
        f"Flagged “{resource.name}” as might have changed. It is now in the review queue.",
        "success",
    )
    return redirect(_back(url_for("team.resource", resource_id=resource_id)))


@bp.post("/workspace/resources/<resource_id>/close")
@access("member")
def close(resource_id: str) -> Response:
    """Mark a resource closed (asked to confirm first on the queue; undone from its history)."""
    found = get_session().get(Resource, resource_id)
    if found is None:
        return _gone()
    if found.status == Status.CLOSED.value:
        flash(f"“{found.name}” is already marked closed. Nothing was changed.", "error")
        return redirect(_back(url_for("team.resource", resource_id=resource_id)))
    resource = _retrying(resource_id, lambda s, r: _close(s, r))
    flash(
        f"Marked “{resource.name}” closed. It no longer shows in search, matching or the public "
        "pages. To undo, revert “close” in its history.",
        "success",
    )
    return redirect(_back(url_for("team.resource", resource_id=resource_id)))


def _close(session: Session, resource: Resource) -> None:
    """Close, or nothing if another writer closed it first (the retry reads it again)."""
    if resource.status != Status.CLOSED.value:
        freshness.close(session, resource, user_id())


@bp.get("/workspace/review")
@access("member")
def review() -> str:
    """Entries to check, most urgent first, grouped by organisation, with an action per row."""
    days = int(current_app.config["STALE_AFTER_DAYS"])
    session = get_session()
    groups = freshness.grouped(session, freshness.review_queue(session, days))
    rows = [row for group in groups for row in group.rows]  # in the order shown
    now = utcnow()
    anchors = {r.id: row_anchor(r.id) for r in rows}
    following = {a.id: anchors[b.id] for a, b in zip(rows, rows[1:], strict=False)}
    closing = request.args.get("close", "")
    return render_template(
        "workspace/review.html",
        groups=groups,
        count=len(rows),
        days=days,
        anchors=anchors,
        following=following,
        closing=closing if closing in anchors else "",
        close_unknown=bool(closing) and closing not in anchors,
        doubts=lambda r: freshness.doubts(r, days, now),
        heard_by_me=lambda r: freshness.needs_second_person(session, r, user_id()),
        urgency=lambda r: freshness.urgency(r, days, now),
        Urgency=freshness.Urgency,
    )


@bp.post("/workspace/review/confirm")
@access("member")
def review_confirm() -> Response:
    """Confirm every ticked entry."""
    ids = request.form.getlist("ids")
    if not ids:
        flash("Tick at least one entry to confirm.", "error")
        return redirect(url_for("workspace.review"))
    session = get_session()
    left: list[str] = []
    for _ in range(RETRIES):
        count, left = freshness.bulk_confirm(session, ids[:500], user_id())
        try:
            session.commit()
            break
        except StaleDataError:
            session.rollback()
    else:
        abort(409, "Someone else changed these entries at the same moment. Please try again.")
    flash(f"Confirmed {count} {'entry' if count == 1 else 'entries'}.", "success")
    if left:
        names = ", ".join(f"“{name}”" for name in left)
        flash(
            f"Left for a colleague to confirm (you added them from word of mouth): {names}.", "info"
        )
    return redirect(url_for("workspace.review"))


def _venue_page(name: str, postcode: str, wanted: set[str] | None, status: int = 200) -> Any:
    """A venue's entries and its access, with the change each would get when `wanted` is set."""
    resources = editing.venue_resources(get_session(), name, postcode)
    if not resources:
        abort(404, "No entry in the directory meets at that venue.")
    features = editing.venue_features(resources)
    preview = editing.venue_changes(resources, wanted) if wanted is not None else []
    page = render_template(
        "workspace/venue.html",
        name=name,
        postcode=postcode,
        resources=resources,
        chosen=features if wanted is None else wanted,
        choices=sorted(vocabulary.VENUE_ACCESS),
        preview=preview,
        changing=[c for c in preview if c.added or c.removed],
        venue_access=lambda r: ", ".join(
            vocabulary.label(vocabulary.ACCESS, c) for c in r.access if c in vocabulary.VENUE_ACCESS
        ),
        access_label=lambda c: vocabulary.label(vocabulary.ACCESS, c),
    )
    return page, status


@bp.route("/workspace/venue", methods=["GET", "POST"])
@access("member")
def venue() -> Any:
    """Correct one venue's access for every entry that meets there: preview, then save."""
    name = " ".join(request.values.get("name", "").split())
    postcode = normalise_postcode_or_blank(request.values.get("postcode", ""))
    if request.method == "GET":
        return _venue_page(name, postcode, None)
    wanted = set(request.form.getlist("access")) & vocabulary.VENUE_ACCESS
    previewed = request.form.get("previewed", "")
    if request.form.get("action") != "save" or previewed != ",".join(sorted(wanted)):
        return _venue_page(name, postcode, wanted)  # a change not yet shown is shown first
    session = get_session()
    resources = editing.venue_resources(session, name, postcode)
    versions = {k[len("v-") :]: v for k, v in request.form.items() if k.startswith("v-")}
    try:
        numbers = {k: int(v) for k, v in versions.items()}
        changed = editing.correct_venue(session, resources, wanted, numbers, user_id())
        session.commit()
    except (EditConflict, ValueError):
        session.rollback()
        flash(
            "Someone changed one of these entries meanwhile. Nothing was saved: check the "
            "changes again.",
            "error",
        )
        return _venue_page(name, postcode, wanted, 409)
    flash(
        f"Corrected the access at {name} for {changed} {'entry' if changed == 1 else 'entries'}."
        " Each change is in that entry’s history.",
        "success",
    )
    return redirect(url_for("workspace.venue", name=name, postcode=postcode))


def normalise_postcode_or_blank(text: str) -> str:
    """A postcode in its usual form, or '' when the text is not one."""
    try:
        return normalise_postcode(text)
    except ValueError:
        return ""
