"""Each hard rule excludes what it should, and only that; no suggestion ever breaks a rule."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matcher_helpers import PERSON, person, place, record

from directory import vocabulary
from matcher import features, rank
from matcher.profile import Profile, Window

CASES: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
    ("status", {"active": False}, {}),
    ("age", {"min_age": 50}, {}),
    ("age", {"max_age": 25}, {}),
    ("women_only", {"access": ("step-free", "women-only")}, {}),
    ("avoid", {}, {"avoid_ids": frozenset({"x"})}),
    ("mental_health", {"setting": "mental-health-service"}, {"avoid_mental_health_settings": True}),
    ("access", {"access": ("hearing-loop",)}, {}),
    ("cost", {"standard_pence": 500, "concession_pence": None}, {}),
    ("cost", {"standard_pence": 500, "concession_pence": 400}, {}),
    ("distance", {"places": (place(3.2),)}, {}),
    ("time", {"sessions": (("tu", "16:30", "18:00"),)}, {}),
    ("time", {"sessions": (("we", "14:00", "16:00"),)}, {}),
    ("time", {"sessions": (("tu", "17:00", ""),)}, {}),  # no end: starts as the window ends
]


@pytest.mark.parametrize(("rule", "change", "who"), CASES)
def test_each_rule_excludes_a_resource_that_breaks_only_it(rule, change, who):
    f = features.build([record("ok"), record("x", **change)])
    result = rank.rank(person(**who), f)
    shown = [s.resource_id for s in result.suggestions]
    assert shown == ["ok"], f"{rule} should exclude x"


def test_the_rules_pass_what_they_should():
    """Boundaries are inclusive and the exceptions of the rules hold."""
    f = features.build(
        [
            record("concession", standard_pence=600, concession_pence=300),  # £3 with benefits
            record("edge-time", sessions=(("tu", "10:00", "17:00"),)),
            record("open-end", sessions=(("tu", "16:30", ""),)),  # starts inside: fits
            record("online-venue", setting="online", places=(), access=(), sessions=()),
            record("far-online", setting="online", places=(), sessions=()),
            record("age-edge", min_age=40, max_age=40),
            record("women", access=("step-free", "hearing-loop", "women-only")),
        ]
    )
    woman = person(gender="woman", access_needs=("step-free", "hearing-loop"))
    shown = {s.resource_id for s in rank.rank(woman, f).suggestions}
    assert shown == {
        "concession", "edge-time", "open-end", "online-venue", "far-online", "age-edge", "women"
    }  # fmt: skip


def test_online_does_not_meet_a_need_for_a_support_worker():
    f = features.build(
        [record("online", setting="online", places=(), sessions=(), access=("step-free",))]
    )
    shown = rank.rank(person(access_needs=("can-bring-support-worker",)), f).suggestions
    assert shown == ()


def test_without_benefits_the_concession_does_not_count():
    f = features.build([record("c", standard_pence=600, concession_pence=0)])
    assert rank.rank(person(receives_benefits=False), f).suggestions == ()
    assert len(rank.rank(person(receives_benefits=True), f).suggestions) == 1


# An independent reading of the eval README's rules, for the property test.
VENUE = {"step-free", "accessible-toilet", "hearing-loop", "quiet-space"}


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    h = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(b[1] - a[1]) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def violates(r: features.ResourceRecord, p: Profile) -> bool:
    """The README's reference rules over a plain record."""
    if not r.active or r.id in p.avoid_ids:
        return True
    if r.min_age is not None and p.age is not None and p.age < r.min_age:
        return True
    if r.max_age is not None and p.age is not None and p.age > r.max_age:
        return True
    if "women-only" in r.access and p.gender == "man":
        return True
    if r.setting == "mental-health-service" and p.avoid_mental_health_settings:
        return True
    for need in p.access_needs:
        if need not in r.access and not (r.setting == "online" and need in VENUE):
            return True
    cost = r.standard_pence
    if p.receives_benefits and r.concession_pence is not None:
        cost = min(cost, r.concession_pence)
    if p.budget_pence is not None and cost > p.budget_pence:
        return True
    if r.setting != "online" and p.max_km is not None:
        home = (p.latitude, p.longitude)
        if not r.places or min(_km(home, x) for x in r.places) > p.max_km:  # type: ignore[arg-type]
            return True
    return bool(r.sessions) and not any(
        w.day == d and w.start <= s and (e <= w.end if e else s < w.end)
        for d, s, e in r.sessions
        for w in p.free_times
    )


