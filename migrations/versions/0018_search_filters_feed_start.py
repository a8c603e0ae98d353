"""Filters PostgreSQL can read through indexes, and where the pruned change feed starts

Revision ID: 0018
Revises: 0017

`directory_state.feed_start`: the feed has been pruned up to this seq (0: never); a reader whose
position is older reads everything again (directory/feed.py). On PostgreSQL, three indexes a
search combines in one bitmap with its words: a GIN index of the words (RUM, kept for reading
matches in rank order, is several times slower to gather every match of a common word), one of
the days a resource meets on and one of its access codes. The days are a stored column (`days`,
by `search_days`: 'any' for a resource with no fixed sessions, which every day filter passes),
so that a plan reading rows in name order checks them for the cost of an array compare.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEARCH_DAYS = """
CREATE OR REPLACE FUNCTION search_days(sessions text[]) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE WHEN cardinality(sessions) = 0 THEN ARRAY['any']
        ELSE ARRAY(SELECT DISTINCT split_part(s, ' ', 1) FROM unnest(sessions) AS s) END
$$;
"""
DAYS = """
ALTER TABLE resource_search
    ADD COLUMN days text[] GENERATED ALWAYS AS (search_days(sessions)) STORED
"""
INDEXES = {
    "ix_resource_search_words": "gin (tsv)",
    "ix_resource_search_days": "gin (days)",
    "ix_resource_search_access": "gin (access)",
}


def upgrade() -> None:
    """Add feed_start; on PostgreSQL the day function and the three indexes."""
    op.add_column(
        "directory_state",
        sa.Column("feed_start", sa.Integer(), nullable=False, server_default="0"),
    )
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(SEARCH_DAYS)
    op.execute(DAYS)
    for name, how in INDEXES.items():
        op.execute(f"CREATE INDEX IF NOT EXISTS {name} ON resource_search USING {how}")
    op.execute("ANALYZE resource_search")


def downgrade() -> None:
    """Drop them again."""
    if op.get_bind().dialect.name == "postgresql":
        for name in INDEXES:
            op.execute(f"DROP INDEX IF EXISTS {name}")
        op.execute("ALTER TABLE resource_search DROP COLUMN IF EXISTS days")
        op.execute("DROP FUNCTION IF EXISTS search_days(text[])")
    op.drop_column("directory_state", "feed_start")
