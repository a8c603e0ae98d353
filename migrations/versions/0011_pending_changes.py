"""Pending changes from word of mouth, organiser links, how an entry was confirmed

Adds `resource_pending_change` (facts someone heard, held until a team member confirms them),
`organiser_link` (single-use links an organiser opens to check their listing; only a hash of
each token is kept), `resource.last_confirmed_how` and `resource.has_pending`, and
`team.second_confirmer` (on by default: a new word-of-mouth entry needs a second member's
confirmation). Columns are added with ALTER TABLE ... ADD COLUMN, so no table is rebuilt on
SQLite. Downgrade drops them.

Revision ID: 0011
Revises: 0009
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString, UTCDateTime

revision: str = "0011"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the two tables and add the three columns."""
    op.create_table(
        "resource_pending_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("resource_id", sa.String(length=64), nullable=False),
        sa.Column("source", AutoString(length=40), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("left_out", sa.JSON(), nullable=False),
        sa.Column("note", AutoString(length=1000), nullable=False),
        sa.Column("state", AutoString(length=12), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", UTCDateTime(), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["resource_id"], ["resource.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["created_by_id"], ["user.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["decided_by_id"], ["user.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_resource_pending_change_resource_id", "resource_pending_change", ["resource_id"]
    )
    op.create_index("ix_resource_pending_change_state", "resource_pending_change", ["state"])
    op.create_table(
        "organiser_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("resource_id", sa.String(length=64), nullable=False),
        sa.Column("token_hash", AutoString(length=64), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Column("used_at", UTCDateTime(), nullable=True),
        sa.Column("outcome", AutoString(length=20), nullable=False),
        sa.ForeignKeyConstraint(["resource_id"], ["resource.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["created_by_id"], ["user.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_organiser_link_resource_id", "organiser_link", ["resource_id"])
    op.create_index("ix_organiser_link_token_hash", "organiser_link", ["token_hash"], unique=True)
    op.add_column(
        "resource",
        sa.Column("last_confirmed_how", AutoString(length=20), nullable=False, server_default=""),
    )
    op.add_column(
        "resource",
        sa.Column("has_pending", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.add_column(
        "team",
        sa.Column("second_confirmer", sa.Boolean(), nullable=False, server_default=sa.true()),
    )


def downgrade() -> None:
    """Drop the columns and tables (SQLite 3.35 or later drops columns in place)."""
    op.drop_column("team", "second_confirmer")
    op.drop_column("resource", "has_pending")
    op.drop_column("resource", "last_confirmed_how")
    op.drop_table("organiser_link")
    op.drop_table("resource_pending_change")
