"""What a reader of a resource page sees: each fact said once, 'Not known' where a person needs
the fact, and when the entry was last checked, claiming nothing more."""

from __future__ import annotations

import html
import re
from datetime import timedelta
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from core.times import utcnow
from directory.wording import distance_text
from tests.directory.public_helpers import add_resource, walking_group

BENEFITS = "£3 a session; £1 for people receiving benefits"


def text(page: str) -> str:
    """A page's words as a reader sees them: tags dropped, spaces collapsed."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def fact(page: str, name: str) -> str:
    """The words shown for one fact on the page ('' when it is not shown)."""
    found = re.search(rf"<dt>{name}</dt>\s*<dd>(.*?)</dd>", page, re.S)
    return text(found.group(1)) if found else ""


def pages(client: FlaskClient, rid: str) -> list[str]:
    """The public page and the team's page of one resource (the client is signed in)."""
    return [
        client.get(url).get_data(as_text=True)
        for url in (f"/public/resources/{rid}", f"/resources/{rid}")
    ]


def test_each_cost_and_way_to_join_is_said_once(
    app: Flask, client: FlaskClient, member: Any
) -> None:
    free = add_resource(
        app,
        walking_group(
            costs=[{"amount_pence": 0}],
            fees_description="Free",
            how_to_join="drop-in",
            join_details="Drop in with your item; last repairs are taken an hour before the end.",
        ),
    )
    paid = add_resource(
        app,
        walking_group(
            name="Sewing class",
            costs=[{"amount_pence": 300}, {"kind": "concession", "amount_pence": 100}],
            fees_description=BENEFITS,
            how_to_join="booking",
            join_details="Machines and materials are provided.",
        ),
    )
    for page in pages(client, free):
        assert fact(page, "Cost") == "Free"
        assert "Free / Free" not in text(page) and "Free Free" not in text(page)
        how = fact(page, "How to join")
        assert how == "Drop in with your item; last repairs are taken an hour before the end."
        assert "Drop in: Drop in" not in text(page)
    for page in pages(client, paid):
        assert fact(page, "Cost") == BENEFITS  # the source's words give both prices: once
        assert "£3, £1 with benefits" not in text(page)
        assert (
            fact(page, "How to join") == "Book a place first. Machines and materials are provided."
        )


def test_prices_and_words_that_add_to_them_are_both_said(
    app: Flask, client: FlaskClient, member: Any
) -> None:
    rid = add_resource(
        app, walking_group(costs=[{"amount_pence": 250}], fees_description="Tea and cake included")
    )
    for page in pages(client, rid):
        assert fact(page, "Cost") == "£2.50. Tea and cake included"


def test_an_empty_cost_time_or_place_says_not_known(
    app: Flask, client: FlaskClient, member: Any
) -> None:
    # A place can go missing only through an import or a later edit, as here.
    rid = add_resource(app, walking_group(costs=[], sessions=[], join_details=""), locations=[])
    for page in pages(client, rid):
        assert fact(page, "Cost") == "Not known"
        assert fact(page, "Next session") == "Not known"
        assert "Where Not known" in text(page)
        assert fact(page, "How to join") == "Drop in: no need to book"
        assert "Free" not in fact(page, "Cost")
    card = client.get("/public/search?q=walking").get_data(as_text=True)
    assert fact(card, "Cost") == "Not known" and fact(card, "Next session") == "Not known"
    online = add_resource(
        app, walking_group(name="Online chat", setting="online", locations=[], access=[])
    )
    for page in pages(client, online):
        assert "Where" not in text(page)  # online: no place to know


def _confirmed(app: Flask, name: str, days_ago: int) -> str:
    return add_resource(
        app, walking_group(name=name), last_confirmed_at=utcnow() - timedelta(days=days_ago)
    )


def test_public_pages_say_when_each_entry_was_last_checked(app: Flask, client: FlaskClient) -> None:
    fresh = _confirmed(app, "Tuesday walking group", 21)
    old_when = utcnow() - timedelta(days=400)
    stale = _confirmed(app, "Thursday walking group", 400)
    month = f"{old_when:%B %Y}"
    page = text(client.get(f"/public/resources/{fresh}").get_data(as_text=True))
    assert "Last checked 3 weeks ago by a local team." in page
    page = text(client.get(f"/public/resources/{stale}").get_data(as_text=True))
    assert f"Not checked since {month}: details may have changed" in page
    assert "by a local team" not in page
    for url in ("/public/search?q=walking", "/public/embed?q=walking"):
        page = text(client.get(url).get_data(as_text=True))
        assert "Last checked 3 weeks ago" in page, url
        assert f"Not checked since {month}" in page, url


def test_the_home_page_claims_only_what_is_true(app: Flask, client: FlaskClient) -> None:
    _confirmed(app, "Tuesday walking group", 10)
    _confirmed(app, "Thursday walking group", 400)
    page = text(client.get("/public/").get_data(as_text=True))
    assert "Every entry has been checked" not in page
    assert "each entry says when it was last checked" in page
    assert "There are 2 entries; 1 of them was checked in the last 6 months." in page


def test_a_distance_too_short_for_a_tenth_is_not_shown_as_nothing() -> None:
    assert distance_text(12.34) == "12.3 km (7.7 miles)"
    assert distance_text(0.1) == "0.1 km (0.1 miles)"
    # 60 m: a tenth of a km, but "0.0 miles" would read as "here"
    assert distance_text(0.06) == "0.1 km (under 0.1 miles)"
    assert distance_text(0.0) == "under 0.1 km (under 0.1 miles)"
    assert distance_text(None) == ""
