"""What others judged good or paid for ("grows prize leeks", "knits and sells them at the
market") is a skill to share, even when the person also enjoys it; a raffle win or a liking for
cooking at home is not."""

from __future__ import annotations

import pytest

from matcher.notes import extract


def _roles(text: str) -> set[tuple[str, str]]:
    """(code, role) pairs a note suggests."""
    return {(s.code, s.kind) for s in extract(text)}


@pytest.mark.parametrize(
    "note, code",
    [
        ("Grows prize marrows on his plot; won at the village show in August.", "gardening"),
        ("Bakes prize-winning scones for the WI.", "cooking"),
        ("Loves knitting - makes baby hats and sells them at the market.", "crafts"),
        ("Keen on photography; takes pictures of boats and sells prints online.", "photography"),
        ("Enjoys baking and sells cakes at the Saturday market.", "cooking"),
    ],
)
def test_work_others_judged_good_or_bought_is_a_skill(note, code):
    assert (code, "skill") in _roles(note)


@pytest.mark.parametrize(
    "note",
    [
        "Enjoys cooking for the family at weekends.",
        "Won a hamper in the raffle at the summer fair; loves gardening.",
        "Likes knitting; her sister sells her scarves for her.",
    ],
)
def test_a_liking_a_raffle_or_anothers_selling_is_no_skill(note):
    assert not {code for code, role in _roles(note) if role == "skill"}
