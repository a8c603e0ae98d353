"""Word-of-mouth entries no longer say "drop-in" when nobody said so

Revision ID: 0021
Revises: 0020

Quick-add never asked how to join, and its entries took the model's default, "drop-in": a
guess shown to the public, in handouts and in the Open Referral feed. Since an earlier release
quick-add saves "unknown". Here the entries it saved before get "unknown" too, unless someone
has since set the way of joining (their history shows it); each is recorded in its history, the
change feed and the directory version, as an edit would be, so every cache and index sees it.
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CHANGE = [{"field": "how_to_join", "before": "drop-in", "after": "unknown"}]


def _tables(conn: sa.Connection) -> dict[str, sa.Table]:
    meta = sa.MetaData()
    names = ("resource", "resource_history", "directory_change", "directory_state")
    meta.reflect(conn, only=names)
    meta.tables["resource_history"].c.changes.type = sa.JSON()
    return dict(meta.tables)


def upgrade() -> None:
    """Set the guessed drop-ins to unknown, recorded as an edit by nobody."""
    conn = op.get_bind()
    t = _tables(conn)
    r, h = t["resource"], t["resource_history"]
    set_since = sa.select(h.c.resource_id).where(
        sa.cast(h.c.changes, sa.Text).like('%"how_to_join"%')
    )
    guessed = sa.select(r.c.id).where(
        r.c.source == "word of mouth", r.c.how_to_join == "drop-in", r.c.id.not_in(set_since)
    )
    ids = sorted(conn.execute(guessed).scalars())
    if not ids:
        return
    now = datetime.now(UTC).replace(tzinfo=None)
    conn.execute(
        r.update()
        .where(r.c.id.in_(ids))
        .values(how_to_join="unknown", version=r.c.version + 1, updated_at=now)
    )
    conn.execute(
        h.insert(),
        [
            {"resource_id": i, "at": now, "action": "edit", "changes": CHANGE, "related_id": ""}
            for i in ids
        ],
    )
    state = t["directory_state"]
    conn.execute(state.update().values(version=state.c.version + 1))
    conn.execute(
        t["directory_change"].insert(),
        [{"resource_id": i, "deleted": False, "at": now} for i in ids],
    )


def downgrade() -> None:
    """Nothing to undo: "unknown" is what quick-add has saved since."""
