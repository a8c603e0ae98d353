"""A person as plain, frozen data: what the pure ranking functions take."""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field, replace
from typing import Any

from directory.vocabulary import GROUP_FOR
from matcher.facts import Hints, hints_from, read_hints
from matcher.notes import extract


@dataclass(frozen=True)
class Window:
    """A free time: a day and a from/to time (HH:MM, UK local time)."""

    day: str
    start: str
    end: str


@dataclass(frozen=True)
class Profile:
    """What the matcher knows about one person."""

    age: int | None = None
    age_band: str = ""  # "18-25", "over 65", "65+", "under 18": used when no exact age is given
    gender: str = ""
    latitude: float | None = None
    longitude: float | None = None
    interests: tuple[str, ...] = ()
    past_interests: tuple[str, ...] = ()
    want_to_try: tuple[str, ...] = ()
    skills_to_share: tuple[str, ...] = ()
    budget_pence: int | None = None  # None: no limit recorded
    receives_benefits: bool = False
    max_km: float | None = None
    travel_modes: tuple[str, ...] = ()
    needs_company_first_time: bool = False
    access_needs: tuple[str, ...] = ()  # what they need of a venue or group: hard rules
    audiences: tuple[str, ...] = ()  # groups for who they are (GROUP_FOR): preferred, not needed
    free_times: tuple[Window, ...] = ()  # empty: not recorded, any time
    avoid_mental_health_settings: bool = False
    prefer_peer_support_first: bool = False
    women_only: bool = False
    quiet: bool = False
    small_groups: bool = False
    avoid_ids: frozenset[str] = frozenset()
    notes: str = ""
    # Soft hints from the facts the practitioner accepted from the notes (never hard rules).
    hints: Hints = field(default_factory=Hints)

    @property
    def age_bounds(self) -> tuple[float, float] | None:
        """Youngest and oldest the person may be: their age, else their age band; None: unknown."""
        if self.age is not None:
            return float(self.age), float(self.age)
        return parse_age_band(self.age_band)

    @property
    def youngest(self) -> float | None:
        """The youngest the person may be (their age when known)."""
        bounds = self.age_bounds
        return bounds[0] if bounds else None

    @property
    def not_interested(self) -> frozenset[str]:
        """Interests they said they are not interested in, less any also named as theirs."""
        named = {*self.interests, *self.past_interests, *self.want_to_try, *self.skills_to_share}
        return self.hints.not_interested - named

    @property
    def has_location(self) -> bool:
        """Whether home coordinates are known."""
        return self.latitude is not None and self.longitude is not None


_BAND = re.compile(
    r"^\s*(?:(\d+)\s*(?:-|\u2013|to)\s*(\d+)|(?:over|above)\s*(\d+)|(\d+)\s*(?:\+|and over)|"
    r"under\s*(\d+))\s*$"
)


def parse_age_band(band: str) -> tuple[float, float] | None:
    """'18-25' → (18, 25); 'over 65' → (66, inf); '65+' → (65, inf); 'under 18' → (0, 17)."""
    m = _BAND.match(band.lower()) if band else None
    if m is None:
        return None
    low, high, over, plus, under = m.groups()
    if low is not None:
        return float(min(int(low), int(high))), float(max(int(low), int(high)))
    if over is not None:
        return float(int(over) + 1), float("inf")
    if plus is not None:
        return float(plus), float("inf")
    return 0.0, float(int(under) - 1)


def _codes(values: Any) -> tuple[str, ...]:
    return tuple(dict.fromkeys(str(v) for v in values or ()))


def needs_only(values: Any) -> tuple[str, ...]:
    """The access needs among access terms: what a venue or group must offer."""
    return tuple(c for c in _codes(values) if c not in GROUP_FOR)


def audiences_only(values: Any) -> tuple[str, ...]:
    """The groups-for-who-they-are among access terms (women-only, LGBTQ+, over-50s...)."""
    return tuple(c for c in _codes(values) if c in GROUP_FOR)


