"""Reasons, near misses, diversity and new ideas, as a practitioner would see them."""

from __future__ import annotations

import numpy as np
from matcher_helpers import person, place, record

from matcher import constraints, facts, features, model, rank, score
from matcher.profile import Window


def test_reasons_name_the_real_matching_facts():
    f = features.build(
        [record("choir", name="Tuesday Choir", access=("step-free", "hearing-loop"))]
    )
    who = person(access_needs=("step-free", "hearing-loop"))
    (s,) = rank.rank(who, f).suggestions
    text = " · ".join(s.reasons)
    assert "You said: singing" in text
    assert "1.2 km" in text
    assert "step-free access" in text and "hearing loop" in text
    assert "Free with your benefits concession" in text
    assert "Tuesdays 2\u20134pm fits your free time" in text


def test_reasons_follow_the_facts_when_they_change():
    f = features.build(
        [record("c", standard_pence=250, concession_pence=None, places=(place(2.5),))]
    )
    (s,) = rank.rank(person(), f).suggestions
    assert "2.5 km" in " ".join(s.reasons)
    assert "£2.50 a session, within your £3 a week" in s.reasons


def test_near_misses_name_the_barrier_and_a_way_round():
    f = features.build(
        [
            record("ok"),
            record("dear", standard_pence=500, concession_pence=0),
            record("far", places=(place(3.4),), access=("step-free", "can-bring-support-worker")),
            record("late", sessions=(("tu", "16:30", "17:30"),)),
            record("way-too-far", places=(place(9),)),
            record("way-too-dear", standard_pence=2000, concession_pence=None),
        ]
    )
    who = person(receives_benefits=False)
    misses = {m.resource_id: m for m in rank.rank(who, f).near_misses}
    assert set(misses) == {"dear", "far", "late"}
    assert misses["dear"].barrier == "£5 a session, your budget is £3 a week"
    # They are not recorded as receiving benefits, so the concession is no way round.
    assert "concession" not in misses["dear"].way_round
    assert misses["far"].barrier == "3.4 km, your limit is 3 km"
    assert misses["far"].way_round == "a worker or friend can come along, and help with the journey"
    assert misses["late"].barrier == (
        "Tuesdays 4:30\u20135:30pm: ends 30 min after your free time (10am\u20135pm)"
    )


def test_a_distant_option_points_to_an_online_version():
    f = features.build(
        [
            record("far", places=(place(3.5),)),
            record("online", setting="online", places=(), sessions=(), interests=("singing",)),
        ]
    )
    (miss,) = rank.rank(person(), f).near_misses
    assert miss.way_round == "the same activity online: Group online"


def test_results_are_spread_across_interests():
    choirs = [record(f"choir{i}", interests=("singing",)) for i in range(10)]
    others = [
        record("pottery", interests=("pottery",)),
        record("music", interests=("music",)),
        record("craft", interests=("crafts",)),
    ]
    f = features.build(choirs + others)
    who = person(interests=("singing", "music", "crafts"), want_to_try=("pottery",))
    top5 = [s.resource_id for s in rank.rank(who, f).suggestions][:5]
    kinds = {next(r.interests for r in f.records if r.id == i)[0] for i in top5}
    assert len(kinds) >= 3, top5


def test_a_new_idea_is_offered_when_one_is_feasible():
    choirs = [record(f"choir{i}") for i in range(12)]
    f = features.build([*choirs, record("clay", interests=("pottery",), standard_pence=300)])
    result = rank.rank(person(), f)
    ideas = [s for s in result.suggestions if s.new_idea]
    assert [s.resource_id for s in ideas] == ["clay"]
    assert any("Something new you wanted to try: pottery" in r for r in ideas[0].reasons)


def test_company_first_time_lifts_groups_you_can_bring_someone_to():
    f = features.build(
        [
            record("plain", access=("step-free",)),
            record("bring", access=("step-free", "can-bring-support-worker")),
        ]
    )
    top = rank.rank(person(needs_company_first_time=True), f).suggestions[0]
    assert top.resource_id == "bring"
    plain_first = rank.rank(person(), f).suggestions
    assert {s.resource_id for s in plain_first} == {"plain", "bring"}


