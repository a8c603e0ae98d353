"""Load an HSDS 3.0 document into the directory: map, check, then upsert in one transaction."""

from __future__ import annotations

import hashlib
import importlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from pydantic import ValidationError
from sqlmodel import Session, col, select

from core.times import utcnow
from directory import vocabulary
from directory.hsds import mapping as m
from directory.hsds.checks import NUMBERS, check_collection
from directory.hsds.languages import code_of
from directory.hsds.mapping import Problem
from directory.hsds.records import Collection, Records
from directory.models import (
    Organisation,
    OrganisationCreate,
    Resource,
    ResourceCreate,
    ResourceLanguage,
    ResourceTerm,
    ReviewState,
    Setting,
    SourceTerm,
    Status,
)
from directory.resources import apply
from directory.validation import messages

SOURCE = "import:hsds"
# Service fields kept as the source gave them (ids made stable) and written back by the export.
SERVICE_EXTRAS = (
    "alternate_name",
    "interpretation_services",
    "wait_time",
    "fees",
    "accreditations",
    "licenses",
    "alert",
    "assurer_email",
    "program_id",
    "program",
    "phones",
    "languages",
    "service_areas",
    "funding",
    "required_documents",
    "_x",
)
LOCATION_EXTRAS = (
    "alternate_name",
    "description",
    "transportation",
    "url",
    "external_identifier",
    "external_identifier_type",
    "languages",
    "accessibility",
    "phones",
    "_x",
)
ORG_EXTRAS = (
    "alternate_name",
    "tax_status",
    "tax_id",
    "year_incorporated",
    "legal_status",
    "logo",
    "uri",
    "parent_organization_id",
    "funding",
    "phones",
    "programs",
    "organization_identifiers",
    "_x",
)
# Text the page shows shortened; the whole text is kept for the export.
LONG_TEXT = (("description", 5000), ("application_process", 1000),
             ("eligibility_description", 1000), ("fees_description", 500))  # fmt: skip
CHILD_KINDS = {"phones": "phone", "languages": "language", "service_areas": "service_area",
               "funding": "funding", "required_documents": "required_document",
               "accessibility": "accessibility", "addresses": "address", "program": "program",
               "programs": "program"}  # fmt: skip
Progress = Callable[[int, int], None]
# Kept from the existing row on update: what the feed does not carry (teams' own notes are
# in their own table, which an import never touches).
KEPT_ON_UPDATE = ("is_public",)


