"""Every penalty named on a suggestion is true of the person's fact and of the resource's fact.

A course for beginners is said as in what they do now or did before; a walk is done on foot,
whatever its meeting point.
"""

from __future__ import annotations

from matcher_helpers import person, record

from matcher import facts, features, rank

COURSE = "Lower: a course for beginners, in something they already do"


def _reasons(who, *records: features.ResourceRecord) -> dict[str, tuple[str, ...]]:
    return {
        s.resource_id: s.reasons for s in rank.rank(who, features.build(list(records))).suggestions
    }


def _lower(reasons: tuple[str, ...]) -> list[str]:
    return [r for r in reasons if r.startswith("Lower: ")]


def test_a_beginners_course_in_what_they_did_before_says_so():
    course = record(
        "c", interests=("cycling",), text="Cycle training\nFor adults who never learned."
    )
    found = _reasons(person(interests=(), past_interests=("cycling",)), course)["c"]
    assert _lower(found) == ["Lower: a course for beginners, in something they used to do"]
    assert COURSE in _reasons(person(interests=("cycling",)), course)["c"]


def _wheelchair_user(**kw):
    base = {
        "age": 70,
        "interests": (),
        "want_to_try": (),
        "travel_modes": ("wheelchair", "bus"),
        "hints": facts.hints_from(["company"]),
    }
    return person(**{**base, **kw})


WALK = "Health walk\nA led walk of about an hour at an easy pace, with a chat."


def test_a_walk_with_a_step_free_meeting_point_is_still_done_on_foot():
    walk = record("walk", interests=("walking", "socialising"), access=("step-free",), text=WALK)
    assert features.build([walk]).on_foot.tolist() == [True]
    said = "Lower: a walk: check with the organiser that it suits a wheelchair user"
    assert said in _reasons(_wheelchair_user(), walk)["walk"]


def test_a_walk_that_says_it_suits_wheelchair_users_is_passable():
    text = "Health walk\nA level, surfaced route suitable for wheelchair users, with a chat."
    walk = record("walk", interests=("walking", "socialising"), access=("step-free",), text=text)
    assert features.build([walk]).on_foot.tolist() == [False]
    assert _lower(_reasons(_wheelchair_user(), walk)["walk"]) == []


def test_a_walk_they_named_is_no_barrier_for_someone_who_walks_with_difficulty():
    walk = record("walk", interests=("walking",), access=("step-free",), text=WALK)
    walker = person(age=75, interests=("walking",), access_needs=("step-free",))
    assert _lower(_reasons(walker, walk)["walk"]) == []
