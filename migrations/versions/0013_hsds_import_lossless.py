"""Lossless Open Referral import: source identity, addresses as given, times, languages, terms

Adds to `resource` and `organisation` the source's own id (`source_id`), the source's HSDS fields
the columns cannot hold (`extras`, JSON) and, on `resource`, `gone_at` (when the source stopped
listing it). `resource_location` gains the address parts as given (any country), the source's
location id and extras; `resource_session` gains until/count and a timezone
(interval, valid_from/valid_to and the start date came with 0010); `resource_cost` gains currency and amount_description.
New tables: `resource_language` (searchable languages), `source_term` (a source's own taxonomy
terms, kept as published) and `resource_term` (which resources carry them). Every change is an
added column or a new table, so no table is rebuilt on SQLite. Downgrade removes them.

Revision ID: 0013
Revises: 0014
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0013"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Text = sqlmodel.sql.sqltypes.AutoString

ADDRESS = (
    ("address_1", 500),
    ("address_2", 500),
    ("city", 200),
    ("region", 200),
    ("state_province", 200),
    ("postal_code", 40),
    ("country", 100),
)


def _text(name: str, length: int) -> sa.Column:
    return sa.Column(name, Text(length=length), nullable=False, server_default="")


def upgrade() -> None:
    """Add the columns and tables."""
    for table in ("resource", "organisation"):
        op.add_column(table, _text("source_id", 200))
        op.add_column(table, sa.Column("extras", sa.JSON(), nullable=True))
        op.create_index(f"ix_{table}_source_id", table, ["source_id"])
    op.add_column("organisation", _text("source", 200))
    op.add_column("resource", sa.Column("gone_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
    for name, length in ADDRESS:
        op.add_column("resource_location", _text(name, length))
    op.add_column("resource_location", _text("source_id", 200))
    op.add_column("resource_location", sa.Column("extras", sa.JSON(), nullable=True))
    op.create_index("ix_resource_location_source_id", "resource_location", ["source_id"])
    op.add_column("resource_session", sa.Column("until", sa.Date(), nullable=True))
    op.add_column("resource_session", sa.Column("count", sa.Integer(), nullable=True))
    op.add_column("resource_session", _text("timezone", 64))
    op.add_column("resource_cost", _text("currency", 3))
    op.add_column("resource_cost", _text("amount_description", 500))
    _create_tables()


def _create_tables() -> None:
    op.create_table(
        "resource_language",
        sa.Column("resource_id", sa.String(64), nullable=False),
        sa.Column("code", Text(length=40), nullable=False),
        sa.ForeignKeyConstraint(["resource_id"], ["resource.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("resource_id", "code"),
    )
    op.create_index("ix_resource_language_code", "resource_language", ["code"])
    op.create_table(
        "source_term",
        sa.Column("id", Text(length=64), nullable=False),
        sa.Column("source", Text(length=200), nullable=False),
        sa.Column("taxonomy", Text(length=200), nullable=False),
        sa.Column("code", Text(length=200), nullable=False),
        sa.Column("name", Text(length=500), nullable=False),
        sa.Column("parent_id", Text(length=64), nullable=False),
        sa.Column("interest", Text(length=40), nullable=False),
        sa.Column("doc", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_source_term_source", "source_term", ["source"])
    op.create_index("ix_source_term_code", "source_term", ["code"])
    op.create_table(
        "resource_term",
        sa.Column("resource_id", sa.String(64), nullable=False),
        sa.Column("term_id", sa.String(64), nullable=False),
        sa.ForeignKeyConstraint(["resource_id"], ["resource.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["term_id"], ["source_term.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("resource_id", "term_id"),
    )


def downgrade() -> None:
    """Drop the tables and columns (SQLite 3.35 or later drops columns in place)."""
    op.drop_table("resource_term")
    op.drop_index("ix_source_term_code", "source_term")
    op.drop_index("ix_source_term_source", "source_term")
    op.drop_table("source_term")
    op.drop_index("ix_resource_language_code", "resource_language")
    op.drop_table("resource_language")
    for name in ("currency", "amount_description"):
        op.drop_column("resource_cost", name)
    for name in ("until", "count", "timezone"):
        op.drop_column("resource_session", name)
    op.drop_index("ix_resource_location_source_id", "resource_location")
    for name in (*(n for n, _ in ADDRESS), "source_id", "extras"):
        op.drop_column("resource_location", name)
    op.drop_column("resource", "gone_at")
    op.drop_column("organisation", "source")
    for table in ("resource", "organisation"):
        op.drop_index(f"ix_{table}_source_id", table)
        op.drop_column(table, "extras")
        op.drop_column(table, "source_id")

