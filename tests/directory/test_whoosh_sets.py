"""The Whoosh backend meets words and filters as masks: the documents whoosh's matchers find."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from flask import Flask
from whoosh import index as windex
from whoosh import query as wq

from directory import vocabulary
from directory.geo_grid import cells
from directory.search import get_search
from directory.search import whoosh_backend as wb
from tests.directory.test_search_rebuild import FILLER, fill


@pytest.fixture
def app_config(app_config: dict[str, Any]) -> dict[str, Any]:
    """The whoosh backend on both databases."""
    return {**app_config, "SEARCH_BACKEND": "whoosh"}


def random_query(rng: random.Random, depth: int = 0) -> wq.Query:
    """An And or Or of words, interests, settings and nested queries."""
    if depth > 2 or rng.random() < 0.3:
        kind = rng.choice(("word", "interest", "setting"))
        if kind == "word":
            found = wb.word_query(rng.choice(FILLER))
            return found if found is not None else wq.Term("setting", "online")
        if kind == "interest":
            return wq.Term("interests", rng.choice(list(vocabulary.TERMS[vocabulary.INTEREST])))
        return wq.Term("setting", rng.choice(("community", "online")))
    parts = [random_query(rng, depth + 1) for _ in range(rng.randint(1, 3))]
    return wq.And(parts) if rng.random() < 0.5 else wq.Or(parts)


def found(reading: wb.Reading, q: wq.Query) -> set[int]:
    """The document numbers the reading's mask for a query holds."""
    return set(np.flatnonzero(reading.docs(q)).tolist())


@pytest.mark.parametrize("budget", [3_000_000, 40], ids=["all kept", "most let go"])
def test_set_algebra_finds_what_whooshs_matchers_find(
    app: Flask, monkeypatch: pytest.MonkeyPatch, budget: int
) -> None:
    fill(app, 300)
    get_search(app).reindex()
    monkeypatch.setattr(wb, "KEPT_DOCS", budget)
    rng = random.Random(11)
    with windex.open_dir(app.config["INDEX_DIR"]).searcher() as searcher:
        reading = wb.Reading(searcher)
        for _ in range(200):
            q = random_query(rng)
            assert found(reading, q) == set(searcher.docs_for_query(q)), q
            assert found(reading, q) == set(searcher.docs_for_query(q)), q  # kept ones unchanged
            largest = max(map(len, reading.kept.values()), default=0)
            assert reading.held == sum(map(len, reading.kept.values())) <= budget + largest


def test_a_kept_filter_is_not_changed_by_the_searches_that_use_it(app: Flask) -> None:
    fill(app, 120)
    get_search(app).reindex()
    with windex.open_dir(app.config["INDEX_DIR"]).searcher() as searcher:
        reading = wb.Reading(searcher)
        online = wq.Term("setting", "online")
        before = found(reading, online)
        reading.docs(wq.And([online, wb.word_query("walk") or online])).fill(True)
        reading.docs(wq.Or([online, wq.Term("setting", "community")])).fill(False)
        assert found(reading, online) == before == set(searcher.docs_for_query(online))


@pytest.mark.parametrize("marked", [True, False], ids=["unplaced marked", "index before the mark"])
def test_nearest_first_measured_ring_by_ring_puts_the_same_first(
    tmp_path: Path, marked: bool
) -> None:
    rng = random.Random(5)
    ix = windex.create_in(str(tmp_path), wb.make_schema())
    with ix.writer() as writer:
        for i in range(400):
            spots = [
                (rng.gauss(53.8, 0.3), rng.gauss(-1.55, 0.5))
                for _ in range(rng.choice([0, 1, 1, 2, 3]))
            ]
            held = " ".join(sorted({c for lat, lon in spots for c in cells(lat, lon)}))
            writer.add_document(
                id=str(i),
                kind="resource",
                cells=held or ("none" if marked else ""),
                places=";".join(f"{lat} {lon}" for lat, lon in spots).encode(),
            )
    fewer = 0
    with ix.searcher() as searcher:
        reading = wb.Reading(searcher)
        for _ in range(150):
            found = np.array([rng.random() < 0.6 for _ in range(400)])
            own = found & np.array([rng.random() < 0.3 for _ in range(400)])
            size = rng.choice([1, 5, 20, 100, 500])
            near = (rng.gauss(53.8, 0.3), rng.gauss(-1.55, 0.5))
            dist: dict[int, float] = {}
            kept = wb.ringed(reading, found, own, size, near, dist).tolist()
            every = wb.nearest(reading, np.flatnonzero(found).tolist(), near)
            want = sorted(every, key=lambda d: (not own[d], every[d], d))[:size]
            assert sorted(kept, key=lambda d: (not own[d], dist[d], d))[:size] == want
            assert all(dist[d] == every[d] for d in want)
            fewer += len(dist) < len(every)
    assert fewer > 50  # the rings measured fewer matches than all in most searches
