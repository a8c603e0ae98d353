"""The soft score: how well each resource suits a person, as a practitioner would weigh it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from directory import vocabulary
from matcher.constraints import Checks
from matcher.features import (
    ACCESS_INDEX,
    CAUTION_CODES,
    COMMUNITY,
    CONDITION_CODES,
    FAITH_CODES,
    INTEREST_INDEX,
    MENTAL_HEALTH,
    NO_TERM,
    ONLINE,
    Features,
)
from matcher.notes import own_words
from matcher.profile import Profile

# How an interest was recorded, strongest first; explain.py words each one.
STATED, PAST, WANT, SKILL, RELATED = "stated", "past", "want", "skill", "related"
COMPANY = "company"  # regular company, for an older person the notes say is lonely
OLDER = 65  # befriending schemes are mostly for older people
PENSION_AGE = 66  # past this, job clubs and CV workshops are not what someone is looking for
YOUNGER = 50  # below this, walking football or chair yoga is a poor stand-in for the real thing
# How someone takes part rather than what in: on its own, a match on one of these is weak when
# the activity is about something the person never mentioned (a craft group for someone who
# wants company, gardening volunteers for someone who wants to volunteer).
GENERIC = ("socialising", "volunteering", "peer-support", "befriending")
# A beginners' course in a language is new even to someone who speaks several others.
EACH_NEW = ("languages",)


@dataclass(frozen=True)
class Weights:
    """The few numbers behind the score, each something a practitioner would name."""

    stated: float = 3.0  # what they enjoy now
    past: float = 2.7  # what they used to enjoy
    want: float = 2.7  # what they want to try
    skill: float = 1.2  # somewhere they could share a skill
    related: float = 0.9  # a related interest
    secondary: float = 0.7  # share of a match on a side tag, not what the activity is about
    own_words: float = 0.3  # the activity's name uses the person's own words from the notes
    extra_match: float = 0.15  # each further matching interest (capped at 1)
    unfocused: float = 0.25  # share of the match lost when no other tag matches either
    bridging: float = 0.5  # an ordinary community setting
    mental_health: float = -0.5  # a mental-health-service setting, not asked for
    peer_first: float = 0.9  # peer or mental-health setting when peer support is wanted first
    online_out: float = -0.5  # online, for someone who can get out to meet people
    online_home: float = 0.4  # online, for someone who cannot get out
    online_company: float = 0.4  # and company online (a social group, befriending) for them
    company: float = 0.6  # can bring someone, for a person who needs company the first time
    befriending: float = 0.4
    lonely_older: float = 2.4  # befriending, for an older person who is lonely
    soft_access: float = 0.5  # each access feature they prefer (hearing loop, quiet space...)
    audience: float = 2.3  # a group for who they are (women-only, LGBTQ+, young adults)
    other_faith: float = -1.5  # a group of another faith than the one the notes name
    other_condition: float = -2.0  # a group for an experience the notes do not mention
    novice_known: float = -1.5  # a beginners' course in something they already do
    generic_alone: float = 0.6  # share kept by a how-only match on an activity they never named
    too_gentle: float = -1.0  # an adapted form (walking football) for someone young and mobile
    gentle: float = 0.3  # an adapted form, for someone with mobility needs
    not_working: float = -1.5  # a job club, for someone past working age who did not ask
    swap_skill: float = 0.6  # a time bank or skills swap, for someone with a skill to share
    unsuitable: float = -3.0  # a group clearly not for them, or a topic they must avoid
    evenings: float = 0.4
    newcomers: float = 0.15
    distance: float = -0.4  # at the travel limit
    long_walk: float = -0.25  # a 45-minute walk or more, for someone who only walks or wheels
    cost: float = -0.25  # at £5 a session or more
    stale: float = -0.5  # a year past its review date (Features.stale_after_days)


WEIGHTS = Weights()
AUDIENCE_HINTS = ("women-only", "lgbtq-plus", "young-adults-16-25")


@lru_cache(maxsize=256)
def term_weights(profile: Profile, w: Weights = WEIGHTS) -> dict[str, tuple[float, str]]:
    """Each interest code the person cares about, with its weight and how it was recorded."""
    out: dict[str, tuple[float, str]] = {}

    def put(code: str, weight: float, kind: str) -> None:
        if code in INTEREST_INDEX and weight > out.get(code, (0.0, ""))[0]:
            out[code] = (weight, kind)

    for code in profile.interests:
        put(code, w.stated, STATED)
    for code in profile.past_interests:
        put(code, w.past, PAST)
    for code in profile.want_to_try:
        put(code, w.want, WANT)
    for code in (*profile.interests, *profile.past_interests, *profile.want_to_try):
        for rel in vocabulary.related(code):
            put(rel, w.related, RELATED)
    if profile.hints.wants_company and (profile.youngest or 0) >= OLDER:
        put("befriending", w.lonely_older, COMPANY)
    return out


def _at(a: np.ndarray, idx: np.ndarray | None) -> np.ndarray:
    """A per-resource array, or its values at idx."""
    return a if idx is None else a[idx]


def _rows(a: np.ndarray, rows: list[int], idx: np.ndarray | None) -> np.ndarray:
    """Some term rows of a (terms, n) array, over every resource or only those at idx."""
    return a[rows] if idx is None else a[np.ix_(np.asarray(rows, dtype=np.int64), idx)]


def _slots(a: np.ndarray, idx: np.ndarray | None) -> np.ndarray:
    """A (slots, n) array, or its columns at idx."""
    return a if idx is None else a.take(idx, axis=1)


def _term_table(codes: Mapping[str, float], dtype: type = np.float32) -> np.ndarray:
    """A value per interest term (and 0 for the NO_TERM padding), to index by tag ids."""
    table: np.ndarray = np.zeros(NO_TERM + 1, dtype=dtype)
    for code, value in codes.items():
        table[INTEREST_INDEX[code]] = value
    return table


def interest_scores(
    profile: Profile, f: Features, w: Weights = WEIGHTS, idx: np.ndarray | None = None
) -> np.ndarray:
    """The best matching interest per resource, plus a little for each further match.

    With idx, only the resources at those indices are scored (in that order).
    """
    weights = term_weights(profile, w)
    if not weights:
        return skill_scores(profile, f, w, idx)
    ids = _slots(f.tag_ids, idx)  # (a few tag slots, resources)
    main = _slots(f.tag_main, idx)
    values = _term_table({c: weight for c, (weight, _) in weights.items()})[ids]
    # A side tag counts for less than what the activity is mainly about.
    weighted = values * np.where(main, np.float32(1.0), np.float32(w.secondary))
    best = np.maximum.reduce(weighted)
    total = np.add.reduce(weighted)
    extra = np.minimum((total - best) / max(w.related, 1e-9) * w.extra_match, 1.0)
    # An activity mostly about something else is a weaker match than one about the interest.
    direct = _term_table({c: 1.0 for c, (_, kind) in weights.items() if kind != RELATED})
    focus = np.add.reduce(direct[ids]) / np.maximum(_at(f.interest_count, idx), 1)
    out = np.where(best > 0, best * (1 - w.unfocused * (1 - focus)) + extra, 0.0)
    named = {c for c, (_, kind) in weights.items() if kind != RELATED}
    generic = _term_table({c: 1.0 for c in GENERIC if c in named}, bool)[ids]
    if generic.any():
        # Only a how-term matched, and the activity is about something they never named.
        specific = np.maximum.reduce(np.where(generic, 0, weighted))
        how = _term_table({c: 1.0 for c in GENERIC}, bool)[ids]
        unnamed = np.logical_or.reduce((values == 0) & (ids != NO_TERM) & ~how)
        out = np.where((specific == 0) & unnamed, out * w.generic_alone, out)
    if profile.notes:
        out += (best > 0) * _at(named_in_notes(profile, f), idx) * w.own_words
    known = {
        c: True for c, (_, kind) in weights.items() if kind in (STATED, PAST) and c not in EACH_NEW
    }
    if known:
        # A course for people who have never done it is not for someone who already does it.
        already = np.logical_or.reduce(_term_table(known, bool)[ids] & main) & _at(f.novice, idx)
        wanted = {c: True for c, (_, kind) in weights.items() if kind == WANT}
        if wanted:
            already &= ~np.logical_or.reduce(_term_table(wanted, bool)[ids] & main)
        out += already * w.novice_known
    return out + skill_scores(profile, f, w, idx)


def named_in_notes(profile: Profile, f: Features) -> np.ndarray:
    """Resources whose name uses a telling word from the person's notes ("acoustic")."""
    out = np.zeros(f.size, dtype=bool)
    for word in own_words(profile.notes):
        hits = f.name_words.get(word)
        if hits is not None:
            out[hits] = True
    return out


