"""The directory's change feed: one monotonic sequence of changed resource ids.

directory/changes.py appends a row for every resource a flush touched, in the writer's own
transaction; whatever is derived from the directory keeps the last seq it applied and asks
`since(conn, n)` for the rest.
"""

from __future__ import annotations

from sqlalchemy import Connection, func, select

from directory.models import DirectoryChange

_TABLE = DirectoryChange.__table__  # type: ignore[attr-defined]


def latest(conn: Connection) -> int:
    """The newest seq in the feed (0 when it is empty)."""
    return int(conn.execute(select(func.max(_TABLE.c.seq))).scalar() or 0)


def since(conn: Connection, n: int) -> tuple[int, set[str], set[str]]:
    """Rows after seq n: the new last seq, ids changed and ids deleted (by their last row)."""
    last = n
    state: dict[str, bool] = {}
    rows = select(_TABLE.c.seq, _TABLE.c.resource_id, _TABLE.c.deleted).where(_TABLE.c.seq > n)
    for seq, rid, deleted in conn.execute(rows.order_by(_TABLE.c.seq)):
        state[rid] = bool(deleted)
        last = max(last, int(seq))
    changed = {rid for rid, gone in state.items() if not gone}
    return last, changed, set(state) - changed
