"""Service functions that create and change resources (validate, one transaction)."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, select

from core.times import utcnow
from directory import team_notes, vocabulary
from directory.models import (
    Resource,
    ResourceCost,
    ResourceCreate,
    ResourceLocation,
    ResourcePublic,
    ResourceSession,
    ResourceTag,
)
from directory.models.patterns import as_date

SCALAR_FIELDS = (
    "name",
    "description",
    "status",
    "setting",
    "how_to_join",
    "join_details",
    "url",
    "email",
    "phone",
    "min_age",
    "max_age",
    "eligibility",
    "fees_description",
    "organisation_id",
    "is_public",
    "source",
)


def _plain(value: Any) -> Any:
    """Enum members as their plain string value."""
    return value.value if hasattr(value, "value") else value


def session_row(values: dict[str, Any]) -> ResourceSession:
    """A session row from submitted or recorded values (dates as dates or ISO text)."""
    row = dict(values)
    for name in ("anchor", "valid_from", "valid_to", "until"):
        row[name] = as_date(row.get(name))
    row["cancelled"] = sorted({str(as_date(d)) for d in row.get("cancelled") or ()})
    return ResourceSession(**row)


def apply(resource: Resource, data: ResourceCreate) -> Resource:
    """Copy validated fields and child rows from data onto the resource."""
    for name in SCALAR_FIELDS:
        setattr(resource, name, _plain(getattr(data, name)))
    resource.phones = [p.model_dump() for p in data.phones]
    resource.locations = [ResourceLocation(**loc.model_dump()) for loc in data.locations]
    resource.sessions = [session_row(s.model_dump()) for s in data.sessions]
    resource.costs = [
        ResourceCost(**{k: _plain(v) for k, v in c.model_dump().items()}) for c in data.costs
    ]
    tags = [ResourceTag(scheme=vocabulary.INTEREST, code=c) for c in dict.fromkeys(data.interests)]
    tags += [ResourceTag(scheme=vocabulary.ACCESS, code=c) for c in dict.fromkeys(data.access)]
    resource.tags = tags
    return resource


def create_resource(
    session: Session, data: ResourceCreate, added_by_id: int | None = None, confirmed: bool = False
) -> Resource:
    """Add a validated resource to the session (the caller commits)."""
    # Any team notes given belong to the team of the user adding it (to every team when that user
    # has none).
    resource = Resource(id=data.id, name=data.name) if data.id else Resource(name=data.name)
    apply(resource, data)
    resource.added_by_id = added_by_id
    if confirmed:
        resource.review_state = "confirmed"
        resource.last_confirmed_at = utcnow()
        resource.last_confirmed_by_id = added_by_id
    session.add(resource)
    note = team_notes.add_new(session, resource, added_by_id, data)
    if note is not None:
        session.add(note)
    return resource


def get_resources(session: Session, ids: list[str]) -> list[Resource]:
    """Load resources by id, in the order given, skipping any that no longer exist."""
    if not ids:
        return []
    rows = session.exec(select(Resource).where(Resource.id.in_(ids))).all()  # type: ignore[attr-defined]
    by_id = {r.id: r for r in rows}
    return [by_id[i] for i in ids if i in by_id]


def to_public(resource: Resource) -> ResourcePublic:
    """The public view of a resource: no provenance (team notes are not on the resource)."""
    return ResourcePublic(
        **{
            name: getattr(resource, name)
            for name in ResourcePublic.model_fields
            if name not in ("interests", "access")
        },
        interests=resource.interests,
        access=resource.access,
    )
