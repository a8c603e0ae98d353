"""Likely duplicates of a new resource, ranked on every signal with reasons; adding to one,
merging two. The weighing itself is in directory/stewardship/likeness.py, the questions to the
database in directory/stewardship/lookups.py."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import numpy as np
from flask import current_app, has_app_context
from rapidfuzz import fuzz, process
from sqlalchemy import Connection, select
from sqlmodel import Session

from core.times import utcnow
from directory import team_notes
from directory.geo import haversine_km
from directory.models import (
    FLAG_REASON_MAX,
    GazetteerEntry,
    HowToJoin,
    Resource,
    ResourceCreate,
    ResourceHistory,
    ReviewState,
)
from directory.models.keys import (
    fold,
    normalise_email,
    normalise_phone,
    normalise_website,
)
from directory.models.keys import postcode_key as normalise_postcode
from directory.resources import SCALAR_FIELDS, apply
from directory.stewardship import lookups
from directory.stewardship.history import (
    CHILD_FIELDS,
    RECORD_FIELDS,
    TRACKED,
    HistoryError,
    diff,
    full_snapshot,
    published_change,
    record,
    set_fields,
    snapshot,
)
from directory.stewardship.likeness import SHOW_AT, VENUE_KM, Evidence, Slot, core_name, judge
from directory.stewardship.likeness import name_likeness as _likeness
from directory.stewardship.pending import pending_for
from directory.team_notes import joined

EXTENSION_KEY = "commonground.dedupe.places"
# Steps another package runs when a merge removes a record, before it goes: (session, kept id,
# removed id). The matcher moves people's shortlists and connections over (the directory never
# imports the matcher); a step's exception stops the merge.
MERGE_STEPS = "commonground.merge_steps"
NAME_ALIKE = 75  # core names this alike are found by name (below it the name is no evidence)
NEARBY_KM = 0.3  # places this close are looked at even when nothing else is alike
LIMIT = 5
NAME_POOL = 20  # name matches considered before ranking
PLACES_FOR = timedelta(minutes=10)  # how long the gazetteer's place names are kept
JOINED = {"source": 200}  # each team's own notes are joined per team (directory/team_notes.py)
KEEP_FIELDS = {"status", "setting", "how_to_join", "is_public", "organisation_id"}
CONTACTS = ("phone", "email", "website", "organisation")


def normalise_name(name: str) -> str:
    """Lower-case ASCII words: accents dropped, '&' as 'and', punctuation dropped."""
    return fold(name)


NORMALISE = {
    "phone": normalise_phone,
    "email": normalise_email,
    "website": normalise_website,
    "organisation": str.strip,
}


@dataclass
class Draft:
    """What the duplicate check compares: a new entry's name, contacts, places and times."""

    name: str
    phone: str = ""
    url: str = ""
    email: str = ""
    organisation_id: str | None = None
    postcodes: list[str] = field(default_factory=list)
    points: list[tuple[float, float]] = field(default_factory=list)
    sessions: list[tuple[str, str, str]] = field(default_factory=list)  # ("su", "11:00", "14:00")

    @classmethod
    def of(cls, data: ResourceCreate | Resource) -> Draft:
        """The draft of a validated submission, or of a stored resource."""
        return cls(
            name=data.name,
            phone=data.phone,
            url=data.url,
            email=data.email,
            organisation_id=data.organisation_id,
            postcodes=[loc.postcode for loc in data.locations if loc.postcode],
            points=[
                (loc.latitude, loc.longitude)
                for loc in data.locations
                if loc.latitude is not None and loc.longitude is not None
            ],
            sessions=[(s.day, s.start, s.end) for s in data.sessions],
        )


@dataclass
class Candidate:
    """A resource that may be the same thing: how strongly (bits of evidence), why, what differs."""

    resource_id: str
    score: float
    reasons: list[str]
    differences: list[str] = field(default_factory=list)

    @property
    def reason_text(self) -> str:
        """The reasons joined for display."""
        return " · ".join(self.reasons)

    @property
    def difference_text(self) -> str:
        """What differs, joined for display."""
        return " · ".join(self.differences)

    def quote_names(self, theirs: str, mine: str) -> None:
        """Say which two names are alike."""
        self.reasons = [
            f"{r}: “{theirs}” / “{mine}”" if r.startswith("name ") else r for r in self.reasons
        ]


Held = dict[str, lookups.Holders]  # contact -> the resources holding the draft's value of it


