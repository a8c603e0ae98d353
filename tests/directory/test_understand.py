"""The search box reads a request as people type it: filters as chips, the rest as words."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from directory import vocabulary
from directory.understand import understand

PLACES = {
    "armley": "Armley",
    "leeds": "Leeds",
    "moorcross": "Moorcross",
    "calder yard": "Calder Yard",
}


def lookup(name: str) -> str | None:
    """A small gazetteer of place names."""
    return PLACES.get(" ".join(name.lower().split()))


CASES: list[tuple[str, set[tuple[str, str]], str]] = [
    ("free art classes near LS12 on Saturday mornings",
     {("free", "1"), ("interest", "painting"), ("near", "LS12"), ("day", "sa"),
      ("from", "09:00"), ("to", "12:00")}, "art classes"),
    ("step-free yoga in Armley", {("access", "step-free"), ("interest", "yoga"),
                                  ("near", "Armley")}, "yoga"),
    ("evening chess club", {("from", "17:00"), ("to", "22:00"), ("interest", "chess")},
     "chess club"),
    ("women only swimming under £3", {("access", "women-only"), ("interest", "swimming"),
                                      ("max_cost", "3")}, "swimming"),
    ("online coding", {("setting", "online"), ("interest", "coding")}, "coding"),
    ("walking groups near Leeds on tuesdays", {("interest", "walking"), ("near", "Leeds"),
                                               ("day", "tu")}, "walking groups"),
    ("cooking LS12 4", {("interest", "cooking"), ("near", "LS12")}, "cooking"),
    ("free gardening in moorcross", {("free", "1"), ("interest", "gardening"),
                                     ("near", "Moorcross")}, "gardening"),
    ("dance, friday evening, £2 max", {("interest", "dance"), ("day", "fr"), ("from", "17:00"),
                                       ("to", "22:00"), ("max_cost", "2")}, "dance,"),
    ("something to do on sunday afternoon near ls6 1aa",
     {("day", "su"), ("from", "12:00"), ("to", "17:00"), ("near", "LS6 1AA")},
     "something to do"),
    ("crafts LS123AA", {("interest", "crafts"), ("near", "LS12 3AA")}, "crafts"),
    ("yoga nr ls6", {("interest", "yoga"), ("near", "LS6")}, "yoga"),
    ("bingo in the evening", {("from", "17:00"), ("to", "22:00")}, "bingo"),
    ("quiet place to read, step free", {("access", "quiet-space"), ("access", "step-free")},
     "place to read,"),
    ("a choir for women", {("interest", "singing"), ("access", "women-only")}, "a choir"),
    ("book club", {("interest", "reading")}, "book club"),
    ("repair cafe close to calder yard", {("interest", "repair"), ("near", "Calder Yard")},
     "repair cafe"),
    ("lgbtq+ social", {("access", "lgbtq-plus"), ("interest", "socialising")}, "social"),
    ("costs nothing, wed morning", {("free", "1"), ("day", "we"), ("from", "09:00"),
                                    ("to", "12:00")}, ""),
    ("pottery up to £5", {("interest", "pottery"), ("max_cost", "5")}, "pottery"),
    ("football £2.50 or less", {("interest", "football"), ("max_cost", "2.50")}, "football"),
    ("virtual mindfulness", {("setting", "online"), ("interest", "mindfulness")}, "mindfulness"),
    ("Hearing loop theatre", {("access", "hearing-loop"), ("interest", "theatre")}, "theatre"),
    ("hearing voices group", {("interest", "peer-support")}, "hearing voices group"),
    ("nothing in particular", set(), "nothing in particular"),
    ("in leeds", {("near", "Leeds")}, ""),
    ("near nowhere-ville", set(), "near nowhere-ville"),
    ("LS12 on a sunday", {("near", "LS12"), ("day", "su")}, ""),
    ("free", {("free", "1")}, ""),
    ("£3", set(), "£3"),
]  # fmt: skip


@pytest.mark.parametrize(("request_text", "expected", "leftover"), CASES)
def test_a_request_becomes_filters_and_words(
    request_text: str, expected: set[tuple[str, str]], leftover: str
) -> None:
    found = understand(request_text, lookup)
    assert expected <= set(found.args())
    assert found.leftover == leftover


def test_chips_are_in_the_order_the_request_names_them() -> None:
    chips = understand("free art classes near LS12 on Saturday mornings", lookup).chips
    assert [c.label for c in chips] == ["free", "painting and drawing", "near LS12",
                                        "Saturday mornings"]  # fmt: skip


SYNONYMS = sorted(vocabulary.synonym_index(vocabulary.INTEREST))
PARTS = [
    st.sampled_from(SYNONYMS),
    st.sampled_from(["free", "no cost", "under £4", "£3 max", "up to £2.50"]),
    st.sampled_from(["near LS12", "in Armley", "close to Leeds", "LS6 1AA", "nr ls9"]),
    st.sampled_from(["on Saturday mornings", "tuesday", "friday evening", "sun afternoon"]),
    st.sampled_from(["step-free", "women only", "online", "hearing loop"]),
    st.sampled_from(["classes", "group", "club", "sessions", "for beginners", "please"]),
]


@settings(max_examples=200, deadline=None)
@given(st.permutations(range(len(PARTS))).flatmap(
    lambda order: st.tuples(*(PARTS[i] for i in order))))  # fmt: skip
def test_the_filters_and_the_searched_words_reproduce_the_request(parts: tuple[str, ...]) -> None:
    request_text = " ".join(parts)
    found = understand(request_text, lookup)
    filters = [c.words for c in found.chips if c.args[0][0] != "interest"]
    said = " ".join([*filters, found.leftover]).split()
    assert Counter(said) == Counter(request_text.split())
    topics = " ".join(c.words for c in found.chips if c.args[0][0] == "interest").split()
    assert Counter(topics) <= Counter(found.leftover.split())  # still searched, to rank
    kinds = {key for key, _ in found.args()}
    assert {"near", "day"} <= kinds
    assert kinds & {"free", "max_cost"}
