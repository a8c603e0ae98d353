"""Shared fixtures: an app per test on SQLite and on PostgreSQL, with a real whoosh index.

Like flaskr's conftest: `app`, `client`, `runner`. Every test that uses `app` runs once per
database backend. PostgreSQL runs when COMMONGROUND_TEST_POSTGRES_URL names a server (CI sets
it); with COMMONGROUND_REQUIRE_ALL_TESTS=1 (CI) any skipped test fails the run.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import Engine, text
from werkzeug.datastructures import Headers

from core import db
from directory import changes
from wsgi import create_app

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
PG_URL = os.environ.get("COMMONGROUND_TEST_POSTGRES_URL", "")
REQUIRE_ALL = os.environ.get("COMMONGROUND_REQUIRE_ALL_TESTS") == "1"
SECRET = "test-secret-key-that-is-long-enough-0123456789"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, skipping the test with a clear reason when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs {path} (the shared/ folder beside the project), which is absent")
    return path


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """In CI nothing may be skipped: turn any skip into a failing run."""
    if not REQUIRE_ALL:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if skipped:
        if reporter:
            reporter.write_line(
                f"COMMONGROUND_REQUIRE_ALL_TESTS=1: {skipped} tests were skipped; failing."
            )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def _worker(request: pytest.FixtureRequest) -> str:
    return str(getattr(request.config, "workerinput", {}).get("workerid", "main"))


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file, copied for each test."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    engine = db.make_engine(f"sqlite:///{path}")
    db.upgrade(engine)
    changes.ensure_state_row(engine)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@contextmanager
def scratch_postgres(name: str, migrate: bool = True) -> Iterator[str]:
    """A new PostgreSQL database of this name (dropped first if left over), migrated unless told
    not to, its URL; dropped afterwards."""
    if not PG_URL:
        pytest.skip("PostgreSQL tests need COMMONGROUND_TEST_POSTGRES_URL (CI sets it)")
    from core.config import normalise_database_url

    admin_url = normalise_database_url(PG_URL)
    admin = db.make_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))  # noqa: S608
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = admin_url.rsplit("/", 1)[0] + "/" + name
    if migrate:
        engine = db.make_engine(url)
        db.upgrade(engine)
        with engine.begin() as conn:
            # Each test's reset deletes every search row, so autovacuum kept emptying the RUM
            # index's posting lists, and an index scan of an emptied list crashes the server
            # (rum 1.3.15, postgrespro/rum#183, fixed in rum's master; seen once in CI): a test
            # database's search table is not vacuumed.
            conn.execute(text("ALTER TABLE resource_search SET (autovacuum_enabled = false)"))
        engine.dispose()
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def postgres_database(request: pytest.FixtureRequest) -> Iterator[str]:
    """A migrated PostgreSQL database for this test worker."""
    # The pid keeps concurrent test runs against one server from dropping each other's database.
    with scratch_postgres(f"cg_test_{_worker(request)}_{os.getpid()}") as url:
        yield url


# Empty every table a test may have written and restart every sequence, in one round trip, the
# names quoted by PostgreSQL's format(%I). Not alembic's table, nor an extension's (PostGIS's
# spatial_ref_sys), nor the search vocabulary, which the app's start-up fills from the code and
# corrects if changed. The audit log's append-only triggers do not fire for the harness's reset
# (replica role); a connection leaked by an earlier test (an open transaction) fails this test
# loudly instead of hanging the suite (lock timeout).
RESET = text(
    """
    DO $$
    DECLARE name text;
    BEGIN
        PERFORM set_config('session_replication_role', 'replica', true);
        PERFORM set_config('lock_timeout', '60s', true);
        FOR name IN SELECT c.relname FROM pg_class c WHERE c.relkind = 'r'
            AND c.relnamespace = 'public'::regnamespace
            AND c.relname NOT IN ('alembic_version', 'search_term')
            AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
        LOOP
            EXECUTE format('DELETE FROM %I', name);
        END LOOP;
        FOR name IN SELECT sequencename FROM pg_sequences
            WHERE schemaname = 'public' AND last_value IS NOT NULL
        LOOP
            EXECUTE format('ALTER SEQUENCE %I RESTART', name);
        END LOOP;
    END $$
    """
)


def _truncate_postgres(url: str) -> None:
    """Empty every table the last test wrote and restart every sequence it moved."""
    # Row by row on one kept connection: a TRUNCATE ... CASCADE of every table (new files for
    # each and its indexes) and an emptied vocabulary, rebuilt at the app's start, made a
    # PostgreSQL test's set-up 0.22 s; this, 0.11 s.
    engine = _reset_engine(url)
    with engine.begin() as conn:
        conn.execute(RESET)
    changes.ensure_state_row(engine)


@functools.cache
def _reset_engine(url: str) -> Engine:
    """One engine per test database for the resets, its connection kept between tests."""
    return db.make_engine(url)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, migrated, empty database for one test, on each backend."""
    if request.param == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        path = tmp_path / "commonground.sqlite3"
        shutil.copy(template, path)
        return f"sqlite:///{path}"
    url: str = request.getfixturevalue("postgres_database")
    _truncate_postgres(url)
    return url