class ImportFailed(Exception):
    """The import was refused; nothing was changed."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []

    def __str__(self) -> str:
        lines = [self.args[0], *(f"  {p}" for p in self.problems[:50])]
        if len(self.problems) > 50:
            lines.append(f"  ... and {len(self.problems) - 50} more")
        return "\n".join(lines)


@dataclass
class Tally:
    """How many records of one kind were read, created, updated, left as they were."""

    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    gone: int = 0

    @property
    def imported(self) -> int:
        """Records now in the directory from this import."""
        return self.created + self.updated + self.unchanged


@dataclass
class ImportReport:
    """What an import did: counts, rows left out (with where), and notes about mapped fields."""

    organisations: Tally = field(default_factory=Tally)
    services: Tally = field(default_factory=Tally)
    locations_read: int = 0
    locations_imported: int = 0
    skipped: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)
    geocoded: int = 0
    without_coordinates: int = 0
    geocoder: bool = False
    source: str = ""

    def summary(self) -> str:
        """A few lines for a person."""

        def line(name: str, t: Tally) -> str:
            return (
                f"{name}: {t.read} read, {t.imported} imported "
                f"({t.created} new, {t.updated} changed, {t.unchanged} unchanged), "
                f"{t.gone} gone, {t.skipped} skipped"
            )

        out = [
            f"Source: {self.source}",
            line("Organisations", self.organisations),
            line("Services", self.services),
            f"Locations: {self.locations_read} read, "
            f"{self.locations_imported} attached to services",
        ]
        if self.geocoder:
            out.append(f"Geocoded {self.geocoded} places without coordinates.")
        if self.without_coordinates:
            out.append(f"{self.without_coordinates} places have no coordinates.")
        return "\n".join(out)


@dataclass
class _Mapped:
    data: ResourceCreate
    confirmed_at: datetime | None
    location_ids: set[str]
    source_id: str = ""
    extras: dict[str, Any] = field(default_factory=dict)
    languages: list[str] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    digest: str = ""


@dataclass
class _Context:
    """What mapping one record needs to know about the whole import."""

    namespace: str
    org_ids: set[str]
    terms_by_id: dict[str, dict[str, Any]]
    term_map: dict[tuple[str, str], str]
    timezone: str = ""
    source_terms: dict[str, SourceTerm] = field(default_factory=dict)


def normalise(doc: Any, where: str = "document") -> Collection:
    """The collection style {'services': [...], ...} from a collection, one service, or a list."""
    if isinstance(doc, dict) and isinstance(doc.get("contents"), list):
        doc = doc["contents"]
    if isinstance(doc, list | Records):
        return {"services": doc, "organizations": [], "taxonomies": [], "taxonomy_terms": []}
    if not isinstance(doc, dict):
        raise ImportFailed(f"{where}: expected a JSON object or list of services")
    if "services" not in doc and "organizations" not in doc and "name" in doc:
        return {"services": [doc], "organizations": [], "taxonomies": [], "taxonomy_terms": []}
    out: Collection = {}
    for key in ("services", "organizations", "taxonomies", "taxonomy_terms"):
        value = doc.get(key) or []
        if not isinstance(value, list | Records):
            raise ImportFailed(f"{where}: '{key}' must be a list")
        out[key] = value
    return out


def _where(obj: dict[str, Any], default: str) -> str:
    return str(obj.get("_where") or default)


def _date(value: Any) -> datetime | None:
    raw = m.text(value)
    if not raw:
        return None
    try:
        if len(raw) == 10:
            return datetime.combine(date.fromisoformat(raw), datetime.min.time(), UTC)
        parsed = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


REFERENCES = {"service_id": "service", "location_id": "location",
              "organization_id": "organization", "phone_id": "phone"}  # fmt: skip


def _number(key: str, value: Any) -> Any:
    """A CSV's numeric text as the number HSDS says the field is."""
    if key not in NUMBERS or not isinstance(value, str):
        return value
    try:
        number = float(value)
    except ValueError:
        return value
    return int(number) if number.is_integer() and "." not in value else number


def _plain(obj: Any) -> Any:
    """A source value without the reader's private keys ('_where'), empty values dropped."""
    if isinstance(obj, dict):
        out = {
            k: _number(k, _plain(v)) for k, v in obj.items() if not k.startswith("_") or k == "_x"
        }
        return {k: v for k, v in out.items() if v not in ("", None, [], {})}
    if isinstance(obj, list):
        return [_plain(v) for v in obj]
    return obj


def _stable_ids(value: Any, kind: str, parent: str, namespace: str) -> Any:
    """Child objects with UUID ids: a UUID kept, another id made a stable UUID, none made one."""
    items = value if isinstance(value, list) else [value]
    out = []
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            out.append(item)
            continue
        raw = m.text(item.get("id"))
        ident = m.hsds_id(kind, raw, namespace) if raw else m.child_id(parent, kind, i)
        item = {**item, "id": ident}
        for key, ref in REFERENCES.items():
            given = m.text(item.get(key))
            if given and not m.is_uuid(given):
                item[key] = m.hsds_id(ref, given, namespace)
        # Contacts are not kept, so a phone's link to one would point nowhere.
        item.pop("contact_id", None)
        if isinstance(item.get("languages"), list):
            item["languages"] = _stable_ids(item["languages"], "language", ident, namespace)
        out.append(item)
    return out if isinstance(value, list) else out[0]


def _extras(obj: dict[str, Any], keys: tuple[str, ...], parent: str, ns: str) -> dict[str, Any]:
    """The source's fields the columns cannot hold, as given (child ids made stable)."""
    out: dict[str, Any] = {}
    for key in keys:
        value = _plain(obj.get(key))
        if value in (None, "", [], {}):
            continue
        if key in CHILD_KINDS:
            value = _stable_ids(value, CHILD_KINDS[key], parent, ns)
        out[key] = value
    return out


def _term_of(attr: dict[str, Any], ctx: _Context) -> dict[str, Any]:
    term = attr.get("taxonomy_term")
    if not isinstance(term, dict):
        term = ctx.terms_by_id.get(m.text(attr.get("taxonomy_term_id"))) or {}
    return term


