"""The search box on the practitioner's and the public search page reads a typed request into
filters shown as removable chips, and places are found as people name them."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient

from core.times import local_time, utcnow
from directory.models.base import DAYS
from directory.understand import DAY_NAMES
from tests.directory.test_search_page import HOLLOWAY, add, add_place, names

ARMLEY = (51.5600, -0.1200)  # a made-up place a few hundred metres from the search point


@pytest.fixture
def places(app: Flask) -> dict[str, str]:
    """A postcode, its district, a place name and three yoga classes that differ."""
    add_place(app, "N7 6QT", "postcode", HOLLOWAY)
    add_place(app, "N7", "district", HOLLOWAY)
    add_place(app, "armley", "place", ARMLEY)
    week = {"day": "sa", "start": "10:00", "end": "11:00"}
    checked = {"interests": ["yoga"], "confirmed_at": utcnow()}  # public once checked
    return {
        "free": add(app, "Saturday yoga", sessions=[week], **checked),
        "paid": add(app, "Paid yoga", sessions=[week], costs=[{"amount_pence": 500}], **checked),
        "far": add(app, "Far yoga", sessions=[week], at=(53.8, -1.55), **checked),
        "evening": add(
            app, "Evening yoga", sessions=[{"day": "sa", "start": "19:00", "end": "20:00"}],
            **checked,
        ),
    }  # fmt: skip


@pytest.fixture
def team_client(member: Any, client: FlaskClient) -> FlaskClient:
    """The client, signed in as a team member."""
    return client


def _query(response: Any) -> dict[str, list[str]]:
    assert response.status_code == 303
    return parse_qs(urlsplit(response.headers["Location"]).query)


def read_and_search(client: FlaskClient, path: str, typed: str) -> tuple[dict[str, list[str]], str]:
    """What the search box reads a request as (the query it moves to), and that search's page."""
    moved = _query(client.get(path, query_string={"q": typed}))
    return moved, client.get(path, query_string=moved).get_data(as_text=True)


def test_a_typed_request_becomes_chips_and_the_rest_is_searched(
    team_client: FlaskClient, places: dict[str, str]
) -> None:
    typed = "free yoga classes near N7 6QT on Saturday mornings"
    moved = _query(team_client.get("/", query_string={"q": typed, "radius": "5"}))
    assert moved["free"] == ["1"] and moved["near"] == ["N7 6QT"] and moved["day"] == ["sa"]
    assert (moved["from"], moved["to"]) == (["09:00"], ["12:00"])
    assert moved["interest"] == ["yoga"] and moved["q"] == ["yoga classes"]
    assert moved["asked"] == [typed] and moved["radius"] == ["5"]
    page = team_client.get("/", query_string=moved)
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert names(team_client, _encoded(moved)) == ["Saturday yoga"]
    assert "Showing:" in text and "near N7 6QT" in text and "Saturday" in text
    assert f"We read “{typed}”" in text
    # Each chip removes its filter: without "free" the paid class comes back.
    free_chip = re.search(r'<a class="chip" href="([^"]+)">free<', text)
    assert free_chip is not None
    again = team_client.get(free_chip.group(1).replace("&amp;", "&"))
    assert "Paid yoga" in again.get_data(as_text=True)


def _encoded(query: dict[str, list[str]]) -> str:
    return "&".join(f"{k}={v}" for k, values in query.items() for v in values)


def test_exact_words_and_topic_only_searches_are_not_rewritten(
    team_client: FlaskClient, places: dict[str, str]
) -> None:
    assert team_client.get("/?q=free+yoga&exact=1").status_code == 200
    assert team_client.get("/?q=yoga+classes").status_code == 200


def test_the_public_search_reads_requests_too(client: FlaskClient, places: dict[str, str]) -> None:
    moved = _query(client.get("/public/search", query_string={"q": "free yoga in armly"}))
    assert moved["near"] == ["armley"] and moved["free"] == ["1"]  # the likely place, shown
    text = client.get("/public/search", query_string=moved).get_data(as_text=True)
    assert "Saturday yoga" in text and "Paid yoga" not in text and "near armley" in text


@pytest.mark.parametrize("path", ["/", "/public/search"])
@pytest.mark.parametrize(
    ("typed", "most"), [("£2.50", "2.50"), ("under £3", "3"), ("£3 or less", "3")]
)
def test_a_price_alone_is_the_most_to_pay_and_no_words_are_left(
    team_client: FlaskClient, places: dict[str, str], path: str, typed: str, most: str
) -> None:
    moved = _query(team_client.get(path, query_string={"q": typed}))
    assert moved["max_cost"] == [most] and moved.get("q", [""]) == [""]
    text = team_client.get(path, query_string=moved).get_data(as_text=True)
    assert f"up to £{most}" in text
    assert "Saturday yoga" in text and "Paid yoga" not in text  # £5 is over; free is under


def test_a_place_name_alone_in_the_search_box_searches_near_it(
    client: FlaskClient, places: dict[str, str]
) -> None:
    moved = _query(client.get("/public/search", query_string={"q": "Armley"}))
    assert moved["near"] == ["armley"] and moved.get("q", [""]) == [""]
    text = client.get("/public/search", query_string=moved).get_data(as_text=True)
    assert "near armley" in text and text.index("Saturday yoga") < text.index("Far yoga")


@pytest.mark.parametrize(
    ("typed", "found"),
    [("N7", True), ("n7 6", True), ("N7 9ZZ", True), ("Armley", True), ("armly", False)],
)
def test_places_are_found_as_people_name_them(
    team_client: FlaskClient, places: dict[str, str], typed: str, found: bool
) -> None:
    page = team_client.get("/", query_string={"near": typed, "q": ""})
    text = page.get_data(as_text=True)
    assert (page.status_code == 200) is found, text[:500]
    if not found:
        assert "Did you mean armley?" in text
        link = re.search(r'<a href="([^"]+)">Search near armley</a>', text)
        assert link is not None  # one click to the search near the likely place
        again = team_client.get(link.group(1).replace("&amp;", "&"))
        assert again.status_code == 200 and "near armley" in again.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/", "/public/search"])
