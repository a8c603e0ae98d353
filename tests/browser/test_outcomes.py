"""Outcomes in a real browser: a baseline, a follow-up and a second score, and the change seen
on the person's page and in the team report."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from flask import Flask
from sqlmodel import select

from core import db
from core.accounts import get_or_create_team
from core.db import get_session
from directory.models import ResourceCreate
from directory.resources import create_resource
from matcher import features
from matcher.models import FollowUp, OutcomeScore, PersonCreate
from matcher.people import create_person

from .conftest import axe_violations, follow, sign_in

pytestmark = pytest.mark.browser

HOME = (51.5548, -0.1192)
TODAY = date.today()


@pytest.fixture
def person_id(app: Flask, users: dict[str, int]) -> int:
    """B. in team North, who likes singing, near a choir; four others in North with a SWEMWBS
    baseline and a later score each 2 points higher (so B. makes the fifth pair)."""
    features.clear_cache()
    with app.app_context():
        session = get_session()
        create_resource(
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
    with app.app_context(), db.write_session() as session:
        team = int(get_or_create_team(session, "North").id or 0)
        person = create_person(
            session,
            PersonCreate(label="B.", interests=["singing"], latitude=HOME[0], longitude=HOME[1]),
            team,
        )
        for i in range(4):
            other = create_person(session, PersonCreate(label=f"P{i}"), team)
            session.flush()
            for days, value in ((100, 14.0 + i), (5, 16.0 + i)):
                session.add(
                    OutcomeScore(
                        person_id=int(other.id or 0),
                        measure="swemwbs",
                        part="total",
                        value=value,
                        taken_on=TODAY - timedelta(days=days),
                    )
                )
        session.flush()
        return int(person.id or 0)


def _record_swemwbs(page: Any, day: date, total: str) -> None:
    page.fill("#swemwbs-taken_on", day.isoformat())
    page.fill("#swemwbs-total", total)
    follow(page, "button:has-text('Record SWEMWBS')")


def test_baseline_follow_up_and_second_score_show_change(
    app: Flask, page: Any, live_server: str, person_id: int
) -> None:
    sign_in(page, live_server, "practitioner@example.org")
    page.goto(f"{live_server}/people/{person_id}/matches")
    follow(page, "button:has-text('Add Canal Singers to shortlist')")
    assert "Added to the shortlist." in page.content()

    page.goto(f"{live_server}/people/{person_id}")
    follow(page, ".person-nav a:has-text('Outcomes')")
    _record_swemwbs(page, TODAY - timedelta(days=90), "36")
    assert (
        "SWEMWBS total must be from 7 to 35; 36 is not possible."
        in page.locator("#swemwbs-total-error").inner_text()
    )
    _record_swemwbs(page, TODAY - timedelta(days=90), "17")
    assert "SWEMWBS recorded" in page.content()
    assert "One score so far (17)." in page.content()

    # The follow-up falls due; the practitioner answers it from the due list.
    with app.app_context(), db.write_session() as session:
        for row in session.exec(select(FollowUp)).all():
            row.due_on = TODAY
    page.goto(f"{live_server}/follow-ups")
    assert "Canal Singers" in page.locator(".follow-up-list").inner_text()
    page.check("text=Went, and will go again")
    follow(page, ".follow-up button[type=submit]")
    assert "Follow-up recorded." in page.content()
    assert "Nothing due today." in page.content()

    page.goto(f"{live_server}/people/{person_id}/outcomes")
    _record_swemwbs(page, TODAY, "22")
    page.goto(f"{live_server}/people/{person_id}")
    change = page.locator("section[aria-labelledby=change-title]")
    assert "Changed by +5 since the first score (17 to 22)." in change.inner_text()
    assert change.locator("svg[role=img]").first.is_visible()
    assert (
        "Canal Singers – Attending"
        in page.goto(f"{live_server}/people/{person_id}/connections").text()
    )
    found = axe_violations(page)
    assert found == [], f"axe on the connections page: {found}"

    page.goto(f"{live_server}/people/report")
    table = page.locator("#table-change").inner_text()
    # Differences 2, 2, 2, 2 and 5: mean 2.6 with n = 5.
    assert "SWEMWBS\t5\t+2.60" in table
    assert page.locator("section[aria-labelledby=change-heading] svg circle").count() == 1
    found = axe_violations(page)
    assert found == [], f"axe on the team report: {found}"
    page.goto(f"{live_server}/people/{person_id}/outcomes")
    found = axe_violations(page)
    assert found == [], f"axe on the outcomes page: {found}"
