"""The shapes the HSDS API answers with: pages, one-to-one lists, fully nested records."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from directory.hsds.api import Pair, organisation_services
from directory.hsds.export import organisation_document, place_id, service_document
from directory.hsds.params import ApiQuery
from directory.models import Organisation, Resource

HSDS_VERSION = "3.0"
PROFILE_URL = "https://open-referral-uk-profile.readthedocs.io/en/latest/"
MINIMAL_FIELDS = ("id", "name", "status", "last_modified")  # name, status: the schema needs them


def page_document(contents: list[Any], total: int, page: int, per_page: int) -> dict[str, Any]:
    """One page in the HSDS 3.0 OpenAPI `Page` shape; past the last page it is empty."""
    pages = max(1, -(-total // per_page))
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": page,
        "per_page": per_page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= pages,
        "empty": not contents,
        "contents": contents,
    }


def one_to_one(doc: dict[str, Any]) -> dict[str, Any]:
    """A record with its one-to-one fields only (no nested lists or objects)."""
    return {k: v for k, v in doc.items() if not isinstance(v, list | dict)}


def service_item(session: Session, resource: Resource, q: ApiQuery) -> dict[str, Any]:
    """A service as a list item: minimal, one-to-one with its organisation, or fully nested."""
    doc = service_document(resource)
    if q.minimal:
        return {k: doc[k] for k in MINIMAL_FIELDS if k in doc}
    if q.full:
        return doc
    item = one_to_one(doc)
    org = session.get(Organisation, resource.organisation_id) if resource.organisation_id else None
    if org is not None:
        item["organization"] = one_to_one(organisation_document(org))
    return item


def organisation_full(session: Session, o: Organisation, full_service: bool) -> dict[str, Any]:
    """A fully nested organisation with its public services (each in full, or one-to-one)."""
    doc = organisation_document(o)
    shape = service_document if full_service else (lambda r: one_to_one(service_document(r)))
    doc["services"] = [shape(r) for r in organisation_services(session, o)]
    return doc


def organisation_item(session: Session, o: Organisation, q: ApiQuery) -> dict[str, Any]:
    """An organisation as a list item: one-to-one fields, or fully nested with `full`."""
    if q.full or q.full_service:
        return organisation_full(session, o, q.full_service)
    return one_to_one(organisation_document(o))


def service_at_location(
    resource: Resource, location_row: int | None, full: bool, minimal: bool = False
) -> dict[str, Any]:
    """The link between a service and one of its places, with both nested."""
    # Minimal: the service as /services?minimal=true gives it (its id, name, status, date).
    service = service_document(resource)
    place = next((p for p in resource.locations if p.id == location_row), None)
    wanted = place_id(service["id"], place)
    link = next(s for s in service["service_at_locations"] if s["location_id"] == wanted)
    if not full:
        brief = {k: service[k] for k in MINIMAL_FIELDS if k in service}
        return {
            **one_to_one(link),
            "location": one_to_one(link["location"]),
            "service": brief if minimal else one_to_one(service),
        }
    nested = {k: v for k, v in service.items() if k != "service_at_locations"}
    return {**link, "schedules": service.get("schedules", []), "service": nested}


def pair_items(
    resources: dict[str, Resource], pairs: list[Pair], full: bool, minimal: bool = False
) -> list[Any]:
    """The pairs as service_at_location documents (pairs whose resource is gone are left out)."""
    return [
        service_at_location(resources[rid], lid, full, minimal)
        for rid, lid in pairs
        if rid in resources
    ]


def api_details(openapi_url: str) -> dict[str, str]:
    """What `/` answers: the HSDS version, the profile and where the OpenAPI document is."""
    return {"version": HSDS_VERSION, "profile": PROFILE_URL, "openapi_url": openapi_url}
