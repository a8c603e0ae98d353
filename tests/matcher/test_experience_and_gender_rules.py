"""Groups plainly for others: men's groups for a woman, experience groups without a tie to them."""

from __future__ import annotations

from matcher_helpers import person, place, record

from matcher import facts, features, gaps, rank


def test_a_mens_group_is_never_offered_to_a_woman():
    near = record("m", text="Men's choir\nA choir for men.")
    far = record("mf", places=(place(3.4),), text="Men's singing\nA men's singing group.")
    f = features.build([near, far])
    found = rank.rank(person(gender="woman", want_to_try=()), f)
    assert not found.suggestions and not found.near_misses
    (gap,) = found.gaps
    assert gap.text.startswith("2 singing options: all for men only")
    # A man, or someone whose gender is not recorded, is still offered it.
    assert [s.resource_id for s in rank.rank(person(), f).suggestions] == ["m"]
    assert [s.resource_id for s in rank.rank(person(gender=""), f).suggestions] == ["m"]


def test_a_group_that_names_women_too_is_no_mens_group():
    mixed = record("x", text="Community choir\nA choir for men and women of all ages.")
    also = record("y", text="Men's shed\nA men's shed; women are welcome too.")
    f = features.build([mixed, also])
    found = rank.rank(person(gender="woman", want_to_try=()), f)
    assert {s.resource_id for s in found.suggestions} == {"x", "y"}


def _peer_groups() -> features.Features:
    """A hearing voices group, a carers' café and a peer group for anyone, all far away."""
    return features.build(
        [
            record("v", interests=("peer-support",), places=(place(9),), text="Hearing voices"),
            record("k", interests=("peer-support",), places=(place(9),), text="Carers' cafe"),
            record("p", interests=("peer-support",), places=(place(8),), text="Peer group"),
        ]
    )


def test_asking_for_peer_support_is_no_tie_to_a_group_for_an_experience():
    near = features.build(
        [
            record("v", interests=("peer-support",), text="Hearing voices\nFor voice hearers."),
            record("k", interests=("peer-support",), text="Carers cafe\nFor unpaid carers."),
        ]
    )
    for who in (
        person(interests=("peer-support",), want_to_try=()),
        person(interests=(), want_to_try=(), prefer_peer_support_first=True),
    ):
        assert not rank.rank(who, near).suggestions
    carer = person(interests=("peer-support",), hints=facts.hints_from(["condition:carers"]))
    assert [s.resource_id for s in rank.rank(carer, near).suggestions] == ["k"]


def test_why_nothing_fits_counts_only_the_options_that_are_for_them():
    who = person(interests=("peer-support",), want_to_try=())
    (gap,) = rank.rank(who, _peer_groups()).gaps
    assert gap.text == "1 peer support option: beyond 3 km (nearest 8.0 km)"
    assert gap.loosen is None or gap.loosen.lets_in == "Group p"
    carer = person(
        interests=("peer-support",), want_to_try=(), hints=facts.hints_from(["condition:carers"])
    )
    (gap,) = rank.rank(carer, _peer_groups()).gaps
    assert gap.head == "2 peer support options"
    only_others = features.build([record("v", interests=("peer-support",), text="Hearing voices")])
    found = gaps.gaps(who, only_others, rank.check(who, only_others), [])
    assert [g.text for g in found] == [
        "Nothing about peer support for them: only groups for an experience their profile does "
        "not record"
    ]


def test_online_or_phone_only_is_read_past_a_negation_about_something_else():
    said = [
        "SU cares for her mum full time, can't leave the house for long, only wants phone or "
        "online support.",
        "Wants phone contact only.",
    ]
    for note in said:
        assert "online-only" in {f.code for f in facts.read_facts(note)}, note
    for note in ("Does not want online only, wants to get out.", "Not keen on online stuff."):
        assert "online-only" not in {f.code for f in facts.read_facts(note)}, note


def test_an_access_need_no_option_meets_keeps_its_proper_name_in_why_nothing_fits():
    f = features.build([record("s", interests=("singing",), access=("step-free",))])
    who = person(interests=("singing",), want_to_try=(), access_needs=("bsl",))
    (gap,) = rank.rank(who, f).gaps
    assert gap.text == "1 singing option: without British Sign Language"
