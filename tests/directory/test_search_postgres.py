"""PostgreSQL search: the database keeps its search rows itself, so every node sees a write at
its commit, with no sync call and nothing held in the process."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import _truncate_postgres
from flask import Flask
from sqlalchemy import text
from sqlmodel import Session

from core import db
from core.db import get_session
from directory import feed
from directory.changes import directory_version
from directory.models import Organisation, Resource, ResourceCreate
from directory.resources import create_resource
from directory.search import SearchFilters, get_search, sql
from directory.search.common import plan_query
from matcher import features
from wsgi import create_app

PLACE = {"postcode": "N7 6QT", "latitude": 51.555, "longitude": -0.119}


@pytest.fixture(params=["postgresql"])
def database_url(request: pytest.FixtureRequest) -> str:
    """PostgreSQL only (its triggers are what is tested): no SQLite run to skip."""
    url: str = request.getfixturevalue("postgres_database")
    _truncate_postgres(url)
    return url


def outside(app_config: dict[str, Any]) -> Session:
    """A session of another process: no app, so no after-commit hook can reach any index."""
    return Session(db.writer(db.make_engine(app_config["DATABASE_URL"])))


def test_a_write_is_searchable_at_its_commit_with_no_sync(
    app: Flask, app_config: dict[str, Any]
) -> None:
    search = get_search(app)
    with outside(app_config) as session:
        rid = create_resource(
            session, ResourceCreate(name="Lantern choir", locations=[PLACE]), confirmed=True
        ).id
        session.flush()
        # The search row was written by the same transaction...
        held = session.execute(
            text("SELECT count(*) FROM resource_search WHERE id = :id"), {"id": rid}
        )
        assert held.scalar() == 1
        assert search.search("lantern").ids == []  # ...and is not seen before it commits
        session.commit()
        assert search.search("lantern").ids == [rid]
        session.delete(session.get(Resource, rid))
        session.commit()
    assert search.search("lantern").ids == []
    assert search.is_current()


def test_a_write_outside_the_orm_is_searchable_at_its_commit(
    app: Flask, app_config: dict[str, Any]
) -> None:
    search = get_search(app)
    with outside(app_config) as session:
        rid = create_resource(
            session, ResourceCreate(name="Lantern choir", locations=[PLACE]), confirmed=True
        ).id
        session.commit()
    engine = db.get_engine(app)
    rename = text("UPDATE resource SET name = :name WHERE id = :id")
    with engine.connect() as conn:
        conn.execute(rename, {"name": "Beacon choir", "id": rid})
        conn.rollback()  # a rolled-back write leaves the row as it was
        conn.execute(rename, {"name": "Beacon choir", "id": rid})
        conn.execute(
            text("UPDATE resource_tag SET code = code WHERE resource_id = :id"), {"id": rid}
        )
        assert search.search("beacon").ids == []  # not seen before it commits
        conn.commit()
    assert search.search("beacon").ids == [rid]
    assert search.search("lantern").ids == []
    with engine.connect() as conn:  # nothing is left waiting once the transaction ends
        assert conn.execute(text("SELECT count(*) FROM search_due")).scalar() == 0


def test_every_node_sees_changes_to_names_places_and_organisations(
    app: Flask, app_config: dict[str, Any]
) -> None:
    other = create_app(app_config)  # another node on the same database
    with outside(app_config) as session:
        org = Organisation(name="Quillfeather Trust")
        session.add(org)
        session.flush()
        rid = create_resource(
            session,
            ResourceCreate(name="Harbour choir", locations=[PLACE], organisation_id=org.id),
            confirmed=True,
        ).id
        session.commit()
        for node in (app, other):
            assert get_search(node).search("quillfeather").ids == [rid]
        org.name = "Marrowbone Trust"  # an import renames the organisation
        resource = session.get(Resource, rid)
        assert resource is not None
        resource.locations[0].postcode = "LS12 3AA"
        session.commit()
    for node in (app, other):
        search = get_search(node)
        assert search.search("quillfeather").ids == []
        assert search.search("marrowbone").ids == [rid]
        assert search.search("LS12").ids == [rid]
        assert search.search("N7").ids == []
    db.get_engine(other).dispose()


def test_a_rebuild_gives_the_same_results(app: Flask, app_config: dict[str, Any]) -> None:
    with outside(app_config) as session:
        for name in ("Canal walk", "Park walk", "Chess club"):
            create_resource(session, ResourceCreate(name=name, locations=[PLACE]), confirmed=True)
        session.commit()
    search = get_search(app)
    before = search.search("walk")
    assert search.reindex() == 3
    after = search.search("walk")
    assert (after.ids, after.total, after.facets) == (before.ids, before.total, before.facets)


def test_a_new_process_fills_the_vocabulary_its_text_needs(
    app: Flask, app_config: dict[str, Any]
) -> None:
    with db.get_engine(app).begin() as conn:
        conn.execute(text("DELETE FROM search_term"))  # as before the vocabulary was filled
    with outside(app_config) as session:
        rid = create_resource(
            session,
            ResourceCreate(name="Green fingers", locations=[PLACE], access=["step-free"]),
            confirmed=True,
        ).id
        session.commit()
    assert get_search(app).search("wheelchair").ids == []  # no term words in its text yet
    fresh = create_app(app_config)  # start-up fills the vocabulary and rebuilds the rows
    assert get_search(fresh).search("wheelchair").ids == [rid]
    db.get_engine(fresh).dispose()


def test_a_changed_vocabulary_rebuilds_the_rows_and_says_so_in_the_feed(
    app: Flask, app_config: dict[str, Any]
) -> None:
    features.clear_cache()
    with outside(app_config) as session:
        rid = create_resource(
            session,
            ResourceCreate(name="Green fingers", locations=[PLACE], access=["step-free"]),
            confirmed=True,
        ).id
        session.commit()
    with app.app_context():
        before = features.get_features(get_session())
        get_session().rollback()
    with db.get_engine(app).begin() as conn:
        seq, version = feed.latest(conn), directory_version(conn)
        # As an older release wrote it: the new one's synonyms are not in the rows yet.
        conn.execute(text("UPDATE search_term SET words = 'ramp' WHERE code = 'step-free'"))
        conn.execute(text("SELECT search_rebuild()"))
    assert get_search(app).search("wheelchair").ids == []
    fresh = create_app(app_config)  # the new release starts and rewrites the vocabulary
    with db.get_engine(fresh).connect() as conn:
        caught = feed.since(conn, seq)
        # Every reader reads everything again; one that tracks the vocabulary itself (Whoosh's
        # marker) learns it was only the vocabulary, not rows it missed.
        assert caught.everything and caught.vocabulary_only and not caught.changed
        added = text("SELECT resource_id FROM directory_change WHERE seq > :s")
        assert conn.execute(added, {"s": seq}).scalars().all() == [feed.EVERYTHING]
        assert directory_version(conn) == version + 1
        last = feed.latest(conn)
    assert get_search(fresh).search("wheelchair").ids == [rid]
    with fresh.app_context():
        after = features.get_features(get_session())
    assert after.seq == last and after.records[0] is not before.records[0]  # read again whole
    again = create_app(app_config)  # the same vocabulary: nothing written
    with db.get_engine(again).connect() as conn:
        assert feed.latest(conn) == last
    for made in (fresh, again):
        db.get_engine(made).dispose()


def test_a_broad_word_ranks_names_first_and_the_telling_word_leads(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sql, "BROAD_ROWS", 10)  # this small directory counts as a large one
    with app.app_context():
        session = db.get_session()

        def add(name: str, description: str) -> str:
            made = ResourceCreate(name=name, description=description, locations=[PLACE])
            return create_resource(session, made, confirmed=True).id

        named = {add(f"Lantern club {i}", "Weekly evenings.") for i in range(2)}
        for i in range(20):
            add(f"Meeting {i}", "A friendly club for everyone.")
        chess = add("Corner of kings", "A club for chess players.")
        session.commit()
        session.execute(text("ANALYZE resource_search"))
        session.commit()
        with db.get_engine(app).connect() as conn:
            shares, rows = sql.word_shares(conn, plan_query("club chess"))
            assert sql.broad_words(shares, rows) == {"club"}
            # Nearest first, matches in more rows than sqrt(POOL / (GATHER_COST * rows)) are read
            # in PostGIS's order:
            # none in a directory this small; "club" (21 of 23) once the pool is one row, but
            # not "club chess", nor "club" or "chess" when any will do.
            assert sql.gathers(plan_query("club"), shares, rows, every=True)
            with monkeypatch.context() as patched:
                patched.setattr(sql, "POOL", 1)
                assert not sql.gathers(plan_query("club"), shares, rows, every=True)
                assert sql.gathers(plan_query("club chess"), shares, rows, every=True)
                assert not sql.gathers(plan_query("club chess"), shares, rows, every=False)
    search = get_search(app)
    found = search.search("club")
    assert found.total == 23 and set(found.ids[:2]) == named
    assert search.search("club chess").ids == [chess]
    assert search.search("chess club", per_page=50).total == 1


@pytest.mark.parametrize("gathered", [False, True], ids=["in PostGIS's order", "gathered"])
def test_nearest_first_pages_through_every_match_by_its_nearest_place(
    app: Flask, monkeypatch: pytest.MonkeyPatch, gathered: bool
) -> None:
    # A pool of a few rows, so that most pages' pools stop short of every match.
    monkeypatch.setattr(sql, "POOL", 3)
    monkeypatch.setattr(sql, "GATHER_COST", 0.01 if gathered else 5)
    lat, lon = PLACE["latitude"], PLACE["longitude"]
    with app.app_context():
        session = db.get_session()

        def add(name: str, **given: Any) -> str:
            made = ResourceCreate(name=name, description="A walking group.", **given)
            return create_resource(session, made, confirmed=True).id

        placed = {km: add(f"Walking {km}", locations=[at(lat, lon, km)]) for km in (0.2, 4, 25)}
        placed |= {km: add(f"Walking {km}", locations=[at(lat, lon, -km)]) for km in (0.5, 9, 60)}
        placed[3] = add("Walking on two paths", locations=[at(lat, lon, 50), at(lat, lon, -3)])
        online = add("Walking online", setting="online")
        online_far = add(
            "Walking online, office far off", setting="online", locations=[at(lat, lon, 40)]
        )
        session.commit()
        session.execute(text("ANALYZE resource_search"))
        session.commit()
        with db.get_engine(app).connect() as conn:
            shares, rows = sql.word_shares(conn, plan_query("walking"))
        assert sql.gathers(plan_query("walking"), shares, rows, True) is gathered
    search = get_search(app)

    def pages(filters: SearchFilters) -> list[tuple[str, float | None]]:
        found: list[tuple[str, float | None]] = []
        for page in range(1, 8):
            got = search.search("walking", filters, "distance", page, per_page=2)
            km = {i: round(d, 1) for i, d in got.distances_km.items()}
            found += [(i, km.get(i)) for i in got.ids]
        return found

    placed[40] = online_far
    near = (lat, lon)
    assert pages(SearchFilters(near=near)) == [
        *((placed[km], float(km)) for km in sorted(placed)),
        (online, None),
    ]
    # Online entries pass a radius, with no distance beyond it.
    assert pages(SearchFilters(near=near, radius_km=10)) == [
        *((placed[km], float(km)) for km in sorted(placed) if km <= 10),
        (online, None),
        (online_far, None),
    ]


def at(lat: float, lon: float, km: float) -> dict[str, Any]:
    """A place km north of the point (south when negative)."""
    return {"latitude": lat + km / 111.195, "longitude": lon}
