"""Editing every kind of fact in a real Chromium with JavaScript off (sessions of each pattern,
prices, a venue from the directory, access, interests, ages, organisation, phones, team notes),
a refusal on the field it belongs to, and two people saving the same entry."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlmodel import select

from core import db
from directory.models import Resource, ResourceCreate
from directory.resources import create_resource

from .conftest import axe_violations, follow, sign_in

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp/shots")


@pytest.fixture
def cafe(app: Flask, users: dict[str, int]) -> str:
    """A monthly repair café, and a tea dance at a step-free hall in the directory."""
    with app.app_context():
        session = db.get_session()
        hall = {
            "name": "St Mark's Hall",
            "postcode": "LS12 3AA",
            "latitude": 53.79,
            "longitude": -1.6,
        }
        create_resource(
            session,
            ResourceCreate(name="Tea dance", locations=[hall], access=["step-free"]),
            confirmed=True,
        )
        resource = create_resource(
            session,
            ResourceCreate(
                name="Repair café in Moorcross",
                description="Bring something broken.",
                locations=[{"name": "Moorcross Library", "postcode": "N7 6QT"}],
                sessions=[
                    {"day": "sa", "freq": "monthly", "ordinal": 2, "start": "10:00", "end": "13:00"}
                ],
                costs=[{"amount_pence": 0}],
            ),
            confirmed=True,
        )
        session.commit()
        return resource.id


@pytest.fixture
def no_js(browser: Any) -> Iterator[Any]:
    """A page with JavaScript turned off, at a desktop size."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, java_script_enabled=False
    )
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def shoot(page: Any, name: str) -> None:
    """Full-page screenshots at 1280 and 390 px wide."""
    SHOTS.mkdir(exist_ok=True)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def load(app: Flask, rid: str) -> Resource:
    with app.app_context():
        found = db.get_session().get(Resource, rid)
        assert found is not None
        return found


def test_edit_each_kind_of_fact_without_javascript(
    no_js: Any, live_server: str, app: Flask, cafe: str
):
    page = no_js
    sign_in(page, live_server)
    page.goto(f"{live_server}/workspace/resources/{cafe}/edit")
    shoot(page, "edit-facts")

    # A fortnightly pattern needs its first date: refused on that box, nothing saved.
    page.select_option("#sessions-0-freq", "fortnightly")
    follow(page, "button[name=save] >> nth=0")
    error = page.locator("#sessions-0-anchor-error")
    assert "needs a start date" in error.inner_text()
    assert page.locator("#sessions-0-anchor").get_attribute("aria-invalid") == "true"
    shoot(page, "edit-facts-error")
    assert load(app, cafe).version == 1

    page.fill("#sessions-0-anchor", "2027-01-09")
    page.fill("#sessions-0-cancelled", "6/2/2027")
    follow(page, "button:has-text('Add another session')")
    page.select_option("#sessions-1-day", "su")
    page.select_option("#sessions-1-freq", "monthly")
    page.select_option("#sessions-1-ordinal", "-1")
    page.fill("#sessions-1-start", "2pm")
    page.fill("#sessions-1-end", "4pm")
    page.fill("#sessions-1-valid_from", "2027-06-01")
    page.fill("#sessions-1-valid_to", "2027-08-31")

    page.fill("#costs-0-amount", "3")
    page.select_option("#costs-0-unit", "session")
    follow(page, "button:has-text('Add another price')")
    page.select_option("#costs-1-kind", "concession")
    page.fill("#costs-1-label", "people receiving benefits")
    page.fill("#costs-1-amount", "1.50")

    page.fill("#venue", "St Mark's Hall, LS12 3AA")
    follow(page, "button:has-text('Add this place')")
    assert "with its access: Step-free access" in page.locator("[role=status]").inner_text()
    assert page.locator("#access-step-free").is_checked()
    page.check("#locations-0-remove")  # the library: it moved to the hall

    page.check("#access-quiet-space")
    page.fill("#interests-0", "mending")
    page.fill("#min_age", "16")
    page.fill("#organisation", "Moorcross Trust")
    page.fill("#phones-0-label", "Bookings")
    page.fill("#phones-0-number", "0113 496 0000")
    page.fill("#team_notes", "Ask for Jo at the door")
    follow(page, "button[name=save] >> nth=-1")

    assert page.url.endswith(f"/resources/{cafe}")
    text = page.locator("main").inner_text()
    assert "Every other Saturday, 10:00 to 13:00" in text
    assert "not on 6 February 2027" in text
    assert "Last Sunday of the month, 14:00 to 16:00 (from 1 June 2027 to 31 August 2027)" in text
    assert "£3, £1.50 with benefits" in text
    assert "St Mark's Hall" in text and "Moorcross Library" not in text
    assert "Moorcross Trust" in text and "Bookings: 0113 496 0000" in text
    saved = load(app, cafe)
    assert saved.access == ["quiet-space", "step-free"]
    assert saved.min_age == 16 and saved.phones == [
        {"label": "Bookings", "number": "0113 496 0000"}
    ]
    assert saved.interests  # "mending" is one of the words for an interest
    shoot(page, "edit-facts-saved")

    page.goto(f"{live_server}/workspace/resources/{cafe}/history")
    history = page.locator("main").inner_text()
    assert "Every other Saturday" in history and "Last Sunday of the month" in history


