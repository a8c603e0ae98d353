"""Write the directory as an HSDS 3.0 collection: public resources and public fields only."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session, col, select

from directory import vocabulary
from directory.hsds import mapping as m
from directory.models import Organisation, Resource, ResourceLocation, Setting

# Fields the Open Referral UK profile removes from HSDS 3.0 objects, per object type.
UK_DROPPED = {
    "service": {"alternate_name", "fees_description", "application_process",
                "eligibility_description", "phones", "program_id", "wait_time"},
    "location": {"url", "organization_id", "alternate_name"},
    "address": {"address_2"},
    "attribute": {"link_entity", "value"},
    "cost_option": {"currency"},
    "taxonomy_term": {"code", "language"},
}  # fmt: skip


def _iso(value: datetime) -> str:
    value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


def _drop_empty(obj: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in obj.items() if v not in ("", None)}


def taxonomy_documents() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The cg-* taxonomies and their terms as HSDS taxonomy / taxonomy_term objects."""
    taxonomies = [
        {
            "id": m.taxonomy_id(scheme),
            "name": scheme,
            "description": vocabulary.TAXONOMY_DESCRIPTIONS[scheme],
            "version": "1.0",
        }
        for scheme in (vocabulary.INTEREST, vocabulary.ACCESS, vocabulary.SETTING)
    ]
    taxonomies.append(
        {
            "id": m.JOIN_TAXONOMY_ID,
            "name": m.JOIN,
            "description": "How someone joins: drop in, book first, or by referral.",
            "version": "1.0",
        }
    )
    terms = [
        term_document(scheme, code)
        for scheme in vocabulary.TERMS
        for code in vocabulary.TERMS[scheme]
    ]
    terms += [term_document(m.JOIN, code) for code in m.JOIN_TERMS]
    return taxonomies, terms


def term_document(scheme: str, code: str) -> dict[str, Any]:
    """One term as an HSDS taxonomy_term."""
    if scheme == m.JOIN:
        name, description = m.JOIN_TERMS[code]
    else:
        found = vocabulary.term(scheme, code)
        name, description = found.name, found.description
    return {
        "id": m.term_id(scheme, code),
        "code": code,
        "name": name,
        "description": description,
        "taxonomy": scheme,
        "taxonomy_id": m.taxonomy_id(scheme),
        "language": "en",
    }


def _ref(kind: str, value: str) -> str:
    return m.hsds_id(kind, value)


def location_id(service_id: str, location_row: int | None) -> str:
    """The exported id of a service's location (None: its online place)."""
    return m.child_id(service_id, "location", "online" if location_row is None else location_row)


def service_at_location_id(service_id: str, location_hsds_id: str) -> str:
    """The exported id of the link between a service and one of its locations."""
    return m.child_id(service_id, "service_at_location", location_hsds_id)


def _attribute(service_id: str, scheme: str, code: str) -> dict[str, Any]:
    return {
        "id": m.child_id(service_id, "attribute", f"{scheme}:{code}"),
        "link_id": service_id,
        "link_type": scheme,
        "link_entity": "service",
        "taxonomy_term_id": m.term_id(scheme, code),
        "taxonomy_term": term_document(scheme, code),
    }


def _location(r: Resource, sid: str, org_id: str | None, loc: ResourceLocation) -> dict[str, Any]:
    lid = location_id(sid, loc.id)
    address_1, address_2, city = m.split_address(loc.address)
    addresses = []
    if loc.address or loc.postcode:
        address = {
            "id": m.child_id(lid, "address", 0),
            "location_id": lid,
            "address_1": address_1,
            "address_2": address_2,
            "city": city,
            "state_province": m.uk_nation(loc.postcode),
            "postal_code": loc.postcode,
            "country": "GB" if loc.postcode else "",
            "address_type": "physical",
        }
        # The schema requires these keys even when we know nothing for them.
        required = {"address_1", "city", "state_province", "postal_code", "country"}
        addresses.append({k: v for k, v in address.items() if v or k in required})
    venue = [c for c in r.access if c in vocabulary.VENUE_ACCESS]
    location = {
        "id": lid,
        "location_type": "physical",
        "organization_id": org_id,
        "name": loc.name,
        "latitude": loc.latitude,
        "longitude": loc.longitude,
        "addresses": addresses,
        "accessibility": [
            {
                "id": m.child_id(lid, "accessibility", code),
                "location_id": lid,
                "description": vocabulary.term(vocabulary.ACCESS, code).description,
            }
            for code in venue
        ],
    }
    return _drop_empty(location)


