"""Reasons and near-miss barriers in words, each naming a fact of the person and of the resource.

A suggestion is made only for a *link*: something the person said (an interest now, one they
used to have, something they want to try, a skill to share, or company for someone isolated
who asked for it) that the resource is about. The reasons are built from the links and the
checked facts, never from the score, so what a reason says is what the data says.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from directory import vocabulary
from directory.models import DAY_NAMES
from directory.models.base import fits_until, minutes
from directory.vocabulary import in_sentence
from matcher import penalties, score
from matcher.constraints import AGE_GROUPS, Checks
from matcher.features import CONDITION_CODES, INTEREST_INDEX, ONLINE, Features
from matcher.profile import Profile, Window

VERY_CLOSE_KM = 0.1  # below this, "0.0 km" says nothing: it is next door
EASY_WALK_KM = 1.0  # past this, someone who also takes the bus would likely take it
CYCLE_MIN_PER_KM = 4.5  # about 16 km/h with streets a fifth longer than the straight line
DRIVE_MIN_PER_KM = 2.4  # about 30 km/h in town, with streets a fifth longer than the straight line
PEER = "peer"  # a peer-support group, for someone who asked for peer support first
SWAP = "time-bank"  # the resource side of a skill link to a time bank or skills swap

# What someone who asked for company is offered: groups whose main point is company, and
# befriending (the vocabulary's own meaning of the two terms).
COMPANY_TERMS = ("socialising", "befriending")
# How the person said it, strongest first: the order a reason is chosen in.
KINDS = (score.STATED, score.PAST, score.WANT, score.COMPANY, PEER, score.SKILL, score.RELATED)
_KIND_WORDS = {
    score.STATED: "You said",
    score.PAST: "You used to enjoy",
    score.WANT: "Something new you wanted to try",
    score.SKILL: "You could share your skill in",
    score.COMPANY: "You would like more company",
    PEER: "You wanted peer support first",
}
COMPANY_WORDS = {"socialising": "a group where the point is company", "befriending": "befriending"}
# How a group meets rather than what it is about. A group for an experience (hearing voices,
# bereavement, caring) bonds people who share it (the manual; Webber 2015): liking company or a
# chat is no reason to join one for an experience the person has not got.
HOW_IT_MEETS = frozenset({"socialising", "peer-support", "wellbeing-learning", "befriending"})
_RELATED_WORDS = {
    score.STATED: "Close to what you enjoy",
    score.PAST: "Close to what you used to enjoy",
    score.WANT: "Close to something you wanted to try",
}


@dataclass(frozen=True)
class Link:
    """One thing the person said that a resource is about."""

    kind: str  # STATED, PAST, WANT, SKILL, COMPANY, PEER or RELATED
    theirs: str  # the person's interest code
    its: str  # the resource's interest code (SWAP: a time bank); differs only when RELATED
    via: str = ""  # for RELATED: how the person's own interest was recorded


def label(code: str) -> str:
    """An interest term as said in a sentence ('walking football', 'ESOL')."""
    if code == SWAP:
        return "a time bank or skills swap"
    return in_sentence(vocabulary.label(vocabulary.INTEREST, code))


def said(profile: Profile) -> list[tuple[str, str]]:
    """(kind, code) of every interest the person named, strongest kind first, once each."""
    out: dict[str, str] = {}
    for kind, codes in (
        (score.STATED, profile.interests),
        (score.PAST, profile.past_interests),
        (score.WANT, profile.want_to_try),
        (score.SKILL, profile.skills_to_share),
    ):
        for code in codes:
            if code in INTEREST_INDEX:
                out.setdefault(code, kind)
    return [(kind, code) for code, kind in out.items()]


def close_to(code: str) -> tuple[str, ...]:
    """The interest terms the vocabulary relates to this one."""
    return vocabulary.related(code)


def others_experience(profile: Profile, f: Features, idx: np.ndarray) -> np.ndarray:
    """For each resource at idx, whether it is a group for an experience none of theirs."""
    out: np.ndarray = f.condition_any[idx].copy()
    theirs = [CONDITION_CODES.index(c) for c in profile.hints.conditions]
    if theirs:
        out &= ~f.condition[np.ix_(np.asarray(theirs), idx)].any(axis=0)
    return out


def company_terms(profile: Profile) -> tuple[str, ...]:
    """What offers company to someone who asked for it, less what they are not interested in."""
    return tuple(c for c in COMPANY_TERMS if c not in profile.not_interested)


def tied(link: Link) -> bool:
    """Whether a link is a reason to join a group for an experience they have not recorded."""
    if link.kind == score.SKILL:
        return True  # a volunteer helps those who share it, without sharing it
    # Asking for peer support says how they would like to meet, not which experience they share:
    # a hearing voices group or a carers' café is theirs once the experience is recorded.
    return link.kind in (score.STATED, score.PAST, score.WANT) and link.its not in HOW_IT_MEETS


def links(profile: Profile, f: Features, i: int) -> list[Link]:
    """Everything the person said that resource i is about, strongest first."""
    found = all_links(profile, f, i)
    if others_experience(profile, f, np.asarray([i]))[0]:
        return [link for link in found if tied(link)]
    return found


def all_links(profile: Profile, f: Features, i: int) -> list[Link]:
    """Everything the person said that resource i is about, whoever it is for, strongest first."""
    tags = set(f.table.interests[i])
    direct = [(k, c) for k, c in said(profile) if k != score.SKILL]
    named = {c for _, c in direct}
    out = [Link(k, c, c) for k, c in direct if c in tags]
    for kind, code in direct:
        out += [
            Link(score.RELATED, code, rel, kind)
            for rel in close_to(code)
            if rel in tags and rel not in named and rel not in profile.not_interested
        ]
    for code in profile.skills_to_share:
        if code in tags and "volunteering" in tags:
            out.append(Link(score.SKILL, code, code))
        elif f.swap[i]:
            out.append(Link(score.SKILL, code, SWAP))
    if profile.prefer_peer_support_first and "peer-support" in tags and "peer-support" not in named:
        out.append(Link(PEER, "peer-support", "peer-support"))
    if profile.hints.wants_company:
        out += [Link(score.COMPANY, c, c) for c in company_terms(profile) if c in tags - named]
    return sorted(out, key=lambda link: KINDS.index(link.kind))


def tagged_any(f: Features, codes: list[str], idx: np.ndarray) -> np.ndarray:
    """For each resource at idx, whether it is tagged with any of these interest codes."""
    rows = np.asarray([INTEREST_INDEX[c] for c in codes if c in INTEREST_INDEX], dtype=np.int64)
    if not len(rows):
        return np.zeros(len(idx), dtype=bool)
    found: np.ndarray = f.interests[np.ix_(rows, idx)].any(axis=0)
    return found


def has_link(profile: Profile, f: Features, idx: np.ndarray, related: bool = True) -> np.ndarray:
    """For each resource at idx, whether it is about something the person said (vectorised)."""
    # related=False: only what they said itself, not an interest close to it.
    direct = [c for k, c in said(profile) if k != score.SKILL]
    close = [r for c in direct for r in close_to(c) if r not in profile.not_interested]
    close = close if related else []
    out = tagged_any(f, [*direct, *close], idx)
    if profile.skills_to_share:
        helping = f.interests[INTEREST_INDEX["volunteering"], idx]
        out |= (tagged_any(f, list(profile.skills_to_share), idx) & helping) | f.swap[idx]
    if profile.prefer_peer_support_first:
        out |= f.interests[INTEREST_INDEX["peer-support"], idx]
    if profile.hints.wants_company:
        out |= tagged_any(f, list(company_terms(profile)), idx)
    # A group for an experience they have not recorded only for a link tied to them (links()).
    for k in np.flatnonzero(out & others_experience(profile, f, idx)):
        out[k] = bool(links(profile, f, int(idx[k])))
    return out


def link_words(found: list[Link]) -> str:
    """The strongest links as one reason: 'You said: gardening', 'cycling → fitness'."""
    first = found[0]
    same = [x for x in found if x.kind == first.kind and x.via == first.via]
    if first.kind == score.RELATED:
        pairs = dict.fromkeys(f"{label(x.theirs)} \u2192 {label(x.its)}" for x in same)
        return f"{_RELATED_WORDS[first.via]}: {', '.join(pairs)}"
    if first.kind == score.SKILL:
        parts = [
            label(x.theirs) + (", at " + label(SWAP) if x.its == SWAP else ", as a volunteer")
            for x in same
        ]
        return f"{_KIND_WORDS[first.kind]}: {'; '.join(dict.fromkeys(parts))}"
    if first.kind == score.COMPANY:
        what = [COMPANY_WORDS[x.its] for x in same]
        return f"{_KIND_WORDS[first.kind]}: {' and '.join(dict.fromkeys(what))}"
    return f"{_KIND_WORDS[first.kind]}: {', '.join(dict.fromkeys(label(x.its) for x in same))}"


def interest_reason(profile: Profile, f: Features, i: int) -> tuple[str, str] | None:
    """The strongest link as words, and how it was recorded; None when there is none."""
    found = links(profile, f, i)
    return (link_words(found), found[0].kind) if found else None


def money(pence: float) -> str:
    """£2 or £2.50."""
    pounds = pence / 100
    return f"£{pounds:.0f}" if float(pounds).is_integer() else f"£{pounds:.2f}"


def clock(hhmm: str) -> str:
    """'14:00' → '2pm', '18:30' → '6:30pm'."""
    mins = minutes(hhmm)
    hour, minute = divmod(mins, 60)
    suffix = "am" if hour < 12 else "pm"
    hour = hour % 12 or 12
    return f"{hour}{suffix}" if minute == 0 else f"{hour}:{minute:02d}{suffix}"


def hours(start: str, end: str) -> str:
    """'2–4pm', '10am–12pm', 'from 10am' (no end known)."""
    if not end:
        return f"from {clock(start)}"
    first, last = clock(start), clock(end)
    if first[-2:] == last[-2:]:
        first = first[:-2]
    return f"{first}\u2013{last}"


def session_words(day: str, start: str, end: str) -> str:
    """'Tuesdays 2–4pm'."""
    return f"{DAY_NAMES[day]}s {hours(start, end)}"


def km_places(km: float, limit: float | None = None) -> int | None:
    """Decimals that show km on the same side of the limit as the true distance; None: none do."""
    for places in (1, 2, 3):
        if limit is None or (float(f"{km:.{places}f}") > limit) == (km > limit):
            return places
    return None


def km_words(km: float, limit: float | None = None) -> str:
    """'3.4 km', with enough decimals that it compares with the limit as the true distance does."""
    places = km_places(km, limit)
    if places is not None:
        return f"{km:.{places}f} km"
    return f"just over {limit:g} km" if limit is not None and km > limit else f"{limit:g} km"


def drive_words(km: float, limit: float) -> str:
    """A way round a distance for someone who drives: the drive, and how far past their limit."""
    # Worked from the distance as shown ('3.4 km'), so the two figures the person reads agree.
    places = km_places(km, limit)
    if places is None:
        shown, past = limit, "just over their limit"
    else:
        shown = float(f"{km:.{places}f}")
        past = f"{shown - limit:.{places}f} km past their limit"
    mins = max(1, round(shown * DRIVE_MIN_PER_KM))
    return f"they drive: about {minutes_words(mins)} by car, {past}"


def fitting_session(profile: Profile, f: Features, i: int) -> tuple[str, str, str] | None:
    """The first session that fits one of the person's free windows."""
    for day, start, end in f.table.sessions[i]:
        for w in profile.free_times:
            if w.day == day and w.start <= start and fits_until(start, end) <= minutes(w.end):
                return day, start, end
    return None