def test_bridging_settings_first_unless_peer_support_is_wanted():
    f = features.build(
        [
            record("community"),
            record("peer", setting="mental-health-service"),
        ]
    )
    assert rank.rank(person(), f).suggestions[0].resource_id == "community"
    peer_first = person(prefer_peer_support_first=True)
    assert rank.rank(peer_first, f).suggestions[0].resource_id == "peer"


def test_matching_fades_gradually_after_the_configured_period():
    f = features.build([record("a", age_days=250)])
    profile = person()
    checks = constraints.check(profile, f)
    f.stale_after_days = 365
    unfaded = score.score(profile, f, checks)[0]
    f.stale_after_days = 183
    faded = score.score(profile, f, checks)[0]
    # 67 days past the period: a small part of the year-long fade, not a cliff.
    stale = -model.weights()[model.NAMES.index("past its review date")]
    assert stale > 0
    assert np.isclose(unfaded - faded, stale * 67 / 365, atol=1e-4)


def test_stale_entries_rank_lower():
    f = features.build([record("old", age_days=600), record("fresh", age_days=10)])
    assert rank.rank(person(), f).suggestions[0].resource_id == "fresh"


def test_an_activity_about_the_interest_beats_one_where_it_is_a_side_tag():
    f = features.build(
        [
            record(
                "maths",
                name="Maths for Adults",
                interests=("maths-english", "employment-skills"),
                text="Maths for Adults\nGCSE maths in a small class.",
            ),
            record(
                "cv",
                name="CV and Interview Workshop",
                interests=("employment-skills",),
                text="CV and Interview Workshop\nGetting ready for work: CVs and interviews.",
            ),
        ]
    )
    who = person(interests=(), want_to_try=("employment-skills",))
    assert [s.resource_id for s in rank.rank(who, f).suggestions] == ["cv", "maths"]


def test_the_persons_own_words_in_a_name_lift_it():
    f = features.build(
        [
            record("plain", name="Strummers", interests=("guitar",)),
            record("acoustic", name="Acoustic Guitar Circle", interests=("guitar",)),
        ]
    )
    who = person(interests=("guitar",), notes="Plays acoustic guitar in his room.")
    assert rank.rank(who, f).suggestions[0].resource_id == "acoustic"
    no_notes = rank.rank(person(interests=("guitar",)), f).suggestions
    assert no_notes[0].score == no_notes[1].score


def test_a_faith_group_of_another_tradition_ranks_below_their_own():
    f = features.build(
        [
            record("church", interests=("faith",), text="Drop-in at the Church\nCoffee."),
            record("mosque", interests=("faith",), text="Lunch at the Mosque\nTea and chat."),
        ]
    )
    muslim = person(interests=("faith",), hints=facts.read_hints("Helps out at the mosque."))
    shown = [s.resource_id for s in rank.rank(muslim, f).suggestions]
    assert shown == ["mosque", "church"]  # still shown: a soft preference, never a rule
    catholic = person(interests=("faith",), hints=facts.read_hints("A devout Catholic."))
    assert rank.rank(catholic, f).suggestions[0].resource_id == "church"


def test_befriending_is_offered_to_a_lonely_older_person_with_an_honest_reason():
    f = features.build(
        [
            record("phone", interests=("befriending",), setting="online", places=(), sessions=()),
            record("pottery", interests=("pottery",)),
        ]
    )
    lonely = person(
        age=81,
        interests=(),
        want_to_try=(),
        hints=facts.read_hints("Lonely since her friends died."),
    )
    top = rank.rank(lonely, f).suggestions[0]
    assert top.resource_id == "phone"
    assert "You would like more company: befriending" in top.reasons
    younger = person(
        age=30, interests=(), want_to_try=(), hints=facts.read_hints("Lonely since moving here.")
    )
    # Pottery is about nothing they said: it is not offered just to fill the list.
    assert [s.resource_id for s in rank.rank(younger, f).suggestions] == ["phone"]


