"""Word of mouth in a real Chromium: what a member heard is previewed beside a confirmed record,
held from the public page, the HSDS API and a handout, and applied once a colleague confirms it."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from sqlmodel import select

from core import db
from core.models import Team
from directory.models import ResourceCreate
from directory.resources import create_resource
from matcher import shortlist
from matcher.models import PersonCreate
from matcher.people import create_person

from .conftest import axe_violations, follow, sign_in

pytestmark = pytest.mark.browser

SHOTS = "/tmp/shots"


@pytest.fixture
def cafe(app: Flask, users: dict[str, int]) -> dict[str, Any]:
    """A confirmed monthly repair café, on a person's shortlist."""
    with app.app_context():
        session = db.get_session()
        resource = create_resource(
            session,
            ResourceCreate(
                name="Repair café in Moorcross",
                description="Bring something broken; volunteers help fix it.",
                phone="0113 496 0000",
                locations=[{"postcode": "LS12 3AA", "name": "Moorcross Hall"}],
                sessions=[
                    {"freq": "monthly", "ordinal": 2, "day": "su", "start": "11:00", "end": "14:00"}
                ],
            ),
            confirmed=True,
        )
        north = session.exec(select(Team).where(Team.name == "North")).one()
        person = create_person(session, PersonCreate(label="B."), int(north.id or 0))
        session.flush()
        shortlist.add(session, person, resource.id, users["practitioner"])
        session.commit()
        return {"id": resource.id, "person": person.id}


