"""The directory's arrays are cached per process and rebuilt when the directory changes."""

from __future__ import annotations

from core.db import get_session
from directory.models import LocationIn, ResourceCreate, SessionIn
from directory.resources import create_resource
from matcher import features


def _add(name: str) -> None:
    session = get_session()
    create_resource(
        session,
        ResourceCreate(
            name=name,
            interests=["singing"],
            locations=[LocationIn(postcode="N7 6QT", latitude=51.55, longitude=-0.12)],
            sessions=[SessionIn(day="tu", start="14:00", end="16:00")],
        ),
    )
    session.commit()


def test_features_are_cached_until_the_directory_version_changes(app):
    features.clear_cache()
    with app.app_context():
        _add("Tuesday Choir")
        first = features.get_features(get_session())
        again = features.get_features(get_session())
        assert again is first
        assert [r.name for r in first.records] == ["Tuesday Choir"]
        _add("Thursday Choir")
        rebuilt = features.get_features(get_session())
        assert rebuilt is not first
        assert rebuilt.version > first.version
        assert sorted(r.name for r in rebuilt.records) == ["Thursday Choir", "Tuesday Choir"]
        assert rebuilt.records[0].sessions == (("tu", "14:00", "16:00"),)


def _other_node(app):
    """A separate engine on the same database, as another app node would have."""
    from core.db import get_engine, make_engine, writer

    url = get_engine(app).url.render_as_string(hide_password=False)
    return make_engine(url), writer


def test_a_change_reads_again_only_the_changed_resources_and_matches_a_full_load(app):
    from sqlmodel import Session, select

    from directory.models import Resource

    features.clear_cache()
    with app.app_context():
        # Enough resources that a change to a few is read incrementally, not all again.
        for name in (
            "Tuesday Choir",
            "Thursday Choir",
            "Pottery Drop-in",
            *(f"Group {c}" for c in "ABCDEFGHIJ"),
        ):
            _add(name)
        before = features.get_features(get_session())
        get_session().rollback()  # this request ends
        engine, writer = _other_node(app)
        try:
            with Session(writer(engine)) as other:
                rows = {r.name: r for r in other.exec(select(Resource)).all()}
                rows["Tuesday Choir"].sessions[0].start = "15:00"  # a child row only
                rows["Thursday Choir"].name = "Thursday Singers"
                other.delete(rows["Pottery Drop-in"])
                other.commit()
        finally:
            engine.dispose()
        get_session().rollback()  # a new request on this node
        after = features.get_features(get_session())
        assert after.version != before.version
        names = sorted(r.name for r in after.records)
        assert names == [*(f"Group {c}" for c in "ABCDEFGHIJ"), "Thursday Singers", "Tuesday Choir"]
        tuesday = next(r for r in after.records if r.name == "Tuesday Choir")
        assert tuesday.sessions == (("tu", "15:00", "16:00"),)
        full = features.load(get_session())
        assert [(r.id, r.name, r.sessions) for r in after.records] == [
            (r.id, r.name, r.sessions) for r in full.records
        ]
        assert (after.interests == full.interests).all() and (
            after.sess_start == full.sess_start
        ).all()
        # An untouched resource keeps the row (and the text analysis) read before: its sessions
        # are the same tuple, where a read from the database makes a new one.
        _add("Monday Choir")
        get_session().rollback()
        again = features.get_features(get_session())
        kept = dict(zip(after.table.ids, after.table.sessions, strict=True))
        rows = list(zip(again.table.ids, again.table.names, again.table.sessions, strict=True))
        assert all(held for _, _, held in rows)  # an empty tuple is always the same object
        assert all(held is kept[rid] for rid, name, held in rows if name != "Monday Choir")
        assert "Monday Choir" not in after.table.names
        assert "Monday Choir" in again.table.names


def test_a_version_move_with_no_resource_change_reads_nothing_again(app):
    """An erasure or a renewed version moves the directory version but changes no resource: the
    arrays follow the change feed, so nothing is read again and every record is the same one."""
    from directory.models import DirectoryState

    with app.app_context():
        _add("Tuesday Choir")
        before = features.get_features(get_session())
        get_session().rollback()
        session = get_session()
        state = session.get(DirectoryState, 1)
        state.version += 1
        session.commit()
        after = features.get_features(get_session())
        assert after.version == before.version + 1 and after.seq == before.seq
        assert after.table is before.table  # nothing was read again
