"""Peer suggestions and new-group detection as pure functions: consent, scope, preferences."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher import features, groups, peers
from matcher.peers import DEPLOYMENT, TEAM, PeerRecord

HOME = (53.8226, -1.5812)
KM_NORTH = 1 / 111.2
TUESDAY = (("tu", "13:00", "17:00"),)


def person(pid: int, km_north: float = 0.0, **changes) -> PeerRecord:  # type: ignore[no-untyped-def]
    """Someone in team 1 who enjoys walking, free Tuesday afternoons, near HOME."""
    data = {
        "id": pid,
        "team_id": 1,
        "label": f"P{pid}",
        "area": "LS6",
        "latitude": HOME[0] + km_north * KM_NORTH,
        "longitude": HOME[1],
        "interests": ("walking",),
        "free_times": TUESDAY,
        "seeking": True,
    }
    data.update(changes)
    return PeerRecord(**data)


def suggested(records: list[PeerRecord], pid: int) -> list[int]:
    return [p.id for p in peers.top_peers(peers.build(records), pid)]


def test_shared_interest_nearby_and_free_together_is_suggested_with_reasons() -> None:
    found = peers.top_peers(peers.build([person(1), person(2, 2.0)]), 1)
    assert [p.id for p in found] == [2]
    assert found[0].reasons == (
        "both enjoy walking",
        "both free Tuesday afternoons",
        "about 2 km apart",
    )


def test_complementary_skills_are_suggested_both_ways() -> None:
    learner = person(1, interests=(), want_to_try=("guitar",))
    teacher = person(2, 1.5, interests=(), skills_to_share=("guitar",))
    pool = peers.build([learner, teacher])
    assert peers.top_peers(pool, 1)[0].reasons[0] == (
        "wants to learn guitar, which the other can share"
    )
    assert peers.top_peers(pool, 2)[0].reasons[0] == (
        "could share guitar, which the other wants to learn"
    )


def test_nothing_in_common_too_far_or_never_free_together_is_not_suggested() -> None:
    others = [
        person(2, interests=("chess",)),
        person(3, 6.0),  # beyond the default 5 km
        person(4, free_times=(("we", "10:00", "12:00"),)),
        person(5, max_km=1.0, km_north=1.5),  # beyond their own limit
        person(6, latitude=None, longitude=None),
    ]
    assert suggested([person(1), *others], 1) == []


def test_avoid_lists_apply_both_ways() -> None:
    records = [person(1, avoid_ids=frozenset({2})), person(2), person(3)]
    assert suggested(records, 1) == [3]
    assert suggested(records, 2) == [3]


def test_women_only_applies_both_ways() -> None:
    records = [
        person(1, gender="woman", women_only=True),
        person(2, gender="man"),
        person(3, gender="woman"),
        person(4, gender=""),
    ]
    assert suggested(records, 1) == [3]
    assert 1 not in suggested(records, 2)
    assert 1 not in suggested(records, 4)
    assert 1 in suggested(records, 3)


def test_across_teams_only_when_both_agreed_to_deployment_scope() -> None:
    records = [
        person(1, scope=DEPLOYMENT),
        person(2, team_id=2, scope=DEPLOYMENT),
        person(3, team_id=2, scope=TEAM),
        person(4, team_id=1, scope=TEAM),
    ]
    assert sorted(suggested(records, 1)) == [2, 4]
    assert suggested(records, 3) == [2]  # same team; never 1 or 4 in another team
    assert suggested(records, 4) == [1]


def test_no_more_than_ten_best_first() -> None:
    records = [person(1, interests=("walking", "chess"))]
    records += [person(i, i / 10) for i in range(2, 20)]
    records += [person(30, 4.0, interests=("walking", "chess"))]
    found = peers.top_peers(peers.build(records), 1)
    assert len(found) == peers.MAX_PEERS
    assert found[0].id == 30  # more in common beats nearer
    assert [p.km for p in found[1:]] == sorted(p.km for p in found[1:])


# --- Consent as a property: a pool is built only from current consent -------------------------

people_st = st.lists(
    st.builds(
        lambda pid, team, north, scope, likes, gender, only: person(
            pid,
            north,
            team_id=team,
            scope=scope,
            interests=likes,
            gender=gender,
            women_only=only and gender == "woman",
        ),
        st.integers(1, 40),
        st.integers(1, 3),
        st.floats(0, 8),
        st.sampled_from([TEAM, DEPLOYMENT]),
        st.lists(st.sampled_from(["walking", "chess", "guitar"]), max_size=2).map(tuple),
        st.sampled_from(["woman", "man", ""]),
        st.booleans(),
    ),
    max_size=25,
    unique_by=lambda r: r.id,
)


@settings(max_examples=60, deadline=None)
@given(people_st, st.data())
def test_no_suggestion_without_current_consent_even_right_after_withdrawal(records, data):
    consenting = {r.id for r in records}
    withdrawn = data.draw(st.sets(st.sampled_from(sorted(consenting)))) if records else set()
    before = peers.build(records)
    after = peers.build([r for r in records if r.id not in withdrawn])
    everyone = peers.all_peers(after)
    for r in records:
        if r.id in withdrawn:
            assert peers.top_peers(after, r.id) == []
            continue
        found = peers.top_peers(after, r.id)
        assert {p.id for p in found} <= consenting - withdrawn - {r.id}
        # The batch gives exactly what one person's suggestions give.
        assert [(p.id, p.score) for p in everyone[r.id]] == [(p.id, p.score) for p in found]
        for p in found:
            other = next(o for o in records if o.id == p.id)
            assert other.team_id == r.team_id or (r.scope == other.scope == DEPLOYMENT)
            assert not (r.women_only and other.gender != "woman")
            assert not (other.women_only and r.gender != "woman")
    assert before.size == len(records)


# --- New groups -----------------------------------------------------------------------------


def _chess_club_far_away() -> features.Features:
    """A chess club 20 km away: no use to people who will travel 3 km."""
    far = (HOME[0] + 20 * KM_NORTH, HOME[1])
    return features.build(
        [
            features.ResourceRecord(
                id="far",
                name="Far chess",
                interests=("chess",),
                places=(far,),
                sessions=(("tu", "14:00", "16:00"),),
            )
        ]
    )


def test_a_group_is_suggested_where_the_directory_has_nothing() -> None:
    keen = [person(i, i * 0.2, interests=("chess",), max_km=3.0) for i in range(1, 6)]
    others = [person(10, 0.3, interests=("walking",)), person(11, 15.0, interests=("chess",))]
    pool = peers.build(keen + others)
    hall = groups.Venue(HOME[0], HOME[1], "Community centre")
    library = groups.Venue(HOME[0] + 30 * KM_NORTH, HOME[1], "Library")
    found = groups.find_groups(pool, _chess_club_far_away(), [hall, library], min_size=4)
    assert len(found) == 1
    group = found[0]
    assert (group.interest, group.size, group.time, group.area) == (
        "chess",
        5,
        "Tuesday afternoons",
        "LS6",
    )
    assert {pid for pid, _ in group.members} == {1, 2, 3, 4, 5}
    assert group.venue_kinds == ("Community centre",)
    assert groups.find_groups(pool, _chess_club_far_away(), [], min_size=6) == []


def test_no_group_is_suggested_when_a_nearby_resource_fits() -> None:
    keen = [person(i, i * 0.2, interests=("chess",), max_km=3.0) for i in range(1, 6)]
    near = features.build(
        [
            features.ResourceRecord(
                id="near",
                name="Chess club",
                interests=("chess",),
                places=(HOME,),
                sessions=(("tu", "14:00", "16:00"),),
            )
        ]
    )
    assert groups.find_groups(peers.build(keen), near, [], min_size=4) == []


def test_groups_need_a_shared_free_time() -> None:
    days = ["mo", "tu", "we", "th", "fr"]
    apart = [
        person(i, i * 0.2, interests=("chess",), free_times=((days[i - 1], "13:00", "17:00"),))
        for i in range(1, 6)
    ]
    assert groups.find_groups(peers.build(apart), _chess_club_far_away(), [], 4) == []


def test_common_times_read_as_days_and_parts_of_the_day() -> None:
    both = np.zeros(peers.SLOT_WORDS, dtype=np.uint64)
    for h in peers.free_hours((("tu", "14:00", "16:00"), ("sa", "09:00", "11:00"))):
        both[h // 64] |= np.uint64(1 << (h % 64))
    assert peers.common_times(both) == ["Tuesday afternoons", "Saturday mornings"]
    assert peers.distance_words(0.4) == "less than 1 km apart"
    assert math.isclose(peers.DEFAULT_PEER_KM, 5.0)


def test_one_enjoys_what_the_other_wants_to_try() -> None:
    walker = person(1, interests=("walking",))
    curious = person(2, 1.0, interests=(), want_to_try=("walking",))
    pool = peers.build([walker, curious])
    assert peers.top_peers(pool, 1)[0].reasons[0] == "enjoys walking, which the other wants to try"
    assert peers.top_peers(pool, 2)[0].reasons[0] == "wants to try walking, which the other enjoys"


def test_reasons_keep_to_what_the_peer_agreed_to_show() -> None:
    quiet = person(2, 1.0, show_interests=False, show_area=False)
    found = peers.top_peers(peers.build([person(1), quiet]), 1)
    assert found[0].reasons == (
        "interests in common",
        "both free Tuesday afternoons",
        "live near each other",
    )
