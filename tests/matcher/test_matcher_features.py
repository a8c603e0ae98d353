"""The directory's arrays are cached per process and rebuilt when the directory changes."""

from __future__ import annotations

from directory.db import get_session
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
