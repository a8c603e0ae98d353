"""The public directory: only confirmed, public, active entries and their public fields; cache
headers; a search that works as a plain GET form; the embeddable page."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from core import db
from core.times import date_text, local_time, utcnow
from directory.models import GazetteerEntry
from directory.models.base import DAYS
from directory.views.caching import CACHE_CONTROL
from tests.directory.public_helpers import CANARY, add_resource, make_directory, walking_group


@pytest.fixture
def ids(app: Flask) -> dict[str, str]:
    """The shared public/hidden directory."""
    return make_directory(app)


def public_urls(ids: dict[str, str]) -> list[str]:
    """Every public page and feed, including searches that would match the hidden entries."""
    visible = ids["visible"]
    return [
        "/public/",
        "/public/search",
        "/public/search?q=",
        "/public/search?q=walk",
        "/public/search?q=unconfirmed",
        "/public/search?q=private+closed+paused",
        "/public/search?q=&near=N7+6QT&radius=5&sort=distance",
        "/public/search?interest=walking&access=step-free",
        "/public/embed",
        "/public/embed?q=walk",
        f"/public/resources/{visible}",
        f"/public/resources/{visible}/print",
        f"/public/resources/{visible}.ics",
        "/api/hsds/services",
        "/api/hsds/services?search=walk",
        "/api/hsds/services?search=unconfirmed+private+closed+paused",
        f"/api/hsds/services/{visible}",
        "/api/hsds/organizations",
        "/api/hsds/taxonomies",
        "/api/hsds/taxonomy_terms?per_page=100",
        "/openapi.json",
    ]


def test_public_pages_never_show_team_only_fields_or_hidden_entries(
    client: FlaskClient, ids: dict[str, str]
) -> None:
    for url in public_urls(ids):
        response = client.get(url)
        assert response.status_code == 200, url
        assert CANARY not in response.get_data(as_text=True), url
    # The visible entry is there, so the pages above were not simply empty.
    assert "Tuesday walking group" in client.get("/public/search?q=walk").get_data(as_text=True)
    assert client.get("/api/hsds/services").get_json()["total_items"] == 1


@pytest.mark.parametrize("which", ["unconfirmed", "not_public", "closed", "paused"])
def test_hidden_entries_are_not_found(client: FlaskClient, ids: dict[str, str], which: str) -> None:
    hidden = ids[which]
    for url in (
        f"/public/resources/{hidden}",
        f"/public/resources/{hidden}/print",
        f"/public/resources/{hidden}.ics",
        f"/api/hsds/services/{hidden}",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert CANARY not in response.get_data(as_text=True)


def test_an_organisation_running_only_hidden_entries_is_not_listed(
    client: FlaskClient, ids: dict[str, str]
) -> None:
    names = [o["name"] for o in client.get("/api/hsds/organizations").get_json()["contents"]]
    assert names == ["Friends of the Park"]
    assert client.get(f"/api/hsds/organizations/{ids['hidden_organisation']}").status_code == 404
    assert client.get(f"/api/hsds/organizations/{ids['organisation']}").status_code == 200


def test_public_pages_are_cacheable_with_validators(
    client: FlaskClient, ids: dict[str, str]
) -> None:
    for url in public_urls(ids):
        response = client.get(url)
        assert response.headers["Cache-Control"] == CACHE_CONTROL, url
        assert response.headers.get("ETag"), url
        assert "Set-Cookie" not in response.headers, url
        again = client.get(url, headers={"If-None-Match": response.headers["ETag"]})
        assert again.status_code == 304, url
        assert again.get_data() == b""


def test_resource_pages_say_when_they_last_changed(
    client: FlaskClient, ids: dict[str, str]
) -> None:
    response = client.get(f"/public/resources/{ids['visible']}")
    assert response.last_modified is not None
    later = client.get(
        f"/public/resources/{ids['visible']}",
        headers={"If-Modified-Since": response.headers["Last-Modified"]},
    )
    assert later.status_code == 304


def test_signed_in_visitors_get_no_store(
    client: FlaskClient, ids: dict[str, str], member: Any
) -> None:
    response = client.get(f"/public/resources/{ids['visible']}")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


def test_bad_search_is_a_clear_400_that_is_not_cached(
    client: FlaskClient, ids: dict[str, str]
) -> None:
    response = client.get("/public/search?max_cost=lots&day=someday")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "There is a problem with the search" in page
    assert "Enter the most to pay per session in pounds" in page  # no "they" to the public
    assert "Choose a day of the week from the list" in page
    assert "public" not in response.headers.get("Cache-Control", "")


def test_search_is_a_plain_get_form(client: FlaskClient, ids: dict[str, str]) -> None:
    page = client.get("/public/search").get_data(as_text=True)
    form = re.search(r'<form class="search-form" method="get" action="([^"]+)"', page)
    assert form and form.group(1) == "/public/search"
    for name in ("q", "near", "radius", "free", "max_cost", "day", "from", "to", "access",
                 "interest", "setting", "sort"):  # fmt: skip
        assert f'name="{name}"' in page, name


def names(client: FlaskClient, query: str) -> list[str]:
    """The result names of a public search, read from the HTML (as without JavaScript)."""
    page = client.get(f"/public/search?{query}").get_data(as_text=True)
    return re.findall(r'<h3><a href="/public/resources/[^"]+">([^<]+)</a></h3>', page)


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("q=walk", True),
        ("q=choir", False),
        ("interest=walking", True),
        ("interest=singing", False),
        ("access=step-free&access=newcomers-welcome", True),
        ("access=hearing-loop", False),
        ("free=1", False),
        ("max_cost=2", True),
        ("max_cost=1", False),
        ("max_cost=1&benefits=1", True),
        ("day=tu", True),
        ("day=mo", False),
        ("day=tu&from=09:00&to=12:00", True),
        ("day=tu&from=12:00&to=18:00", False),
        ("near=N7+6QT&radius=1", True),
        ("setting=online", False),
    ],
)
def test_each_public_filter_works_without_javascript(
    client: FlaskClient, ids: dict[str, str], query: str, found: bool
) -> None:
    assert names(client, query) == (["Tuesday walking group"] if found else [])


def test_distance_search_far_away_finds_nothing(client: FlaskClient, app: Flask) -> None:
    add_resource(
        app,
        walking_group(
            name="Far walk",
            locations=[{"postcode": "LS1 1AA", "latitude": 53.8, "longitude": -1.55}],
        ),
    )
    make_directory(app)
    assert names(client, "near=N7+6QT&radius=5") == ["Tuesday walking group"]


def test_results_have_a_map_container_and_work_without_it(
    client: FlaskClient, ids: dict[str, str]
) -> None:
    page = client.get("/public/search?q=walk").get_data(as_text=True)
    assert 'id="results-map"' in page and 'id="map-data"' in page
    assert "/public/resources/" + ids["visible"] in page
    # The map panel stays hidden until its script runs; the list is there regardless.
    assert '<section class="map-panel" id="map-panel" aria-labelledby="map-title" hidden>' in page
    assert '<ol class="result-list">' in page


def test_each_page_shows_when_the_entry_was_last_checked(
    client: FlaskClient, ids: dict[str, str]
) -> None:
    for url in (
        "/public/search?q=walk",
        "/public/embed",
        f"/public/resources/{ids['visible']}",
    ):
        page = client.get(url).get_data(as_text=True)
        assert "Last checked today" in page, url
    paper = client.get(f"/public/resources/{ids['visible']}/print").get_data(as_text=True)
    assert f"Last checked on {date_text(utcnow())}" in paper  # read another day: a date


def test_resource_page_shows_public_details(client: FlaskClient, ids: dict[str, str]) -> None:
    page = client.get(f"/public/resources/{ids['visible']}").get_data(as_text=True)
    for text in (
        "Tuesday walking group",
        "Run by Friends of the Park",
        "Every Tuesday, 10:00 to 11:30",
        "Second Saturday of the month, 14:00 to 16:00",
        "£2, free with benefits",
        "Park gates",
        "020 7946 0001",
        f"/public/resources/{ids['visible']}.ics",
        f"/public/resources/{ids['visible']}/print",
    ):
        assert text in page, text
    assert "correction" not in page.lower()


def test_printable_page_has_a_print_button_for_scripts(
    client: FlaskClient, ids: dict[str, str]
) -> None:
    page = client.get(f"/public/resources/{ids['visible']}/print").get_data(as_text=True)
    assert 'id="print-button"' in page and "js/print.js" in page


def test_only_the_embed_page_may_be_framed(client: FlaskClient, ids: dict[str, str]) -> None:
    embed = client.get("/public/embed?q=walk")
    assert "frame-ancestors *" in embed.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in embed.headers
    assert "Tuesday walking group" in embed.get_data(as_text=True)
    for url in ("/public/", "/public/search", f"/public/resources/{ids['visible']}"):
        response = client.get(url)
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"], url
        assert response.headers["X-Frame-Options"] == "DENY"


def test_embed_links_open_the_public_pages(client: FlaskClient, ids: dict[str, str]) -> None:
    page = client.get("/public/embed").get_data(as_text=True)
    assert '<base target="_blank">' in page
    assert f"http://localhost/public/resources/{ids['visible']}" in page
    assert "http://localhost/public/search" in page


def test_embed_says_which_filters_a_partner_chose(client: FlaskClient, ids: dict[str, str]) -> None:
    page = client.get("/public/embed?interest=walking&day=tu").get_data(as_text=True)
    chips = re.findall(r'<a class="chip" target="_self" href="[^"]+">([^<]+)<', page)
    assert "Showing:" in page and chips == ["walking", "Tuesday"]  # removable, in the frame
    assert "Tuesday walking group" in page
    assert "Showing:" not in client.get("/public/embed").get_data(as_text=True)


def test_embed_shows_the_search_notices(
    client: FlaskClient, app: Flask, ids: dict[str, str]
) -> None:
    with app.app_context():
        session = db.get_session()
        session.add(
            GazetteerEntry(key="N7", kind="district", name="N7", latitude=51.55, longitude=-0.12)
        )
        session.commit()
    page = client.get("/public/embed?near=n7+9zz").get_data(as_text=True)
    assert (
        '<p class="notice">We could not find the postcode N7 9ZZ; showing results near N7.</p>'
        in page
    )
    assert "Tuesday walking group" in page
    page = client.get("/public/embed?page=abc").get_data(as_text=True)
    assert "The page must be a whole number" in page and "showing page 1." in page


def test_home_page_offers_search_and_the_embed_code(
    client: FlaskClient, ids: dict[str, str]
) -> None:
    page = client.get("/public/").get_data(as_text=True)
    assert 'action="/public/search"' in page
    assert '&lt;iframe src="http://localhost/public/embed"' in page
    assert "There is 1 entry; it was checked in the last 6 months." in page


def test_an_entry_that_becomes_hidden_leaves_the_public_pages(
    client: FlaskClient, app: Flask, ids: dict[str, str]
) -> None:
    from core import db
    from directory.models import Resource

    with app.app_context():
        session = db.get_session()
        row = session.get(Resource, ids["visible"])
        assert row is not None
        row.is_public = False
        session.commit()
    assert names(client, "q=walk") == []
    assert client.get(f"/public/resources/{ids['visible']}").status_code == 404
    assert client.get("/api/hsds/services").get_json()["total_items"] == 0


@pytest.mark.parametrize(
    "query", ["interest=Walking", "interest=WALKING", "access=Step-free%20access", "day=TU"]
)
def test_an_embed_filter_written_as_the_page_shows_it_works(
    client: FlaskClient, ids: dict[str, str], query: str
) -> None:
    # a partner copies a value as it reads on the page, in its own case
    page = client.get(f"/public/embed?{query}")
    assert page.status_code == 200 and "Tuesday walking group" in page.get_data(as_text=True)
    assert client.get("/public/embed?interest=walkin").status_code == 400


def test_a_phone_number_with_an_extension_is_linked_so_a_phone_rings_the_right_number(
    client: FlaskClient, app: Flask
) -> None:
    rid = add_resource(app, walking_group(phone="0113 496 0000 ext 2"))
    page = client.get(f"/public/resources/{rid}").get_data(as_text=True)
    assert 'href="tel:+44-113-496-0000;ext=2">0113 496 0000 ext 2</a>' in page


def test_a_printed_page_says_dates_not_tomorrow_or_weeks_ago(
    client: FlaskClient, app: Flask
) -> None:
    tomorrow = local_time(utcnow()) + timedelta(days=1)
    week = [{"day": DAYS[tomorrow.weekday()], "start": "10:00", "end": "11:00"}]
    rid = add_resource(app, walking_group(sessions=week), last_confirmed_at=utcnow())
    screen = client.get(f"/public/resources/{rid}").get_data(as_text=True)
    assert "Tomorrow, 10:00" in screen
    paper = client.get(f"/public/resources/{rid}/print").get_data(as_text=True)
    assert "Tomorrow" not in paper and " ago" not in paper
    assert f"{tomorrow.day} {tomorrow:%B %Y}, 10:00" in paper and "Last checked on " in paper
    assert f"Printed on {date_text(utcnow())} from http" in paper


@pytest.mark.parametrize("path", ["/public/search?q=walk", "/?q=walk"])
def test_a_card_says_when_an_entry_is_joined_only_by_referral(
    client: FlaskClient, app: Flask, member: Any, path: str
) -> None:
    add_resource(app, walking_group(how_to_join="referral"))
    page = client.get(path).get_data(as_text=True)
    assert "<dt>How to join</dt><dd>By referral</dd>" in page


def test_the_embeds_second_page_says_which_results_it_shows(
    client: FlaskClient, app: Flask
) -> None:
    for n in range(12):
        add_resource(app, walking_group(name=f"Walk number {n}"))
    first = client.get("/public/embed?q=walk").get_data(as_text=True)
    second = client.get("/public/embed?q=walk&page=2").get_data(as_text=True)
    assert "12 results, showing the first 10." in first
    assert "12 results, showing 11 to 12." in second