@pytest.mark.parametrize(
    "query", [{"q": "yoga", "near": "n7 9zz"}, {"q": "yoga near N7 9ZZ"}], ids=["where", "box"]
)
def test_an_unknown_postcode_says_its_district_is_searched_instead(
    team_client: FlaskClient, places: dict[str, str], path: str, query: dict[str, str]
) -> None:
    page = team_client.get(path, query_string=query)
    if page.status_code == 303:  # the search box's words, read into filters
        page = team_client.get(path, query_string=_query(page))
    text = page.get_data(as_text=True)
    assert page.status_code == 200, text[:500]
    assert "We could not find the postcode N7 9ZZ; showing results near N7." in text
    assert ">near N7<" in text and "Saturday yoga" in text


@pytest.mark.parametrize("path", ["/", "/public/search"])
@pytest.mark.parametrize("near", ["N7 6QT", "N7", "n7 6", "Armley"])
def test_a_place_that_is_found_gets_no_not_found_notice(
    team_client: FlaskClient, places: dict[str, str], path: str, near: str
) -> None:
    page = team_client.get(path, query_string={"q": "yoga", "near": near})
    assert page.status_code == 200
    assert "could not find" not in page.get_data(as_text=True)


def test_an_unknown_place_is_refused_with_examples_that_work(
    team_client: FlaskClient, places: dict[str, str]
) -> None:
    text = team_client.get("/", query_string={"near": "Zzyzx"}).get_data(as_text=True)
    example = re.search(r"such as ([^ ]+ [^ ]+) or ([^ ]+) or ([a-z]+)", text)
    assert example is not None, text
    for place in example.groups():
        assert team_client.get("/", query_string={"near": place}).status_code == 200, place


def test_the_embed_example_on_the_public_home_page_works(
    app: Flask, client: FlaskClient, runner: Any
) -> None:
    assert runner.invoke(args=["seed"]).exit_code == 0
    home = client.get("/public/").get_data(as_text=True)
    example = re.search(r"for example <code>\?([^<]+)</code>", home)
    assert example is not None and "near=" in example.group(1)
    query = example.group(1).replace("&amp;", "&")
    embed = client.get(f"/public/embed?{query}")
    assert embed.status_code == 200, embed.get_data(as_text=True)[:300]
    assert client.get(f"/public/search?{query}").status_code == 200


def test_an_unknown_language_is_named_and_what_was_typed_is_kept(client: Any) -> None:
    page = client.get("/public/search?q=advice&language=Spanish,+Klingon").get_data(as_text=True)
    assert "We do not know the language Klingon: use a name or code" in page
    assert 'value="Spanish, Klingon"' in page
    page = client.get("/public/search?q=advice&language=es").get_data(as_text=True)
    assert 'value="Spanish"' in page and "in Spanish" in page


def test_the_category_box_filters_by_the_source_directorys_own_categories(
    app: Flask, team_client: FlaskClient
) -> None:
    from core.db import get_session
    from directory.models import ResourceTerm, SourceTerm
    from directory.search import get_search

    checked = {"confirmed_at": utcnow()}
    pantry = add(app, "Food bank", description="Food and advice.", **checked)
    add(app, "Lunch club", description="Food and company.", **checked)
    with app.app_context():
        session = get_session()
        session.add(SourceTerm(id="t-food", source="Baltimore", taxonomy="AIRS", code="BD-1800",
                               name="Food Pantries"))  # fmt: skip
        session.flush()
        session.add(ResourceTerm(resource_id=pantry, term_id="t-food"))
        session.commit()
    get_search(app).index([pantry])
    assert set(names(team_client, "q=food")) == {"Food bank", "Lunch club"}
    for query in ("q=food&category=food+pantries", "q=food&category=t-food"):
        assert names(team_client, query) == ["Food bank"]
    page = team_client.get("/?q=food&category=Food+Pantries").get_data(as_text=True)
    assert 'value="Food Pantries"' in page and "category: Food Pantries" in page
    assert '<option value="Food Pantries">' in page  # the box suggests the sources' categories
    public = team_client.get("/public/search?q=food&category=Food+Pantries")
    text = public.get_data(as_text=True)
    assert "Food bank" in text and "Lunch club" not in text
    # An unknown category is refused by name, what was typed is kept, nothing is listed.
    bad = team_client.get("/?q=food&category=Klingon+opera").get_data(as_text=True)
    assert "We do not know the category Klingon opera" in bad
    assert 'value="Klingon opera"' in bad and "Food bank" not in bad
    assert "category: Klingon opera" not in bad  # no chip for a filter not in force


@pytest.mark.parametrize("path", ["/", "/public/search"])
def test_a_request_nothing_meets_says_which_part_to_drop_and_how_many_that_finds(
    team_client: FlaskClient, places: dict[str, str], path: str
) -> None:
    """Free yoga on Saturday afternoon: no class meets then; without the time three free
    Saturday classes do, and dropping any other part alone still finds none."""
    asked = {"q": "", "interest": "yoga", "free": "1", "day": "sa", "from": "12:00", "to": "15:00"}
    text = team_client.get(path, query_string=asked).get_data(as_text=True)
    offers = re.findall(r'<li><a href="([^"]+)">without ([^<]+): (\d+) results?</a></li>', text)
    assert [(label, n) for _, label, n in offers] == [("12:00 to 15:00", "3")], text[-3000:]
    wider = team_client.get(offers[0][0].replace("&amp;", "&")).get_data(as_text=True)
    for name in ("Saturday yoga", "Far yoga", "Evening yoga"):
        assert name in wider
    assert "Paid yoga" not in wider
    nothing = team_client.get(path, query_string={"q": "zzqxv"}).get_data(as_text=True)
    assert "Without one part" not in nothing and "Nothing matched." in nothing


