"""Search paging and spelling shortcuts give exactly what the full computation gives."""

from __future__ import annotations

import numpy as np
import pytest
from flask import Flask

from directory.db import get_session
from directory.models import ResourceCreate
from directory.resources import create_resource
from directory.search import get_search
from directory.search.common import lexsort_top

PLACE = {"postcode": "N7 6QT", "latitude": 51.555, "longitude": -0.119}


@pytest.mark.parametrize("seed", range(5))
def test_top_of_an_ordering_is_the_start_of_the_full_sort(seed: int) -> None:
    rng = np.random.default_rng(seed)
    for _ in range(200):
        n = int(rng.integers(0, 5000))
        keys = [
            rng.choice(np.array([0.1, 0.25, 0.6, np.inf]), n),  # few values: many ties
            rng.integers(0, 4, n).astype(np.float64),
            rng.permutation(n).astype(np.float64),
        ][: int(rng.integers(1, 4))]
        k = int(rng.integers(1, 150))
        assert np.array_equal(lexsort_top(keys, k), np.lexsort(keys)[:k])


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
