"""Facts from the notes are suggestions with their words; only accepted ones reach the ranking."""

from __future__ import annotations

import re

import pytest
from matcher_helpers import person, place, record
from people_helpers import add_person, directory

from core.db import get_session
from matcher import facts, features, rank
from matcher.models import Person
from matcher.people import matching_profile


@pytest.fixture
def data(app, users):
    """The small directory and one person in team North."""
    ids = directory(app)
    return ids, add_person(app)


NOTE = (
    "Goes to the mosque on Fridays. Dad has dementia; she is his main carer. "
    "No history of psychosis."
)


def test_facts_are_suggested_with_their_words_and_kept_only_when_ticked(
    app, client, practitioner, data
):
    _, pid = data
    form = {"label": "J.", "where": "N7 6QT", "notes": NOTE, "action": "suggest"}
    html = client.post(f"/people/{pid}/edit", data=form).get_data(as_text=True)
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "Faith: Muslim (“mosque”)" in text
    assert "Cares for someone (an unpaid carer) (“main carer”)" in text
    assert "dementia" not in text.split("Suggested from the notes")[1].split("Interests")[0].lower()
    assert "psychosis" not in text.split("Suggested from the notes")[1].split("Interests")[0]
    box = re.search(r'name="accepted_facts" value="faith:muslim"[^>]*>', html)
    assert box is not None and "checked" not in box.group(0)
    del form["action"]
    client.post(f"/people/{pid}/edit", data=form)
    with app.app_context():
        assert get_session().get(Person, pid).accepted_facts == []  # type: ignore[union-attr]
        profile, _ = matching_profile(get_session(), 1, pid) or (None, 0)
        assert profile is not None and profile.hints.faith == ""
    client.post(f"/people/{pid}/edit", data={**form, "accepted_facts": ["faith:muslim", "bogus"]})
    with app.app_context():
        assert get_session().get(Person, pid).accepted_facts == ["faith:muslim"]  # type: ignore[union-attr]
    page = client.get(f"/people/{pid}").get_data(as_text=True)
    assert "Accepted from the notes" in page and "Faith: Muslim" in page
    edit = client.get(f"/people/{pid}/edit").get_data(as_text=True)
    assert re.search(r'name="accepted_facts" value="faith:muslim" checked', edit)


def test_a_suggested_fact_changes_the_ranking_only_once_accepted_and_says_so():
    mosque = record("m", interests=("faith",), text="Friday circle\nA mosque group.")
    church = record("c", interests=("faith",), text="Sunday circle\nA church group.")
    f = features.build([mosque, church])
    said = "Helps out at the mosque."
    silent = rank.rank(person(interests=("faith",), notes=said), f).suggestions
    assert silent[0].score == silent[1].score
    assert not any("Lower" in r for s in silent for r in s.reasons)
    accepted = person(interests=("faith",), notes=said, hints=facts.hints_from(["faith:muslim"]))
    ranked = rank.rank(accepted, f).suggestions
    assert [s.resource_id for s in ranked] == ["m", "c"]
    assert "Lower: a christian group, and their faith is muslim" in ranked[1].reasons
    assert not any("Lower" in r for r in ranked[0].reasons)


def test_a_group_for_an_experience_they_do_not_have_says_why_it_is_lower():
    carers = record("k", interests=("cooking",), text="Carers' cookery\nCooking for carers.")
    other = record("o", interests=("cooking",), text="Cookery club\nCook and eat together.")
    f = features.build([carers, other])
    plain = rank.rank(person(interests=("cooking",)), f).suggestions
    assert [s.resource_id for s in plain] == ["o", "k"]
    assert any("a group for carers" in r for r in plain[1].reasons)
    carer = person(interests=("cooking",), hints=facts.hints_from(["condition:carers"]))
    assert not any("Lower" in r for s in rank.rank(carer, f).suggestions for r in s.reasons)


def test_a_group_for_an_experience_not_theirs_is_shown_only_for_a_reason_tied_to_them():
    # Peer groups for an experience bond those who share it: liking company, or something close
    # to what they enjoy, is no reason to join one for an experience the person has not got.
    voices = record(
        "v",
        interests=("peer-support",),
        setting="mental-health-service",
        text="Hearing voices group\nA peer-led group for people who hear voices.",
    )
    grief = record("b", interests=("peer-support",), text="Bereavement cafe\nFor the grieving.")
    carers = record("k", interests=("peer-support", "socialising"), text="Carers cafe\nCarers.")
    far = record(
        "fv", interests=("peer-support",), places=(place(3.4),), text="Voices\nHearing voices."
    )
    f = features.build([voices, grief, carers, far])
    caring = facts.hints_from(["condition:carers"])
    for carer in (
        person(interests=("befriending",), want_to_try=(), hints=caring),
        person(interests=(), want_to_try=(), prefer_peer_support_first=True, hints=caring),
        person(interests=("peer-support",), want_to_try=(), hints=caring),
        person(interests=("socialising",), want_to_try=(), hints=facts.hints_from(["company"])),
    ):
        found = rank.rank(carer, f)
        assert {s.resource_id for s in found.suggestions} <= {"k"}
        assert not {m.resource_id for m in found.near_misses} & {"v", "b", "fv"}
    # Their profile is silent on it and they asked for peer support: that says how they would
    # like to meet, not which experience they share, so none is shown until one is recorded.
    silent = person(interests=(), want_to_try=(), prefer_peer_support_first=True)
    assert {s.resource_id for s in rank.rank(silent, f).suggestions} <= {"k"}
    voices_fact = facts.hints_from(["condition:voices"])
    hearing = person(
        interests=(), want_to_try=(), prefer_peer_support_first=True, hints=voices_fact
    )
    shown = {s.resource_id: s.reasons for s in rank.rank(hearing, f).suggestions}
    assert set(shown) - {"k"} == {"v"}
    assert shown["v"][0] == "You wanted peer support first: peer support"
    assert not any(r.startswith("Lower") for r in shown["v"])
    # Something else they named that it is about is a true reason, still said to be lower.
    art = record("a", interests=("painting",), text="Voices art\nPainting for voice hearers.")
    who = person(interests=("painting",), hints=caring)
    (one,) = rank.rank(who, features.build([art])).suggestions
    assert one.reasons[0] == "You said: painting and drawing"
    assert any(r.startswith("Lower: a group for people who hear voices") for r in one.reasons)


