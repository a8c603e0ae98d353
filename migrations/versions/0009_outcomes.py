"""Outcomes: follow-ups ("did they go?"), outcome scores, and each team's outcome settings

Adds three new tables and changes none: `follow_up` (a question due on a date about something
shortlisted, printed on a handout or a peer introduction; its answer), `outcome_score` (one score
of one measure or domain for a person on a date) and `team_outcome_settings` (keyed by team id:
follow-up interval in days, measures in use, reminder schedule in months, the team's own
measure). Rows about a person cascade with the person, so erasure removes them. Downgrade drops
the three tables.

Revision ID: 0009
Revises: 0008
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString, UTCDateTime

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _person() -> list[Any]:
    return [
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], ondelete="CASCADE"),
    ]


def upgrade() -> None:
    """Create the three tables and their indexes."""
    op.create_table(
        "follow_up",
        sa.Column("id", sa.Integer(), nullable=False),
        *_person(),
        sa.Column("kind", AutoString(length=20), nullable=False),
        sa.Column("resource_id", sa.String(length=64), nullable=True),
        sa.Column("set_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("set_by_id", sa.Integer(), nullable=True),
        sa.Column("answer", AutoString(length=20), nullable=False),
        sa.Column("reason", AutoString(length=20), nullable=False),
        sa.Column("reason_text", AutoString(length=300), nullable=False),
        sa.Column("happened_on", sa.Date(), nullable=True),
        sa.Column("answered_on", sa.Date(), nullable=True),
        sa.Column("answered_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["resource_id"], ["resource.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["set_by_id"], ["user.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["answered_by_id"], ["user.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_follow_up_person_id", "follow_up", ["person_id"])
    op.create_index("ix_follow_up_resource_id", "follow_up", ["resource_id"])
    op.create_index("ix_follow_up_due_on", "follow_up", ["due_on"])
    op.create_table(
        "outcome_score",
        sa.Column("id", sa.Integer(), nullable=False),
        *_person(),
        sa.Column("measure", AutoString(length=20), nullable=False),
        sa.Column("part", AutoString(length=30), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("taken_on", sa.Date(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["user.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_outcome_score_person_id", "outcome_score", ["person_id"])
    op.create_index("ix_outcome_score_measure", "outcome_score", ["measure"])
    op.create_table(
        "team_outcome_settings",
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("followup_days", sa.Integer(), nullable=False),
        sa.Column("measures", sa.JSON(), nullable=False),
        sa.Column("schedule_months", sa.JSON(), nullable=False),
        sa.Column("own_name", AutoString(length=60), nullable=False),
        sa.Column("own_low", sa.Float(), nullable=True),
        sa.Column("own_high", sa.Float(), nullable=True),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["team_id"], ["team.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["updated_by_id"], ["user.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("team_id"),
    )


def downgrade() -> None:
    """Drop the three tables (their rows go with them)."""
    op.drop_table("team_outcome_settings")
    op.drop_table("outcome_score")
    op.drop_table("follow_up")
