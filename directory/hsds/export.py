"""Write the directory as an HSDS 3.0 collection: public resources and public fields only."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

from sqlmodel import Session, col, select

from directory import vocabulary
from directory.hsds import mapping as m
from directory.hsds.checks import CHILDREN
from directory.models import (
    Organisation,
    Resource,
    ResourceLocation,
    ResourceSession,
    Setting,
    SourceTerm,
)
from directory.visibility import exported_clause

# An address must carry these keys even when its source left them empty.
REQUIRED = dict.fromkeys(("address_1", "city", "state_province", "postal_code", "country"), "")
ADDRESS_PARTS = ("address_1", "address_2", "city", "region", "state_province", "postal_code")


# Source text kept whole beside the shortened column that shows it, by HSDS field.
LONG_TEXT = {
    "description": "description",
    "application_process": "join_details",
    "eligibility_description": "eligibility",
    "fees_description": "fees_description",
}


def _shortened(full: str, shown: str) -> bool:
    """Tell whether the column holds the import's shortened form of the full text."""
    return shown.endswith("…") and full.startswith(shown[:-1].rstrip())


def _public(value: Any) -> Any:
    """A kept source value without the import's private keys ('_x', '_digest')."""
    if isinstance(value, dict):
        return {k: _public(v) for k, v in value.items() if not k.startswith("_")}
    if isinstance(value, list):
        return [_public(v) for v in value]
    return value


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


def place_id(service_id: str, loc: ResourceLocation | None) -> str:
    """The exported id of a service's place: the source's own id, else one derived from ours."""
    # Services sharing a place share the source's id; loc None is the online place.
    if loc is not None and m.is_uuid(loc.source_id):
        return loc.source_id
    return location_id(service_id, loc.id if loc is not None else None)


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


def _address(loc: ResourceLocation, lid: str) -> dict[str, Any] | None:
    """The location's address: as the source gave it, else split from our one-line form."""
    given = {k: getattr(loc, k) for k in (*ADDRESS_PARTS, "country")}
    if not any(given.values()):
        if not (loc.address or loc.postcode):
            return None
        address_1, address_2, city = m.split_address(loc.address)
        given = {"address_1": address_1, "address_2": address_2, "city": city,
                 "state_province": m.uk_nation(loc.postcode), "postal_code": loc.postcode,
                 "country": "GB" if loc.postcode else ""}  # fmt: skip
    address_id = (loc.extras or {}).get("address_id") or m.child_id(lid, "address", 0)
    address = {"id": address_id, "location_id": lid, **given, "address_type": "physical"}
    # The schema requires these keys even when we know nothing for them.
    required = {"address_1", "city", "state_province", "postal_code", "country"}
    return {k: v for k, v in address.items() if v or k in required}


def _location(r: Resource, sid: str, org_id: str | None, loc: ResourceLocation) -> dict[str, Any]:
    lid = place_id(sid, loc)
    extras = _public(loc.extras or {})
    extras.pop("address_id", None)
    others = extras.pop("addresses", [])
    address = _address(loc, lid)
    venue = [c for c in r.access if c in vocabulary.VENUE_ACCESS]
    accessibility = [
        {
            "id": m.child_id(lid, "accessibility", code),
            "location_id": lid,
            "description": vocabulary.term(vocabulary.ACCESS, code).description,
        }
        for code in venue
    ]
    location = {
        "id": lid,
        "location_type": "physical",
        "organization_id": org_id,
        "name": loc.name,
        "latitude": loc.latitude,
        "longitude": loc.longitude,
        **extras,
        "addresses": ([address] if address else []) + [{**REQUIRED, **a} for a in others],
        "accessibility": extras.get("accessibility") or accessibility,
    }
    return _drop_empty(location)


def service_document(r: Resource) -> dict[str, Any]:
    """One resource as a self-contained HSDS 3.0 service (public fields only)."""
    sid = _ref("resource", r.id)
    org_id = _ref("organisation", r.organisation_id) if r.organisation_id else None
    locations = _locations(r, sid, org_id)
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
        "application_process": r.join_details,
        "assured_date": r.last_confirmed_at.date().isoformat() if r.last_confirmed_at else None,
        "last_modified": _iso(r.updated_at),
        "minimum_age": r.min_age,
        "maximum_age": r.max_age,
        "phones": [{"id": m.child_id(sid, "phone", 0), "service_id": sid, "number": r.phone}]
        if r.phone
        else [],
        "languages": [
            {"id": m.child_id(sid, "language", c.code), "service_id": sid, "code": c.code}
            for c in sorted(r.languages, key=lambda x: x.code)
        ],
        **_current_extras(r),
        "schedules": [_schedule(sid, i, s) for i, s in enumerate(sorted(r.sessions, key=_key))],
        "service_at_locations": [
            {
                "id": service_at_location_id(sid, loc["id"]),
                "service_id": sid,
                "location_id": loc["id"],
                "location": loc,
            }
            for loc in locations
        ],
        "cost_options": _costs(r, sid),
        "attributes": _attributes(r, sid),
    }
    return {k: v for k, v in service.items() if v not in ("", None)}


