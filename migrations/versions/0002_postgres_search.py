"""PostgreSQL full-text search table (resource_search); nothing on other databases

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    # Public fields only, kept by directory/search/postgres_backend.py after each commit.
    op.execute(
        """
        CREATE TABLE resource_search (
            id varchar(64) PRIMARY KEY,
            tsv tsvector NOT NULL,
            words text NOT NULL DEFAULT '',
            interests text[] NOT NULL DEFAULT '{}',
            status varchar(20) NOT NULL DEFAULT 'active',
            updated_us bigint NOT NULL DEFAULT 0
        )
        """
    )
    op.execute("CREATE INDEX ix_resource_search_tsv ON resource_search USING gin (tsv)")
    op.execute(
        "CREATE INDEX ix_resource_search_words ON resource_search USING gin (words gin_trgm_ops)"
    )
    op.execute("CREATE INDEX ix_resource_search_interests ON resource_search USING gin (interests)")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TABLE IF EXISTS resource_search")
