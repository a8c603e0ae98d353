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
