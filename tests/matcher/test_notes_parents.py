"""A parent named with their children ("Mum to 3") is the person the note is about, and having
no time for hobbies says nothing against what they would love to do."""

from __future__ import annotations

import pytest

from matcher.facts import read_facts
from matcher.notes import dislikes, extract


def _terms(text: str) -> dict[str, str]:
    """Interest codes a note suggests, with their role."""
    return {s.code: s.kind for s in extract(text)}


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("Mum to 3, no time for hobbies, would love to do some art", {"painting": "want"}),
        ("Mum of two, loves swimming.", {"swimming": "interest"}),
        ("Dad to a toddler, plays football on Sundays.", {"football": "interest"}),
        ("Mother of four, would like to try pottery.", {"pottery": "want"}),
    ],
)
def test_a_parent_named_with_their_children_is_the_person(note, expected):
    assert _terms(note) == expected


@pytest.mark.parametrize(
    "note",
    [
        "Her mum to take her swimming on Saturdays.",
        "Mum of his best friend plays the piano.",
        "Mum plays the piano.",
    ],
)
def test_a_relative_who_is_not_a_parent_of_so_many_is_still_someone_else(note):
    assert _terms(note) == {}


def test_no_time_for_hobbies_is_no_word_against_what_they_would_love_to_do():
    note = "Mum to 3, no time for hobbies, would love to do some art"
    assert dislikes(note) == [] and read_facts(note) == []
    assert _terms("No time for hobbies, would love to do some art") == {"painting": "want"}
