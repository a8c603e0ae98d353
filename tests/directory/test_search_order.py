"""Search paging gives exactly what one long page gives, on both engines."""

from __future__ import annotations

from flask import Flask

from core.db import get_session
from directory.models import ResourceCreate
from directory.resources import create_resource
from directory.search import get_search

PLACE = {"postcode": "N7 6QT", "latitude": 51.555, "longitude": -0.119}


def test_every_page_of_a_search_follows_on_from_the_last(app: Flask) -> None:
    with app.app_context():
        session = get_session()
        for i in range(300):
            create_resource(
                session,
                ResourceCreate(
                    name=f"Garden group {i:03d}",
                    description="gardening " * (i % 3 + 1) + "and friends",
                    interests=["gardening"],
                    locations=[PLACE],
                ),
                confirmed=True,
            )
        session.commit()
    search = get_search(app)
    for sort in ("relevance", "name", "updated", "distance"):
        seen: list[str] = []
        for page in range(1, 5):
            result = search.search("gardening", sort=sort, page=page, per_page=100)
            seen += result.ids
        everything = search.search("gardening", sort=sort, per_page=100)
        assert len(seen) == len(set(seen)) == 300
        assert seen[:100] == everything.ids
