"""Skills said as a boast or as knowledge others lack, help asked for a need named just before,
a provider asked after, and work wished for by its field or the ticket it needs: read as skills
to share and wishes, and nothing read from what the person is only measured against or from a
'what if'."""

from __future__ import annotations

import pytest

from matcher.notes import extract


def _roles(text: str) -> set[tuple[str, str]]:
    """(code, role) pairs a note suggests."""
    return {(s.code, s.kind) for s in extract(text)}


@pytest.mark.parametrize(
    "note, code",
    [
        ("Ex-fitter. Reckons he can mend any bike you bring him.", "repair"),
        ("Says she could still sew anything from a pattern.", "crafts"),
        ("Told me there's nothing electrical he can't fix.", "repair"),
        ("A retired baker, she could knead dough with her eyes shut.", "cooking"),
    ],
)
def test_a_boast_of_what_they_can_do_is_a_skill_to_share(note, code):
    assert (code, "skill") in _roles(note)


@pytest.mark.parametrize(
    "note",
    [
        "Wants to learn to code so he can fix any website himself.",
        "Asked whether someone could mend any of her chairs.",
        "When asked what she'd do if she could do anything, said maybe singing lessons.",
    ],
)
def test_a_purpose_a_request_or_a_what_if_is_no_skill(note):
    assert not {code for code, role in _roles(note) if role == "skill"}


def test_knowing_more_than_others_is_a_skill_and_the_others_are_not_read():
    found = _roles("Grew up on a farm and knows more about sheep than the vet does.")
    assert ("animals", "skill") in found
    measured = _roles("Knows more about birds than most of the books in the library.")
    assert ("nature-conservation", "skill") in measured
    assert not {code for code, _ in measured} & {"reading"}


@pytest.mark.parametrize(
    "note",
    [
        "Behind on the council tax and struggling with the bills, asked for help with them.",
        "Struggling with his debts, wants help.",
        "Rent arrears again; she needs support with that.",
    ],
)
def test_help_asked_for_a_need_just_named_is_a_wish(note):
    assert ("money-advice", "want") in _roles(note)


def test_a_need_named_alone_is_not_yet_a_wish():
    assert ("money-advice", "want") not in _roles("Struggling with his debts.")


def test_asking_for_someone_who_provides_it_is_a_wish():
    found = _roles("Asked if we knew anyone who does benefits advice near her.")
    assert ("money-advice", "want") in found


def test_cooking_for_a_crowd_is_a_skill_but_worship_is_not():
    found = _roles("Goes to the gurdwara daily and cooks for hundreds in the langar on Sundays.")
    assert ("cooking", "skill") in found
    assert ("faith", "skill") not in found


def test_bread_baked_and_sold_to_neighbours_is_a_skill():
    assert ("cooking", "skill") in _roles("Bakes sourdough at home and sells loaves to neighbours.")


@pytest.mark.parametrize(
    "note",
    [
        "Trained as a nurse abroad and hopes to work in the NHS here one day.",
        "Keen to sit his HGV licence and drive for a living.",
        "Would like advice on going self-employed as a dog groomer.",
        "Wants to improve her spoken English so that she can work again.",
    ],
)
def test_work_wished_for_by_its_field_or_ticket_is_a_wish_for_work(note):
    assert ("employment-skills", "want") in _roles(note)


def test_hands_working_again_is_no_wish_for_work():
    assert not _roles("Her goal is to get her hands working again after the fracture.")


@pytest.mark.parametrize("note", ["SU can fix bikes.", "Could still mend a car engine."])
def test_being_able_to_mend_is_a_skill(note):
    assert ("repair", "skill") in _roles(note)


@pytest.mark.parametrize(
    "note",
    ["Never been to a gym and doesn't want to.", "Has never been swimming, does not want to."],
)
def test_a_wish_turned_down_at_the_end_of_its_clause_is_none(note):
    assert not {code for code, role in _roles(note) if role == "want"}


def test_weds_is_a_day_wherever_it_is_said():
    from matcher.free_times import read_free_times

    [free] = read_free_times("Free weds after 2pm.")
    assert free.windows == (("we", "14:00", "23:59"),)
