"""What a person is not interested in: read from the notes, recorded on the form or through the
API, and respected by the ranking (never suggested, never a reason, never for company)."""

from __future__ import annotations

import re
from html import unescape

import pytest
from matcher_helpers import person, record
from people_helpers import add_person, directory, person_data

from core.db import get_session
from directory.models import GazetteerEntry
from matcher import constraints, facts, features, gaps, notes, rank
from matcher.models import Person
from matcher.openapi import part

SPORT = notes.group_codes("Sport and movement")


def _codes(text: str) -> dict[str, str]:
    """The not-interested codes a note suggests, with the words each came from."""
    out = {}
    for f in facts.read_facts(text):
        kind, _, code = f.code.partition(":")
        if kind == facts.NOT_INTERESTED:
            out[code] = f.phrase
    return out


# --- Reading the notes ------------------------------------------------------------------------


def test_not_interested_in_football_is_suggested_with_its_words():
    found = facts.read_facts("She says she is not interested in football.")
    fact = next(f for f in found if f.code == "not-interested:football")
    assert fact.label == "Not interested in: Football"
    assert fact.phrase == "not interested in football"


def test_a_broad_word_names_the_vocabularys_group():
    assert _codes("Not interested in sport.") == dict.fromkeys(SPORT, "not interested in sport")
    assert set(_codes("Says he's not very sporty.")) == set(SPORT)


def test_not_a_big_reader_is_not_interested_in_reading():
    assert _codes("He is not a big reader.") == {"reading": "not a big reader"}
    assert _codes("Not much of a reader.") == {"reading": "not much of a reader"}


def test_no_longer_into_football_is_no_past_interest_but_not_interested():
    text = "No longer into football."
    assert _codes(text) == {"football": "no longer into football"}
    assert not [s for s in notes.extract(text) if s.code == "football"]


def test_someone_elses_dislike_suggests_nothing():
    assert _codes("His brother hates football.") == {}
    assert _codes("Her son is not interested in reading.") == {}


def test_not_any_more_but_still_enjoys_reads_both():
    text = "Not interested in football any more but still enjoys chess."
    assert _codes(text) == {"football": "not interested in football"}
    assert [(s.code, s.kind) for s in notes.extract(text)] == [("chess", "interest")]


def test_a_dislike_of_the_past_only_suggests_nothing():
    assert _codes("Didn't like sport at school.") == {}
    assert _codes("Used to hate football but now plays every week.") == {}


def test_what_they_enjoy_is_spared_from_a_broad_word():
    text = "Not into sport, but loves a walk."
    assert set(_codes(text)) == set(SPORT) - {"walking"}
    assert ("walking", "interest") in [(s.code, s.kind) for s in notes.extract(text)]


def test_turning_down_only_a_group_is_no_dislike_of_the_activity():
    assert _codes("No interest in walking groups.") == {}
    assert _codes("Doesn't play football.") == {}  # not doing it says nothing of liking it


# --- Ranking ----------------------------------------------------------------------------------


def _ranked(profile, *rows):
    f = features.build(list(rows))
    return f, rank.rank(profile, f)


def test_a_resource_mainly_about_it_is_never_suggested_by_a_named_rule():
    kick = record("k", interests=("football",), text="Kickabout\nFootball on the park.")
    sing = record("s", interests=("singing",), text="Choir\nA friendly choir.")
    keen = person(interests=("singing", "football"))
    assert {s.resource_id for s in _ranked(keen, kick, sing)[1].suggestions} == {"k", "s"}
    not_keen = person(
        interests=("singing", "fitness"), hints=facts.hints_from(["not-interested:football"])
    )
    f, result = _ranked(not_keen, kick, sing)
    assert [s.resource_id for s in result.suggestions] == ["s"]
    assert "not_interested" in constraints.RULES
    assert constraints.check(not_keen, f).broken["not_interested"].tolist() == [True, False]


