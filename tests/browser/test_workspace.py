"""A team member's day in a real Chromium: add by word of mouth, see the duplicate, merge,
confirm, and find the team-only note gone once signed out."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from core import db
from directory.models import ResourceCreate
from directory.resources import create_resource

from .conftest import axe_violations, follow, sign_in

pytestmark = pytest.mark.browser

NOTE = "Ask for Sam at the door"


@pytest.fixture
def choir(app: Flask, users: dict[str, int]) -> str:
    """A confirmed, public resource with a team-only note."""
    with app.app_context():
        session = db.get_session()
        resource = create_resource(
            session,
            ResourceCreate(
                name="Kirkbeck Community Choir",
                description="A friendly choir; no auditions.",
                interests=["singing"],
                locations=[{"postcode": "N7 6QT", "latitude": 51.5548, "longitude": -0.1192}],
                sessions=[{"day": "tu", "start": "14:00", "end": "16:00"}],
                costs=[{"amount_pence": 300}],
                phone="0113 496 0123",
                team_notes=NOTE,
            ),
            confirmed=True,
        )
        session.commit()
        return resource.id


def test_quick_add_duplicate_merge_confirm_and_sign_out(
    page: Any, live_server: str, choir: str
) -> None:
    sign_in(page, live_server)

    page.goto(f"{live_server}/workspace/add")
    assert axe_violations(page) == []
    page.fill("#name", "Kirkbeck Choir")
    page.fill("#place", "N7 6QT")
    page.select_option("#day", "tu")
    page.fill("#start", "14:00")
    page.fill("#end", "16:00")
    page.fill("#told_by", "A poster at the library")
    follow(page, "button:has-text('Check and save')")
    warning = page.locator("#dupes-title")
    assert warning.is_visible()
    assert "Kirkbeck Community Choir" in page.content()
    assert "same venue (N7 6QT)" in page.content()
    assert page.locator(".dupe-likely").inner_text().startswith("Likely match")
    follow(page, "button:has-text('save it anyway')")
    assert "Kirkbeck Choir" in page.content()

    page.goto(f"{live_server}/workspace/resources/{choir}/merge")
    follow(page, "a:has-text('Merge “Kirkbeck Choir” into this one')")
    follow(page, "button:has-text('Merge')")
    assert "Merged. You can undo this" in page.content()

    page.goto(f"{live_server}/resources/{choir}")
    assert NOTE in page.content()
    follow(page, "button:has-text('Still running')")
    assert "is still running" in page.content()
    assert "Last confirmed" in page.content()

    page.goto(f"{live_server}/workspace/review")
    assert axe_violations(page) == []

    follow(page, "button:has-text('Sign out')")
    page.goto(f"{live_server}/resources/{choir}")
    assert NOTE not in page.content()
    page.goto(f"{live_server}/public/resources/{choir}")
    assert "Kirkbeck Community Choir" in page.content()
    assert NOTE not in page.content()


def test_a_team_shares_its_notes_and_another_team_reads_them_by_name(
    page: Any, browser: Any, live_server: str, choir: str
) -> None:
    sign_in(page, live_server)
    page.goto(f"{live_server}/workspace/resources/{choir}/edit")
    assert axe_violations(page) == []
    page.fill("#team_notes", "North: the side door sticks")
    page.fill("#team_contact", "Priya (North's link)")
    follow(page, "button:has-text('Save changes')")
    assert "North: the side door sticks" in page.content()
    assert "Only your team sees these." in page.content()
    assert axe_violations(page) == []

    other = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    sign_in(other, live_server, "other-member@example.org")
    other.goto(f"{live_server}/resources/{choir}")
    assert "the side door sticks" not in other.content()

    page.goto(f"{live_server}/workspace/resources/{choir}/edit")
    page.check("#team_notes_shared")
    follow(page, "button:has-text('Save changes')")
    other.reload()
    shared = other.locator("h3:has-text('Shared by North') + dl")
    assert "North: the side door sticks" in shared.inner_text()
    assert axe_violations(other) == []
    other.context.close()