def test_near_misses_need_only_the_cheap_rules_to_pass_first():
    """A resource that is both too far and closed to the person is no near miss."""
    f = features.build(
        [
            record("ok"),
            record("far-and-dear", places=(place(3.4),), standard_pence=500, concession_pence=None),
            record("far-no-access", places=(place(3.4),), access=()),
        ]
    )
    assert rank.rank(person(), f).near_misses == ()


def test_a_group_for_a_particular_experience_ranks_low_unless_the_notes_share_it():
    f = features.build(
        [
            record(
                "voices",
                interests=("peer-support",),
                text="Hearing Voices Group\nFor voice-hearers.",
            ),
            record(
                "peers", interests=("peer-support",), text="Peer Support Group\nShare what helps."
            ),
        ]
    )
    anxious = person(interests=("peer-support",), hints=facts.read_hints("Severe anxiety."))
    # Asking for peer support is no tie to a group for an experience they have not recorded.
    assert [s.resource_id for s in rank.rank(anxious, f).suggestions] == ["peers"]
    hears = person(interests=("peer-support",), hints=facts.read_hints("Hears voices at night."))
    assert rank.rank(hears, f).suggestions[0].resource_id == "voices"


def test_a_beginners_course_ranks_below_a_group_for_someone_who_already_does_it():
    f = features.build(
        [
            record(
                "course",
                interests=("cycling",),
                text="Adult Cycle Training\nFor adults who never learned.",
            ),
            record("ride", interests=("cycling",), text="Led Bike Ride\nA social ride."),
        ]
    )
    cyclist = person(interests=("cycling",))
    assert [s.resource_id for s in rank.rank(cyclist, f).suggestions] == ["ride", "course"]
    # For someone who wants to try it, a course for beginners is as good a start as any.
    learner = person(interests=(), want_to_try=("cycling",))
    scores = {s.resource_id: s.score for s in rank.rank(learner, f).suggestions}
    assert scores["course"] == scores["ride"]


def test_a_mens_group_ranks_low_for_someone_who_is_not_a_man():
    f = features.build(
        [
            record("men", interests=("crafts",), text="Men's Shed\nMake things together."),
            record("mixed", interests=("crafts",), text="Craft Club\nMake things together."),
        ]
    )
    for gender, first in (("woman", "mixed"), ("non-binary", "mixed")):
        who = person(gender=gender, interests=("crafts",))
        assert rank.rank(who, f).suggestions[0].resource_id == first
    man = rank.rank(person(gender="man", interests=("crafts",)), f).suggestions
    assert man[0].score == man[1].score


def test_a_small_group_comes_first_for_someone_who_prefers_small_groups_and_says_so():
    f = features.build(
        [
            record("big", text="Community Choir\nSixty voices, all welcome."),
            record("small", text="Singing Circle\nA small group, no more than 8 people."),
        ]
    )
    assert rank.rank(person(small_groups=True), f).suggestions[0].resource_id == "small"
    first = rank.rank(person(small_groups=True), f).suggestions[0]
    assert any("a small group" in reason for reason in first.reasons)
    anyone = rank.rank(person(), f).suggestions
    assert anyone[0].score == anyone[1].score


def test_someone_who_only_walks_gets_the_nearer_group_and_the_walk_in_minutes():
    f = features.build(
        [
            record("far", places=(place(2.6),), sessions=(("th", "18:30", "20:00"),)),
            record("near", places=(place(0.6),), sessions=(("tu", "14:00", "16:00"),)),
        ]
    )
    evenings = facts.read_hints("Prefers evenings.")
    by_bus = person(max_km=3.0, travel_modes=("walk", "bus"), hints=evenings)
    walker = person(max_km=3.0, travel_modes=("walk",), hints=evenings)
    first, second = rank.rank(walker, f).suggestions
    assert first.resource_id == "near"
    assert "0.6 km, about 10 minutes' walk" in " · ".join(first.reasons)
    assert "2.6 km, about 42 minutes' walk" in " · ".join(second.reasons)
    bus_reasons = {s.resource_id: s.reasons for s in rank.rank(by_bus, f).suggestions}
    assert "2.6 km, by bus or about 42 minutes' walk" in " · ".join(bus_reasons["far"])