def test_add_what_i_heard_is_held_until_a_colleague_confirms(
    page: Any, live_server: str, cafe: dict[str, Any], browser: Any
) -> None:
    rid = cafe["id"]
    sign_in(page, live_server)
    page.goto(f"{live_server}/resources/{rid}")
    follow(page, "a:has-text('Add what I heard')")
    page.select_option("#day", "sa")
    page.fill("#start", "10am")
    page.fill("#end", "12.30pm")
    page.fill("#place", "LS12 3AA")
    page.fill("#phone", "0113 496 0999")
    page.fill("#told_by", "A poster in the library")
    follow(page, "button:has-text('Compare with the record')")
    preview = page.locator("table.preview")
    assert "Same" in preview.locator("#locations-0").inner_text()
    assert "Differs" in preview.locator("#phone").inner_text()
    assert "Differs" in preview.locator("#sessions-0").inner_text()
    page.check("#choice-sessions-0-replace")
    page.check("#choice-phone-replace")
    assert axe_violations(page) == []
    page.screenshot(path=f"{SHOTS}/heard-preview-1280.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=f"{SHOTS}/heard-preview-390.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    follow(page, "button:has-text('Hold for confirmation')")
    assert "Held as a change waiting for confirmation" in page.content()
    waiting = page.locator("section.pending-change").inner_text()
    assert "0113 496 0999" in waiting and "Every Saturday, 10:00 to 12:30" in waiting
    assert page.locator(".markers .badge-pending").is_visible()
    page.screenshot(path=f"{SHOTS}/heard-held-1280.png", full_page=True)

    # Not on the public page, the HSDS API or the person's handout.
    public = page.request.get(f"{live_server}/public/resources/{rid}").text()
    assert "0113 496 0000" in public and "0113 496 0999" not in public
    assert "Saturday" not in public
    api = page.request.get(f"{live_server}/api/hsds/services/{rid}").text()
    assert "0113 496 0000" in api and "0113 496 0999" not in api
    page.goto(f"{live_server}/workspace/review")
    assert "Change waiting" in page.locator(".queue-row").first.inner_text()

    # The member who heard it cannot confirm her own; a colleague can.
    page.goto(f"{live_server}/resources/{rid}")
    assert page.locator("button:has-text('Confirm this change')").count() == 0  # no dead end
    assert "a colleague can" in page.locator(".pending-change").inner_text()
    other = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(other, live_server, "practitioner@example.org")
    other.goto(f"{live_server}/people/{cafe['person']}/handout")
    handout = other.locator("article.handout").inner_text()
    assert "Repair café in Moorcross" in handout and "Saturday" not in handout
    other.context.close()
    other = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(other, live_server, "admin@example.org")
    other.goto(f"{live_server}/resources/{rid}")
    follow(other, "button:has-text('Confirm this change')")
    assert "the change is now part of the record" in other.content()
    public = other.request.get(f"{live_server}/public/resources/{rid}").text()
    assert "0113 496 0999" in public and "Saturday" in public
    other.context.close()


def test_merge_with_a_choice_per_field_and_per_time(
    page: Any, live_server: str, cafe: dict[str, Any], app: Flask
) -> None:
    keep = cafe["id"]
    with app.app_context():
        session = db.get_session()
        copy = create_resource(
            session,
            ResourceCreate(
                name="Moorcross Repair Cafe",
                phone="0113 496 0999",
                locations=[{"postcode": "LS12 3AA"}],
                sessions=[{"day": "sa", "start": "10:00", "end": "12:00"}],
            ),
        )
        session.commit()
        other = copy.id
    sign_in(page, live_server)
    page.goto(f"{live_server}/workspace/resources/{keep}/merge?with={other}")
    table = page.locator("table.merge-table").inner_text()
    assert "Running" in table and "Needs checking" in table and "active" not in table
    page.check("#field-phone-other")
    page.uncheck("#row-sessions-other-0")
    assert axe_violations(page) == []
    page.screenshot(path=f"{SHOTS}/merge-1280.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=f"{SHOTS}/merge-390.png", full_page=True)
    follow(page, "button:has-text('Merge')")
    assert "needs checking before it shows publicly again" in page.content()
    page.goto(f"{live_server}/resources/{keep}")
    text = page.locator("article.resource").inner_text()
    assert "0113 496 0999" in text and "Saturday" not in text
    assert "Needs checking" in text
    page.goto(f"{live_server}/workspace/resources/{keep}/history")
    follow(page, "button:has-text('Undo this merge')")
    page.goto(f"{live_server}/resources/{other}")
    assert "Moorcross Repair Cafe" in page.locator("h1").inner_text()


def test_ask_the_organiser_link_works_once(
    page: Any, live_server: str, cafe: dict[str, Any], browser: Any
) -> None:
    rid = cafe["id"]
    sign_in(page, live_server)
    page.goto(f"{live_server}/resources/{rid}")
    page.screenshot(path=f"{SHOTS}/resource-team-1280.png", full_page=True)
    page.click("summary:has-text('Ask the organiser')")
    follow(page, "button:has-text('Make a link for the organiser')")
    link = page.input_value("#organiser-link")
    assert "/organiser/" in link and link in page.input_value("#organiser-message")
    assert axe_violations(page) == []
    page.screenshot(path=f"{SHOTS}/organiser-asked-1280.png", full_page=True)

    organiser = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    organiser.goto(link)
    listing = organiser.locator("section.organiser-listing").inner_text()
    assert "0113 496 0000" in listing and "Moorcross Hall" in listing
    assert axe_violations(organiser) == []
    organiser.screenshot(path=f"{SHOTS}/organiser-390.png", full_page=True)
    organiser.fill("#phone", "0113 496 0777")
    organiser.fill("#note", "We also meet on the last Sunday now")
    follow(organiser, "button:has-text('Send the changes')")
    assert "The team will check what you sent" in organiser.content()
    organiser.goto(link)
    assert "already been used" in organiser.content()
    organiser.screenshot(path=f"{SHOTS}/organiser-used-390.png", full_page=True)
    organiser.context.close()

    page.goto(f"{live_server}/resources/{rid}")
    waiting = page.locator("section.pending-change").inner_text()
    assert "The organiser said this" in waiting and "0113 496 0777" in waiting
    assert "last Sunday" in waiting
    follow(page, "button:has-text('Confirm this change')")  # not hers: anyone may confirm
    assert "the change is now part of the record" in page.content()
    public = page.request.get(f"{live_server}/public/resources/{rid}").text()
    assert "0113 496 0777" in public


def test_quick_add_with_a_start_and_no_end_is_saved_and_said_from_its_start(
    page: Any, live_server: str, users: dict[str, int]
) -> None:
    sign_in(page, live_server)
    page.goto(f"{live_server}/workspace/add")
    assert "Ends at (optional)" in page.locator("label[for=end]").inner_text()
    page.fill("#name", "Open mic night")
    page.fill("#place", "LS12 3AA")
    page.select_option("#day", "th")
    page.fill("#start", "3pm")
    page.fill("#end", "2pm")
    page.fill("#told_by", "A poster in the library")
    follow(page, "button:has-text('Check and save')")
    assert "The end time (14:00) is before it starts (15:00)" in page.content()
    assert (page.input_value("#start"), page.input_value("#end")) == ("3pm", "2pm")  # kept
    assert axe_violations(page) == []
    page.fill("#start", "7pm")
    page.fill("#end", "")
    follow(page, "button:has-text('Check and save')")
    assert "Every Thursday, from 19:00" in page.locator("main").inner_text()
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{SHOTS}/quick-add-no-end-{width}.png", full_page=True)
