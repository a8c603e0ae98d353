"""The match API reads a person cheaply and still answers, audits and forgets as before."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from people_helpers import add_person, audit_rows, directory, person_data
from sqlalchemy import event, text

from core import db
from core.db import get_session
from matcher import features, people, rank, ranked
from matcher.models import Person
from matcher.privacy import erase_person
from matcher.profile import from_person


@pytest.fixture
def data(app, users):
    """The small directory and one person in team North, with notes, times and an avoid list."""
    ranked.memo.clear()
    people.profiles.clear()
    ids = directory(app)
    pid = add_person(
        app,
        notes="Lonely since she retired; would like small groups, evenings are fine.",
        avoid_resource_ids=[ids["Far Choir"]],
        prefer_quiet=True,
    )
    return ids, pid


def _suggestions(client, pid: int, query: str = "") -> list[tuple[str, float, list[str]]]:
    body = client.get(f"/api/people/{pid}/matches{query}").get_json()
    return [(s["resource_id"], s["score"], s["reasons"]) for s in body["suggestions"]]


def test_matches_are_those_of_the_stored_person(app, client, practitioner, data):
    _, pid = data
    with app.app_context():
        stored = get_session().get(Person, pid)
        expected = rank.rank(from_person(stored), features.get_features(get_session()))
    want = [(s.resource_id, round(s.score, 4), list(s.reasons)) for s in expected.suggestions]
    assert want and _suggestions(client, pid) == want
    assert _suggestions(client, pid) == want  # the kept profile answers the same


def test_an_edited_person_is_matched_on_what_was_saved(app, client, practitioner, data):
    _, pid = data
    before = _suggestions(client, pid)
    changed = person_data(interests=["walking"], want_to_try=[], notes="")
    assert client.put(f"/api/people/{pid}", json=changed).status_code == 200
    after = _suggestions(client, pid)
    assert after != before
    with app.app_context():
        stored = get_session().get(Person, pid)
        expected = rank.rank(from_person(stored), features.get_features(get_session()))
    assert [r for r, _, _ in after] == [s.resource_id for s in expected.suggestions]


def test_an_erasure_forgets_the_kept_profiles(app, client, practitioner, data):
    _, pid = data
    other = add_person(app, label="K.", reference="CG-18", notes="K. likes quiet walks")
    _suggestions(client, pid)
    _suggestions(client, other)
    kept = [p.notes for p in people.profiles._profiles.values()]
    assert "K. likes quiet walks" in kept
    with app.app_context(), db.write_session() as session:
        erase_person(session, session.get(Person, other))
    assert not people.profiles._profiles  # before anyone matches again
    assert client.get(f"/api/people/{other}/matches").status_code == 404


def test_every_match_run_is_audited_and_none_without_its_row(app, client, practitioner, data):
    _, pid = data
    _suggestions(client, pid)
    _suggestions(client, pid, "?km=1")
    assert len(audit_rows(app, "match.run")) == 2
    engine = db.get_engine(app)
    with engine.begin() as conn:
        conn.execute(text("ALTER TABLE audit_event RENAME TO audit_event_gone"))
    try:
        with pytest.raises(Exception, match="audit_event"):  # TESTING: raised, not answered
            client.get(f"/api/people/{pid}/matches")
    finally:  # the PostgreSQL database is kept for the next test
        with engine.begin() as conn:
            conn.execute(text("ALTER TABLE audit_event_gone RENAME TO audit_event"))


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)  # its write-ahead log
def test_match_runs_let_sqlite_restart_its_log(app, client, practitioner, data):
    url = app.config["DATABASE_URL"]
    engine = db.get_engine(app)
    engine.dispose()

    @event.listens_for(engine.pool, "connect")
    def small_log(dbapi_conn, _record):  # checkpoint after a few pages, as it would after 1000
        dbapi_conn.execute("PRAGMA wal_autocheckpoint=8")

    _, pid = data
    wal = Path(url.removeprefix("sqlite:///") + "-wal")
    for _ in range(40):
        assert client.get(f"/api/people/{pid}/matches").status_code == 200
    # Each audit row adds pages to the log. Had the request's own read still been open when the
    # row committed, the log could never start again from the beginning and would pass 100 pages.
    assert os.path.getsize(wal) < 40 * 4096