@dataclass
class Near:
    """The resources near a draft: at its postcodes, within NEARBY_KM, within VENUE_KM."""

    at_postcode: dict[str, lookups.Holders]  # compact postcode -> resources with a place there
    nearby: set[str]
    at_venue: set[str]

    @property
    def found(self) -> set[str]:
        """Everything near enough to look at (at a postcode too common to list: only if nearby)."""
        return self.nearby.union(*(held.listed for held in self.at_postcode.values()))

    def venue(self) -> set[str] | None:
        """At the draft's venue: at one of its postcodes or within VENUE_KM (None: too many)."""
        if any(held.ids is None for held in self.at_postcode.values()):
            return None
        return self.at_venue.union(*(held.listed for held in self.at_postcode.values()))


def place_names(conn: Connection) -> frozenset[str]:
    """The gazetteer's place names, folded, so names can set them aside (read every 10 min)."""
    kept: tuple[datetime, frozenset[str]] | None = current_app.extensions.get(EXTENSION_KEY)
    if kept is not None and utcnow() - kept[0] <= PLACES_FOR:
        return kept[1]
    table = GazetteerEntry.__table__.c  # type: ignore[attr-defined]
    rows = conn.execute(select(table.name).where(table.kind == "place")).scalars()
    places = frozenset(filter(None, (fold(name) for name in rows)))
    current_app.extensions[EXTENSION_KEY] = (utcnow(), places)
    return places


def contact_keys(draft: Draft) -> dict[str, str]:
    """The draft's contacts as the check compares them (those given)."""
    given = zip(CONTACTS, (draft.phone, draft.email, draft.url, draft.organisation_id), strict=True)
    keys = {key: NORMALISE[key](value or "") for key, value in given}
    return {key: value for key, value in keys.items() if value}


def names_alike(conn: Connection, core: str, places: frozenset[str]) -> dict[str, float]:
    """Resources whose core names are at least NAME_ALIKE alike, best NAME_POOL, with scores."""
    shortlist = lookups.names_alike(conn, core)
    if not shortlist:
        return {}
    cores = [core_name(name, places) for _, name in shortlist]
    # name_likeness for the whole shortlist at once, in rapidfuzz's C code.
    scores = (
        sum(
            process.cdist([core], cores, scorer=scorer, processor=None, dtype=np.float64)[0]
            for scorer in (fuzz.token_sort_ratio, fuzz.token_set_ratio)
        )
        / 2
    )
    alike = sorted(
        (-float(score), rid)
        for (rid, _), score in zip(shortlist, scores, strict=True)
        if score >= NAME_ALIKE
    )
    return {rid: -negative for negative, rid in alike[:NAME_POOL]}


def _contacts(
    facts: dict[str, Evidence], found: lookups.Records, wanted: dict[str, str], holders: Held
) -> None:
    """Mark who shares each of the draft's contacts (and with how many), and who differs."""
    for rid, held in found.contacts.items():
        for key, value in wanted.items():
            if held[key] == value:
                facts[rid].shared[key] = holders[key].count
            elif held[key]:
                facts[rid].organisation_differs |= key == "organisation"
                facts[rid].contact_differs |= key != "organisation"


def _places(facts: dict[str, Evidence], found: lookups.Records, draft: Draft, near: Near) -> None:
    """The same postcode as the draft (and how many meet there), and the nearest distance."""
    typed = {normalise_postcode(p): p for p in draft.postcodes}
    for place in found.places:
        fact = facts.get(place.resource_id)  # None: deleted between two reads (PostgreSQL)
        if fact is not None and place.postcode in near.at_postcode and place.postcode in typed:
            fact.venue_count = near.at_postcode[place.postcode].count
            fact.venue_words = typed[place.postcode]
    placed = [p for p in found.places if p.lat is not None and p.lon is not None]
    if not (draft.points and placed):
        return
    lats = np.array([p.lat for p in placed], dtype=float)
    lons = np.array([p.lon for p in placed], dtype=float)
    # Each place's distance to the nearest of the draft's points, all places at once.
    km = np.min([haversine_km(lat, lon, lats, lons) for lat, lon in draft.points], axis=0)
    for place, d in zip(placed, km.tolist(), strict=True):
        fact = facts.get(place.resource_id)
        if fact is not None:
            fact.km = d if fact.km is None else min(fact.km, d)


def _together(
    conn: Connection, draft: Draft, wanted: dict[str, str], holders: Held, near: Near
) -> Callable[[str], int]:
    """For records sharing a contact and the venue: how many hold both (they go together)."""
    venue = near.venue()
    counted: dict[str, int] = {}

    def count(key: str) -> int:
        """How many hold the draft's value of this contact and meet at its venue."""
        if key not in counted:
            listed = holders[key].ids
            counted[key] = (
                len(venue & listed)
                if venue is not None and listed is not None
                else lookups.holding_at(conn, key, wanted[key], draft.postcodes, near.at_venue)
            )
        return counted[key]

    return count


