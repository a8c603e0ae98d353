"""Session patterns, costs in words and labelled phones

Adds to `resource_session`: `interval` (every N weeks, 1 by default), `anchor` (the first
session, which fixes the weeks), `valid_from` / `valid_to` (a summer-only group) and `cancelled`
(ISO dates of one-off breaks, a JSON list). Adds `resource_cost.unit` (session, week, month,
course; `session` for every existing price; a `kind` of "what-you-can" is pay what you can). Adds `resource.phones` (a JSON list of labelled numbers; `phone` stays the
first). New columns only, with server defaults, so SQLite rebuilds no table. Downgrade drops them.

Revision ID: 0010
Revises: 0015
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0010"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SESSION_DATES = ("anchor", "valid_from", "valid_to")


def upgrade() -> None:
    """Add the columns; every existing session is weekly or monthly as before, all year."""
    op.add_column(
        "resource_session",
        sa.Column("interval", sa.Integer(), nullable=False, server_default="1"),
    )
    for name in SESSION_DATES:
        op.add_column("resource_session", sa.Column(name, sa.Date(), nullable=True))
    op.add_column(
        "resource_session",
        sa.Column("cancelled", sa.JSON(), nullable=False, server_default=sa.text("'[]'")),
    )
    op.add_column(
        "resource_cost",
        sa.Column(
            "unit",
            sqlmodel.sql.sqltypes.AutoString(length=10),
            nullable=False,
            server_default="session",
        ),
    )
    op.add_column(
        "resource",
        sa.Column("phones", sa.JSON(), nullable=False, server_default=sa.text("'[]'")),
    )


def downgrade() -> None:
    """Drop the columns (SQLite 3.35 or later drops them in place)."""
    op.drop_column("resource", "phones")
    op.drop_column("resource_cost", "unit")
    op.drop_column("resource_session", "cancelled")
    for name in reversed(SESSION_DATES):
        op.drop_column("resource_session", name)
    op.drop_column("resource_session", "interval")