@pytest.fixture
def app_config(database_url: str, tmp_path: Path) -> dict[str, Any]:
    """The configuration each test app gets; override keys in a test module if needed."""
    return {
        "TESTING": True,
        "DATABASE_URL": database_url,
        "INDEX_DIR": str(tmp_path / "index"),
        "INSTANCE_DIR": str(tmp_path / "instance"),
        "SECRET_KEY": SECRET,
    }


@pytest.fixture
def app(app_config: dict[str, Any]) -> Iterator[Flask]:
    """An app on a fresh database and a fresh search index."""
    app = create_app(app_config)
    app.test_client_class = CsrfClient
    yield app
    db.get_engine(app).dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client for the app."""
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    """A CLI runner for the app's commands."""
    return app.test_cli_runner()


# --- Signing in (CSRF stays on: clients send a real token fetched from a page) ---------------

PASSWORD = "a calm walk by the canal"
CSRF_PATTERN = re.compile(r'name="csrf[-_]token" (?:content|value)="([^"]+)"')


class CsrfClient(FlaskClient):
    """A test client that sends a real CSRF token with state-changing requests, as the app's
    forms and scripts do. Pass csrf=False to send none (the CSRF tests do)."""

    _tokens: dict[str, str]

    def csrf_token(self) -> str:
        """A token from the sign-in page, or the signed-in page it redirects to (cached while the
        session keeps the same secret)."""
        with self.session_transaction() as sess:
            raw = str(sess.get("csrf_token", ""))
        cache = self.__dict__.setdefault("_tokens", {})
        if raw and raw in cache:
            return cache[raw]
        page = self.get("/login", follow_redirects=True).get_data(as_text=True)
        found = CSRF_PATTERN.search(page)
        assert found, "no CSRF token on the sign-in page"
        with self.session_transaction() as sess:
            cache[str(sess.get("csrf_token", ""))] = found.group(1)
        return found.group(1)

    def open(self, *args: Any, csrf: bool = True, **kwargs: Any) -> Any:
        method = str(kwargs.get("method", "GET")).upper()
        if csrf and method in {"POST", "PUT", "PATCH", "DELETE"}:
            headers = Headers(kwargs.get("headers") or {})
            if "X-CSRFToken" not in headers:
                headers["X-CSRFToken"] = self.csrf_token()
            kwargs["headers"] = headers
        return super().open(*args, **kwargs)


class AuthActions:
    """flaskr-style helper: auth.login(email, password) and auth.logout()."""

    def __init__(self, client: FlaskClient) -> None:
        self._client = client

    def login(self, email: str = "member@example.org", password: str = PASSWORD) -> Any:
        return self._client.post("/login", data={"email": email, "password": password})

    def logout(self) -> Any:
        return self._client.post("/logout")


@pytest.fixture
def auth(client: FlaskClient) -> AuthActions:
    """Sign the `client` in and out."""
    return AuthActions(client)


@functools.cache
def _password_hash() -> str:
    """PASSWORD hashed once per test run (argon2id is slow on purpose)."""
    from core.accounts import hash_password

    return hash_password(PASSWORD)


@pytest.fixture
def users(app: Flask) -> dict[str, int]:
    """One user per role (member, practitioner and admin in team "North"; a team-less owner),
    all with PASSWORD: emails are <role>@example.org, plus other-member@example.org in "South"."""
    from core.accounts import create_user, get_or_create_team
    from core.models import Role

    ids: dict[str, int] = {}
    hashed = _password_hash()
    with app.app_context(), db.write_session() as session:
        north = get_or_create_team(session, "North")
        south = get_or_create_team(session, "South")
        for role, team in (
            (Role.MEMBER, north),
            (Role.PRACTITIONER, north),
            (Role.ADMIN, north),
            (Role.OWNER, None),
        ):
            user = create_user(
                session, f"{role.value}@example.org", role.value.title(), "", role, team
            )
            user.password_hash = hashed
            ids[role.value] = int(user.id or 0)
        other = create_user(session, "other-member@example.org", "Other", "", Role.MEMBER, south)
        other.password_hash = hashed
        ids["other-member"] = int(other.id or 0)
    return ids


@pytest.fixture
def member(users: dict[str, int], auth: AuthActions) -> AuthActions:
    """The client signed in as a team member."""
    auth.login("member@example.org")
    return auth


@pytest.fixture
def practitioner(users: dict[str, int], auth: AuthActions) -> AuthActions:
    """The client signed in as a practitioner."""
    auth.login("practitioner@example.org")
    return auth


@pytest.fixture
def admin(users: dict[str, int], auth: AuthActions) -> AuthActions:
    """The client signed in as an admin."""
    auth.login("admin@example.org")
    return auth


@pytest.fixture
def owner(users: dict[str, int], auth: AuthActions) -> AuthActions:
    """The client signed in as the deployment owner."""
    auth.login("owner@example.org")
    return auth