def _locations(r: Resource, sid: str, org_id: str | None) -> list[dict[str, Any]]:
    """The service's places, or one virtual location when it meets online or has no venue."""
    locations = [_location(r, sid, org_id, loc) for loc in sorted(r.locations, key=_key)]
    if r.setting != Setting.ONLINE.value and locations:
        return locations
    online = {
        "id": location_id(sid, None),
        "location_type": "virtual",
        "organization_id": org_id,
        "name": "Online",
        "url": m.url_of(r.url),
        "description": "Takes place online or by phone; no venue to travel to.",
    }
    return [_drop_empty(online)]


def _costs(r: Resource, sid: str) -> list[dict[str, Any]]:
    """The service's prices as HSDS cost options."""
    imported = bool(r.source_id)
    return [
        _drop_empty(
            {
                "id": m.child_id(sid, "cost", i),
                "service_id": sid,
                "option": m.cost_option_label(c.kind, c.label, c.amount_pence),
                "amount": c.amount_pence / 100,
                # Amounts made in the app are pounds; an import keeps what its source said.
                "currency": c.currency or ("" if imported else "GBP"),
                "amount_description": c.amount_description,
            }
        )
        for i, c in enumerate(sorted(r.costs, key=_key))
    ]


def _attributes(r: Resource, sid: str) -> list[dict[str, Any]]:
    """Its vocabulary terms, setting, how to join and its source's own terms as attributes."""
    attributes = [_attribute(sid, t.scheme, t.code) for t in sorted(r.tags, key=_tag_key)]
    attributes.append(_attribute(sid, vocabulary.SETTING, str(r.setting)))
    if str(r.how_to_join) in m.JOIN_TERMS:
        attributes.append(_attribute(sid, m.JOIN, str(r.how_to_join)))
    return attributes + [_source_attribute(sid, link.term) for link in r.source_terms]


def _current_extras(r: Resource) -> dict[str, Any]:
    """The source's other public fields, less those edited in the app since the import."""
    extras = _public(r.extras or {})
    for key, column in LONG_TEXT.items():
        if key in extras and not _shortened(extras[key], getattr(r, column)):
            extras.pop(key)  # edited in the app since it was imported: ours is current
    if extras.get("phones") and extras["phones"][0].get("number") != r.phone:
        extras.pop("phones")  # edited in the app since: ours is the current number
    return extras


def _schedule(sid: str, index: int, s: ResourceSession) -> dict[str, Any]:
    """One session as an HSDS schedule (its offset kept on the times when it has one)."""
    monthly = s.freq == "monthly" and s.ordinal
    offset = s.timezone if s.timezone[:1] in ("+", "-") else ""
    return _drop_empty(
        {
            "id": m.child_id(sid, "schedule", index),
            "service_id": sid,
            "freq": "MONTHLY" if monthly else "WEEKLY",
            "interval": 1 if monthly else s.interval or 1,
            "byday": f"{s.ordinal}{s.day.upper()}" if monthly else s.day.upper(),
            "opens_at": s.start + offset,
            "closes_at": s.end + offset if s.end else "",  # not known: left out
            "timezone": _hours(offset),
            "valid_from": _day(s.valid_from),
            "valid_to": _day(s.valid_to),
            "dtstart": _day(s.anchor),
            "until": _day(s.until),
            "count": s.count,
            "description": s.note,
        }
    )


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _hours(offset: str) -> float | int | None:
    """An offset '+05:30' as HSDS's timezone number (5.5)."""
    if not offset:
        return None
    hours = int(offset[1:3]) + int(offset[4:6]) / 60
    value = -hours if offset[0] == "-" else hours
    return int(value) if value == int(value) else value


def _source_attribute(sid: str, term: SourceTerm) -> dict[str, Any]:
    doc = dict(term.doc or {})
    return {
        "id": m.child_id(sid, "attribute", term.id),
        "link_id": sid,
        "link_type": term.taxonomy,
        "link_entity": "service",
        "taxonomy_term_id": term.id,
        "taxonomy_term": doc,
    }


def _key(row: Any) -> int:
    return int(row.id or 0)


