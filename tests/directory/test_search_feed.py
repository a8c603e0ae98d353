"""The change feed: every write appends in its own transaction; the whoosh index catches up."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from sqlalchemy import text
from whoosh import index as windex

from core.db import get_engine, get_session
from directory import feed
from directory.models import Organisation, Resource, ResourceCreate
from directory.resources import create_resource
from directory.search import get_search
from tests.directory.test_search_sync import count_rebuilds

PLACE = {"postcode": "N7 6QT", "latitude": 51.555, "longitude": -0.119}


@pytest.fixture
def app_config(app_config: dict[str, Any]) -> dict[str, Any]:
    """The whoosh backend on both databases."""
    return {**app_config, "SEARCH_BACKEND": "whoosh"}


def add(app: Flask, name: str, **fields: Any) -> str:
    """Create one resource through the service layer and commit it."""
    with app.app_context():
        session = get_session()
        made = create_resource(
            session, ResourceCreate(name=name, locations=[PLACE], **fields), confirmed=True
        )
        session.commit()
        return made.id


def test_every_write_appends_to_the_feed_in_order(app: Flask) -> None:
    with get_engine(app).connect() as conn:
        start = feed.latest(conn)
    rid = add(app, "Heron rowing club", interests=["walking"])
    with app.app_context():
        session = get_session()
        resource = session.get(Resource, rid)
        assert resource is not None
        session.delete(resource)
        session.commit()
    with get_engine(app).connect() as conn:
        catch = feed.since(conn, start)
        assert catch.last > start and feed.latest(conn) == catch.last
        assert (catch.changed, catch.deleted) == (set(), {rid})  # the last row for an id wins
        assert feed.since(conn, catch.last) == feed.Catch(catch.last)


def test_a_failed_after_commit_update_is_healed_by_the_feed(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    backend = get_search(app)
    assert backend.search("anything").ids == []

    def broken(_ids: Any) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(backend, "index", broken)  # the after-commit update fails (logged)
    rid = add(app, "Kestrel bell ringers", interests=["music"])
    assert backend.search("kestrel").ids == [rid]


def test_a_version_move_with_no_row_change_costs_nothing(app: Flask) -> None:
    rid = add(app, "Plover poetry evening")
    backend = get_search(app)
    assert backend.search("plover").ids == [rid]
    generation = windex.open_dir(app.config["INDEX_DIR"]).latest_generation()
    rebuilds = count_rebuilds(backend)
    with get_engine(app).begin() as conn:
        conn.execute(text("UPDATE directory_state SET version = version + 5"))
    assert backend.search("plover").ids == [rid]
    assert windex.open_dir(app.config["INDEX_DIR"]).latest_generation() == generation
    assert rebuilds == []


def test_an_organisation_rename_reindexes_its_resources(app: Flask) -> None:
    with app.app_context():
        session = get_session()
        org = Organisation(name="Curlew Trust")
        session.add(org)
        session.commit()
        org_id = org.id
    rid = add(app, "Tuesday choir", organisation_id=org_id, interests=["singing"])
    backend = get_search(app)
    assert backend.search("curlew").ids == [rid]
    with app.app_context():
        session = get_session()
        renamed = session.get(Organisation, org_id)
        assert renamed is not None
        renamed.name = "Dunlin Foundation"
        session.commit()
    assert backend.search("dunlin").ids == [rid]
    assert backend.search("curlew").ids == []


def test_a_busy_writer_lock_answers_from_the_index_as_it_is(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept = add(app, "Wagtail walkers", interests=["walking"])
    backend = get_search(app)
    assert backend.search("wagtail").ids == [kept]
    monkeypatch.setattr(backend, "index", lambda _ids: None)  # no after-commit update
    other = windex.open_dir(app.config["INDEX_DIR"]).writer()  # another process's writer
    try:
        fresh = add(app, "Wagtail watchers")
        assert backend.search("wagtail").ids == [kept]  # no wait, no error
    finally:
        other.cancel()
    assert set(backend.search("wagtail").ids) == {kept, fresh}