def service_document(r: Resource) -> dict[str, Any]:
    """One resource as a self-contained HSDS 3.0 service (public fields only)."""
    sid = _ref("resource", r.id)
    org_id = _ref("organisation", r.organisation_id) if r.organisation_id else None
    locations = [_location(r, sid, org_id, loc) for loc in sorted(r.locations, key=_key)]
    if r.setting == Setting.ONLINE.value or not locations:
        url = m.url_of(r.url)
        locations = [
            _drop_empty(
                {
                    "id": location_id(sid, None),
                    "location_type": "virtual",
                    "organization_id": org_id,
                    "name": "Online",
                    "url": url,
                    "description": "Takes place online or by phone; no venue to travel to.",
                }
            )
        ]
    schedules = []
    for s in sorted(r.sessions, key=_key):
        monthly = s.freq == "monthly" and s.ordinal
        schedules.append(
            _drop_empty(
                {
                    "id": m.child_id(sid, "schedule", s.id),
                    "service_id": sid,
                    "freq": "MONTHLY" if monthly else "WEEKLY",
                    "interval": 1 if monthly else s.interval or 1,
                    "dtstart": s.anchor.isoformat() if s.anchor and s.interval > 1 else None,
                    "valid_from": s.valid_from.isoformat() if s.valid_from else None,
                    "valid_to": s.valid_to.isoformat() if s.valid_to else None,
                    "byday": f"{s.ordinal}{s.day.upper()}" if monthly else s.day.upper(),
                    "opens_at": s.start,
                    "closes_at": s.end,
                    "description": s.note,
                }
            )
        )
    costs = [
        {
            "id": m.child_id(sid, "cost", c.id),
            "service_id": sid,
            "option": m.cost_option_label(c.kind, c.label, c.amount_pence),
            "amount": c.amount_pence / 100,
            "currency": "GBP",
            "amount_description": "per session",
        }
        for c in sorted(r.costs, key=_key)
    ]
    attributes = [_attribute(sid, t.scheme, t.code) for t in sorted(r.tags, key=_tag_key)]
    attributes.append(_attribute(sid, vocabulary.SETTING, str(r.setting)))
    attributes.append(_attribute(sid, m.JOIN, str(r.how_to_join)))
    application = r.join_details or m.JOIN_TERMS[str(r.how_to_join)][1]
    service = {
        "id": sid,
        "organization_id": org_id,
        "name": r.name,
        "description": r.description,
        "url": m.url_of(r.url),
        "email": m.email_of(r.email),
        "status": m.EXPORT_STATUS.get(str(r.status), "active"),
        "fees_description": r.fees_description,
        "eligibility_description": r.eligibility,
        "application_process": application,
        "assured_date": r.last_confirmed_at.date().isoformat() if r.last_confirmed_at else None,
        "last_modified": _iso(r.updated_at),
        "minimum_age": r.min_age,
        "maximum_age": r.max_age,
        "phones": [{"id": m.child_id(sid, "phone", 0), "service_id": sid, "number": r.phone}]
        if r.phone
        else [],
        "schedules": schedules,
        "service_at_locations": [
            {
                "id": service_at_location_id(sid, loc["id"]),
                "service_id": sid,
                "location_id": loc["id"],
                "location": loc,
            }
            for loc in locations
        ],
        "cost_options": costs,
        "attributes": attributes,
    }
    return {k: v for k, v in service.items() if v not in ("", None)}


def _key(row: Any) -> int:
    return int(row.id or 0)


def _tag_key(tag: Any) -> tuple[str, str]:
    return (str(tag.scheme), str(tag.code))


def organisation_document(o: Organisation) -> dict[str, Any]:
    """One organisation as an HSDS 3.0 organization."""
    oid = _ref("organisation", o.id)
    org = {
        "id": oid,
        "name": o.name,
        "description": o.description,
        "email": m.email_of(o.email),
        "website": m.url_of(o.website),
        "phones": [{"id": m.child_id(oid, "phone", 0), "organization_id": oid, "number": o.phone}]
        if o.phone
        else [],
    }
    return {k: v for k, v in org.items() if v not in (None, "") or k == "description"}


def export_document(
    session: Session, include_hidden: bool = False, profile: str = "hsds"
) -> dict[str, Any]:
    """The directory as {'services', 'organizations', 'taxonomies', 'taxonomy_terms'}."""
    query = select(Resource).order_by(col(Resource.name), col(Resource.id))
    if not include_hidden:
        query = query.where(col(Resource.is_public).is_(True))
    resources = session.exec(query).all()
    return build_document(session, resources, profile)


def build_document(
    session: Session, resources: Iterable[Resource], profile: str = "hsds"
) -> dict[str, Any]:
    """The collection document for the given resources and their organisations."""
    resources = list(resources)
    services = [service_document(r) for r in resources]
    used = {r.organisation_id for r in resources if r.organisation_id}
    with_resources = set(session.exec(select(Resource.organisation_id).distinct()).all())
    orgs = session.exec(select(Organisation).order_by(col(Organisation.name))).all()
    organisations = [
        organisation_document(o) for o in orgs if o.id in used or o.id not in with_resources
    ]
    taxonomies, terms = taxonomy_documents()
    doc = {
        "services": services,
        "organizations": organisations,
        "taxonomies": taxonomies,
        "taxonomy_terms": terms,
    }
    return uk_profile(doc) if profile == "uk" else doc


def uk_profile(doc: dict[str, Any]) -> dict[str, Any]:
    """The document trimmed to the Open Referral UK profile (taxonomy terms carry `term`)."""

    def drop(obj: dict[str, Any], kind: str) -> dict[str, Any]:
        return {k: v for k, v in obj.items() if k not in UK_DROPPED.get(kind, set())}

    def term(t: dict[str, Any]) -> dict[str, Any]:
        return drop({**t, "term": t["code"]}, "taxonomy_term")

    def location(loc: dict[str, Any]) -> dict[str, Any]:
        out = drop(loc, "location")
        addresses = []
        for a in loc.get("addresses", []):
            first = ", ".join(p for p in (a.get("address_1"), a.get("address_2")) if p)
            addresses.append(drop({**a, "address_1": first}, "address"))
        if addresses:
            out["addresses"] = addresses
        return out

    services = []
    for s in doc["services"]:
        out = drop(s, "service")
        if s.get("fees_description") and not s.get("fees"):
            out["fees"] = s["fees_description"]  # the profile keeps `fees`, not its description
        out["cost_options"] = [drop(c, "cost_option") for c in s["cost_options"]]
        out["attributes"] = [
            {**drop(a, "attribute"), "taxonomy_term": term(a["taxonomy_term"])}
            for a in s["attributes"]
        ]
        out["service_at_locations"] = [
            {**sal, "location": location(sal["location"])} for sal in s["service_at_locations"]
        ]
        services.append(out)
    return {
        **doc,
        "services": services,
        "taxonomy_terms": [term(t) for t in doc["taxonomy_terms"]],
    }
