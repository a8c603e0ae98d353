"""What the full edit form needs from the directory: organisations and venues by name, places
located, and an edit that clashed shown field by field."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process
from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from directory import clock, geo, vocabulary
from directory.models import (
    NOTE_FIELDS,
    Organisation,
    Resource,
    ResourceLocation,
    ResourceTag,
    ResourceUpdate,
    normalise_postcode,
)
from directory.models.organisation import NAME_MAX
from directory.resources import apply
from directory.stewardship.history import (
    TRACKED,
    EditConflict,
    edit_resource,
    label,
    snapshot,
    summarise,
)

ORGANISATION_ALIKE = 90  # names this alike (rapidfuzz ratio) are one organisation mistyped
VENUE_CHOICES = 300  # venues offered as you type (the most used); any other is found by name


@dataclass(frozen=True)
class Venue:
    """A place some resource meets at, as the edit form copies it."""

    name: str
    address: str
    postcode: str
    latitude: float | None
    longitude: float | None

    @property
    def choice(self) -> str:
        """How the venue is offered and typed: 'St Mark's Hall, LS12 3AA'."""
        return ", ".join(p for p in (self.name or self.address, self.postcode) if p)

    def values(self) -> dict[str, Any]:
        """The venue as a place row of the form."""
        coords = {
            "latitude": "" if self.latitude is None else str(self.latitude),
            "longitude": "" if self.longitude is None else str(self.longitude),
        }
        located = self.postcode if self.latitude is not None else ""
        return {**self.__dict__, **coords, "located": located}


_VENUE_COLUMNS = (
    col(ResourceLocation.name),
    col(ResourceLocation.address),
    col(ResourceLocation.postcode),
    col(ResourceLocation.latitude),
    col(ResourceLocation.longitude),
)


def organisation_name(session: Session, organisation_id: str | None) -> str:
    """An organisation's name ('' when none)."""
    found = session.get(Organisation, organisation_id) if organisation_id else None
    return found.name if found is not None else ""


def organisation_names(session: Session) -> list[str]:
    """Every organisation's name, for choosing one as you type."""
    return list(session.exec(select(Organisation.name).order_by(Organisation.name)).all())


def find_organisation(session: Session, name: str) -> Organisation | None:
    """The organisation with this name, whatever its capitals."""
    wanted = " ".join(name.split()).lower()
    query = select(Organisation).where(func.lower(Organisation.name) == wanted)
    return session.exec(query.order_by(col(Organisation.created_at))).first()


def new_organisation_problem(session: Session, typed: str, asked: bool) -> str:
    """Why a new organisation's name is refused ('' when it is not): too long, or spelt almost
    as another's (asked once: `asked` when it comes back as it was)."""
    if len(typed) > NAME_MAX:
        return f"Organisation: use {NAME_MAX} characters or fewer (this has {len(typed)})"
    like = None if asked else organisation_like(session, typed)
    if like is None:
        return ""
    return (
        f"No organisation is called “{typed}”. Did you mean “{like}”? Choose it, or save "
        f"again to add “{typed}” as a new organisation"
    )


def organisation_like(session: Session, name: str) -> str | None:
    """The name of an organisation spelt almost as this new one ('Airedale Minds' for '… Mind')."""
    # A slip would make a second organisation beside the first, splitting its entries.
    names = organisation_names(session)
    found = process.extractOne(
        name.lower(), [n.lower() for n in names], scorer=fuzz.ratio, score_cutoff=ORGANISATION_ALIKE
    )
    return names[found[2]] if found else None


def venue_choices(session: Session) -> list[Venue]:
    """The most used venues, for choosing one as you type."""
    query = (
        sa_select(*_VENUE_COLUMNS)
        .where(col(ResourceLocation.name) != "")
        .group_by(*_VENUE_COLUMNS)
        .order_by(func.count().desc(), ResourceLocation.name)
        .limit(VENUE_CHOICES)
    )
    return [Venue(*row) for row in session.execute(query).all()]


