"""Every reason, barrier and way round, checked against the data for generated people and resources.

The checks read the words back (as a practitioner would) and compare them with the records and
the profile, not with the matcher's own arithmetic.
"""

from __future__ import annotations

import re

from hypothesis import event, given, settings
from hypothesis import strategies as st
from matcher_helpers import HOME, person, place, record
from test_matcher_constraints import _km, session, violates

from directory import vocabulary
from directory.models import DAY_NAMES
from matcher import explain, features, model, rank
from matcher.facts import Hints
from matcher.profile import Profile, Window

CODES = (
    "singing",
    "music",
    "guitar",
    "pottery",
    "crafts",
    "painting",
    "gardening",
    "nature-conservation",
    "walking",
    "cooking",
    "socialising",
    "befriending",
    "volunteering",
    "peer-support",
)
LABELS = {explain.label(c): c for c in vocabulary.INTEREST_CODES}
DAY_OF = {f"{name}s": code for code, name in DAY_NAMES.items()}
codes = st.lists(st.sampled_from(CODES), max_size=3, unique=True)


def _resource(i: int) -> st.SearchStrategy[features.ResourceRecord]:
    return st.builds(
        lambda setting, interests, access, std, conc, kms, sessions, name: record(
            f"r{i}",
            name=f"{name} {i}",
            setting=setting,
            interests=tuple(interests) or ("singing",),
            access=tuple(access),
            standard_pence=std,
            concession_pence=conc,
            places=() if setting == "online" else tuple(place(k) for k in kms),
            sessions=() if setting == "online" and not sessions else tuple(sessions),
        ),
        st.sampled_from(["community", "community", "mental-health-service", "online"]),
        st.lists(st.sampled_from(CODES), min_size=1, max_size=3, unique=True),
        st.lists(st.sampled_from(vocabulary.ACCESS_CODES[:7]), max_size=4, unique=True),
        st.sampled_from([0, 150, 300, 301, 450, 900]),
        st.sampled_from([None, 0, 200, 300]),
        st.lists(st.floats(0, 6), min_size=1, max_size=2),
        st.lists(session, max_size=3),
        st.sampled_from(["Time bank", "Group", "Skills swap", "Club"]),
    )


profiles = st.builds(
    lambda now, past, want, skills, budget, benefits, km, needs, prefs, windows, company, peer: (
        person(
            interests=tuple(now),
            past_interests=tuple(past),
            want_to_try=tuple(want),
            skills_to_share=tuple(skills),
            budget_pence=budget,
            receives_benefits=benefits,
            max_km=km,
            access_needs=tuple(needs),
            quiet=prefs,
            needs_company_first_time=prefs,
            free_times=tuple(Window(*w) for w in windows),
            prefer_peer_support_first=peer,
            hints=Hints(wants_company=company),
            travel_modes=("walk", "bus"),
        )
    ),
    codes,
    codes,
    codes,
    codes,
    st.sampled_from([None, 0, 200, 300, 1000]),
    st.booleans(),
    st.sampled_from([None, 0.8, 2.0, 3.0, 3.05, 4.5]),
    st.lists(st.sampled_from(["step-free", "hearing-loop", "quiet-space"]), max_size=2),
    st.booleans(),
    st.lists(session, min_size=1, max_size=3),
    st.booleans(),
    st.booleans(),
)


def _km_to(r: features.ResourceRecord) -> float:
    return min(_km(HOME, p) for p in r.places)


def _cost(r: features.ResourceRecord, p: Profile) -> int:
    if p.receives_benefits and r.concession_pence is not None:
        return min(r.standard_pence, r.concession_pence)
    return r.standard_pence


def _pence(text: str) -> int:
    return round(float(text.lstrip("£")) * 100)


def check_link(reason: str, r: features.ResourceRecord, p: Profile, f: features.Features) -> None:
    """The first reason names what the person said and what the resource is about."""
    head, _, rest = reason.partition(": ")
    tags = set(r.interests)
    if head.startswith("Close to"):
        theirs = {
            "Close to what you enjoy": p.interests,
            "Close to what you used to enjoy": p.past_interests,
            "Close to something you wanted to try": p.want_to_try,
        }[head]
        for pair in rest.split(", "):
            mine, its = (LABELS[x] for x in pair.split(" \u2192 "))
            assert mine in theirs and its in tags and its in vocabulary.related(mine), reason
    elif head == "You could share your skill in":
        for part in rest.split("; "):
            skill, _, where = part.partition(", ")
            assert LABELS[skill] in p.skills_to_share, reason
            if where == "as a volunteer":
                assert {LABELS[skill], "volunteering"} <= tags, reason
            else:
                assert f.swap[f.table.row(r.id)], reason
    elif head == "You would like more company":
        assert p.hints.wants_company and tags & {"socialising", "befriending"}, reason
    elif head == "You wanted peer support first":
        assert p.prefer_peer_support_first and "peer-support" in tags, reason
    else:
        theirs = {
            "You said": p.interests,
            "You used to enjoy": p.past_interests,
            "Something new you wanted to try": p.want_to_try,
        }[head]
        for name in rest.split(", "):
            assert LABELS[name] in theirs and LABELS[name] in tags, reason