def cost_words(profile: Profile, f: Features, i: int, checks: Checks) -> str:
    """What it costs this person, against their budget."""
    paid = checks.cost_pence[i]
    concession = profile.receives_benefits and bool(np.isfinite(f.concession[i]))
    if paid == 0:
        return "Free with your benefits concession" if f.standard[i] else "Free"
    text = f"{money(paid)} a session" + (" with your benefits concession" if concession else "")
    if profile.budget_pence is not None:
        text += f", within your {money(profile.budget_pence)} a week"
    return text


def minutes_words(mins: int) -> str:
    """'1 minute', '13 minutes'."""
    return f"{mins} minute{'s' * (mins != 1)}"


def on_foot_words(modes: tuple[str, ...] | list[str], km: float) -> str:
    """'about 13 minutes' walk', or 'about 13 minutes by wheelchair' for a wheelchair user."""
    # The same words on the matches page and the handout (matcher/shortlist.py).
    mins = max(1, round(km * score.WALK_MIN_PER_KM))
    if "wheelchair" in modes and "walk" not in modes:
        return f"about {minutes_words(mins)} by wheelchair"
    return "about 1 minute's walk" if mins == 1 else f"about {mins} minutes' walk"


def near_words(km: float, limit: float | None) -> str:
    """'0.8 km', or 'very close to home' where a distance in tenths would read '0.0 km'."""
    if km < VERY_CLOSE_KM and (limit is None or limit >= VERY_CLOSE_KM):
        return "very close to home"
    return km_words(km, limit)


