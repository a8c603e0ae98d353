"""Validation of submitted resources: bad input gets a clear message."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from pydantic import ValidationError

from directory.models import ResourceCreate, ResourceSession, normalise_postcode
from directory.validation import messages

PLACE = {"postcode": "N7 6QT"}


def errors(**fields) -> dict[str, str]:
    """The messages a submission gets, by field path."""
    data = {"name": "Knit and Natter", "locations": [PLACE], **fields}
    with pytest.raises(ValidationError) as caught:
        ResourceCreate(**data)
    return messages(caught.value)


def test_bad_postcode_is_named():
    found = errors(locations=[{"postcode": "NOT A CODE"}])
    assert "is not a UK postcode" in found["locations.0.postcode"]


def test_negative_cost_is_refused():
    found = errors(costs=[{"amount_pence": -50}])
    assert found["costs.0.amount_pence"] == "Cost: cannot be below 0 (enter 0 or free for nothing)"


def test_session_ending_before_it_starts_is_refused():
    found = errors(sessions=[{"day": "tu", "start": "14:00", "end": "13:30"}])
    assert found["sessions.0.end"] == "the session ends (13:30) before it starts (14:00)"


def test_bad_time_is_named():
    found = errors(sessions=[{"day": "tu", "start": "25:00", "end": "26:00"}])
    assert "24-hour HH:MM" in found["sessions.0.start"]


def test_unknown_interest_is_named():
    found = errors(interests=["underwater-basket-weaving"])
    assert found["interests"] == "unknown interest: underwater-basket-weaving"


def test_place_is_required_unless_online():
    found = errors(locations=[])
    assert "set it as online" in found[""]
    assert ResourceCreate(name="Online choir", setting="online").locations == []


def test_minimum_age_above_maximum_is_refused():
    found = errors(min_age=60, max_age=50)
    assert found["max_age"] == "the minimum age is above the maximum age"


def test_concession_needs_a_standard_price():
    found = errors(costs=[{"kind": "concession", "amount_pence": 0}])
    assert "needs a standard price" in found["costs"]


def test_postcodes_are_normalised():
    assert normalise_postcode(" n76qt ") == "N7 6QT"
    assert normalise_postcode("SW1A 1AA") == "SW1A 1AA"
    assert ResourceCreate(name="Walk", locations=[{"postcode": "nw51tl"}]).locations[
        0
    ].postcode == ("NW5 1TL")


def test_day_names_and_short_times_are_accepted():
    created = ResourceCreate(
        name="Walk",
        locations=[PLACE],
        sessions=[{"day": "Tuesday", "start": "9:30", "end": "11:00"}],
    )
    assert (created.sessions[0].day, created.sessions[0].start) == ("tu", "09:30")


@pytest.mark.parametrize(
    "freq, ordinal, today, expected",
    [
        ("weekly", None, date(2026, 11, 23), date(2026, 11, 24)),  # Monday -> Tuesday
        ("monthly", 2, date(2026, 11, 23), date(2026, 12, 8)),  # second Tuesday of December
        ("monthly", -1, date(2026, 11, 23), date(2026, 11, 24)),  # last Tuesday of November
        ("monthly", 1, date(2026, 11, 3), date(2026, 11, 3)),  # first Tuesday is today
    ],
)
def test_next_session_date(freq, ordinal, today, expected):
    session = ResourceSession(freq=freq, day="tu", ordinal=ordinal, start="10:00", end="11:00")
    assert session.next_on_or_after(today) == expected


def test_next_session_skips_one_already_started_today():
    from directory.models import Resource

    resource = Resource(name="Choir")
    resource.sessions = [ResourceSession(day="mo", start="10:00", end="11:00")]
    # 12:00 UTC on Monday 23 November 2026 is 12:00 in London: today's session has begun.
    found = resource.next_session(datetime(2026, 11, 23, 12, 0, tzinfo=UTC))
    assert found is not None and found[0] == date(2026, 11, 30)


def test_a_number_out_of_range_is_said_in_words_not_as_the_library_says_it() -> None:
    with pytest.raises(ValidationError) as caught:
        ResourceCreate(name="Tea dance", min_age=-1, max_age=150)
    said = messages(caught.value)
    assert said["max_age"] == "Maximum age: enter 120 or less"
    assert "input should be" not in " ".join(said.values())
