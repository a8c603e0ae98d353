"""Check an HSDS 3.0 collection before import: types, enums, ids, references (path + field)."""

from __future__ import annotations

from typing import Any

from directory.hsds.mapping import Problem
from directory.hsds.records import Collection

# Number fields of the HSDS 3.0 core objects (every other listed field is text).
NUMBERS = {
    "minimum_age", "maximum_age", "latitude", "longitude", "extension", "amount",
    "year_incorporated", "timezone", "interval", "count",
}  # fmt: skip
ENUMS = {
    "status": {"active", "inactive", "defunct", "temporarily closed"},
    "location_type": {"physical", "postal", "virtual"},
    "address_type": {"physical", "postal", "virtual"},
    "freq": {"WEEKLY", "MONTHLY"},
    "wkst": {"MO", "TU", "WE", "TH", "FR", "SA", "SU"},
}
# Text fields per object kind, and the kinds of nested lists / objects.
TEXT = {
    "service": "id organization_id program_id name alternate_name description url email status "
    "interpretation_services application_process fees_description wait_time fees "
    "accreditations eligibility_description assured_date assurer_email licenses alert "
    "last_modified",
    "organization": "id name alternate_name description email website tax_status tax_id "
    "legal_status logo uri parent_organization_id",
    "location": "id location_type url organization_id name alternate_name description "
    "transportation external_identifier external_identifier_type",
    "address": "id location_id attention address_1 address_2 city region state_province "
    "postal_code country address_type",
    "phone": "id location_id service_id organization_id contact_id service_at_location_id "
    "number type description",
    "schedule": "id service_id location_id service_at_location_id valid_from valid_to dtstart "
    "until wkst freq byday byweekno bymonthday byyearday description opens_at closes_at "
    "schedule_link attending_type notes",
    "language": "id service_id location_id phone_id name code note",
    "service_at_location": "id service_id location_id description",
    "cost_option": "id service_id valid_from valid_to option currency amount_description",
    "attribute": "id link_id taxonomy_term_id link_type link_entity value",
    "taxonomy_term": "id code name description parent_id taxonomy language taxonomy_id term_uri",
    "other": "id service_id organization_id location_id name description document uri source "
    "extent extent_type details url",
}
CHILDREN = {
    "service": {
        "phones": "phone", "schedules": "schedule", "service_areas": "other",
        "service_at_locations": "service_at_location", "languages": "language",
        "funding": "other", "cost_options": "cost_option", "required_documents": "other",
        "contacts": "other", "attributes": "attribute", "organization": "organization",
        "program": "other",
    },
    "organization": {"funding": "other", "phones": "phone", "contacts": "other",
                     "locations": "location", "programs": "other", "attributes": "attribute"},
    "location": {"languages": "language", "addresses": "address", "accessibility": "other",
                 "phones": "phone", "schedules": "schedule", "attributes": "attribute",
                 "contacts": "other"},
    "service_at_location": {"location": "location", "phones": "phone", "schedules": "schedule"},
    "phone": {"languages": "language"},
    "attribute": {"taxonomy_term": "taxonomy_term"},
}  # fmt: skip
_TEXT = {kind: set(names.split()) for kind, names in TEXT.items()}


def _number_ok(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return True
    try:
        float(value)
    except (TypeError, ValueError):
        return False
    return isinstance(value, str)


def check_object(obj: Any, kind: str, at: str, out: list[Problem]) -> None:
    """Every wrong type or enum value in one object and what it contains."""
    if not isinstance(obj, dict):
        out.append(Problem(at, f"expected an object ({kind}), found {type(obj).__name__}"))
        return
    where = str(obj.get("_where") or at)
    for key, value in obj.items():
        if value is None or key.startswith("_"):
            continue
        if key in NUMBERS:
            if value != "" and not _number_ok(value):
                out.append(Problem(where, f"{key}: expected a number, found {value!r}"[:200]))
        elif key in _TEXT.get(kind, set()):
            if not isinstance(value, str):
                out.append(Problem(where, f"{key}: expected text, found {_kind(value)}"))
            elif key in ENUMS and value and value not in ENUMS[key]:
                allowed = ", ".join(sorted(ENUMS[key]))
                out.append(Problem(where, f"{key}: {value!r} is not one of {allowed}"))
        elif key in CHILDREN.get(kind, {}):
            _check_child(value, CHILDREN[kind][key], f"{at}.{key}", out)


def _check_child(value: Any, kind: str, at: str, out: list[Problem]) -> None:
    if isinstance(value, dict):
        check_object(value, kind, at, out)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            check_object(item, kind, f"{at}[{i}]", out)
    else:
        out.append(Problem(at, f"expected a list or object, found {_kind(value)}"))


def _kind(value: Any) -> str:
    names = {dict: "an object", list: "a list", bool: "true/false", int: "a number"}
    return names.get(type(value), "a number" if isinstance(value, float) else type(value).__name__)


def check_collection(doc: Collection, where: str) -> list[Problem]:
    """Every type, enum, duplicate-id and reference problem in a collection."""
    out: list[Problem] = []
    kinds = {"services": "service", "organizations": "organization",
             "taxonomy_terms": "taxonomy_term", "taxonomies": "other"}  # fmt: skip
    for key, kind in kinds.items():
        seen: dict[str, str] = {}
        for i, item in enumerate(doc.get(key) or []):
            at = f"{where}: {key}[{i}]"
            check_object(item, kind, at, out)
            if not isinstance(item, dict):
                continue
            ident = str(item.get("id") or "").strip()
            here = str(item.get("_where") or at)
            if ident and ident in seen:
                out.append(Problem(here, f"id {ident!r} appears twice (also {seen[ident]})"))
            seen.setdefault(ident, here)
    out += _check_locations(doc, where)
    out += _check_terms(doc, where)
    return out


def _check_locations(doc: Collection, where: str) -> list[Problem]:
    """A location id must mean one place: two different places under one id are refused."""
    out: list[Problem] = []
    places: dict[str, Any] = {}
    for i, service in enumerate(doc.get("services") or []):
        if not isinstance(service, dict):
            continue
        for j, sal in enumerate(service.get("service_at_locations") or []):
            if not isinstance(sal, dict):
                continue
            loc = sal.get("location")
            at = str(service.get("_where") or f"{where}: services[{i}]")
            if loc is None:
                out.append(Problem(f"{at}.service_at_locations[{j}]", "location: missing"))
                continue
            if not isinstance(loc, dict) or not str(loc.get("id") or "").strip():
                continue
            lid = str(loc["id"])
            clean = {k: v for k, v in loc.items() if not k.startswith("_")}
            if lid in places and places[lid] != clean:
                out.append(Problem(at, f"location id {lid!r} names two different places"))
            places.setdefault(lid, clean)
    return out


def _check_terms(doc: Collection, where: str) -> list[Problem]:
    """An attribute must name a taxonomy term given in the document (or embed it)."""
    known = {str(t.get("id")) for t in doc.get("taxonomy_terms") or [] if isinstance(t, dict)}
    out: list[Problem] = []
    for i, service in enumerate(doc.get("services") or []):
        if not isinstance(service, dict):
            continue
        at = str(service.get("_where") or f"{where}: services[{i}]")
        for j, attr in enumerate(service.get("attributes") or []):
            if not isinstance(attr, dict) or isinstance(attr.get("taxonomy_term"), dict):
                continue
            ref = str(attr.get("taxonomy_term_id") or "")
            if ref and ref not in known:
                out.append(
                    Problem(f"{at}.attributes[{j}]", f"taxonomy_term_id {ref!r} is not in the file")
                )
    return out
