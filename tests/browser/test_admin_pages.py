"""The admin pages in a real browser: the users and teams pages, and their refusals, pass axe and
fit a phone's width without scrolling sideways."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import axe_violations, follow, sign_in

pytestmark = pytest.mark.browser


def _check(page: Any, what: str) -> None:
    found = axe_violations(page)
    assert found == [], f"axe on the {what}: {found}"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"the {what} scrolls sideways ({width} px)"


@pytest.mark.parametrize("width", [1280, 390])
def test_the_owners_users_and_teams_pages(page: Any, live_server: str, users: Any, width: int):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server, "owner@example.org")
    page.goto(f"{live_server}/admin/users")
    _check(page, "owner's users page")
    page.fill("#email", "new.admin@example.org")
    page.fill("#name", "New Admin")
    page.select_option("#role", "admin")
    follow(page, "button:has-text('Create invitation')")  # no team chosen
    assert page.locator("#team[aria-invalid=true]").count() == 1
    _check(page, "owner's refused invitation")
    page.goto(f"{live_server}/admin/teams")
    _check(page, "teams page")
    page.fill("#name", "north")
    follow(page, "button:has-text('Create team')")
    assert "There is already a team called North." in page.inner_text("#error-summary")
    _check(page, "refused team")


@pytest.mark.parametrize("width", [1280, 390])
def test_the_admins_users_page(page: Any, live_server: str, users: Any, width: int):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server, "admin@example.org")
    page.goto(f"{live_server}/admin/users")
    assert "other-member@example.org" not in page.content()
    _check(page, "admin's users page")
    page.fill("#email", "not-an-email")
    follow(page, "button:has-text('Create invitation')")
    assert page.locator("#email[aria-invalid=true]").count() == 1
    _check(page, "admin's refused invitation")
