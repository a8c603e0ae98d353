"""PostgreSQL: search documents now carry their places; empty resource_search so it is rebuilt

Revision ID: 0015
Revises: 0011
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0015"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return  # the Whoosh index sees its new field and rebuilds itself
    # Rows without place words would never be rewritten; an empty table is rebuilt on first use.
    op.execute("DELETE FROM resource_search")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DELETE FROM resource_search")