def _evidence(
    conn: Connection,
    found: lookups.Records,
    draft: Draft,
    wanted: dict[str, str],
    holders: Held,
    near: Near,
) -> dict[str, Evidence]:
    """What the draft and each found resource have in common."""
    mine = [Slot.of(*s) for s in draft.sessions]
    facts = {rid: Evidence(live=found.live, mine=mine) for rid in found.contacts}
    _contacts(facts, found, wanted, holders)
    _places(facts, found, draft, near)
    together = _together(conn, draft, wanted, holders, near)
    for fact in facts.values():
        if fact.venue_count is None and fact.km is not None and fact.km <= VENUE_KM:
            fact.venue_count = len(near.at_venue)
            fact.venue_words = f"{round(fact.km * 1000)} m apart"
        if fact.shared and fact.venue_count is not None:
            fact.venue_and_contact = together(max(fact.shared, key=lambda k: fact.shared[k]))
    for rid, day, start, end in found.times:
        try:
            slot = Slot.of(day, start, end)
        except ValueError:  # a malformed imported time is no evidence
            continue
        if rid in facts:
            facts[rid].theirs.append(slot)
    return facts


def find_duplicates(session: Session, draft: Draft, exclude: str | None = None) -> list[Candidate]:
    """Likely duplicates of a draft among the directory's resources, best first."""
    conn = session.connection()
    places = place_names(conn)
    query = normalise_name(draft.name)
    core = core_name(query, places)
    by_name = names_alike(conn, core, places) if core else {}
    wanted = contact_keys(draft)
    holders = {key: lookups.holding(conn, key, value) for key, value in wanted.items()}
    km = lookups.places_near(conn, draft.points)
    near = Near(
        lookups.at_postcodes(conn, draft.postcodes),
        {rid for rid, d in km.items() if d <= NEARBY_KM},
        {rid for rid, d in km.items() if d <= VENUE_KM},
    )
    found = (set(by_name) | near.found).union(*(h.listed for h in holders.values())) - {exclude}
    if not found:
        return []
    records = lookups.records(conn, sorted(found))
    evidence = _evidence(conn, records, draft, wanted, holders, near)
    candidates = []
    for rid, facts in evidence.items():
        if query:
            facts.name = by_name.get(rid)
            if facts.name is None:
                facts.name = _likeness(core, core_name(records.name_keys[rid], places))
        verdict = judge(facts)
        if verdict.bits >= SHOW_AT:
            candidate = Candidate(rid, verdict.bits, verdict.reasons, verdict.differences)
            candidate.quote_names(records.names[rid], draft.name)
            candidates.append(candidate)
    candidates.sort(key=lambda c: (-c.score, c.resource_id))
    return candidates[:LIMIT]


# --- adding to an existing record, and merging two ------------------------------------------


def _fuller(a: Any, b: Any) -> Any:
    """The value with more in it (the first when equal)."""
    if isinstance(a, str) and isinstance(b, str):
        return b if len(b.strip()) > len(a.strip()) else a
    return a if a not in (None, "") else b


def _place_key(row: dict[str, Any]) -> tuple[str, str]:
    where = (
        row.get("postcode") or row.get("address") or f"{row.get('latitude')},{row.get('longitude')}"
    )
    return (str(where).lower(), str(row.get("name") or "").lower())


def combined(keep: dict[str, Any], other: dict[str, Any]) -> dict[str, Any]:
    """Two snapshots as one: fuller values, provenance joined, child rows deduplicated."""
    result = dict(keep)
    for name in SCALAR_FIELDS:
        if name in JOINED:
            result[name] = joined(keep[name] or "", other.get(name) or "", JOINED[name])
        elif name in KEEP_FIELDS:
            # (a way to join "unknown" says nothing, as an empty value does)
            said = keep[name] not in (None, "", HowToJoin.UNKNOWN.value)
            result[name] = keep[name] if said or not other.get(name) else other.get(name)
        else:
            result[name] = _fuller(keep[name], other.get(name))
    result["flagged_changed"] = bool(keep["flagged_changed"] or other.get("flagged_changed"))
    reasons = (keep.get("flag_reason") or "", other.get("flag_reason") or "")
    result["flag_reason"] = joined(*reasons, FLAG_REASON_MAX) if result["flagged_changed"] else ""
    for name in CHILD_FIELDS:
        rows = list(keep[name])
        if name == "locations":
            seen = {_place_key(r) for r in rows}
            rows += [r for r in other.get(name, []) if _place_key(r) not in seen]
        else:
            rows += [r for r in other.get(name, []) if r not in rows]
        result[name] = rows
    return result


