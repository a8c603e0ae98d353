"""Edit history of resources: snapshot, record field-by-field changes, view, revert, edit safely."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, col, select

from directory import team_notes, vocabulary, wording
from directory.models import (
    Resource,
    ResourceCost,
    ResourceHistory,
    ResourceLocation,
    ResourceTag,
    ResourceUpdate,
)
from directory.resources import SCALAR_FIELDS, apply, session_row

# Fields an edit can change and history tracks (children as lists of plain dicts).
STATE_FIELDS = (*SCALAR_FIELDS, "phones", "review_state", "flagged_changed", "flag_reason")
CHILD_FIELDS = ("locations", "sessions", "costs", "interests", "access")
TRACKED = (*STATE_FIELDS, *CHILD_FIELDS)
# Everything else a record holds, kept in a full snapshot so a removed record comes back exactly.
RECORD_FIELDS = (
    "id",
    "added_by_id",
    "last_confirmed_at",
    "last_confirmed_by_id",
    "created_at",
    "updated_at",
)
LOCATION_KEYS = ("name", "address", "postcode", "latitude", "longitude")
SESSION_KEYS = (
    "freq",
    "day",
    "ordinal",
    "interval",
    "anchor",
    "start",
    "end",
    "valid_from",
    "valid_to",
    "cancelled",
    "note",
)
COST_KEYS = ("kind", "amount_pence", "label", "unit")
LABELS = {
    "url": "Website",
    "told_by": "Who told us",
    "team_notes": "Team notes",
    "team_contact": "Team contact",
    "team_notes_shared": "Shared with every team",
    "how_to_join": "How to join",
    "phones": "Phones",
    "min_age": "Minimum age",
    "max_age": "Maximum age",
    "fees_description": "About the cost",
    "review_state": "Checked",
    "flagged_changed": "Might have changed",
    "flag_reason": "What might have changed",
    "organisation_id": "Organisation",
    "is_public": "Shown publicly",
}


class EditConflict(Exception):
    """The record changed since the editor loaded it; nothing was saved."""

    def __init__(
        self, current: dict[str, Any], current_version: int, notes_version: int = 0
    ) -> None:
        super().__init__("someone else changed this resource while you were editing it")
        self.current = current  # the record, with the editing team's own notes only
        self.current_version = current_version
        self.notes_version = notes_version


class HistoryError(ValueError):
    """A history action cannot be done (already undone, wrong kind, record missing)."""


def _plain(value: Any) -> Any:
    """Enum members as plain values; datetimes as ISO text (JSON-safe)."""
    if hasattr(value, "value"):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    return value


def _rows(items: list[Any], keys: tuple[str, ...]) -> list[dict[str, Any]]:
    """Child rows as sorted plain dicts (without ids), so equal content compares equal."""
    rows = [{k: _plain(getattr(item, k)) for k in keys} for item in items]
    return sorted(rows, key=lambda r: [str(r[k]) for k in keys])


def snapshot(resource: Resource) -> dict[str, Any]:
    """Every tracked field of a resource as JSON-safe values."""
    state: dict[str, Any] = {name: _plain(getattr(resource, name)) for name in STATE_FIELDS}
    state["locations"] = _rows(resource.locations, LOCATION_KEYS)
    state["sessions"] = _rows(resource.sessions, SESSION_KEYS)
    state["costs"] = _rows(resource.costs, COST_KEYS)
    state["interests"] = resource.terms(vocabulary.INTEREST)
    state["access"] = resource.terms(vocabulary.ACCESS)
    return state


def full_snapshot(resource: Resource) -> dict[str, Any]:
    """A snapshot plus the record's identity, provenance and timestamps."""
    state = snapshot(resource)
    state.update({name: _plain(getattr(resource, name)) for name in RECORD_FIELDS})
    return state


def diff(before: dict[str, Any], after: dict[str, Any]) -> list[dict[str, Any]]:
    """The fields whose values differ, with both values."""
    return [
        {"field": name, "before": before.get(name), "after": after.get(name)}
        for name in TRACKED
        if before.get(name) != after.get(name)
    ]