def test_one_only_partly_about_it_gets_no_reason_from_it():
    # Football is close to fitness: without the fact, it would be offered as close to fitness.
    mixed = record("m", interests=("football", "cricket"), text="Bat and ball\nFootball, cricket.")
    base = person(interests=("fitness",))
    shown = _ranked(base, mixed)[1].suggestions
    assert shown and any("football" in r for r in shown[0].reasons)
    not_keen = person(interests=("fitness",), hints=facts.hints_from(["not-interested:football"]))
    f, result = _ranked(not_keen, mixed)
    assert not constraints.check(not_keen, f).broken["not_interested"][0]  # cricket is main too
    assert all("football" not in r for s in result.suggestions for r in s.reasons)


def test_never_offered_for_company_either():
    club = record("c", interests=("football", "socialising"), text="Football club\nA kickabout.")
    cafe = record("a", interests=("socialising",), text="Lunch club\nA hot meal and a chat.")
    lonely = facts.hints_from(["company"])
    base = person(interests=(), want_to_try=(), hints=lonely)
    assert {s.resource_id for s in _ranked(base, club, cafe)[1].suggestions} == {"c", "a"}
    both = facts.hints_from(["company", "not-interested:football"])
    not_keen = person(interests=(), want_to_try=(), hints=both)
    assert [s.resource_id for s in _ranked(not_keen, club, cafe)[1].suggestions] == ["a"]
    only = facts.hints_from(["company", "not-interested:socialising"])
    result = _ranked(person(interests=(), want_to_try=(), hints=only), club, cafe)[1]
    assert result.suggestions == ()


def test_the_gap_says_which_rule_stopped_an_option():
    mainly = record("k", interests=("football", "singing"), text="Football\nSing on the terraces.")
    not_keen = person(want_to_try=(), hints=facts.hints_from(["not-interested:football"]))
    f, result = _ranked(not_keen, mainly)
    assert result.suggestions == ()
    assert "mainly about something you said you are not interested in" in result.gaps[0].text
    assert gaps.gap(not_keen, f, constraints.check(not_keen, f), "stated", "singing").why


def test_an_interest_they_named_outweighs_a_dislike_read_from_the_notes():
    # An eval persona's summary may say "not sporty" while their interests list walking.
    profile = person(interests=("walking",), hints=facts.hints_from(["not-interested:walking"]))
    assert profile.not_interested == frozenset()


# --- The API and the person model -------------------------------------------------------------


@pytest.fixture
def data(app, users):
    """The small directory and one person in team North."""
    return directory(app), add_person(app)


def test_the_api_takes_not_interested_codes_and_respects_them(client, practitioner, data):
    # Singing is close to music, so Canal Singers is offered to someone who enjoys music...
    body = person_data(reference="CG-60", interests=["music"], want_to_try=[])
    created = client.post("/api/people", json=body)
    assert created.status_code == 201, created.get_json()
    pid = created.get_json()["id"]
    names = [s["name"] for s in client.get(f"/api/people/{pid}/matches").get_json()["suggestions"]]
    assert "Canal Singers" in names
    # ... but never to someone who said singing is not for them.
    body["accepted_facts"] = ["not-interested:singing"]
    replaced = client.put(f"/api/people/{pid}", json=body)
    assert replaced.status_code == 200 and replaced.get_json()["accepted_facts"] == [
        "not-interested:singing"
    ]
    answer = client.get(f"/api/people/{pid}/matches").get_json()
    assert "Canal Singers" not in [s["name"] for s in answer["suggestions"]]


def test_the_api_refuses_unknown_or_contradicting_codes(client, practitioner, data):
    for facts_in, words in (
        (["not-interested:basket-weaving"], "unknown interest 'basket-weaving'"),
        (["not-interested:singing"], "Singing: given both as an interest and as not interested"),
    ):
        response = client.post("/api/people", json=person_data(accepted_facts=facts_in))
        assert response.status_code == 400
        assert words in response.get_json()["fields"]["accepted_facts"]


def test_the_openapi_description_names_the_family():
    schema = part()[1]["PersonIn"]["properties"]["accepted_facts"]
    assert "not-interested:<interest code>" in schema["description"]


