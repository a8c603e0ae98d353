"""Wishes said softly in narrative notes (a hesitant yes, a tentative plan, a wish said of "it"),
and the look-alikes that are not the person's own interest."""

from __future__ import annotations

import pytest

from tests.matcher.matcher_helpers import note_roles as _terms


@pytest.mark.parametrize(
    ("note", "code"),
    [
        # a hesitant yes to what the worker put to them
        ("I told him about the chess club and he said he wouldn't mind popping in.", "chess"),
        ("We talked about swimming; she said she'd try it once her leg heals.", "swimming"),
        ("I raised the pottery taster and he said he might give it a go.", "pottery"),
        # a tentative plan or idea of their own
        ("He's been toying with the idea of a choir since Christmas.", "singing"),
        ("She said it would be lovely to do some volunteering one day.", "volunteering"),
        ("She might come to the gardening club next month.", "gardening"),
        ("He'd happily go to a dance class if it was in the daytime.", "dance"),
        ("She can see herself at the knitting circle.", "crafts"),
        ("He talked about maybe doing a cookery course after Easter.", "cooking"),
        ("She's on the lookout for a choir near the flat.", "singing"),
        ("He has his heart set on a pottery class.", "pottery"),
        ("She could really do with a walking group to get her out.", "walking"),
        ("Says he'd not say no to a cycling group.", "cycling"),
        ("He'd give wheelchair-friendly yoga a go.", "yoga"),
        ("She wants to pick up some French before the trip.", "languages"),
        ("She said a call now and then would be all right.", "befriending"),
    ],
)
def test_a_soft_wish_is_a_want(note, code):
    assert "want" in _terms(note).get(code, set())


def test_a_bare_maybe_is_left_undecided():
    found = _terms("I mentioned the poetry night and she said maybe, not sure.")
    assert "want" not in found.get("creative-writing", set())


def test_the_workers_wondering_is_an_idea_put_not_a_deed():
    found = _terms("I wondered whether he might help at the food bank.")
    assert not found.get("volunteering", set()) & {"interest", "past"}


def test_wondering_aloud_about_a_group_is_their_wish():
    found = _terms("She wondered aloud whether the history society meets in the day.")
    assert found.get("history") == {"want"}


def test_tagging_along_with_a_relative_is_a_wish_for_what_they_do():
    note = "Her brother goes to a tai chi class at the church and Jo said she'd like to tag along."
    found = _terms(note)
    assert found.get("tai-chi") == {"want"}
    assert "faith" not in found


def test_a_wish_to_work_on_a_need_said_of_it_is_a_want():
    note = "Her English is limited and she is determined to improve it so she can work."
    assert "want" in _terms(note).get("esol", set())


def test_a_soft_offer_to_help_a_place_is_a_wish_to_volunteer():
    note = "She'd be up for helping the staff at the summer fair."
    assert "want" in _terms(note).get("volunteering", set())


def test_a_soft_offer_to_help_people_is_no_wish_to_volunteer():
    note = "He mends bikes for the kids and said he'd be up for helping people at the cafe."
    assert "volunteering" not in _terms(note)


def test_a_wish_to_support_others_through_what_they_lived_is_a_skill():
    found = _terms("He would like to support other men through recovery one day.")
    assert "skill" in found.get("peer-support", set())
    found = _terms("She wants to use what she has been through to help other mums.")
    assert "skill" in found.get("peer-support", set())


def test_the_same_surname_under_another_title_is_someone_else():
    note = "Mr Okafor (81) lives with his wife. Mrs Okafor does all the baking."
    assert "cooking" not in _terms(note)


def test_a_thing_made_in_an_animals_likeness_is_no_animal_kept():
    assert "animals" not in _terms("He carved a wooden owl for his grandson.")
    assert "animals" in _terms("He has two dogs he adores.")


def test_coping_with_it_is_no_coping_course():
    found = _terms("She used to sing but is not sure she could cope with it now.")
    assert "wellbeing-learning" not in found


def test_what_frightens_them_is_no_pastime():
    found = _terms("She writes stories, though the idea of singing in public terrifies her.")
    assert "singing" not in found
    assert "creative-writing" in found


def test_the_writers_chat_is_no_pastime():
    assert "socialising" not in _terms("I had a long chat with Derek in his kitchen.")
    assert "socialising" in _terms("He loves a chat with his neighbours.")


def test_playing_for_a_side_is_no_skill_shared():
    found = _terms("He played rugby for his works team for years.")
    assert "skill" not in found.get("rugby", set())


def test_pictures_drawn_from_are_not_taken():
    assert "photography" not in _terms("She paints landscapes from photos.")


def test_a_workshop_they_might_run_is_a_skill_not_a_pastime():
    found = _terms("One day he might run a cooking workshop for the youth club.")
    assert found.get("cooking") == {"skill"}


@pytest.mark.parametrize(
    "note",
    [
        "I mentioned the chess club and he was receptive.",
        "We discussed the chess club and he warmed to the idea.",
        "I told him about the chess club; he said he'd come along.",
    ],
)
def test_welcoming_what_was_put_to_them_is_a_yes(note):
    assert "want" in _terms(note).get("chess", set())


def test_coming_down_to_show_others_is_no_yes_of_its_own():
    found = _terms("I mentioned the chess club and he said he'd come down and teach the kids.")
    assert "want" not in found.get("chess", set())