DAYS = ["mo", "tu", "we", "th", "fr", "sa", "su"]
times = st.sampled_from(["09:00", "10:00", "12:00", "14:00", "16:00", "18:00", "20:00"])
# Two different times, earlier first: built rather than filtered, so no input is thrown away.
session = st.builds(
    lambda day, pair: (day, *sorted(pair)),
    st.sampled_from(DAYS),
    st.lists(times, min_size=2, max_size=2, unique=True),
)
# A resource's session may give no end (only its start is known).
open_ended = st.builds(lambda day, start: (day, start, ""), st.sampled_from(DAYS), times)
resource = st.builds(
    lambda i, setting, active, interests, access, ages, std, conc, kms, sessions: record(
        f"r{i}",
        setting=setting,
        active=active,
        interests=tuple(interests),
        access=tuple(access),
        min_age=ages[0],
        max_age=ages[1],
        standard_pence=std,
        concession_pence=conc,
        places=() if setting == "online" else tuple(place(k) for k in kms),
        sessions=tuple(sessions),
    ),
    st.integers(0, 10_000),
    st.sampled_from(["community", "mental-health-service", "online"]),
    st.booleans(),
    st.lists(st.sampled_from(["singing", "pottery", "music", "crafts"]), max_size=3),
    st.lists(st.sampled_from(vocabulary.ACCESS_CODES), max_size=5),
    st.sampled_from([(None, None), (18, None), (50, None), (16, 25)]),
    st.sampled_from([0, 150, 300, 301, 900]),
    st.sampled_from([None, 0, 300]),
    st.lists(st.floats(0, 6), min_size=1, max_size=3),
    st.lists(st.one_of(session, open_ended), max_size=3),
)
profiles = st.builds(
    lambda age, gender, budget, benefits, km, needs, windows, mh, avoid: person(
        age=age,
        gender=gender,
        budget_pence=budget,
        receives_benefits=benefits,
        max_km=km,
        access_needs=tuple(needs),
        free_times=tuple(Window(*w) for w in windows),
        avoid_mental_health_settings=mh,
        avoid_ids=frozenset(avoid),
    ),
    st.integers(16, 90),
    st.sampled_from(["man", "woman", "non-binary"]),
    st.sampled_from([0, 200, 300, 1000]),
    st.booleans(),
    st.floats(0.5, 5),
    st.lists(st.sampled_from(vocabulary.ACCESS_CODES), max_size=2),
    st.lists(session, min_size=1, max_size=4),
    st.booleans(),
    st.lists(st.sampled_from([f"r{i}" for i in range(20)]), max_size=3),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(resource, min_size=1, max_size=25, unique_by=lambda r: r.id), profiles)
def test_no_suggestion_ever_breaks_a_rule(records, profile):
    f = features.build(records)
    result = rank.rank(profile, f)
    by_id = {r.id: r for r in records}
    for s in result.suggestions:
        assert not violates(by_id[s.resource_id], profile)
    # Everything feasible that is about something they named (or close to it) is offered, up to
    # ten; nothing else is, however empty the list.
    named = {*profile.interests, *profile.want_to_try}
    near = named | {rel for code in named for rel in vocabulary.related(code)}
    # Beyond the README's rules, a group for an age group they are plainly outside is left out.
    fitting = [
        r
        for r in records
        if not violates(r, profile)
        and not another_age_group(r, profile)
        and near & set(r.interests)
    ]
    assert len(result.suggestions) == min(len(fitting), 10)


def another_age_group(r: features.ResourceRecord, p: Profile) -> bool:
    """A group for over-50s or 16 to 25s, and their recorded age is outside it."""
    if p.age is None:
        return False
    return ("over-50s" in r.access and p.age < 50) or (
        "young-adults-16-25" in r.access and not 16 <= p.age <= 25
    )


def test_person_without_recorded_limits_sees_everything_running():
    f = features.build([record("a"), record("b", standard_pence=5000, places=(place(40),))])
    loose = Profile(interests=("singing",))
    assert {s.resource_id for s in rank.rank(loose, f).suggestions} == {"a", "b"}
    assert PERSON.budget_pence == 300


@pytest.mark.parametrize(
    ("band", "shown"),
    [
        ("18-25", {"any", "young"}),
        ("26-35", {"any"}),
        ("51-65", {"any", "over-50s"}),
        ("over 65", {"any", "over-50s"}),
        ("65+", {"any", "over-50s"}),
        ("36-50", {"any"}),  # a 36-year-old would be too young for an over-50s group
        ("under 18", {"any"}),
        ("", {"any", "young", "over-50s"}),  # no age at all: the age rule cannot apply
    ],
)
def test_an_age_band_drives_the_age_rule_when_no_exact_age_is_given(band, shown):
    f = features.build(
        [record("any"), record("young", min_age=16, max_age=25), record("over-50s", min_age=50)]
    )
    result = rank.rank(person(age=None, age_band=band), f)
    assert {s.resource_id for s in result.suggestions} == shown
    # An exact age, when given, wins over the band.
    exact = rank.rank(person(age=60, age_band="18-25"), f)
    assert {s.resource_id for s in exact.suggestions} == {"any", "over-50s"}


@pytest.mark.parametrize(
    ("who", "shown"),
    [
        ({"age": 40}, {"any"}),  # an over-50s lunch club is not for a 40-year-old
        ({"age": 19}, {"any", "young"}),
        ({"age": 60}, {"any", "over-50s"}),
        ({"age": None, "age_band": "45-54"}, {"any", "over-50s"}),  # not plainly outside
        ({"age": None, "age_band": "26-35"}, {"any"}),
        ({"age": None}, {"any", "young", "over-50s"}),  # no age recorded: nothing excluded
        ({"age": 40, "audiences": ("over-50s",)}, {"any", "over-50s"}),  # the worker chose it
    ],
)
def test_a_group_for_an_age_group_they_are_plainly_outside_is_for_someone_else(who, shown):
    # The audience term is the group's own eligibility even with no minimum age in the entry.
    f = features.build(
        [
            record("any"),
            record("young", access=("step-free", "young-adults-16-25")),
            record("over-50s", access=("step-free", "over-50s")),
        ]
    )
    assert {s.resource_id for s in rank.rank(person(**who), f).suggestions} == shown