def travel_words(profile: Profile, km: float) -> str:
    """'0.8 km, about 13 minutes' walk' for someone on foot; the bus or bike where they use one."""
    text = near_words(km, profile.max_km)
    modes = profile.travel_modes
    if score.on_foot(profile):
        return f"{text}, {on_foot_words(modes, km)}"
    if km > EASY_WALK_KM and "bus" in modes:
        if "walk" in modes:
            return f"{text}, by bus or {on_foot_words(modes, km)}"
        return f"{text}, by bus"
    if "cycle" in modes:
        return f"{text}, about {minutes_words(max(1, round(km * CYCLE_MIN_PER_KM)))} by bike"
    return text


def place_words(profile: Profile, f: Features, i: int, checks: Checks) -> str:
    """Where it is for this person, and the access features they need or prefer that it has."""
    if f.setting[i] == ONLINE:
        place = "Online or by phone, no travel"
    elif profile.has_location and checks.distance_km[i] < float("inf"):
        place = travel_words(profile, float(checks.distance_km[i]))
    else:
        place = ""
    wanted = set(profile.access_needs) | score.preferred_access(profile)
    labels = [vocabulary.said(vocabulary.ACCESS, a) for a in f.table.access[i] if a in wanted]
    if f.small[i] and (profile.small_groups or profile.hints.small_groups):
        labels.append("a small group")
    return ", ".join([p for p in (place, *labels) if p])


