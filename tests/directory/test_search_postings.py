"""PostgreSQL search postings: kept in process, refreshed from other nodes' writes, same results."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from conftest import _truncate_postgres
from flask import Flask
from sqlmodel import Session

from directory import db
from directory.db import get_session
from directory.models import Resource, ResourceCreate
from directory.resources import create_resource
from directory.search import get_search
from directory.search import postgres_backend as pg
from wsgi import create_app

PLACE = {"postcode": "N7 6QT", "latitude": 51.555, "longitude": -0.119}


@pytest.fixture(params=["postgresql"])
def database_url(request: pytest.FixtureRequest) -> str:
    """PostgreSQL only (postings belong to its search backend): no SQLite run to skip."""
    url: str = request.getfixturevalue("postgres_database")
    _truncate_postgres(url)
    return url


def add(app: Flask, name: str, **fields: Any) -> str:
    """Create one resource through the service layer and commit it."""
    with app.app_context():
        session = get_session()
        resource = create_resource(
            session, ResourceCreate(name=name, locations=[PLACE], **fields), confirmed=True
        )
        session.commit()
        return resource.id


def postgres_only(app: Flask) -> pg.PostgresBackend:
    """The app's PostgreSQL backend, or skip."""
    backend = get_search(app)
    if not isinstance(backend, pg.PostgresBackend):
        pytest.skip("postings belong to the PostgreSQL backend")
    return backend


def test_another_nodes_writes_are_found_without_a_reload(
    app: Flask, app_config: dict[str, Any]
) -> None:
    backend = postgres_only(app)
    first = add(app, "Riverside choir", description="Singing for everyone")
    assert backend.search("choir").ids == [first]
    loads = backend._loads
    other = create_app(app_config)  # another node on the same database
    second = add(other, "Harbour choir", description="Sea shanties")
    with app.app_context():
        engine = db.make_engine(app_config["DATABASE_URL"])
        with Session(db.writer(engine)) as session:
            renamed = session.get(Resource, first)
            assert renamed is not None
            renamed.name = "Riverside orchestra"
            session.commit()
        engine.dispose()
    with other.app_context():
        get_search(other).index([first])  # the other node's after-commit sync
    assert backend.search("choir").ids == [second]
    assert backend.search("orchestra").ids == [first]
    assert backend.search("shanties").ids == [second]
    assert backend._loads == loads  # changed rows re-read, not everything
    db.get_engine(other).dispose()


def test_results_while_postings_load_match_the_loaded_ones(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    backend = postgres_only(app)
    add(app, "Allotment gardening club", description="Grow vegetables; gardening tips")
    add(app, "Gardening for wellbeing", description="Quiet garden sessions")
    add(app, "Walking football", description="Gentle football for all ages", interests=["walking"])
    add(app, "Community choir", description="Singing and garden parties")
    queries = ["gardening", "garden singing", "walking football", "gardnening", "choir party"]
    release = threading.Event()
    load = backend._load_postings

    def slow_load() -> pg.Postings:
        release.wait(30)
        return load()

    backend.reindex()  # forget the postings
    monkeypatch.setattr(pg, "SYNC_LOAD_MAX", -1)  # as for a large directory
    monkeypatch.setattr(backend, "_load_postings", slow_load)
    before = {q: backend.search(q) for q in queries}
    assert backend._postings is None  # these were matched in SQL
    release.set()
    backend.warm()
    assert backend._postings is not None
    for q, result in before.items():
        after = backend.search(q)
        assert (after.ids, after.total, after.suggestions, after.facets) == (
            result.ids,
            result.total,
            result.suggestions,
            result.facets,
        ), q
    assert before["gardening"].total == 3 and before["gardnening"].suggestions == ["gardening"]