def _source_term(term: dict[str, Any], ctx: _Context, link_type: str) -> SourceTerm:
    """The source's own term (kept as published, with a stable id), made once per import."""
    taxonomy = m.text(term.get("taxonomy")) or link_type or "source"
    code = m.text(term.get("code") or term.get("term") or term.get("name"))
    raw = m.text(term.get("id")) or f"{taxonomy}:{code}"
    tid = m.hsds_id("taxonomy_term", raw, ctx.namespace)
    if tid in ctx.source_terms:
        return ctx.source_terms[tid]
    parent = m.text(term.get("parent_id"))
    doc = {**_plain(term), "id": tid, "taxonomy": taxonomy}
    doc.setdefault("taxonomy_id", m.hsds_id("taxonomy", taxonomy, ctx.namespace))
    if parent:
        doc["parent_id"] = m.hsds_id("taxonomy_term", parent, ctx.namespace)
    name = m.text(term.get("name")) or code
    doc.setdefault("name", name)
    doc.setdefault("description", name)
    interest = ctx.term_map.get((taxonomy.lower(), code.lower())) or ctx.term_map.get(
        ("", code.lower())
    )
    found = SourceTerm(
        id=tid,
        source=ctx.namespace,
        taxonomy=taxonomy[:200],
        code=code[:200],
        name=name[:500],
        parent_id=doc.get("parent_id", ""),
        interest=interest or "",
        doc=doc,
    )
    ctx.source_terms[tid] = found
    return found


def _terms(service: dict[str, Any], ctx: _Context, notes: list[str]):  # type: ignore[no-untyped-def]
    """(taxonomy, code) pairs in the app's vocabularies, and the source's own terms."""
    found: list[tuple[str, str]] = []
    own: list[SourceTerm] = []
    for attr in service.get("attributes") or []:
        if not isinstance(attr, dict):
            continue
        term = _term_of(attr, ctx)
        scheme = m.text(term.get("taxonomy") or attr.get("link_type"))
        code = m.text(term.get("code") or term.get("term"))
        if scheme in (*vocabulary.TERMS, m.JOIN) and code:
            found.append((scheme, code))
        elif term:
            own.append(_source_term(term, ctx, m.text(attr.get("link_type"))))
        else:
            notes.append("attribute without a taxonomy term; left out")
    for t in own:
        if t.interest and vocabulary.is_term(vocabulary.INTEREST, t.interest):
            found.append((vocabulary.INTEREST, t.interest))
    return found, own


def _locations(service: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        sal["location"]
        for sal in service.get("service_at_locations") or []
        if isinstance(sal, dict) and isinstance(sal.get("location"), dict)
    ]


ADDRESS_PARTS = ("address_1", "address_2", "city", "region", "state_province", "postal_code")
LIMITS = {"address_1": 500, "address_2": 500, "postal_code": 40}