def test_edit_page_has_no_serious_accessibility_problems(page: Any, live_server: str, cafe: str):
    sign_in(page, live_server)
    page.goto(f"{live_server}/workspace/resources/{cafe}/edit")
    assert axe_violations(page) == []
    page.select_option("#sessions-0-freq", "fortnightly")
    follow(page, "button[name=save] >> nth=0")
    assert axe_violations(page) == []


def test_two_people_save_the_same_entry(
    browser: Any, no_js: Any, live_server: str, app: Flask, cafe: str
):
    mine = no_js
    sign_in(mine, live_server)
    mine.goto(f"{live_server}/workspace/resources/{cafe}/edit")

    other_context = browser.new_context(java_script_enabled=False)
    theirs = other_context.new_page()
    sign_in(theirs, live_server, "admin@example.org")
    theirs.goto(f"{live_server}/workspace/resources/{cafe}/edit")
    theirs.fill("#sessions-0-start", "11am")
    follow(theirs, "button[name=save] >> nth=-1")
    other_context.close()

    mine.fill("#sessions-0-start", "9.30")
    mine.fill("#description", "Bring something broken; we mend it with you.")
    follow(mine, "button[name=save] >> nth=-1")
    alert = mine.locator("[role=alert]")
    assert "Someone else changed this" in alert.inner_text()
    table = alert.locator("table").inner_text()
    assert "09:30 to 13:00" in table and "11:00 to 13:00" in table  # yours and saved
    assert mine.input_value("#sessions-0-start") == "9.30"  # what you typed is kept
    assert "we mend it with you" in mine.input_value("#description")
    assert load(app, cafe).sessions[0].start == "11:00"
    shoot(mine, "edit-facts-conflict")

    follow(mine, "button[name=save] >> nth=-1")
    assert mine.url.endswith(f"/resources/{cafe}")
    assert load(app, cafe).sessions[0].start == "09:30"


def test_a_venue_corrected_once_is_corrected_for_every_entry(
    no_js: Any, live_server: str, app: Flask, cafe: str
):
    page = no_js
    sign_in(page, live_server)
    with app.app_context():
        session = db.get_session()
        dance = session.exec(select(Resource).where(Resource.name == "Tea dance")).one()
        dance_id = dance.id
    page.goto(f"{live_server}/workspace/resources/{dance_id}/edit")
    follow(page, "a:has-text('Correct this venue’s access')")
    page.uncheck("#access-step-free")
    page.check("#access-hearing-loop")
    follow(page, "button:has-text('Show what would change')")
    assert "Hearing loop added; Step-free access taken off" in page.locator("main").inner_text()
    assert load(app, dance_id).access == ["step-free"]  # shown, not saved
    shoot(page, "edit-facts-venue")
    follow(page, "button:has-text('Save for 1 entry')")
    assert "Corrected the access at St Mark's Hall for 1 entry" in page.locator("main").inner_text()
    assert load(app, dance_id).access == ["hearing-loop"]
