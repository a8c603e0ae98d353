"""Editing every fact of a resource through the full edit form: sessions of every pattern,
prices, places (a new one or a venue already in the directory), access, interests by any of
their words, ages, organisation, phones and team-only fields; bad input named on its field with
nothing changed; conflicts shown with both versions; every edit in the history and revertable."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import select

from core import db
from directory.models import (
    GazetteerEntry,
    Organisation,
    Resource,
    ResourceCreate,
    ResourceHistory,
)
from directory.resources import create_resource
from tests.directory.edit_helpers import edit_page_form, form_of

PLACE = {"name": "St Mark's Hall", "postcode": "N7 6QT", "latitude": 51.55, "longitude": -0.12}


def add(app: Flask, name: str = "Repair café", **extra: Any) -> str:
    with app.app_context():
        session = db.get_session()
        data = ResourceCreate(
            name=name,
            locations=extra.pop("locations", [PLACE]),
            sessions=[
                {"day": "sa", "freq": "monthly", "ordinal": 2, "start": "10:00", "end": "13:00"}
            ],
            costs=extra.pop("costs", [{"amount_pence": 300}]),
            **extra,
        )
        rid = create_resource(session, data).id
        session.commit()
        return rid


def load(app: Flask, rid: str) -> Resource:
    with app.app_context():
        found = db.get_session().get(Resource, rid)
        assert found is not None
        return found


def history(app: Flask, rid: str) -> list[ResourceHistory]:
    with app.app_context():
        query = select(ResourceHistory).where(ResourceHistory.resource_id == rid)
        return list(db.get_session().exec(query).all())


def save(client: FlaskClient, rid: str, form: dict[str, Any]) -> Any:
    return client.post(f"/workspace/resources/{rid}/edit", data=form)


def test_edit_page_has_every_kind_of_fact(app, client, member):
    rid = add(app)
    page = client.get(f"/workspace/resources/{rid}/edit").get_data(as_text=True)
    for heading in ("When it meets", "What it costs", "Where it meets", "Access", "Interests"):
        assert heading in page
    form = form_of(page)
    assert form["sessions-0-freq"] == "monthly" and form["sessions-0-ordinal"] == "2"
    assert form["costs-0-amount"] == "3"
    assert form["locations-0-name"] == "St Mark's Hall"


def test_fortnightly_summer_only_session_with_a_break_is_saved_and_said(app, client, member):
    rid = add(app)
    form = edit_page_form(client, rid)
    form.update(
        {
            "sessions-0-freq": "fortnightly",
            "sessions-0-day": "tu",
            "sessions-0-anchor": "2027-06-01",
            "sessions-0-start": "6pm",
            "sessions-0-end": "half seven in the evening",
            "sessions-0-valid_from": "1/6/2027",
            "sessions-0-valid_to": "31 August 2027",
            "sessions-0-cancelled": "15/6/2027",
        }
    )
    assert save(client, rid, form).status_code == 302
    [s] = load(app, rid).sessions
    assert (s.freq, s.interval, s.anchor, s.start, s.end) == (
        "weekly",
        2,
        date(2027, 6, 1),
        "18:00",
        "19:30",
    )
    assert (s.valid_from, s.valid_to, s.cancelled) == (
        date(2027, 6, 1),
        date(2027, 8, 31),
        ["2027-06-15"],
    )
    page = client.get(f"/resources/{rid}").get_data(as_text=True)
    assert "Every other Tuesday, 18:00 to 19:30" in page
    assert "not on 15 June 2027" in page
    [entry] = history(app, rid)
    assert entry.action == "edit" and entry.user_id is not None
    assert {c["field"] for c in entry.changes} == {"sessions"}


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        (
            {"sessions-0-start": "2pm", "sessions-0-end": "1pm"},
            "sessions-0-end",
            "before it starts",
        ),
        (
            {"sessions-0-freq": "fortnightly", "sessions-0-day": "tu"},
            "sessions-0-anchor",
            "start date",
        ),
        ({"costs-0-amount": "-2"}, "costs-0-amount", "cannot be below 0"),
        ({"interests-0": "underwater basket weaving"}, "interests-0", "not in the list"),
        (
            {"sessions-0-valid_from": "1/8/2027", "sessions-0-valid_to": "1/6/2027"},
            "sessions-0-valid_to",
            "before the first date",
        ),
        ({"min_age": "sixty"}, "min_age", "whole number"),
        ({"locations-0-postcode": "NOT A CODE"}, "locations-0-postcode", "not a UK postcode"),
        ({"phones-0-number": "ring Jo"}, "phones-0-number", "Enter a phone number"),
        ({"phones-0-number": "12"}, "phones-0-number", "Enter a phone number"),
    ],
)
def test_bad_input_is_named_on_its_field_and_changes_nothing(
    app, client, member, change, field, words
):
    rid = add(app)
    before = load(app, rid)
    form = {**edit_page_form(client, rid), **change}
    response = save(client, rid, form)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f'id="{field}-error"' in page and words in page
    assert f'href="#{field}"' in page  # the summary links to the field
    after = load(app, rid)
    assert after.version == before.version and history(app, rid) == []
    assert form_of(page)[field.replace("-error", "")] == change.get(field, form[field])


def test_prices_concessions_pay_what_you_can_and_units(app, client, member):
    rid = add(app)
    form = edit_page_form(client, rid)
    client_page = client.post(
        f"/workspace/resources/{rid}/edit", data={**form, "add": "costs"}
    ).get_data(as_text=True)
    form = form_of(client_page)
    assert "costs-1-amount" in form and load(app, rid).version == 1  # nothing saved yet
    form.update(
        {
            "costs-0-amount": "£12",
            "costs-0-unit": "month",
            "costs-1-kind": "concession",
            "costs-1-label": "people receiving benefits",
            "costs-1-amount": "free",
            "costs-1-unit": "month",
        }
    )
    assert save(client, rid, form).status_code == 302
    page = client.get(f"/resources/{rid}").get_data(as_text=True)
    assert "£12 a month; Free (people receiving benefits)" in page
    form = edit_page_form(client, rid)
    form.update({"costs-0-kind": "what-you-can", "costs-0-amount": "2", "costs-1-remove": "y"})
    assert save(client, rid, form).status_code == 302
    page = client.get(f"/resources/{rid}").get_data(as_text=True)
    assert "Pay what you can (£2 a month suggested)" in page


def test_a_venue_in_the_directory_is_copied_with_its_access(app, client, member):
    add(app, "Tea dance", access=["step-free", "hearing-loop", "women-only"])
    rid = add(app, "Chess club")
    form = edit_page_form(client, rid)
    form.update({"add": "venue", "venue": "St Mark's Hall, N7 6QT", "locations-0-remove": "y"})
    page = client.post(f"/workspace/resources/{rid}/edit", data=form).get_data(as_text=True)
    assert "with its access: Hearing loop, Step-free access." in page
    form = form_of(page)
    assert "step-free" in form["access"] and "women-only" not in form["access"]
    assert save(client, rid, form).status_code == 302
    resource = load(app, rid)
    assert [(p.name, p.postcode) for p in resource.locations] == [("St Mark's Hall", "N7 6QT")]
    assert "step-free" in resource.access


def test_unknown_venue_is_said_on_the_venue_box(app, client, member):
    rid = add(app)
    form = {**edit_page_form(client, rid), "add": "venue", "venue": "Nowhere Hall"}
    response = save(client, rid, form)
    assert response.status_code == 400
    assert 'id="venue-error"' in response.get_data(as_text=True)


def test_interests_by_any_word_access_ages_organisation_phones_and_team_notes(app, client, member):
    rid = add(app)
    form = edit_page_form(client, rid)
    form.update(
        {
            "interests-0": "tea dance",
            "access": ["step-free", "quiet-space"],
            "min_age": "18",
            "max_age": "65",
            "setting": "community",
            "organisation": "Moorcross Trust",
            "phones-0-label": "Bookings",
            "phones-0-number": "0113 496 0000",
            "team_notes": "Ask for Sam",
        }
    )
    assert save(client, rid, form).status_code == 302
    resource = load(app, rid)
    assert resource.interests == ["dance"]  # "tea dance" is one of Dancing's words
    assert resource.access == ["quiet-space", "step-free"]
    assert (resource.min_age, resource.max_age) == (18, 65)
    assert resource.phones == [{"label": "Bookings", "number": "0113 496 0000"}]
    assert resource.phone == "0113 496 0000"
    with app.app_context():
        org = db.get_session().exec(select(Organisation)).one()
    assert org.name == "Moorcross Trust" and resource.organisation_id == org.id
    other = add(app, "Tea dance")
    form = {**edit_page_form(client, other), "organisation": "moorcross trust"}
    assert save(client, other, form).status_code == 302
    assert load(app, other).organisation_id == org.id  # chosen, not created again


def test_a_number_kept_only_as_the_phone_is_in_the_form_and_survives_an_edit(app, client, member):
    # A record written before numbers had labels: `phones` empty, the number in `phone`.
    rid = add(app, phone="0113 496 0145")
    with app.app_context():
        session = db.get_session()
        old = session.get(Resource, rid)
        assert old is not None
        old.phones = []
        session.add(old)
        session.commit()
    form = edit_page_form(client, rid)
    assert form["phones-0-number"] == "0113 496 0145"
    assert save(client, rid, {**form, "team_notes": "Ring before going"}).status_code == 302
    resource = load(app, rid)
    assert resource.phone == "0113 496 0145"
    assert resource.phones == [{"label": "", "number": "0113 496 0145"}]
    assert all(c["field"] != "phone" for h in history(app, rid) for c in h.changes)


def test_a_number_given_alone_is_the_first_of_the_numbers():
    base = {"name": "Repair café", "locations": [PLACE]}
    alone = ResourceCreate(**base, phone="0113 496 0145")
    assert [p.number for p in alone.phones] == ["0113 496 0145"]
    # a heard number on a record with labelled ones takes the first one's place
    labelled = [{"label": "Bookings", "number": "0113 496 0000"}, {"number": "07700 900123"}]
    heard = ResourceCreate(**base, phone="0113 496 0999", phones=labelled)
    assert heard.phone == "0113 496 0999"
    assert [p.number for p in heard.phones] == ["0113 496 0999", "07700 900123"]
    # the same number however it is spaced is no change
    same = ResourceCreate(**base, phone="01134960000", phones=labelled)
    assert same.phones[0].label == "Bookings" and same.phone == "0113 496 0000"


def test_a_cost_note_giving_the_price_changed_is_refused_until_it_matches(app, client, member):
    costs = [
        {"amount_pence": 700},
        {"kind": "concession", "amount_pence": 400, "label": "Benefits"},
    ]
    note = "£7 a session; £4 for people receiving benefits"
    rid = add(app, costs=costs, fees_description=note)
    form = edit_page_form(client, rid)
    usual = next(k for k, v in form.items() if k.endswith("-amount") and v == "7")
    form[usual] = "6"
    response = save(client, rid, form)
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and 'id="fees_description-error"' in page
    assert "still says £7" in page and "£4" not in page.split("still says")[1][:20]
    assert sorted(c.amount_pence for c in load(app, rid).costs) == [400, 700]
    fixed = {**form, "fees_description": "£6 a session; £4 for people receiving benefits"}
    assert save(client, rid, fixed).status_code == 302
    # a note with a price that was never one of the record's is left alone
    block = edit_page_form(client, rid)
    block[usual] = "5"
    block["fees_description"] = "£6 a session, or £30 for a block of six"
    assert save(client, rid, block).status_code == 400
    block["fees_description"] = "Or £30 for a block of six"
    assert save(client, rid, block).status_code == 302


def test_conflicting_save_shows_both_versions_and_keeps_what_was_typed(app, client, member):
    rid = add(app)
    first, second = edit_page_form(client, rid), edit_page_form(client, rid)
    assert save(client, rid, {**first, "sessions-0-start": "11:00"}).status_code == 302
    typed = {**second, "sessions-0-start": "9am", "description": "Mine, typed with care"}
    response = save(client, rid, typed)
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Someone else changed this" in page
    assert "Second Saturday of the month, 09:00 to 13:00" in page  # yours
    assert "Second Saturday of the month, 11:00 to 13:00" in page  # saved now
    kept = form_of(page)
    assert kept["description"] == "Mine, typed with care" and kept["sessions-0-start"] == "9am"
    assert load(app, rid).sessions[0].start == "11:00"
    assert save(client, rid, kept).status_code == 302  # saving again keeps yours
    assert load(app, rid).sessions[0].start == "09:00"


def test_saving_again_after_a_conflict_keeps_what_only_the_other_person_changed(
    app, client, member
):
    rid = add(app)
    first, second = edit_page_form(client, rid), edit_page_form(client, rid)
    theirs = {**first, "description": "Now in the church hall, bring a flask"}
    assert save(client, rid, theirs).status_code == 302
    response = save(client, rid, {**second, "sessions-0-start": "11:00"})
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "also holds what they changed and you had not: Description" in page
    kept = form_of(page)
    assert kept["description"] == "Now in the church hall, bring a flask"
    assert kept["sessions-0-start"] == "11:00"
    assert save(client, rid, kept).status_code == 302
    saved = load(app, rid)
    assert saved.description == "Now in the church hall, bring a flask"  # theirs, not undone
    assert saved.sessions[0].start == "11:00"  # and yours


def test_an_edit_can_be_reverted_from_the_history(app, client, member):
    rid = add(app)
    form = {**edit_page_form(client, rid), "sessions-0-cancelled": "2027-03-13"}
    assert save(client, rid, form).status_code == 302
    assert load(app, rid).sessions[0].cancelled == ["2027-03-13"]
    [entry] = history(app, rid)
    assert client.post(f"/workspace/history/{entry.id}/revert").status_code == 302
    assert load(app, rid).sessions[0].cancelled == []


def test_removing_a_place_of_an_online_group_and_adding_another_session(app, client, member):
    rid = add(app)
    form = edit_page_form(client, rid)
    page = save(client, rid, {**form, "add": "sessions"}).get_data(as_text=True)
    form = form_of(page)
    form.update(
        {
            "setting": "online",
            "locations-0-remove": "y",
            "sessions-1-day": "we",
            "sessions-1-freq": "every-n",
            "sessions-1-interval": "3",
            "sessions-1-anchor": "2027-01-06",
            "sessions-1-start": "7pm",
            "sessions-1-end": "8pm",
        }
    )
    assert save(client, rid, form).status_code == 302
    resource = load(app, rid)
    assert resource.locations == [] and resource.setting == "online"
    assert sorted((s.day, s.interval) for s in resource.sessions) == [("sa", 1), ("we", 3)]
    page = client.get(f"/resources/{rid}").get_data(as_text=True)
    assert "Every 3 weeks on Wednesday, 19:00 to 20:00" in page


def test_a_place_with_an_unknown_postcode_is_put_at_its_district_and_says_so(app, client, member):
    with app.app_context():
        session = db.get_session()
        session.add(
            GazetteerEntry(key="N7", kind="district", name="N7", latitude=51.5, longitude=-0.1)
        )
        session.commit()
    rid = add(app)
    form = {**edit_page_form(client, rid), "locations-0-postcode": "n7 9zz"}
    response = save(client, rid, form)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    said = "We could not find the postcode N7 9ZZ, so this place is placed at the centre of N7"
    assert said in page and "for distances: check the postcode." in page
    (place,) = load(app, rid).locations
    assert (place.postcode, place.latitude, place.longitude) == ("N7 9ZZ", 51.5, -0.1)
    again = save(client, rid, edit_page_form(client, rid))  # said once, when it was looked up
    assert said not in client.get(again.headers["Location"]).get_data(as_text=True)


def test_a_place_is_needed_unless_online(app, client, member):
    rid = add(app)
    form = {**edit_page_form(client, rid), "locations-0-remove": "y"}
    response = save(client, rid, form)
    assert response.status_code == 400
    assert 'id="setting-error"' in response.get_data(as_text=True)
    assert len(load(app, rid).locations) == 1


def test_a_venue_is_corrected_for_every_entry_there_after_a_preview(app, client, member):
    dance = add(app, "Tea dance", access=["step-free", "women-only"])
    chess = add(app, "Chess club")
    elsewhere = add(app, "Walk", locations=[{"name": "Park gates", "postcode": "N7 6QT"}])
    venue = {"name": "St Mark's Hall", "postcode": "n76qt"}
    page = client.get("/workspace/venue", query_string=venue).get_data(as_text=True)
    assert "Tea dance" in page and "Chess club" in page and "Walk" not in page
    preview = client.post("/workspace/venue", data={**venue, "access": ["hearing-loop"]})
    text = preview.get_data(as_text=True)
    assert "This changes 2 entries" in text
    assert "Hearing loop added; Step-free access taken off" in text
    assert load(app, dance).access == ["step-free", "women-only"]  # nothing saved yet
    form = form_of_venue(text)
    saved = client.post("/workspace/venue", data={**form, "action": "save"})
    assert saved.status_code == 302
    assert load(app, dance).access == ["hearing-loop", "women-only"]  # who it is for stays
    assert load(app, chess).access == ["hearing-loop"]
    assert load(app, elsewhere).access == []
    assert [e.action for e in history(app, chess)] == ["edit"]


def test_a_venue_correction_over_a_changed_entry_saves_nothing(app, client, member):
    chess = add(app, "Chess club")
    venue = {"name": "St Mark's Hall", "postcode": "N7 6QT"}
    text = client.post("/workspace/venue", data={**venue, "access": ["step-free"]}).get_data(
        as_text=True
    )
    form = form_of_venue(text)
    form[f"v-{chess}"] = "0"  # as if someone saved it after the preview
    response = client.post("/workspace/venue", data={**form, "action": "save"})
    assert response.status_code == 409
    assert load(app, chess).access == [] and history(app, chess) == []


def form_of_venue(page: str) -> dict[str, Any]:
    """The venue form's hidden fields and ticked boxes (it is styled as the edit form)."""
    return form_of(page)


def test_a_session_end_can_be_left_empty_when_it_is_not_known(app, client, member):
    rid = add(app)
    form = edit_page_form(client, rid)
    assert save(client, rid, {**form, "sessions-0-end": ""}).status_code == 302
    (session,) = load(app, rid).sessions
    assert (session.start, session.end) == ("10:00", "")
    page = client.get(f"/workspace/resources/{rid}/edit").get_data(as_text=True)
    assert "Ends (if known)" in page and form_of(page)["sessions-0-end"] == ""
    shown = client.get(f"/resources/{rid}").get_data(as_text=True)
    assert "Second Saturday of the month, from 10:00" in shown


def test_every_few_weeks_without_how_many_or_a_start_date_asks_for_both_at_once(
    app, client, member
):
    rid = add(app)
    form = {**edit_page_form(client, rid), "sessions-0-freq": "every-n"}
    page = save(client, rid, form).get_data(as_text=True)
    summary = page[
        page.index('id="error-summary"') : page.index("</ul>", page.index('id="error-summary"'))
    ]
    assert "Say every how many weeks it meets" in summary and "Give the start date" in summary
