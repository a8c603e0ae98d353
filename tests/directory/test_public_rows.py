"""Public search result cards (read without ORM objects) say what the entry's own page says, and
a repeated search is the same page with the same validators."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient

from directory.vocabulary import ACCESS, SETTING, label
from tests.directory.public_helpers import add_resource, make_directory, walking_group


def _fact(html: str, name: str) -> list[str]:
    """Every value shown under the given fact name."""
    return re.findall(rf"<dt>{name}</dt><dd>([^<]*)", html)


def test_a_result_card_agrees_with_the_entry_page(app: Flask, client: FlaskClient) -> None:
    ids = make_directory(app)
    page = client.get(f"/public/resources/{ids['visible']}").get_data(as_text=True)
    card = client.get("/public/search?q=walking").get_data(as_text=True)
    assert card.count('<li class="card result">') == 1  # the hidden walks are not listed
    assert _fact(card, "Cost") == _fact(page, "Cost") == ["£2, free with benefits"]
    assert _fact(card, "Next session") == _fact(page, "Next session")
    assert _fact(card, "Next session")[0] != "Not known"
    assert _fact(card, "Setting") == _fact(page, "Setting") == [label(SETTING, "community")]
    assert '<p class="org">Friends of the Park</p>' in card
    assert label(ACCESS, "step-free") in card and label(ACCESS, "newcomers-welcome") in card
    assert '"place": "Park gates"' in card  # the map pin


def test_an_entry_without_times_costs_or_organisation(app: Flask, client: FlaskClient) -> None:
    add_resource(app, walking_group(name="Open allotment", sessions=[], costs=[], access=[]))
    card = client.get("/public/search?q=allotment").get_data(as_text=True)
    assert card.count('<li class="card result">') == 1
    assert _fact(card, "Cost") == ["Not known"]  # no price recorded is not a price of nothing
    assert _fact(card, "Next session") == ["Not known"]
    assert 'class="org"' not in card and 'class="access-list"' not in card


def test_a_repeated_search_page_is_the_same_page(app: Flask, client: FlaskClient) -> None:
    make_directory(app)
    url = "/public/search?q=walking&interest=walking&access=step-free"
    first = client.get(url)
    again = client.get(url)
    assert again.get_data() == first.get_data()
    assert again.headers["ETag"] == first.headers["ETag"]
    assert again.headers["Content-Security-Policy"] == first.headers["Content-Security-Policy"]
    assert 'id="interest-' in again.get_data(as_text=True)
    unchanged = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert unchanged.status_code == 304