def test_walking_football_suits_an_older_player_not_a_young_fit_one():
    f = features.build(
        [
            record(
                "walking",
                interests=("football",),
                text="Walking Football\nFootball at walking pace - no running, no tackles.",
            ),
            record("fives", interests=("football",), text="Five-a-side\nFast and friendly."),
        ]
    )
    young = person(age=28, interests=("football",), access_needs=())
    assert [s.resource_id for s in rank.rank(young, f).suggestions] == ["fives", "walking"]
    # Someone who cannot manage steps gets the adapted game first.
    frail = person(age=45, interests=("football",), access_needs=("step-free",))
    assert rank.rank(frail, f).suggestions[0].resource_id == "walking"


def test_job_clubs_rank_low_for_someone_past_working_age_who_did_not_ask():
    f = features.build(
        [
            record(
                "job-club",
                interests=("digital-skills", "employment-skills"),
                text="Job Club\nCVs, job searching and online applications.",
            ),
            record(
                "computers",
                interests=("digital-skills",),
                text="Computer Help\nEmails, video calls and smartphones.",
            ),
        ]
    )
    older = person(age=81, interests=(), want_to_try=("digital-skills",))
    assert [s.resource_id for s in rank.rank(older, f).suggestions] == ["computers", "job-club"]
    looking = person(age=40, interests=(), want_to_try=("digital-skills",))
    shown = rank.rank(looking, f).suggestions
    older_gap = {s.resource_id: s.score for s in rank.rank(older, f).suggestions}
    gap = {s.resource_id: s.score for s in shown}
    assert (older_gap["computers"] - older_gap["job-club"]) - (
        gap["computers"] - gap["job-club"]
    ) >= 1.0


def test_a_time_bank_is_offered_to_someone_with_a_skill_to_share():
    f = features.build(
        [
            record(
                "bank",
                interests=("socialising", "volunteering"),
                text="Time Bank\nGive an hour of help, teaching a skill, and get an hour back.",
            ),
            record("garden", interests=("gardening", "volunteering"), text="Garden\nDig in."),
        ]
    )
    teacher = person(
        interests=(), want_to_try=("volunteering",), skills_to_share=("maths-english",)
    )
    shown = rank.rank(teacher, f).suggestions
    assert shown[0].resource_id == "bank"
    # Volunteering in something they never mentioned is a weaker offer than the time bank.
    assert shown[1].score < shown[0].score - 0.5
    no_skill = person(interests=(), want_to_try=("volunteering",))
    plain = {s.resource_id: s.score for s in rank.rank(no_skill, f).suggestions}
    assert shown[0].score > plain["bank"]


def test_a_wanted_idea_already_in_the_list_is_not_forced_in_again():
    f = features.build(
        [
            *(record(f"both{i}", interests=("singing", "pottery")) for i in range(10)),
            record("clay", interests=("pottery",), standard_pence=300, places=(place(2.9),)),
        ]
    )
    shown = [s.resource_id for s in rank.rank(person(), f).suggestions]
    assert "clay" not in shown and len(shown) == 10


def test_a_session_with_no_end_is_worded_from_its_start():
    f = features.build([record("open", sessions=(("tu", "14:00", ""),))])
    (s,) = rank.rank(person(), f).suggestions
    assert "Tuesdays from 2pm fits your free time" in s.reasons
    late = features.build([record("ok"), record("late", sessions=(("tu", "17:30", ""),))])
    (miss,) = rank.rank(person(receives_benefits=False), late).near_misses
    assert (
        miss.barrier
        == "Tuesdays from 5:30pm: starts 30 min after your free time ends (10am\u20135pm)"
    )


def _far(rid: str, text: str, **kw) -> features.ResourceRecord:
    """An in-person group 3.5 km away (the person's limit is 3 km): a distance near miss."""
    return record(rid, name=text.partition("\n")[0], text=text, places=(place(3.5),), **kw)


def _online(rid: str, text: str, **kw) -> features.ResourceRecord:
    """An online group with no fixed times."""
    name = text.partition("\n")[0]
    return record(rid, name=name, text=text, setting="online", places=(), sessions=(), **kw)


