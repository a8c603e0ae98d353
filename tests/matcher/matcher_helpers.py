"""Small builders for matcher tests: plain records and profiles near a fixed home."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from matcher import features
from matcher.notes import extract
from matcher.profile import Profile, Window

HOME = (51.55, -0.12)
# Roughly 1 km north of home per 0.009 degrees of latitude.
KM_NORTH = 0.008993


def place(km_north: float) -> tuple[float, float]:
    """A point this many km north of home."""
    return (HOME[0] + km_north * KM_NORTH, HOME[1])


def record(rid: str, **kw: Any) -> features.ResourceRecord:
    """A resource that suits PERSON unless a test changes something."""
    base: dict[str, Any] = {
        "id": rid,
        "name": f"Group {rid}",
        "interests": ("singing",),
        "access": ("step-free", "hearing-loop"),
        "standard_pence": 200,
        "concession_pence": 0,
        "places": (place(1.2),),
        "sessions": (("tu", "14:00", "16:00"),),
    }
    base.update(kw)
    return features.ResourceRecord(**base)


PERSON = Profile(
    age=40,
    gender="man",
    latitude=HOME[0],
    longitude=HOME[1],
    interests=("singing",),
    want_to_try=("pottery",),
    budget_pence=300,
    receives_benefits=True,
    max_km=3.0,
    access_needs=("step-free",),
    free_times=(Window("tu", "10:00", "17:00"), Window("th", "18:00", "21:00")),
)


def person(**kw: Any) -> Profile:
    """PERSON with some fields changed."""
    return replace(PERSON, **kw)


def note_roles(text: str) -> dict[str, set[str]]:
    """Interest codes a note suggests, each with its roles."""
    out: dict[str, set[str]] = {}
    for s in extract(text):
        out.setdefault(s.code, set()).add(s.kind)
    return out
