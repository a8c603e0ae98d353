"""Track which resources a transaction changed, count directory versions, append to the feed.

Every flush that touches a resource (or its children, its organisation, or a source taxonomy
term it carries) appends one `directory_change` row per resource in the same transaction, after
the version bump (`record_everything` appends one row for all, when the stored vocabulary
changes): on
PostgreSQL that UPDATE's row lock orders committing writers, so seqs follow commit order and a
reader catching up "since N" (directory/feed.py) never misses a row.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, event, insert, select, update
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import UOWTransaction

from core import db
from core.db import fresh_version
from core.times import utcnow
from directory.feed import EVERYTHING
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
    SourceTerm,
)

CHANGED = "commonground.changed_resources"
DELETED = "commonground.deleted_resources"
DUE = "commonground.search_due"  # this flush wrote rows the search triggers note
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


def _written(session: OrmSession) -> tuple[set[str], set[str], set[str]]:
    """Resources written, organisations new or changed, and source terms changed (not new)."""
    changed: set[str] = set()
    renamed: set[str] = set()
    terms: set[str] = set()  # source taxonomy terms renamed or remapped
    new = session.new
    for obj in new | session.dirty:
        if isinstance(obj, Organisation):
            if obj in new or session.is_modified(obj):
                renamed.add(obj.id)
        elif isinstance(obj, SourceTerm):
            if obj not in new and session.is_modified(obj):
                terms.add(obj.id)
        elif rid := _resource_id(obj):
            changed.add(rid)
    return changed, renamed, terms


def _flushed(session: OrmSession) -> tuple[set[str], set[str]]:
    """Resource ids this flush changed and deleted (an organisation's change: its resources)."""
    changed, renamed, terms = _written(session)
    deleted: set[str] = set()
    for obj in session.deleted:
        if isinstance(obj, Resource):
            deleted.add(obj.id)
        elif isinstance(obj, SourceTerm):
            terms.add(obj.id)
        elif rid := _resource_id(obj):
            changed.add(rid)
    changed.update(_carrying(session, renamed, terms))
    return changed - deleted, deleted


def _carrying(session: OrmSession, organisations: set[str], terms: set[str]) -> set[str]:
    """Resources of these organisations, and resources carrying these source terms."""
    found: set[str] = set()
    conn = session.connection()
    if organisations:
        r = Resource.__table__  # type: ignore[attr-defined]
        query = select(r.c.id).where(r.c.organisation_id.in_(sorted(organisations)))
        found.update(rid for (rid,) in conn.execute(query))
    if terms:
        t = ResourceTerm.__table__  # type: ignore[attr-defined]
        query = select(t.c.resource_id).where(t.c.term_id.in_(sorted(terms)))
        found.update(rid for (rid,) in conn.execute(query))
    return found


def directory_version(conn: Connection) -> int:
    """The directory's change counter."""
    state = DirectoryState.__table__  # type: ignore[attr-defined]
    return int(conn.execute(select(state.c.version).where(state.c.id == 1)).scalar() or 0)


def bump_version(conn: Connection) -> None:
    """Move the directory version on by one (creating its row when there is none)."""
    db.bump_version(conn, DirectoryState)


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
    session.info[DUE] = True
    _append(session.connection(), changed, deleted)


def _append(conn: Connection, changed: set[str], deleted: set[str]) -> None:
    """Bump the directory version, then add a feed row per resource changed or deleted."""
    bump_version(conn)
    # After the bump: its row lock is what orders seqs by commit on PostgreSQL.
    now = utcnow()
    rows = [{"resource_id": rid, "deleted": False, "at": now} for rid in sorted(changed)]
    rows += [{"resource_id": rid, "deleted": True, "at": now} for rid in sorted(deleted)]
    conn.execute(insert(DirectoryChange), rows)


def record_written(session: OrmSession, ids: set[str]) -> None:
    """Record resources whose child rows a bulk UPDATE changed, as a flush records its own."""
    # The flush hooks never see a statement run outside the unit of work: give the resources a
    # new updated_at (as _touch_parents would), append the feed and nudge search after commit.
    if not ids:
        return
    conn = session.connection()
    table = Resource.__table__  # type: ignore[attr-defined]
    # A new version too: an edit form opened before this must not write the old place back.
    written = {"updated_at": utcnow(), "version": table.c.version + 1}
    conn.execute(update(table).where(table.c.id.in_(sorted(ids))).values(**written))
    session.info.setdefault(CHANGED, set()).update(ids)
    _append(conn, ids, set())


def record_everything(conn: Connection) -> None:
    """Say in the feed, in the caller's transaction, that every resource changed."""
    # The stored vocabulary their search text is built from was rewritten (readers read everything).
    bump_version(conn)
    conn.execute(insert(DirectoryChange), [{"resource_id": EVERYTHING, "at": utcnow()}])


def _forget_changes(session: OrmSession, _previous: Any) -> None:
    """Drop recorded ids when the transaction is rolled back: nothing reached the database."""
    for key in (CHANGED, DELETED, DUE):
        session.info.pop(key, None)


def take_changes(session: OrmSession) -> tuple[set[str], set[str]]:
    """Pop the changed and deleted ids recorded in this session's committed transaction."""
    changed: set[str] = session.info.pop(CHANGED, set())
    deleted: set[str] = session.info.pop(DELETED, set())
    return changed - deleted, deleted


def ensure_state_row(engine: Engine) -> None:
    """Insert the directory version row if the database has none yet."""
    with OrmSession(db.writer(engine)) as session:
        if session.get(DirectoryState, 1) is None:
            session.add(DirectoryState(id=1, version=fresh_version()))
            session.commit()


def renew_version(engine: Engine) -> None:
    """Give the directory a fresh version (after a restore), so every cache rebuilds."""
    with OrmSession(db.writer(engine)) as session:
        state = session.get(DirectoryState, 1)
        if state is None:
            session.add(DirectoryState(id=1, version=fresh_version()))
        else:
            state.version = fresh_version()
        session.commit()


def _refresh_search(session: OrmSession, _ctx: UOWTransaction) -> None:
    """On PostgreSQL, rebuild the search rows this flush made due (migration 0019)."""
    # So the transaction reads them after the flush as before; without it they are rebuilt at
    # commit. A flush that touched no resource (an audit row, a person) costs no round trip.
    if not session.info.pop(DUE, False):
        return
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        # IMMEDIATE runs the deferred trigger's pending events now; DEFERRED defers the next.
        conn.exec_driver_sql(
            "SET CONSTRAINTS search_due_refresh IMMEDIATE; "
            "SET CONSTRAINTS search_due_refresh DEFERRED"
        )


HOOKS = (
    ("before_flush", _touch_parents),
    ("after_flush", _record_changes),
    ("after_flush_postexec", _refresh_search),
    ("after_soft_rollback", _forget_changes),
)


def listen() -> None:
    """Watch every ORM session's flushes (once per process), so each write feeds the feed."""
    for name, hook in HOOKS:
        if not event.contains(OrmSession, name, hook):
            event.listen(OrmSession, name, hook)
