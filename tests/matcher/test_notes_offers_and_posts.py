"""Interest in an offering or in help is a wish; a post held is a skill; a group named for whom
it serves is not someone else's."""

from __future__ import annotations

import pytest

from matcher.notes import extract
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
    ],
)
def test_work_enjoyed_or_a_pension_named_is_no_wish(note):
    found = _terms(note)
    assert not found.get("employment-skills") and not found.get("money-advice")


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


@pytest.mark.parametrize(
    ("note", "code"),
    [
        ("Wants info on tai chi classes.", "tai-chi"),
        ("Would like information about the choir.", "singing"),
        ("He asked if someone could visit him at home for a chat.", "befriending"),
        ("Asked if there's anyone who could pop in for a cuppa now and then.", "befriending"),
        (
            "She'd love to find a group of people who get it, other people in recovery.",
            "peer-support",
        ),
        ("Asked re: anyone who can help w/ the council tax letter.", "money-advice"),
        ("Asked if we know anywhere that helps with debts.", "money-advice"),
        ("Needs help with his Universal Credit.", "money-advice"),
        ("Would like help with his ESA form.", "money-advice"),
        ("Interested in learning to fly-fish.", "fishing"),
    ],
)
def test_what_they_ask_for_is_a_want(note, code):
    assert _terms(note).get(code) == {"want"}


def test_information_the_worker_gives_is_no_wish_until_they_say_yes():
    assert "tai-chi" not in _terms("Gave her info on the tai chi classes.")


def test_a_heading_naming_the_service_is_not_what_they_do():
    found = _terms("Museum outreach – Fishing Heritage Centre, Grimsby. Alan loves sea angling.")
    assert found == {"fishing": {"interest"}}


@pytest.mark.parametrize(
    ("note", "absent"),
    [
        ("Used Google Translate on my phone to talk to him.", "languages"),
        ("Wants to book GP appointments online.", "reading"),
        ("Hopes to swim again once her stitches are healed.", "crafts"),
        ("He stopped playing in the cricket league.", "football"),
        ("PIP claimed, AA claimed last month.", "peer-support"),  # Attendance Allowance
        ("I have started an Attendance Allowance claim on his behalf.", "money-advice"),
    ],
)
def test_look_alike_words_name_nothing_they_do(note, absent):
    assert absent not in _terms(note)


def test_played_for_a_side_is_membership_not_a_service():
    assert _terms("Swam for a club till she was 16.") == {"swimming": {"past"}}


@pytest.mark.parametrize(
    ("note", "code"),
    [
        ("He plays violin and offered to play at the community centre open day.", "music"),
        ("Makes chapatis for the whole gurdwara – the youngsters learn from him.", "cooking"),
    ],
)
def test_performing_for_others_or_being_learnt_from_is_a_skill(note, code):
    assert "skill" in _terms(note).get(code, set())


def test_walks_of_their_own_are_walking_not_getting_somewhere():
    assert "walking" in _terms("Loves her walks up to the castle with the dog.")
    assert "walking" not in _terms("He walks up to the shop for his paper.")


@pytest.mark.parametrize(
    "note",
    [
        "Wants help to get back on site work.",
        "He'd like to improve his English to apply for forklift jobs.",
        "He wants to be a mechanic.",
        "Would like his qualifications recognised here.",
    ],
)
def test_work_wished_for_in_its_own_words_is_a_wish_for_employment_help(note):
    assert _terms(note).get("employment-skills") == {"want"}


@pytest.mark.parametrize(
    "note",
    [
        "She wants to be a better mum.",
        "Would like to train as a peer volunteer eventually.",
        "She doesn't want to get back into work yet.",
        "Wants to sort things out before she goes back to her job as a dental nurse.",
    ],
)
def test_a_better_self_a_peer_role_or_a_job_they_have_is_no_wish_for_work(note):
    assert "employment-skills" not in _terms(note)


def test_a_heading_naming_their_club_is_kept():
    found = _terms("Welfare log – Doncaster badminton club. Priya came to talk after the session.")
    assert "racket-sports" in found


def test_a_course_on_managing_anxiety_stays_wellbeing_learning():
    found = _terms("Asked about the Mind course on managing anxiety advertised in the clubhouse.")
    assert found.get("wellbeing-learning") == {"want"}