def test_tomorrow_is_read_as_the_day_after_today(client: FlaskClient, app: Flask) -> None:
    # "yoga tomorow" searched for every yoga class, whatever its day: the word was ignored.
    with app.app_context():
        tomorrow = DAYS[(local_time(utcnow()).weekday() + 1) % 7]
    moved = _query(client.get("/public/search", query_string={"q": "yoga tomorow"}))
    assert moved["day"] == [tomorrow] and moved["q"] == ["yoga"]
    # The chip says how the day was read; the filter is the weekday, as sessions repeat weekly.
    text = client.get("/public/search", query_string=moved).get_data(as_text=True)
    assert re.search(rf'<a class="chip" href="[^"]+">{DAY_NAMES[tomorrow]} \(tomorrow\)<', text)
    assert "(tomorrow)" not in client.get(f"/public/search?q=yoga&day={tomorrow}").get_data(
        as_text=True
    )


@pytest.mark.parametrize("typed", ["yoga this weekend", "yoga saturday or sunday", "weekend yoga"])
def test_the_weekend_is_saturday_or_sunday_in_one_chip(
    client: FlaskClient, app: Flask, places: dict[str, str], typed: str
) -> None:
    add(app, "Sunday yoga", interests=["yoga"], confirmed_at=utcnow(),
        sessions=[{"day": "su", "start": "10:00", "end": "11:00"}])  # fmt: skip
    add(app, "Monday yoga", interests=["yoga"], confirmed_at=utcnow(),
        sessions=[{"day": "mo", "start": "10:00", "end": "11:00"}])  # fmt: skip
    moved = _query(client.get("/public/search", query_string={"q": typed}))
    assert moved["day"] == ["sa", "su"] and moved["q"] == ["yoga"]
    text = client.get("/public/search", query_string=moved).get_data(as_text=True)
    assert "Saturday yoga" in text and "Sunday yoga" in text and "Monday yoga" not in text
    chip = re.search(r'<a class="chip" href="([^"]+)">weekends<', text)
    assert chip is not None
    assert "day=" not in chip.group(1)  # removing the chip removes both days
    assert "Monday yoga" in client.get(chip.group(1).replace("&amp;", "&")).get_data(as_text=True)


def test_an_old_link_with_one_day_still_finds_that_day(
    client: FlaskClient, places: dict[str, str]
) -> None:
    text = client.get("/public/search?q=yoga&day=sa").get_data(as_text=True)
    assert "Saturday yoga" in text
    assert re.search(r'<a class="chip" href="[^"]+">Saturday<', text)
    assert client.get("/public/search?q=yoga&day=funday").status_code == 400


def test_words_that_ask_for_any_activity_are_not_searched(
    client: FlaskClient, app: Flask, places: dict[str, str]
) -> None:
    add(app, "Staff room quiz", confirmed_at=utcnow(), at=ARMLEY)  # what "stuff" was corrected to
    moved = _query(client.get("/public/search", query_string={"q": "stuff to do in armley"}))
    assert moved["near"] == ["armley"] and moved.get("q", [""]) == [""]
    text = client.get("/public/search", query_string=moved).get_data(as_text=True)
    assert "Saturday yoga" in text and "Staff room quiz" in text and "Did you mean" not in text
    assert "We read “stuff to do in armley” as the filters below." in text
    moved = _query(client.get("/public/search", query_string={"q": "yoga activities"}))
    assert moved["q"] == ["yoga"] and "interest" not in moved  # the topic stays the words'
    text = client.get("/public/search", query_string=moved).get_data(as_text=True)
    assert "Saturday yoga" in text and "as a search for “yoga”" in text


def test_a_name_made_of_such_words_is_still_found(app: Flask, team_client: FlaskClient) -> None:
    add(app, "Things", description="A makers' group.")
    add(app, "Activities coordinator training")
    add(app, "Coordinator drop-in")
    assert team_client.get("/?q=Things").status_code == 200  # alone, the words are searched
    assert names(team_client, "q=Things") == ["Things"]
    typed = {"q": "Activities coordinator training"}
    moved = _query(team_client.get("/", query_string=typed))
    assert names(team_client, _encoded(moved)) == ["Activities coordinator training"]


@pytest.mark.parametrize("path", ["/", "/public/search"])
@pytest.mark.parametrize(
    ("typed", "near", "radius"),
    [
        ("yoga within 2 km of N7 6QT", "N7 6QT", "2"),
        ("yoga within 1 mile of armley", "armley", "1.6"),
    ],
)
def test_how_far_from_a_place_is_the_radius(
    team_client: FlaskClient, places: dict[str, str], path: str, typed: str, near: str, radius: str
) -> None:
    moved = _query(team_client.get(path, query_string={"q": typed}))
    assert moved["near"] == [near] and moved["radius"] == [radius]
    assert moved["interest"] == ["yoga"] and moved["q"] == ["yoga"]
    text = team_client.get(path, query_string=moved).get_data(as_text=True)
    assert "Saturday yoga" in text and "Far yoga" not in text
    wider = {**moved, "radius": []}
    assert "Far yoga" in team_client.get(path, query_string=wider).get_data(as_text=True)