def add_to_existing(
    session: Session,
    existing: Resource,
    data: ResourceCreate,
    user_id: int | None,
    team_id: int | None = None,
) -> ResourceHistory | None:
    """Add a new submission's information and times to an existing record."""
    # Its notes go to the submitting team's own notes.
    scratch = apply(Resource(name=data.name), data)  # a detached copy, never saved
    before = snapshot(existing)
    merged = combined(before, snapshot(scratch))
    merged["name"] = before["name"]  # the existing record's name stands
    set_fields(existing, merged)
    changes = diff(before, snapshot(existing))
    notes = team_notes.add_to(session, existing.id, team_id, user_id, team_notes.given(data))
    if not changes:
        return notes
    return record(session, existing.id, "add-to", user_id, changes)


def merge_resources(
    session: Session,
    keep: Resource,
    remove: Resource,
    user_id: int | None,
    values: dict[str, Any] | None = None,
) -> ResourceHistory:
    """Fold `remove` into `keep` (with `values` as chosen, else the fuller of each); delete it."""
    # keep goes back to "needs checking" if a published fact changed. History can undo it.
    if keep.id == remove.id:
        raise HistoryError("a resource cannot be merged with itself")
    removed = full_snapshot(remove)
    before = snapshot(keep)
    merged = values if values is not None else combined(before, snapshot(remove))
    # Before the delete: each team's notes move over (a team's two sets of notes are joined),
    # and so do changes waiting for confirmation.
    removed.update(team_notes.merge(session, keep, remove))
    if remove.has_pending:
        for change in pending_for(session, remove.id):
            change.resource_id = keep.id
            session.add(change)
        keep.has_pending = True
    merged = {**merged, "phones": _phones_in_step(merged, before, removed)}
    set_fields(keep, merged)
    if published_change(before, snapshot(keep)):
        keep.review_state = ReviewState.NEEDS_CHECKING.value
    changes = diff(before, snapshot(keep))
    for step in current_app.extensions.get(MERGE_STEPS, []) if has_app_context() else []:
        step(session, keep.id, remove.id)
    session.delete(remove)
    entry = record(
        session, keep.id, "merge", user_id, changes, removed=removed, related_id=remove.id
    )
    record(session, remove.id, "merged-into", user_id, [], related_id=keep.id)
    session.flush()
    return entry


def _phones_in_step(merged: dict[str, Any], *records: dict[str, Any]) -> list[dict[str, str]]:
    """The labelled numbers that go with the phone chosen: those of the record it came from."""
    phone = merged.get("phone") or ""
    for state in (merged, *records):
        phones = state.get("phones") or []
        if phones and phones[0].get("number") == phone:
            return list(phones)
    return [{"label": "", "number": phone}] if phone else []


def undo_merge(session: Session, entry: ResourceHistory, user_id: int | None) -> ResourceHistory:
    """Bring the removed record back exactly and revert the kept one."""
    if entry.action != "merge" or not entry.removed:
        raise HistoryError("that entry is not a merge")
    if entry.undone_at is not None:
        raise HistoryError("that merge has already been undone")
    removed = entry.removed
    if session.get(Resource, removed["id"]) is not None:
        raise HistoryError("the merged-away record is already back in the directory")
    keep = session.get(Resource, entry.resource_id)
    if keep is None:
        raise HistoryError("the kept record is no longer in the directory")
    before = snapshot(keep)
    set_fields(keep, {c["field"]: c["before"] for c in entry.changes})
    undo = record(session, keep.id, "undo-merge", user_id, diff(before, snapshot(keep)))
    undo.related_id = removed["id"]
    restored = Resource(id=removed["id"], name=removed["name"])
    # A merge saved before a field existed (flag_reason) leaves it at its default.
    set_fields(restored, {k: removed[k] for k in TRACKED if k in removed})
    for name in RECORD_FIELDS:
        value = removed[name]
        if name.endswith("_at") and isinstance(value, str):
            value = datetime.fromisoformat(value)
        setattr(restored, name, value)
    session.add(restored)
    team_notes.undo_merge(session, keep, restored, removed)
    record(session, restored.id, "undo-merge", user_id, [], related_id=keep.id)
    entry.undone_at = utcnow()
    session.add(entry)
    session.flush()
    return undo
