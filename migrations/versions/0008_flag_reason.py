"""A reason on "might have changed": what the team member heard when flagging an entry

Adds `resource.flag_reason` (up to 300 characters, empty by default). It is team-only: never on
public pages, the HSDS feed, iCal or the search index. On SQLite the column is added with
ALTER TABLE ... ADD COLUMN, so `resource` is not rebuilt. Downgrade drops it.

Revision ID: 0008
Revises: 0007
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the column; existing flags have no reason."""
    op.add_column(
        "resource",
        sa.Column(
            "flag_reason",
            sqlmodel.sql.sqltypes.AutoString(length=300),
            nullable=False,
            server_default="",
        ),
    )


def downgrade() -> None:
    """Drop the column (SQLite 3.35 or later drops it in place)."""
    op.drop_column("resource", "flag_reason")
