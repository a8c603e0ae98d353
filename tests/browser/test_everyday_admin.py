"""The audit log, the reset link and the team report in a real browser: axe finds nothing
serious and nothing scrolls sideways at desktop or phone width."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import follow, sign_in
from .test_admin_pages import _check  # the same axe and width check

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1280, 390])
def test_the_audit_log_and_a_reset_link(page: Any, live_server: str, users: Any, width: int):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server, "admin@example.org")
    follow(page, "nav a:has-text('Audit')")
    assert "Signed in" in page.inner_text("main")
    _check(page, "audit log")
    page.fill("#user", "admin")
    follow(page, "button:has-text('Filter')")
    assert "No rows match" not in page.inner_text("main")
    _check(page, "filtered audit log")
    page.goto(f"{live_server}/admin/users")
    follow(page, f"#user-{users['member']} button:has-text('Password reset link')")
    link = page.input_value("#invite-link")
    assert "/reset/" in link
    _check(page, "reset link page")


@pytest.mark.parametrize("width", [1280, 390])
def test_the_team_report(page: Any, live_server: str, users: Any, width: int):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server, "practitioner@example.org")
    page.goto(f"{live_server}/people/report")
    assert "Interests with nothing that fits the people who have them" in page.inner_text("main")
    _check(page, "team report")