@pytest.mark.parametrize("path", ["/", "/public/search"])
@pytest.mark.parametrize(
    ("typed", "window", "shown", "hidden", "chip"),
    [
        ("yoga after 6pm", {"from": ["18:00"]}, "Evening yoga", "Saturday yoga", "after 18:00"),
        ("yoga before noon", {"to": ["12:00"]}, "Saturday yoga", "Evening yoga", "before 12:00"),
        ("yoga sat am", {"day": ["sa"], "from": ["09:00"], "to": ["12:00"]}, "Saturday yoga",
         "Evening yoga", "Saturday mornings"),
    ],
)  # fmt: skip
def test_clock_times_and_a_days_am_narrow_the_sessions(
    team_client: FlaskClient,
    places: dict[str, str],
    path: str,
    typed: str,
    window: dict[str, list[str]],
    shown: str,
    hidden: str,
    chip: str,
) -> None:
    moved = _query(team_client.get(path, query_string={"q": typed}))
    assert {key: moved[key] for key in window} == window
    text = team_client.get(path, query_string=moved).get_data(as_text=True)
    assert shown in text and hidden not in text
    assert chip in text


@pytest.mark.parametrize("path", ["/", "/public/search"])
def test_near_me_asks_for_a_place_and_is_not_searched(
    team_client: FlaskClient, places: dict[str, str], path: str
) -> None:
    moved = _query(team_client.get(path, query_string={"q": "yoga near me"}))
    assert moved["q"] == ["yoga"] and not moved.get("near", [""])[0]
    text = team_client.get(path, query_string=moved).get_data(as_text=True)
    assert "To search near you, give a postcode or a place" in text and "Saturday yoga" in text
    moved["near"] = ["N7 6QT"]  # once a place is given, the hint goes
    text = team_client.get(path, query_string=moved).get_data(as_text=True)
    assert "To search near you" not in text
    plain = team_client.get(path, query_string={"q": "yoga"}).get_data(as_text=True)
    assert "To search near you" not in plain


@pytest.mark.parametrize("path", ["/", "/public/search"])
def test_a_request_is_read_once_and_the_words_left_are_searched(
    team_client: FlaskClient, places: dict[str, str], path: str
) -> None:
    # Read twice, "and saturday morning" replaced the evening with a morning window.
    moved = _query(team_client.get(path, query_string={"q": "sunday evening and saturday morning"}))
    assert moved["day"] == ["su"] and moved["from"] == ["17:00"]
    page = team_client.get(path, query_string=moved)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert re.search(r'<a class="chip" href="[^"]+">Sunday evenings<', text)
    assert not re.search(r'<a class="chip" href="[^"]+">Saturday mornings<', text)


def test_the_embed_reads_a_request_as_the_search_pages_do(
    client: FlaskClient, places: dict[str, str]
) -> None:
    moved = _query(client.get("/public/embed", query_string={"q": "free yoga near N7 6QT"}))
    assert moved["free"] == ["1"] and moved["near"] == ["N7 6QT"]
    text = client.get("/public/embed", query_string=moved).get_data(as_text=True)
    assert "Saturday yoga" in text and "Paid yoga" not in text and "near N7 6QT" in text


@pytest.mark.parametrize("path", ["/", "/public/search"])
def test_an_evening_takes_in_a_session_that_runs_on_late(
    app: Flask, team_client: FlaskClient, places: dict[str, str], path: str
) -> None:
    late = [{"day": "sa", "start": "19:30", "end": "22:30"}]
    add(app, "Late jam night", sessions=late, interests=["music"], confirmed_at=utcnow())
    moved = _query(team_client.get(path, query_string={"q": "saturday evening"}))
    text = team_client.get(path, query_string=moved).get_data(as_text=True)
    assert "Late jam night" in text and "Evening yoga" in text and "Saturday yoga" not in text
    assert "Saturday evenings" in text


@pytest.mark.parametrize("path", ["/", "/public/search"])
def test_a_place_in_the_request_puts_the_nearest_first(
    app: Flask, team_client: FlaskClient, places: dict[str, str], path: str
) -> None:
    # Far away, but its words match best: ranked by the words alone it would come first.
    add(app, "Yoga yoga: the yoga weekend", description="Yoga, yoga and more yoga.",
        at=(53.9, -1.6), interests=["yoga"], confirmed_at=utcnow())  # fmt: skip
    asked = {"q": "yoga near armley", "sort": "relevance"}  # as the form sends it
    moved = _query(team_client.get(path, query_string=asked))
    assert moved["sort"] == ["distance"] and moved["q"] == ["yoga"]
    text = team_client.get(path, query_string=moved).get_data(as_text=True)
    assert text.index("Saturday yoga") < text.index("Far yoga") < text.index("the yoga weekend")
    assert "Yoga yoga" in team_client.get(path, query_string={"q": "yoga"}).get_data(as_text=True)
    assert "come first, nearest first" not in text  # every one says "yoga"
    # Tagged yoga without saying it: after every entry that says "yoga", however near it is.
    add(app, "Stretch and breathe", interests=["yoga"], confirmed_at=utcnow())
    text = team_client.get(path, query_string=moved).get_data(as_text=True)
    assert text.index("the yoga weekend") < text.index("Stretch and breathe")
    assert "Entries that say “yoga” come first, nearest first; then others of the same kind" in text
    # No entry has every word: the entries about the interest named, those saying it first.
    loose = team_client.get(path, query_string={**moved, "q": "yoga zebra", "read": "yoga zebra"})
    text = loose.get_data(as_text=True)
    assert "No entry has all of “yoga zebra”, so these are the entries about “yoga”." in text
    assert "Entries that say “yoga” come first, nearest first" in text


def test_the_language_box_takes_a_list_as_its_hint_writes_one(client: FlaskClient) -> None:
    page = client.get(
        "/public/search", query_string={"q": "", "language": "Spanish, or Polish, Urdu"}
    )
    text = page.get_data(as_text=True)
    assert page.status_code == 200, text[:500]
    assert "in Spanish" in text and "in Polish" in text and "in Urdu" in text


