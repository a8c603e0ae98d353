"""The review queue as a team member sees it: most urgent first, grouped by organisation, what is
in doubt, and one-step actions (still running, edit, mark closed, might have changed) whose bad
input gets a clear message and changes nothing."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import func, select

from core import db
from core.times import utcnow
from directory.models import Organisation, Resource, ResourceCreate, ResourceHistory
from directory.resources import create_resource
from directory.views.workspace import row_anchor

REASON = "heard it moved to Tuesdays"


def add(
    app: Flask,
    name: str,
    org: str | None = None,
    confirmed_days: int | None = None,
    added_days: int = 0,
    **extra: Any,
) -> str:
    """A resource run by `org`, added `added_days` ago, confirmed `confirmed_days` ago (or not)."""
    with app.app_context():
        session = db.get_session()
        org_id = None
        if org:
            found = session.exec(select(Organisation).where(Organisation.name == org)).first()
            found = found or Organisation(name=org)
            session.add(found)
            session.flush()
            org_id = found.id
        data = ResourceCreate(
            name=name, organisation_id=org_id, locations=[{"postcode": "N7 6QT"}], **extra
        )
        resource = create_resource(session, data)
        resource.created_at = utcnow() - timedelta(days=max(added_days, confirmed_days or 0) + 1)
        if confirmed_days is not None:
            resource.review_state = "confirmed"
            resource.last_confirmed_at = utcnow() - timedelta(days=confirmed_days)
        session.commit()
        return resource.id


def load(app: Flask, rid: str) -> Resource:
    with app.app_context():
        found = db.get_session().get(Resource, rid)
        assert found is not None
        return found


def history_count(app: Flask) -> int:
    with app.app_context():
        return int(db.get_session().scalar(select(func.count()).select_from(ResourceHistory)) or 0)


def text_of(html: str) -> str:
    """A page's words as a person reads them (tags dropped, spaces collapsed)."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def queue_page(client: FlaskClient) -> str:
    response = client.get("/workspace/review")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def headings_and_rows(html: str) -> list[str]:
    """The group headings (as '# name') and row names, in page order."""
    found = re.findall(r'<h2 id="group-\d+">([^<]+?) <span|<h3><a href="[^"]+">([^<]+)</a>', html)
    return [f"# {h}" if h else r for h, r in found]


def flashed(client: FlaskClient) -> list[str]:
    with client.session_transaction() as sess:
        return [str(m) for _, m in sess.pop("_flashes", [])]


def test_queue_orders_by_urgency_and_groups_by_organisation(app, client, member):
    soon = add(app, "Arts: due soon", "Aire Valley Arts", confirmed_days=170)
    add(app, "Arts: 400 days", "Aire Valley Arts", confirmed_days=400)
    flagged = add(app, "Trust: flagged", "Moorcross Trust", confirmed_days=20)
    add(app, "Trust: 250 days", "Moorcross Trust", confirmed_days=250)
    add(app, "Heard at the library", added_days=3)
    add(app, "Fresh", "Aire Valley Arts", confirmed_days=5)
    add(app, "Closed", "Aire Valley Arts", confirmed_days=300, status="closed")
    client.post(f"/workspace/resources/{flagged}/flag", data={"reason": REASON})

    html = queue_page(client)
    assert headings_and_rows(html) == [
        "# Moorcross Trust",  # placed by its flagged entry
        "Trust: flagged",
        "Trust: 250 days",
        "# Aire Valley Arts",  # by its entry last confirmed 400 days ago
        "Arts: 400 days",
        "Arts: due soon",
        "# No organisation recorded",  # a new entry, added 4 days ago
        "Heard at the library",
    ]
    words = text_of(html)
    assert f"Might have changed Heard: “{REASON}”" in words
    assert "Last confirmed 13 months ago" in words
    assert "Never confirmed (added 4 days ago)" in words
    assert "Last confirmed 5 months ago Due for a check in 13 days" in words
    assert "Due soon" in words and "Overdue" in words
    assert "5 entries to check." in words
    assert f'id="{row_anchor(soon)}"' in html