def test_the_online_way_round_is_the_same_activity_not_one_sharing_only_a_generic_tag():
    social = _far(
        "lgbtq",
        "Board games social\nA relaxed social for LGBTQ+ adults.",
        interests=("board-games", "socialising"),
        access=("step-free", "lgbtq-plus"),
    )
    cafe = _online(
        "cafe",
        "Carers' café (online)\nA break for unpaid carers, with a chat.",
        interests=("socialising",),
    )
    who = person(interests=("board-games", "socialising"), audiences=("lgbtq-plus",))
    (miss,) = rank.rank(who, features.build([social, cafe])).near_misses
    assert "Carers' café" not in miss.way_round
    assert miss.way_round == "a worker could help with the journey the first time"
    games = _online(
        "games", "Board games online\nPlay board games by video.", interests=("board-games",)
    )
    (miss,) = rank.rank(who, features.build([social, cafe, games])).near_misses
    assert miss.way_round == "the same activity online: Board games online"


def test_the_online_way_round_is_a_group_for_the_same_experience():
    voices = _far(
        "voices",
        "Hearing voices group\nA peer-led group for people who hear voices.",
        interests=("peer-support",),
    )
    mood = _online(
        "mood",
        "Mood support group (online)\nPeer support for people with bipolar disorder.",
        interests=("peer-support",),
    )
    voices_online = _online(
        "voices-online",
        "Hearing voices group (online)\nA peer-led group for people who hear voices.",
        interests=("peer-support",),
    )
    hears = facts.hints_from(["condition:voices"])
    who = person(interests=(), want_to_try=(), prefer_peer_support_first=True, hints=hears)
    misses = rank.rank(who, features.build([voices, mood, voices_online])).near_misses
    assert [m.way_round for m in misses] == [
        "the same activity online: Hearing voices group (online)"
    ]
    (miss,) = rank.rank(who, features.build([voices, mood])).near_misses
    assert "Mood support group" not in miss.way_round  # none for hearing voices: none offered


def test_a_near_miss_is_never_a_group_plainly_for_someone_else():
    f = features.build(
        [
            record("ok"),
            record("lunch", access=("step-free", "over-50s"), standard_pence=450,
                   concession_pence=None),
            _far("signed", "Signed choir\nA choir led in BSL.", access=("step-free", "bsl")),
            _far("choir", "Far choir\nA choir across town."),
        ]
    )  # fmt: skip
    who = person(age=40, receives_benefits=False)
    assert [m.resource_id for m in rank.rank(who, f).near_misses] == ["choir"]
    # At 60, the over-50s group is theirs and a near miss on cost.
    older = {
        m.resource_id for m in rank.rank(person(age=60, receives_benefits=False), f).near_misses
    }
    assert older == {"lunch", "choir"}


def test_arriving_late_is_offered_only_when_the_session_overlaps_their_free_time():
    f = features.build(
        [
            record("ok"),
            record("early", sessions=(("sa", "09:00", "10:00"),)),
            record("long", sessions=(("sa", "15:00", "17:00"),)),
        ]
    )
    who = person(free_times=(Window("sa", "10:00", "16:00"),), receives_benefits=False)
    misses = {m.resource_id: m for m in rank.rank(who, f).near_misses}
    assert misses["early"].barrier.startswith("Saturdays 9\u201310am: starts 1 hour before")
    assert "arriving late" not in misses["early"].way_round
    assert misses["early"].way_round == "see whether they could be free at that time"
    assert misses["long"].way_round == (
        "ask the organiser whether arriving late or leaving early is fine"
    )


def test_a_service_that_comes_to_them_is_not_offered_help_with_the_journey():
    visits = _far(
        "visits",
        "Befriending visits\nA volunteer visits you weekly for a chat.",
        interests=("befriending",),
    )
    calls = _far(
        "calls",
        "Telephone befriending\nA volunteer rings you each week.",
        interests=("befriending",),
    )
    who = person(interests=("befriending",))
    misses = {m.resource_id: m for m in rank.rank(who, features.build([visits, calls])).near_misses}
    for miss in misses.values():
        assert "journey" not in miss.way_round
        assert miss.way_round == "it comes to them: ask whether it covers where they live"
    assert set(misses) == {"visits", "calls"}