@pytest.mark.parametrize("path", ["/", "/public/search"])
def test_near_me_alone_asks_for_a_place(
    team_client: FlaskClient, places: dict[str, str], path: str
) -> None:
    text = team_client.get(path, query_string={"q": "near me"}).get_data(as_text=True)
    assert "To search near you, give a postcode or a place" in text


def test_nothing_to_pay_is_called_free(team_client: FlaskClient, places: dict[str, str]) -> None:
    text = team_client.get("/", query_string={"q": "yoga", "max_cost": "0"}).get_data(as_text=True)
    assert ">free<" in text and "up to £0" not in text
    assert "Saturday yoga" in text and "Paid yoga" not in text


def test_a_time_chip_shows_the_time_as_read(
    team_client: FlaskClient, places: dict[str, str]
) -> None:
    text = team_client.get("/", query_string={"q": "yoga", "from": "6pm"}).get_data(as_text=True)
    assert "after 18:00" in text and "after 6pm" not in text
    assert "Evening yoga" in text and "Saturday yoga" not in text


@pytest.mark.parametrize("path", ["/", "/public/search"])
def test_a_radius_says_online_entries_are_in_it(
    app: Flask, team_client: FlaskClient, places: dict[str, str], path: str
) -> None:
    add(app, "Online yoga", setting="online", locations=[], interests=["yoga"],
        confirmed_at=utcnow())  # fmt: skip
    query = {"q": "yoga", "near": "N7 6QT", "radius": "2"}
    text = team_client.get(path, query_string=query).get_data(as_text=True)
    assert "near N7 6QT (within 2.0 km, or online)" in text
    assert re.search(r'<a class="chip" href="[^"]+">within 2 km of N7 6QT, or online<', text)
    assert "Online yoga" in text and "Far yoga" not in text
    # Where online entries are not asked for, neither the chip nor the count says they are in.
    text = team_client.get(path, query_string={**query, "setting": "community"}).get_data(
        as_text=True
    )
    assert "or online" not in text and "within 2 km of N7 6QT<" in text
    assert "near N7 6QT (within 2.0 km)" in text and "Online yoga" not in text


@pytest.mark.parametrize("path", ["/", "/public/search", "/public/embed"])
@pytest.mark.parametrize("typed", ["%", "🎨", "!!!"])
def test_a_box_with_no_words_says_so_and_shows_every_entry(
    team_client: FlaskClient, places: dict[str, str], path: str, typed: str
) -> None:
    page = team_client.get(path, query_string={"q": typed})
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert f"“{typed}” has no words to search for, so every entry is shown." in text
    assert f"for “{typed}”" not in text and "Saturday yoga" in text and "Far yoga" in text
    moved = _query(team_client.get(path, query_string={"q": f"free {typed}"}))
    text = team_client.get(path, query_string=moved).get_data(as_text=True)
    assert f"“{typed}” has no words to search for, so every entry that fits" in text
    assert f"searching for “{typed}”" not in text and "Paid yoga" not in text


def test_a_distance_with_no_place_says_it_needs_one(
    team_client: FlaskClient, places: dict[str, str]
) -> None:
    text = team_client.get("/", query_string={"q": "yoga", "radius": "2"}).get_data(as_text=True)
    assert "No place was given to measure the distance from" in text and "Far yoga" in text


@pytest.mark.parametrize("path", ["/", "/public/search"])
def test_links_and_the_form_keep_the_words_left_unread(
    team_client: FlaskClient, places: dict[str, str], path: str
) -> None:
    moved = _query(team_client.get(path, query_string={"q": "Armley Mind yoga near N7 6QT"}))
    assert moved["near"] == ["N7 6QT"] and moved["q"] == ["Armley Mind yoga"]
    text = team_client.get(path, query_string=moved).get_data(as_text=True)
    # The form and the page's links say the words were read, so following them never reads
    # "Armley Mind", an organisation's name, as a new place that replaces the first. (This was
    # "or near armley", until a second place was set aside and said, not searched as words.)
    hidden = re.search(r'<input type="hidden" name="read" value="([^"]+)">', text)
    assert hidden is not None and hidden.group(1) == moved["q"][0]
    chip = re.search(r'<a class="chip" href="([^"]+)">yoga<', text)
    assert chip is not None and "read=" in chip.group(1)
    assert team_client.get(chip.group(1).replace("&amp;", "&")).status_code == 200
    again = team_client.get(path, query_string={**moved, "asked": []})
    assert again.status_code == 200  # the same words pressed again: searched, not re-read
    typed = team_client.get(path, query_string={**moved, "q": "yoga on saturday"})
    assert typed.status_code == 303  # new words are read


def test_the_embed_shows_removable_chips_and_drops_a_refused_value(
    client: FlaskClient, places: dict[str, str]
) -> None:
    moved = _query(client.get("/public/embed", query_string={"q": "free yoga near N7 6QT"}))
    text = client.get("/public/embed", query_string=moved).get_data(as_text=True)
    chip = re.search(r'<a class="chip" target="_self" href="([^"]+)">free<', text)
    assert chip is not None  # removable, in the frame
    wider = client.get(chip.group(1).replace("&amp;", "&")).get_data(as_text=True)
    assert "Paid yoga" in wider
    refused = client.get("/public/embed", query_string={"q": "yoga", "max_cost": "9999"})
    assert refused.status_code == 400
    form = refused.get_data(as_text=True).split("</form>")[0]
    assert 'name="max_cost"' not in form  # the next search is not refused again


