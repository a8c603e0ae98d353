"""Interest in an offering or in help is a wish; a post held is a skill; a group named for whom
it serves is not someone else's."""

from __future__ import annotations

import pytest

from tests.matcher.matcher_helpers import note_roles as _terms


@pytest.mark.parametrize(
    ("note", "code"),
    [
        ("Interested in part-time work.", "employment-skills"),
        ("He is interested in paid work.", "employment-skills"),
        ("Keen on getting a job once the baby is at nursery.", "employment-skills"),
        ("Interested in gentle yoga if the class is small.", "yoga"),
        ("Keen on gardening as long as it's outdoors.", "gardening"),
        ("Interested in the online fatigue self-management course.", "wellbeing-learning"),
        ("She is interested in the 'Managing Low Mood' course.", "wellbeing-learning"),
        ("Asked about Carer's Allowance.", "money-advice"),
        ("Would like help with her pension letters.", "money-advice"),
    ],
)
def test_interest_in_an_offering_or_in_help_is_a_want(note, code):
    assert _terms(note).get(code) == {"want"}


@pytest.mark.parametrize(
    "note",
    [
        "He loves his job at the depot.",  # work they have, enjoyed, is no wish for help
        "She enjoys her work at the care home.",
        "He lives on his pension.",  # a pension named is no request for advice
        "She is managing anxiety well at the moment.",  # coping, not a course
    ],
)
def test_work_enjoyed_or_a_pension_named_is_no_wish(note):
    found = _terms(note)
    assert not found.get("employment-skills") and not found.get("money-advice")
    assert not found.get("wellbeing-learning")


def test_interest_in_a_subject_stays_an_interest():
    assert _terms("She is interested in history.") == {"history": {"interest"}}


@pytest.mark.parametrize(
    ("note", "code"),
    [
        ("He is a qualified yoga teacher.", "yoga"),
        ("She was a senior swimming coach at the leisure centre.", "swimming"),
    ],
)
def test_a_post_in_a_field_is_a_skill(note, code):
    assert "skill" in _terms(note).get(code, set())


def test_a_group_named_for_whom_it_serves_is_theirs_to_teach():
    assert "skill" in _terms("She taught the children's choir for years.").get("singing", set())


def test_a_relatives_activity_stays_theirs():
    assert "singing" not in _terms("She drives her children's choir to rehearsals.")
    assert "football" not in _terms("He never misses his grandson's football match.")
