"""Alembic environment: runs migrations against the app's engine or COMMONGROUND_DATABASE_URL."""

from __future__ import annotations

import os

from alembic import context
from sqlmodel import SQLModel

import core.models  # noqa: F401  (registers tables)
import directory.models  # noqa: F401
import matcher.models  # noqa: F401  (registers tables)
from core.config import normalise_database_url
from core.db import make_engine

config = context.config
target_metadata = SQLModel.metadata
# Tables created by hand-written, dialect-specific migrations (e.g. PostgreSQL search), not models.
# PostGIS's own table of spatial reference systems is the extension's.
UNMANAGED_TABLES = {
    "resource_search",
    "search_term",
    "search_word",
    "search_due",
    "spatial_ref_sys",
}
# PostgreSQL-only indexes on model tables (pg_trgm's GiST index of names, migration 0022).
UNMANAGED_INDEXES = {"ix_resource_name_key_trgm"}


def include_object(
    obj: object, name: str | None, type_: str, reflected: bool, _other: object
) -> bool:
    """Leave hand-managed tables out of autogenerate and `alembic check`."""
    table = getattr(obj, "table", None)
    table_name = name if type_ == "table" else getattr(table, "name", None)
    return table_name not in UNMANAGED_TABLES and name not in UNMANAGED_INDEXES


def include_name(name: str | None, type_: str, _parents: object) -> bool:
    """Not even reflect the hand-managed tables (their PostGIS column is no SQLAlchemy type)."""
    return not (type_ == "table" and name in UNMANAGED_TABLES)


def run_migrations() -> None:
    """Run migrations online, on the engine handed over by the app or built from the env."""
    engine = config.attributes.get("engine")
    if engine is None:
        url = os.environ.get("COMMONGROUND_DATABASE_URL", "sqlite:///instance/commonground.sqlite3")
        engine = make_engine(normalise_database_url(url))
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
            include_object=include_object,
            include_name=include_name,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations()
