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

from directory import db
from directory.models import GazetteerEntry
from directory.page_cache import PageCache
from tests.directory.public_helpers import add_resource, walking_group
from wsgi import create_app

SEARCH = "/public/search?q=walk"
KEY = b"a test secret key"


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
    cache = PageCache(tmp_path, KEY)
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
    cache = PageCache(tmp_path, KEY)
    cache.put(b"q=walk", 3, b"walks", {})
    path = cache._path(b"q=walk", 3)
    os.replace(path, cache._path(b"q=choir", 3))  # as if two queries shared a file name
    assert cache.get(b"q=choir", 3) is None


def test_page_files_hold_no_query_text(app: Flask) -> None:
    add_resource(app, walking_group())
    with app.app_context():
        session = db.get_session()
        session.add(GazetteerEntry(key="LS6 1AA", kind="postcode", name="LS6 1AA",
                                   latitude=53.82, longitude=-1.58))  # fmt: skip
        session.commit()
    client = app.test_client()
    for url in ("/public/search?q=walk+zebrafinch&near=LS6+1AA&radius=5", f"{SEARCH}+zebrafinch"):
        page = client.get(url)
        assert page.status_code == 200 and page.headers["X-Page-Cache"] == "miss"
        assert "zebrafinch" in page.get_data(as_text=True)  # the page shows what was searched
    pages = _pages(app)
    assert len(pages) == 2
    for page in pages:
        raw = page.read_bytes() + page.name.encode()
        for text in (b"zebrafinch", b"LS6 1AA", b"LS6+1AA", b"walk", b"query", b"<html"):
            assert text not in raw


def test_files_are_named_and_sealed_with_the_secret_key(tmp_path: Path) -> None:
    """Without the secret key no file name can be tested against guessed postcodes, and no file
    (nor a copy of one) can be read."""
    one, two = PageCache(tmp_path / "a", b"one"), PageCache(tmp_path / "b", b"two")
    one.put(b"near=LS6+1AA", 1, b"page", {})
    two.put(b"near=LS6+1AA", 1, b"page", {})
    (a,), (b,) = list((tmp_path / "a" / "1").iterdir()), list((tmp_path / "b" / "1").iterdir())
    assert a.name != b.name
    assert one.get(b"near=LS6+1AA", 1) == (b"page", {})
    os.replace(b, a)  # the other key's page put where this one looks
    assert one.get(b"near=LS6+1AA", 1) is None


def test_an_expired_page_is_removed_when_read(tmp_path: Path) -> None:
    cache = PageCache(tmp_path, KEY)
    cache.put(b"q=walk", 3, b"walks", {})
    (page,) = list((tmp_path / "3").iterdir())
    old = time.time() - 61
    os.utime(page, (old, old))
    assert cache.get(b"q=walk", 3) is None
    assert not page.exists()


def test_expired_pages_are_swept_on_a_quiet_node(tmp_path: Path) -> None:
    """A sweep runs once a page's lifetime has passed, not only every SWEEP_EVERY pages."""
    cache = PageCache(tmp_path, KEY, seconds=0.3)
    cache.put(b"q=walk", 3, b"walks", {})
    cache.put(b"q=choir", 3, b"choirs", {})
    time.sleep(0.4)
    cache.put(b"q=garden", 3, b"gardens", {})
    assert len(list((tmp_path / "3").iterdir())) == 1
    assert cache.get(b"q=garden", 3) == (b"gardens", {})
