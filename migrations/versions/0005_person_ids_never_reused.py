"""People's ids are never reused (SQLite AUTOINCREMENT)

SQLite gives a new row the highest rowid + 1, so erasing the newest person handed their number
to the next one. The person table is rebuilt with AUTOINCREMENT (Alembic's batch mode), and its
sequence starts above every person number the audit log has seen. PostgreSQL's sequences never
go back, so nothing changes there.

`commonground init-db` runs this with foreign keys off, as SQLite's documentation asks for a
table rebuild: with them on, dropping the old table would cascade-delete every goal, shortlist
and connection. The rebuilt table is checked with PRAGMA foreign_key_check before it commits.

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _rebuild_person(autoincrement: bool) -> None:
    """Recreate the person table, with or without AUTOINCREMENT, keeping every row and key."""
    bind = op.get_bind()
    if bind.exec_driver_sql("PRAGMA foreign_keys").scalar():
        raise RuntimeError(
            "Migration 0005 rebuilds the person table and needs foreign keys off "
            "(with them on, every row referring to a person would be deleted): "
            "run it with `commonground init-db`."
        )
    with op.batch_alter_table(
        "person", recreate="always", table_kwargs={"sqlite_autoincrement": autoincrement}
    ):
        pass
    broken = bind.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise RuntimeError(f"rebuilding the person table broke foreign keys: {broken[:5]}")


def _highest_person_number() -> int:
    """The highest person number in the table or anywhere in the audit log."""
    bind = op.get_bind()
    highest = int(bind.exec_driver_sql("SELECT max(id) FROM person").scalar() or 0)
    refs = bind.execute(
        sa.text("SELECT DISTINCT subject_ref FROM audit_event WHERE subject_type = 'person'")
    ).scalars()
    numbers = [int(ref) for ref in refs if ref and ref.isascii() and ref.isdigit()]
    return max([highest, *numbers])


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    _rebuild_person(autoincrement=True)
    # Erased people's numbers (kept in the audit log) are above the table's highest id when the
    # newest people were erased: the sequence starts above them too.
    highest = _highest_person_number()
    if highest:
        op.execute(sa.text("DELETE FROM sqlite_sequence WHERE name = 'person'"))
        op.execute(
            sa.text("INSERT INTO sqlite_sequence (name, seq) VALUES ('person', :n)").bindparams(
                n=highest
            )
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    _rebuild_person(autoincrement=False)
