"""Team workspace pages: quick-add, duplicate warning, edit conflicts, merge, history, review."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlmodel import select

from core import db
from core.models import Team
from directory import team_notes
from directory.models import (
    GazetteerEntry,
    Organisation,
    Resource,
    ResourceCreate,
    ResourceHistory,
)
from directory.resources import create_resource

QUICK = {
    "name": "Knit and Natter",
    "description": "Knitting and a chat",
    "place": "N7 6QT",
    "day": "tu",
    "start": "10:00",
    "end": "12:00",
    "cost": "2.50",
    "concession": "free",
    "told_by": "Library poster",
}


def add(app, name: str = "Knit and Natter", **extra: Any) -> str:
    with app.app_context():
        session = db.get_session()
        data = ResourceCreate(name=name, locations=[{"postcode": "N7 6QT"}], **extra)
        resource = create_resource(session, data)
        session.commit()
        return resource.id


def load(app, rid: str) -> Resource | None:
    with app.app_context():
        return db.get_session().get(Resource, rid)


def north_notes(app, rid: str) -> dict[str, Any]:
    """Team North's own notes on a resource (the `member` fixture's team)."""
    with app.app_context():
        session = db.get_session()
        north = session.exec(select(Team).where(Team.name == "North")).one()
        return team_notes.values(team_notes.own_note(session, rid, north.id))


def all_names(app) -> list[str]:
    with app.app_context():
        return sorted(db.get_session().exec(select(Resource.name)).all())


def test_workspace_needs_a_team_member(client, users, auth):
    assert client.get("/workspace/add").status_code == 302
    auth.login("practitioner@example.org")
    assert client.get("/workspace/add").status_code == 200
    auth.logout()
    auth.login("member@example.org")
    assert client.get("/workspace/review").status_code == 200


def test_quick_add_saves_a_needs_checking_entry(app, client, member):
    response = client.post("/workspace/add", data=QUICK)
    assert response.status_code == 302
    with app.app_context():
        resource = db.get_session().exec(select(Resource)).one()
        assert resource.review_state == "needs-checking"
        rid = resource.id
        assert [(s.day, s.start, s.end) for s in resource.sessions] == [("tu", "10:00", "12:00")]
        assert sorted((c.kind, c.amount_pence) for c in resource.costs) == [
            ("concession", 0),
            ("standard", 250),
        ]
        assert resource.locations[0].postcode == "N7 6QT"
    assert north_notes(app, rid)["told_by"] == "Library poster"


def test_quick_add_errors_are_shown_next_to_fields_and_nothing_is_lost(app, client, member):
    data = {**QUICK, "start": "14:00", "end": "13:00", "cost": "lots"}
    response = client.post("/workspace/add", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'href="#cost"' in page and "Enter the cost in pounds" in page
    assert 'value="Library poster"' in page and 'value="Knit and Natter"' in page
    assert all_names(app) == []
    response = client.post("/workspace/add", data={**QUICK, "start": "14:00", "end": "13:00"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'href="#end"' in page and "before it starts" in page
    assert 'aria-describedby="end-hint end-error"' in page and 'value="13:00"' in page


def test_quick_add_cost_errors_say_what_is_wrong_with_which_box(app, client, member):
    page = client.post("/workspace/add", data={**QUICK, "cost": "£abc", "concession": "1"})
    text = page.get_data(as_text=True)
    assert page.status_code == 400 and "Enter the cost in pounds" in text
    assert "Give the usual cost too" not in text  # one was given: it is the one unreadable
    negative = client.post("/workspace/add", data={**QUICK, "cost": "-3", "concession": ""})
    assert "A cost cannot be below 0" in negative.get_data(as_text=True)
    assert all_names(app) == []


def test_quick_add_with_an_unknown_postcode_saves_it_and_says_the_district_stands_in(
    app, client, member
):
    with app.app_context():
        session = db.get_session()
        session.add(
            GazetteerEntry(key="N7", kind="district", name="N7", latitude=51.55, longitude=-0.12)
        )
        session.commit()
    response = client.post("/workspace/add", data={**QUICK, "place": "n7 9zz"})
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert (
        "We could not find the postcode N7 9ZZ, so this place is placed at the centre of N7 for "
        "distances: check the postcode." in page
    )
    with app.app_context():
        (place,) = db.get_session().exec(select(Resource)).one().locations
        assert (place.postcode, place.latitude, place.longitude) == ("N7 9ZZ", 51.55, -0.12)
    response = client.post("/workspace/add", data={**QUICK, "name": "Chess", "place": "N7"})
    assert "could not find" not in client.get(response.headers["Location"]).get_data(as_text=True)


def test_quick_add_says_an_unknown_postcode_before_saving_when_it_stops_to_check(
    app, client, member
):
    with app.app_context():
        session = db.get_session()
        session.add(
            GazetteerEntry(key="N7", kind="district", name="N7", latitude=51.55, longitude=-0.12)
        )
        session.commit()
    said = "We could not find the postcode N7 9ZZ, so this place is placed at the centre of N7"
    # A time read the likeliest way, then a likely duplicate: both stop before saving.
    checking = client.post(
        "/workspace/add", data={**QUICK, "place": "n7 9zz", "start": "2", "end": ""}
    )
    assert "Check how we read the times" in checking.get_data(as_text=True)
    assert said in checking.get_data(as_text=True) and all_names(app) == []
    add(app, "Knit & Natter")
    duplicate = client.post("/workspace/add", data={**QUICK, "place": "n7 9zz"})
    page = duplicate.get_data(as_text=True)
    assert "This might already be in the directory" in page and said in page
    assert 'aria-describedby="place-hint place-note"' in page


def test_quick_add_online_needs_no_place(app, client, member):
    data = {**QUICK, "place": "", "online": "1", "name": "Online Poetry Circle"}
    assert client.post("/workspace/add", data=data).status_code == 302
    assert load(app, "x") is None
    assert all_names(app) == ["Online Poetry Circle"]


def test_duplicate_warning_then_save_anyway(app, client, member):
    add(app, "Knit & Natter")
    response = client.post("/workspace/add", data=QUICK)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "This might already be in the directory" in page
    assert "name alike: “Knit &amp; Natter” / “Knit and Natter” · same venue (N7 6QT)" in page
    assert "Likely match" in page
    assert all_names(app) == ["Knit & Natter"]
    response = client.post("/workspace/add", data={**QUICK, "action": "save-anyway"})
    assert response.status_code == 302
    assert all_names(app) == ["Knit & Natter", "Knit and Natter"]


def test_add_to_existing_from_the_warning(app, client, member):
    rid = add(app, "Knit & Natter")
    warning = client.post("/workspace/add", data=QUICK).get_data(as_text=True)
    assert f'action="/workspace/resources/{rid}/heard"' in warning
    preview = client.post(f"/workspace/resources/{rid}/heard", data=QUICK)
    assert preview.status_code == 200 and all_names(app) == ["Knit & Natter"]
    response = client.post(f"/workspace/resources/{rid}/heard", data={**QUICK, "action": "hold"})
    assert response.status_code == 302
    assert all_names(app) == ["Knit & Natter"]
    resource = load(app, rid)
    assert [(s.day, s.start) for s in resource.sessions] == [("tu", "10:00")]
    assert north_notes(app, rid)["told_by"] == "Library poster"


def edit_form(client, rid: str) -> dict[str, str]:
    page = client.get(f"/workspace/resources/{rid}/edit").get_data(as_text=True)
    import re

    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    return {"name": "Knit and Natter", "status": "active", "version": version}


def test_edit_with_team_notes_is_recorded_and_revertable(app, client, member):
    rid = add(app, description="Knitting.")
    form = edit_form(client, rid)
    response = client.post(
        f"/workspace/resources/{rid}/edit",
        data={**form, "description": "Knitting and tea.", "team_notes": "Ask for Jo"},
    )
    assert response.status_code == 302
    assert north_notes(app, rid)["team_notes"] == "Ask for Jo"
    page = client.get(f"/workspace/resources/{rid}/history").get_data(as_text=True)
    assert "Team notes" in page and "Ask for Jo" in page and "Knitting." in page
    with app.app_context():
        entries = db.get_session().exec(select(ResourceHistory)).all()
    assert len(entries) == 2  # the record's change, and the team's own notes' change
    for entry in entries:
        assert client.post(f"/workspace/history/{entry.id}/revert").status_code == 302
    assert load(app, rid).description == "Knitting."
    assert north_notes(app, rid)["team_notes"] == ""


def test_edit_conflict_shows_both_versions_and_keeps_yours(app, client, member):
    rid = add(app)
    first, second = edit_form(client, rid), edit_form(client, rid)
    client.post(f"/workspace/resources/{rid}/edit", data={**first, "description": "Theirs"})
    response = client.post(
        f"/workspace/resources/{rid}/edit", data={**second, "description": "Mine"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Someone else changed this" in page
    assert "Theirs" in page and "Mine" in page
    assert load(app, rid).description == "Theirs"


def test_edit_conflict_over_json_is_409_with_both(app, client, member):
    rid = add(app)
    body = {"name": "Knit and Natter", "locations": [{"postcode": "N7 6QT"}], "version": 1}
    ok = client.put(f"/api/workspace/resources/{rid}", json={**body, "description": "Theirs"})
    assert ok.status_code == 200
    response = client.put(f"/api/workspace/resources/{rid}", json={**body, "description": "Mine"})
    assert response.status_code == 409
    data = response.get_json()
    assert data["current"]["description"] == "Theirs"
    assert data["yours"]["description"] == "Mine"
    assert data["current_version"] > 1


def test_merge_and_undo_from_pages(app, client, member):
    keep = add(app, "Walking Football", description="Football.")
    other = add(app, "Walking Football Holloway", description="Gentle football for all.")
    preview = client.get(f"/workspace/resources/{keep}/merge?with={other}")
    assert preview.status_code == 200 and "Gentle football for all." in preview.get_data(True)
    merged = client.post(f"/workspace/resources/{keep}/merge", data={"with": other})
    assert merged.status_code == 302
    assert load(app, other) is None
    assert load(app, keep).description == "Gentle football for all."
    with app.app_context():
        entry = (
            db.get_session()
            .exec(select(ResourceHistory).where(ResourceHistory.action == "merge"))
            .one()
        )
    assert client.post(f"/workspace/history/{entry.id}/revert").status_code == 302
    assert load(app, other).description == "Gentle football for all."
    assert load(app, keep).description == "Football."


def test_confirm_and_review_queue_bulk_confirm(app, client, member, users):
    ids = [add(app, f"Group {n}") for n in range(3)]
    page = client.get("/workspace/review").get_data(as_text=True)
    assert all(f"Group {n}" in page for n in range(3))
    response = client.post(
        f"/workspace/resources/{ids[0]}/confirm", data={"next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert "evil" not in response.headers["Location"]
    confirmed = load(app, ids[0])
    assert confirmed.review_state == "confirmed"
    assert confirmed.last_confirmed_by_id == users["member"]
    assert client.post("/workspace/review/confirm", data={"ids": ids[1:]}).status_code == 302
    assert "Nothing to check" in client.get("/workspace/review").get_data(as_text=True)


def test_posts_without_csrf_token_are_refused(app, client, member):
    rid = add(app)
    response = client.post(f"/workspace/resources/{rid}/confirm", csrf=False)
    assert response.status_code == 400
    assert load(app, rid).review_state == "needs-checking"


@pytest.mark.parametrize("page", ["edit", "merge", "history"])
def test_unknown_resource_is_404(client, member, page):
    assert client.get(f"/workspace/resources/nope/{page}").status_code == 404


@pytest.mark.parametrize(
    ("typed", "costs"),
    [
        ("£2.50 or free if on benefits", [("concession", 0), ("standard", 250)]),
        ("£3, £1.50 concessions", [("concession", 150), ("standard", 300)]),
        ("4 (2 with benefits)", [("concession", 200), ("standard", 400)]),
    ],
)
def test_quick_add_reads_a_price_with_its_concession_in_one_box(app, client, member, typed, costs):
    # A team member types the price as they heard it, concession and all, into the cost box.
    data = {**QUICK, "cost": typed, "concession": ""}
    assert client.post("/workspace/add", data=data).status_code == 302
    with app.app_context():
        resource = db.get_session().exec(select(Resource)).one()
        assert sorted((c.kind, c.amount_pence) for c in resource.costs) == costs


def test_quick_add_a_concession_in_both_boxes_is_refused(app, client, member):
    data = {**QUICK, "cost": "£2.50 or free if on benefits", "concession": "1"}
    page = client.post("/workspace/add", data=data).get_data(as_text=True)
    assert "Put the price with benefits in its own box" in page
    assert 'value="£2.50 or free if on benefits"' in page and all_names(app) == []


def test_a_new_organisation_spelt_almost_as_another_is_asked_about_once(app, client, member):
    with app.app_context():
        session = db.get_session()
        session.add(Organisation(name="Airedale Minds"))
        session.commit()
    rid = add(app, description="Knitting.")
    form = {**edit_form(client, rid), "organisation": "Airedale Mind"}
    asked = client.post(f"/workspace/resources/{rid}/edit", data=form)
    text = asked.get_data(as_text=True)
    assert asked.status_code == 400 and "Did you mean “Airedale Minds”?" in text
    assert 'name="organisation_new" value="Airedale Mind"' in text
    again = client.post(
        f"/workspace/resources/{rid}/edit", data={**form, "organisation_new": "Airedale Mind"}
    )
    assert again.status_code == 302  # said twice: a new organisation after all
    with app.app_context():
        names = sorted(db.get_session().exec(select(Organisation.name)).all())
    assert names == ["Airedale Mind", "Airedale Minds"]
    form = {**edit_form(client, rid), "organisation": "A" * 201}
    long = client.post(f"/workspace/resources/{rid}/edit", data=form)
    assert long.status_code == 400 and "use 200 characters or fewer" in long.get_data(as_text=True)


def test_the_edit_form_lists_sessions_in_the_weeks_order_as_the_page_does(app, client, member):
    week = [
        {"day": "th", "start": "14:00", "end": "15:00"},
        {"day": "tu", "start": "10:00", "end": "12:00"},
    ]
    rid = add(app, sessions=week)
    page = client.get(f"/workspace/resources/{rid}/edit").get_data(as_text=True)
    first = page.index('id="sessions-0-day"')
    assert '<option selected value="tu">' in page[first : page.index('id="sessions-1-day"')]


def test_the_edit_pages_problems_are_listed_in_the_order_the_fields_come(app, client, member):
    rid = add(app, description="Knitting.")
    form = {**edit_form(client, rid), "name": "", "email": "jean@", "min_age": "200"}
    page = client.post(f"/workspace/resources/{rid}/edit", data=form).get_data(as_text=True)
    summary = page[
        page.index('id="error-summary"') : page.index("</ul>", page.index('id="error-summary"'))
    ]
    links = re.findall(r'href="#([\w-]+)"', summary)
    assert links.index("name") < links.index("min_age") < links.index("email"), links
