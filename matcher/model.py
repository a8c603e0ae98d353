"""The soft score as a model: named features (a fact of the person against a fact of the resource)
and weights fitted from judgments (matcher/fit.py), so a score is a dot product over plain data.

Each feature says in its docstring what it reads and why it matters, from the Connecting People
documents (../shared/background/) or general practice. Reasons shown to people never come from
here: they come from the facts (matcher/explain.py).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

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

WEIGHTS_FILE = Path(__file__).with_name("weights.json")
OLDER = 65  # befriending schemes are mostly run for older people
PENSION_AGE = 66  # past this, job clubs and CV workshops are not what someone is looking for
YOUNGER = (
    50  # adapted forms (walking football, chair yoga) are made for older or less mobile people
)
AUDIENCE_HINTS = ("women-only", "lgbtq-plus", "young-adults-16-25")
ON_FOOT = ("walk", "wheelchair")
WALK_MIN_PER_KM = 16.0  # 4.5 km/h, with streets a fifth longer than the straight line
DEAR_PENCE = 500.0  # a price from which cost tells fully, even within budget


@dataclass(frozen=True)
class Context:
    """What every feature reads: the person, the directory, the checked rules and which rows."""

    profile: Profile
    f: Features
    checks: Checks
    idx: np.ndarray

    def col(self, a: np.ndarray) -> np.ndarray:
        """A per-resource array at the rows being scored."""
        return a[self.idx]

    def tagged(self, code: str) -> np.ndarray:
        """Rows tagged with this interest term."""
        return self.f.interests[INTEREST_INDEX[code], self.idx]

    def access(self, code: str) -> np.ndarray:
        """Rows with this access or audience term."""
        return self.f.access[ACCESS_INDEX[code], self.idx]

    def slots(self) -> tuple[np.ndarray, np.ndarray]:
        """Each row's interest tag ids and whether each is what the activity is mainly about."""
        return self.f.tag_ids.take(self.idx, axis=1), self.f.tag_main.take(self.idx, axis=1)


def _table(codes: set[str] | tuple[str, ...]) -> np.ndarray:
    """A bool per interest term (False for the NO_TERM padding), to index by tag ids."""
    table = np.zeros(NO_TERM + 1, dtype=bool)
    for code in codes:
        if code in INTEREST_INDEX:
            table[INTEREST_INDEX[code]] = True
    return table


def _main_in(c: Context, codes: tuple[str, ...]) -> np.ndarray:
    """Rows mainly about one of these interest terms."""
    ids, main = c.slots()
    return np.logical_or.reduce(_table(codes)[ids] & main)


def named(p: Profile) -> tuple[str, ...]:
    """Every interest the person named now, in the past or as a wish to try."""
    return (*p.interests, *p.past_interests, *p.want_to_try)


def enjoys(c: Context) -> np.ndarray:
    """Mainly about an interest the person enjoys now or used to."""
    # The core of Connecting People's 'what do you enjoy' conversation, where picking up a lost
    # activity counts as much as a current one (implementation manual, network mapping; findings on
    # reconnecting).
    return _main_in(c, (*c.profile.interests, *c.profile.past_interests))


def wants_to_try(c: Context) -> np.ndarray:
    """Mainly about something the person wants to try: goals set with the worker (manual)."""
    return _main_in(c, c.profile.want_to_try)


def side_interest(c: Context) -> np.ndarray:
    """A named interest only on a side tag: an activity partly about it (general practice)."""
    ids, main = c.slots()
    side = np.logical_or.reduce(_table(named(c.profile))[ids] & ~main)
    return side & ~_main_in(c, named(c.profile))


def related_interest(c: Context) -> np.ndarray:
    """About something close to a named interest and nothing named: a bridge to a new activity."""
    mine = named(c.profile)
    near = {r for code in mine for r in vocabulary.related(code)} - set(mine)
    near -= c.profile.not_interested
    ids, _ = c.slots()
    return np.logical_or.reduce(_table(near)[ids]) & ~np.logical_or.reduce(_table(mine)[ids])


def focus(c: Context) -> np.ndarray:
    """Share of what the activity is about that the person named."""
    # One mostly about something else is a weaker match (general practice).
    ids, _ = c.slots()
    hits = np.add.reduce(_table(named(c.profile))[ids].astype(float))
    return hits / np.maximum(c.col(c.f.interest_count), 1)


