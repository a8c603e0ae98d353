"""Rendered public search pages are shared by a node's workers through files: a page drawn by
one worker is served by another, never after the directory changes or its time is up, and a
damaged or unwritable cache only costs a redraw."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from directory.page_cache import PageCache
from tests.directory.public_helpers import add_resource, walking_group
from wsgi import create_app

SEARCH = "/public/search?q=walk"


@pytest.fixture
def worker_b(app: Flask, app_config: dict[str, Any]) -> Iterator[Flask]:
    """A second worker of the same node: its own app object, the same database and folders."""
    other = create_app(app_config)
    yield other
    from directory import db

    db.get_engine(other).dispose()


def _pages(app: Flask) -> list[Path]:
    folder = Path(app.config["PAGE_CACHE_DIR"])
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


def test_a_page_drawn_by_one_worker_is_served_by_another(app: Flask, worker_b: Flask) -> None:
    add_resource(app, walking_group())
    first = app.test_client().get(SEARCH)
    assert first.status_code == 200
    assert first.headers["X-Page-Cache"] == "miss"
    assert "Tuesday walking group" in first.get_data(as_text=True)

    second = worker_b.test_client().get(SEARCH)
    assert second.headers["X-Page-Cache"] == "hit"
    assert second.get_data() == first.get_data()
    assert second.headers["ETag"] == first.headers["ETag"]
    assert second.headers["Content-Security-Policy"] == first.headers["Content-Security-Policy"]
    assert second.headers["Cache-Control"] == "public, max-age=300"

    # The browser's copy is still current: 304 from the kept page, as from a drawn one.
    again = worker_b.test_client().get(SEARCH, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_a_directory_change_is_seen_at_once_by_every_worker(app: Flask, worker_b: Flask) -> None:
    add_resource(app, walking_group())
    assert worker_b.test_client().get(SEARCH).headers["X-Page-Cache"] == "miss"
    assert app.test_client().get(SEARCH).headers["X-Page-Cache"] == "hit"

    add_resource(app, walking_group(name="Canal walkers", phone="020 7946 0002"))
    for worker in (worker_b, app):
        page = worker.test_client().get(SEARCH)
        assert "Canal walkers" in page.get_data(as_text=True)
    assert worker_b.test_client().get(SEARCH).headers["X-Page-Cache"] == "hit"


def test_a_page_past_its_time_is_drawn_again(app: Flask) -> None:
    add_resource(app, walking_group())
    client = app.test_client()
    client.get(SEARCH)
    (page,) = _pages(app)
    old = time.time() - 61
    os.utime(page, (old, old))
    assert client.get(SEARCH).headers["X-Page-Cache"] == "miss"
    assert client.get(SEARCH).headers["X-Page-Cache"] == "hit"


@pytest.mark.parametrize(
    "damage",
    [b"", b"not json\n<html>", b'{"query": "q=walk", "length": 99999, "headers": {}}\n<p>'],
)
def test_a_damaged_page_file_is_drawn_again(app: Flask, damage: bytes) -> None:
    add_resource(app, walking_group())
    client = app.test_client()
    good = client.get(SEARCH).get_data()
    (page,) = _pages(app)
    page.write_bytes(damage)
    again = client.get(SEARCH)
    assert again.status_code == 200
    assert again.headers["X-Page-Cache"] == "miss"
    assert again.get_data() == good


def test_an_unwritable_cache_still_answers_every_search(
    app_config: dict[str, Any], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    app = create_app({**app_config, "PAGE_CACHE_DIR": str(blocker / "pages")})
    add_resource(app, walking_group())
    client = app.test_client()
    with caplog.at_level(logging.WARNING):
        for _ in range(2):
            page = client.get(SEARCH)
            assert page.status_code == 200
            assert page.headers["X-Page-Cache"] == "miss"
            assert "Tuesday walking group" in page.get_data(as_text=True)
    assert "public pages are not kept" in caplog.text


def test_pages_with_errors_are_not_kept(app: Flask) -> None:
    page = app.test_client().get("/public/search?q=walk&max_cost=lots")
    assert page.status_code == 400
    assert _pages(app) == []


def test_the_query_string_is_the_key(app: Flask) -> None:
    add_resource(app, walking_group())
    client = app.test_client()
    assert client.get(SEARCH).headers["X-Page-Cache"] == "miss"
    assert client.get(SEARCH + "&free=1").headers["X-Page-Cache"] == "miss"
    free = client.get(SEARCH + "&free=1")
    assert free.headers["X-Page-Cache"] == "hit"
    assert "Tuesday walking group" not in free.get_data(as_text=True)  # £2: not free


def test_a_sweep_drops_older_versions_and_keeps_the_newest_pages(tmp_path: Path) -> None:
    cache = PageCache(tmp_path)
    for n in range(5):
        cache.put(f"q={n}".encode(), 7, b"old version", {})
    for n in range(30):
        cache.put(f"q={n}".encode(), 8, f"page {n}".encode(), {"ETag": f'"{n}"'})
        at = time.time() - 30 + n  # written a second apart, oldest first
        os.utime(tmp_path / "8" / cache._path(f"q={n}".encode(), 8).name, (at, at))
    cache.put(b"q=new", 9, b"a newer version another worker already sees", {})

    cache.sweep(8, size=10)

    assert not (tmp_path / "7").exists()
    assert cache.get(b"q=new", 9) is not None  # newer than the sweeping worker's version
    kept = [n for n in range(30) if cache.get(f"q={n}".encode(), 8) is not None]
    assert kept == list(range(20, 30))
    assert cache.get(b"q=29", 8) == (b"page 29", {"ETag": '"29"'})


def test_another_query_never_gets_this_page(tmp_path: Path) -> None:
    cache = PageCache(tmp_path)
    cache.put(b"q=walk", 3, b"walks", {})
    path = cache._path(b"q=walk", 3)
    os.replace(path, cache._path(b"q=choir", 3))  # as if two queries shared a file name
    assert cache.get(b"q=choir", 3) is None
