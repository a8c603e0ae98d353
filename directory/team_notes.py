"""Each team's own notes on a shared resource: what a team may see, save, revert and merge.

A team sees its own notes, and another team's only when that team shares them. Notes with no
team (written by an account without a team, by imports, or from before notes belonged to a
team when no team could be found) are shared with every team, as they always were.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from core.models import Team, User
from core.times import utcnow
from directory.models import (
    NOTE_FIELDS,
    Resource,
    ResourceCreate,
    ResourceHistory,
    ResourceTeamNote,
)

SHARED = "team_notes_shared"  # the share choice as forms, the API and history name it
FIELDS = (*NOTE_FIELDS, SHARED)  # what history records of a team's notes


@dataclass(frozen=True)
class SharedNote:
    """Notes another team shares, with that team's name ("" for notes kept for every team)."""

    team_name: str
    note: ResourceTeamNote


def team_of(session: Session, user_id: int | None) -> int | None:
    """The team of a user (None for none, or no user)."""
    user = session.get(User, user_id) if user_id is not None else None
    return user.team_id if user is not None else None


def own_note(session: Session, resource_id: str, team_id: int | None) -> ResourceTeamNote | None:
    """The team's notes on a resource (team None: the notes kept for every team)."""
    team = col(ResourceTeamNote.team_id)
    query = select(ResourceTeamNote).where(ResourceTeamNote.resource_id == resource_id)
    query = query.where(team.is_(None) if team_id is None else team == team_id)
    return session.exec(query).first()


def notes_of(session: Session, resource_id: str) -> list[ResourceTeamNote]:
    """Every team's notes on a resource (for merging; never shown as they are)."""
    query = select(ResourceTeamNote).where(ResourceTeamNote.resource_id == resource_id)
    return list(session.exec(query.order_by(col(ResourceTeamNote.id))).all())


def shared_notes(session: Session, resource_id: str, team_id: int | None) -> list[SharedNote]:
    """Other teams' shared notes on a resource, with their team names, unless empty."""
    team = col(ResourceTeamNote.team_id)
    query = (
        select(ResourceTeamNote, Team.name)
        .outerjoin(Team, col(Team.id) == team)
        .where(ResourceTeamNote.resource_id == resource_id, col(ResourceTeamNote.shared))
        .where(team.is_not(None) if team_id is None else (team.is_(None) | (team != team_id)))
        .order_by(team.is_not(None), col(Team.name))
    )
    found = [SharedNote(name or "", note) for note, name in session.exec(query).all()]
    return [item for item in found if not item.note.is_empty]


def values(note: ResourceTeamNote | None) -> dict[str, Any]:
    """A team's notes as the edit form and history name them ("" and False when none)."""
    out: dict[str, Any] = {name: getattr(note, name) if note else "" for name in NOTE_FIELDS}
    out[SHARED] = bool(note and note.shared)
    return out


def version(note: ResourceTeamNote | None) -> int:
    """The version of a team's notes an editor starts from (0 when there are none yet)."""
    return note.version if note is not None else 0


def given(data: ResourceCreate) -> dict[str, Any]:
    """The team-note fields a submission sets (None leaves a field as it is)."""
    out = {name: getattr(data, name) for name in NOTE_FIELDS if getattr(data, name) is not None}
    if data.team_notes_shared is not None:
        out[SHARED] = data.team_notes_shared
    return out


def add_new(
    session: Session, resource: Resource, user_id: int | None, data: ResourceCreate
) -> ResourceTeamNote | None:
    """The notes a new resource is created with, for the adding user's team (not yet added)."""
    fields = given(data)
    if not any(str(fields.get(name) or "").strip() for name in NOTE_FIELDS):
        return None
    team_id = team_of(session, user_id)
    note = ResourceTeamNote(resource=resource, team_id=team_id, updated_by_id=user_id)
    _set(note, fields)
    return note


def _set(note: ResourceTeamNote, fields: dict[str, Any]) -> None:
    """Put form values onto notes (notes without a team are always shared)."""
    for name, value in fields.items():
        if name == SHARED:
            note.shared = bool(value)
        else:
            setattr(note, name, value)
    if note.team_id is None:
        note.shared = True


def save(
    session: Session,
    resource_id: str,
    team_id: int | None,
    user_id: int | None,
    fields: dict[str, Any],
    action: str = "edit",
    related_id: str = "",
) -> ResourceHistory | None:
    """Change one team's notes on a resource; record the change, seen by that team only."""
    if not fields:
        return None
    note = own_note(session, resource_id, team_id)
    before = values(note)
    if note is None:
        note = ResourceTeamNote(resource_id=resource_id, team_id=team_id)
    _set(note, fields)
    after = values(note)
    tracked = FIELDS if team_id is not None else tuple(NOTE_FIELDS)
    changes = [
        {"field": name, "before": before[name], "after": after[name]}
        for name in tracked
        if before[name] != after[name]
    ]
    if not changes:
        return None
    note.updated_at, note.updated_by_id = utcnow(), user_id
    session.add(note)
    entry = ResourceHistory(
        resource_id=resource_id,
        action=action,
        user_id=user_id,
        changes=changes,
        team_id=team_id,
        related_id=related_id,
    )
    session.add(entry)
    return entry


