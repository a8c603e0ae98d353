"""Word of mouth into an existing record: the preview, per-field choices and held changes."""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from core import db
from directory.models import (
    GazetteerEntry,
    PendingChange,
    Resource,
    ResourceCreate,
    ResourceHistory,
)
from directory.resources import create_resource

HEARD = {
    "name": "Moorcross Repair Cafe",
    "place": "LS12 3AA",
    "day": "su",
    "start": "11am",
    "end": "2pm",
    "phone": "0113 496 0999",
    "told_by": "A poster in the library",
}


def confirmed_cafe(app, **extra: Any) -> str:
    """A confirmed, public 'Repair café in Moorcross' meeting on the 2nd Sunday."""
    with app.app_context():
        session = db.get_session()
        data = ResourceCreate(
            name="Repair café in Moorcross",
            phone="0113 496 0000",
            locations=[{"postcode": "LS12 3AA", "name": "Moorcross Hall"}],
            sessions=[
                {"freq": "monthly", "ordinal": 2, "day": "su", "start": "11:00", "end": "14:00"}
            ],
            **extra,
        )
        resource = create_resource(session, data, confirmed=True)
        session.commit()
        return resource.id


def load(app, rid: str) -> Resource:
    with app.app_context():
        found = db.get_session().get(Resource, rid)
        assert found is not None
        return found


def held(app, rid: str) -> list[PendingChange]:
    with app.app_context():
        query = select(PendingChange).where(PendingChange.resource_id == rid)
        return list(db.get_session().exec(query).all())


def test_the_preview_says_what_is_new_differs_and_the_same(app, client, member):
    rid = confirmed_cafe(app)
    page = client.post(f"/workspace/resources/{rid}/heard", data=HEARD).get_data(as_text=True)
    assert "What you heard, beside" in page
    # The same day and times as the monthly session: not a second, weekly one.
    assert 'class="preview-same" id="sessions-0"' in page
    assert 'class="preview-same" id="locations-0"' in page
    assert 'class="preview-differs" id="phone"' in page and "0113 496 0999" in page
    assert held(app, rid) == []  # nothing is saved by looking


def test_a_differing_phone_is_held_not_published(app, client, member):
    rid = confirmed_cafe(app)
    response = client.post(
        f"/workspace/resources/{rid}/heard",
        data={**HEARD, "action": "hold", "choice-phone": "replace", "choice-name": "keep"},
    )
    assert response.status_code == 302
    resource = load(app, rid)
    assert resource.phone == "0113 496 0000" and resource.has_pending
    assert [s.freq for s in resource.sessions] == ["monthly"]
    assert len(resource.locations) == 1
    [change] = held(app, rid)
    assert change.source == "word of mouth"
    assert [c["field"] for c in change.changes] == ["phone"]
    assert "0113 496 0999" not in client.get(f"/public/resources/{rid}").get_data(as_text=True)
    page = client.get(f"/resources/{rid}").get_data(as_text=True)
    assert "Change waiting" in page and "0113 496 0999" in page


