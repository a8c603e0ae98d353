"""Connections in a real browser: record a tie and a connection, see the network picture."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from core import db
from core.accounts import get_or_create_team
from core.db import get_session
from directory.models import ResourceCreate
from directory.resources import create_resource
from matcher import features
from matcher.models import PersonCreate, ShortlistItem
from matcher.people import create_person

from .conftest import axe_violations, follow, sign_in

pytestmark = pytest.mark.browser

HOME = (51.5548, -0.1192)


@pytest.fixture
def person_id(app: Flask, users: dict[str, int]) -> int:
    """One resource on the shortlist of one person in team North."""
    features.clear_cache()
    with app.app_context():
        session = get_session()
        resource = create_resource(
            session,
            ResourceCreate(
                name="Canal Singers",
                description="A friendly community choir.",
                interests=["singing"],
                locations=[{"postcode": "N7 6QT", "latitude": HOME[0], "longitude": HOME[1]}],
            ),
            confirmed=True,
        )
        session.commit()
        rid = resource.id
    with app.app_context(), db.write_session() as session:
        team = get_or_create_team(session, "North")
        person = create_person(
            session,
            PersonCreate(label="B.", latitude=HOME[0], longitude=HOME[1]),
            int(team.id or 0),
        )
        session.flush()
        session.add(ShortlistItem(person_id=int(person.id or 0), resource_id=rid))
        return int(person.id or 0)


def test_record_a_tie_and_a_connection_and_see_the_network(
    page: Any, live_server: str, person_id: int
) -> None:
    sign_in(page, live_server, "practitioner@example.org")
    page.goto(f"{live_server}/people/{person_id}")
    follow(page, ".person-nav >> text=Connections")
    assert page.locator("h1").inner_text() == "Connections and network for B."

    page.fill("#tie-label", "Sam Hughes")
    page.check("#kind-bridging")
    page.check("#closeness-close")
    follow(page, "button:has-text('Record this tie')")
    assert "looks like a full name" in page.locator("[role=alert]").inner_text()
    assert page.input_value("#tie-label") == "Sam Hughes"  # nothing typed is lost

    page.fill("#tie-label", "Sam from choir")
    page.check("#help-advice")
    follow(page, "button:has-text('Record this tie')")
    assert "Tie recorded." in page.content()

    picture = page.locator("section[aria-labelledby=network-title] svg[role=img]")
    assert picture.is_visible()
    assert "Sam from choir" in picture.inner_html()
    table = page.locator("#network-table").inner_text()
    assert "Sam from choir" in table and "In the community (bridging)" in table
    assert "Close" in table and "Advice" in table

    page.select_option("#resource_id", label="Canal Singers")
    page.select_option("#stage", "tried")
    follow(page, "section[aria-labelledby=log-title] button[type=submit]")
    log = page.locator("section[aria-labelledby=log-title]").inner_text()
    assert "Canal Singers – Tried it" in log

    page.select_option("#stage", "stopped")
    follow(page, "section[aria-labelledby=log-title] button[type=submit]")
    assert "Choose why they stopped" in page.locator("[role=alert]").inner_text()
    # The summary at the top has the focus, and links to the message beside the log's form.
    page.wait_for_function("document.activeElement.id === 'error-summary'")
    assert page.evaluate("window.scrollY") < 400
    page.click("#error-summary a")
    assert page.locator("#stage-error").is_visible()
    found = axe_violations(page)
    assert found == [], f"axe on the connections page: {found}"
