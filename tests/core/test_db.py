"""Database behaviour: SQLite pragmas, write locking, optimistic locking, change tracking."""

from __future__ import annotations

import os
import threading

import pytest
from sqlalchemy import text
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, select

from core import db
from directory.changes import CHANGED
from directory.models import DirectoryState, Resource, ResourceCreate
from directory.resources import create_resource


def add_resource(app, name: str = "Walking Football") -> str:
    """Create one resource and return its id."""
    with app.app_context():
        session = db.get_session()
        resource = create_resource(
            session, ResourceCreate(name=name, locations=[{"postcode": "N7 6QT"}])
        )
        session.commit()
        return resource.id


def directory_version(app) -> int:
    with app.app_context():
        return db.get_session().exec(select(DirectoryState.version)).one()


def test_sqlite_connections_use_wal_foreign_keys_and_a_busy_timeout(tmp_path):
    engine = db.make_engine(f"sqlite:///{tmp_path / 'pragmas.sqlite3'}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000


def test_concurrent_read_modify_write_loses_no_update(app):
    """Threads that each read a value and write it back + 1 never lose an increment."""
    engine = db.get_engine(app)
    rid = add_resource(app)
    errors: list[Exception] = []

    def bump(times: int) -> None:
        for _ in range(times):
            try:
                with Session(db.writer(engine)) as session:
                    # The write lock is taken before the read, so no other writer can slip in.
                    if db.is_sqlite(engine):
                        resource = session.get(Resource, rid)
                    else:
                        resource = session.exec(
                            select(Resource).where(Resource.id == rid).with_for_update()
                        ).one()
                    assert resource is not None
                    resource.min_age = (resource.min_age or 0) + 1
                    session.commit()
            except Exception as exc:  # noqa: BLE001 - collected and asserted below
                errors.append(exc)

    threads = [threading.Thread(target=bump, args=(25,)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with Session(engine) as session:
        assert session.get(Resource, rid).min_age == 100


def test_a_stale_edit_is_refused_not_silently_applied(app):
    engine = db.get_engine(app)
    rid = add_resource(app)
    with Session(db.writer(engine)) as stale:
        old = stale.get(Resource, rid)
        stale.expunge(old)
    with Session(db.writer(engine)) as session:
        current = session.get(Resource, rid)
        current.description = "Newer"
        session.commit()
    with Session(db.writer(engine)) as session:
        old = session.merge(old, load=False)
        old.description = "Stale edit"
        with pytest.raises(StaleDataError):
            session.commit()
    with Session(engine) as session:
        assert session.get(Resource, rid).description == "Newer"


def test_changes_bump_the_directory_version(app):
    before = directory_version(app)
    rid = add_resource(app)
    after_create = directory_version(app)
    with app.app_context():
        session = db.get_session()
        session.get(Resource, rid).sessions = []  # a child-only change counts too
        resource = session.get(Resource, rid)
        resource.costs = []
        resource.name = "Walking Football (over 50s)"
        session.commit()
    assert before < after_create < directory_version(app)


def test_child_changes_touch_the_resource(app):
    rid = add_resource(app)
    with app.app_context():
        session = db.get_session()
        resource = session.get(Resource, rid)
        stamp, version = resource.updated_at, resource.version
        from directory.models import ResourceCost

        resource.costs.append(ResourceCost(amount_pence=300))
        session.commit()
        assert resource.updated_at > stamp
        assert resource.version == version + 1


def test_rollback_forgets_recorded_changes(app):
    with app.app_context():
        session = db.get_session()
        create_resource(session, ResourceCreate(name="Phantom", setting="online"))
        session.flush()
        assert session.info[CHANGED]
        session.rollback()
        assert CHANGED not in session.info
        assert session.exec(select(Resource)).all() == []


def test_foreign_keys_are_enforced(app):
    engine = db.get_engine(app)
    with Session(db.writer(engine)) as session:
        with pytest.raises(Exception, match="(?i)foreign key"):
            session.exec(
                text(
                    "INSERT INTO resource_cost (resource_id, kind, amount_pence, label) "
                    "VALUES ('missing', 'standard', 100, '')"
                )
            )
            session.commit()


def _session_in_a_fork(engine) -> tuple[int, int]:
    """The backend pid a forked child's query runs on, and the parent's own after it."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: one query, then out without running the rest of the test
        try:
            with engine.connect() as conn:
                os.write(
                    write, str(conn.execute(text("SELECT pg_backend_pid()")).scalar()).encode()
                )
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read) as answer:
        child = int(answer.read() or 0)
    os.waitpid(pid, 0)
    with engine.connect() as conn:
        parent = int(conn.execute(text("SELECT pg_backend_pid()")).scalar())
    return child, parent


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_worker_forked_from_a_preloaded_app_has_a_database_session_of_its_own(app):
    # gunicorn's preloaded master (core/gunicorn_conf.py) built the app, which read the database.
    engine = db.get_engine(app)
    with engine.connect() as conn:
        started = conn.execute(text("SELECT pg_backend_pid()")).scalar()
    db.before_fork(app)
    child, parent = _session_in_a_fork(engine)
    assert child and parent and child != parent
    assert started not in (child, parent)  # the master's pooled session went with before_fork
