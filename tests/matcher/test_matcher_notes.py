"""Free text → suggested interests and soft hints."""

from __future__ import annotations

import re

import pytest

from matcher import notes


def codes(text: str) -> dict[str, str]:
    return {s.code: s.kind for s in notes.extract(text)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Plays acoustic guitar in his room", {"guitar": "interest"}),
        ("Used to love his allotment", {"gardening": "past"}),
        ("Knits constantly", {"crafts": "interest"}),
        ("Danced all through school", {"dance": "past"}),
        ("fancies having a go at pottery", {"pottery": "want"}),
        (
            "Sings in the shower and writes poetry",
            {"singing": "interest", "creative-writing": "interest"},
        ),
        ("Keen amateur photographer", {"photography": "interest"}),
        ("Swam a lot as a teenager", {"swimming": "interest"}),
        ("wants to pass his carpentry skills on", {"woodwork": "skill"}),
        ("Loves going to the pictures", {"film": "interest"}),
    ],
)
def test_varied_phrasings_find_the_term(text, expected):
    found = codes(text)
    for code, kind in expected.items():
        assert found.get(code) == kind, found


def test_negation_and_look_alikes_are_not_interests():
    assert "fitness" not in codes("Her team advise avoiding gyms for now.")
    assert "socialising" not in codes("Social anxiety since school.")
    assert "employment-skills" not in codes("Works day shifts on a checkout.")
    assert "walking" not in codes("Uses a walking frame.")
    assert codes("Doesn't like crowds and steers clear of pubs.") == {}
    assert "nature-conservation" not in codes(
        "Her ex-partner volunteers with the conservation group, so that one is off limits."
    )


def test_hints_read_soft_preferences():
    hints = notes.read_hints(
        "Steers clear of pubs. Wears a hearing aid, would feel safest somewhere LGBTQ+, "
        "finds loud places overwhelming and only weekday evenings are free."
    )
    assert {"hearing-loop", "lgbtq-plus", "quiet-space"} <= hints.prefer_access
    assert {"alcohol", "crowds"} <= hints.avoid_topics
    assert hints.evenings
    assert notes.read_hints("Mostly housebound after a fall").stays_home
    assert not notes.read_hints("Can't do evenings").evenings
    assert not notes.read_hints("Loves a pub quiz").avoid_topics
    assert notes.read_hints("Retired joiner with forty years at the bench").retired
    assert not notes.read_hints("Wants to get back into work").retired


def test_adapted_and_skill_swap_wording_is_recognised():
    adapted = re.compile(r"\b(" + notes.ADAPTED_WORDS + r")\b")
    for text in ("walking football for over-50s", "chair yoga", "a seated stretch class"):
        assert adapted.search(text), text
    assert not adapted.search("a brisk walking group with football after")
    swap = re.compile(r"\b(" + notes.SKILL_SWAP_WORDS + r")\b")
    assert swap.search("give an hour of help and get an hour back from the time bank")
    assert not swap.search("share a meal with neighbours")


def test_words_in_a_text_name_interests_and_faiths():
    assert {"guitar", "music"} & notes.mentioned("Acoustic Guitar Circle")
    assert "cooking" in notes.mentioned("Cook and Eat")
    assert notes.mentioned("Community Lunch") == notes.mentioned("Community Lunch")
    assert notes.read_hints("Helps out at the mosque").faith == "muslim"
    assert notes.read_hints("Was a regular at church").faith == "christian"
    assert notes.read_hints("Loves a long walk").faith == ""
    assert "acoustic" in notes.own_words("Plays acoustic guitar")
    assert "with" not in notes.own_words("Plays with friends")