def several_interests(c: Context) -> np.ndarray:
    """More than one named interest in one activity: more to share with the others there."""
    ids, _ = c.slots()
    hits = np.add.reduce(_table(named(c.profile))[ids].astype(float))
    return np.clip(hits - 1, 0, 1)


def skill_to_share(c: Context) -> np.ndarray:
    """A volunteering role using a skill the person can share, or a time bank."""
    # Giving something back is a valued role in the findings and the networks review.
    p = c.profile
    if not p.skills_to_share:
        return np.zeros(len(c.idx))
    ids, _ = c.slots()
    skilled = np.logical_or.reduce(_table(p.skills_to_share)[ids])
    return (skilled & c.tagged("volunteering")) | c.col(c.f.swap)


def beginners_in_known(c: Context) -> np.ndarray:
    """A course for newcomers in something the person does or did, not listed as a wish to try."""
    # Pitched below them (general practice).
    p = c.profile
    known = _main_in(c, (*p.interests, *p.past_interests))
    return known & c.col(c.f.novice) & ~_main_in(c, p.want_to_try)


def own_words_in_name(c: Context) -> np.ndarray:
    """The activity's name uses a telling word from the person's own notes."""
    # The manual asks workers to start from the person's own words.
    out = np.zeros(c.f.size, dtype=bool)
    for word in own_words(c.profile.notes):
        hits = c.f.name_words.get(word)
        if hits is not None:
            out[hits] = True
    return out[c.idx] & np.logical_or.reduce(_table(named(c.profile))[c.slots()[0]])


def bridging_setting(c: Context) -> np.ndarray:
    """An ordinary community setting, for someone not asking for peer support first."""
    # Connecting People favours bridging ties outside mental-health services (manual, Webber 2015).
    if c.profile.prefer_peer_support_first:
        return np.zeros(len(c.idx))
    return c.col(c.f.setting) == COMMUNITY


def service_setting(c: Context) -> np.ndarray:
    """A mental-health-service setting, for someone who did not ask for peer support first."""
    if c.profile.prefer_peer_support_first:
        return np.zeros(len(c.idx))
    return c.col(c.f.setting) == MENTAL_HEALTH


def peer_first(c: Context) -> np.ndarray:
    """Peer support or a service setting, in person unless they rarely get out."""
    # For someone who asked for peer support first (the manual: start where the person is).
    p = c.profile
    if not p.prefer_peer_support_first:
        return np.zeros(len(c.idx))
    peer = (c.col(c.f.setting) == MENTAL_HEALTH) | c.tagged("peer-support")
    return peer if p.hints.at_home else peer & (c.col(c.f.setting) != ONLINE)


def online_can_get_out(c: Context) -> np.ndarray:
    """Online or by phone, for someone who can get out: the findings value meeting in person."""
    return (c.col(c.f.setting) == ONLINE) & (not c.profile.hints.at_home)


def preferred_access(p: Profile) -> set[str]:
    """Access features the person would like but does not strictly need."""
    prefs = set(p.hints.prefer_access) | set(p.audiences)
    if p.quiet:
        prefs.add("quiet-space")
    if p.women_only:
        prefs.add("women-only")
    if p.needs_company_first_time:
        prefs.add("can-bring-support-worker")
    return prefs - set(p.access_needs)


def _chosen_audiences(p: Profile) -> set[str]:
    """Groups for who they are that the person chose or the accepted notes name."""
    return {a for a in preferred_access(p) if a in AUDIENCE_HINTS or a in p.audiences}


def audience_chosen(c: Context) -> np.ndarray:
    """A group for who they are, which they asked for (women-only, LGBTQ+, young adults)."""
    # The findings report people feel safer among others like them at first.
    out = np.zeros(len(c.idx), dtype=bool)
    for code in sorted(_chosen_audiences(c.profile)):
        out |= c.access(code)
    return out


def company_for_lonely(c: Context) -> np.ndarray:
    """A group for company, or befriending, for someone lonely or needing company the first time."""
    # The intervention's aim: more and wider social contact.
    p = c.profile
    if not (p.hints.wants_company or p.needs_company_first_time):
        return np.zeros(len(c.idx))
    out = np.zeros(len(c.idx), dtype=bool)
    for code in ("socialising", "befriending"):
        if code not in p.not_interested:  # said not to interest them: no company in it
            out |= c.tagged(code)
    return out


