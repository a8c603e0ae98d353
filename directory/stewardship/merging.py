"""Merging two records with a choice per field and per session, place and cost, in words."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from directory import vocabulary
from directory.models import Organisation
from directory.resources import SCALAR_FIELDS
from directory.stewardship.history import label, summarise

KEEP, OTHER, BOTH = "keep", "other", "both"
ROWS = ("sessions", "locations", "costs")
TAGS = ("interests", "access")
# Provenance and review fields are joined as before, not chosen: they are not facts to publish.
NOT_CHOSEN = {"source"}
STATUS_WORDS = {"active": "Running", "temporarily-closed": "Temporarily closed", "closed": "Closed"}
JOIN_WORDS = {
    "drop-in": "Drop in",
    "booking": "Book first",
    "referral": "By referral",
    "unknown": "Not known",
}


class MergeError(ValueError):
    """A merge choice that is not one of those offered; nothing was changed."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass
class FieldChoice:
    """One field of both records, in words, and which value is chosen."""

    field: str
    keep: str
    other: str
    chosen: str
    choices: list[tuple[str, str]] = dataclasses.field(default_factory=list)

    @property
    def label(self) -> str:
        """The field as people read it."""
        return label(self.field)


@dataclass
class RowChoice:
    """One session, place or cost of either record, and whether it is kept."""

    field: str
    side: str  # KEEP or OTHER
    index: int
    words: str
    kept: bool

    @property
    def key(self) -> str:
        """The form name of its box."""
        return f"row-{self.field}-{self.side}-{self.index}"


def words(session: Session, name: str, value: Any) -> str:
    """A value as people read it: the organisation's name, a status in words, not codes."""
    if value is None or value == "" or value == []:
        return "(empty)"
    if name == "organisation_id":
        found = session.get(Organisation, value)
        return found.name if found is not None else "(an organisation no longer recorded)"
    if name == "status":
        return STATUS_WORDS.get(value, str(value))
    if name == "setting":
        return vocabulary.label(vocabulary.SETTING, value)
    if name == "how_to_join":
        return JOIN_WORDS.get(value, str(value))
    if name == "review_state":
        return "Confirmed" if value == "confirmed" else "Needs checking"
    return summarise(name, value)


def field_choices(
    session: Session, keep: dict[str, Any], other: dict[str, Any], merged: dict[str, Any]
) -> list[FieldChoice]:
    """Each field where the two records differ, with the default from `merged`."""
    out = []
    for name in (*SCALAR_FIELDS, *TAGS):
        a, b = keep.get(name), other.get(name)
        if name in NOT_CHOSEN or (a in (None, "", []) and b in (None, "", [])):
            continue
        if a == b or b in (None, "", []):  # nothing to choose: shown, kept as it is
            out.append(FieldChoice(name, words(session, name, a), words(session, name, b), KEEP))
            continue
        choices = [(KEEP, "Keep this one’s"), (OTHER, "Take the other’s")]
        if name in TAGS:
            choices.append((BOTH, "Both"))
            chosen = BOTH if merged[name] not in (a, b) else (KEEP if merged[name] == a else OTHER)
        else:
            chosen = OTHER if merged[name] == b and a != b else KEEP
        out.append(
            FieldChoice(name, words(session, name, a), words(session, name, b), chosen, choices)
        )
    return out


def row_choices(keep: dict[str, Any], other: dict[str, Any]) -> list[RowChoice]:
    """Every session, place and cost of both, ticked for one record between them by default."""
    # This one's rows, and the other's unless they repeat one: a session on the same day from
    # the same time, a venue at the same postcode (the fuller of the two is ticked), and a price
    # list when this one has its own (two lists would show two prices).
    out = []
    for name in ROWS:
        fuller = [
            _fuller_place(r, other[name]) if name == "locations" else None for r in keep[name]
        ]
        for i, row in enumerate(keep[name]):
            out.append(RowChoice(name, KEEP, i, summarise(name, [row]), fuller[i] is None))
        for i, row in enumerate(other[name]):
            ticked = row in fuller or not _repeats(name, row, keep[name])
            out.append(RowChoice(name, OTHER, i, summarise(name, [row]), ticked))
    return out


def _repeats(name: str, row: dict[str, Any], kept: list[dict[str, Any]]) -> bool:
    """Whether another record's row says again what the kept rows say."""
    if summarise(name, [row]) in {summarise(name, [r]) for r in kept}:
        return True
    if name == "sessions":
        return any(
            (r.get("day"), r.get("start")) == (row.get("day"), row.get("start")) for r in kept
        )
    if name == "locations" and row.get("postcode"):  # the same venue, however named
        return row["postcode"] in {r.get("postcode") for r in kept}
    return name == "costs" and bool(kept)


def _fuller_place(row: dict[str, Any], others: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Another record's place at this one's postcode that says more of it (a name, an address)."""
    said = sum(bool(row.get(k)) for k in ("name", "address"))
    for other in others:
        same = row.get("postcode") and other.get("postcode") == row.get("postcode")
        if same and sum(bool(other.get(k)) for k in ("name", "address")) > said:
            return other
    return None


def chosen_values(
    keep: dict[str, Any],
    other: dict[str, Any],
    merged: dict[str, Any],
    fields: list[FieldChoice],
    form: Any,
) -> dict[str, Any]:
    """The merged record with the form's choices applied; MergeError names a bad one."""
    result = dict(merged)
    for choice in fields:
        if not choice.choices:
            continue
        value = form.get(f"field-{choice.field}", choice.chosen)
        if value not in {v for v, _ in choice.choices}:
            raise MergeError(f"Choose which {choice.label.lower()} to keep", choice.field)
        if value == KEEP:
            result[choice.field] = keep[choice.field]
        elif value == OTHER:
            result[choice.field] = other[choice.field]
        else:
            result[choice.field] = sorted(set(keep[choice.field]) | set(other[choice.field]))
    for name in ROWS:
        result[name] = [
            row
            for side, snap in ((KEEP, keep), (OTHER, other))
            for i, row in enumerate(snap[name])
            if form.get(f"row-{name}-{side}-{i}")
        ]
    return result
