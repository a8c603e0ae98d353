"""A sport on foot is named as a barrier for someone with limited mobility, never passed over in
silence; and the notes reader suggests ESOL for a wish to learn English, and keeping away from
mental-health settings for someone who has had enough of the day centre."""

from __future__ import annotations

import numpy as np

from matcher import features, model, rank
from matcher.facts import hints_from, read_facts
from matcher.notes import extract
from tests.matcher.matcher_helpers import person, record

WALKING_FOOTBALL = (
    "Walking football\nFootball at walking pace for over-50s: no running or tackling."
)
CHAIR_YOGA = "Chair yoga\nGentle seated yoga for people with limited mobility."
LUNCH_CLUB = "Lunch club\nA hot lunch and a chat every week."


def _directory() -> features.Features:
    return features.build(
        [
            record("football", interests=("football", "socialising"), text=WALKING_FOOTBALL),
            record("lunch", interests=("socialising",), text=LUNCH_CLUB),
            record("yoga", interests=("yoga", "socialising"), text=CHAIR_YOGA),
        ]
    )


def _older_wheelchair_user(**kw):
    base = {
        "age": 80,
        "gender": "",
        "interests": (),
        "want_to_try": (),
        "travel_modes": ("wheelchair", "bus"),
        "hints": hints_from(["company"]),
    }
    return person(**{**base, **kw})


def _reasons(result: rank.Result, rid: str) -> tuple[str, ...]:
    return next(s.reasons for s in result.suggestions if s.resource_id == rid)


def test_a_sport_on_foot_is_read_from_its_main_interest_and_a_seated_form_is_not():
    f = _directory()
    assert f.on_foot.tolist() == [True, False, False]
    said = record("w", interests=("football",), text="Wheelchair football\nFor wheelchair users.")
    assert not features.on_foot(said)
    barred = record("r", interests=("running",), text="Park run\nNot suitable for wheelchairs.")
    assert features.on_foot(barred)


def test_walking_football_for_company_names_the_barrier_for_a_wheelchair_user():
    result = rank.rank(_older_wheelchair_user(), _directory())
    reasons = _reasons(result, "football")
    assert (
        "Lower: a sport played on foot (football): check with the organiser that it suits a "
        "wheelchair user" in reasons
    )
    order = [s.resource_id for s in result.suggestions]
    assert order.index("lunch") < order.index("football")
    # A seated form is no barrier: nothing to check.
    assert not any("on foot" in r for r in _reasons(result, "yoga"))


def test_the_wheelchair_is_read_from_accepted_notes_as_from_the_form():
    p = _older_wheelchair_user(travel_modes=("bus",))
    f = _directory()
    assert not any("on foot" in r for r in _reasons(rank.rank(p, f), "football"))
    assert [x.code for x in read_facts("Uses a wheelchair since her stroke.")][-1] == "wheelchair"
    accepted = person(**{**p.__dict__, "hints": hints_from(["company", "wheelchair"])})
    assert any("on foot" in r for r in _reasons(rank.rank(accepted, f), "football"))


def test_walking_football_is_no_adapted_form_for_a_wheelchair_user():
    f = _directory()
    ctx = model.Context(_older_wheelchair_user(), f, None, np.arange(f.size))  # type: ignore[arg-type]
    assert model.adapted_for_mobility(ctx).tolist() == [False, False, True]
    walker = person(age=80, access_needs=("step-free",), travel_modes=("walk",))
    ctx = model.Context(walker, f, None, np.arange(f.size))  # type: ignore[arg-type]
    assert model.adapted_for_mobility(ctx).tolist() == [True, False, True]


def test_someone_who_cannot_do_steps_is_checked_only_on_a_sport_they_did_not_name():
    f = features.build(
        [
            record("five-a-side", interests=("football", "socialising"), text="Five-a-side\n."),
            record("lunch", interests=("socialising",), text=LUNCH_CLUB),
        ]
    )
    lonely = person(
        age=75, interests=(), access_needs=("step-free",), hints=hints_from(["company"])
    )
    words = "check with the organiser that it suits someone who cannot manage steps"
    assert any(words in r for r in _reasons(rank.rank(lonely, f), "five-a-side"))
    # They said they play: they know what they can do.
    player = person(**{**lonely.__dict__, "interests": ("football",)})
    assert not any(words in r for r in _reasons(rank.rank(player, f), "five-a-side"))


def test_a_sport_on_foot_is_no_near_miss_for_a_wheelchair_user():
    f = features.build(
        [record("football", interests=("football",), text=WALKING_FOOTBALL, standard_pence=500)]
    )
    fan = _older_wheelchair_user(interests=("football",), receives_benefits=False)
    walker = person(interests=("football",), receives_benefits=False)
    assert [m.resource_id for m in rank.rank(walker, f).near_misses] == ["football"]
    assert rank.rank(fan, f).near_misses == ()


def test_a_wish_to_learn_english_is_suggested_as_esol():
    for note in (
        "She wants to improve her English.",
        "Keen to learn English.",
        "Would like English classes.",
        "Would like to go to English language classes.",
        "Arrived last year, speaks very little English. Would like to improve her English.",
    ):
        found = [(s.kind, s.code) for s in extract(note)]
        assert found == [("want", "esol")], note


def test_little_english_after_a_past_cue_is_no_past_interest():
    assert not [s for s in extract("Moved here last year, speaks very little English.")]
    # A course finished is still something done before.
    done = extract("She finished her ESOL course in July and is very proud.")
    assert [(s.kind, s.code) for s in done] == [("past", "esol")]


def test_having_had_enough_of_the_day_centre_suggests_keeping_away_from_services():
    for note, words in (
        ("Hates the day centre.", "hates the day centre"),
        ("Doesn't want to go back to the day centre.", "doesn't want to go back to the day centre"),
        ("Doesn't want anything mental-health.", "doesn't want anything mental-health"),
    ):
        found = {x.code: x.phrase for x in read_facts(note)}
        assert found.get("avoid-mh-settings") == words, note
    assert not read_facts("Goes to the day centre on Mondays and enjoys it.")
    assert not read_facts("Her mum goes to a day centre.")
