"""Word of mouth into an existing record: a field-by-field preview with a choice per field, and
pending changes held from the public until a team member confirms them."""

from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from sqlmodel import Session, col, select

from core.times import utcnow
from directory import geo
from directory.models import (
    ChangeSource,
    PendingChange,
    PendingState,
    Resource,
    ResourceCreate,
    ResourceUpdate,
    ReviewState,
)
from directory.models.keys import normalise_phone, normalise_website
from directory.resources import apply
from directory.stewardship.editing import place_note
from directory.stewardship.freshness import asks_second_person
from directory.stewardship.history import diff, label, record, snapshot, summarise
from directory.validation import messages, stale_prices

KEEP, REPLACE, ADD, USE = "keep", "replace", "add", "use"
SCALARS = ("name", "description", "phone", "url", "email", "join_details", "fees_description")
CHILDREN = ("locations", "sessions")
NEW, DIFFERS, SAME = "new", "differs", "same"
# Fields of the record a pending change never touches (the review state is confirm's business).
NOT_CHANGED = ("review_state", "flagged_changed", "flag_reason")


class PendingError(ValueError):
    """A pending change that cannot be made, applied or discarded; nothing was changed."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


@dataclass
class PreviewRow:
    """One fact heard, set beside the record's, with the choices for it."""

    key: str  # the form name of this row's choice
    field: str  # the snapshot field it changes
    heard: str  # what was heard, in words
    record: str  # what the record says, in words
    kind: str  # NEW, DIFFERS or SAME
    choices: list[tuple[str, str]] = dataclasses.field(default_factory=list)  # (value, words)
    default: str = KEEP
    value: Any = None  # the heard value: text, a child row, or a list of cost rows
    note: str = ""  # a place heard: its postcode is not known and its district stands in

    @property
    def label(self) -> str:
        """The field as people read it."""
        return fact_label(self.field)


def fact_label(name: str) -> str:
    """A field as people read it, places, times and costs in the singular."""
    return {"locations": "Place", "sessions": "Time", "costs": "Cost"}.get(name, label(name))


def _same_text(field_name: str, a: str, b: str) -> bool:
    """Whether two values of a text field say the same (phones and websites as dialled/typed)."""
    if field_name == "phone" and normalise_phone(a) and normalise_phone(b):
        return normalise_phone(a) == normalise_phone(b)
    if field_name == "url":
        return normalise_website(a) == normalise_website(b)
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _scalar_rows(before: dict[str, Any], heard: dict[str, Any]) -> list[PreviewRow]:
    rows = []
    for name in SCALARS:
        value = str(heard.get(name) or "").strip()
        if not value:
            continue
        current = str(before.get(name) or "")
        if _same_text(name, value, current):
            rows.append(PreviewRow(name, name, value, current, SAME, value=value))
        elif not current.strip():
            choices = [(USE, "Add it"), (KEEP, "Leave it out")]
            rows.append(PreviewRow(name, name, value, "", NEW, choices, USE, value))
        else:
            choices = [(KEEP, "Keep the record’s"), (REPLACE, "Replace with what I heard")]
            default = KEEP if name == "name" else REPLACE
            rows.append(PreviewRow(name, name, value, current, DIFFERS, choices, default, value))
    if heard.get("setting") == "online" and before.get("setting") != "online":
        choices = [(KEEP, "Keep the record’s"), (REPLACE, "Replace with what I heard")]
        rows.append(
            PreviewRow(
                "setting", "setting", "Online", str(before["setting"]), DIFFERS, choices, KEEP
            )
        )
        rows[-1].value = "online"
    return rows


def _place_key(row: dict[str, Any]) -> str:
    return " ".join(
        str(row.get("postcode") or row.get("name") or row.get("address") or "").split()
    ).casefold()


def _child_rows(before: dict[str, Any], heard: dict[str, Any]) -> list[PreviewRow]:
    rows = []
    for name in CHILDREN:
        mine = before[name]
        noun = "place" if name == "locations" else "time"
        for i, item in enumerate(heard[name]):
            text = summarise(name, [item])
            if name == "sessions":
                found = [r for r in mine if _same_session(r, item)]
            else:
                found = [r for r in mine if _place_key(r) == _place_key(item)]
            key = f"{name}-{i}"
            if found:
                rows.append(PreviewRow(key, name, text, summarise(name, found), SAME, value=item))
            elif not mine:
                choices = [(ADD, "Add it"), (KEEP, "Leave it out")]
                rows.append(PreviewRow(key, name, text, "", NEW, choices, ADD, item))
            else:
                choices = [
                    (ADD, f"Add as another {noun}"),
                    (REPLACE, f"Replace the record’s {noun}s with this"),
                    (KEEP, "Leave it out"),
                ]
                rows.append(
                    PreviewRow(key, name, text, summarise(name, mine), DIFFERS, choices, ADD, item)
                )
    return rows


