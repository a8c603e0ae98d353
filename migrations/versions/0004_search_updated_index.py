"""PostgreSQL: index resource_search.updated_us (the search caches re-read recent rows by it)

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    # Without it every directory change costs each node a scan of the whole search table.
    op.execute(
        "CREATE INDEX IF NOT EXISTS ix_resource_search_updated ON resource_search (updated_us)"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS ix_resource_search_updated")
