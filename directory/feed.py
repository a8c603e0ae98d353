"""The directory's change feed: one monotonic sequence of changed resource ids.

directory/changes.py appends a row for every resource a flush touched, in the writer's own
transaction, and one EVERYTHING row when the stored vocabulary changed; whatever is derived from
the directory keeps the last seq it applied and asks `since(conn, n)` for the rest. `prune`
drops rows older than the days kept (the newest row always stays); a reader whose position is
older than the oldest kept row, or ahead of the feed (a restored backup), reads everything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Connection, delete, func, select, update

from directory.models import DirectoryChange, DirectoryState

_TABLE = DirectoryChange.__table__  # type: ignore[attr-defined]
_STATE = DirectoryState.__table__  # type: ignore[attr-defined]
EVERYTHING = "*"  # a row standing for every resource: the vocabulary their text is read with


@dataclass(frozen=True)
class Catch:
    """What a reader at some seq must apply: ids changed and deleted since, or everything."""

    # Ids up to `last`; when `everything`, the rows it missed are gone or stand for all.
    last: int
    changed: set[str] = field(default_factory=set)
    deleted: set[str] = field(default_factory=set)
    everything: bool = False
    # Only the stored vocabulary changed (an EVERYTHING row): the ids above are still every
    # resource written since, for a reader that tracks the vocabulary itself.
    vocabulary_only: bool = False


def latest(conn: Connection) -> int:
    """The newest seq in the feed (0 when it is empty)."""
    return int(conn.execute(select(func.max(_TABLE.c.seq))).scalar() or 0)


def start(conn: Connection) -> int:
    """The seq the feed has been pruned up to (0: never pruned)."""
    return int(conn.execute(select(_STATE.c.feed_start).where(_STATE.c.id == 1)).scalar() or 0)


def since(conn: Connection, n: int) -> Catch:
    """Rows after seq n: ids changed and deleted (by their last row), or everything."""
    newest = latest(conn)
    if newest < n or n < start(conn):
        return Catch(newest, everything=True)
    last = n
    state: dict[str, bool] = {}
    rows = select(_TABLE.c.seq, _TABLE.c.resource_id, _TABLE.c.deleted).where(_TABLE.c.seq > n)
    for seq, rid, deleted in conn.execute(rows.order_by(_TABLE.c.seq)):
        state[rid] = bool(deleted)
        last = max(last, int(seq))
    whole = state.pop(EVERYTHING, None) is not None
    changed = {rid for rid, gone in state.items() if not gone}
    return Catch(last, changed, set(state) - changed, everything=whole, vocabulary_only=whole)


def prune(conn: Connection, keep_days: int, now: datetime) -> int:
    """Delete rows older than keep_days, never the newest; return how many went."""
    # Never the newest, so the feed's seq never goes back. Readers older than what is left then
    # read everything.
    old = select(func.max(_TABLE.c.seq)).where(_TABLE.c.at < now - timedelta(days=keep_days))
    cut = min(int(conn.execute(old).scalar() or 0), latest(conn) - 1)
    if cut <= start(conn):
        return 0
    noted = conn.execute(update(_STATE).where(_STATE.c.id == 1).values(feed_start=cut))
    if not noted.rowcount:  # nowhere to say where the feed starts: keep every row
        return 0
    return int(conn.execute(delete(_TABLE).where(_TABLE.c.seq <= cut)).rowcount or 0)