def befriending_older_lonely(c: Context) -> np.ndarray:
    """Befriending, for an older person who is lonely."""
    # Most befriending schemes are for them (networks review).
    p = c.profile
    if not (p.hints.wants_company and (p.youngest or 0) >= OLDER):
        return np.zeros(len(c.idx))
    return c.tagged("befriending") & ("befriending" not in p.not_interested)


def someone_else(c: Context) -> list[tuple[str, np.ndarray]]:
    """Each way a group is plainly for people the person is not, in words, with its rows."""
    p = c.profile
    parts: list[tuple[str, np.ndarray]] = []
    if p.gender not in ("woman", ""):
        parts.append(
            ("a women-only group, and their profile gives another gender", c.access("women-only"))
        )
    if p.gender not in ("man", ""):
        parts.append(("a men's group, and their profile gives another gender", c.col(c.f.for_men)))
    if "bsl" not in p.access_needs and not p.hints.signs:
        parts.append(("led in British Sign Language, and they do not sign", c.access("bsl")))
    if "esol" not in named(p):
        parts.append(("an English class, which they did not ask for", c.tagged("esol")))
    if "lgbtq-plus" not in preferred_access(p) and "lgbtq-plus" not in p.access_needs:
        parts.append(("an LGBTQ+ group, which they did not ask for", c.access("lgbtq-plus")))
    return parts


def for_someone_else(c: Context) -> np.ndarray:
    """A group plainly for people the person is not."""
    # Women-only or men's groups, BSL-led groups for someone who does not sign, English classes for
    # a native speaker, LGBTQ+ groups not asked for (general practice: the group's own eligibility).
    out = np.zeros(len(c.idx), dtype=bool)
    for _, rows in someone_else(c):
        out |= rows
    return out


def avoided_topic(c: Context) -> np.ndarray:
    """It mentions something the person keeps away from (pubs, gyms, diets, crowds)."""
    out = np.zeros(len(c.idx), dtype=bool)
    for topic in c.profile.hints.avoid_topics:
        out |= c.f.caution[CAUTION_CODES.index(topic), c.idx]
    return out


def other_faith(c: Context) -> np.ndarray:  # read by facts_against
    """A group of another faith than the one the person accepted as theirs."""
    faith = c.profile.hints.faith
    if not faith:
        return np.zeros(len(c.idx))
    return c.col(c.f.faith_any) & ~c.f.faith[FAITH_CODES.index(faith), c.idx]


def other_experience(c: Context) -> np.ndarray:
    """A group for an experience (hearing voices, bereavement) outside their accepted facts."""
    # Such groups are for those who share it.
    theirs = [CONDITION_CODES.index(k) for k in c.profile.hints.conditions]
    other = c.col(c.f.condition_any)
    if theirs:
        other = other & ~c.f.condition[np.ix_(np.asarray(theirs), c.idx)].any(axis=0)
    return other


def uses_wheelchair(p: Profile) -> bool:
    """Whether the person gets about in a wheelchair (ticked, or accepted from the notes)."""
    return "wheelchair" in p.travel_modes or p.hints.wheelchair


def mobility_limited(p: Profile) -> bool:
    """Whether the person cannot manage steps or uses a wheelchair."""
    return (
        "step-free" in p.access_needs or "step-free" in p.hints.prefer_access or uses_wheelchair(p)
    )


def on_foot_for_mobility(c: Context) -> np.ndarray:
    """A sport on foot for a wheelchair user; one not adapted, for anyone who cannot do steps."""
    # The manual: an activity achievable with their physical health. Walking football is made for
    # people who walk slowly, not for someone who cannot stand.
    theirs = _main_in(c, named(c.profile))
    return unsuited_on_foot(c.profile, c.col(c.f.on_foot), c.col(c.f.adapted), theirs)


def unsuited_on_foot(
    p: Profile, on_foot: np.ndarray, adapted: np.ndarray, theirs: np.ndarray
) -> np.ndarray:
    """Of sports on foot (adapted, or one they named: theirs), those to check for their mobility."""
    # Someone who walks with difficulty and names a sport knows what they can do in it; a sport
    # they did not name, offered for company or as close to an interest, needs checking.
    if uses_wheelchair(p):
        return on_foot.copy()
    if mobility_limited(p):
        return on_foot & ~adapted & ~theirs
    return np.zeros(len(on_foot), dtype=bool)