def add_to(
    session: Session,
    resource_id: str,
    team_id: int | None,
    user_id: int | None,
    data: dict[str, Any],
) -> ResourceHistory | None:
    """Add a new submission's notes to the team's notes on an existing resource (joined)."""
    current = values(own_note(session, resource_id, team_id))
    fields = {
        name: joined(current[name], str(data.get(name) or ""), limit)
        for name, limit in NOTE_FIELDS.items()
        if str(data.get(name) or "").strip()
    }
    return save(session, resource_id, team_id, user_id, fields, action="add-to")


def is_notes_entry(entry: ResourceHistory) -> bool:
    """Whether a history entry records a change to one team's notes."""
    return bool(entry.changes) and all(c.get("field") in FIELDS for c in entry.changes)


def may_see(entry: ResourceHistory, team_id: int | None) -> bool:
    """Whether a viewer in this team may see a history entry (another team's notes: never)."""
    return entry.team_id is None or entry.team_id == team_id


def may_revert(entry: ResourceHistory, team_id: int | None) -> bool:
    """Whether a viewer in this team may revert an entry: a team's notes only by that team."""
    return not is_notes_entry(entry) or entry.team_id == team_id


def revert(session: Session, entry: ResourceHistory, user_id: int | None) -> ResourceHistory | None:
    """Put the team's notes back as they were before an entry, as a new entry (None: no change)."""
    fields = {c["field"]: c["before"] for c in entry.changes if c.get("field") in FIELDS}
    return save(
        session,
        entry.resource_id,
        entry.team_id,
        user_id,
        fields,
        action="revert",
        related_id=str(entry.id),
    )


def joined(a: str, b: str, limit: int) -> str:
    """Two texts as one, '; '-separated, the second left out when the first holds it."""
    parts = [p for p in (a.strip(), b.strip()) if p]
    if len(parts) == 2 and parts[1].lower() in parts[0].lower():
        parts = parts[:1]
    return "; ".join(parts)[:limit]


def _row(note: ResourceTeamNote) -> dict[str, Any]:
    """Notes as plain values, to bring them back exactly after an undone merge."""
    out: dict[str, Any] = {name: getattr(note, name) for name in NOTE_FIELDS}
    out.update(team_id=note.team_id, shared=note.shared, updated_by_id=note.updated_by_id)
    return out


def merge(session: Session, keep: Resource, remove: Resource) -> dict[str, Any]:
    """Keep every team's notes from both records on `keep`; return what an undo needs."""
    kept = {note.team_id: note for note in notes_of(session, keep.id)}
    moved = notes_of(session, remove.id)
    undo: dict[str, Any] = {"team_rows": [_row(n) for n in moved], "keep_team_changes": []}
    for note in moved:
        mine = kept.get(note.team_id)
        existed = mine is not None
        undo["keep_team_changes"].append(
            {"team_id": note.team_id, "existed": existed, "before": values(mine)}
        )
        if mine is None:
            note.resource = keep  # the whole row moves over
            continue
        for name, limit in NOTE_FIELDS.items():
            setattr(mine, name, joined(getattr(mine, name), getattr(note, name), limit))
        # Shared only if both were: a team's private words never become shared by a merge.
        mine.shared = mine.shared and note.shared
        mine.updated_at = utcnow()
        session.delete(note)
    session.flush()
    return undo


def undo_merge(session: Session, keep: Resource, restored: Resource, saved: dict[str, Any]) -> None:
    """Put the kept record's notes back as they were and give the restored record its own."""
    for change in saved.get("keep_team_changes", []):
        mine = own_note(session, keep.id, change["team_id"])
        if not change["existed"]:
            if mine is not None:
                session.delete(mine)
            continue
        if mine is None:
            mine = ResourceTeamNote(resource=keep, team_id=change["team_id"])
            session.add(mine)
        _set(mine, change["before"])
    session.flush()  # a moved row leaves `keep` before it comes back to `restored`
    for row in saved.get("team_rows", []):
        session.add(ResourceTeamNote(resource=restored, **row))


def ask_for(session: Session, resource_ids: Iterable[str], team_id: int | None) -> dict[str, str]:
    """Who to ask for at each resource: the team's own contact, else the latest one shared."""
    ids = list(resource_ids)
    if not ids:
        return {}
    query = select(ResourceTeamNote).where(
        col(ResourceTeamNote.resource_id).in_(ids), ResourceTeamNote.team_contact != ""
    )
    rows = [n for n in session.exec(query).all() if n.team_id == team_id or n.shared]
    # Newest first, then the team's own first: the first seen per resource wins.
    rows.sort(key=lambda n: n.updated_at, reverse=True)
    rows.sort(key=lambda n: n.team_id != team_id)
    found: dict[str, str] = {}
    for note in rows:
        if note.team_contact.strip():
            found.setdefault(note.resource_id, note.team_contact.strip())
    return found
