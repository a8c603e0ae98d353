"""The search pages act on what the search box reads: a distance, a price, an event, a place."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.directory.test_search_request import _query, places, team_client

__all__ = ["places", "team_client"]  # fixtures, shared with the search request tests

PATHS = ["/", "/public/search"]


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("typed", ["yoga within 2 miles", "yoga less than a mile away"])
def test_a_distance_with_no_place_is_said_to_need_one(
    team_client: FlaskClient, places: dict[str, str], path: str, typed: str
) -> None:
    moved = _query(team_client.get(path, query_string={"q": typed}))
    assert moved["q"] == ["yoga"] and "radius" not in moved and "near" not in moved
    text = team_client.get(path, query_string=moved).get_data(as_text=True)
    said = typed.removeprefix("yoga ")
    assert f"We could not search for “{said}”: a distance needs a place" in text
    assert "Far yoga" in text  # nothing is left out unseen


@pytest.mark.parametrize("path", PATHS)
def test_a_distance_with_a_place_in_words_is_its_radius(
    team_client: FlaskClient, places: dict[str, str], path: str
) -> None:
    moved = _query(team_client.get(path, query_string={"q": "yoga less than a mile from armley"}))
    assert moved["near"] == ["armley"] and moved["radius"] == ["1.6"]
    text = team_client.get(path, query_string=moved).get_data(as_text=True)
    assert "Saturday yoga" in text and "Far yoga" not in text
    assert "a distance needs a place" not in text


@pytest.mark.parametrize("path", PATHS)
def test_a_bound_before_a_number_makes_it_the_most_to_pay(
    team_client: FlaskClient, places: dict[str, str], path: str
) -> None:
    moved = _query(team_client.get(path, query_string={"q": "yoga up to 4.50"}))
    assert moved["max_cost"] == ["4.50"] and moved["q"] == ["yoga"]
    text = team_client.get(path, query_string=moved).get_data(as_text=True)
    assert "Saturday yoga" in text and "Paid yoga" not in text  # £5 is more than £4.50


@pytest.mark.parametrize("path", PATHS)
def test_a_coffee_morning_is_searched_for_not_a_time_of_day(
    team_client: FlaskClient, places: dict[str, str], path: str
) -> None:
    moved = _query(team_client.get(path, query_string={"q": "coffee mornings near armley"}))
    assert moved["q"] == ["coffee mornings"] and moved["interest"] == ["socialising"]
    assert "from" not in moved and "to" not in moved


@pytest.mark.parametrize("path", PATHS)
def test_a_place_between_other_words_is_read(
    team_client: FlaskClient, places: dict[str, str], path: str
) -> None:
    moved: dict[str, Any] = _query(team_client.get(path, query_string={"q": "yoga armley classes"}))
    assert moved["near"] == ["armley"] and moved["q"] == ["yoga classes"]


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("typed", ["yoga up to 4pm", "yoga up to 4 pm", "yoga until 4pm"])
def test_up_to_a_clock_time_ends_the_time_window(
    team_client: FlaskClient, places: dict[str, str], path: str, typed: str
) -> None:
    moved = _query(team_client.get(path, query_string={"q": typed}))
    assert moved["to"] == ["16:00"] and "from" not in moved and "max_cost" not in moved
    text = team_client.get(path, query_string=moved).get_data(as_text=True)
    assert "before 16:00" in text and "after 16:00" not in text
    assert "Saturday yoga" in text and "Evening yoga" not in text  # 19:00 is after 16:00


@pytest.mark.parametrize("path", PATHS)
def test_young_people_up_to_an_age_is_no_price(
    team_client: FlaskClient, places: dict[str, str], path: str
) -> None:
    moved = _query(team_client.get(path, query_string={"q": "yoga for young people up to 25"}))
    assert "max_cost" not in moved and moved["access"] == ["young-adults-16-25"]
    text = team_client.get(path, query_string=moved).get_data(as_text=True)
    assert "under £25" not in text


@pytest.mark.parametrize("path", PATHS)
def test_pence_in_words_after_a_price(
    team_client: FlaskClient, places: dict[str, str], path: str
) -> None:
    moved = _query(team_client.get(path, query_string={"q": "yoga £2 seventy five"}))
    assert moved["max_cost"] == ["2.75"] and moved["q"] == ["yoga"]
    text = team_client.get(path, query_string=moved).get_data(as_text=True)
    assert "under £2.75" in text and "Saturday yoga" in text and "Paid yoga" not in text


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("typed", ["yoga within 2 miles from here", "yoga near here"])
def test_here_asks_for_a_place_as_near_me_does(
    team_client: FlaskClient, places: dict[str, str], path: str, typed: str
) -> None:
    moved = _query(team_client.get(path, query_string={"q": typed}))
    assert moved["q"] == ["yoga"] and "near" not in moved and "radius" not in moved
    text = team_client.get(path, query_string=moved).get_data(as_text=True)
    assert "To search near you, give a postcode or a place" in text
    assert "a distance needs a place" not in text and "Far yoga" in text


@pytest.mark.parametrize("path", [*PATHS, "/public/embed"])
@pytest.mark.parametrize(
    ("typed", "label"),
    [("yoga any day but saturday", "weekdays or Sunday"), ("yoga not at the weekend", "weekdays")],
)
def test_any_day_but_one_is_searched_as_the_other_days(
    team_client: FlaskClient, places: dict[str, str], path: str, typed: str, label: str
) -> None:
    # Once refused with a notice, and Saturday's yoga shown; "at the weekend" was read as it.
    moved = _query(team_client.get(path, query_string={"q": typed}))
    assert moved["q"] == ["yoga"] and "sa" not in moved["day"] and "mo" in moved["day"]
    text = team_client.get(path, query_string=moved).get_data(as_text=True)
    assert f"{label}<span" in text and "Saturday yoga" not in text
    assert "We could not search" not in text


@pytest.mark.parametrize("path", [*PATHS, "/public/embed"])
@pytest.mark.parametrize(
    ("typed", "said", "day"),
    [
        ("yoga on saturdays but not saturdays", "not saturdays", ["sa"]),  # no day left
        ("yoga not saturday mornings", "not saturday mornings", None),  # part of a day
        ("yoga not in a church", "not in a church", None),  # no day: no other days
    ],
)
def test_what_cannot_be_the_other_days_is_said_as_not_searched(
    team_client: FlaskClient,
    places: dict[str, str],
    path: str,
    typed: str,
    said: str,
    day: list[str] | None,
) -> None:
    moved = _query(team_client.get(path, query_string={"q": typed}))
    assert moved.get("day") == day and "faith" not in moved.get("interest", [])
    text = team_client.get(path, query_string=moved).get_data(as_text=True)
    assert f"We could not search for “{said}”" in text and "Saturday yoga" in text