def test_interests_only_close_to_what_they_said_do_not_fill_the_list():
    # Someone who named only cooking: two cooking groups, and many social groups, which the
    # vocabulary puts close to cooking. A few are new ideas; the rest would be padding.
    cooking = [record(f"cook{i}", interests=("cooking",)) for i in range(2)]
    social = [record(f"social{i}", interests=("socialising",)) for i in range(9)]
    who = person(interests=("cooking",), want_to_try=(), skills_to_share=())
    result = rank.rank(who, features.build(cooking + social))
    shown = result.suggestions
    ids = [s.resource_id for s in shown]
    assert {"cook0", "cook1"} <= set(ids)
    assert len([i for i in ids if i.startswith("social")]) == rank.RELATED_SHOWN
    assert result.short and result.loosely_left == 9 - rank.RELATED_SHOWN  # said, not hidden
    assert all("cooking" in " ".join(s.reasons).lower() for s in shown)


def test_why_nothing_fits_offers_the_loosening_that_lets_one_in():
    # Two chess options: one far beyond any loosening on offer (one rule), one a little further
    # than their limit and on another day (two rules). The second is the one a click can let in.
    far = record("far", interests=("chess",), places=(place(7.8),))
    near = record(
        "near", interests=("chess",), places=(place(2.8),), sessions=(("sa", "14:00", "16:00"),)
    )
    who = person(interests=("chess",), want_to_try=(), max_km=1.0)
    f = features.build([far, near])
    (gap,) = [g for g in rank.rank(who, f).gaps if g.code == "chess"]
    assert gap.loosen is not None and gap.loosen.lets_in == "Group near"
    assert gap.loosen.any_time and 1.7 < gap.loosen.extra_km < 1.9


def test_reasons_keep_initialisms_and_proper_names():
    f = features.build([record("esol", interests=("esol",), access=("step-free", "bsl"))])
    who = person(interests=(), want_to_try=("esol",), access_needs=("bsl",))
    (shown,) = rank.rank(who, f).suggestions
    said = " ".join(shown.reasons)
    assert "ESOL" in said and "esol" not in said
    assert "British Sign Language" in said


def test_a_driver_is_offered_the_drive_not_help_with_the_journey():
    # Help with a journey is for someone without a car; for a driver the way round is the drive,
    # worked from the distance as the page shows it.
    far = record("far", places=(place(3.4),), access=("step-free", "can-bring-support-worker"))
    just = record("just", places=(place(3.04),))
    f = features.build([far, just])
    driver = {m.resource_id: m for m in rank.rank(person(travel_modes=("car",)), f).near_misses}
    assert driver["far"].barrier == "3.4 km, your limit is 3 km"
    assert driver["far"].way_round == "they drive: about 8 minutes by car, 0.4 km past their limit"
    assert driver["just"].barrier == "3.04 km, your limit is 3 km"
    assert driver["just"].way_round == (
        "they drive: about 7 minutes by car, 0.04 km past their limit"
    )
    by_bus = {m.resource_id: m for m in rank.rank(person(travel_modes=("bus",)), f).near_misses}
    assert by_bus["far"].way_round == "a worker or friend can come along, and help with the journey"
    assert by_bus["just"].way_round == "a worker could help with the journey the first time"


def test_someone_who_wants_only_online_or_phone_is_offered_nothing_that_needs_going_out():
    choir = record("c", text="Community choir\nAll welcome.")
    online = record("o", setting="online", places=(), text="Online choir\nSing from home.")
    calls = record("k", text="Singing calls\nA volunteer rings you for a sing.")
    f = features.build([choir, online, calls])
    assert {s.resource_id for s in rank.rank(person(), f).suggestions} == {"c", "o", "k"}
    who = person(hints=facts.hints_from(["online-only"]))
    found = rank.rank(who, f)
    shown = {s.resource_id: s.reasons for s in found.suggestions}
    assert set(shown) == {"o", "k"} and not found.near_misses
    assert not any(r.startswith("Lower: online") for r in shown["o"])
    assert (
        "Check: it comes to them (a call or a home visit), and they want online or phone only"
        in shown["k"]
    )