def from_persona(persona: dict[str, Any], from_notes: bool = False) -> Profile:
    """A profile from an eval persona, accepting every fact its summary suggests."""
    # A practitioner following the suggestions would accept them; with from_notes, the interests too
    # come only from the summary's suggestions, all accepted.
    prefs = persona.get("preferences", {})
    travel = persona.get("travel", {})
    loc = persona.get("location", {})
    summary = persona.get("summary", "")
    profile = Profile(
        age=persona.get("age"),
        age_band=str(persona.get("age_band") or ""),
        gender=persona.get("gender", ""),
        latitude=loc.get("latitude"),
        longitude=loc.get("longitude"),
        interests=_codes(persona.get("interests")),
        want_to_try=_codes(persona.get("want_to_try")),
        skills_to_share=_codes(persona.get("skills_to_share")),
        budget_pence=round(float(persona.get("budget_per_week", 0)) * 100),
        receives_benefits=bool(persona.get("receives_benefits")),
        max_km=travel.get("max_km"),
        travel_modes=_codes(travel.get("modes")),
        needs_company_first_time=bool(travel.get("needs_company_first_time")),
        access_needs=needs_only(persona.get("access_needs")),
        audiences=audiences_only(persona.get("access_needs")),
        # Free times read from the summary are not added: every persona's availability is given,
        # and the form adds ticked free times to those given (never narrowing them), so here they
        # could only let in sessions outside the persona's stated times.
        free_times=tuple(
            Window(w["day"], w["from"], w["to"]) for w in persona.get("availability", [])
        ),
        avoid_mental_health_settings=bool(prefs.get("avoid_mental_health_settings")),
        prefer_peer_support_first=bool(prefs.get("prefer_peer_support_first")),
        women_only=bool(prefs.get("women_only")),
        avoid_ids=frozenset(persona.get("avoid", [])),
        notes=summary,
        hints=read_hints(summary),
    )
    profile = replace(profile, avoid_mental_health_settings=_avoids_mh(profile))
    if from_notes:
        found = extract(summary)
        profile = replace(
            profile,
            interests=tuple(s.code for s in found if s.kind == "interest"),
            past_interests=tuple(s.code for s in found if s.kind == "past"),
            want_to_try=tuple(s.code for s in found if s.kind == "want"),
            skills_to_share=tuple(s.code for s in found if s.kind == "skill"),
        )
    return profile


def from_person(person: Any) -> Profile:
    """A profile from a stored Person row."""
    profile = Profile(
        age=person.age,
        age_band=person.age_band or "",
        gender=person.gender or "",
        latitude=person.latitude,
        longitude=person.longitude,
        interests=_codes(person.interests),
        past_interests=_codes(person.past_interests),
        want_to_try=_codes(person.want_to_try),
        skills_to_share=_codes(person.skills_to_share),
        budget_pence=person.budget_pence,
        receives_benefits=bool(person.receives_benefits),
        max_km=person.max_km,
        travel_modes=_codes(person.travel_modes),
        needs_company_first_time=bool(person.needs_company_first_time),
        # The column keeps both; each is read for what it is.
        access_needs=needs_only(person.access_needs),
        audiences=audiences_only(person.access_needs),
        free_times=tuple(Window(w["day"], w["from"], w["to"]) for w in person.free_times or ()),
        avoid_mental_health_settings=bool(person.avoid_mental_health_settings),
        prefer_peer_support_first=bool(person.prefer_peer_support_first),
        women_only=bool(person.women_only),
        quiet=bool(person.prefer_quiet),
        small_groups=bool(person.prefer_small_groups),
        avoid_ids=frozenset(person.avoid_resource_ids or ()),
        notes=person.notes or "",
        hints=hints_from(person.accepted_facts or ()),
    )
    return replace(profile, avoid_mental_health_settings=_avoids_mh(profile))


def _avoids_mh(profile: Profile) -> bool:
    """Ticked on the profile, or accepted from the notes: the same preference either way."""
    return profile.avoid_mental_health_settings or profile.hints.avoid_mh_settings


KEPT = 256  # profiles kept by ProfileMemo, least recently used dropped first


class ProfileMemo:
    """Profiles of stored people by what is stored about them, kept for one directory version."""

    # Reading hints from the notes is most of what building a profile costs. An erasure moves the
    # directory version, so the next match run in this process forgets every profile kept before it,
    # as the kept match results are forgotten (matcher/ranked.py).

    def __init__(self, kept: int = KEPT) -> None:
        self._kept = kept
        self._version: int | None = None
        self._profiles: OrderedDict[Hashable, Profile] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, stored: Hashable, version: int, build: Callable[[], Profile]) -> Profile:
        """The profile for these stored values, built when not kept for this version."""
        with self._lock:
            if version != self._version:
                self._version, self._profiles = version, OrderedDict()
            found = self._profiles.get(stored)
            if found is not None:
                self._profiles.move_to_end(stored)
                return found
        found = build()
        with self._lock:
            if version == self._version:
                self._profiles[stored] = found
                if len(self._profiles) > self._kept:
                    self._profiles.popitem(last=False)
        return found

    def clear(self) -> None:
        """Forget every kept profile."""
        with self._lock:
            self._version, self._profiles = None, OrderedDict()