def find_venue(session: Session, typed: str) -> tuple[Venue, list[str]] | None:
    """A venue by choice text, postcode or name, and the ids of resources meeting there; or None."""
    text = " ".join(typed.split())
    name, _, tail = text.rpartition(",")
    try:
        postcode = normalise_postcode(tail if name else text)
    except ValueError:
        postcode, name = "", text
    query = sa_select(*_VENUE_COLUMNS, col(ResourceLocation.resource_id))
    if postcode:
        query = query.where(col(ResourceLocation.postcode) == postcode)
    if name.strip():
        query = query.where(func.lower(ResourceLocation.name) == name.strip().lower())
    rows = session.execute(query.order_by(col(ResourceLocation.id).desc()).limit(50)).all()
    if not rows:
        return None
    first = Venue(*rows[0][:5])
    return first, [r[5] for r in rows if Venue(*r[:5]).choice == first.choice]


def venue_access(session: Session, resource_ids: list[str], editing: str) -> list[str]:
    """The venue's own access features (step-free, hearing loop…) as others meeting there record."""
    others = [i for i in resource_ids if i != editing]
    if not others:
        return []
    query = select(ResourceTag.code).where(
        col(ResourceTag.resource_id).in_(others), ResourceTag.scheme == vocabulary.ACCESS
    )
    return sorted({c for c in session.exec(query).all() if c in vocabulary.VENUE_ACCESS})


def _venue_words(postcode: str, district: str) -> str:
    """The note for a venue whose district stands in for its postcode ('' with no district)."""
    if not district:
        return ""
    return (
        f"We could not find the postcode {postcode}, so this place is placed at the centre of "
        f"{district} for distances: check the postcode."
    )


def place_note(session: Session, place: dict[str, Any]) -> str:
    """The district note for a place row that stands at its district's centre ('' if not)."""
    postcode = str(place.get("postcode") or "")
    lat, lon = place.get("latitude"), place.get("longitude")
    return _venue_words(postcode, geo.fallback_district(session, postcode, lat, lon))


def locate(session: Session, places: list[dict[str, Any]]) -> list[str]:
    """Give places with a known postcode but no coordinates their map position; say any guessed."""
    notes = []
    for place in places:
        if place.get("latitude") is None and place.get("postcode"):
            found = geo.lookup_offline(session, str(place["postcode"]))
            if found is not None:
                place.update(latitude=found.lat, longitude=found.lon)
            if note := place_typed_note(str(place["postcode"]), str(place["postcode"]), found):
                notes.append(note)
    return notes


def place_typed_note(typed: str, postcode: str, found: geo.Place | None) -> str:
    """What to tell the team of a place typed: its district standing in, or no position at all."""
    # '' when the gazetteer placed it.
    if note := _venue_words(postcode, geo.district_instead(postcode, found)):
        return note
    if found is not None:
        return ""
    return (
        f"We could not find {clock.shown(typed)}, so this place is on no map and in no search "
        "by distance: check it, or add its postcode."
    )


def yours_state(data: Any) -> dict[str, Any]:
    """A submission as history's snapshot would record it, to compare with the saved one."""
    scratch = Resource(name=data.name)
    apply(scratch, data)
    state = snapshot(scratch)
    state.update({name: getattr(data, name) for name in NOTE_FIELDS})
    return state


NOT_EDITED = ("review_state", "flagged_changed", "flag_reason")  # the edit form does not hold them