@pytest.mark.parametrize("path", ["/", "/public/search"])
def test_entries_with_times_not_known_are_said_to_be_shown(
    app: Flask, team_client: FlaskClient, places: dict[str, str], path: str
) -> None:
    add(app, "Yoga by arrangement", sessions=[], interests=["yoga"], confirmed_at=utcnow())
    text = team_client.get(path, query_string={"q": "yoga", "day": "sa"}).get_data(as_text=True)
    assert "Yoga by arrangement" in text and "Entries whose times are not known" in text
    plain = team_client.get(path, query_string={"q": "yoga"}).get_data(as_text=True)
    assert "Entries whose times are not known" not in plain


def _chip(text: str, label: str) -> str:
    """The link of the chip with this label, as a path to follow."""
    found = re.search(rf'<a class="chip"(?: target="_self")? href="([^"]+)">{re.escape(label)}<',
                      text)  # fmt: skip
    assert found is not None, f"no chip {label!r}"
    return found.group(1).replace("&amp;", "&")


@pytest.mark.parametrize("path", ["/", "/public/search", "/public/embed"])
@pytest.mark.parametrize("typed", ["yoga armley", "armley yoga", "yoga Armley."])
def test_a_place_named_first_or_last_without_near_is_read(
    team_client: FlaskClient, places: dict[str, str], path: str, typed: str
) -> None:
    moved = _query(team_client.get(path, query_string={"q": typed}))
    assert moved["near"] == ["armley"] and moved["q"] == ["yoga"]
    text = team_client.get(path, query_string=moved).get_data(as_text=True)
    assert "Saturday yoga" in text and "near armley" in text
    without = _chip(text, "near armley")
    assert "near=" not in without  # removable, the words kept
    assert "Far yoga" in team_client.get(without).get_data(as_text=True)


@pytest.mark.parametrize("path", ["/", "/public/search"])
def test_a_town_and_an_everyday_word_at_the_end(
    app: Flask, team_client: FlaskClient, places: dict[str, str], path: str
) -> None:
    add_place(app, "leeds", "place", (53.8, -1.55))  # where "Far yoga" is
    add_place(app, "park", "place", HOLLOWAY)
    moved = _query(team_client.get(path, query_string={"q": "walking group leeds"}))
    assert moved["near"] == ["leeds"] and moved["q"] == ["walking group"]
    moved = _query(team_client.get(path, query_string={"q": "yoga leeds"}))
    text = team_client.get(path, query_string=moved).get_data(as_text=True)
    assert text.index("Far yoga") < text.index("Saturday yoga")  # the nearest first
    page = team_client.get(path, query_string={"q": "yoga park"})
    assert page.status_code == 200  # "park" is a word to search, not the place Park
    assert "near park" not in page.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/", "/public/search", "/public/embed"])
@pytest.mark.parametrize(
    ("typed", "most"),
    [("yoga under 3 pounds", "3"), ("yoga no more than 5 quid", "5"),
     ("yoga 3 pounds or less", "3"), ("yoga under 2.50 pounds", "2.50")],
)  # fmt: skip
def test_a_price_said_in_pounds_or_quid_is_the_most_to_pay(
    team_client: FlaskClient, places: dict[str, str], path: str, typed: str, most: str
) -> None:
    moved = _query(team_client.get(path, query_string={"q": typed}))
    assert moved["max_cost"] == [most] and moved["q"] == ["yoga"]
    text = team_client.get(path, query_string=moved).get_data(as_text=True)
    assert f"up to £{most}" in text and "Saturday yoga" in text


@pytest.mark.parametrize("path", ["/", "/public/search", "/public/embed"])
@pytest.mark.parametrize("typed", ["cheap yoga", "low cost yoga", "affordable yoga",
                                   "yoga not expensive", "free or cheap yoga"])  # fmt: skip
def test_cheap_is_the_low_cost_band_and_its_chip_says_so(
    app: Flask, team_client: FlaskClient, places: dict[str, str], path: str, typed: str
) -> None:
    add(app, "Dear yoga", interests=["yoga"], costs=[{"amount_pence": 800}],
        confirmed_at=utcnow())  # fmt: skip
    moved = _query(team_client.get(path, query_string={"q": typed}))
    assert moved["max_cost"] == ["5"] and "free" not in moved and moved["q"] == ["yoga"]
    text = team_client.get(path, query_string=moved).get_data(as_text=True)
    assert "Saturday yoga" in text and "Paid yoga" in text and "Dear yoga" not in text
    wider = team_client.get(_chip(text, "low cost: at most £5")).get_data(as_text=True)
    assert "Dear yoga" in wider


@pytest.mark.parametrize("path", ["/", "/public/search"])
def test_not_cheap_sets_no_price(
    team_client: FlaskClient, places: dict[str, str], path: str
) -> None:
    moved = _query(team_client.get(path, query_string={"q": "yoga, not cheap"}))
    assert "max_cost" not in moved
    text = team_client.get(path, query_string=moved).get_data(as_text=True)
    assert "Paid yoga" in text and "low cost" not in text


