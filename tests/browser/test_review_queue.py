"""Clearing the review queue in a real Chromium, with JavaScript off: ten entries walked through
"still running", edit, mark closed (asked first; once cancelled) and might have changed → badge →
queue → fix, checking the order, groups and badges as a team member sees them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask

from core import db
from core.times import utcnow
from directory.models import Organisation, ResourceCreate
from directory.resources import create_resource
from directory.views.workspace import row_anchor

from .conftest import axe_violations, follow, sign_in

pytestmark = pytest.mark.browser

REASON = "heard it moved to Tuesdays"
TRUST, ARTS, NONE = "Moorcross Trust", "Aire Valley Arts", "No organisation recorded"
# name: (organisation, days since last confirmed, or None: new and never confirmed)
ENTRIES: dict[str, tuple[str | None, int | None]] = {
    "Repair café in Moorcross": (TRUST, 20),  # fresh until flagged
    "Tea dance": (TRUST, 400),
    "Walking netball": (TRUST, 170),  # due soon
    "Pottery drop-in": (ARTS, 500),
    "Life drawing": (ARTS, 250),
    "Community choir": (ARTS, 175),  # due soon
    "Open mic night": (ARTS, 300),
    "Knit and natter": (None, None),  # added 3 days ago
    "Chess club": (None, None),  # added 11 days ago
    "Ukulele strum-along": (None, 200),
}


@pytest.fixture
def entries(app: Flask, users: dict[str, int]) -> dict[str, str]:
    """The ten entries above (ids by name), public and with a weekly session."""
    ids = {}
    with app.app_context():
        session = db.get_session()
        orgs = {name: Organisation(name=name) for name in (TRUST, ARTS)}
        session.add_all(orgs.values())
        session.flush()
        for name, (org, days) in ENTRIES.items():
            data = ResourceCreate(
                name=name,
                description=f"{name}: everyone welcome.",
                organisation_id=orgs[org].id if org else None,
                locations=[{"postcode": "N7 6QT", "latitude": 51.5548, "longitude": -0.1192}],
                sessions=[{"day": "mo", "start": "10:00", "end": "12:00"}],
            )
            resource = create_resource(session, data)
            added = 3 if name == "Knit and natter" else 11
            resource.created_at = utcnow() - timedelta(days=added if days is None else days + 30)
            if days is not None:
                resource.review_state = "confirmed"
                resource.last_confirmed_at = utcnow() - timedelta(days=days)
            ids[name] = resource.id
        session.commit()
    return ids


@pytest.fixture
def no_js(browser: Any) -> Iterator[Any]:
    """A page with JavaScript turned off, at a phone's width."""
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def queue(page: Any) -> list[str]:
    """The queue as read: '# heading' for each group, then 'name [badge]' for each row."""
    out = []
    for group in page.locator(".queue-group").all():
        out.append("# " + group.locator("h2").inner_text().rsplit(" (", 1)[0])
        for row in group.locator(".queue-row").all():
            badge = row.locator(".markers .badge").first.inner_text()
            out.append(f"{row.locator('h3').inner_text()} [{badge}]")
    return out


def row(page: Any, name: str) -> Any:
    return page.locator(".queue-row").filter(has=page.locator("h3", has_text=name))


