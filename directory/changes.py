"""Track which resources a transaction changed, count directory versions, append to the feed.

Every flush that touches a resource (or its children, or its organisation) appends one
`directory_change` row per resource in the same transaction, after the version bump: on
PostgreSQL that UPDATE's row lock orders committing writers, so seqs follow commit order and a
reader catching up "since N" (directory/feed.py) never misses a row.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, event, insert, select, update
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import UOWTransaction

from directory.db import fresh_version
from directory.models import (
    DirectoryChange,
    DirectoryState,
    Organisation,
    Resource,
    ResourceCost,
    ResourceLanguage,
    ResourceLocation,
    ResourceSession,
    ResourceTag,
    ResourceTerm,
    utcnow,
)

CHANGED = "commonground.changed_resources"
DELETED = "commonground.deleted_resources"
CHILDREN = (
    ResourceLocation,
    ResourceSession,
    ResourceCost,
    ResourceTag,
    ResourceLanguage,
    ResourceTerm,
)


def _resource_id(obj: Any) -> str | None:
    if isinstance(obj, Resource):
        return obj.id
    if isinstance(obj, CHILDREN):
        return obj.resource_id or (obj.resource.id if obj.resource is not None else None)
    return None


@event.listens_for(OrmSession, "before_flush")
def _touch_parents(session: OrmSession, _ctx: UOWTransaction, _instances: Any) -> None:
    """Give a resource a new updated_at (and version) when only its children changed."""
    now = utcnow()
    # Each of these builds a new set of the session's objects: read once, not once per object
    # (per object, a 100k import spent a tenth of its time here).
    new, dirty, deleted = session.new, session.dirty, session.deleted
    for obj in list(new) + list(dirty) + list(deleted):
        if isinstance(obj, Resource) and obj not in deleted:
            if obj in dirty and session.is_modified(obj, include_collections=True):
                obj.updated_at = now
        elif isinstance(obj, CHILDREN):
            parent = obj.resource
            if parent is not None and parent not in new and parent not in deleted:
                parent.updated_at = now


def _flushed(session: OrmSession) -> tuple[set[str], set[str]]:
    """Resource ids this flush changed and deleted (an organisation's change: its resources)."""
    changed: set[str] = set()
    deleted: set[str] = set()
    renamed: set[str] = set()
    new = session.new
    for obj in new | session.dirty:
        if isinstance(obj, Organisation):
            if obj in new or session.is_modified(obj):
                renamed.add(obj.id)
        elif rid := _resource_id(obj):
            changed.add(rid)
    for obj in session.deleted:
        if isinstance(obj, Resource):
            deleted.add(obj.id)
        elif rid := _resource_id(obj):
            changed.add(rid)
    if renamed:
        r = Resource.__table__  # type: ignore[attr-defined]
        found = session.connection().execute(
            select(r.c.id).where(r.c.organisation_id.in_(sorted(renamed)))
        )
        changed.update(rid for (rid,) in found)
    return changed - deleted, deleted


def bump_version(conn: Connection) -> None:
    """Move the directory version on by one (creating its row when there is none)."""
    bumped = conn.execute(
        update(DirectoryState)  # type: ignore[arg-type]
        .where(DirectoryState.id == 1)  # type: ignore[arg-type]
        .values(version=DirectoryState.version + 1)
    )
    if bumped.rowcount == 0:
        conn.execute(insert(DirectoryState).values(id=1, version=fresh_version()))


@event.listens_for(OrmSession, "after_flush")
def _record_changes(session: OrmSession, _ctx: UOWTransaction) -> None:
    """Remember changed and deleted resource ids, bump the directory version, append the feed."""
    changed, deleted = _flushed(session)
    if not (changed or deleted):
        return
    kept: set[str] = session.info.setdefault(CHANGED, set())
    gone: set[str] = session.info.setdefault(DELETED, set())
    kept.update(changed)
    kept.difference_update(deleted)
    gone.update(deleted)
    conn = session.connection()
    bump_version(conn)
    # After the bump: its row lock is what orders seqs by commit on PostgreSQL.
    now = utcnow()
    rows = [{"resource_id": rid, "deleted": False, "at": now} for rid in sorted(changed)]
    rows += [{"resource_id": rid, "deleted": True, "at": now} for rid in sorted(deleted)]
    conn.execute(insert(DirectoryChange), rows)


@event.listens_for(OrmSession, "after_soft_rollback")
def _forget_changes(session: OrmSession, _previous: Any) -> None:
    """Drop recorded ids when the transaction is rolled back: nothing reached the database."""
    session.info.pop(CHANGED, None)
    session.info.pop(DELETED, None)


def take_changes(session: OrmSession) -> tuple[set[str], set[str]]:
    """Pop the changed and deleted ids recorded in this session's committed transaction."""
    changed: set[str] = session.info.pop(CHANGED, set())
    deleted: set[str] = session.info.pop(DELETED, set())
    return changed - deleted, deleted
