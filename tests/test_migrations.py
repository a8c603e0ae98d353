"""The Alembic migrations create exactly the schema the models describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlmodel import SQLModel

from core import db

ENV_IGNORED = {"resource_search", "search_term", "search_word", "search_due", "spatial_ref_sys"}


def test_migrations_match_the_models(app):
    engine = db.get_engine(app)
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn,
            opts={"compare_type": True, "include_object": _managed, "include_name": _reflected},
        )
        differences = compare_metadata(context, SQLModel.metadata)
    assert differences == [], "models and migrations differ: run `make migration-refresh`"


def test_schema_is_reported_current_after_init(app):
    assert db.schema_is_current(db.get_engine(app))


def _reflected(name, type_, parents) -> bool:
    return not (type_ == "table" and name in ENV_IGNORED)


def _managed(obj, name, type_, reflected, other) -> bool:
    import importlib

    engine_kept = {"ix_resource_name_key_trgm"}
    table = name if type_ == "table" else getattr(getattr(obj, "table", None), "name", None)
    importlib.import_module("matcher.models")
    # SQLite's FTS5 trigram table of names and the table it indexes, with FTS5's own tables.
    names = table is not None and table.startswith(
        ("resource_name_key", "resource_name_grams", "resource_name_vocab")
    )
    return table not in ENV_IGNORED and not names and name not in engine_kept