def test_ten_entries_through_every_action(
    page: Any, no_js: Any, live_server: str, entries: dict[str, str]
) -> None:
    review = f"{live_server}/workspace/review"
    sign_in(no_js, live_server)
    cafe = entries["Repair café in Moorcross"]

    # Might have changed: flagged on its page, with what was heard ...
    no_js.goto(f"{live_server}/resources/{cafe}")
    no_js.click("summary:has-text('Might have changed?')")
    no_js.fill("#reason", REASON)
    follow(no_js, "button:has-text('Flag as might have changed')")
    assert no_js.locator(".markers .badge-flag").inner_text() == "Might have changed"
    assert REASON in no_js.locator("#flag-reason").inner_text()
    # ... on its search card ...
    no_js.goto(f"{live_server}/?q=repair")
    card = no_js.locator(".result", has=no_js.locator("h3:has-text('Repair café')"))
    assert card.locator(".badge-flag").inner_text() == "Might have changed"
    assert REASON in card.inner_text()

    # ... and at the top of the queue; then by age, due-soon last, grouped by organisation.
    no_js.goto(review)
    assert queue(no_js) == [
        f"# {TRUST}",
        "Repair café in Moorcross [Might have changed]",
        "Tea dance [Overdue]",
        "Walking netball [Due soon]",
        f"# {ARTS}",
        "Pottery drop-in [Overdue]",
        "Open mic night [Overdue]",
        "Life drawing [Overdue]",
        "Community choir [Due soon]",
        f"# {NONE}",
        "Ukulele strum-along [Overdue]",
        "Chess club [New: never confirmed]",
        "Knit and natter [New: never confirmed]",
    ]
    assert f"Heard: “{REASON}”" in row(no_js, "Repair café in Moorcross").inner_text()
    assert "Last confirmed 16 months ago" in row(no_js, "Pottery drop-in").inner_text()
    assert "Never confirmed (added 3 days ago)" in row(no_js, "Knit and natter").inner_text()

    # Fix: edit from the row, back at the row, then still running.
    follow(no_js, f"#{row_anchor(cafe)} a:has-text('Edit')")
    assert REASON in no_js.locator(".notice-flag").inner_text()
    no_js.fill("#description", "Repair café: now on Tuesdays, 10:00 to 12:00.")
    follow(no_js, "button:has-text('Save changes')")
    assert no_js.url == f"{review}#{row_anchor(cafe)}"
    follow(no_js, f"#{row_anchor(cafe)} button:has-text('Still running')")
    assert no_js.url == f"{review}#{row_anchor(entries['Tea dance'])}"
    assert "Confirmed “Repair café in Moorcross” is still running." in no_js.content()

    # Still running, one step each, landing on the row that followed.
    for name, following in (
        ("Tea dance", "Walking netball"),
        ("Pottery drop-in", "Open mic night"),
        ("Community choir", "Ukulele strum-along"),
        ("Chess club", "Knit and natter"),
    ):
        follow(no_js, f"#{row_anchor(entries[name])} button:has-text('Still running')")
        assert no_js.url == f"{review}#{row_anchor(entries[following])}", name

    # Edit, back at the row: still queued until someone confirms it.
    for name in ("Open mic night", "Knit and natter"):
        follow(no_js, f"#{row_anchor(entries[name])} a:has-text('Edit')")
        no_js.fill("#join_details", "Just turn up.")
        follow(no_js, "button:has-text('Save changes')")
        assert no_js.url == f"{review}#{row_anchor(entries[name])}"
        assert "Saved." in no_js.content()

    # Mark closed: asked first; cancelling changes nothing.
    netball = row_anchor(entries["Walking netball"])
    follow(no_js, f"#{netball} a:has-text('Mark closed')")
    assert "Mark “Walking netball” as closed?" in no_js.locator(f"#{netball}").inner_text()
    follow(no_js, f"#{netball} a:has-text('Cancel')")
    follow(no_js, f"#{netball} button:has-text('Still running')")
    for name in ("Life drawing", "Ukulele strum-along"):
        follow(no_js, f"#{row_anchor(entries[name])} a:has-text('Mark closed')")
        follow(no_js, f"#{row_anchor(entries[name])} button:has-text('Yes, mark it closed')")
        assert f"Marked “{name}” closed." in no_js.content()

    assert queue(no_js) == [
        f"# {ARTS}",
        "Open mic night [Overdue]",
        f"# {NONE}",
        "Knit and natter [New: never confirmed]",
    ]
    no_js.goto(f"{live_server}/resources/{cafe}")
    assert no_js.locator(".badge-flag").count() == 0
    assert "now on Tuesdays" in no_js.content()
    no_js.goto(f"{live_server}/resources/{entries['Life drawing']}")
    assert no_js.locator(".badge-closed").inner_text() == "Closed"

    # With JavaScript on: the queue's buttons are big enough and pass axe.
    sign_in(page, live_server)
    page.goto(review)
    boxes = [b.bounding_box() for b in page.locator(".row-actions button, .row-actions a").all()]
    assert boxes and all(b["width"] >= 24 and b["height"] >= 24 for b in boxes)
    assert axe_violations(page) == []
    page.goto(f"{live_server}/resources/{cafe}")
    page.click("summary:has-text('Might have changed?')")
    page.fill("#reason", "x" * 301)
    follow(page, "button:has-text('Flag as might have changed')")
    assert "300 characters or fewer (this has 301)" in page.locator("#reason-error").inner_text()
    assert page.locator("#reason").input_value() == "x" * 301
    assert axe_violations(page) == []