def test_each_row_has_its_three_actions_as_buttons(app, client, member):
    rid = add(app, "Knit and Natter")
    html = queue_page(client)
    assert f'action="/workspace/resources/{rid}/confirm"' in html
    assert f'href="/workspace/resources/{rid}/edit?back=review"' in html
    assert f'href="/workspace/review?close={rid}#{row_anchor(rid)}"' in html
    assert 'type="checkbox"' not in html


def test_still_running_returns_to_the_next_row(app, client, member):
    first = add(app, "Older", confirmed_days=400)
    second = add(app, "Newer", confirmed_days=300)
    html = queue_page(client)
    back = f"/workspace/review#{row_anchor(second)}"
    assert f'name="next" value="{back}"' in html
    response = client.post(f"/workspace/resources/{first}/confirm", data={"next": back})
    assert response.headers["Location"] == back
    assert load(app, first).review_state == "confirmed"
    assert headings_and_rows(queue_page(client)) == ["# No organisation recorded", "Newer"]


def test_mark_closed_asks_first_then_closes_and_leaves_the_queue(app, client, member):
    rid = add(app, "Tea dance", confirmed_days=400)
    asked = client.get(f"/workspace/review?close={rid}").get_data(as_text=True)
    assert "Mark “Tea dance” as closed?" in asked
    assert "Yes, mark it closed" in asked
    assert f'action="/workspace/resources/{rid}/close"' in asked
    assert load(app, rid).status == "active"  # asking changes nothing
    response = client.post(f"/workspace/resources/{rid}/close", data={"next": "/workspace/review"})
    assert response.status_code == 302
    assert any("Marked “Tea dance” closed" in m for m in flashed(client))
    assert load(app, rid).status == "closed"
    assert "Nothing to check" in queue_page(client)


def test_closing_twice_says_so_and_changes_nothing(app, client, member):
    rid = add(app, "Tea dance", confirmed_days=400)
    client.post(f"/workspace/resources/{rid}/close")
    before = (history_count(app), load(app, rid).version)
    response = client.post(f"/workspace/resources/{rid}/close", follow_redirects=True)
    assert "“Tea dance” is already marked closed. Nothing was changed." in text_of(
        response.get_data(as_text=True)
    )
    assert (history_count(app), load(app, rid).version) == before


def test_a_close_is_undone_from_the_history(app, client, member):
    rid = add(app, "Tea dance", confirmed_days=400)
    client.post(f"/workspace/resources/{rid}/close")
    with app.app_context():
        entry = (
            db.get_session()
            .exec(select(ResourceHistory).where(ResourceHistory.action == "close"))
            .one()
        )
    client.post(f"/workspace/history/{entry.id}/revert")
    assert load(app, rid).status == "active"


def test_unknown_ids_get_a_clear_message_and_change_nothing(app, client, member):
    rid = add(app, "Tea dance")
    before = history_count(app)
    for action, data in (("confirm", {}), ("close", {}), ("flag", {"reason": REASON})):
        response = client.post(f"/workspace/resources/no-such-entry/{action}", data=data)
        assert response.status_code == 302
        assert response.headers["Location"] == "/workspace/review"
        (message,) = flashed(client)
        assert "not in the directory" in message and "Nothing was changed" in message
    page = client.get("/workspace/review?close=no-such-entry").get_data(as_text=True)
    assert "That entry is not in the queue any more" in page
    assert history_count(app) == before
    assert load(app, rid).status == "active"


def test_flag_reason_shows_on_the_page_card_and_queue(app, client, member):
    rid = add(app, "Knit and Natter", confirmed_days=10, description="Knitting")
    response = client.post(f"/workspace/resources/{rid}/flag", data={"reason": f"  {REASON}  "})
    assert response.headers["Location"] == f"/resources/{rid}"
    assert load(app, rid).flag_reason == REASON
    page = text_of(client.get(f"/resources/{rid}").get_data(as_text=True))
    assert "Might have changed" in page and f"“{REASON}”" in page
    card = text_of(client.get("/?q=knitting").get_data(as_text=True))
    assert f"Might have changed Heard: “{REASON}”" in card
    assert headings_and_rows(queue_page(client))[1] == "Knit and Natter"
    client.post(f"/workspace/resources/{rid}/confirm")
    assert (load(app, rid).flagged_changed, load(app, rid).flag_reason) == (False, "")
    assert "Might have changed:" not in text_of(client.get(f"/resources/{rid}").get_data(True))


