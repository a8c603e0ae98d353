"""Peer pages: record or withdraw consent, peer suggestions and introductions, new groups."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from core import audit
from core.auth import access, team_id, user_id
from core.db import get_session
from matcher import consent, followups, peers
from matcher.models import ConsentScope, FollowUpKind, PeerConsentBase, Person
from matcher.people import team_people
from matcher.views.common import log, person_or_404

bp = Blueprint("peers", __name__)

SCOPES = {
    ConsentScope.TEAM.value: "People our team supports",
    ConsentScope.DEPLOYMENT.value: "People any team here supports",
}
SHOW = {
    "show_label": "Their label or first name",
    "show_interests": "The interests they share",
    "show_area": "Their general area (postcode district or place)",
}


def _page(person_id: int) -> str:
    return url_for("peers.person_peers", person_id=person_id)


@bp.route("/people/<int:person_id>/peers")
@access("practitioner")
def person_peers(person_id: int) -> str:
    """Consent, and peers with reasons for someone who would like to meet others."""
    return _peers_page(person_or_404(person_id), person_id)


def _peers_page(
    found: Person,
    person_id: int,
    posted: MultiDict[str, str] | None = None,
    errors: dict[str, str] | None = None,
) -> str:
    """The person's peers page; a refused consent form keeps every choice made (`posted`)."""
    session = get_session()
    current = consent.current_consent(session, person_id)
    history = consent.consent_history(session, person_id)
    found_peers = consent.suggestions(session, found)
    session.rollback()  # end the read before the audit rows take the write lock
    log("person.view", person_id)
    if found_peers:
        log("peers.view", person_id)
    return render_template(
        "matcher/peers.html",
        person=found,
        current=current,
        history=history,
        peers=found_peers,
        gender_missing=peers.gender_missing(found.gender, found.women_only),
        scopes=SCOPES,
        show=SHOW,
        posted=posted,
        errors=errors or {},
        asked=consent.introductions_asked(get_session(), person_id),
    )


@bp.route("/people/<int:person_id>/peers/consent", methods=["POST"])
@access("practitioner")
def record(person_id: int) -> Response | tuple[str, int]:
    """Record (or change) the person's consent to be suggested as a peer."""
    found = person_or_404(person_id)
    form = request.form
    scope = form.get("scope", "")
    errors: dict[str, str] = {}
    if scope not in SCOPES:
        errors["scope"] = "Choose who they may be suggested to"
    if form.get("agreed") != "yes":
        errors["agreed"] = "Tick the box to confirm the person agreed, in their own words, today"
    if errors:  # shown with every choice as made: none falls back to a default
        return _peers_page(found, person_id, form, errors), 400
    choices = PeerConsentBase(
        scope=scope,
        show_label=form.get("show_label") == "yes",
        show_interests=form.get("show_interests") == "yes",
        show_area=form.get("show_area") == "yes",
        seeking=form.get("seeking") == "yes",
    )
    session = get_session()
    consent.record_consent(session, found, choices, user_id())
    session.commit()
    flash("Consent recorded. They can now be suggested as a peer.", "success")
    return redirect(_page(person_id))


@bp.route("/people/<int:person_id>/peers/withdraw", methods=["POST"])
@access("practitioner")
def withdraw(person_id: int) -> Response:
    """Withdraw consent: from now on they are never suggested, and see no suggestions."""
    found = person_or_404(person_id)
    session = get_session()
    ended = consent.withdraw_consent(session, found, user_id())
    session.commit()
    if ended:
        flash("Consent withdrawn. They will not be suggested to anyone.", "success")
    else:
        flash("There was no consent to withdraw.", "info")
    return redirect(_page(person_id))


def _peer_id() -> int:
    raw = request.form.get("peer_id", "")
    if not (raw.isascii() and raw.isdigit() and len(raw) < 10):
        abort(400, "Choose a suggested peer.")
    return int(raw)


@bp.route("/people/<int:person_id>/peers/introduce", methods=["POST"])
@access("practitioner")
def introduce(person_id: int) -> Response:
    """Record an introduction and leave a note for the peer's practitioners."""
    found = person_or_404(person_id)
    peer_id = _peer_id()
    session = get_session()
    try:
        to_team = consent.introduce(session, found, peer_id, user_id())
        followups.schedule(session, found, FollowUpKind.INTRODUCTION, None, user_id())
        session.commit()
    except consent.NotSuggested as exc:
        session.rollback()
        flash(str(exc), "error")
        return redirect(_page(person_id))
    log("peer.introduce", person_id)
    audit.record("peer.introduced", "person", peer_id, user_id(), to_team)
    if to_team == team_id():
        flash("Introduction recorded. It is on your team's peers page.", "success")
    else:
        flash(
            "Introduction recorded. The other team has a note and will talk to the person "
            "they support first; no contact details are shared.",
            "success",
        )
    return redirect(_page(person_id))


@bp.route("/people/<int:person_id>/peers/avoid", methods=["POST"])
@access("practitioner")
def avoid(person_id: int) -> Response:
    """Never suggest these two people to each other again."""
    found = person_or_404(person_id)
    peer_id = _peer_id()
    session = get_session()
    if peer_id not in {s.peer.id for s in consent.suggestions(session, found)}:
        session.rollback()
        flash("That person is no longer a suggested peer.", "error")
        return redirect(_page(person_id))
    consent.avoid_peer(session, found, peer_id, user_id())
    session.commit()
    flash("They will not be suggested to each other again.", "success")
    return redirect(_page(person_id))


@bp.route("/peers")
@access("practitioner")
def team_page() -> str:
    """New groups the team could start, and introductions other practitioners asked for."""
    team = team_id()
    session = get_session()
    min_size = int(current_app.config.get("GROUP_MIN_SIZE", 4))
    own, shared = consent.team_groups(session, team, min_size) if team is not None else ([], [])
    notes = consent.team_notes(session, team) if team is not None else []
    mine = {p.id: p.label for p in team_people(session, team)} if team is not None else {}
    session.rollback()
    audit.record("peer_groups.view", "team", team or "", user_id(), team)
    return render_template(
        "matcher/peer_groups.html",
        own=own,
        shared=shared,
        notes=notes,
        mine=mine,
        team=team,
        min_size=min_size,
    )