def check_reason(reason: str, r: features.ResourceRecord, p: Profile) -> None:
    """Distance, access, cost and time reasons agree with the record and the profile."""
    km = re.match(r"^(\d+\.\d+) km", reason)
    if km:
        shown, true = float(km.group(1)), _km_to(r)
        assert abs(shown - true) <= 0.05 and (p.max_km is None or shown <= p.max_km), reason
        wanted = set(p.access_needs)
        wanted |= {"quiet-space", "can-bring-support-worker"} if p.quiet else set()
        for access in vocabulary.ACCESS_CODES:
            if vocabulary.label(vocabulary.ACCESS, access).lower() in reason.split(", ")[1:]:
                assert access in r.access and access in wanted, reason
    if reason == "Free":
        assert r.standard_pence == 0
    if reason == "Free with your benefits concession":
        assert p.receives_benefits and r.concession_pence == 0 < r.standard_pence
    cost = re.match(
        r"^(£[\d.]+) a session( with your benefits concession)?(, within your (£[\d.]+))?", reason
    )
    if cost:
        assert _pence(cost.group(1)) == _cost(r, p), reason
        assert bool(cost.group(2)) == (p.receives_benefits and r.concession_pence is not None)
        if cost.group(4):
            assert _pence(cost.group(4)) == p.budget_pence >= _cost(r, p), reason
    if reason.endswith("fits your free time"):
        fits = {
            explain.session_words(d, s, e)
            for d, s, e in r.sessions
            for w in p.free_times
            if w.day == d and w.start <= s and e <= w.end
        }
        assert reason.removesuffix(" fits your free time") in fits, reason
    check_lower(reason, r, p)


def check_lower(reason: str, r: features.ResourceRecord, p: Profile) -> None:
    """A penalty named in the reasons holds of the record and the person."""
    if reason == "Lower: online or by phone, and they can get out to meet people in person":
        assert r.setting == "online" and not p.hints.stays_home
    if reason == "Lower: led in British Sign Language, and they do not sign":
        assert "bsl" in r.access and "bsl" not in p.access_needs and not p.hints.signs
    if reason.startswith("Lower: an adapted form"):
        assert p.age_bounds is not None and p.age_bounds[1] < 50 and not model.mobility_limited(p)
    if reason == "Lower: a course for beginners, in something they already do":
        assert set(r.interests) & set(p.interests)
    if reason == "Lower: a course for beginners, in something they used to do":
        assert set(r.interests) & set(p.past_interests)
    if reason.startswith("Lower: run by a mental-health service"):
        assert r.setting == "mental-health-service" and not p.prefer_peer_support_first


def check_near_miss(n: rank.NearMiss, f: features.Features, p: Profile, ok: set[str]) -> None:
    """The barrier names the one broken rule by its true amount; the way round is true."""
    r = f.records[f.table.row(n.resource_id)]
    if n.rule == "distance":
        said = re.fullmatch(r"(just over )?([\d.]+) km, your limit is ([\d.]+) km", n.barrier)
        over, shown, limit = said.groups()
        assert float(limit) == p.max_km and _km_to(r) > p.max_km
        # within a thousandth of a km of the limit, "just over" it; else the distance, rounded
        assert float(shown) == float(limit) if over else float(shown) > float(limit)
        assert abs(float(shown) - _km_to(r)) <= 0.05
    elif n.rule == "cost":
        cost = re.fullmatch(r"(£[\d.]+) a session.*, your budget is (£[\d.]+) a week", n.barrier)
        assert _pence(cost.group(1)) == _cost(r, p) > _pence(cost.group(2)) == p.budget_pence
    else:
        words, _, miss = n.barrier.partition(": ")
        day = DAY_OF[words.split()[0]]
        assert any(explain.session_words(d, s, e) == words for d, s, e in r.sessions)
        assert any(w.day == day for w in p.free_times) and "your free time" in miss
    if n.way_round.startswith("the same activity online: "):
        alt = next(x for x in f.records if x.name == n.way_round.split(": ", 1)[1])
        assert alt.setting == "online" and alt.id in ok and set(alt.interests) & set(r.interests)
    if "can come along" in n.way_round:
        assert "can-bring-support-worker" in r.access
    assert "concession" not in n.way_round


@settings(max_examples=1000, deadline=None)
@given(st.tuples(_resource(0), _resource(1)), profiles)
def test_every_reason_and_way_round_is_true(records, p):
    f = features.build(list(records))
    result = rank.rank(p, f)
    ok = {r.id for r in records if not violates(r, p)}
    for s in result.suggestions:
        r = f.records[f.table.row(s.resource_id)]
        assert s.resource_id in ok
        event(s.reasons[0].partition(":")[0])
        check_link(s.reasons[0], r, p, f)
        for reason in s.reasons[1:]:
            check_reason(reason, r, p)
    for n in result.near_misses:
        event(f"near miss: {n.rule}: {n.way_round.partition(':')[0]}")
        check_near_miss(n, f, p, ok)
    for gap in result.gaps:
        beyond = re.search(r"beyond ([\d.]+) km \(nearest ([\d.]+) km\)", gap.why)
        if beyond:
            assert float(beyond.group(2)) > float(beyond.group(1)) == p.max_km


@given(km=st.floats(0.2, 60), limit=st.sampled_from([1.0, 2.0, 3.0, 5.0, 10.0]))
@settings(max_examples=300, deadline=None)
def test_the_distance_on_a_card_is_on_the_same_side_of_the_limit_as_its_barrier(km, limit):
    from matcher.shortlist import distance_words

    shown = re.search(r"about ([\d.]+) km", distance_words(km, limit))
    if shown is None:  # "very close to home", or "just over" a limit no decimals can show
        return
    assert (float(shown.group(1)) > limit) == (km > limit)
    assert shown.group(1) in explain.km_words(km, limit)
