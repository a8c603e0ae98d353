"""A full whoosh rebuild: whoosh's own writer (and procs=), under its lock, one commit."""

from __future__ import annotations

import random
import threading
import time
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import insert
from whoosh import index as windex

from core.db import get_engine
from core.models.base import new_id
from core.times import utcnow
from directory import vocabulary
from directory.models import Resource, ResourceTag
from directory.search import SearchFilters, get_search
from directory.search import whoosh_backend as wb

TEXTS = [
    "",
    "Walking football for over-50s, e.g. Tuesdays at 3.50pm (£3.50; concessions £1.00).",
    "Don't miss it: O'Neill's café — naïve résumé, FAÇADE, Straße, İstanbul, ǅemal.",
    "A I a i x y z 1 2 3 v1.2.3 3.14.15 a.b.c ..dots.. end. .start trailing.",
    "THE and OR not BUT of to be -- the quick brown fox jumps over the lazy dogs",
    "snake_case_words __dunder__ tabs\tand\nnewlines\r\n mixed123numbers 42nd ½ ² ³ ٣",
    "running runner runs ran easily fairly generously happiness relational conditional",
    "Emoji 🙂 and CJK 漢字 かな and Arabic مرحبا and Hebrew שלום and Greek Ωμέγα",
    "apostrophes: it's, they're, rock'n'roll; quotes ‘single’ “double” «guillemets»",
    "yes yes yes YES Yes yEs y ye yes.",
]
FILLER = ["group", "support", "walk", "café", "e.g.", "3.50", "O'Neill's", "naïve", "THE", "it's"]
FILLER += ["a", "I", "x", "Ωμέγα"]


@pytest.fixture
def app_config(app_config: dict[str, Any]) -> dict[str, Any]:
    """The whoosh backend on both databases."""
    return {**app_config, "SEARCH_BACKEND": "whoosh"}


def fill(app: Flask, size: int) -> None:
    """Bulk-insert resources whose text mixes vocabulary words with awkward tokens."""
    rng = random.Random(7)
    codes = list(vocabulary.TERMS[vocabulary.INTEREST])
    now = utcnow()
    resources: list[dict[str, Any]] = []
    tags: list[dict[str, Any]] = []
    for i in range(size):
        rid = new_id()
        words = rng.choices(FILLER, k=rng.randint(0, 12)) + [rng.choice(TEXTS)]
        resources.append(
            {
                "id": rid,
                "name": f"{rng.choice(FILLER).title()} {i}",
                "description": " ".join(words),
                "status": "active",
                "setting": rng.choice(("community", "online")),
                "review_state": "confirmed",
                "is_public": True,
                "created_at": now,
                "updated_at": now - timedelta(seconds=i),
            }
        )
        for code in rng.sample(codes, rng.randint(0, 2)):
            tags.append({"resource_id": rid, "scheme": vocabulary.INTEREST, "code": code})
    with get_engine(app).begin() as conn:
        conn.execute(insert(Resource.__table__), resources)  # type: ignore[attr-defined]
        if tags:
            conn.execute(insert(ResourceTag.__table__), tags)  # type: ignore[attr-defined]


def answers(app: Flask) -> dict[str, tuple[int, list[str], dict[str, dict[str, int]]]]:
    """What a few searches answer: total, first page and facets."""
    backend = get_search(app)
    out = {}
    for query in ("group", "walk café", "naïve", "support", "", "3.50", "o'neill's"):
        found = backend.search(query, per_page=50)
        out[query] = (found.total, found.ids, found.facets)
    return out


def test_a_second_rebuild_reports_progress_and_answers_as_the_first(app: Flask) -> None:
    fill(app, 240)
    backend = get_search(app)
    assert backend.reindex() == 240
    one = answers(app)
    assert one["group"][0] > 0 and one[""][0] == 240
    reports: list[tuple[int, int]] = []
    assert backend.reindex(lambda done, total: reports.append((done, total))) == 240
    assert reports[-1] == (240, 240)
    assert answers(app) == one
    assert backend.is_current()


