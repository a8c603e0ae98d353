"""Facts from the notes are suggestions with their words; only accepted ones reach the ranking."""

from __future__ import annotations

import re

import pytest
from matcher_helpers import person, record
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
    carers = record("k", interests=("socialising",), text="Carers' cafe\nA cafe for carers.")
    other = record("o", interests=("socialising",), text="Lunch club\nA friendly lunch.")
    f = features.build([carers, other])
    plain = rank.rank(person(interests=("socialising",)), f).suggestions
    assert [s.resource_id for s in plain] == ["o", "k"]
    assert any("a group for carers" in r for r in plain[1].reasons)
    carer = person(interests=("socialising",), hints=facts.hints_from(["condition:carers"]))
    assert not any("Lower" in r for s in rank.rank(carer, f).suggestions for r in s.reasons)


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