def _address(loc: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The physical address as given, and the location's other addresses."""
    addresses = [a for a in loc.get("addresses") or [] if isinstance(a, dict)]
    physical = [a for a in addresses if m.text(a.get("address_type")) in ("", "physical")]
    addr = (physical or addresses or [{}])[0]
    others = [a for a in addresses if a is not addr]
    return addr, others


def _coords(loc: dict[str, Any], notes: list[str]) -> tuple[float | None, float | None]:
    lat, lon = loc.get("latitude"), loc.get("longitude")
    try:
        lat = float(lat) if lat not in (None, "") else None
        lon = float(lon) if lon not in (None, "") else None
    except (TypeError, ValueError):
        notes.append("location coordinates are not numbers; left out")
        return None, None
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        if lat is not None or lon is not None:
            notes.append("location coordinates are incomplete or out of range; left out")
        return None, None
    return lat, lon


def _place(loc: dict[str, Any], ctx: _Context, notes: list[str]) -> dict[str, Any] | None:
    """One of our places for a physical HSDS location, or None when it says nothing usable."""
    addr, others = _address(loc)
    parts = {k: m.text(addr.get(k)) for k in ADDRESS_PARTS}
    postcode = m.uk_postcode(addr.get("postal_code"))
    line = [parts[k] for k in ("address_1", "address_2", "city")]
    if not postcode:  # a UK address is not written with its nation ("England")
        line += [parts["state_province"], parts["postal_code"]]
    address = ", ".join(p for p in dict.fromkeys(line) if p)
    lat, lon = _coords(loc, notes)
    name = m.clip(loc.get("name"), 200, "location name", notes)
    if not address and not postcode and lat is None:
        if not name:
            return None
        address = name
    lid = m.hsds_id("location", loc.get("id") or f"{name}|{address}", ctx.namespace)
    extras = _extras(loc, LOCATION_EXTRAS, lid, ctx.namespace)
    if others:
        extras["addresses"] = _stable_ids(_plain(others), "address", lid, ctx.namespace)
    if m.text(addr.get("id")):
        extras["address_id"] = m.hsds_id("address", addr["id"], ctx.namespace)
    return {
        "name": name,
        "address": m.clip(address, 500, "address", notes),
        "postcode": postcode,
        "latitude": lat,
        "longitude": lon,
        **{k: m.clip(v, LIMITS.get(k, 200), k, notes) for k, v in parts.items()},
        "country": m.clip(addr.get("country"), 100, "country", notes),
        "source_id": lid,
        "extras": extras or None,
    }


def _ages(service: dict[str, Any], notes: list[str]) -> dict[str, int | None]:
    ages: dict[str, int | None] = {}
    for ours, theirs in (("min_age", "minimum_age"), ("max_age", "maximum_age")):
        value = service.get(theirs)
        ages[ours] = None
        if value not in (None, ""):
            try:
                age = int(float(value))
            except (TypeError, ValueError):
                age = -1
            if 0 <= age <= 120:
                ages[ours] = age
            else:
                notes.append(f"{theirs} {value!r} is not an age; left out")
    low, high = ages["min_age"], ages["max_age"]
    if low is not None and high is not None and low > high:
        notes.append("minimum age is above maximum age; ages left out")
        return {"min_age": None, "max_age": None}
    return ages


def _sessions(service: dict[str, Any], ctx: _Context, notes: list[str]) -> list[dict[str, Any]]:
    schedules = list(service.get("schedules") or [])
    if not schedules:
        for sal in service.get("service_at_locations") or []:
            schedules += sal.get("schedules") or []
            schedules += (sal.get("location") or {}).get("schedules") or []
    sessions: list[dict[str, Any]] = []
    for schedule in schedules:
        if isinstance(schedule, dict):
            found: list[str] = []
            rows = m.sessions_of(schedule, found)
            for row in rows:
                row["timezone"] = row.get("timezone") or ctx.timezone
            sessions += rows
            at = f"{schedule['_where']}: " if schedule.get("_where") else ""
            notes += [at + n for n in found]
    return sessions


def _languages(service: dict[str, Any]) -> list[str]:
    """Codes of the languages a service is offered in (its own, else its locations')."""
    given = [x for x in service.get("languages") or [] if isinstance(x, dict)]
    if not given:
        for loc in _locations(service):
            given += [x for x in loc.get("languages") or [] if isinstance(x, dict)]
    codes = [code_of(m.text(x.get("name")), m.text(x.get("code"))) for x in given]
    return [c for c in dict.fromkeys(codes) if c]


def _places(service: dict[str, Any], ctx: _Context, notes: list[str]):  # type: ignore[no-untyped-def]
    places, location_ids, virtual = [], set(), False
    for loc in _locations(service):
        location_ids.add(m.text(loc.get("id")))
        kind = m.text(loc.get("location_type")) or "physical"
        if kind == "virtual":
            virtual = True
        elif kind == "physical":
            place = _place(loc, ctx, notes)
            if place:
                places.append(place)
    return places, location_ids, virtual


def _vocabulary(found: list[tuple[str, str]], notes: list[str]):  # type: ignore[no-untyped-def]
    interests: list[str] = []
    access: list[str] = []
    setting: Setting | None = None
    join: str | None = None
    for scheme, code in found:
        if scheme == m.JOIN and code in (*m.JOIN_TERMS, m.HowToJoin.UNKNOWN.value):
            join = code
        elif scheme == vocabulary.SETTING and m.setting_of(code):
            setting = m.setting_of(code)
        elif scheme in (vocabulary.INTEREST, vocabulary.ACCESS) and vocabulary.is_term(
            scheme, code
        ):
            (interests if scheme == vocabulary.INTEREST else access).append(code)
        else:
            notes.append(f"unknown {scheme} term {code!r}; left out")
    return interests, access, setting, join


def map_service(service: dict[str, Any], ctx: _Context, notes: list[str]) -> _Mapped:
    """Our ResourceCreate for one HSDS service (raises ValueError/ValidationError if it cannot)."""
    sid = m.hsds_id("service", service["id"], ctx.namespace)
    org = service.get("organization_id") or (service.get("organization") or {}).get("id")
    org_id = m.hsds_id("organization", org, ctx.namespace) if m.text(org) else None
    if org_id and org_id not in ctx.org_ids:
        raise ValueError(f"organization_id {org!r} is neither in the file nor in the directory")
    found, own = _terms(service, ctx, notes)
    interests, access, setting, join = _vocabulary(found, notes)
    places, location_ids, virtual = _places(service, ctx, notes)
    if setting is None:
        setting = Setting.ONLINE if virtual and not places else Setting.COMMUNITY
    if setting == Setting.ONLINE:
        places = []
    elif not places:
        raise ValueError("no place where it happens (no usable location) and not online")
    costs = [c for c in (m.cost_of(o, notes) for o in service.get("cost_options") or []) if c]
    if costs and all(c["kind"] == m.CostKind.CONCESSION for c in costs):
        notes.append("concession price without a standard price; concessions left out")
        costs = []
    phones = [p for p in service.get("phones") or [] if isinstance(p, dict)]
    phones = phones or [p for p in service.get("_phone_fallback") or [] if isinstance(p, dict)]
    application = m.clip(service.get("application_process"), 1000, "application process", notes)
    fees = service.get("fees_description") or service.get("fees")
    data = ResourceCreate.model_validate(
        dict(
            id=sid,
            organisation_id=org_id,
            name=m.clip(service.get("name"), 200, "name", notes),
            description=m.clip(service.get("description"), 5000, "description", notes),
            status=m.status_of(service.get("status"), notes),
            setting=setting,
            how_to_join=m.HowToJoin(join) if join else m.how_to_join_of(application),
            join_details=application,
            url=m.clip(m.url_of(service.get("url")), 500, "url", notes),
            email=m.clip(m.email_of(service.get("email")), 254, "email", notes),
            phone=m.clip(phones[0].get("number") if phones else "", 40, "phone", notes),
            eligibility=m.clip(service.get("eligibility_description"), 1000, "eligibility", notes),
            fees_description=m.clip(fees, 500, "fees description", notes),
            interests=sorted(set(interests)),
            access=sorted(set(access)),
            locations=places,
            sessions=_sessions(service, ctx, notes),
            costs=costs,
            source=ctx.namespace[:200],
            **_ages(service, notes),
        )
    )
    _note_unkept(service, data, notes)
    # Only the source's own assurance is a confirmation; last_modified is when it was edited.
    confirmed = _date(service.get("assured_date"))
    extras = _extras(service, SERVICE_EXTRAS, sid, ctx.namespace)
    for key, limit in LONG_TEXT:
        if len(m.text(service.get(key))) > limit:
            extras[key] = m.text(service.get(key))  # shortened on the page, whole in the feed
    mapped = _Mapped(data, confirmed, location_ids, m.text(service["id"]), extras,
                     _languages(service), [t.id for t in own])  # fmt: skip
    mapped.digest = _digest(mapped)
    return mapped


def _note_unkept(service: dict[str, Any], data: ResourceCreate, notes: list[str]) -> None:
    """A line for each source value the record does not keep."""
    for key, kept in (("url", data.url), ("email", data.email)):
        if m.text(service.get(key)) and not kept:
            notes.append(f"{key} {m.text(service.get(key))!r} is not a valid {key}; left out")
    for key in ("contacts", "metadata"):
        if service.get(key):
            notes.append(f"{key}: not kept (people's names and edit logs stay with the source)")


def _digest(item: _Mapped) -> str:
    """A fingerprint of everything an import writes for one record."""
    payload = [
        item.data.model_dump(mode="json", exclude={"is_public"}),
        str(_utc(item.confirmed_at)),
        item.extras,
        item.languages,
        sorted(item.terms),
    ]
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def map_organisation(org: dict[str, Any], oid: str, ns: str, notes: list[str]):  # type: ignore[no-untyped-def]
    """Our OrganisationCreate for one HSDS organization, and its extras."""
    phones = [p for p in org.get("phones") or [] if isinstance(p, dict)]
    data = OrganisationCreate(
        name=m.clip(org.get("name"), 200, "name", notes),
        description=m.clip(org.get("description"), 5000, "description", notes),
        website=m.clip(m.url_of(org.get("website") or org.get("url")), 500, "website", notes),
        email=m.clip(m.email_of(org.get("email")), 254, "email", notes),
        phone=m.clip(phones[0].get("number") if phones else "", 40, "phone", notes),
    )
    return data, _extras(org, ORG_EXTRAS, oid, ns)


def _geocoder() -> Callable[[Session, str], Any] | None:
    """directory.geo.lookup when another part of the app provides it."""
    try:
        geo = importlib.import_module("directory.geo")
    except ImportError:
        return None
    lookup = getattr(geo, "lookup", None)
    return lookup if callable(lookup) else None


def _coordinates(found: Any) -> tuple[float, float] | None:
    if found is None:
        return None
    if isinstance(found, tuple | list) and len(found) >= 2:
        return float(found[0]), float(found[1])
    lat, lon = getattr(found, "latitude", None), getattr(found, "longitude", None)
    if lat is None or lon is None:
        return None
    return float(lat), float(lon)


def _geocode(session: Session, mapped: list[_Mapped], report: ImportReport) -> None:
    """Fill in coordinates for UK places that have none, when a geocoder is available."""
    lookup = _geocoder()
    report.geocoder = lookup is not None
    for item in mapped:
        for place in item.data.locations:
            if place.latitude is not None:
                continue
            # Only UK postcodes: the gazetteer is British and foreign places would match wrongly.
            if lookup is not None and place.postcode:
                found = _coordinates(lookup(session, place.postcode))
                if found:
                    place.latitude, place.longitude = found
                    report.geocoded += 1
                    continue
            report.without_coordinates += 1


def _upsert_organisations(
    session: Session, orgs: dict[str, tuple[OrganisationCreate, dict[str, Any], str]],
    report: ImportReport, source: str,
) -> None:  # fmt: skip
    existing = _existing(session, Organisation, list(orgs))
    for oid, (data, extras, source_id) in orgs.items():
        row = existing.get(oid)
        values = {**data.model_dump(), "extras": extras or None}
        if row is None:
            session.add(Organisation(id=oid, source=source, source_id=source_id, **values))
            report.organisations.created += 1
        elif any(getattr(row, f) != v for f, v in values.items()):
            for f, v in values.items():
                setattr(row, f, v)
            row.source, row.source_id = source, source_id
            row.updated_at = utcnow()
            report.organisations.updated += 1
        else:
            report.organisations.unchanged += 1


def _existing(session: Session, model: Any, ids: list[str]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for row in session.exec(select(model).where(model.id.in_(chunk))).all():
            found[row.id] = row
    return found


def _write(row: Resource, item: _Mapped) -> None:
    """Everything the import keeps for one record, onto its row."""
    apply(row, item.data)
    row.review_state = ReviewState.CONFIRMED.value
    row.last_confirmed_at = item.confirmed_at
    row.source_id = item.source_id
    row.gone_at = None
    row.extras = {**item.extras, "_digest": item.digest}
    row.languages = [ResourceLanguage(code=c) for c in item.languages]
    row.source_terms = [ResourceTerm(term_id=t) for t in dict.fromkeys(item.terms)]


def _upsert_resources(session: Session, chunk: list[_Mapped], report: ImportReport) -> None:
    """Write one chunk of mapped services (new, changed or left as they were)."""
    existing = _existing(session, Resource, [i.data.id or "" for i in chunk])
    for item in chunk:
        row = existing.get(item.data.id or "")
        if row is None:
            # Given, not left to default factories: pydantic inspects a factory's signature on
            # every use (a tenth of a 100k import's time).
            now = utcnow()
            row = Resource(id=item.data.id or "", name=item.data.name, phones=[],
                           created_at=now, updated_at=now)  # fmt: skip
            _write(row, item)
            session.add(row)
            report.services.created += 1
        elif (row.extras or {}).get("_digest") == item.digest and row.gone_at is None:
            report.services.unchanged += 1
        else:
            item.data = item.data.model_copy(update={f: getattr(row, f) for f in KEPT_ON_UPDATE})
            _write(row, item)
            report.services.updated += 1
    session.flush()
    # Rows already written need not stay in memory: a 100k import stays small.
    session.expunge_all()


def _mark_gone(session: Session, source: str, seen: set[str], report: ImportReport) -> None:
    """Services of this source that the source no longer lists: inactive, with the date."""
    rows = session.exec(
        select(Resource.id, Resource.source_id).where(
            col(Resource.source) == source, col(Resource.gone_at).is_(None)
        )
    ).all()
    gone = [rid for rid, sid in rows if sid and sid not in seen]
    now = utcnow()
    for start in range(0, len(gone), 500):
        for row in _existing(session, Resource, gone[start : start + 500]).values():
            row.status = Status.CLOSED.value
            row.gone_at = now
            row.updated_at = now
            report.services.gone += 1
        session.flush()


def _upsert_terms(session: Session, terms: dict[str, SourceTerm]) -> None:
    existing = _existing(session, SourceTerm, list(terms))
    for tid, term in terms.items():
        row = existing.get(tid)
        if row is None:
            session.add(term)
            continue
        for f in ("source", "taxonomy", "code", "name", "parent_id", "interest", "doc"):
            setattr(row, f, getattr(term, f))


def _organisations(
    collection: Collection, where: str, ns: str, report: ImportReport
) -> tuple[dict[str, Any], list[Problem]]:
    """Each organisation mapped once (embedded ones included), and the problems found."""
    errors: list[Problem] = []
    orgs: dict[str, Any] = {}
    raw_orgs = list(collection["organizations"])
    for service in collection["services"]:
        if isinstance(service, dict) and isinstance(service.get("organization"), dict):
            raw_orgs.append(service["organization"])
    for i, org in enumerate(raw_orgs):
        at = _where(org, f"{where}: organizations[{i}]") if isinstance(org, dict) else where
        if not isinstance(org, dict) or not m.text(org.get("id")):
            errors.append(Problem(at, "an organisation needs an id"))
            continue
        oid = m.hsds_id("organization", org["id"], ns)
        if oid in orgs:
            continue
        notes: list[str] = []
        try:
            data, extras = map_organisation(org, oid, ns, notes)
            orgs[oid] = (data, extras, m.text(org["id"]))
        except ValidationError as exc:
            report.skipped.append(Problem(at, "; ".join(messages(exc).values())))
        report.notes += [Problem(at, n) for n in notes]
    report.organisations.read = len({m.text(o.get("id")) for o in raw_orgs if isinstance(o, dict)})
    report.organisations.skipped = report.organisations.read - len(orgs)
    return orgs, errors


@dataclass
class _Run:
    """One import's running state while services are mapped and written chunk by chunk."""

    where: str
    ctx: _Context
    report: ImportReport
    errors: list[Problem] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)
    source_ids: set[str] = field(default_factory=set)
    locations: set[str] = field(default_factory=set)
    attached: set[str] = field(default_factory=set)
    consume: bool = False  # the caller hands the document over: free each service once mapped


def _map_one(run: _Run, i: int, service: Any) -> _Mapped | None:
    """One service mapped, or None (its problem recorded as a refusal or a skipped row)."""
    at = _where(service, f"{run.where}: services[{i}]") if isinstance(service, dict) else run.where
    if not isinstance(service, dict):
        run.errors.append(Problem(at, "a service must be an object"))
        return None
    if not m.text(service.get("id")) or not m.text(service.get("name")):
        run.errors.append(Problem(at, "a service needs an id and a name"))
        return None
    sid = m.hsds_id("service", service["id"], run.ctx.namespace)
    if sid in run.seen:
        return None  # the duplicate id is reported by the checks
    run.seen.add(sid)
    run.locations |= {m.text(loc.get("id")) for loc in _locations(service)}
    notes: list[str] = []
    item = None
    try:
        item = map_service(service, run.ctx, notes)
    except ValidationError as exc:
        run.report.skipped.append(Problem(at, "; ".join(messages(exc).values())))
    except ValueError as exc:
        refused = "organization_id" in str(exc)
        (run.errors if refused else run.report.skipped).append(Problem(at, str(exc)))
    else:
        run.attached |= item.location_ids
        run.source_ids.add(item.source_id)
    run.report.notes += [Problem(at, n) for n in notes]
    return item


def _write_services(
    session: Session, collection: Collection, run: _Run, progress: Progress | None
) -> None:
    """Map and write the services 500 at a time, so a large import holds one chunk at once."""
    services = collection["services"]
    total = len(services)
    chunk: list[_Mapped] = []
    done = 0
    for done, service in enumerate(services, start=1):
        item = _map_one(run, done - 1, service)
        if run.consume and isinstance(services, list):
            services[done - 1] = None  # mapped: the source dict is no longer needed
        if item is not None:
            chunk.append(item)
        if done % 500 == 0:
            _write_chunk(session, chunk, run, progress, (done, total))
            chunk = []
    if done % 500:
        _write_chunk(session, chunk, run, progress, (done, total))
    report = run.report
    report.services.read = total
    report.locations_read = len(run.locations - {""})
    report.locations_imported = len(run.attached - {""})


def _write_chunk(
    session: Session,
    chunk: list[_Mapped],
    run: _Run,
    progress: Progress | None,
    done: tuple[int, int],
) -> None:
    """Write one chunk of mapped services, unless the import is already refused."""
    if not run.errors:
        _geocode(session, chunk, run.report)
        _upsert_resources(session, chunk, run.report)
    if progress:
        progress(*done)


def _collect_terms(collection: Collection, ctx: _Context) -> None:
    """The source's own taxonomy terms (written before the services that carry them)."""
    for term in collection["taxonomy_terms"]:
        own = m.text(term.get("taxonomy")) if isinstance(term, dict) else m.JOIN
        if own not in (*vocabulary.TERMS, m.JOIN):
            _source_term(term, ctx, "")
    for service in collection["services"]:
        if isinstance(service, dict):
            _terms(service, ctx, [])


def import_document(
    session: Session,
    doc: Any,
    progress: Progress | None = None,
    *,
    where: str = "document",
    namespace: str = "",
    strict: bool = False,
    commit: bool = True,
    read_counts: dict[str, int] | None = None,
    complete: bool = True,
    timezone: str = "",
    term_map: dict[tuple[str, str], str] | None = None,
    notes: list[Problem] | None = None,
    consume: bool = False,
) -> ImportReport:
    """Load an HSDS 3.0 document (collection, API page, list or one service) from one source."""
    # Records are upserted by (source, source id) in one transaction; with complete=True the
    # source's services missing from the document become inactive. Any problem in the input
    # refuses the whole import (ImportFailed) before anything changes; rows the model cannot
    # hold are skipped and listed (with strict=True they and every note refuse it too). With
    # consume=True the document's services are dropped as they are written, so a large import
    # holds one chunk of them at a time.
    source = namespace or SOURCE
    collection = normalise(doc, where)
    report = ImportReport(source=source, notes=list(notes or []))
    errors = check_collection(collection, where)
    orgs, problems = _organisations(collection, where, source, report)
    errors += problems
    if errors:
        raise ImportFailed(
            f"Import refused: {len(errors)} problem(s); nothing was changed.", errors
        )
    known_orgs = set(orgs) | set(
        _existing(session, Organisation, [o for o in _referenced_orgs(collection, source)])
    )
    terms_by_id = {
        m.text(t.get("id")): t for t in collection["taxonomy_terms"] if isinstance(t, dict)
    }
    ctx = _Context(source, known_orgs, terms_by_id, term_map or {}, timezone)
    run = _Run(where, ctx, report, consume=consume)
    _collect_terms(collection, run.ctx)
    try:
        _write_all(session, collection, orgs, run, progress, strict=strict, complete=complete)
        if read_counts:
            report.locations_read = read_counts.get("locations", report.locations_read)
        if commit:
            session.commit()
    except ImportFailed:
        session.rollback()
        raise
    except Exception as exc:
        session.rollback()
        raise ImportFailed(f"Import failed and was rolled back: {exc}") from exc
    return report


def _write_all(
    session: Session,
    collection: Collection,
    orgs: Any,
    run: _Run,
    progress: Progress | None,
    *,
    strict: bool,
    complete: bool,
) -> None:
    """Write terms, organisations and services; refuse on problems; mark what is gone."""
    report, source = run.report, run.ctx.namespace
    _upsert_terms(session, run.ctx.source_terms)
    _upsert_organisations(session, orgs, report, source)
    session.flush()
    skipped_orgs = len(report.skipped)
    _write_services(session, collection, run, progress)
    report.services.skipped = len(report.skipped) - skipped_orgs
    refusals = run.errors + ((report.skipped + report.notes) if strict else [])
    if refusals:
        raise ImportFailed(
            f"Import refused: {len(refusals)} problem(s); nothing was changed.", refusals
        )
    if complete:
        _mark_gone(session, source, run.source_ids, report)
    session.flush()


def _referenced_orgs(collection: Collection, namespace: str) -> list[str]:
    ids = {
        m.hsds_id("organization", s["organization_id"], namespace)
        for s in collection["services"]
        if isinstance(s, dict)
        and isinstance(s.get("organization_id"), str | int)
        and m.text(s.get("organization_id"))
    }
    return sorted(ids)