def test_a_rebuild_replaces_the_index_and_keeps_the_feed_position(app: Flask) -> None:
    fill(app, 60)  # bulk rows bypass the ORM, so the feed has not seen them
    backend = get_search(app)
    assert backend.search("").total == 0
    assert backend.reindex() == 60
    assert backend.search("").total == 60
    assert backend.reindex() == 60  # the old documents go: no doubles
    assert backend.search("").total == 60
    assert backend.is_current()


def test_a_rebuild_waits_for_another_writer(app: Flask) -> None:
    fill(app, 20)
    backend = get_search(app)
    backend.reindex()
    other = windex.open_dir(app.config["INDEX_DIR"]).writer()
    release = threading.Timer(0.5, other.cancel)
    release.start()
    started = time.monotonic()
    assert backend.reindex() == 20
    assert time.monotonic() - started >= 0.4
    release.join()


def test_every_word_needed_and_relaxed_on_posting_lists_of_many_blocks(app: Flask) -> None:
    now = utcnow()
    rows: list[dict[str, Any]] = [
        {
            "id": new_id(),
            "name": f"{word.title()} club {i}",
            "description": f"{word} " * (1 + i % 3),
            "status": "active",
            "setting": "community",
            "review_state": "confirmed",
            "is_public": True,
            "created_at": now,
            "updated_at": now,
        }
        for word in ("apple", "banana")
        for i in range(200)  # posting lists of several blocks (whoosh writes 128 a block)
    ]
    both = {**rows[0], "id": new_id(), "name": "Orchard", "description": "apple and banana"}
    with get_engine(app).begin() as conn:
        conn.execute(insert(Resource.__table__), rows)  # type: ignore[attr-defined]
    backend = get_search(app)
    backend.reindex()
    community = SearchFilters(settings=("community",))
    assert backend.search("apple banana", community).total == 400  # none has both: either
    with get_engine(app).begin() as conn:
        conn.execute(insert(Resource.__table__), [both])  # type: ignore[attr-defined]
    backend.reindex()
    assert backend.search("apple banana", community).ids == [both["id"]]


def test_more_matches_than_the_pool_are_counted_as_the_pool_and_flagged(app: Flask) -> None:
    now = utcnow()
    rows = [
        {
            "id": new_id(),
            "name": f"Apple club {i}",
            "description": "apple",
            "status": "active",
            "setting": "online" if i < 20 else "community",
            "review_state": "confirmed",
            "is_public": True,
            "created_at": now,
            "updated_at": now,
        }
        for i in range(wb.POOL + 20)
    ]
    with get_engine(app).begin() as conn:
        conn.execute(insert(Resource.__table__), rows)  # type: ignore[attr-defined]
    backend = get_search(app)
    backend.reindex()
    broad = backend.search("apple")
    assert (broad.total, broad.capped, len(broad.ids)) == (wb.POOL, True, 20)
    assert sum(broad.facets["settings"].values()) == wb.POOL
    online = backend.search("apple", SearchFilters(settings=("online",)))
    assert (online.total, online.capped, online.facets["settings"]) == (20, False, {"online": 20})


def test_results_come_in_whooshs_own_order_of_its_scores(app: Flask) -> None:
    fill(app, 240)
    backend = get_search(app)
    backend.reindex()
    with windex.open_dir(app.config["INDEX_DIR"]).searcher() as searcher:
        for query in ("group", "walk café", "support group", "naïve walk"):
            plan = wb.plan_query(query)
            hits = searcher.search(wb.text_query(plan), limit=None, optimize=False)
            score = {hit["id"]: round(hit.score, 9) for hit in hits}
            found = backend.search(query, per_page=100)
            assert found.ids and set(found.ids) <= set(score)
            ranked = [score[rid] for rid in found.ids]
            assert ranked == sorted(ranked, reverse=True)
            assert ranked[0] == max(score.values())
