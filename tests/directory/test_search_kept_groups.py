"""Kept word-group matches: the same answers as a fresh search, and never older than the index."""

from __future__ import annotations

from flask import Flask

from core.db import get_session
from directory.models import Resource
from directory.search import SearchFilters, get_search
from tests.directory.test_search_sync import add


def _fresh(app: Flask, query: str, filters: SearchFilters | None = None) -> tuple[list[str], int]:
    backend = get_search(app)
    forget = getattr(backend, "forget_groups", None)
    if forget is not None:
        forget()
    found = backend.search(query, filters)
    return found.ids, found.total


def test_a_repeated_search_answers_as_a_fresh_one(app: Flask) -> None:
    for i, name in enumerate(["Knitting circle", "Knitting and natter", "Choir", "Walking group"]):
        add(app, f"{name} {i}", interests=["crafts"] if "Knit" in name else ["singing"])
    backend = get_search(app)
    for query in ("knitting", "knitting natter", "choir", "crafts", "knittng", "nothing"):
        first = backend.search(query)
        again = backend.search(query)  # from the kept matches where the backend keeps them
        assert (again.ids, again.total) == (first.ids, first.total) == _fresh(app, query)
        free = SearchFilters(free_only=True)
        assert backend.search(query, free).ids == _fresh(app, query, free)[0]


def test_kept_matches_follow_every_change(app: Flask) -> None:
    backend = get_search(app)
    first = add(app, "Pottery for beginners")
    assert backend.search("pottery").ids == [first]
    second = add(app, "Pottery night")  # a new resource: found by the very next search
    assert set(backend.search("pottery").ids) == {first, second}
    with app.app_context():
        session = get_session()
        resource = session.get(Resource, first)
        assert resource is not None
        resource.name = "Ceramics for beginners"  # renamed: no longer found by its old word
        session.commit()
    assert backend.search("pottery").ids == [second]
    assert backend.search("ceramics").ids == [first]
    with app.app_context():
        session = get_session()
        gone = session.get(Resource, second)
        session.delete(gone)
        session.commit()
    assert backend.search("pottery").ids == []