def set_fields(resource: Resource, values: dict[str, Any]) -> None:
    """Put snapshot values back onto a resource (only the fields given)."""
    for name, value in values.items():
        if name in STATE_FIELDS:
            setattr(resource, name, value)
        elif name == "locations":
            resource.locations = [ResourceLocation(**row) for row in value]
        elif name == "sessions":
            resource.sessions = [session_row(row) for row in value]
        elif name == "costs":
            resource.costs = [ResourceCost(**row) for row in value]
        elif name in ("interests", "access"):
            scheme = vocabulary.INTEREST if name == "interests" else vocabulary.ACCESS
            kept = [t for t in resource.tags if t.scheme != scheme]
            resource.tags = kept + [ResourceTag(scheme=scheme, code=c) for c in value]


def record(
    session: Session,
    resource_id: str,
    action: str,
    user_id: int | None,
    changes: list[dict[str, Any]],
    **extra: Any,
) -> ResourceHistory:
    """Add one history entry to the session (the caller commits)."""
    entry = ResourceHistory(
        resource_id=resource_id, action=action, user_id=user_id, changes=changes, **extra
    )
    session.add(entry)
    return entry


def entries(session: Session, resource_id: str) -> list[ResourceHistory]:
    """A resource's history, newest first."""
    query = (
        select(ResourceHistory)
        .where(ResourceHistory.resource_id == resource_id)
        .order_by(col(ResourceHistory.at).desc(), col(ResourceHistory.id).desc())
    )
    return list(session.exec(query).all())


def merged_into(session: Session, resource_id: str) -> Resource | None:
    """The record a removed one was merged into (through later merges too), if it is there."""
    # Links to the removed record (bookmarks, a partner's page, a handout) lead on to it.
    for _ in range(10):  # a chain of merges is short; a loop of them (undone, merged back) ends
        here = ResourceHistory.resource_id == resource_id
        into = select(ResourceHistory).where(here, ResourceHistory.action == "merged-into")
        found = session.exec(into.order_by(col(ResourceHistory.at).desc())).first()
        if found is None or not found.related_id:
            return None
        kept = session.get(Resource, found.related_id)
        if kept is not None:
            return kept
        resource_id = found.related_id
    return None


def _conflict(session: Session, resource: Resource, team_id: int | None) -> EditConflict:
    """The conflict to show an editor: the record and their own team's notes as saved now."""
    note = team_notes.own_note(session, resource.id, team_id)
    current = {**snapshot(resource), **team_notes.values(note)}
    return EditConflict(current, resource.version, team_notes.version(note))


def edit_resource(
    session: Session,
    resource: Resource,
    data: ResourceUpdate,
    user_id: int | None,
    team_id: int | None = None,
) -> ResourceHistory | None:
    """Apply an edit made from known versions; raise EditConflict if either moved on."""
    # The record's version is `data.version`, the editing team's notes' `data.team_notes_version`.
    note = team_notes.own_note(session, resource.id, team_id)
    stale_notes = data.team_notes_version not in (None, team_notes.version(note))
    if resource.version != data.version or stale_notes:
        raise _conflict(session, resource, team_id)
    with session.no_autoflush:  # written only by the flush below, where a conflict is caught
        before = snapshot(resource)
        apply(resource, data)
        changes = diff(before, snapshot(resource))
        entry = record(session, resource.id, "edit", user_id, changes) if changes else None
        fields = team_notes.given(data)
        notes_entry = team_notes.save(session, resource.id, team_id, user_id, fields)
    try:
        session.flush()
    except (StaleDataError, IntegrityError):
        # Another writer updated the row (or added this team's notes) since we read it.
        session.rollback()
        current = session.get(Resource, resource.id, populate_existing=True)
        if current is None:
            raise HistoryError("this resource has been removed") from None
        raise _conflict(session, current, team_id) from None
    return entry or notes_entry


# Fields the public never sees: a change to them alone leaves the entry as checked.
UNPUBLISHED = {"source", "review_state", "flagged_changed", "flag_reason"}