def _same_session(mine: dict[str, Any], heard: dict[str, Any]) -> bool:
    """Whether a time heard is one the record has: the same day and start (and end, if heard)."""
    # "Saturdays at 2" says less than "Saturdays 14:00 to 16:00", and nothing else.
    same = (mine["day"], mine["start"]) == (heard["day"], heard["start"])
    return same and (not heard["end"] or heard["end"] == mine["end"])


def _cost_row(before: dict[str, Any], heard: dict[str, Any]) -> list[PreviewRow]:
    costs = heard["costs"]
    if not costs:
        return []
    text, current = summarise("costs", costs), summarise("costs", before["costs"])
    held = {(r["kind"], r["amount_pence"]) for r in before["costs"]}
    if all((r["kind"], r["amount_pence"]) in held for r in costs):
        # what was heard, the record says already (a price heard without its concession)
        return [PreviewRow("costs", "costs", text, current, SAME, value=costs)]
    # A price heard replaces the record's price of its kind; a concession not heard of stays.
    kinds = {r["kind"] for r in costs}
    kept = [r for r in before["costs"] if r["kind"] not in kinds]
    if not before["costs"]:
        choices = [(USE, "Add it"), (KEEP, "Leave it out")]
        return [PreviewRow("costs", "costs", text, "", NEW, choices, USE, costs)]
    also = f", keeping the record’s {summarise('costs', kept)}" if kept else ""
    costs = [*costs, *kept]
    choices = [(KEEP, "Keep the record’s"), (REPLACE, f"Replace with what I heard{also}")]
    return [PreviewRow("costs", "costs", text, current, DIFFERS, choices, REPLACE, costs)]


def heard_snapshot(data: ResourceCreate) -> dict[str, Any]:
    """What was heard, in the shape of history.snapshot (never saved)."""
    return snapshot(apply(Resource(name=data.name), data))


def preview(session: Session, resource: Resource, data: ResourceCreate) -> list[PreviewRow]:
    """Every fact heard beside the record's: new, differs or the same, with choices."""
    before, heard = snapshot(resource), heard_snapshot(data)
    rows = [*_scalar_rows(before, heard), *_child_rows(before, heard), *_cost_row(before, heard)]
    for row in rows:
        if row.field == "locations" and row.kind != SAME:
            row.note = place_note(session, row.value)
    return rows


def chosen_notes(rows: list[PreviewRow], chosen: dict[str, str]) -> list[str]:
    """The notes of the places heard that go into the record as chosen."""
    # As `choose` reads the choices: a row without one takes its default.
    return [r.note for r in rows if r.note and chosen.get(r.key, r.default) in (ADD, REPLACE)]


def added_places(pending: PendingChange) -> list[dict[str, Any]]:
    """The place rows a pending change adds to the record."""
    added: list[dict[str, Any]] = []
    for change in pending.changes:
        if change["field"] == "locations":
            before = change["before"] or []
            added += [r for r in change["after"] or [] if r not in before]
    return added


def choose(
    resource: Resource, rows: list[PreviewRow], chosen: dict[str, str]
) -> tuple[dict[str, Any], list[str]]:
    """The record as it would be with the chosen facts, and what was left out, in words."""
    # PendingError (naming the row) for a choice that is not one of the row's.
    after = copy.deepcopy(snapshot(resource))
    left_out: list[str] = []
    replaced: set[str] = set()
    for row in rows:
        if row.kind == SAME:
            continue
        choice = chosen.get(row.key, row.default)
        if choice not in {value for value, _ in row.choices}:
            raise PendingError(f"Choose what to do with “{row.heard}” ({row.label})", row.key)
        if choice == KEEP:
            kept = f"; the record keeps “{row.record}”" if row.record else ""
            left_out.append(f"{row.label}: “{row.heard}” was left out{kept}")
        elif row.field in CHILDREN:
            if choice == REPLACE and row.field not in replaced:
                after[row.field] = []
                replaced.add(row.field)
            after[row.field].append(row.value)
        else:
            after[row.field] = row.value
    _clear_stale_cost_note(snapshot(resource), after, left_out)
    return after, left_out


def _clear_stale_cost_note(
    before: dict[str, Any], after: dict[str, Any], left_out: list[str]
) -> None:
    """Clear a cost note that gives the prices a heard price replaced, and say so."""
    # Kept, the public page would say "£3. Free" or "£6 … £7 a session".
    note = str(after.get("fees_description") or "")
    if note and stale_prices(note, before["costs"], after["costs"]):
        after["fees_description"] = ""
        left_out.append(f"Cost note: “{note}” was cleared, as it gave the old price")


def _validated(resource: Resource, after: dict[str, Any]) -> ResourceUpdate:
    """The record with these values through the one set of rules every edit passes."""
    data = {k: v for k, v in after.items() if k not in NOT_CHANGED}
    try:
        return ResourceUpdate(**data, version=resource.version)
    except ValidationError as exc:
        path, message = next(iter(messages(exc).items()))
        raise PendingError(message, path.split(".")[0]) from None


def _apply(
    session: Session, resource: Resource, after: dict[str, Any], user_id: int | None, action: str
) -> list[dict[str, Any]]:
    """Apply values to the record after validating them, with a history entry."""
    data = _validated(resource, after)
    before = snapshot(resource)
    apply(resource, data)
    changes = diff(before, snapshot(resource))
    if changes:
        session.add(resource)
        record(session, resource.id, action, user_id, changes)
    return changes


