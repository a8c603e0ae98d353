"""How far a note says the person will travel ("won't travel more than 3 km", "a mile at most"),
as a suggestion for the profile's "furthest they can travel", with the words it came from."""

from __future__ import annotations

import re
from dataclasses import dataclass

from matcher.reader.text import clauses

MILE_KM = 1.609344
_WORDS = {
    "half a": 0.5, "a": 1, "an": 1, "one": 1, "a couple of": 2, "two": 2, "three": 3, "four": 4,
    "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}  # fmt: skip
_NUMBER = r"(?P<n>\d+(?:\.\d+)?|" + "|".join(sorted(_WORDS, key=len, reverse=True)) + ")"
_UNIT = r"\s*(?P<unit>km|kms|kilomet(?:re|er)s?|k|miles?)\b"
_MOVE = r"(?:travel|go|walk|get|come|journey|drive|cycle)"
_MOST = r"(?:more than|further than|farther than|over|beyond|past)"
# A limit said outright: "won't travel more than 3 km", "no further than 2 miles", "can walk
# about a mile", "happy to travel up to 5 miles", "max 3 km"; or after it: "a mile at most".
# Not a habit ("walks up to 5 miles a day") nor where they live ("within 3 km of the hospital").
_LIMITS = (
    re.compile(
        rf"\b(?:(?:won'?t|will not|wouldn'?t|would not|can'?t|cannot|can not|unable to|"
        rf"not able to|doesn'?t want to|does not want to|not willing to|reluctant to) "
        rf"{_MOVE}\w* (?:\w+ )?{_MOST}|no (?:more|further|farther) than|"
        rf"(?:can|could|will|would|happy to|able to|willing to|prepared to|manage to|manages) "
        rf"{_MOVE}\w* (?:\w+ )?(?:up to|about|around|roughly|at most|a maximum of|max|within)|"
        rf"(?:at most|a maximum of|max\.?)) {_NUMBER}{_UNIT}"
    ),
    re.compile(rf"\b{_NUMBER}{_UNIT} (?:at most|max|maximum|tops|or less|at the most)\b"),
)


@dataclass(frozen=True)
class TravelLimit:
    """The furthest a note says they will travel, in km, and the words it came from."""

    km: float
    phrase: str

    @property
    def value(self) -> str:
        """The form value: km, as the field takes it."""
        return f"{self.km:g}"

    @property
    def label(self) -> str:
        """What the practitioner ticks: 'Travel: up to 4.8 km'."""
        return f"Travel: up to {self.value} km"


def read_travel_limit(text: str) -> TravelLimit | None:
    """The first travel limit the note says of the person themselves, or None."""
    for clause in clauses(text):
        if clause.other:
            continue
        said = clause.raw.lower()
        found = next((m for m in (p.search(said) for p in _LIMITS) if m), None)
        if found is None:
            continue
        amount = _WORDS.get(found["n"]) or float(found["n"])
        miles = found["unit"].startswith("mile")
        km = round(amount * (MILE_KM if miles else 1.0), 1)
        if km > 0:
            return TravelLimit(km, found.group(0).strip())
    return None