@pytest.mark.parametrize("path", ["/", "/public/search", "/public/embed"])
@pytest.mark.parametrize(
    ("typed", "shown", "other", "found", "hidden"),
    [
        ("yoga saturday evening and saturday morning", "Saturday evenings", "Saturday mornings",
         "Saturday yoga", "Evening yoga"),
        ("yoga evenings or mornings", "evenings", "mornings", "Saturday yoga", "Evening yoga"),
        ("yoga after 6pm or before 12pm", "after 18:00", "before 12:00", "Saturday yoga",
         "Evening yoga"),
    ],
)  # fmt: skip
def test_a_second_time_of_day_is_offered_as_its_own_search(
    team_client: FlaskClient,
    places: dict[str, str],
    path: str,
    typed: str,
    shown: str,
    other: str,
    found: str,
    hidden: str,
) -> None:
    moved = _query(team_client.get(path, query_string={"q": typed, "free": "1"}))
    assert moved["q"] == ["yoga"]
    text = team_client.get(path, query_string=moved).get_data(as_text=True)
    assert hidden in text and found not in text  # the first time is searched
    notice = re.search(
        "Only one time of day can be searched at once: showing ([^.]+)[.]\\s*"
        '<a(?: target="_self")? href="([^"]+)">Search ([^<]+) instead</a>',
        text,
    )
    assert notice is not None, text[:3000]
    assert notice.group(1) == shown and notice.group(3) == other
    instead = team_client.get(notice.group(2).replace("&amp;", "&"))
    assert instead.status_code == 200
    text = instead.get_data(as_text=True)
    assert found in text and hidden not in text and "Paid yoga" not in text  # still free
    assert re.search(rf'<a class="chip"(?: target="_self")? href="[^"]+">{other}<', text)


@pytest.mark.parametrize("path", ["/", "/public/search"])
def test_two_days_in_one_time_of_day_are_one_search(
    app: Flask, team_client: FlaskClient, places: dict[str, str], path: str
) -> None:
    add(app, "Sunday yoga", interests=["yoga"], confirmed_at=utcnow(),
        sessions=[{"day": "su", "start": "10:00", "end": "11:00"}])  # fmt: skip
    for typed in ("yoga saturday and sunday mornings", "yoga saturday morning or sunday morning"):
        moved = _query(team_client.get(path, query_string={"q": typed}))
        assert moved["day"] == ["sa", "su"] and moved["from"] == ["09:00"]
        text = team_client.get(path, query_string=moved).get_data(as_text=True)
        assert "Saturday yoga" in text and "Sunday yoga" in text and "Evening yoga" not in text
        assert "Only one time of day" not in text


@pytest.mark.parametrize("path", ["/", "/public/search", "/public/embed"])
@pytest.mark.parametrize("typed", ["free armley", "armley free", "armley on saturdays"])
def test_a_place_is_read_when_the_other_words_are_all_filters(
    team_client: FlaskClient, places: dict[str, str], path: str, typed: str
) -> None:
    moved = _query(team_client.get(path, query_string={"q": typed}))
    assert moved["near"] == ["armley"] and not moved.get("q")  # not searched as a word
    text = team_client.get(path, query_string=moved).get_data(as_text=True)
    assert "Saturday yoga" in text and "near armley" in text


@pytest.mark.parametrize("path", ["/", "/public/search", "/public/embed"])
def test_what_a_request_rules_out_is_said_to_be_not_searched(
    team_client: FlaskClient, places: dict[str, str], path: str
) -> None:
    moved = _query(team_client.get(path, query_string={"q": "yoga but not online"}))
    assert moved["q"] == ["yoga"] and "setting" not in moved
    text = team_client.get(path, query_string=moved).get_data(as_text=True)
    assert "Saturday yoga" in text  # the search cannot leave a setting out...
    assert "We could not search for “not online”" in text  # ...and the page says so
    assert "for “yoga”" in text


@pytest.mark.parametrize("path", ["/", "/public/search", "/public/embed"])
def test_a_day_ruled_out_is_searched_as_the_other_days(
    app: Flask, team_client: FlaskClient, places: dict[str, str], path: str
) -> None:
    # The day filter takes any set of days: "not on saturdays" is every other day (this
    # request was once refused, and Saturday's yoga shown).
    add(app, "Sunday yoga", interests=["yoga"], confirmed_at=utcnow(),
        sessions=[{"day": "su", "start": "10:00", "end": "11:00"}])  # fmt: skip
    moved, text = read_and_search(team_client, path, "yoga but not on saturdays")
    assert moved["q"] == ["yoga"] and moved["day"] == ["mo", "tu", "we", "th", "fr", "su"]
    assert "Sunday yoga" in text and "Saturday yoga" not in text
    assert "We could not search" not in text
    chip = re.search(r'<a class="chip"[^>]*href="([^"]+)">weekdays or Sunday<', text)
    assert chip is not None  # a chip says the days searched, and removes them
    wider = team_client.get(chip.group(1).replace("&amp;", "&")).get_data(as_text=True)
    assert "Saturday yoga" in wider and "Sunday yoga" in wider


@pytest.mark.parametrize("path", ["/", "/public/search", "/public/embed"])
def test_a_third_time_of_day_is_offered_too(
    team_client: FlaskClient, places: dict[str, str], path: str
) -> None:
    typed = "yoga evenings, mornings or afternoons"
    moved = _query(team_client.get(path, query_string={"q": typed}))
    assert moved["q"] == ["yoga"]
    text = team_client.get(path, query_string=moved).get_data(as_text=True)
    assert "Evening yoga" in text and "Saturday yoga" not in text
    notice = text[text.index("Only one time of day") :]
    notice = notice[: notice.index("</p>")]
    offers = re.findall(r'<a(?: target="_self")? href="([^"]+)">Search ([^<]+) instead</a>', notice)
    assert [label for _, label in offers] == ["mornings", "afternoons"]
    mornings = team_client.get(offers[0][0].replace("&amp;", "&")).get_data(as_text=True)
    assert "Saturday yoga" in mornings and "Evening yoga" not in mornings


@pytest.mark.parametrize("path", ["/", "/public/search"])
def test_a_request_only_for_whom_it_is_shows_every_entry_and_says_why(
    team_client: FlaskClient, places: dict[str, str], path: str
) -> None:
    moved = _query(team_client.get(path, query_string={"q": "something for my mum"}))
    assert moved.get("q", [""]) == [""] and moved["asked"] == ["something for my mum"]
    text = team_client.get(path, query_string={**moved, "q": ""}).get_data(as_text=True)
    assert "We read “something for my mum” as asking for anything, so every entry is shown." in text
    assert "Saturday yoga" in text and "Far yoga" in text
    # beside a topic, whom it is for is not searched: "mum" is in no entry
    moved = _query(team_client.get(path, query_string={"q": "yoga for my mum"}))
    assert moved["q"] == ["yoga"]


