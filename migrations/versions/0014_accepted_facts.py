"""Facts accepted from a person's notes: what the practitioner confirmed, for the matcher

Adds `person.accepted_facts` (a JSON list of fact codes such as "faith:muslim",
"condition:carers", "work:retired", "access:quiet-space"; empty by default). Only accepted facts
shape the ranking; a fact suggested by the notes and not accepted changes nothing. On SQLite the
column is added with ALTER TABLE ... ADD COLUMN, so `person` is not rebuilt. Downgrade drops it.

Revision ID: 0014
Revises: 0010
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the column; people saved before it have accepted no facts."""
    op.add_column(
        "person",
        sa.Column("accepted_facts", sa.JSON(), nullable=False, server_default="[]"),
    )


def downgrade() -> None:
    """Drop the column (SQLite 3.35 or later drops it in place)."""
    op.drop_column("person", "accepted_facts")