def test_a_postcode_through_the_api_is_stored_as_the_gazetteer_keeps_it(
    app, client, practitioner, data
):
    created = client.post("/api/people", json=person_data(reference="CG-61", postcode=" n76qt "))
    assert created.status_code == 201, created.get_json()
    assert created.get_json()["postcode"] == "N7 6QT"
    assert created.get_json()["latitude"] == pytest.approx(51.5548)
    with app.app_context():
        stored = get_session().get(Person, created.get_json()["id"])
        assert stored is not None and stored.postcode == "N7 6QT"
    # A district is no full postcode: kept as typed, upper-cased, and found as a district.
    with app.app_context():
        at = (51.55, -0.12)
        get_session().add(
            GazetteerEntry(key="N7", kind="district", name="N7", latitude=at[0], longitude=at[1])
        )
        get_session().commit()
    district = client.post("/api/people", json=person_data(reference="CG-62", postcode=" n7 "))
    assert district.status_code == 201, district.get_json()
    assert district.get_json()["postcode"] == "N7"


# --- The profile form -------------------------------------------------------------------------


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _stored(app, pid: int) -> list[str]:
    with app.app_context():
        found = get_session().get(Person, pid)
        assert found is not None
        return list(found.accepted_facts)


FORM = {"label": "J.", "where": "N7 6QT", "interests": "singing"}


def test_the_form_suggests_it_from_the_notes_and_keeps_it_once_ticked(
    app, client, practitioner, data
):
    _, pid = data
    form = {**FORM, "notes": "Not interested in sport.", "action": "suggest"}
    html = client.post(f"/people/{pid}/edit", data=form).get_data(as_text=True)
    assert "Not interested in: sport and movement (Football, Walking" in _text(html)
    assert "(“not interested in sport”)" in _text(html).lower()
    box = re.search(r'name="not_interested" value="([a-z -]+)"(?! checked)', html)
    assert box is not None and box.group(1).split() == list(SPORT)
    del form["action"]
    client.post(f"/people/{pid}/edit", data=form)
    assert _stored(app, pid) == []  # not ticked: nothing kept
    client.post(f"/people/{pid}/edit", data={**form, "not_interested": box.group(1)})
    assert _stored(app, pid) == [facts.not_interested(c) for c in SPORT]
    edit = client.get(f"/people/{pid}/edit").get_data(as_text=True)
    assert re.search(r'id="not-football" name="not_interested" value="football" checked', edit)
    assert "Not interested in: Football" in _text(
        client.get(f"/people/{pid}").get_data(as_text=True)
    )


def test_the_form_records_it_by_hand_in_a_few_clicks(app, client, practitioner, data):
    _, pid = data
    client.post(f"/people/{pid}/edit", data={**FORM, "not_interested": ["reading"]})
    assert _stored(app, pid) == ["not-interested:reading"]
    client.post(f"/people/{pid}/edit", data=FORM)  # unticked
    assert _stored(app, pid) == []
    # A whole part of the list at once, sparing what they enjoy.
    part = {
        **FORM,
        "interests": ["singing", "walking"],
        "not_interested_group": "Sport and movement",
    }
    response = client.post(f"/people/{pid}/edit", data=part)
    assert response.status_code == 302
    assert _stored(app, pid) == [facts.not_interested(c) for c in SPORT if c != "walking"]


def test_the_form_refuses_both_ticked_and_unknown_codes(app, client, practitioner, data):
    _, pid = data
    both = client.post(f"/people/{pid}/edit", data={**FORM, "not_interested": "singing"})
    assert both.status_code == 400
    assert "Singing: ticked both as something they enjoy" in _text(both.get_data(as_text=True))
    assert 'href="#not_interested"' in both.get_data(as_text=True)
    unknown = client.post(f"/people/{pid}/edit", data={**FORM, "not_interested": "basket-weaving"})
    assert unknown.status_code == 400
    assert "'basket-weaving' is not in the list of interests" in _text(
        unknown.get_data(as_text=True)
    )
    assert _stored(app, pid) == []
