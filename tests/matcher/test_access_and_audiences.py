"""The profile keeps access needs (what a place must offer) apart from the groups for who a
person is (women-only, LGBTQ+, age groups, newcomers welcome), and the matcher reads an access
need as a rule and a group for who they are as a preference."""

from __future__ import annotations

import re
from types import SimpleNamespace

from core.db import get_session
from matcher import features, rank
from matcher.constraints import check
from matcher.models import Person
from matcher.profile import from_person
from tests.matcher.matcher_helpers import person, record
from tests.matcher.people_helpers import directory


def _stored(**fields):
    base = {
        "accepted_facts": [],
        "age": 55, "age_band": "", "gender": "woman", "latitude": None, "longitude": None,
        "interests": ["singing"], "past_interests": [], "want_to_try": [], "skills_to_share": [],
        "budget_pence": None, "receives_benefits": False, "max_km": None, "travel_modes": [],
        "needs_company_first_time": False, "access_needs": [], "free_times": [],
        "avoid_mental_health_settings": False, "prefer_peer_support_first": False,
        "women_only": False, "prefer_quiet": False, "prefer_small_groups": False,
        "avoid_resource_ids": [], "notes": "",
    }  # fmt: skip
    return SimpleNamespace(**{**base, **fields})


def test_each_stored_term_is_read_for_what_it_is():
    profile = from_person(_stored(access_needs=["step-free", "over-50s", "newcomers-welcome"]))
    assert profile.access_needs == ("step-free",)
    assert profile.audiences == ("over-50s", "newcomers-welcome")


def test_a_group_for_who_they_are_is_preferred_never_required():
    f = features.build(
        [
            record("for-over-50s", access=("step-free", "over-50s")),
            record("for-anyone", access=("step-free",)),
            record("steps", access=("over-50s",)),
        ]
    )
    wanting = person(access_needs=("step-free",), audiences=("over-50s",), gender="woman")
    found = [s.resource_id for s in rank.rank(wanting, f).suggestions]
    # The group for over-50s comes first; the other is still suggested; the one with steps
    # is left out, as step-free access is a need.
    assert found == ["for-over-50s", "for-anyone"]
    assert check(wanting, f).feasible.tolist() == [True, True, False]
    # Stored together in one column, "over-50s" no longer rules out every other group.
    stored = from_person(_stored(access_needs=["step-free", "over-50s"]))
    assert check(stored, f).feasible.tolist() == [True, True, False]


def test_the_profile_form_asks_for_each_in_its_own_place(app, client, practitioner):
    directory(app)
    form = {
        "label": "K.", "where": "n7 6qt", "interests": ["singing"],
        "access_needs": ["step-free", "over-50s"],  # not an access need: ignored here
        "audiences": ["lgbtq-plus", "newcomers-welcome", "step-free"],  # step-free: ignored
        "women_only": "1",
    }  # fmt: skip
    response = client.post("/people/new", data=form)
    assert response.status_code == 302
    pid = int(response.headers["Location"].rsplit("/", 1)[1])
    with app.app_context():
        stored = get_session().get(Person, pid)
        assert stored.access_needs == ["step-free", "lgbtq-plus", "newcomers-welcome"]
        assert stored.women_only is True
    page = " ".join(re.sub(r"<[^>]+>", " ", client.get(f"/people/{pid}").get_data(True)).split())
    assert "Access needs Step-free access Groups for who they are" in page
    assert "Groups for who they are Women only LGBTQ+ Newcomers welcome" in page
    edit = client.get(f"/people/{pid}/edit").get_data(as_text=True)
    needs = edit.split('id="access_needs"')[1].split("</fieldset>")[0]
    groups = edit.split('id="audiences"')[1].split("</fieldset>")[0]
    for code in ("women-only", "lgbtq-plus", "over-50s", "young-adults-16-25", "newcomers"):
        assert code not in needs
    assert "step-free" in needs and "bsl" in needs and "can-bring-support-worker" in needs
    assert 'id="audience-lgbtq-plus" name="audiences" value="lgbtq-plus" checked' in groups
    assert 'id="women_only" name="women_only" value="1" checked' in groups