def skill_scores(
    profile: Profile, f: Features, w: Weights = WEIGHTS, idx: np.ndarray | None = None
) -> np.ndarray:
    """Somewhere to share a skill: a volunteering role about something they can do."""
    helping = _at(f.interests[INTEREST_INDEX["volunteering"]], idx)
    out = np.zeros(len(helping))
    for code in profile.skills_to_share:
        if code in INTEREST_INDEX:
            tagged = _at(f.interests[INTEREST_INDEX[code]], idx)
            out = np.maximum(out, (tagged & helping) * w.skill)
    if profile.skills_to_share:
        # A time bank takes whatever skill someone can offer.
        out = np.maximum(out, _at(f.swap, idx) * w.swap_skill)
    return out


ON_FOOT = ("walk", "wheelchair")
WALK_MIN_PER_KM = 16.0  # 4.5 km/h, with streets a fifth longer than the straight line
EASY_WALK_MIN, LONG_WALK_MIN = 15.0, 45.0


def walk_minutes(km: np.ndarray) -> np.ndarray:
    """Rough minutes on foot for a straight-line distance."""
    return km * WALK_MIN_PER_KM


def on_foot(profile: Profile) -> bool:
    """Whether the person gets about only by walking or wheeling."""
    modes = set(profile.travel_modes)
    return bool(modes) and modes <= set(ON_FOOT)