def test_what_was_left_out_is_said(app, client, member):
    rid = confirmed_cafe(app)
    response = client.post(
        f"/workspace/resources/{rid}/heard",
        data={**HEARD, "action": "hold", "choice-phone": "keep"},
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert "Phone: “0113 496 0999” was left out" in page
    assert "Moorcross Repair Cafe" in page  # the name, kept as the record's, is said too


def test_an_unknown_choice_is_refused_and_names_the_field(app, client, member):
    rid = confirmed_cafe(app)
    response = client.post(
        f"/workspace/resources/{rid}/heard",
        data={**HEARD, "action": "hold", "choice-phone": "shout"},
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'href="#phone"' in page and "Choose what to do with" in page
    assert held(app, rid) == [] and load(app, rid).phone == "0113 496 0000"


def test_bad_times_are_refused_on_their_field_and_nothing_changes(app, client, member):
    rid = confirmed_cafe(app)
    response = client.post(
        f"/workspace/resources/{rid}/heard", data={**HEARD, "start": "3pm", "end": "1pm"}
    )
    assert response.status_code == 400
    assert 'href="#end"' in response.get_data(as_text=True)
    assert held(app, rid) == []


def test_confirming_applies_through_history_and_a_second_person_is_asked(app, client, users, auth):
    rid = confirmed_cafe(app)
    auth.login("member@example.org")
    client.post(
        f"/workspace/resources/{rid}/heard",
        data={
            **HEARD,
            "action": "hold",
            "choice-phone": "replace",
            "day": "sa",
            "choice-sessions-0": "add",
        },
    )
    [change] = held(app, rid)
    shown = client.get(f"/resources/{rid}").get_data(as_text=True)
    assert "Confirm this change" not in shown and "a colleague can" in shown
    page = client.post(f"/workspace/pending/{change.id}/confirm", follow_redirects=True)
    assert "ask a colleague" in page.get_data(as_text=True)  # posted anyway: refused, said
    assert load(app, rid).phone == "0113 496 0000"
    auth.logout()
    auth.login("admin@example.org")
    assert client.post(f"/workspace/pending/{change.id}/confirm").status_code == 302
    resource = load(app, rid)
    assert resource.phone == "0113 496 0999" and not resource.has_pending
    assert sorted((s.day, s.freq) for s in resource.sessions) == [
        ("sa", "weekly"),
        ("su", "monthly"),
    ]
    with app.app_context():
        actions = (
            db.get_session()
            .exec(select(ResourceHistory.action).where(ResourceHistory.resource_id == rid))
            .all()
        )
    assert "apply-heard" in actions
    history = client.get(f"/workspace/resources/{rid}/history").get_data(as_text=True)
    assert "A change heard was confirmed" in history and "Apply heard" not in history
    again = client.post(f"/workspace/pending/{change.id}/confirm", follow_redirects=True)
    assert "already been dealt with" in again.get_data(as_text=True)


def test_a_time_heard_without_its_end_is_the_record_s_own(app, client, member):
    rid = confirmed_cafe(app)
    heard = {**HEARD, "end": ""}  # "Sundays at 11": no second, open-ended Sunday session
    page = client.post(f"/workspace/resources/{rid}/heard", data=heard).get_data(as_text=True)
    assert 'class="preview-same" id="sessions-0"' in page


def test_a_price_heard_replaces_its_own_kind_and_the_concession_stays(app, client, users, auth):
    rid = confirmed_cafe(
        app, costs=[{"amount_pence": 200}, {"kind": "concession", "amount_pence": 100}]
    )
    auth.login("member@example.org")
    url = f"/workspace/resources/{rid}/heard"
    same = client.post(url, data={**HEARD, "cost": "2"}).get_data(as_text=True)
    assert 'class="preview-same" id="costs"' in same  # the usual price, said without the other
    page = client.post(url, data={**HEARD, "cost": "3"}).get_data(as_text=True)
    assert "keeping the record’s £1 a session (concession)" in page
    choices = {"action": "hold", "choice-phone": "keep", "choice-name": "keep"}
    assert client.post(url, data={**HEARD, "cost": "3", **choices}).status_code == 302
    [change] = held(app, rid)
    auth.logout()
    auth.login("admin@example.org")
    assert client.post(f"/workspace/pending/{change.id}/confirm").status_code == 302
    costs = sorted((c.kind, c.amount_pence) for c in load(app, rid).costs)
    assert costs == [("concession", 100), ("standard", 300)]


def test_a_price_heard_for_an_entry_said_to_be_free_clears_that_and_says_so(app, client, member):
    rid = confirmed_cafe(app, fees_description="Free")
    heard = {**HEARD, "cost": "3", "action": "hold", "choice-phone": "keep", "choice-name": "keep"}
    page = client.post(f"/workspace/resources/{rid}/heard", data=heard, follow_redirects=True)
    assert "Cost note: “Free” was cleared, as it gave the old price" in page.get_data(as_text=True)
    [change] = held(app, rid)
    after = {c["field"]: c["after"] for c in change.changes}
    assert after["fees_description"] == "" and after["costs"][0]["amount_pence"] == 300


def test_a_price_heard_needs_no_place_for_a_record_that_has_one(app, client, member):
    rid = confirmed_cafe(app)
    url = f"/workspace/resources/{rid}/heard"
    assert "leave it empty if it has not moved" in client.get(url).get_data(as_text=True)
    heard = {"name": "Repair café in Moorcross", "cost": "2", "told_by": "Their newsletter"}
    page = client.post(url, data=heard).get_data(as_text=True)
    assert "Enter a postcode or place" not in page and 'class="preview-new" id="costs"' in page
    assert 'id="locations-0"' not in page  # nothing heard of where: the record's place stands
    assert client.post(url, data={**heard, "action": "hold"}).status_code == 302
    [change] = held(app, rid)
    assert [c["field"] for c in change.changes] == ["costs"]


def test_on_an_unconfirmed_record_what_was_heard_is_added_at_once(app, client, member):
    with app.app_context():
        session = db.get_session()
        resource = create_resource(
            session, ResourceCreate(name="Knit & Natter", locations=[{"postcode": "N7 6QT"}])
        )
        session.commit()
        rid = resource.id
    data = {
        "name": "Knit and Natter",
        "place": "N7 6QT",
        "day": "tu",
        "start": "10:00",
        "end": "12:00",
        "action": "hold",
    }
    assert client.post(f"/workspace/resources/{rid}/heard", data=data).status_code == 302
    assert [(s.day, s.start) for s in load(app, rid).sessions] == [("tu", "10:00")]
    assert held(app, rid) == []


def quick_added(app, client) -> str:
    """An entry the signed-in member added from word of mouth."""
    data = {"name": "Canal Walkers", "place": "N7 6QT", "action": "save-anyway"}
    assert client.post("/workspace/add", data=data).status_code == 302
    with app.app_context():
        return db.get_session().exec(select(Resource.id)).one()


def test_the_adder_cannot_confirm_her_own_word_of_mouth_entry(app, client, users, auth):
    auth.login("member@example.org")
    rid = quick_added(app, client)
    shown = client.get(f"/resources/{rid}").get_data(as_text=True)
    assert ">Still running</button>" not in shown and "a colleague can" in shown  # no dead end
    page = client.post(f"/workspace/resources/{rid}/confirm", follow_redirects=True)
    assert "Ask a colleague to confirm it" in page.get_data(as_text=True)
    assert load(app, rid).review_state == "needs-checking"
    bulk = client.post("/workspace/review/confirm", data={"ids": rid}, follow_redirects=True)
    assert "Left for a colleague to confirm" in bulk.get_data(as_text=True)
    assert load(app, rid).review_state == "needs-checking"
    auth.logout()
    auth.login("admin@example.org")
    assert (
        client.post(f"/workspace/resources/{rid}/confirm", data={"how": "phone"}).status_code == 302
    )
    resource = load(app, rid)
    assert resource.review_state == "confirmed" and resource.last_confirmed_how == "phone"
    public = client.get(f"/public/resources/{rid}").get_data(as_text=True)
    assert "Checked by phone today by a local team." in public  # one sentence, no stray comma


def test_a_team_can_let_the_adder_confirm(app, client, users, auth):
    auth.login("admin@example.org")
    page = client.post("/admin/team/checking", data={}, follow_redirects=True)
    assert "no longer asks a second person" in page.get_data(as_text=True)
    auth.logout()
    auth.login("member@example.org")
    rid = quick_added(app, client)
    assert client.post(f"/workspace/resources/{rid}/confirm").status_code == 302
    assert load(app, rid).review_state == "confirmed"


def test_an_unknown_way_of_checking_is_refused(app, client, member):
    rid = confirmed_cafe(app)
    before = load(app, rid).last_confirmed_at
    page = client.post(
        f"/workspace/resources/{rid}/confirm", data={"how": "telepathy"}, follow_redirects=True
    )
    assert "Choose how you checked it" in page.get_data(as_text=True)
    assert load(app, rid).last_confirmed_at == before


def test_a_member_cannot_change_the_team_setting(app, client, member):
    assert client.post("/admin/team/checking", data={}).status_code in (302, 403)
    with app.app_context():
        from core.models import Team

        assert all(t.second_confirmer for t in db.get_session().exec(select(Team)).all())


UNKNOWN = (
    "We could not find the postcode N7 9ZZ, so this place is placed at the centre of N7 for "
    "distances: check the postcode."
)


def n7_district(app) -> None:
    """The gazetteer knows the district N7 but none of its postcodes."""
    with app.app_context():
        session = db.get_session()
        session.add(
            GazetteerEntry(key="N7", kind="district", name="N7", latitude=51.55, longitude=-0.12)
        )
        session.commit()


def test_an_unknown_postcode_heard_is_said_while_it_can_be_corrected(app, client, member):
    rid = confirmed_cafe(app)
    n7_district(app)
    heard = {"name": "Repair café in Moorcross", "place": "n7 9zz", "told_by": "A poster"}
    preview = client.post(f"/workspace/resources/{rid}/heard", data=heard)
    assert preview.status_code == 200 and UNKNOWN in preview.get_data(as_text=True)
    assert held(app, rid) == []
    # "Change what I heard" goes back to the form with what was typed, still saying why.
    back = client.post(f"/workspace/resources/{rid}/heard", data={**heard, "action": "change"})
    page = back.get_data(as_text=True)
    assert 'value="n7 9zz"' in page and UNKNOWN in page and "Compare with the record" in page
    # A time read the likeliest way is checked first: the place is said there too.
    checking = client.post(
        f"/workspace/resources/{rid}/heard", data={**heard, "day": "sa", "start": "2"}
    )
    assert "Check how we read the times" in checking.get_data(as_text=True)
    assert UNKNOWN in checking.get_data(as_text=True)
    # A known postcode, or a district typed as such, says nothing.
    for place in ("LS12 3AA", "N7"):
        answer = client.post(f"/workspace/resources/{rid}/heard", data={**heard, "place": place})
        assert "could not find the postcode" not in answer.get_data(as_text=True)


def test_an_unknown_postcode_heard_is_said_once_kept_and_once_confirmed(app, client, users, auth):
    rid = confirmed_cafe(app)
    n7_district(app)
    auth.login("member@example.org")
    heard = {"name": "Repair café in Moorcross", "place": "n7 9zz", "action": "hold"}
    left_out = client.post(
        f"/workspace/resources/{rid}/heard", data={**heard, "choice-locations-0": "keep"}
    )
    assert "could not find" not in client.get(left_out.headers["Location"]).get_data(as_text=True)
    response = client.post(
        f"/workspace/resources/{rid}/heard", data={**heard, "choice-locations-0": "add"}
    )
    assert response.status_code == 302
    assert UNKNOWN in client.get(response.headers["Location"]).get_data(as_text=True)
    [change] = held(app, rid)
    auth.logout()
    auth.login("admin@example.org")
    confirmed = client.post(f"/workspace/pending/{change.id}/confirm", follow_redirects=True)
    assert "Confirmed: the change is now part of the record." in confirmed.get_data(as_text=True)
    assert UNKNOWN in confirmed.get_data(as_text=True)
    places = {(p.postcode, p.latitude, p.longitude) for p in load(app, rid).locations}
    assert ("N7 9ZZ", 51.55, -0.12) in places


def test_an_unknown_postcode_heard_for_an_unconfirmed_record_is_said_once_added(
    app, client, member
):
    n7_district(app)
    with app.app_context():
        session = db.get_session()
        data = ResourceCreate(name="Knit & Natter", locations=[{"postcode": "N7 6QT"}])
        rid = create_resource(session, data).id
        session.commit()
    data = {"name": "Knit and Natter", "place": "N79ZZ", "action": "hold"}
    response = client.post(f"/workspace/resources/{rid}/heard", data=data)
    assert response.status_code == 302 and held(app, rid) == []
    assert UNKNOWN in client.get(response.headers["Location"]).get_data(as_text=True)
    places = {(p.postcode, p.latitude, p.longitude) for p in load(app, rid).locations}
    assert ("N7 9ZZ", 51.55, -0.12) in places


def test_a_held_place_is_moved_to_its_postcode_once_the_gazetteer_knows_it(
    app, client, users, auth
):
    rid = confirmed_cafe(app)
    n7_district(app)
    auth.login("member@example.org")
    heard = {"name": "Repair café in Moorcross", "place": "n7 9zz", "action": "hold"}
    client.post(f"/workspace/resources/{rid}/heard", data={**heard, "choice-locations-0": "add"})
    [change] = held(app, rid)
    with app.app_context():  # a gazetteer load that now knows the postcode, while it waits
        session = db.get_session()
        session.add(
            GazetteerEntry(
                key="N7 9ZZ", kind="postcode", name="N7 9ZZ", latitude=51.5512, longitude=-0.1187
            )
        )
        session.commit()
    auth.logout()
    auth.login("admin@example.org")
    confirmed = client.post(f"/workspace/pending/{change.id}/confirm", follow_redirects=True)
    assert "could not find the postcode" not in confirmed.get_data(as_text=True)
    places = {(p.postcode, p.latitude, p.longitude) for p in load(app, rid).locations}
    assert ("N7 9ZZ", 51.5512, -0.1187) in places


def test_the_review_queue_offers_her_no_still_running_on_her_own_word_of_mouth_entry(
    app, client, users, auth
):
    auth.login("member@example.org")
    quick_added(app, client)
    page = client.get("/workspace/review").get_data(as_text=True)
    row = page[page.index("Canal Walkers") :]
    row = row[: row.index("Mark closed")]
    assert "Still running" not in row and "a colleague confirms it" in row