def test_bad_reasons_are_refused_by_field_and_change_nothing(app, client, member):
    rid = add(app, "Knit and Natter", confirmed_days=10)
    before = (history_count(app), load(app, rid).version)
    too_long = "x" * 301
    for reason, message in (
        (too_long, "Keep what might have changed to 300 characters or fewer (this has 301)"),
        ("   ", "Say what might have changed"),
    ):
        response = client.post(f"/workspace/resources/{rid}/flag", data={"reason": reason})
        assert response.status_code == 400
        html = response.get_data(as_text=True)
        assert 'id="reason-error"' in html and message in html
        assert 'aria-invalid="true"' in html
        assert f'value="{reason}"' in html  # what was typed is kept to correct
    assert (history_count(app), load(app, rid).version) == before
    assert load(app, rid).flagged_changed is False


def test_editing_from_the_queue_returns_to_the_row(app, client, member):
    rid = add(app, "Knit and Natter", confirmed_days=400)
    form = client.get(f"/workspace/resources/{rid}/edit?back=review").get_data(as_text=True)
    assert f'action="/workspace/resources/{rid}/edit?back=review"' in form
    version = load(app, rid).version
    response = client.post(
        f"/workspace/resources/{rid}/edit?back=review",
        data={"name": "Knit and Natter", "status": "active", "version": version},
    )
    assert response.headers["Location"] == f"/workspace/review#{row_anchor(rid)}"
    other = client.post(
        f"/workspace/resources/{rid}/edit?back=https://evil.example/",
        data={"name": "Knit and Natter", "status": "active", "version": load(app, rid).version},
    )
    assert other.headers["Location"] == f"/resources/{rid}"


def test_match_cards_and_handout_show_the_doubt(app, client, users, auth):
    from tests.matcher.people_helpers import add_person, directory

    ids = directory(app)
    pid = add_person(app)
    auth.login("practitioner@example.org")
    client.post(f"/workspace/resources/{ids['Canal Singers']}/flag", data={"reason": REASON})
    matches = text_of(client.get(f"/people/{pid}/matches").get_data(as_text=True))
    assert f"Canal Singers Might have changed Heard: “{REASON}”" in matches
    client.post(f"/people/{pid}/shortlist", data={"resource_id": ids["Canal Singers"]})
    client.post(f"/people/{pid}/shortlist", data={"resource_id": ids["Pottery Corner"]})
    handout = text_of(client.get(f"/people/{pid}/handout").get_data(as_text=True))
    assert handout.count("please check before you go") == 1
    assert REASON not in handout


def test_a_closed_entry_is_not_confirmed_as_still_running(app, client, member):
    rid = add(app, "Tea dance", confirmed_days=400)
    client.post(f"/workspace/resources/{rid}/close")
    before = load(app, rid).last_confirmed_at
    page = client.get(f"/resources/{rid}").get_data(as_text=True)
    assert ">Still running</button>" not in page and "It is marked closed." in page
    client.post(f"/workspace/resources/{rid}/confirm")
    assert any("Not confirmed: “Tea dance” is marked closed" in m for m in flashed(client))
    assert load(app, rid).status == "closed" and load(app, rid).last_confirmed_at == before


def test_a_flag_refused_says_so_first_on_the_page_with_a_link_to_the_field(app, client, member):
    rid = add(app, "Tea dance", confirmed_days=10)
    response = client.post(f"/workspace/resources/{rid}/flag", data={"reason": "x" * 301})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    summary = page.index('id="error-summary"')
    assert summary < page.index("Might have changed?") and 'href="#reason"' in page[summary:]