def mobility_limited(profile: Profile) -> bool:
    """Whether the person cannot manage steps or uses a wheelchair."""
    return (
        "step-free" in profile.access_needs
        or "step-free" in profile.hints.prefer_access
        or "wheelchair" in profile.travel_modes
    )


def preferred_access(profile: Profile) -> set[str]:
    """Access features the person would like but does not strictly need."""
    prefs = set(profile.hints.prefer_access) | set(profile.audiences)
    if profile.quiet:
        prefs.add("quiet-space")
    if profile.women_only:
        prefs.add("women-only")
    if profile.needs_company_first_time:
        prefs.add("can-bring-support-worker")
    return prefs - set(profile.access_needs)


def soft_scores(
    profile: Profile,
    f: Features,
    checks: Checks,
    w: Weights = WEIGHTS,
    idx: np.ndarray | None = None,
) -> np.ndarray:
    """Everything but the interests: setting, company, preferences, distance, cost, freshness.

    With idx, only the resources at those indices are scored (in that order).
    """

    def access(code: str) -> np.ndarray:
        return _at(f.access[ACCESS_INDEX[code]], idx)

    def tagged(code: str) -> np.ndarray:
        return _at(f.interests[INTEREST_INDEX[code]], idx)

    setting = _at(f.setting, idx)
    s = np.zeros(len(setting))
    if profile.prefer_peer_support_first:
        peer = (setting == MENTAL_HEALTH) | tagged("peer-support")
        if not profile.hints.stays_home:
            # Peer support first means meeting people who have been through it, not a forum.
            peer &= setting != ONLINE
        s += peer * w.peer_first
    else:
        s += (setting == COMMUNITY) * w.bridging
        s += (setting == MENTAL_HEALTH) * w.mental_health
    online = setting == ONLINE
    s += online * (w.online_home if profile.hints.stays_home else w.online_out)
    if profile.hints.stays_home:
        # For someone who cannot get out, company online is the next best thing to a group.
        s += online * (tagged("socialising") | tagged("befriending")) * w.online_company
    prefs = preferred_access(profile)
    for code in prefs:
        chosen = code in AUDIENCE_HINTS or code in profile.audiences  # said, not just hinted
        weight = w.audience if chosen else w.soft_access
        if code == "can-bring-support-worker":
            weight = w.company
        s += access(code) * weight
    if profile.needs_company_first_time or "can-bring-support-worker" in prefs:
        s += tagged("befriending") * w.befriending
    if profile.hints.wants_company:
        s += tagged("socialising") * w.newcomers * 2
    # Groups that are plainly for someone else: women-only for someone who is not a woman
    # (men are already excluded), a men's group for someone who is not a man, a BSL-led
    # group for someone who does not sign.
    if profile.gender not in ("woman", ""):
        s += access("women-only") * w.unsuitable
    if profile.gender not in ("man", ""):
        s += _at(f.for_men, idx) * w.unsuitable
    direct = {*profile.interests, *profile.past_interests, *profile.want_to_try}
    if "bsl" not in profile.access_needs and not profile.hints.signs:
        # Someone learning languages may enjoy learning to sign; anyone else would be lost.
        s += access("bsl") * (w.unsuitable / (3 if "languages" in direct else 1))
    if "esol" not in direct:
        # English classes are for people whose first language is not English.
        s += tagged("esol") * (w.unsuitable / 2)
    if "lgbtq-plus" not in prefs and "lgbtq-plus" not in profile.access_needs:
        s += access("lgbtq-plus") * (w.unsuitable / 6)
    for topic in profile.hints.avoid_topics:
        s += _at(f.caution[CAUTION_CODES.index(topic)], idx) * w.unsuitable
    if profile.small_groups or profile.hints.small_groups:
        s += _at(f.small, idx) * w.soft_access
    if profile.hints.evenings:
        s += _at(f.sess_evening, idx) * w.evenings
    if profile.hints.faith:
        own = _rows(f.faith, [FAITH_CODES.index(profile.hints.faith)], idx)[0]
        s += (_at(f.faith_any, idx) & ~own) * w.other_faith
    # A group for people with a particular experience (hearing voices, bereavement) suits
    # those the notes say share it, not everyone.
    theirs = [CONDITION_CODES.index(c) for c in profile.hints.conditions]
    other = _at(f.condition_any, idx)
    if theirs:
        other = other & ~_rows(f.condition, theirs, idx).any(axis=0)
    s += other * w.other_condition
    if mobility_limited(profile):
        s += _at(f.adapted, idx) * w.gentle
    elif profile.age_bounds is not None and profile.age_bounds[1] < YOUNGER:
        s += _at(f.adapted, idx) * w.too_gentle
    if ((profile.youngest or 0) >= PENSION_AGE or profile.hints.retired) and (
        "employment-skills" not in direct
    ):
        ids = _slots(f.tag_ids, idx)
        job = ids == INTEREST_INDEX["employment-skills"]
        # Mainly a job club: unsuitable; a job-minded side (a coding course): still unlikely.
        main_job = np.logical_or.reduce(job & _slots(f.tag_main, idx))
        s += np.where(main_job, 1.0, 0.5 * np.logical_or.reduce(job)) * w.not_working
    s += access("newcomers-welcome") * w.newcomers
    if profile.max_km:
        near = np.minimum(_at(checks.distance_km, idx) / profile.max_km, 1)
        s += np.where(online, 0.0, near) * w.distance
    if on_foot(profile):
        # A walk of a quarter of an hour is nothing; beyond that each minute tells.
        minutes = walk_minutes(_at(checks.distance_km, idx))
        long = np.clip((minutes - EASY_WALK_MIN) / (LONG_WALK_MIN - EASY_WALK_MIN), 0, 1)
        s += np.where(online, 0.0, long) * w.long_walk
    s += np.minimum(_at(checks.cost_pence, idx) / 500.0, 1.0) * w.cost
    # Gradually, over a year past the deployment's period: no cliff at the period itself.
    s += np.clip((_at(f.age_days, idx) - f.stale_after_days) / 365, 0, 1) * w.stale
    return s


def score(
    profile: Profile,
    f: Features,
    checks: Checks,
    w: Weights = WEIGHTS,
    idx: np.ndarray | None = None,
) -> np.ndarray:
    """The full soft score for every resource, or those at idx (hard rules apply separately)."""
    return interest_scores(profile, f, w, idx) + soft_scores(profile, f, checks, w, idx)
