"""One change feed: every write to the directory appends a row in the same transaction

Adds `directory_change(seq, resource_id, deleted, at)`: `seq` is monotonic (taken after the
`directory_state` version bump, whose row lock orders committing writers on PostgreSQL), so a
reader that has applied up to N catches up with `seq > N` and never misses a row. Derived copies
(the whoosh index) keep the seq they have applied. Downgrade drops the table.

Revision ID: 0017
Revises: 0013
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import UTCDateTime

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the feed table."""
    op.create_table(
        "directory_change",
        sa.Column("seq", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("resource_id", sa.String(length=64), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("at", UTCDateTime(), nullable=False),
        sqlite_autoincrement=True,
    )


def downgrade() -> None:
    """Drop the feed table."""
    op.drop_table("directory_change")
