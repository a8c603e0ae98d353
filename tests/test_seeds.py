"""The demo seeds: a realistic fictional area, loaded once by `commonground seed`."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlmodel import func, select

from core import db
from core.accounts import password_problem, verify_password
from core.models import Team, User
from core.times import utcnow
from directory.models import (
    DirectoryState,
    GazetteerEntry,
    Organisation,
    Resource,
    ResourceTeamNote,
)
from directory.search import SearchFilters, get_search
from seeds.people import DEMO_PASSWORD
from wsgi import create_app

DRAMA_PHONE = re.compile(r"^0113 496 0\d{3}$")


def _counts(app: Flask) -> dict[str, int]:
    with app.app_context():
        session = db.get_session()
        return {
            model.__name__: int(session.exec(select(func.count()).select_from(model)).one())
            for model in (Resource, Organisation, GazetteerEntry, Team, User)
        }


def _version(app: Flask) -> int:
    with app.app_context():
        state = db.get_session().get(DirectoryState, 1)
        return state.version if state else 0


@pytest.fixture
def seeded(app: Flask, runner: FlaskCliRunner) -> Flask:
    """The app after `commonground seed`."""
    result = runner.invoke(args=["seed"])
    assert result.exit_code == 0, result.output
    assert "Added 173 resources" in result.output
    return app


@pytest.mark.slow
def test_seed_builds_a_realistic_demo_area(seeded: Flask):
    with seeded.app_context():
        resources = db.get_session().exec(select(Resource)).all()
        organisations = db.get_session().exec(select(Organisation)).all()
        users = db.get_session().exec(select(User)).all()
        teams = db.get_session().exec(select(Team)).all()
        notes = db.get_session().exec(select(ResourceTeamNote)).all()
    n = len(resources)
    assert n >= 150
    assert len({r.organisation_id for r in resources}) >= 80 and len(organisations) >= 80

    def share(pred) -> float:
        return sum(1 for r in resources if pred(r)) / n

    assert 0.35 <= share(lambda r: r.is_free) <= 0.45
    assert 0.15 <= share(lambda r: r.setting == "mental-health-service") <= 0.25
    assert share(lambda r: r.setting == "online") >= 0.05
    assert share(lambda r: r.concession_pence is not None) >= 0.25
    assert {r.status for r in resources} == {"active", "temporarily-closed", "closed"}
    assert share(lambda r: r.status != "active") < 0.1
    assert share(lambda r: bool(r.access)) > 0.8
    assert len({code for r in resources for code in r.access}) >= 10
    assert any(r.min_age is not None and r.max_age is not None for r in resources)

    sessions = [s for r in resources for s in r.sessions]
    assert {s.day for s in sessions} == {"mo", "tu", "we", "th", "fr", "sa", "su"}
    assert any(s.start >= "18:00" for s in sessions)
    assert any(s.freq == "monthly" for s in sessions)

    for r in resources:
        if r.setting == "online":
            assert not r.locations, r.name
        else:
            assert r.locations and all(
                loc.latitude is not None and loc.longitude is not None for loc in r.locations
            ), r.name
        assert DRAMA_PHONE.match(r.phone), r.phone
        assert r.email.endswith("@example.org") and r.url.startswith("https://www.example.org/")
        assert r.description and r.join_details

    now = utcnow()
    confirmed = [r for r in resources if r.review_state == "confirmed"]
    stale = [r for r in confirmed if now - r.last_confirmed_at > timedelta(days=183)]
    recent = [r for r in confirmed if now - r.last_confirmed_at < timedelta(days=30)]
    checking = [r for r in resources if r.review_state == "needs-checking"]
    assert stale and recent and 3 <= len(checking) <= n // 10
    assert all(r.is_stale(183) for r in stale)
    # Demo notes belong to the demo team whose member added the resource, shared with no one.
    adders = {r.id: r.added_by_id for r in resources}
    team_of = {u.id: u.team_id for u in users}
    assert notes and any("Sam" in n.team_notes for n in notes)
    assert all(n.team_id == team_of[adders[n.resource_id]] and not n.shared for n in notes)
    assert {n.team_id for n in notes} == {t.id for t in teams}

    assert len(teams) == 2
    for team in teams:
        roles = sorted(u.role for u in users if u.team_id == team.id)
        assert roles == ["admin", "member", "practitioner"]
        assert DRAMA_PHONE.match(team.contact_phone)
    assert [u.role for u in users if u.team_id is None] == ["owner"]
    assert len(DEMO_PASSWORD) >= 12 and password_problem(DEMO_PASSWORD) is None
    assert all(verify_password(u.password_hash, DEMO_PASSWORD) for u in users)
    assert all(u.email.endswith("@example.org") for u in users)


@pytest.mark.slow
def test_seeding_twice_changes_nothing(seeded: Flask, runner: FlaskCliRunner):
    before, version = _counts(seeded), _version(seeded)
    result = runner.invoke(args=["seed"])
    assert result.exit_code == 0, result.output
    assert "nothing changed" in result.output
    assert _counts(seeded) == before and _version(seeded) == version

    # A deleted demo resource comes back, and only it.
    with seeded.app_context():
        session = db.get_session()
        gone = session.exec(select(Resource).order_by(Resource.name)).first()
        assert gone is not None
        gone_id, gone_name = gone.id, gone.name
        session.delete(gone)
        session.commit()
    result = runner.invoke(args=["seed"])
    assert "Added 1 resources, 0 organisations" in result.output
    assert _counts(seeded) == before
    with seeded.app_context():
        back = db.get_session().get(Resource, gone_id)
        assert back is not None and back.name == gone_name


@pytest.mark.slow
def test_seeded_resources_are_found_by_search(seeded: Flask):
    with seeded.app_context():
        backend = get_search()
        session = db.get_session()
        by_id = {r.id: r for r in session.exec(select(Resource)).all()}
        for words, expect in [
            ("walking football", "Walking football"),
            ("choir", "choir"),
            ("hearing voices", "Hearing voices"),
            ("repair café", "Repair café"),
        ]:
            found = backend.search(words)
            assert found.total > 0, words
            assert expect.lower() in by_id[found.ids[0]].name.lower(), words
        # Kirkbeck's postcode district, from the seeded gazetteer, finds nearby places.
        from directory import geo

        place = geo.lookup(session, "ls6 1aa")
        assert place is not None
        near = backend.search("", SearchFilters(near=(place.lat, place.lon), radius_km=1.0))
        assert 0 < near.total < len(by_id)


def test_seed_refuses_an_unmigrated_database(tmp_path: Path):
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
            "INSTANCE_DIR": str(tmp_path / "instance"),
            "INDEX_DIR": str(tmp_path / "index"),
            "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
        }
    )
    result = app.test_cli_runner().invoke(args=["seed"])
    assert result.exit_code != 0 and "init-db" in result.output
    db.get_engine(app).dispose()


def test_a_service_by_phone_is_not_called_online(seeded: Flask) -> None:
    with seeded.app_context():
        names = db.get_session().exec(select(Resource.name)).all()
    assert "Telephone befriending" in names
    said_twice = [n for n in names if n.endswith("(online)") and re.search(r"phone|line .", n)]
    assert said_twice == [] and "Hearing voices group (online)" in names


def test_the_demo_records_languages_so_the_language_filter_finds_something(seeded: Flask) -> None:
    with seeded.app_context():
        search = get_search(seeded)
        polish = search.search("", SearchFilters(languages=("pl",)))
        bsl = search.search("", SearchFilters(languages=("bfi",)))
    assert polish.total >= 1 and bsl.total >= 1
