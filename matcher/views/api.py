"""JSON API for people, their matches and shortlists: signed in, team-scoped, audited."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, request, url_for
from pydantic import ValidationError
from werkzeug.wrappers import Response

from core.auth import access, team_id, user_id
from core.db import close_session, get_session
from directory.validation import messages
from matcher import people, shortlist
from matcher.models import GoalStepBase, Person, PersonCreate, PersonPublic
from matcher.people import PlaceNotFound, create_person, team_people, update_person
from matcher.views import common
from matcher.views.common import GoalIn, Relax, log, person_or_404

bp = Blueprint("people_api", __name__)

Answer = tuple[Response, int]


def _problem(status: int, message: str, **extra: Any) -> Answer:
    names = {400: "Bad Request", 404: "Not Found", 409: "Conflict"}
    return jsonify(
        error=names.get(status, "Error"), message=message, status=status, **extra
    ), status


def person_json(person: Person) -> dict[str, Any]:
    """A person as their own team sees them, with goals and steps."""
    data = PersonPublic.model_validate(person, from_attributes=True).model_dump(mode="json")
    data["goals"] = [
        {
            "title": g.title,
            "steps": [{"text": s.text, "status": str(s.status)} for s in g.steps],
        }
        for g in person.goals
    ]
    data["url"] = url_for("people.person", person_id=person.id)
    return data


def _parse(body: Any) -> tuple[PersonCreate | None, list[GoalIn], dict[str, str]]:
    """A JSON person (with optional goals) as validated data, or messages by field."""
    if not isinstance(body, dict):
        return None, [], {"": "send the person as a JSON object"}
    fields = {k: v for k, v in body.items() if k not in {"goals", "id", "team_id", "url"}}
    goals: list[GoalIn] = []
    errors: dict[str, str] = {}
    raw_goals = body.get("goals", [])
    if not isinstance(raw_goals, list):
        errors["goals"] = "goals is a list of {title, steps}"
        raw_goals = []
    for i, g in enumerate(raw_goals):
        title = str(g.get("title", "")).strip() if isinstance(g, dict) else ""
        if not title or len(title) > 300:
            errors[f"goals.{i}.title"] = "each goal needs a title of up to 300 characters"
            continue
        steps = []
        for k, s in enumerate(g.get("steps", []) or []):
            step = s if isinstance(s, dict) else {"text": s}
            try:
                ok = GoalStepBase.model_validate(step)
            except ValidationError as exc:
                for path, message in messages(exc).items():
                    errors[f"goals.{i}.steps.{k}.{path}"] = message
                continue
            steps.append((ok.text, str(ok.status)))
        goals.append(GoalIn(title, steps))
    try:
        data = PersonCreate.model_validate(fields)
    except ValidationError as exc:
        errors.update(messages(exc))
        return None, goals, errors
    return (data if not errors else None), goals, errors


def _store(person: Person | None) -> Answer:
    """Create or replace a person from the request's JSON."""
    data, goals, errors = _parse(request.get_json(silent=True))
    team = team_id()
    if team is None:
        return _problem(400, "Your account is not in a team, so it cannot hold people.")
    if data is None:
        return _problem(400, "Check the fields.", fields=errors)
    session = get_session()
    taken = people.reference_problem(session, team, data.reference, person.id if person else None)
    if taken:
        return _problem(400, "Check the fields.", fields={"reference": taken})
    try:
        if person is None:
            person = create_person(session, data, team)
        else:
            update_person(session, person, data)
        common.set_goals(person, goals)
        session.commit()
    except PlaceNotFound as exc:
        session.rollback()
        return _problem(400, "Check the fields.", fields={exc.field: str(exc)})
    created = request.method == "POST"
    log("person.create" if created else "person.update", person.id)
    return jsonify(person_json(person)), 201 if created else 200


@bp.route("/api/people", methods=["GET"])
@access("practitioner")
def people_list() -> Answer:
    """The team's people: id, label and reference only."""
    team = team_id()
    rows = team_people(get_session(), team) if team is not None else []
    log("person.list", None)
    return jsonify(
        people=[
            {"id": p.id, "label": p.label, "reference": p.reference, "url": f"/api/people/{p.id}"}
            for p in rows
        ]
    ), 200


