"""Each team's notes on a shared resource are that team's own unless it shares them.

Team North (the `member` and `practitioner` of the `users` fixture) writes notes; team South's
member, practitioner and admin see none of it anywhere, until North shares them.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from conftest import PASSWORD, _password_hash
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import select

from core import db
from core.accounts import create_user, get_or_create_team
from core.models import Role, Team
from directory import team_notes
from directory.models import LocationIn, ResourceCreate, ResourceHistory, ResourceTeamNote
from directory.resources import create_resource
from matcher.models import PersonCreate, ShortlistItem
from matcher.people import create_person

NAME = "Canal Singers"
ABOUT = "A friendly choir."
NORTH_NOTES = {
    "team_notes": "northnote7731 the hall is cold",
    "team_contact": "northcontact7731 Sam",
    "told_by": "northtold7731 library poster",
}
SOUTH_NOTES = {"team_notes": "southnote4410", "team_contact": "southcontact4410", "told_by": ""}
CANARIES = ("northnote7731", "northcontact7731", "northtold7731")


@pytest.fixture
def south(app: Flask, users: dict[str, int]) -> dict[str, str]:
    """Team South's member, practitioner and admin: role -> email."""
    emails = {"member": "other-member@example.org"}
    with app.app_context(), db.write_session() as session:
        team = get_or_create_team(session, "South")
        for role in (Role.PRACTITIONER, Role.ADMIN):
            email = f"south-{role.value}@example.org"
            user = create_user(session, email, f"South {role.value}", "", role, team)
            user.password_hash = _password_hash()
            emails[role.value] = email
    return emails