def _digest(value: Any) -> str:
    """A short fingerprint of a field's value ('', None and [] alike)."""
    text = json.dumps(value or None, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def state_text(state: dict[str, Any]) -> str:
    """Each editable field's fingerprint, carried by the edit form to see later what it changed."""
    # Fingerprints, not values: the page holds nothing twice.
    names = [n for n in (*TRACKED, *NOTE_FIELDS) if n not in NOT_EDITED and n in state]
    return json.dumps({name: _digest(state[name]) for name in names}, sort_keys=True)


def base_state(text: str) -> dict[str, str] | None:
    """The fingerprints an edit started from, read back from the form (None if unreadable)."""
    try:
        state = json.loads(text)
    except ValueError:
        return None
    return state if isinstance(state, dict) else None


def three_way(
    base: dict[str, str], yours: dict[str, Any], theirs: dict[str, Any]
) -> tuple[dict[str, Any], list[str]]:
    """An edit over what was saved meanwhile: each field the edit left as it was takes theirs."""
    # Saving the form as typed again would put back the old value of every field the other
    # person changed and this editor never touched.
    merged, kept = dict(yours), []
    for name, was in base.items():
        if name not in theirs or name in NOT_EDITED:
            continue
        if _digest(yours.get(name)) == was and _digest(theirs[name]) != was:
            merged[name] = theirs[name]
            kept.append(name)
    return merged, kept


def conflict_rows(
    yours: dict[str, Any], theirs: dict[str, Any], names: dict[str, str]
) -> list[dict[str, str]]:
    """Each field where the edit and the saved record differ, both in words."""
    rows = []
    for name in (*TRACKED, *NOTE_FIELDS):
        if name in NOT_EDITED:
            continue
        mine, saved = yours.get(name), theirs.get(name)
        if (mine or None) == (saved or None):
            continue
        if name == "organisation_id":
            mine, saved = names.get(str(mine), mine), names.get(str(saved), saved)
        mine_text, saved_text = summarise(name, mine), summarise(name, saved)
        rows.append({"field": name, "label": label(name), "yours": mine_text, "theirs": saved_text})
    return rows


# --- one venue, corrected everywhere ------------------------------------------------------


@dataclass(frozen=True)
class VenueChange:
    """What correcting a venue's access does to one resource that meets there."""

    resource_id: str
    name: str
    version: int
    added: tuple[str, ...]
    removed: tuple[str, ...]

    def words(self) -> str:
        """'Step-free access added; Hearing loop taken off' or 'no change'."""
        said = [f"{vocabulary.label(vocabulary.ACCESS, c)} added" for c in self.added]
        said += [f"{vocabulary.label(vocabulary.ACCESS, c)} taken off" for c in self.removed]
        return "; ".join(said) or "no change"


def venue_resources(session: Session, name: str, postcode: str) -> list[Resource]:
    """The resources that meet at a venue (its name and postcode), by name."""
    query = (
        select(Resource)
        .join(ResourceLocation, col(ResourceLocation.resource_id) == col(Resource.id))
        .where(
            func.lower(ResourceLocation.name) == " ".join(name.split()).lower(),
            col(ResourceLocation.postcode) == postcode,
        )
        .order_by(col(Resource.name))
    )
    found: dict[str, Resource] = {}
    for resource in session.exec(query).all():
        found.setdefault(resource.id, resource)  # a resource with two rooms there is one entry
    return list(found.values())


def venue_features(resources: list[Resource]) -> set[str]:
    """The venue access features any resource there records."""
    return {c for r in resources for c in r.access if c in vocabulary.VENUE_ACCESS}


def venue_changes(resources: list[Resource], wanted: set[str]) -> list[VenueChange]:
    """What setting the venue's access to `wanted` changes on each resource that meets there."""
    wanted = wanted & vocabulary.VENUE_ACCESS
    changes = []
    for r in resources:
        has = {c for c in r.access if c in vocabulary.VENUE_ACCESS}
        changes.append(
            VenueChange(
                r.id, r.name, r.version, tuple(sorted(wanted - has)), tuple(sorted(has - wanted))
            )
        )
    return changes


def correct_venue(
    session: Session,
    resources: list[Resource],
    wanted: set[str],
    versions: dict[str, int],
    user_id: int | None,
) -> int:
    """Set the venue's access on every resource there, in each one's history; how many changed."""
    # Raises EditConflict (changing nothing) if any changed since the preview.
    for resource in resources:  # all checked first, so a clash changes none of them
        if versions.get(resource.id) != resource.version:
            raise EditConflict(snapshot(resource), resource.version)
    changed = 0
    for change, resource in zip(venue_changes(resources, wanted), resources, strict=True):
        if not (change.added or change.removed):
            continue
        state = snapshot(resource)
        for name in ("review_state", "flagged_changed", "flag_reason"):
            state.pop(name)
        kept = [c for c in state["access"] if c not in vocabulary.VENUE_ACCESS]
        state.update(access=sorted({*kept, *wanted}), version=resource.version)
        edit_resource(session, resource, ResourceUpdate(**state), user_id)
        changed += 1
    return changed