def adapted_for_young(c: Context) -> np.ndarray:
    """An adapted form for someone under 50 and mobile: made for older or less mobile people."""
    p = c.profile
    young = p.age_bounds is not None and p.age_bounds[1] < YOUNGER and not mobility_limited(p)
    return c.col(c.f.adapted) & young


def facts_against(c: Context) -> np.ndarray:
    """What the person's accepted or recorded facts say is not for them."""
    # Another faith's group, a group for an experience they do not share, a topic they keep away
    # from, job seeking once retired, or a sport on foot for limited mobility. One feature, as
    # each is the same judgement; matcher/penalties.py names each in the reasons.
    against = (
        other_faith(c),
        other_experience(c),
        avoided_topic(c),
        work_for_retired(c),
        on_foot_for_mobility(c),
    )
    return np.logical_or.reduce([np.asarray(a, dtype=bool) for a in against])


def work_for_retired(c: Context) -> np.ndarray:
    """About finding work, for someone retired or past pension age who did not ask for it."""
    p = c.profile
    retired = (p.youngest or 0) >= PENSION_AGE or p.hints.retired
    if not retired or "employment-skills" in named(p):
        return np.zeros(len(c.idx))
    return c.tagged("employment-skills")


def newcomers_welcome(c: Context) -> np.ndarray:
    """It says newcomers are welcome: the first visit is the hardest step (findings)."""
    return c.access("newcomers-welcome")


def distance_share(c: Context) -> np.ndarray:
    """How much of the person's travel limit the trip uses (0 online or with no limit)."""
    limit = c.profile.max_km
    if not limit:
        return np.zeros(len(c.idx))
    near = np.minimum(c.col(c.checks.distance_km) / limit, 1)
    return np.where(c.col(c.f.setting) == ONLINE, 0.0, near)


def on_foot(p: Profile) -> bool:
    """Whether the person gets about only by walking or wheeling."""
    modes = set(p.travel_modes)
    return bool(modes) and modes <= set(ON_FOOT)


def walk_minutes(km: np.ndarray) -> np.ndarray:
    """Rough minutes on foot for a straight-line distance."""
    return km * WALK_MIN_PER_KM


def cost_after_concession(c: Context) -> np.ndarray:
    """The price they would pay (after any concession they qualify for), up to £5."""
    # Cost is a barrier the findings name even within a budget.
    return np.minimum(c.col(c.checks.cost_pence) / DEAR_PENCE, 1.0)


def out_of_date(c: Context) -> np.ndarray:
    """How far past its review period the entry is, over a year: it may have changed."""
    return np.clip((c.col(c.f.age_days) - c.f.stale_after_days) / 365, 0, 1)


def online_stays_home(c: Context) -> np.ndarray:
    """Online or by phone, for someone who rarely gets out or wants only that: how they join in."""
    return (c.col(c.f.setting) == ONLINE) & c.profile.hints.at_home


def access_preferred(c: Context) -> np.ndarray:
    """How many preferred setting features it has (quiet space, hearing loop, a small group)."""
    # The findings name noise and crowds as reasons people stop going.
    p = c.profile
    wanted = preferred_access(p) - _chosen_audiences(p) - {"can-bring-support-worker"}
    out = np.zeros(len(c.idx))
    for code in sorted(wanted):
        out += c.access(code)
    if p.small_groups or p.hints.small_groups:
        out += c.col(c.f.small)
    return out


def support_worker_welcome(c: Context) -> np.ndarray:
    """Someone may come along, for a person who needs company the first time."""
    # The manual: workers go with people to a first session.
    if "can-bring-support-worker" not in preferred_access(c.profile):
        return np.zeros(len(c.idx))
    return c.access("can-bring-support-worker")


def adapted_for_mobility(c: Context) -> np.ndarray:
    """A gentler, adapted form (walking football, chair yoga) for someone with limited mobility."""
    # Not one done on foot for a wheelchair user: walking football is no easier from a wheelchair.
    p = c.profile
    standing = c.col(c.f.on_foot) & uses_wheelchair(p)
    return c.col(c.f.adapted) & mobility_limited(p) & ~standing


def evening_session(c: Context) -> np.ndarray:
    """A session in the evening, for someone evenings suit (work, caring by day)."""
    return c.col(c.f.sess_evening) & c.profile.hints.evenings