def test_avoiding_mental_health_settings_is_suggested_and_rules_them_out_only_once_accepted(
    app, client, practitioner, data
):
    _, pid = data
    form = {"label": "J.", "where": "N7 6QT", "notes": "Not keen on MH services."}
    html = client.post(f"/people/{pid}/edit", data={**form, "action": "suggest"}).get_data(
        as_text=True
    )
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "Would rather avoid mental-health service settings (“Not keen on MH services”)" in text
    box = re.search(r'name="accepted_facts" value="avoid-mh-settings"[^>]*>', html)
    assert box is not None and "checked" not in box.group(0)
    ticked = {**form, "avoid_mental_health_settings": "1", "action": "suggest"}
    again = client.post(f"/people/{pid}/edit", data=ticked).get_data(as_text=True)
    assert 'value="avoid-mh-settings"' not in again  # already their preference: nothing to add
    client.post(f"/people/{pid}/edit", data=form)
    with app.app_context():
        profile, _ = matching_profile(get_session(), 1, pid) or (None, 0)
        assert profile is not None and not profile.avoid_mental_health_settings
    client.post(f"/people/{pid}/edit", data={**form, "accepted_facts": ["avoid-mh-settings"]})
    with app.app_context():
        profile, _ = matching_profile(get_session(), 1, pid) or (None, 0)
        assert profile is not None and profile.avoid_mental_health_settings
    page = client.get(f"/people/{pid}").get_data(as_text=True)
    assert "Would rather avoid mental-health service settings" in page


def test_only_online_or_phone_is_suggested_from_the_notes_and_rules_out_going_out_once_accepted(
    app, client, practitioner, data
):
    _, pid = data
    note = "Prefers to stay at home, happy to do things online."
    form = {"label": "J.", "where": "N7 6QT", "max_km": "3", "interests": "singing", "notes": note}
    html = client.post(f"/people/{pid}/edit", data={**form, "action": "suggest"}).get_data(
        as_text=True
    )
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    said = "Only wants things online or by phone, not going out (“Prefers to stay at home, happy to"
    assert said in text
    box = re.search(r'id="fact-new-\d+" name="accepted_facts" value="online-only"[^>]*>', html)
    assert box is not None and "checked" not in box.group(0)
    client.post(f"/people/{pid}/edit", data=form)
    matches = " ".join(re.sub(r"<[^>]+>", " ", client.get(f"/people/{pid}/matches").text).split())
    assert "Canal Singers" in matches
    # Accepted, or ticked under Getting about (the same fact): nothing that needs them to go out.
    client.post(f"/people/{pid}/edit", data={**form, "accepted_facts": ["online-only"]})
    with app.app_context():
        profile, _ = matching_profile(get_session(), 1, pid) or (None, 0)
        assert profile is not None and profile.hints.online_only
    edit = client.get(f"/people/{pid}/edit").get_data(as_text=True)
    ticked = re.findall(r'<input[^>]*name="accepted_facts" value="online-only"[^>]*>', edit)
    assert len(ticked) == 1 and 'id="online_only"' in ticked[0] and "checked" in ticked[0]
    page = client.get(f"/people/{pid}/matches").text
    matches = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    assert "Nothing fits every rule and is about what they said." in matches
    assert "in person, and you want things online or by phone only" in matches


def test_a_need_for_step_free_access_in_the_notes_ticks_the_need_itself_a_rule_not_a_wish(
    app, client, practitioner, data
):
    _, pid = data
    form = {"label": "J.", "where": "N7 6QT", "notes": "Uses a stick, needs step-free access."}
    html = client.post(f"/people/{pid}/edit", data={**form, "action": "suggest"}).get_data(
        as_text=True
    )
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "Access need: step-free access (“step-free”)" in text
    assert "Would like: step-free" not in text
    box = re.search(r'id="fact-new-\d+" name="access_needs" value="step-free"[^>]*>', html)
    assert box is not None and "checked" not in box.group(0)
    ticked = {**form, "access_needs": "step-free", "action": "suggest"}
    again = client.post(f"/people/{pid}/edit", data=ticked).get_data(as_text=True)
    assert "Access need: step-free" not in again  # ticked already: nothing more to add
    client.post(f"/people/{pid}/edit", data={**form, "access_needs": "step-free"})
    with app.app_context():
        profile, _ = matching_profile(get_session(), 1, pid) or (None, 0)
        assert profile is not None and profile.access_needs == ("step-free",)
        assert get_session().get(Person, pid).accepted_facts == []  # type: ignore[union-attr]


def test_a_note_too_long_to_save_is_said_when_suggesting_not_only_at_save(
    client, practitioner, data
):
    _, pid = data
    note = "Loves gardening. " * 400  # 6,800 characters
    form = {"label": "J.", "notes": note, "action": "suggest"}
    html = client.post(f"/people/{pid}/edit", data=form).get_data(as_text=True)
    assert "Notes: at most 5,000 characters" in html
    assert "Suggested from the notes" in html and note.strip() in html  # nothing lost
