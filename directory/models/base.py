"""Small helpers shared by the directory's models: days, times and postcodes as validated types."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator

DAYS: tuple[str, ...] = ("mo", "tu", "we", "th", "fr", "sa", "su")
DAY_NAMES = {
    "mo": "Monday",
    "tu": "Tuesday",
    "we": "Wednesday",
    "th": "Thursday",
    "fr": "Friday",
    "sa": "Saturday",
    "su": "Sunday",
}
_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
_POSTCODE = re.compile(r"^([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})$")
_DISTRICT = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]?$")


def check_time(value: str) -> str:
    """Accept HH:MM (24-hour) and return it; also accept H:MM."""
    value = value.strip()
    if re.match(r"^\d:\d\d$", value):
        value = "0" + value
    if not _TIME.match(value):
        raise ValueError(f"'{value}' is not a time: use 24-hour HH:MM, for example 14:30")
    return value


def minutes(value: str) -> int:
    """Minutes after midnight for an HH:MM time."""
    hours, mins = value.split(":")
    return int(hours) * 60 + int(mins)


def fits_until(start: str, end: str) -> int:
    """The minute a time window must last until for a session to fit inside it."""
    # The session's end, or just after its start when no end is known (then its start must be
    # inside).
    return minutes(end) if end else minutes(start) + 1


def check_day(value: str) -> str:
    """Accept a two-letter day code or a day name and return the code."""
    key = value.strip().lower()[:2]
    if key not in DAYS:
        raise ValueError(f"'{value}' is not a day of the week")
    return key


def normalise_postcode(value: str) -> str:
    """Return a UK postcode in canonical form ('n76qt' -> 'N7 6QT') or raise ValueError."""
    compact = re.sub(r"\s+", "", value.upper())
    match = _POSTCODE.match(compact)
    if not match:
        raise ValueError(f"'{value}' is not a UK postcode (for example N7 6QT)")
    return f"{match.group(1)} {match.group(2)}"


def is_postcode_district(value: str) -> bool:
    """Tell whether the text is an outward code such as N7 or NW5."""
    return bool(_DISTRICT.match(value.strip().upper()))


def _optional_postcode(value: str) -> str:
    return normalise_postcode(value) if value.strip() else ""


def _optional_time(value: str) -> str:
    return check_time(value) if value.strip() else ""


Time = Annotated[str, AfterValidator(check_time)]
OptionalTime = Annotated[str, AfterValidator(_optional_time)]  # '' when not known
Day = Annotated[str, AfterValidator(check_day)]
Postcode = Annotated[str, AfterValidator(_optional_postcode)]
