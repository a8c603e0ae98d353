"""Kinds of wording met in a thirty-fourth hand's notes, each read as a practitioner would: a
state observed or a limit of the body is no interest, a worker's idea is no wish until agreed,
a thing worked on is not the pastime it names, saying they will come is a wish, and helping
others at what they do well is a skill. The sentences are written for these tests."""

from __future__ import annotations

import pytest

from matcher.notes import extract


def _terms(text: str) -> set[tuple[str, str]]:
    """(code, kind) pairs a note suggests."""
    return {(s.code, s.kind) for s in extract(text)}


def _codes(text: str) -> set[str]:
    """Codes a note suggests, in any role."""
    return {s.code for s in extract(text)}


@pytest.mark.parametrize(
    "note, absent",
    [
        ("Self-care poor on the ward, hair unwashed.", "wellbeing-learning"),
        ("Neglected self care, flat cluttered.", "wellbeing-learning"),
        ("Hip pain restricts how far he can walk now.", "walking"),
        ("COPD affects her ability to swim but she loves her garden.", "swimming"),
        ("The health visitor has mentioned a pram walk.", "walking"),
        ("HV had raised a baby massage class.", "wellbeing-learning"),
        ("When shown the pottery leaflet he shrugged.", "pottery"),
        ("Volunteers with the park wardens on Saturdays.", "nature-conservation"),
        ("Spent the morning clearing the footpaths at the allotments.", "walking"),
        ("Her eyesight is going and she can't read small print.", "photography"),
        ("Cooks a big pot of stew on Sundays.", "gardening"),
        ("Lives in Leeds, fluent English, works at a bakery.", "maths-english"),
        ("Kurdish speaker, interpreter booked for next visit.", "languages"),
    ],
)
def test_a_state_a_limit_an_idea_or_a_thing_worked_on_is_no_interest(note, absent):
    assert absent not in _codes(note)


def test_a_worker_idea_agreed_to_is_a_wish():
    assert ("yoga", "want") in _terms("Her midwife mentioned a baby yoga class and she's keen.")
    shown = "When shown the tai chi leaflet she said she would give it a go."
    assert ("tai-chi", "want") in _terms(shown)


@pytest.mark.parametrize(
    "note, code",
    [
        ("She said she'd come along to the men's choir with me on Thursday.", "singing"),
        ("She'd maybe like a knitting group.", "crafts"),
        ("I asked whether she'd try the knit group. She said go on then.", "crafts"),
        ("Keen on the idea of a cookery course.", "cooking"),
        ("Told me she will come to the coffee morning on Friday.", "socialising"),
        ("He's signed up to a pottery course starting in March.", "pottery"),
        ("He'd go to the walking group if someone went with him.", "walking"),
        ("Goals: (1) sleep better (2) find a job (3) join a choir.", "singing"),
        ("Goals: (1) reduce drinking (2) get back into retail.", "employment-skills"),
        ("Goals: (1) stop smoking (2) sort out her council tax arrears.", "money-advice"),
        ("She has asked for help with her PIP review.", "money-advice"),
        ("Said he would mend things at the church if they wanted.", "volunteering"),
        ("Wants ESOL so he can get work.", "employment-skills"),
    ],
)
def test_saying_they_will_come_or_naming_a_goal_is_a_wish(note, code):
    assert (code, "want") in _terms(note)


def test_a_past_habit_of_going_is_no_wish():
    assert not any(k == "want" for _, k in _terms("He would go along to the pub every night."))


@pytest.mark.parametrize(
    "note, code",
    [
        ("Chess club on Tuesdays (plays well, helps the new members).", "chess"),
        ("Plays five-a-side, coaches his son's under-9s on Sundays.", "football"),
        ("Sorts out the neighbours' laptops for them.", "digital-skills"),
        ("Uses her iPhone confidently and says she could show others.", "digital-skills"),
    ],
)
def test_helping_others_at_what_they_do_well_is_a_skill(note, code):
    assert (code, "skill") in _terms(note)


def test_volunteering_beside_younger_ones_is_no_skill():
    note = "Volunteers at the youth club, helping the younger ones with their homework."
    assert ("volunteering", "skill") not in _terms(note)


@pytest.mark.parametrize(
    "note, code",
    [
        ("Goes for long walks with his dog most days.", "walking"),
        ("Goes for long walks with his dog most days.", "animals"),
        ("Has been doing some cross stich in the evenings.", "crafts"),
        ("Loves diamond painting, does one a week.", "crafts"),
        ("Makes her own clothes and alters her daughter's.", "crafts"),
        ("Was a keen quilter before the stroke.", "crafts"),
        ("Spends the mornings feeding the birds in the garden.", "nature-conservation"),
        ("Attends AA twice a week.", "peer-support"),
    ],
)
def test_things_done_named_in_everyday_words(note, code):
    assert code in _codes(note)


def test_walking_dogs_for_a_rescue_is_still_looking_after_animals():
    found = _codes("Walks dogs for the rescue centre at weekends.")
    assert "animals" in found
    assert "walking" not in found


def test_diamond_painting_is_no_painting():
    assert "painting" not in _codes("Loves diamond painting, does one a week.")


def test_an_english_class_means_english_alone_is_esol():
    found = _codes("Goes to an ESOL class at the college, her English is coming on.")
    assert "esol" in found
    assert "maths-english" not in found


@pytest.mark.parametrize(
    "note, code",
    [
        ("Would like – a befriender; to learn to cook", "befriending"),
        ("He's been talking about getting an allotment.", "gardening"),
        ("If there was a knitting group nearby she'd go.", "crafts"),
        ("He's after a job in a warehouse.", "employment-skills"),
        ("She said the art group sounded good.", "painting"),
    ],
)
def test_a_checklist_heading_a_plan_or_an_idea_liked_is_a_wish(note, code):
    assert (code, "want") in _terms(note)


def test_what_the_writer_talked_over_about_them_is_theirs():
    note = "We talked about how he has been writing poems most evenings."
    assert ("creative-writing", "interest") in _terms(note)
    assert not _codes("We talked about the poetry group.")


@pytest.mark.parametrize(
    "note, code, kind",
    [
        ("Used to help run the Scouts before his breakdown.", "volunteering", "past"),
        ("Taught herself the ukulele and now gives lessons to children.", "music", "skill"),
        ("Sews the costumes for the panto every year.", "crafts", "skill"),
    ],
)
def test_help_given_then_or_now(note, code, kind):
    assert (code, kind) in _terms(note)


def test_done_for_their_own_family_is_no_skill():
    assert ("cooking", "skill") not in _terms("Iced a cake for her sister's wedding, loves baking.")


@pytest.mark.parametrize(
    "note, absent",
    [
        ("Drama therapy referral declined.", "theatre"),
        ("Pottery class offered but declined.", "pottery"),
        ("Lost her reading glasses, optician booked.", "reading"),
        ("OT kitchen assessment: made a cup of tea safely.", "socialising"),
        ("Says he is swimming in debt.", "swimming"),
    ],
)
def test_a_thing_turned_down_or_a_look_alike_is_no_interest(note, absent):
    assert absent not in _codes(note)


def test_a_group_turned_down_keeps_a_liking_said_before():
    found = _terms("Loves walking. Walking group referral declined.")
    assert ("walking", "interest") in found