@bp.route("/api/people", methods=["POST"])
@access("practitioner")
def people_create() -> Answer:
    """Add a person to the team (201 with the person)."""
    return _store(None)


@bp.route("/api/people/<int:person_id>", methods=["GET"])
@access("practitioner")
def person_get(person_id: int) -> Answer:
    """One person of the team."""
    found = person_or_404(person_id)
    log("person.view", person_id)
    return jsonify(person_json(found)), 200


@bp.route("/api/people/<int:person_id>", methods=["PUT"])
@access("practitioner")
def person_put(person_id: int) -> Answer:
    """Replace what is recorded about a person (goals too, when given)."""
    return _store(person_or_404(person_id))


@bp.route("/api/people/<int:person_id>/matches", methods=["GET"])
@access("practitioner")
def person_matches(person_id: int) -> Answer:
    """Ranked suggestions with reasons, near misses with barriers; ?budget=2&km=1&any_time=1."""
    how = Relax.of(request.args)
    result = common.match_or_404(person_id, how)
    # Reading is done: ending the read transaction before the audit row commits lets SQLite
    # checkpoint its WAL back to the start (held open, the file grew with every match run).
    close_session()
    log("match.run", person_id)
    return jsonify(
        relaxed={"budget_pounds": how.budget, "km": how.km, "any_time": how.any_time},
        suggestions=[
            {
                "resource_id": s.resource_id,
                "name": s.name,
                "score": round(s.score, 4),
                "reasons": list(s.reasons),
                "new_idea": s.new_idea,
            }
            for s in result.suggestions
        ],
        near_misses=[
            {
                "resource_id": n.resource_id,
                "name": n.name,
                "rule": n.rule,
                "barrier": n.barrier,
                "way_round": n.way_round,
            }
            for n in result.near_misses
        ],
        only_these_fit=result.short,
        why_nothing_fits=[
            {"interest": g.code, "kind": g.kind, "options": g.head, "why": g.why}
            for g in result.gaps
        ],
    ), 200


def _shortlist_json(person: Person) -> dict[str, Any]:
    rows = shortlist.resources(get_session(), int(person.id or 0))
    return {
        "items": [
            {
                "resource_id": r.id,
                "name": r.name,
                "cost_pence": r.cost_for(person.receives_benefits),
            }
            for r in rows
        ]
    }


@bp.route("/api/people/<int:person_id>/shortlist", methods=["GET"])
@access("practitioner")
def shortlist_get(person_id: int) -> Answer:
    """The person's shortlist, with what each costs them after concession."""
    found = person_or_404(person_id)
    body = _shortlist_json(found)
    log("person.view", person_id)
    return jsonify(body), 200


@bp.route("/api/people/<int:person_id>/shortlist", methods=["POST"])
@access("practitioner")
def shortlist_post(person_id: int) -> Answer:
    """Add {"resource_id": ...} to the shortlist (201, or 200 if it was already there)."""
    found = person_or_404(person_id)
    body = request.get_json(silent=True)
    rid = body.get("resource_id") if isinstance(body, dict) else None
    if not isinstance(rid, str) or not rid:
        return _problem(400, 'Send {"resource_id": "..."}.', fields={"resource_id": "required"})
    session = get_session()
    try:
        added = shortlist.add(session, found, rid, user_id())
        session.commit()
    except shortlist.NotInDirectory as exc:
        session.rollback()
        return _problem(400, str(exc), fields={"resource_id": str(exc)})
    log("shortlist.add", person_id)
    return jsonify(_shortlist_json(found)), 201 if added else 200


@bp.route("/api/people/<int:person_id>/shortlist/<resource_id>", methods=["DELETE"])
@access("practitioner")
def shortlist_delete(person_id: int, resource_id: str) -> Answer:
    """Take a resource off the shortlist (404 if it was not on it)."""
    found = person_or_404(person_id)
    session = get_session()
    removed = shortlist.remove(session, found, resource_id)
    session.commit()
    if not removed:
        return _problem(404, "That resource is not on this shortlist.")
    log("shortlist.remove", person_id)
    return jsonify(_shortlist_json(found)), 200
