"""Team-only resource fields belong to the team that wrote them

Upgrade moves `resource.told_by`, `team_notes` and `team_contact` into `resource_team_note`:
one row per resource that had any, for the team of the user in `resource.added_by_id`, not
shared. Where no team can be found (no adder, an adder without a team, or one since removed)
the row has no team and is shared, so those notes stay visible to every team exactly as they
are today. Changes to those fields in `resource_history` are split into entries carrying the
same team (seen by that team only); a merge's saved copy of the removed record keeps its notes
in the form an undo now uses.

Downgrade puts the values back on `resource` (a resource's notes from several teams joined with
"; ", the adding team's first, cut to the old lengths) and drops the table and history column.

On SQLite the columns are dropped with ALTER TABLE ... DROP COLUMN (SQLite 3.35 or later), not
batch mode: batch mode re-creates `resource`, and with foreign keys on (they cannot be turned
off inside the migration's transaction) dropping the old table deletes every resource's places,
times, costs and tags through their ON DELETE CASCADE.

Revision ID: 0006
Revises: 0005
"""

import sqlite3
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString, UTCDateTime

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TEXT = {"told_by": 200, "team_notes": 5000, "team_contact": 500}
STAMP = UTCDateTime

user = sa.table("user", sa.column("id"), sa.column("team_id"))
resource = sa.table(
    "resource",
    sa.column("id"),
    sa.column("added_by_id"),
    sa.column("updated_at", STAMP()),
    *(sa.column(name) for name in TEXT),
)
note = sa.table(
    "resource_team_note",
    sa.column("id"),
    sa.column("resource_id"),
    sa.column("team_id"),
    sa.column("shared", sa.Boolean()),
    sa.column("updated_at", STAMP()),
    sa.column("updated_by_id"),
    sa.column("version"),
    *(sa.column(name) for name in TEXT),
)
history = sa.table(
    "resource_history",
    sa.column("id"),
    sa.column("resource_id"),
    sa.column("at", STAMP()),
    sa.column("user_id"),
    sa.column("action"),
    sa.column("changes", sa.JSON()),
    sa.column("removed", sa.JSON()),
    sa.column("related_id"),
    sa.column("undone_at", STAMP()),
    sa.column("team_id"),
)


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite" and sqlite3.sqlite_version_info < (3, 35):
        raise RuntimeError(
            f"This migration needs SQLite 3.35 or later (this Python has {sqlite3.sqlite_version})"
        )
    op.create_table(
        "resource_team_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("resource_id", sa.String(length=64), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=True),
        *(sa.Column(name, AutoString(length=size), nullable=False) for name, size in TEXT.items()),
        sa.Column("shared", sa.Boolean(), nullable=False),
        sa.Column("updated_at", STAMP(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["resource_id"], ["resource.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["team_id"], ["team.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["updated_by_id"], ["user.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("resource_id", "team_id", name="uq_resource_team_note_resource_team"),
    )
    # Nothing refers to resource_history, so re-creating it on SQLite deletes nothing else.
    with op.batch_alter_table("resource_history") as batch:
        batch.add_column(sa.Column("team_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_resource_history_team_id", "team", ["team_id"], ["id"], ondelete="CASCADE"
        )
    owners = _owner_teams(bind)
    _move_values(bind, owners)
    _split_history(bind, owners)
    for name in TEXT:
        op.drop_column("resource", name)


def _owner_teams(bind: sa.Connection) -> dict[str, int | None]:
    """Each resource's team: that of the user who added it (merged-away ones too)."""
    teams = dict(bind.execute(sa.select(user.c.id, user.c.team_id)).all())
    rows = bind.execute(sa.select(resource.c.id, resource.c.added_by_id)).all()
    owners = {rid: teams.get(added_by) for rid, added_by in rows}
    merges = sa.select(history.c.removed).where(history.c.action == "merge")
    for removed in bind.execute(merges).scalars():
        if isinstance(removed, dict) and removed.get("id") and removed["id"] not in owners:
            owners[removed["id"]] = teams.get(removed.get("added_by_id"))
    return owners


def _move_values(bind: sa.Connection, owners: dict[str, int | None]) -> None:
    """One notes row per resource that has any, for its adder's team (shared when none)."""
    columns = [resource.c.id, resource.c.updated_at, *(resource.c[name] for name in TEXT)]
    written = sa.or_(*(sa.func.coalesce(resource.c[name], "") != "" for name in TEXT))
    rows = [
        {
            "resource_id": row.id,
            "team_id": owners.get(row.id),
            "shared": owners.get(row.id) is None,
            "updated_at": row.updated_at,
            "updated_by_id": None,
            "version": 1,
            **{name: getattr(row, name) or "" for name in TEXT},
        }
        for row in bind.execute(sa.select(*columns).where(written)).all()
    ]
    if rows:
        bind.execute(note.insert(), rows)


def _split_history(bind: sa.Connection, owners: dict[str, int | None]) -> None:
    """Give changes to the notes fields their team; keep a merge's notes for its undo."""
    for entry in bind.execute(sa.select(history)).all():
        changes = list(entry.changes or [])
        if entry.action == "merge":
            _convert_merge(bind, entry, changes, owners)
            continue
        notes = [c for c in changes if c.get("field") in TEXT]
        if not notes:
            continue
        rest = [c for c in changes if c.get("field") not in TEXT]
        team = owners.get(entry.resource_id)
        where = history.c.id == entry.id
        if not rest:
            bind.execute(history.update().where(where).values(team_id=team))
            continue
        bind.execute(history.update().where(where).values(changes=rest))
        bind.execute(
            history.insert().values(
                resource_id=entry.resource_id,
                at=entry.at,
                user_id=entry.user_id,
                action=entry.action,
                changes=notes,
                removed=None,
                related_id=entry.related_id,
                undone_at=entry.undone_at,
                team_id=team,
            )
        )


def _convert_merge(
    bind: sa.Connection, entry: Any, changes: list[dict[str, Any]], owners: dict[str, int | None]
) -> None:
    """A merge entry in the new form: notes kept aside for an undo, not shown as changes."""
    removed = dict(entry.removed or {})
    legacy = {name: removed.pop(name, "") or "" for name in TEXT}
    team = owners.get(removed.get("id", ""))
    removed["team_rows"] = (
        [{"team_id": team, **legacy, "shared": team is None, "updated_by_id": None}]
        if any(legacy.values())
        else []
    )
    kept = {c["field"]: c.get("before") or "" for c in changes if c.get("field") in TEXT}
    removed["keep_team_changes"] = (
        [{"team_id": owners.get(entry.resource_id), "existed": True, "before": kept}]
        if kept
        else []
    )
    rest = [c for c in changes if c.get("field") not in TEXT]
    bind.execute(
        history.update().where(history.c.id == entry.id).values(changes=rest, removed=removed)
    )


def downgrade() -> None:
    bind = op.get_bind()
    for name, size in TEXT.items():
        op.add_column(
            "resource",
            sa.Column(
                name,
                AutoString(length=size),
                nullable=False,
                server_default="",
            ),
        )
    _put_values_back(bind)
    _merges_back(bind)
    # Nothing refers to resource_history, so re-creating it on SQLite deletes nothing else.
    with op.batch_alter_table("resource_history") as batch:
        batch.drop_column("team_id")
    op.drop_table("resource_team_note")


def _put_values_back(bind: sa.Connection) -> None:
    """Each resource's notes on the resource again: every team's, the adding team's first."""
    owners = _owner_teams(bind)
    grouped: dict[str, list[Any]] = {}
    for row in bind.execute(sa.select(note).order_by(note.c.id)).all():
        grouped.setdefault(row.resource_id, []).append(row)
    for rid, rows in grouped.items():
        rows.sort(key=lambda r: r.team_id != owners.get(rid))
        values = {
            name: "; ".join(t for t in (str(getattr(r, name)).strip() for r in rows) if t)[:size]
            for name, size in TEXT.items()
        }
        bind.execute(resource.update().where(resource.c.id == rid).values(**values))


def _merges_back(bind: sa.Connection) -> None:
    """Merge entries in the old form: the removed record's notes as plain fields again."""
    merges = sa.select(history).where(history.c.action == "merge")
    for entry in bind.execute(merges).all():
        removed = dict(entry.removed or {})
        rows = removed.pop("team_rows", [])
        kept = removed.pop("keep_team_changes", [])
        for name, size in TEXT.items():
            removed[name] = "; ".join(str(r.get(name) or "") for r in rows if r.get(name))[:size]
        changes = list(entry.changes or [])
        for change in kept:
            for name, before in change.get("before", {}).items():
                if name in TEXT:
                    changes.append({"field": name, "before": before, "after": None})
        values = {"removed": removed, "changes": changes}
        bind.execute(history.update().where(history.c.id == entry.id).values(**values))
