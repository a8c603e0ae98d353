"""One rule for who may see an entry, kept by the public pages, the HSDS API and both engines."""

from __future__ import annotations

import itertools

from flask import Flask
from flask.testing import FlaskClient

from core.db import get_session
from directory.models import Resource, ResourceCreate, ReviewState, Status
from directory.resources import create_resource
from directory.search import SearchFilters, get_search
from directory.visibility import is_listed, visible

NEAR = {"postcode": "N7 6QT", "latitude": 51.5550, "longitude": -0.1190}
STATES = list(
    itertools.product([s.value for s in Status], [r.value for r in ReviewState], [True, False])
)


def test_the_rule_in_words() -> None:
    assert is_listed(Status.ACTIVE.value, ReviewState.CONFIRMED.value, True)
    assert not is_listed(Status.ACTIVE.value, ReviewState.CONFIRMED.value, False)
    assert not is_listed(Status.CLOSED.value, ReviewState.CONFIRMED.value, True)
    assert not is_listed(Status.ACTIVE.value, ReviewState.NEEDS_CHECKING.value, True)


def _every_state(app: Flask) -> dict[str, bool]:
    """One entry named 'lantern knitting N' per combination; what the rule says of each."""
    wanted: dict[str, bool] = {}
    with app.app_context():
        session = get_session()
        for n, (status, review, public) in enumerate(STATES):
            made = create_resource(
                session, ResourceCreate(name=f"Lantern knitting {n}", locations=[NEAR])
            )
            made.status, made.review_state, made.is_public = status, review, public
            wanted[made.id] = is_listed(status, review, public)
        session.commit()
        for rid, shown in wanted.items():
            assert visible(session.get(Resource, rid)) is shown
    return wanted


def test_public_search_and_pages_follow_the_rule(app: Flask, client: FlaskClient) -> None:
    """Whoosh on SQLite, SQL on PostgreSQL: the same entries, and the pages agree."""
    wanted = _every_state(app)
    listed = {rid for rid, shown in wanted.items() if shown}
    found = get_search(app).search("lantern knitting", SearchFilters(public_only=True), per_page=50)
    assert set(found.ids) == listed
    for rid, shown in wanted.items():
        assert client.get(f"/public/resources/{rid}").status_code == (200 if shown else 404)
        assert client.get(f"/api/hsds/services/{rid}").status_code == (200 if shown else 404)


def test_an_export_file_holds_only_confirmed_public_entries(app: Flask) -> None:
    """Closed ones stay in (as inactive); one waiting to be checked never leaves the team."""
    from directory.hsds.export import export_document

    wanted = _every_state(app)
    with app.app_context():
        exported = {s["id"] for s in export_document(get_session())["services"]}
        session = get_session()
        expected = {
            rid
            for rid in wanted
            if (found := session.get(Resource, rid)) is not None
            and found.is_public
            and found.review_state == ReviewState.CONFIRMED.value
        }
    assert exported == expected
    assert any(not shown for rid, shown in wanted.items() if rid in exported)  # closed ones