def published_change(before: dict[str, Any], after: dict[str, Any]) -> bool:
    """Whether anything the public sees differs between two snapshots."""
    names = (*SCALAR_FIELDS, *CHILD_FIELDS)
    return any(before.get(n) != after.get(n) for n in names if n not in UNPUBLISHED)


def _changed_since(session: Session, entry: ResourceHistory) -> list[str]:
    """The fields an entry changed that a later entry changed again."""
    fields = {c["field"] for c in entry.changes}
    later = [e for e in entries(session, entry.resource_id) if (e.id or 0) > (entry.id or 0)]
    return sorted({c["field"] for e in later for c in e.changes} & fields)


def revert(session: Session, entry: ResourceHistory, user_id: int | None) -> ResourceHistory:
    """Put the fields an entry changed back to their earlier values, as a new entry."""
    if entry.action == "merge":
        from directory.stewardship.dedupe import undo_merge

        return undo_merge(session, entry, user_id)
    if not entry.changes:
        raise HistoryError("that entry changed nothing, so there is nothing to revert")
    resource = session.get(Resource, entry.resource_id)
    if resource is None:
        raise HistoryError("this resource is no longer in the directory")
    if team_notes.is_notes_entry(entry):
        undone = team_notes.revert(session, entry, user_id)
        if undone is None:
            raise HistoryError("the notes already have those values")
        return undone
    if again := _changed_since(session, entry):
        # Putting back the earlier values would undo the later change too, unseen.
        said = ", ".join(label(f) for f in again)
        raise HistoryError(
            f"{said} changed again after it: revert the later change first, or edit the entry"
        )
    before = snapshot(resource)
    set_fields(resource, {c["field"]: c["before"] for c in entry.changes})
    changes = diff(before, snapshot(resource))
    if not changes:
        raise HistoryError("the record already has those values")
    return record(session, resource.id, "revert", user_id, changes, related_id=str(entry.id))


# What each kind of history entry is called on the history page.
EVENT_NAMES = {
    "create": "Added to the directory",
    "edit": "Edited",
    "revert": "Change reverted",
    "confirm": "Confirmed still running",
    "add-to": "Details added from word of mouth",
    "apply-heard": "A change heard was confirmed",
    "merge": "Merged with a duplicate",
    "merged-into": "Merged into another entry",
    "undo-merge": "Merge undone",
    "flag": "Flagged: might have changed",
    "close": "Marked as closed",
}


def event_name(action: str) -> str:
    """A history entry's kind in words ("Details added from word of mouth", not "Add to")."""
    return EVENT_NAMES.get(action, action.replace("-", " ").capitalize())


def label(field: str) -> str:
    """A field name as people read it."""
    return LABELS.get(field, field.replace("_", " ").capitalize())


def summarise(field: str, value: Any) -> str:
    """A value as short text (child rows joined by '; ')."""
    if value is None or value == "" or value == []:
        return "(empty)"
    if field == "locations":
        return "; ".join(
            ", ".join(str(r[k]) for k in ("name", "address", "postcode") if r.get(k))
            or f"{r.get('latitude')}, {r.get('longitude')}"
            for r in value
        )
    if field == "sessions":
        return "; ".join(_session_text(r) for r in value)
    if field == "phones":
        return "; ".join(f"{r.get('label') or 'Phone'}: {r.get('number')}" for r in value)
    if field == "costs":
        return "; ".join(_cost_text(r) for r in value)
    if field in ("interests", "access"):
        scheme = vocabulary.INTEREST if field == "interests" else vocabulary.ACCESS
        return ", ".join(vocabulary.label(scheme, c) for c in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _session_text(row: dict[str, Any]) -> str:
    return wording.session_text(SimpleNamespace(**{k: row.get(k) for k in SESSION_KEYS}))


def _cost_text(row: dict[str, Any]) -> str:
    return wording.one_cost_text(SimpleNamespace(**{k: row.get(k) for k in COST_KEYS}))