SETTING_PREFERENCES: tuple[Callable[[Context], np.ndarray], ...] = (
    access_preferred,
    support_worker_welcome,
    adapted_for_mobility,
    evening_session,
    online_stays_home,
)


def setting_preference(c: Context) -> np.ndarray:
    """How many of the ways of taking part the person asked for it offers."""
    # Quiet or a small group, someone may come along, an adapted form for limited mobility, evening
    # times, online for someone who rarely gets out. One feature, as each alone is asked for by one
    # or two people, while together they are the manual's co-production: start from what the person
    # said suits them.
    out = np.zeros(len(c.idx))
    for read in SETTING_PREFERENCES:
        out += np.asarray(read(c), dtype=float)
    return out


# Which way each feature may move a score, as its docstring argues from the documents or from
# general practice; the fit chooses only how much (matcher/fit.py). With a dozen or so judged
# people, a free sign lets a feature stand in for whatever its few cases share (stop 20: five
# came out against their own reasons, e.g. a wish to try scored below nothing at all).
UP, DOWN, EITHER = 1, -1, 0

# The feature vector, in order: (name in words, reader, direction).
# Stop 19: five preferences each met by one or two people of the tuning half became one
# feature (setting_preference), and the long walk on foot went (the share of the travel limit
# already reads distance); cross-validated on the tuning half, leaving one person out, that
# scored 0.909 against 0.907 for them apart.
FEATURES: tuple[tuple[str, Callable[[Context], np.ndarray], int], ...] = (
    ("shares an interest the person enjoys now or used to", enjoys, UP),
    ("something they want to try", wants_to_try, UP),
    ("a named interest on a side tag only", side_interest, EITHER),
    ("close to a named interest", related_interest, UP),
    ("share of the activity the person named", focus, UP),
    ("more than one named interest", several_interests, UP),
    ("a skill they could share", skill_to_share, UP),
    ("a beginners' course in something they already do", beginners_in_known, DOWN),
    ("its name uses the person's own words", own_words_in_name, UP),
    ("bridging setting, peer support not asked first", bridging_setting, UP),
    ("mental-health-service setting, not asked for", service_setting, DOWN),
    ("peer setting for someone who wants peer support first", peer_first, UP),
    ("online, for someone who can get out", online_can_get_out, DOWN),
    ("a group for who they are, as they asked", audience_chosen, UP),
    ("ways of taking part the person asked for", setting_preference, UP),
    ("company, for someone who wants wider contact", company_for_lonely, UP),
    ("befriending, for an older person who is lonely", befriending_older_lonely, UP),
    ("a group plainly for someone else", for_someone_else, DOWN),
    ("what their accepted facts say is not for them", facts_against, DOWN),
    ("an adapted form, for someone young and mobile", adapted_for_young, DOWN),
    ("newcomers welcome", newcomers_welcome, UP),
    ("share of the travel limit used", distance_share, DOWN),
    ("cost after concession", cost_after_concession, DOWN),
    ("past its review date", out_of_date, DOWN),
)
NAMES: tuple[str, ...] = tuple(name for name, _, _ in FEATURES)
DIRECTIONS = np.asarray([direction for _, _, direction in FEATURES], dtype=float)


def matrix(profile: Profile, f: Features, checks: Checks, idx: np.ndarray) -> np.ndarray:
    """The feature vector of each resource at idx: (len(idx), len(FEATURES)), floats."""
    c = Context(profile, f, checks, np.asarray(idx, dtype=np.int64))
    out = np.zeros((len(c.idx), len(FEATURES)))
    for k, (_, read, _) in enumerate(FEATURES):
        out[:, k] = np.broadcast_to(np.asarray(read(c), dtype=float), len(c.idx))
    return out


def read_weights(path: Path = WEIGHTS_FILE) -> np.ndarray:
    """Fitted weights from the data file, in FEATURES order (a name missing weighs 0)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    found = {str(k): float(v) for k, v in data["weights"].items()}
    return np.asarray([found.get(name, 0.0) for name in NAMES])


@lru_cache(maxsize=1)
def weights() -> np.ndarray:
    """The shipped weights (read once)."""
    return read_weights()


def score(
    profile: Profile, f: Features, checks: Checks, idx: np.ndarray, w: np.ndarray | None = None
) -> np.ndarray:
    """The soft score of each resource at idx: its feature vector dot the weights."""
    return matrix(profile, f, checks, idx) @ (weights() if w is None else w)
