"""Reasons and near-miss barriers in plain words, built from the real matching facts."""

from __future__ import annotations

from directory import vocabulary
from directory.models import DAY_NAMES
from directory.models.base import minutes
from matcher import penalties, score
from matcher.constraints import Checks
from matcher.features import ONLINE, Features
from matcher.profile import Profile

EASY_WALK_KM = 1.0  # past this, someone who also takes the bus would likely take it
CYCLE_MIN_PER_KM = 4.5  # about 16 km/h with streets a fifth longer than the straight line

_KIND_WORDS = {
    score.STATED: "You said",
    score.PAST: "You used to enjoy",
    score.WANT: "Something new you wanted to try",
    score.SKILL: "You could share your skill in",
    score.RELATED: "Close to what you enjoy",
    score.COMPANY: "Someone to talk to regularly",
}


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


def session_words(day: str, start: str, end: str) -> str:
    """'Tuesdays 2–4pm'."""
    first, last = clock(start), clock(end)
    if first[-2:] == last[-2:]:
        first = first[:-2]
    return f"{DAY_NAMES[day]}s {first}\u2013{last}"


def interest_reason(profile: Profile, f: Features, i: int) -> tuple[str, str] | None:
    """The strongest interest match as words, and how it was recorded."""
    weights = score.term_weights(profile)
    matched = [(weights[c], c) for c in f.records[i].interests if c in weights]
    if not matched:
        return None
    matched.sort(key=lambda m: -m[0][0])
    (_, kind), _ = matched[0]
    names = [
        vocabulary.label(vocabulary.INTEREST, c).lower() for (wk, c) in matched if wk[1] == kind
    ]
    return f"{_KIND_WORDS[kind]}: {', '.join(names)}", kind


def fitting_session(profile: Profile, f: Features, i: int) -> tuple[str, str, str] | None:
    """The first session that fits one of the person's free windows."""
    for day, start, end in f.records[i].sessions:
        for w in profile.free_times:
            if w.day == day and w.start <= start and end <= w.end:
                return day, start, end
    return None


def cost_words(profile: Profile, f: Features, i: int, checks: Checks) -> str:
    """What it costs this person."""
    rec = f.records[i]
    if rec.standard_pence == 0:
        return "Free"
    paid = checks.cost_pence[i]
    if profile.receives_benefits and rec.concession_pence is not None:
        return "Free with benefits" if paid == 0 else f"{money(paid)} with benefits concession"
    return f"{money(paid)} a session"


def travel_words(profile: Profile, km: float) -> str:
    """'0.8 km, about 13 minutes' walk' for someone on foot; the bus or bike where they use one."""
    text = f"{km:.1f} km"
    modes = set(profile.travel_modes)
    if score.on_foot(profile):
        minutes = max(1, round(km * score.WALK_MIN_PER_KM))
        if modes == {"wheelchair"}:
            return f"{text}, about {minutes} minutes by wheelchair"
        return f"{text}, about {minutes} minutes' walk"
    if km > EASY_WALK_KM and "bus" in modes:
        if "walk" in modes:
            return f"{text}, by bus or about {round(km * score.WALK_MIN_PER_KM)} minutes' walk"
        return f"{text}, by bus"
    if "cycle" in modes:
        return f"{text}, about {max(1, round(km * CYCLE_MIN_PER_KM))} minutes by bike"
    return text


def reasons(profile: Profile, f: Features, i: int, checks: Checks) -> list[str]:
    """Short reasons for one suggestion."""
    out: list[str] = []
    rec = f.records[i]
    found = interest_reason(profile, f, i)
    if found:
        out.append(found[0])
    if f.setting[i] == ONLINE:
        place = "Online or by phone, no travel"
    elif profile.has_location and checks.distance_km[i] < float("inf"):
        place = travel_words(profile, float(checks.distance_km[i]))
    else:
        place = ""
    wanted = [
        a for a in rec.access if a in set(profile.access_needs) | score.preferred_access(profile)
    ]
    labels = [vocabulary.label(vocabulary.ACCESS, a).lower() for a in wanted]
    if f.small[i] and (profile.small_groups or profile.hints.small_groups):
        labels.append("a small group")
    if place or labels:
        out.append(", ".join([p for p in (place, *labels) if p]))
    out.append(cost_words(profile, f, i, checks))
    fit = fitting_session(profile, f, i)
    if fit:
        out.append(f"{session_words(*fit)} fits your free time")
    elif not rec.sessions:
        out.append("No fixed times: whenever suits you")
    if f.setting[i] == 0 and not profile.prefer_peer_support_first:
        out.append("An ordinary community group")
    elif f.setting[i] == 1 and profile.prefer_peer_support_first:
        out.append("With people who have been through similar")
    return out + penalties.named(profile, f, i)


def barrier(
    profile: Profile, f: Features, i: int, rule: str, checks: Checks, online_alt: str | None
) -> tuple[str, str]:
    """The one barrier for a near miss, and a way round it where there is one."""
    rec = f.records[i]
    if rule == "cost":
        over = checks.cost_pence[i] - (profile.budget_pence or 0)
        text = f"{money(over)} over budget"
        if rec.concession_pence is not None and not profile.receives_benefits:
            conc = rec.concession_pence
            offer = "free" if conc == 0 else f"{money(conc)}"
            return text, f"{offer} for people on benefits: ask about the concession"
        return text, "ask whether they have a free first session or hardship places"
    if rule == "distance":
        text = f"{checks.distance_km[i]:.1f} km away (your limit is {profile.max_km:g} km)"
        if online_alt:
            return text, f"online version available: {online_alt}"
        if "can-bring-support-worker" in rec.access:
            return text, "a worker could go with you the first time"
        return text, "ask about travel help or a lift for the first visit"
    gaps = [
        (
            max(minutes(w.start) - minutes(start), 0) + max(minutes(end) - minutes(w.end), 0),
            (day, start, end),
        )
        for day, start, end in rec.sessions
        for w in profile.free_times
        if w.day == day
    ]
    gap, (day, start, end) = min(gaps)
    return (
        f"{session_words(day, start, end)} is {gap} min outside your free time",
        "ask whether arriving late or leaving early is fine",
    )
