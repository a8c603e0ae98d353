"""The change feed is pruned (old rows go, the newest stays) and a reader older than what is left
reads everything; a source taxonomy term's rename reaches the resources that carry it; an index
built with another release's vocabulary asks for a rebuild."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import text, update

from core.db import get_engine, get_session
from core.times import utcnow
from directory import feed, vocabulary
from directory.models import DirectoryChange, ResourceTerm, SourceTerm
from directory.search import get_search
from matcher import features
from tests.directory.test_search_feed import add

CHANGES = DirectoryChange.__table__  # type: ignore[attr-defined]


@pytest.fixture
def app_config(app_config: dict[str, Any]) -> dict[str, Any]:
    """The whoosh backend on both databases: the index follows the feed."""
    return {**app_config, "SEARCH_BACKEND": "whoosh"}


def age_feed(app: Flask, days: int) -> None:
    """Make every feed row so many days old."""
    with get_engine(app).begin() as conn:
        conn.execute(update(CHANGES).values(at=utcnow() - timedelta(days=days)))


def test_prune_drops_old_rows_but_never_the_newest(app: Flask) -> None:
    for name in ("Avocet art club", "Bittern book group", "Coot cookery class"):
        add(app, name)
    with get_engine(app).connect() as conn:
        newest = feed.latest(conn)
    age_feed(app, 30)
    fresh = add(app, "Dipper dance class")  # today's row
    with get_engine(app).begin() as conn:
        assert feed.prune(conn, 14, utcnow()) == 3
        assert feed.start(conn) == newest
        assert feed.latest(conn) == newest + 1
        assert feed.since(conn, newest) == feed.Catch(newest + 1, {fresh})  # kept rows read on
        assert feed.since(conn, newest - 1).everything  # its next row is gone
        assert feed.prune(conn, 14, utcnow()) == 0  # nothing more is old enough
    age_feed(app, 30)
    with get_engine(app).begin() as conn:
        assert feed.prune(conn, 14, utcnow()) == 0  # the newest row always stays
        assert feed.latest(conn) == newest + 1


def test_a_reader_older_than_the_pruned_feed_reads_everything(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    features.clear_cache()
    add(app, "Eider embroidery circle")
    search = get_search(app)
    assert search.search("eider").ids != []
    with app.app_context():
        before = features.get_features(get_session())
        get_session().rollback()
    monkeypatch.setattr(search, "index", lambda _ids: None)  # a node that was away
    late = [add(app, name) for name in ("Fulmar film club", "Gannet gardening group")]
    age_feed(app, 30)
    with get_engine(app).begin() as conn:
        assert feed.prune(conn, 14, utcnow()) > 0  # the rows the arrays have not read go
    with app.app_context():
        after = features.get_features(get_session())
    assert {r.id for r in after.records} >= set(late)  # read again whole, none missed
    assert not any(r is b for r in after.records for b in before.records)
    # The whoosh index missed them too: it answers as it is, and says it needs a rebuild.
    assert search.search("gannet").ids == []
    assert not search.is_current()
    search.reindex()
    assert search.search("gannet").ids == [late[1]]


def test_the_prune_command_keeps_the_configured_days(app: Flask) -> None:
    add(app, "Heron hiking club")
    add(app, "Ibis italian conversation")
    age_feed(app, 10)
    runner = app.test_cli_runner()
    assert "Pruned 0 change-feed rows." in runner.invoke(args=["prune-feed"]).output
    app.config["FEED_KEEP_DAYS"] = 7
    result = runner.invoke(args=["prune-feed"])
    assert result.exit_code == 0 and "Pruned 1 change-feed rows." in result.output


def test_a_source_term_rename_reaches_the_resources_carrying_it(app: Flask) -> None:
    rid = add(app, "Jackdaw drop-in")
    with app.app_context():
        session = get_session()
        term = SourceTerm(id="t-1", source="leeds", code="knit", name="Knitting natter")
        session.add(term)
        session.add(ResourceTerm(resource_id=rid, term_id="t-1"))
        session.commit()
    search = get_search(app)
    assert search.search("natter").ids == [rid]
    with get_engine(app).connect() as conn:
        seq = feed.latest(conn)
    with app.app_context():
        session = get_session()
        renamed = session.get(SourceTerm, "t-1")
        assert renamed is not None
        renamed.name = "Crochet circle"
        session.commit()
    with get_engine(app).connect() as conn:
        assert feed.since(conn, seq).changed == {rid}
        held = conn.execute(
            text("SELECT count(*) FROM directory_change WHERE seq > :s"), {"s": seq}
        )
        assert held.scalar() == 1
    assert search.search("crochet").ids == [rid]
    assert search.search("natter").ids == []


def test_an_index_built_with_another_vocabulary_asks_for_a_rebuild(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    rid = add(app, "Kittiwake knitting", access=["step-free"])
    search = get_search(app)
    assert search.search("kittiwake").ids == [rid]
    assert search.is_current()
    step_free = vocabulary.TERMS[vocabulary.ACCESS]["step-free"]
    newer = replace(step_free, synonyms=(*step_free.synonyms, "rollator"))
    monkeypatch.setitem(vocabulary.TERMS[vocabulary.ACCESS], "step-free", newer)  # a new release
    assert not search.is_current()  # so `commonground init-db` rebuilds it
    assert search.search("kittiwake").ids == [rid]  # meanwhile it answers as it is
    search.reindex()
    assert search.is_current()
    assert search.search("rollator").ids == [rid]