def source_taxonomies(session: Session) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The imported sources' own taxonomies and terms, as they were published."""
    terms = session.exec(select(SourceTerm).order_by(col(SourceTerm.id))).all()
    taxonomies: dict[str, dict[str, Any]] = {}
    docs = []
    for t in terms:
        doc = t.doc or {}
        tax_id = doc.get("taxonomy_id") or m.hsds_id("taxonomy", t.taxonomy, t.source)
        taxonomies.setdefault(
            tax_id, {"id": tax_id, "name": t.taxonomy, "description": f"{t.taxonomy} ({t.source})"}
        )
        docs.append(doc)
    return list(taxonomies.values()), docs


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
        **_public(o.extras or {}),
    }
    return {k: v for k, v in org.items() if v not in (None, "") or k == "description"}


def export_document(
    session: Session, include_hidden: bool = False, profile: str = "hsds"
) -> dict[str, Any]:
    """The directory as {'services', 'organizations', 'taxonomies', 'taxonomy_terms'}."""
    query = select(Resource).order_by(col(Resource.name), col(Resource.id))
    if not include_hidden:
        query = query.where(exported_clause())
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
    own_taxonomies, own_terms = source_taxonomies(session)
    taxonomies += own_taxonomies
    terms += own_terms
    doc = {
        "services": services,
        "organizations": organisations,
        "taxonomies": taxonomies,
        "taxonomy_terms": terms,
    }
    return uk_profile(doc) if profile == "uk" else doc


# What each object may carry in the Open Referral UK 3.0 profile (its schemas' properties).
UK_FIELDS = {
    "service": "accreditations alert assured_date assurer_email attributes contacts cost_options "
    "description email fees funding id languages last_modified maximum_age minimum_age name "
    "organization organization_id schedules service_areas service_at_locations status url",
    "organization": "attributes description email id logo name organization_identifiers "
    "parent_organization_id uri website",
    "location": "accessibility addresses attributes description external_identifier "
    "external_identifier_type id latitude location_type longitude name",
    "address": "address_1 address_type attention attributes city country id location_id "
    "postal_code region state_province",
    "phone": "contact_id description id languages number",
    "schedule": "attending_type byday bymonthday closes_at description dtstart freq id interval "
    "notes opens_at schedule_link service_at_location_id service_id valid_from valid_to",
    "language": "id phone_id service_id",
    "taxonomy_term": "description id name parent_id taxonomy taxonomy_id term term_uri",
    "cost_option": "amount amount_description id option service_id valid_from valid_to",
    "attribute": "id link_id link_type taxonomy_term taxonomy_term_id",
    "service_at_location": "id service_id location_id location description schedules",
}
_UK = {kind: set(names.split()) for kind, names in UK_FIELDS.items()}
UK_CHILDREN = {**CHILDREN, "service": {**CHILDREN["service"], "cost_options": "cost_option"}}


def _uk(obj: dict[str, Any], kind: str) -> dict[str, Any]:
    """One object cut to what the UK profile allows (nested objects too)."""
    allowed = _UK.get(kind)
    out = {}
    for key, value in obj.items():
        if allowed is not None and key not in allowed:
            continue
        child = UK_CHILDREN.get(kind, {}).get(key)
        if child and isinstance(value, list):
            value = [_uk(v, child) if isinstance(v, dict) else v for v in value]
        elif child and isinstance(value, dict):
            value = _uk(value, child)
        out[key] = value
    return out


def uk_profile(doc: dict[str, Any]) -> dict[str, Any]:
    """The document cut to the Open Referral UK profile."""
    # Terms carry `term`; the profile has no address_2 or fees_description, so those join
    # address_1 and `fees`.

    def service(s: dict[str, Any]) -> dict[str, Any]:
        s = {**s, "fees": s.get("fees") or s.get("fees_description")}
        for sal in s.get("service_at_locations", []):
            for a in sal.get("location", {}).get("addresses", []):
                a["address_1"] = ", ".join(p for p in (a.get("address_1"), a.get("address_2")) if p)
        for attr in s.get("attributes", []):
            term = attr.get("taxonomy_term") or {}
            term.setdefault("term", term.get("code") or term.get("name"))
        return _uk(_drop_empty(s), "service")

    terms = [{**t, "term": t.get("code") or t.get("name")} for t in doc["taxonomy_terms"]]
    return {
        **doc,
        "services": [service(json_copy(s)) for s in doc["services"]],
        "organizations": [_uk(o, "organization") for o in doc["organizations"]],
        "taxonomy_terms": [_uk(t, "taxonomy_term") for t in terms],
    }


def json_copy(value: Any) -> Any:
    """A deep copy of a JSON value."""
    return json.loads(json.dumps(value))