def unknown_words(profile: Profile, f: Features, i: int) -> list[str]:
    """Who a group is for, where the profile does not say whether the person is one of them."""
    # With no gender or age recorded nothing is ruled out, but the practitioner should see the
    # group's own eligibility before passing it on (general practice: check before referring).
    access = f.table.access[i]
    asked = set(profile.audiences) | score.preferred_access(profile)
    out: list[str] = []
    if not profile.gender:
        if "women-only" in access and "women-only" not in asked:
            out.append("Check: a women-only group, and their gender is not recorded")
        if f.for_men[i]:
            out.append("Check: a men's group, and their gender is not recorded")
    if profile.hints.stays_home and f.setting[i] != ONLINE and not f.comes_to_you[i]:
        # Accepted from the notes: an in-person group needs them to get out, which is the hard part.
        out.append("Check: it meets in person, and they rarely get out")
    if profile.hints.online_only and f.setting[i] != ONLINE:
        # Only a home visit or a call passes the rule: which it is, the description may not say.
        out.append(
            "Check: it comes to them (a call or a home visit), and they want online or phone only"
        )
    if profile.age_bounds is None:
        for code, (low, high) in AGE_GROUPS.items():
            if code in access and code not in asked:
                ages = f"{low:g} and over" if high == float("inf") else f"{low:g} to {high:g}"
                out.append(f"Check: a group for people aged {ages}, and their age is not recorded")
    return out


def reasons(
    profile: Profile, f: Features, i: int, checks: Checks, scored: tuple[np.ndarray, np.ndarray]
) -> list[str]:
    """Short reasons for one suggestion, the link to what the person said first."""
    # `scored` is its feature vector and the weights it was ranked with, whose penalties are named
    # last.
    out: list[str] = []
    found = links(profile, f, i)
    if found:
        out.append(link_words(found))
    where = place_words(profile, f, i, checks)
    if where:
        out.append(where)
    out.append(cost_words(profile, f, i, checks))
    fit = fitting_session(profile, f, i)
    if fit:
        out.append(f"{session_words(*fit)} fits your free time")
    elif not f.table.sessions[i]:
        out.append("No fixed times: whenever suits you")
    if f.setting[i] == 0 and profile.avoid_mental_health_settings:
        out.append("An ordinary community group, not a mental-health service")
    elif f.setting[i] == 1 and profile.prefer_peer_support_first:
        out.append("With people who have been through similar, as you wanted first")
    lowered = penalties.lowered(profile, f, i, checks, *scored)
    return out + unknown_words(profile, f, i) + penalties.named(profile, f, i) + lowered