def hold(
    session: Session,
    resource: Resource,
    after: dict[str, Any],
    left_out: list[str],
    user_id: int | None,
    source: ChangeSource = ChangeSource.WORD_OF_MOUTH,
    note: str = "",
) -> PendingChange | None:
    """Keep what was heard: held on a confirmed record, applied on one not yet confirmed."""
    # Held as a pending change the public does not see; a record not yet confirmed is not public
    # either, so it is applied at once. None when nothing changes.
    _validated(resource, after)  # refuse now what could never be applied
    changes = [c for c in diff(snapshot(resource), after) if c["field"] not in NOT_CHANGED]
    if not changes and not note:
        return None
    if resource.review_state != ReviewState.CONFIRMED.value and source != ChangeSource.ORGANISER:
        _apply(session, resource, after, user_id, "add-to")
        return None
    pending = PendingChange(
        resource_id=resource.id,
        source=source.value,
        changes=changes,
        left_out=left_out,
        note=note,
        created_by_id=user_id,
    )
    resource.has_pending = True
    session.add_all([pending, resource])
    return pending


def _rebased(current: dict[str, Any], change: dict[str, Any]) -> Any:
    """A change's new value on the record as it is now: child rows added and removed as heard."""
    # So what others changed since stays.
    name, before, after = change["field"], change["before"], change["after"]
    if name not in CHILDREN:
        return after
    removed = [r for r in before or [] if r not in (after or [])]
    added = [r for r in after or [] if r not in (before or [])]
    return [r for r in current[name] if r not in removed] + added


def pending_for(session: Session, resource_id: str) -> list[PendingChange]:
    """A record's pending changes, oldest first."""
    query = (
        select(PendingChange)
        .where(PendingChange.resource_id == resource_id)
        .where(PendingChange.state == PendingState.PENDING.value)
        .order_by(col(PendingChange.created_at), col(PendingChange.id))
    )
    return list(session.exec(query).all())


def check_decider(session: Session, pending: PendingChange, user_id: int | None) -> None:
    """PendingError unless this user may decide on the pending change."""
    # They may not when they heard it and their team asks for a second person.
    if pending.state != PendingState.PENDING.value:
        raise PendingError("That change has already been dealt with. Nothing was changed.")
    if waits_for_colleague(session, pending, user_id):
        raise PendingError(
            "Your team asks a second person to confirm what someone heard: ask a colleague "
            "to confirm this change. Nothing was changed."
        )


def waits_for_colleague(session: Session, pending: PendingChange, user_id: int | None) -> bool:
    """Whether this user heard the change and their team asks a second person to confirm it."""
    if user_id is None or pending.created_by_id != user_id:
        return False
    return asks_second_person(session, user_id)


def _settle(session: Session, pending: PendingChange, user_id: int | None, state: str) -> None:
    pending.state = state
    pending.decided_at = utcnow()
    pending.decided_by_id = user_id
    session.add(pending)
    resource = session.get(Resource, pending.resource_id)
    if resource is not None:
        others = [p for p in pending_for(session, resource.id) if p.id != pending.id]
        resource.has_pending = bool(others)
        session.add(resource)


def _placed_now(session: Session, place: dict[str, Any]) -> dict[str, Any]:
    """A held place row, moved to its postcode if the gazetteer has learnt it since."""
    found = geo.known_since(
        session, str(place.get("postcode") or ""), place.get("latitude"), place.get("longitude")
    )
    return place if found is None else {**place, "latitude": found.lat, "longitude": found.lon}


def confirm_pending(
    session: Session, pending: PendingChange, resource: Resource, user_id: int | None
) -> list[dict[str, Any]]:
    """Apply a pending change to the record (same rules and history as an edit)."""
    check_decider(session, pending, user_id)
    current = snapshot(resource)
    after = dict(current)
    for change in pending.changes:
        after[change["field"]] = _rebased(current, change)
    after["locations"] = [_placed_now(session, place) for place in after.get("locations") or []]
    changes = _apply(session, resource, after, user_id, "apply-heard")
    _settle(session, pending, user_id, PendingState.APPLIED.value)
    return changes


def discard_pending(session: Session, pending: PendingChange, user_id: int | None) -> None:
    """Drop a pending change: the record stays as it is."""
    if pending.state != PendingState.PENDING.value:
        raise PendingError("That change has already been dealt with. Nothing was changed.")
    _settle(session, pending, user_id, PendingState.DISCARDED.value)


def described(pending: PendingChange, resource: Resource) -> list[dict[str, str]]:
    """A pending change in words: each field, what the record says now, what was heard."""
    current = snapshot(resource)
    rows = []
    for change in pending.changes:
        name = change["field"]
        rows.append(
            {
                "label": fact_label(name),
                "now": summarise(name, current.get(name)),
                "heard": summarise(name, _rebased(current, change)),
            }
        )
    return rows