def signed_in(app: Flask, email: str) -> FlaskClient:
    """A new client signed in as the user."""
    client = app.test_client()
    response = client.post("/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302, email
    return client


def add_resource(app: Flask) -> str:
    """A resource nobody has written notes on yet."""
    with app.app_context():
        session = db.get_session()
        data = ResourceCreate(
            name=NAME,
            description=ABOUT,
            interests=["singing"],
            locations=[LocationIn(postcode="N7 6QT", latitude=51.5548, longitude=-0.1192)],
        )
        rid = create_resource(session, data, confirmed=True).id
        session.commit()
        return rid


def edit_form(client: FlaskClient, rid: str) -> dict[str, str]:
    """The edit form's hidden versions and public fields, as the page gives them."""
    page = client.get(f"/workspace/resources/{rid}/edit").get_data(as_text=True)
    found = dict(re.findall(r'name="(version|team_notes_version)" value="(\d+)"', page))
    return {"name": NAME, "description": ABOUT, "status": "active", **found}


def save_notes(client: FlaskClient, rid: str, notes: dict[str, str], share: bool = False) -> Any:
    """Save the edit form with these notes (and the share box ticked or not)."""
    form = {**edit_form(client, rid), **notes}
    if share:
        form["team_notes_shared"] = "1"
    return client.post(f"/workspace/resources/{rid}/edit", data=form)


def team_rows(app: Flask, rid: str) -> dict[str | None, dict[str, Any]]:
    """Every team's notes on a resource, by team name."""
    with app.app_context():
        session = db.get_session()
        rows = session.exec(
            select(ResourceTeamNote).where(ResourceTeamNote.resource_id == rid)
        ).all()
        names = {t.id: t.name for t in session.exec(select(Team)).all()}
        return {names.get(r.team_id): team_notes.values(r) for r in rows}


def south_person(app: Flask, rid: str) -> int:
    """A person in team South with the resource on their shortlist."""
    data = PersonCreate(
        label="J.", reference="S-1", postcode="N7 6QT", latitude=51.5548, longitude=-0.1192
    )
    with app.app_context(), db.write_session() as session:
        team = get_or_create_team(session, "South")
        person = create_person(session, data, int(team.id or 0))
        session.flush()
        session.add(ShortlistItem(person_id=int(person.id or 0), resource_id=rid))
        return int(person.id or 0)


def seen_by(client: FlaskClient, rid: str, pid: int | None = None) -> str:
    """Everything a signed-in user reads about the resource: page, form, history, search,
    the API's answer and, for a practitioner, the handout with "who to ask for"."""
    pages = [
        f"/resources/{rid}",
        f"/workspace/resources/{rid}/edit",
        f"/workspace/resources/{rid}/history",
        "/?q=choir",
    ]
    texts = [client.get(url).get_data(as_text=True) for url in pages]
    stale = {"name": NAME, "locations": [{"postcode": "N7 6QT"}], "version": 999}
    answer = client.put(f"/api/workspace/resources/{rid}", json=stale)
    assert answer.status_code == 409
    texts.append(answer.get_data(as_text=True))
    if pid is not None:
        handout = client.get(f"/people/{pid}/handout?ask_for=1")
        assert handout.status_code == 200
        texts.append(handout.get_data(as_text=True))
    return "\n".join(texts)


def test_a_teams_notes_are_seen_by_that_team_only(app, users, south):
    rid = add_resource(app)
    pid = south_person(app, rid)
    north = signed_in(app, "member@example.org")
    assert save_notes(north, rid, NORTH_NOTES).status_code == 302
    mine = seen_by(north, rid)
    assert all(canary in mine for canary in CANARIES)  # the team itself sees all of it
    for role, email in south.items():
        seen = seen_by(signed_in(app, email), rid, pid if role == "practitioner" else None)
        assert [c for c in CANARIES if c in seen] == [], role
    assert team_rows(app, rid) == {"North": {**NORTH_NOTES, "team_notes_shared": False}}


def test_shared_notes_are_labelled_with_the_sharing_team(app, users, south):
    rid = add_resource(app)
    pid = south_person(app, rid)
    north = signed_in(app, "member@example.org")
    assert save_notes(north, rid, NORTH_NOTES, share=True).status_code == 302
    assert "Shared with every team" in north.get(f"/resources/{rid}").get_data(as_text=True)
    for role, email in south.items():
        client = signed_in(app, email)
        page = client.get(f"/resources/{rid}").get_data(as_text=True)
        shared = page.split("Shared by North", 1)
        assert len(shared) == 2, role
        assert all(canary in shared[1] for canary in CANARIES), role
        form = client.get(f"/workspace/resources/{rid}/edit").get_data(as_text=True)
        assert "northnote7731" not in form  # their form holds their own notes only
    practitioner = signed_in(app, south["practitioner"])
    handout = practitioner.get(f"/people/{pid}/handout?ask_for=1").get_data(as_text=True)
    assert "Who to ask for: northcontact7731 Sam" in handout


def test_another_teams_save_never_touches_the_first_teams_notes(app, users, south):
    rid = add_resource(app)
    north = signed_in(app, "member@example.org")
    save_notes(north, rid, NORTH_NOTES)
    other = signed_in(app, south["member"])
    assert save_notes(other, rid, {"team_notes": "", "team_contact": ""}).status_code == 302
    assert save_notes(other, rid, SOUTH_NOTES).status_code == 302
    body = {"name": NAME, "locations": [{"postcode": "N7 6QT"}], "version": 1}
    body["version"] = int(edit_form(other, rid)["version"])
    assert other.put(f"/api/workspace/resources/{rid}", json=body).status_code == 200
    rows = team_rows(app, rid)
    assert rows["North"] == {**NORTH_NOTES, "team_notes_shared": False}
    assert rows["South"] == {**SOUTH_NOTES, "team_notes_shared": False}
    north_page = north.get(f"/resources/{rid}").get_data(as_text=True)
    assert "southnote4410" not in north_page and "northnote7731" in north_page


def test_the_api_writes_and_answers_for_the_callers_team_only(app, users, south):
    rid = add_resource(app)
    north = signed_in(app, "member@example.org")
    body = {"name": NAME, "locations": [{"postcode": "N7 6QT"}], "version": 1, **NORTH_NOTES}
    answer = north.put(f"/api/workspace/resources/{rid}", json=body)
    assert answer.status_code == 200 and answer.get_json()["team_notes_version"] == 1
    stale = north.put(f"/api/workspace/resources/{rid}", json={**body, "version": 999})
    assert stale.status_code == 409
    assert stale.get_json()["current"]["team_notes"] == NORTH_NOTES["team_notes"]
    other = signed_in(app, south["member"])
    stale = other.put(f"/api/workspace/resources/{rid}", json={**body, "version": 999})
    current = stale.get_json()["current"]
    assert current["team_notes"] == "" and current["team_contact"] == ""
    assert "northnote7731" not in stale.get_data(as_text=True).replace(
        NORTH_NOTES["team_notes"], ""
    )


def test_history_of_a_teams_notes_is_that_teams_alone(app, users, south):
    rid = add_resource(app)
    north = signed_in(app, "member@example.org")
    save_notes(north, rid, NORTH_NOTES)
    with app.app_context():
        entry = db.get_session().exec(select(ResourceHistory)).one()
        assert entry.team_id is not None
    assert "northnote7731" in north.get(f"/workspace/resources/{rid}/history").get_data(
        as_text=True
    )
    other = signed_in(app, south["admin"])
    assert other.post(f"/workspace/history/{entry.id}/revert").status_code == 404
    assert team_rows(app, rid)["North"]["team_notes"] == NORTH_NOTES["team_notes"]
    assert north.post(f"/workspace/history/{entry.id}/revert").status_code == 302
    assert team_rows(app, rid)["North"]["team_notes"] == ""


def test_two_saves_from_one_team_at_once_conflict_instead_of_losing_one(app, users):
    rid = add_resource(app)
    first = signed_in(app, "member@example.org")
    second = signed_in(app, "practitioner@example.org")
    form_one, form_two = edit_form(first, rid), edit_form(second, rid)
    url = f"/workspace/resources/{rid}/edit"
    assert first.post(url, data={**form_one, "team_notes": "first"}).status_code == 302
    late = second.post(url, data={**form_two, "team_notes": "second"})
    assert late.status_code == 409
    page = late.get_data(as_text=True)
    assert "Someone else changed this" in page and "first" in page and "second" in page
    assert team_rows(app, rid)["North"]["team_notes"] == "first"


def test_merge_keeps_both_teams_notes_and_undo_brings_them_back(app, users, south):
    keep, remove = add_resource(app), add_resource(app)
    north, other = signed_in(app, "member@example.org"), signed_in(app, south["member"])
    save_notes(north, keep, {"team_notes": "north on keep"})
    save_notes(north, remove, {"team_notes": "north on remove"}, share=True)
    save_notes(other, remove, {"team_notes": "south on remove", "team_contact": "Jo"})
    before = {keep: team_rows(app, keep), remove: team_rows(app, remove)}
    merged = north.post(f"/workspace/resources/{keep}/merge", data={"with": remove})
    assert merged.status_code == 302
    rows = team_rows(app, keep)
    assert rows["North"]["team_notes"] == "north on keep; north on remove"
    assert rows["North"]["team_notes_shared"] is False  # shared only if both were
    assert (
        rows["South"]["team_notes"] == "south on remove" and rows["South"]["team_contact"] == "Jo"
    )
    assert "south on remove" not in north.get(f"/resources/{keep}").get_data(as_text=True)
    assert "south on remove" in other.get(f"/resources/{keep}").get_data(as_text=True)
    with app.app_context():
        entry = (
            db.get_session()
            .exec(select(ResourceHistory).where(ResourceHistory.action == "merge"))
            .one()
        )
    assert north.post(f"/workspace/history/{entry.id}/revert").status_code == 302
    assert {keep: team_rows(app, keep), remove: team_rows(app, remove)} == before


def test_notes_written_without_a_team_are_for_every_team(app, users, south):
    rid = add_resource(app)
    owner = signed_in(app, "owner@example.org")  # the deployment owner has no team
    page = owner.get(f"/workspace/resources/{rid}/edit").get_data(as_text=True)
    assert "Notes for every team" in page and "team_notes_shared" not in page
    assert save_notes(owner, rid, {"team_notes": "ownernote5520"}).status_code == 302
    save_notes(signed_in(app, "member@example.org"), rid, NORTH_NOTES)
    assert "northnote7731" not in owner.get(f"/resources/{rid}").get_data(as_text=True)
    for email in ("member@example.org", south["member"]):
        page = signed_in(app, email).get(f"/resources/{rid}").get_data(as_text=True)
        assert "ownernote5520" in page.split("Notes for every team", 1)[1], email
    assert team_rows(app, rid)[None]["team_notes_shared"] is True


def test_a_refused_save_names_the_field_and_changes_nothing(app, users):
    rid = add_resource(app)
    north = signed_in(app, "member@example.org")
    save_notes(north, rid, NORTH_NOTES)
    for field, value in (("team_notes", "x" * 5001), ("team_contact", "y" * 501)):
        answer = save_notes(north, rid, {**NORTH_NOTES, field: value})
        assert answer.status_code == 400
        assert f'href="#{field}"' in answer.get_data(as_text=True)
    form = {**edit_form(north, rid), **NORTH_NOTES, "team_notes_version": "not a number"}
    assert north.post(f"/workspace/resources/{rid}/edit", data=form).status_code == 400
    body = {"name": NAME, "locations": [{"postcode": "N7 6QT"}], "version": 1, "told_by": 7}
    answer = north.put(f"/api/workspace/resources/{rid}", json=body)
    assert answer.status_code == 400 and "told_by" in answer.get_json()["fields"]
    assert team_rows(app, rid) == {"North": {**NORTH_NOTES, "team_notes_shared": False}}
