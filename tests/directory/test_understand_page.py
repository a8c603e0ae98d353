"""The search pages act on what the search box reads: a distance, a price, an event, a place."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient

from core.times import utcnow
from tests.directory.test_search_page import add, add_place
from tests.directory.test_search_request import _query, places, read_and_search, team_client

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
    assert "up to £25" not in text


@pytest.mark.parametrize("path", PATHS)
def test_pence_in_words_after_a_price(
    team_client: FlaskClient, places: dict[str, str], path: str
) -> None:
    moved = _query(team_client.get(path, query_string={"q": "yoga £2 seventy five"}))
    assert moved["max_cost"] == ["2.75"] and moved["q"] == ["yoga"]
    text = team_client.get(path, query_string=moved).get_data(as_text=True)
    assert "up to £2.75" in text and "Saturday yoga" in text and "Paid yoga" not in text


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


@pytest.mark.parametrize("path", [*PATHS, "/public/embed"])
@pytest.mark.parametrize("typed", ["bring sun cream", "sat nav club", "yoga sun cream"])
def test_a_short_day_name_that_is_a_word_is_searched_as_one(
    team_client: FlaskClient, places: dict[str, str], path: str, typed: str
) -> None:
    page = team_client.get(path, query_string={"q": typed})
    assert page.status_code == 200  # no day read (it was): searched as typed, not moved
    assert "Sunday<span" not in page.get_data(as_text=True)  # no day chip


@pytest.mark.parametrize("path", [*PATHS, "/public/embed"])
def test_no_sun_is_said_as_not_searched_not_read_as_a_day(
    team_client: FlaskClient, places: dict[str, str], path: str
) -> None:
    moved = _query(team_client.get(path, query_string={"q": "yoga no sun"}))
    assert "day" not in moved and moved["q"] == ["yoga"]
    text = team_client.get(path, query_string=moved).get_data(as_text=True)
    assert "We could not search for “no sun”" in text and "Saturday yoga" in text


@pytest.mark.parametrize("path", [*PATHS, "/public/embed"])
def test_a_day_ruled_out_at_an_hour_is_said_not_searched_as_words(
    team_client: FlaskClient, places: dict[str, str], path: str
) -> None:
    moved = _query(team_client.get(path, query_string={"q": "yoga not saturdays at 6"}))
    assert moved["q"] == ["yoga"] and "day" not in moved and "from" not in moved
    text = team_client.get(path, query_string=moved).get_data(as_text=True)
    assert "We could not search for “not saturdays at 6”" in text
    assert "Evening yoga" in text and "Saturday yoga" in text  # nothing left out unsaid


@pytest.mark.parametrize("path", [*PATHS, "/public/embed"])
def test_an_hour_after_a_day_narrows_the_sessions(
    team_client: FlaskClient, places: dict[str, str], path: str
) -> None:
    moved = _query(team_client.get(path, query_string={"q": "yoga saturdays at 6"}))
    assert moved["day"] == ["sa"] and moved["from"] == ["18:00"] and moved["q"] == ["yoga"]
    text = team_client.get(path, query_string=moved).get_data(as_text=True)
    assert "Evening yoga" in text and "Saturday yoga" not in text  # 10:00 is before 18:00


@pytest.mark.parametrize("path", [*PATHS, "/public/embed"])
@pytest.mark.parametrize(("typed", "hint"), [
    ("yoga 3.50", "for what costs at most £3.50, type “under £3.50”; for a time, type “3.50pm”."),
    ("yoga 12.99", "for what costs at most £12.99, type “under £12.99”."),
])  # fmt: skip
def test_an_amount_searched_as_a_word_says_how_to_ask_for_a_price(
    team_client: FlaskClient, places: dict[str, str], path: str, typed: str, hint: str
) -> None:
    page = team_client.get(path, query_string={"q": typed})
    assert page.status_code == 200  # a topic and words: searched as typed
    text = page.get_data(as_text=True)
    amount = typed.split()[-1]
    assert f"We searched for “{amount}” as words, not as a price: {hint}" in text
    exact = team_client.get(path, query_string={"q": typed, "exact": "1"})
    assert "as words, not as a price" not in exact.get_data(as_text=True)  # asked for as typed


@pytest.mark.parametrize("path", ["/", "/public/search"])
def test_a_place_in_an_organisations_name_is_searched_too(
    app: Flask, team_client: FlaskClient, places: dict[str, str], path: str
) -> None:
    add_place(app, "leeds", "place", (53.8, -1.55))
    add(app, "Leeds Mind", description="Mental health support.", at=(53.8, -1.55),
        confirmed_at=utcnow())  # fmt: skip
    add(app, "Islington Mind", description="Mental health support.", confirmed_at=utcnow())
    moved = _query(team_client.get(path, query_string={"q": "Leeds Mind"}))
    assert moved["near"] == ["leeds"] and moved["q"] == ["Leeds Mind"]  # once "Mind" alone
    text = team_client.get(path, query_string=moved).get_data(as_text=True)
    assert "Leeds Mind" in text and "Islington Mind" not in text


@pytest.mark.parametrize("path", [*PATHS, "/public/embed"])
@pytest.mark.parametrize("typed", ["yoga near armley or bramley", "yoga armley or bramley"])
def test_a_second_place_is_said_not_searched_as_a_word(
    app: Flask, team_client: FlaskClient, places: dict[str, str], path: str, typed: str
) -> None:
    add_place(app, "bramley", "place", (53.81, -1.63))
    moved = _query(team_client.get(path, query_string={"q": typed}))
    assert moved["near"] == ["armley"] and moved["q"] == ["yoga"]  # once "yoga or bramley"
    text = team_client.get(path, query_string=moved).get_data(as_text=True)
    assert (
        "Only one place can be searched at once: showing results near armley. To search near "
        "bramley instead, give it under “Where” in the filters." in text
    )
    assert "Saturday yoga" in text
    chosen = team_client.get(path, query_string={**moved, "near": "bramley"})
    assert "Only one place" not in chosen.get_data(as_text=True)  # the place they chose


@pytest.mark.parametrize("path", [*PATHS, "/public/embed"])
def test_a_price_with_a_joining_word_last_is_no_server_error(
    team_client: FlaskClient, places: dict[str, str], path: str
) -> None:
    moved = _query(team_client.get(path, query_string={"q": "yoga £2 or"}))  # once a 500
    assert moved["max_cost"] == ["2"]
    assert team_client.get(path, query_string=moved).status_code == 200


@pytest.mark.parametrize("path", PATHS)
def test_a_denial_first_leaves_the_activity_searched(
    team_client: FlaskClient, places: dict[str, str], path: str
) -> None:
    moved = _query(team_client.get(path, query_string={"q": "no audition yoga"}))
    assert moved["q"] == ["yoga"]  # once nothing was searched
    text = team_client.get(path, query_string=moved).get_data(as_text=True)
    assert "We could not search for “no audition”" in text and "Saturday yoga" in text


@pytest.mark.parametrize("path", PATHS)
def test_with_before_no_stairs_is_not_searched(
    team_client: FlaskClient, places: dict[str, str], path: str
) -> None:
    moved = _query(team_client.get(path, query_string={"q": "yoga with no stairs"}))
    assert moved["access"] == ["step-free"] and moved["q"] == ["yoga"]  # once "yoga with"


@pytest.mark.parametrize("path", PATHS)
def test_a_name_after_near_that_is_no_known_place_is_said_not_passed_over(
    team_client: FlaskClient, places: dict[str, str], path: str
) -> None:
    moved = _query(team_client.get(path, query_string={"q": "yoga near Zorbleton"}))
    assert moved["q"] == ["yoga near Zorbleton"] and "near" not in moved  # its words searched
    text = team_client.get(path, query_string=moved).get_data(as_text=True)
    assert "We do not know a place called “Zorbleton”, so these results are from anywhere" in text
    assert "Far yoga" in text  # from anywhere, as it says
    text = team_client.get(path, query_string={"q": "yoga near the park"}).get_data(as_text=True)
    assert "We do not know a place" not in text  # everyday words: no place was named


@pytest.mark.parametrize("path", PATHS)
def test_saturday_mornings_finds_a_class_that_runs_on_past_noon(
    app: Flask, team_client: FlaskClient, places: dict[str, str], path: str
) -> None:
    add(app, "Late morning yoga", interests=["yoga"], confirmed_at=utcnow(),
        sessions=[{"day": "sa", "start": "11:00", "end": "12:30"}])  # fmt: skip
    moved, text = read_and_search(team_client, path, "yoga on saturday mornings")
    assert moved["day"] == ["sa"] and (moved["from"], moved["to"]) == (["09:00"], ["12:00"])
    assert "Late morning yoga" in text and "Saturday yoga" in text and "Evening yoga" not in text
    # The same times typed in the filters are someone's free time: a session must fit inside.
    typed = {"q": "yoga", "day": "sa", "from": "09:30", "to": "12:00"}
    text = team_client.get(path, query_string=typed).get_data(as_text=True)
    assert "Late morning yoga" not in text and "Saturday yoga" in text


@pytest.mark.parametrize("path", PATHS)
def test_an_entry_no_one_has_tagged_is_found_by_the_words_that_name_an_interest(
    app: Flask, team_client: FlaskClient, places: dict[str, str], path: str
) -> None:
    week = [{"day": "sa", "start": "10:30", "end": "12:00"}]
    add(app, "Saturday knit and natter", sessions=week, confirmed_at=utcnow())  # no interests
    moved, text = read_and_search(team_client, path, "Saturday knit and natter")
    assert sorted(moved["interest"]) == ["crafts", "socialising"] and moved["day"] == ["sa"]
    assert "Saturday knit and natter" in text
    # Its chip takes the words that name it too, or removing it would change nothing.
    chip = re.search(r'<a class="chip" href="([^"]+)">crafts<', text)
    assert chip is not None
    without = parse_qs(urlsplit(chip.group(1).replace("&amp;", "&")).query)
    assert without["q"] == ["natter"] and without["interest"] == ["socialising"]
