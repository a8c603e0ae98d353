"""Confirming entries, the review queue, and which entries the public can see."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from core import db
from core.times import utcnow
from directory.models import Resource, ResourceCreate, Status
from directory.resources import create_resource, to_public
from directory.search import SearchFilters, get_search
from directory.stewardship.freshness import bulk_confirm, confirm, flag_changed, review_queue

PLACE = {"postcode": "N7 6QT"}


def add(app, name: str, age_days: int = 0, confirmed_days: int | None = None, **extra: Any) -> str:
    """A resource created `age_days` ago, optionally confirmed `confirmed_days` ago."""
    with app.app_context():
        session = db.get_session()
        resource = create_resource(session, ResourceCreate(name=name, locations=[PLACE], **extra))
        resource.created_at = utcnow() - timedelta(days=age_days)
        if confirmed_days is not None:
            resource.review_state = "confirmed"
            resource.last_confirmed_at = utcnow() - timedelta(days=confirmed_days)
        session.commit()
        return resource.id


def make_user(app) -> int:
    from core.accounts import create_user

    with app.app_context():
        session = db.get_session()
        user = create_user(session, "sam@example.org", "Sam Team", "a long password 123")
        session.commit()
        return int(user.id)


def queue(app, days: int = 183) -> list[str]:
    with app.app_context():
        return [r.id for r in review_queue(db.get_session(), days)]


def test_confirm_sets_who_and_when(app):
    rid = add(app, "Knit and Natter")
    user_id = make_user(app)
    before = utcnow()
    with app.app_context():
        session = db.get_session()
        confirm(session, session.get(Resource, rid), user_id)
        session.commit()
    with app.app_context():
        resource = db.get_session().get(Resource, rid)
        assert resource.review_state == "confirmed"
        assert resource.last_confirmed_by_id == user_id
        assert resource.last_confirmed_at >= before - timedelta(seconds=1)


def test_review_queue_has_flagged_then_stale_and_new_oldest_first(app):
    new = add(app, "New one", age_days=2)
    stale = add(app, "Stale one", age_days=400, confirmed_days=200)
    fresh = add(app, "Fresh one", age_days=400, confirmed_days=10)
    flagged = add(app, "Flagged one", age_days=400, confirmed_days=30)
    closed = add(app, "Closed one", age_days=400, confirmed_days=300, status=Status.CLOSED)
    with app.app_context():
        session = db.get_session()
        flag_changed(session, session.get(Resource, flagged), None)
        session.commit()
    found = queue(app)
    assert found == [flagged, stale, new]  # flagged first, then by last confirmation
    assert fresh not in found and closed not in found
    assert stale not in queue(app, days=365)


def test_bulk_confirm_empties_the_queue(app):
    ids = [add(app, f"Group {n}", age_days=n) for n in range(3)]
    user_id = make_user(app)
    with app.app_context():
        session = db.get_session()
        assert bulk_confirm(session, [*ids, "no-such-id"], user_id) == (3, [])
        session.commit()
    assert queue(app) == []


def test_needs_checking_entries_are_not_public(app):
    unchecked = add(app, "Unchecked group")
    checked = add(app, "Checked group", confirmed_days=1)
    closed = add(app, "Closed group", confirmed_days=1, status=Status.CLOSED)
    with app.app_context():
        result = get_search().search("group", SearchFilters(public_only=True, statuses=()))
        assert result.ids == [checked]
        resource = db.get_session().get(Resource, unchecked)
        public = to_public(resource).model_dump()
        assert "told_by" not in public and "team_notes" not in public
    assert closed not in result.ids
