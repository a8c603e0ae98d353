"""Everyday phrasings of case notes read as a practitioner would: English as another language or
as basic skills, a wish to be among women, evenings that do not suit, stairs that are hard, a
topic kept away from with "isn't", and two letters typed the wrong way round."""

from __future__ import annotations

import pytest

from matcher.facts import read_facts
from matcher.notes import extract


def _terms(text: str) -> dict[str, str]:
    """Interest codes a note suggests, with their role."""
    return {s.code: s.kind for s in extract(text)}


def _facts(text: str) -> set[str]:
    """Fact codes a note suggests."""
    return {f.code for f in read_facts(text)}


@pytest.mark.parametrize(
    "note",
    [
        "Speaks Farsi, little English. Wants to get better at English.",
        "Her first language is Arabic. She would like to practise her spoken English more.",
        "Arrived in the UK last year. Keen to get better at English so she can shop alone.",
        "pt speaks tigrinya at home, wants to improve English",
    ],
)
def test_english_alone_for_someone_with_another_first_language_is_esol(note):
    found = _terms(note)
    assert found.get("esol") == "want"
    assert "maths-english" not in found


@pytest.mark.parametrize(
    "note, kind",
    [
        ("She is learning English.", "interest"),
        ("SU is learning English at the college on Tuesdays.", "interest"),
        ("Used to learn English at the mosque as a child.", "past"),
    ],
)
def test_learning_english_names_esol_in_the_role_its_own_verb_gives(note, kind):
    assert _terms(note).get("esol") == kind


def test_learning_to_read_is_basic_skills_done_now():
    assert _terms("She is learning to read with a volunteer.").get("maths-english") == "interest"


@pytest.mark.parametrize(
    "note",
    [
        "Wants to get better at English.",  # no cue of another first language
        "Speaks Polish. Wants to do maths and English at college.",
        "Speaks Urdu, wants to do GCSE English so he can apply for nursing.",
        "English is her first language, also speaks French. Wants to get better at English.",
        "Her mum only speaks Punjabi. She wants to get better at English for work.",
    ],
)
def test_english_as_a_school_subject_or_without_another_language_is_basic_skills(note):
    found = _terms(note)
    assert found.get("maths-english") == "want"
    assert "esol" not in found


@pytest.mark.parametrize(
    "note, words",
    [
        ("She would like to meet other women.", "meet other women"),
        ("Only feels safe around women since the assault.", "safe around women"),
        ("Would feel more comfortable in a group of women.", "group of women"),
        ("pt prefers women only groups", "women only"),
        ("Doesn't feel safe with men, DV history.", "doesn't feel safe with men"),
        ("SU wd like to make friends with other ladies her age", "make friends with other ladies"),
    ],
)
def test_a_wish_to_be_among_women_suggests_a_womens_group(note, words):
    found = {f.code: f.phrase for f in read_facts(note)}
    assert found.get("access:women-only") == words


@pytest.mark.parametrize(
    "note",
    [
        "Goes shopping with her sister every Saturday.",
        "The women at the day centre were kind to her.",
        "Her daughter runs a women's group at church.",
        "She is not comfortable around women after school bullying.",
        "He would like to meet women, has been lonely since the divorce.",
    ],
)
def test_women_merely_named_or_a_man_wanting_to_meet_women_suggest_no_womens_group(note):
    assert "access:women-only" not in _facts(note)


@pytest.mark.parametrize(
    "note",
    [
        "Evenings are no good as she cares for her mum.",
        "Gets anxious in the evenings and goes to bed early.",
        "Evenings are difficult, she drinks more then.",
        "Struggles in the evenings when the flat is quiet.",
    ],
)
def test_evenings_said_to_be_hard_do_not_suit(note):
    assert "evenings" not in _facts(note)


@pytest.mark.parametrize(
    "note", ["Works days so evenings suit.", "Free most evenings.", "Evenings are best for him."]
)
def test_evenings_said_to_suit_still_do(note):
    assert "evenings" in _facts(note)


@pytest.mark.parametrize(
    "note, words",
    [
        ("Can't manage stairs since the stroke.", "can't manage stairs"),
        ("SU struggles with stairs.", "struggles with stairs"),
        ("Finds stairs difficult, knee replacement due.", "finds stairs difficult"),
        ("Stairs are a problem since her fall.", "stairs are a problem"),
    ],
)
def test_stairs_said_to_be_hard_suggest_step_free_access(note, words):
    found = {f.code: f.phrase for f in read_facts(note)}
    assert found.get("access:step-free") == words


@pytest.mark.parametrize(
    "note", ["Manages stairs fine.", "Her mum can't manage stairs, so she visits her daily."]
)
def test_stairs_managed_or_someone_elses_suggest_no_step_free_access(note):
    assert "access:step-free" not in _facts(note)


@pytest.mark.parametrize(
    "note, code",
    [
        ("Isn't keen on pubs, prefers a cafe.", "avoid:alcohol"),
        ("pt isnt keen on busy places", "avoid:crowds"),
    ],
)
def test_isnt_keen_is_keeping_away(note, code):
    assert code in _facts(note)


@pytest.mark.parametrize(
    "note, code",
    [
        ("pt says she enjoys readign.", "reading"),
        ("SU enjoys knittign and swmiming", "swimming"),
        ("Enjoys fihsing at the canal.", "fishing"),
    ],
)
def test_two_letters_swapped_are_one_slip(note, code):
    assert _terms(note).get(code) == "interest"
