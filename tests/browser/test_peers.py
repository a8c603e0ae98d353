"""Peer suggestions in a real browser: record consent for two people, see them suggested to
each other with reasons, withdraw one consent and see the suggestion vanish."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from core import db
from core.accounts import get_or_create_team
from matcher.models import PersonCreate
from matcher.people import create_person

from .conftest import follow, sign_in

pytestmark = pytest.mark.browser

HOME = (53.8226, -1.5812)


@pytest.fixture
def people(app: Flask, users: dict[str, int]) -> tuple[int, int]:
    """Two people in team North who enjoy chess, free Tuesday afternoons, 2 km apart."""
    ids = []
    with app.app_context(), db.write_session() as session:
        team = get_or_create_team(session, "North")
        for label, north in (("Ada K.", 0.0), ("Ben M.", 2.0)):
            data = PersonCreate(
                label=label,
                latitude=HOME[0] + north / 111.2,
                longitude=HOME[1],
                interests=["chess"],
                free_times=[{"day": "tu", "from": "13:00", "to": "17:00"}],
            )
            person = create_person(session, data, int(team.id or 0))
            session.flush()
            ids.append(int(person.id or 0))
    return ids[0], ids[1]


def _agree(page: Any, base: str, pid: int) -> None:
    page.goto(f"{base}/people/{pid}")
    page.click(".person-nav >> text=Peers")
    assert not page.is_checked("#show_area")  # nothing is shared until ticked
    for shared in ("#show_label", "#show_interests", "#show_area", "#seeking", "#agreed"):
        page.check(shared)
    follow(page, "button:has-text('Record consent')")
    assert "Consent recorded" in page.inner_text("main")


def test_consent_suggestion_with_reasons_then_withdrawal(
    page: Any, live_server: str, people: tuple[int, int]
) -> None:
    ada, ben = people
    sign_in(page, live_server, "practitioner@example.org")
    _agree(page, live_server, ada)
    assert "No one yet" in page.inner_text("main")
    _agree(page, live_server, ben)
    suggestion = page.locator("li.peer")
    assert suggestion.count() == 1
    text = suggestion.inner_text()
    assert "Ada K." in text and "both enjoy chess" in text
    assert "both free Tuesday afternoons" in text and "about 2 km apart" in text

    page.goto(f"{live_server}/people/{ada}/peers")
    follow(page, "button:has-text('Withdraw consent')")
    assert "Consent withdrawn" in page.inner_text("main")
    page.goto(f"{live_server}/people/{ben}/peers")
    assert page.locator("li.peer").count() == 0
    assert "Ada K." not in page.inner_text("main")
