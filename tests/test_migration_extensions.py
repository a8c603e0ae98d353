"""Migration 0024 on a real PostgreSQL: the unused cube and earthdistance extensions go, search
keeps working, and a downgrade past 0023 gets back what those migrations' downgrades need."""

from __future__ import annotations

import os

import pytest
import sqlalchemy as sa
from alembic import command
from test_migration_team_notes import engine  # noqa: F401 - the engine fixture

from core import db


def _extensions(bind: sa.Engine) -> set[str]:
    with bind.connect() as conn:
        return set(conn.execute(sa.text("SELECT extname FROM pg_extension")).scalars())


# The extensions and roles are PostgreSQL's: SQLite has nothing to drop.
ON_POSTGRESQL = pytest.mark.parametrize("engine", ["postgresql"], indirect=True)


@ON_POSTGRESQL
def test_0024_drops_cube_and_earthdistance_and_a_downgrade_brings_them_back(engine):  # noqa: F811
    db.upgrade(engine, "0023")
    assert {"cube", "earthdistance"} <= _extensions(engine)
    db.upgrade(engine)
    held = _extensions(engine)
    assert not {"cube", "earthdistance"} & held
    assert {"pg_trgm", "rum", "postgis"} <= held  # the ones search still reads
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT to_regproc('search_earth')")).scalar() is None
    # 0023's downgrade indexes places by search_earth again: 0024's must have brought it back.
    command.downgrade(db.alembic_config(engine), "0022")
    assert {"cube", "earthdistance"} <= _extensions(engine)
    db.upgrade(engine)
    assert not {"cube", "earthdistance"} & _extensions(engine)


@ON_POSTGRESQL
def test_0024_leaves_extensions_a_superuser_made_for_a_role_that_is_not_one(engine):  # noqa: F811
    # The README's production step 1: a superuser makes the extensions, the app's own role
    # (no superuser) owns the database and migrates it.
    role = f"cg_app_{os.getpid()}"
    name = engine.url.database
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text(f'DROP ROLE IF EXISTS "{role}"'))
        conn.execute(sa.text(f'CREATE ROLE "{role}" LOGIN'))
        conn.execute(sa.text(f'ALTER DATABASE "{name}" OWNER TO "{role}"'))
        conn.execute(sa.text(f'ALTER SCHEMA public OWNER TO "{role}"'))
        for extension in ("pg_trgm", "cube", "earthdistance", "rum", "postgis"):
            conn.execute(sa.text(f"CREATE EXTENSION {extension}"))
    as_app = db.make_engine(engine.url.set(username=role).render_as_string(hide_password=False))
    try:
        db.upgrade(as_app)
        with as_app.connect() as conn:
            assert conn.execute(sa.text("SELECT count(*) FROM resource_search")).scalar() == 0
        assert {"cube", "earthdistance"} <= _extensions(engine)  # not the role's to drop
    finally:
        as_app.dispose()
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(sa.text(f'ALTER DATABASE "{name}" OWNER TO CURRENT_USER'))
            conn.execute(sa.text(f'DROP OWNED BY "{role}" CASCADE'))  # the fixture drops the rest
            conn.execute(sa.text(f'DROP ROLE "{role}"'))
