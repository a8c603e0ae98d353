"""Track which resources a transaction changed and count directory versions.

Search sync (directory/search/sync.py) and cached matcher arrays read what this records.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, insert, update
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import UOWTransaction

from directory.db import fresh_version
from directory.models import (
    DirectoryState,
    Resource,
    ResourceCost,
    ResourceLocation,
    ResourceSession,
    ResourceTag,
    utcnow,
)

CHANGED = "commonground.changed_resources"
DELETED = "commonground.deleted_resources"
CHILDREN = (ResourceLocation, ResourceSession, ResourceCost, ResourceTag)


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
    for obj in list(session.new) + list(session.dirty) + list(session.deleted):
        if isinstance(obj, Resource) and obj not in session.deleted:
            if obj in session.dirty and session.is_modified(obj, include_collections=True):
                obj.updated_at = now
        elif isinstance(obj, CHILDREN):
            parent = obj.resource
            if parent is not None and parent not in session.new and parent not in session.deleted:
                parent.updated_at = now


@event.listens_for(OrmSession, "after_flush")
def _record_changes(session: OrmSession, _ctx: UOWTransaction) -> None:
    """Remember changed and deleted resource ids, and bump the directory version once a flush."""
    changed: set[str] = session.info.setdefault(CHANGED, set())
    deleted: set[str] = session.info.setdefault(DELETED, set())
    touched = False
    for obj in session.new | session.dirty:
        rid = _resource_id(obj)
        if rid:
            changed.add(rid)
            touched = True
    for obj in session.deleted:
        if isinstance(obj, Resource):
            deleted.add(obj.id)
            changed.discard(obj.id)
            touched = True
        else:
            rid = _resource_id(obj)
            if rid:
                changed.add(rid)
                touched = True
    if touched:
        conn = session.connection()
        bumped = conn.execute(
            update(DirectoryState)  # type: ignore[arg-type]
            .where(DirectoryState.id == 1)  # type: ignore[arg-type]
            .values(version=DirectoryState.version + 1)
        )
        if bumped.rowcount == 0:
            conn.execute(insert(DirectoryState).values(id=1, version=fresh_version()))


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
