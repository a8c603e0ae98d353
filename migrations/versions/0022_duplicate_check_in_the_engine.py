"""The duplicate check asks the database: name and contact keys, indexed where it runs

Revision ID: 0022
Revises: 0021

Each app process used to hold its own arrays of every resource's name, contacts, places and
times to find likely duplicates. Now each resource keeps its name and contacts as the check
compares them (`name_key`, `phone_key`, `email_key`, `url_key`, set on every write by
directory/models/keys.py, and filled here for the resources already stored), and the engine
finds the names alike:
- PostgreSQL: a pg_trgm GiST index on `name_key`, asked by word similarity in rank order;
- SQLite: an FTS5 trigram index over `resource_name_key`, a table kept by triggers in the
  writing transaction with an INTEGER PRIMARY KEY of its own (FTS5 names rows by integer, and
  VACUUM may renumber the rowids of `resource`, whose key is text). A later migration that
  rebuilds `resource` in Alembic's batch mode drops the triggers and must make them again.
Places are found through an index on coordinates; times, by resource.
"""

import sqlite3
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from directory.models.keys import keys_of

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KEYS = {"name_key": 200, "phone_key": 40, "email_key": 254, "url_key": 500}
SQLITE = [
    """CREATE TABLE resource_name_key (
        id INTEGER PRIMARY KEY,
        resource_id VARCHAR(64) NOT NULL UNIQUE,
        name_key VARCHAR(200) NOT NULL
    )""",
    """CREATE VIRTUAL TABLE resource_name_grams USING fts5(
        name_key, content='resource_name_key', content_rowid='id', tokenize='trigram'
    )""",
    # How many names hold each trigram, so a search can leave out the commonest.
    "CREATE VIRTUAL TABLE resource_name_vocab USING fts5vocab(resource_name_grams, 'row')",
    """CREATE TRIGGER resource_name_key_ai AFTER INSERT ON resource BEGIN
        INSERT INTO resource_name_key (resource_id, name_key) VALUES (new.id, new.name_key);
    END""",
    """CREATE TRIGGER resource_name_key_au AFTER UPDATE OF name_key ON resource BEGIN
        UPDATE resource_name_key SET name_key = new.name_key WHERE resource_id = new.id;
    END""",
    """CREATE TRIGGER resource_name_key_ad AFTER DELETE ON resource BEGIN
        DELETE FROM resource_name_key WHERE resource_id = old.id;
    END""",
    # The external-content triggers of SQLite's FTS5 documentation.
    """CREATE TRIGGER resource_name_grams_ai AFTER INSERT ON resource_name_key BEGIN
        INSERT INTO resource_name_grams (rowid, name_key) VALUES (new.id, new.name_key);
    END""",
    """CREATE TRIGGER resource_name_grams_ad AFTER DELETE ON resource_name_key BEGIN
        INSERT INTO resource_name_grams (resource_name_grams, rowid, name_key)
        VALUES ('delete', old.id, old.name_key);
    END""",
    """CREATE TRIGGER resource_name_grams_au AFTER UPDATE ON resource_name_key BEGIN
        INSERT INTO resource_name_grams (resource_name_grams, rowid, name_key)
        VALUES ('delete', old.id, old.name_key);
        INSERT INTO resource_name_grams (rowid, name_key) VALUES (new.id, new.name_key);
    END""",
]
CHUNK = 2000


def _fill_keys(conn: sa.Connection) -> None:
    """Set the keys of every stored resource, a chunk at a time."""
    r = sa.table(
        "resource",
        *(sa.column(name, sa.String) for name in ("id", "name", "phone", "email", "url")),
        *(sa.column(name, sa.String) for name in KEYS),
    )
    ids = sorted(conn.execute(sa.select(r.c.id)).scalars())
    update = r.update().where(r.c.id == sa.bindparam("rid"))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        rows = conn.execute(
            sa.select(r.c.id, r.c.name, r.c.phone, r.c.email, r.c.url).where(r.c.id.in_(chunk))
        ).all()
        values = [
            {"rid": row.id, **keys_of(row.name, row.phone, row.email, row.url)} for row in rows
        ]
        if values:
            conn.execute(update.values({k: sa.bindparam(k) for k in KEYS}), values)


def upgrade() -> None:
    """Add and fill the keys, then index them as the engine does best."""
    conn = op.get_bind()
    if conn.dialect.name == "sqlite" and sqlite3.sqlite_version_info < (3, 34):
        raise RuntimeError(
            f"SQLite {sqlite3.sqlite_version} has no FTS5 trigram tokenizer, which the duplicate"
            " check needs: use a Python built with SQLite 3.34 or later (nothing was changed)"
        )
    for name, length in KEYS.items():
        op.add_column(
            "resource", sa.Column(name, sa.String(length), nullable=False, server_default="")
        )
    _fill_keys(conn)
    for name in ("phone_key", "email_key", "url_key"):
        op.create_index(f"ix_resource_{name}", "resource", [name])
    op.create_index("ix_resource_location_point", "resource_location", ["latitude", "longitude"])
    if conn.dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute(
            "CREATE INDEX ix_resource_name_key_trgm ON resource USING gist (name_key gist_trgm_ops)"
        )
    elif conn.dialect.name == "sqlite":
        for statement in SQLITE:
            op.execute(statement)
        op.execute(
            "INSERT INTO resource_name_key (resource_id, name_key) SELECT id, name_key FROM resource"
        )


def downgrade() -> None:
    """Drop the keys and their indexes."""
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        for table in ("resource_name_vocab", "resource_name_grams", "resource_name_key"):
            op.execute(f"DROP TABLE IF EXISTS {table}")
        for trigger in ("ai", "au", "ad"):
            op.execute(f"DROP TRIGGER IF EXISTS resource_name_key_{trigger}")
    op.drop_index("ix_resource_location_point", "resource_location")
    for name in ("phone_key", "email_key", "url_key"):
        op.drop_index(f"ix_resource_{name}", "resource")
    if conn.dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_resource_name_key_trgm")
    with op.batch_alter_table("resource") as batch:
        for name in KEYS:
            batch.drop_column(name)