def duration(mins: int) -> str:
    """'30 min', '1 hour', '1 hour 15 min'."""
    h, m = divmod(mins, 60)
    parts = ([f"{h} hour" + ("s" if h > 1 else "")] if h else []) + ([f"{m} min"] if m else [])
    return " ".join(parts)


def closest_session(
    profile: Profile, sessions: tuple[tuple[str, str, str], ...]
) -> tuple[int, tuple[str, str, str], Window]:
    """The session that misses a free window by least, the minutes it misses by, and the window."""
    options = [
        (
            max(minutes(w.start) - minutes(s), 0) + max(fits_until(s, e) - minutes(w.end), 0),
            (day, s, e),
            w,
        )
        for day, s, e in sessions
        for w in profile.free_times
        if w.day == day
    ]
    return min(options, key=lambda o: o[0])


def time_gap(profile: Profile, sessions: tuple[tuple[str, str, str], ...]) -> tuple[int, str]:
    """The session that misses a free window by least, and by how much in words."""
    gap, (day, start, end), w = closest_session(profile, sessions)
    return gap, f"{session_words(day, start, end)}: {_miss(start, end, w)}"


def overlaps(start: str, end: str, w: Window) -> bool:
    """Whether some of the session falls inside the free window."""
    return max(minutes(start), minutes(w.start)) < min(fits_until(start, end), minutes(w.end))


def _miss(start: str, end: str, w: Window) -> str:
    """'starts 1 hour before your free time (9am–1pm)'."""
    early = max(minutes(w.start) - minutes(start), 0)
    if not end and minutes(start) >= minutes(w.end):  # no end known: it starts too late
        late = minutes(start) - minutes(w.end)
        said = f"starts {duration(late)} after" if late else "starts as"
        return f"{said} your free time ends ({hours(w.start, w.end)})"
    late = max(fits_until(start, end) - minutes(w.end), 0)
    parts = ([f"starts {duration(early)} before"] if early else []) + (
        [f"ends {duration(late)} after"] if late else []
    )
    return f"{' and '.join(parts)} your free time ({hours(w.start, w.end)})"


def barrier(
    profile: Profile, f: Features, i: int, rule: str, checks: Checks, online_alt: str | None
) -> tuple[str, str]:
    """The one rule a near miss breaks and by how much, and a way round it that is true."""
    if rule == "cost":
        concession = profile.receives_benefits and bool(np.isfinite(f.concession[i]))
        text = (
            f"{money(checks.cost_pence[i])} a session"
            + (" with the benefits concession" if concession else "")
            + f", your budget is {money(profile.budget_pence or 0)} a week"
        )
        return text, "ask the organiser whether the first session is free"
    if rule == "distance":
        limit = profile.max_km or 0.0
        text = f"{km_words(float(checks.distance_km[i]), limit)}, your limit is {limit:g} km"
        if online_alt:
            return text, f"the same activity online: {online_alt}"
        if f.comes_to_you[i]:
            # A home visit or a phone call: the distance is from its base, not a journey.
            return text, "it comes to them: ask whether it covers where they live"
        if "car" in profile.travel_modes:
            # Help with a journey is for someone without a car; a driver may go a little further.
            return text, drive_words(float(checks.distance_km[i]), limit)
        if "can-bring-support-worker" in f.table.access[i]:
            return text, "a worker or friend can come along, and help with the journey"
        # The manual: a worker may give a lift the first time, until others can.
        return text, "a worker could help with the journey the first time"
    sessions = f.table.sessions[i]
    _, (_, start, end), w = closest_session(profile, sessions)
    text = time_gap(profile, sessions)[1]
    if overlaps(start, end, w):
        return text, "ask the organiser whether arriving late or leaving early is fine"
    # None of the session is in their free time: arriving late or leaving early would miss it.
    return text, "see whether they could be free at that time"