@pytest.mark.parametrize(
    ("note", "code"),
    [
        ("Attends Fajr and Zuhr at the masjid most days.", "faith"),
        ("Goes to the Eritrean Orthodox service on Sundays when she can.", "faith"),
        ("Would like some help with his money as he's behind on the car finance.", "money-advice"),
        ("UC claim set-up – wants help with both.", "money-advice"),
        (
            "Money worries, red letters from the bank; wants someone to go through the figures.",
            "money-advice",
        ),
        ("He'd give the breakfast club a go if someone can pick him up.", "socialising"),
        ("She wants to learn her phone properly.", "digital-skills"),
        ("What I want help with: meeting people my own age.", "socialising"),
    ],
)
def test_plain_words_for_a_wish_or_a_practice(note, code):
    assert _terms(note).get(code), note


@pytest.mark.parametrize(
    ("note", "absent"),
    [
        ("He went to the service station for his paper.", "faith"),
        ("Spoke with him after breakfast club.", "socialising"),
        ("Used to DJ at house parties.", "socialising"),
    ],
)
def test_a_venue_or_a_gig_is_no_interest_of_its_own(note, absent):
    assert absent not in _terms(note)


def test_offering_to_fix_something_is_a_skill():
    assert "skill" in _terms("Offered to fix the church hall door.").get("repair", set())


@pytest.mark.parametrize(
    ("note", "code"),
    [
        ("Refereed for years and has offered to ref their Saturday matches too.", "football"),
        ("Crochets hats for the babies; another resident asked her to teach her.", "crafts"),
        ("Said he spent years mending boats and engines.", "repair"),
        ("She has offered to run a Polish conversation corner at the social evening.", "languages"),
    ],
)
def test_an_offer_a_request_to_teach_or_years_of_work_is_a_skill(note, code):
    assert "skill" in _terms(note).get(code, set())


def test_years_spent_elsewhere_name_no_skill():
    assert _terms("He spent years in prison and is keen to get work.").keys() == {
        "employment-skills"
    }


@pytest.mark.parametrize(
    ("note", "code"),
    [
        ("Wants help setting up a DMP with his creditors.", "money-advice"),
        ("Asked whether she's entitled to Carer's Allowance.", "money-advice"),
        ("Can you put my name down for the budgeting course.", "money-advice"),
        ("I've run up £4k on credit cards and would like help with it.", "money-advice"),
    ],
)
def test_money_asked_about_in_its_own_words_is_a_want(note, code):
    assert _terms(note).get(code) == {"want"}


@pytest.mark.parametrize(
    ("note", "code"),
    [
        ("Mentioned he volunteers Thursdays at the food bank.", "volunteering"),
        ("Goes to the gurdwara on Sundays and volunteers in the kitchen.", "volunteering"),
    ],
)
def test_volunteering_said_as_a_verb_is_what_they_do(note, code):
    assert _terms(note).get(code) == {"interest"}


@pytest.mark.parametrize(
    ("note", "absent"),
    [
        ("Tried an online Pilates class – flared her pain, won't do it again.", "yoga"),
        ("Tried the yoga taster – 'too slow, I was climbing the walls'.", "yoga"),
        ("Thanks to the staff and volunteers at the hub.", "volunteering"),
        ("Plays chess on the iPad and beats his grandson most nights.", "music"),
        ("His lad's into boxing.", "fitness"),
    ],
)
def test_turned_down_or_someone_elses_is_not_theirs(note, absent):
    assert absent not in _terms(note)


def test_a_benefit_asked_about_is_quoted_by_its_name():
    found = extract("Asked whether he's entitled to Carer's Allowance.")
    assert [(s.code, s.kind, s.phrase) for s in found] == [
        ("money-advice", "want", "carer's allowance")
    ]


@pytest.mark.parametrize(
    ("note", "absent"),
    [
        ("She's doing better, less tearful.", "volunteering"),  # "better" is no "good" deed
        ("Pt 84, #NOF repaired, mobilising with a frame.", "repair"),
        ("Damp reported again – repairs job raised.", "repair"),
        ("Stopped going to the gym since they turned the music up.", "music"),
    ],
)
def test_a_mended_body_a_landlords_repair_or_loud_music_is_no_interest(note, absent):
    assert absent not in _terms(note)