@pytest.mark.parametrize("path", ["/", "/public/search"])
def test_new_words_typed_over_the_read_ones_take_the_interest_they_named_with_them(
    app: Flask, team_client: FlaskClient, places: dict[str, str], path: str
) -> None:
    week = {"day": "sa", "start": "14:00", "end": "16:00"}
    add(app, "Chess in the café", sessions=[week], confirmed_at=utcnow())
    moved, _ = read_and_search(team_client, path, "yoga on saturday")
    assert moved["interest"] == ["yoga"] and moved["day"] == ["sa"] and moved["read"] == ["yoga"]
    # The box shows "yoga" with the yoga box ticked and Saturday chosen; "chess" is typed over it.
    form = {"q": "chess", "read": "yoga", "interest": "yoga", "day": "sa"}
    again = _query(team_client.get(path, query_string=form))
    assert "interest" not in again and again["day"] == ["sa"] and again["q"] == ["chess"]
    text = team_client.get(path, query_string=again).get_data(as_text=True)
    assert "Chess in the café" in text and "Saturday yoga" not in text
    assert "yoga (remove this filter)" not in text and "Saturday<span" in text
    # a word from the box kept keeps the interest it named
    form = {"q": "yoga chess", "read": "yoga", "interest": "yoga", "day": "sa"}
    kept = team_client.get(path, query_string=form)
    assert kept.status_code == 200 or _query(kept).get("interest") == ["yoga"]


@pytest.mark.parametrize("path", ["/", "/public/search"])
def test_a_place_typed_with_a_slip_is_searched_as_the_known_one_and_the_page_says_so(
    team_client: FlaskClient, places: dict[str, str], path: str
) -> None:
    moved, text = read_and_search(team_client, path, "yoga in armly")
    assert moved["near"] == ["armley"]  # as the gazetteer has it
    assert "We know no place called “armly”, so these are the results near armley." in text
    _, text = read_and_search(team_client, path, "yoga in armley")
    assert "We know no place called" not in text


@pytest.mark.parametrize("path", ["/", "/public/search"])
def test_a_card_under_a_day_filter_gives_the_next_session_on_that_day(
    app: Flask, team_client: FlaskClient, path: str
) -> None:
    # Sessions every day: the next of all is within a day; the next on the day after tomorrow
    # comes later, and is the one a search for that day should show.
    every_day = [{"day": day, "start": "18:00", "end": "19:00"} for day in DAYS]
    add(app, "Daily drop-in", sessions=every_day, confirmed_at=utcnow())
    later = DAYS[(local_time(utcnow()).weekday() + 2) % 7]
    text = team_client.get(path, query_string={"q": "drop-in", "day": later}).get_data(as_text=True)
    shown = re.search(r"Next session that fits</dt>\s*<dd>(\w+)", text)
    assert shown and shown.group(1) == DAY_NAMES[later]
    # with no day asked for, the next of all, as before
    text = team_client.get(path, query_string={"q": "drop-in"}).get_data(as_text=True)
    assert "Daily drop-in" in text and "Next session</dt>" in text and "that fits" not in text


@pytest.mark.parametrize("path", ["/", "/public/search", "/public/embed"])
def test_words_in_the_address_the_box_did_not_read_are_never_said_back(
    team_client: FlaskClient, places: dict[str, str], path: str
) -> None:
    spoof = "URGENT: this directory has closed. For help ring 0900 123 4567"
    text = team_client.get(path, query_string={"asked": spoof, "q": "", "free": "1"}).get_data(
        as_text=True
    )
    assert "0900 123 4567" not in text and "We read" not in text
    # nor filters it never set beside words it did read
    text = team_client.get(path, query_string={"asked": "yoga on saturday", "q": "yoga"})
    assert "We read" not in text.get_data(as_text=True)
    # the box's own reading is still said back
    moved = _query(team_client.get(path, query_string={"q": "free yoga on saturday"}))
    text = team_client.get(path, query_string=moved).get_data(as_text=True)
    assert "We read “free yoga on saturday” as the filters below" in text


@pytest.mark.parametrize("path", ["/", "/public/search"])
def test_a_search_for_today_says_when_nothing_found_meets_again_today(
    app: Flask, team_client: FlaskClient, path: str
) -> None:
    today = DAYS[local_time(utcnow()).weekday()]
    early = [{"day": today, "start": "00:00", "end": "00:01"}]  # over for today (but at 00:00)
    add(app, "Midnight yoga", sessions=early, interests=["yoga"], confirmed_at=utcnow())
    _, text = read_and_search(team_client, path, "yoga today")
    assert "Midnight yoga" in text and "Nothing here meets again today: these meet on " in text
    late = [{"day": today, "start": "23:58", "end": "23:59"}]
    add(app, "Late yoga", sessions=late, interests=["yoga"], confirmed_at=utcnow())
    _, text = read_and_search(team_client, path, "yoga today")
    assert "Late yoga" in text and "Nothing here meets again today" not in text


@pytest.mark.parametrize("path", ["/", "/public/search"])
def test_nothing_found_with_no_filter_is_not_told_to_use_fewer_filters(
    team_client: FlaskClient, places: dict[str, str], path: str
) -> None:
    text = team_client.get(path, query_string={"q": "zebracorn"}).get_data(as_text=True)
    assert "Nothing matched. Try other words" in text and "fewer filters" not in text
