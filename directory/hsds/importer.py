"""Load an HSDS 3.0 document into the directory: map, check, then upsert in one transaction."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from pydantic import ValidationError
from sqlmodel import Session, select

from directory import vocabulary
from directory.hsds import mapping as m
from directory.hsds.mapping import Problem
from directory.models import (
    Organisation,
    OrganisationCreate,
    Resource,
    ResourceCreate,
    ReviewState,
    Setting,
    utcnow,
)
from directory.resources import apply
from directory.validation import messages

SOURCE = "import:hsds"
Progress = Callable[[int, int], None]
# Kept from the existing row on update: what the feed does not carry (teams' own notes are
# in their own table, which an import never touches).
KEPT_ON_UPDATE = ("is_public",)
COMPARED = (
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
    "source",
    "review_state",
)
ORG_FIELDS = ("name", "description", "website", "email", "phone")


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

    def summary(self) -> str:
        """A few lines for a person."""

        def line(name: str, t: Tally) -> str:
            return (
                f"{name}: {t.read} read, {t.imported} imported "
                f"({t.created} new, {t.updated} changed, {t.unchanged} unchanged), "
                f"{t.skipped} skipped"
            )

        out = [
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


def normalise(doc: Any, where: str = "document") -> dict[str, list[Any]]:
    """The collection style {'services': [...], ...} from a collection, one service, or a list."""
    if isinstance(doc, list):
        return {"services": doc, "organizations": [], "taxonomies": [], "taxonomy_terms": []}
    if not isinstance(doc, dict):
        raise ImportFailed(f"{where}: expected a JSON object or list of services")
    if "services" not in doc and "organizations" not in doc and "name" in doc:
        return {"services": [doc], "organizations": [], "taxonomies": [], "taxonomy_terms": []}
    out: dict[str, list[Any]] = {}
    for key in ("services", "organizations", "taxonomies", "taxonomy_terms"):
        value = doc.get(key) or []
        if not isinstance(value, list):
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


def _terms(service: dict[str, Any], terms_by_id: dict[str, dict[str, Any]], notes: list[str]):
    """(taxonomy, code) pairs from the service's attributes."""
    found: list[tuple[str, str]] = []
    for attr in service.get("attributes") or []:
        if not isinstance(attr, dict):
            continue
        term = attr.get("taxonomy_term")
        if not isinstance(term, dict):
            term = terms_by_id.get(m.text(attr.get("taxonomy_term_id"))) or {}
        scheme = m.text(term.get("taxonomy") or attr.get("link_type"))
        code = m.text(term.get("code") or term.get("term"))
        if scheme in (*vocabulary.TERMS, m.JOIN) and code:
            found.append((scheme, code))
        elif scheme.startswith("cg-"):
            notes.append(f"attribute in unknown taxonomy {scheme!r}; left out")
    return found


def _locations(service: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        sal["location"]
        for sal in service.get("service_at_locations") or []
        if isinstance(sal, dict) and isinstance(sal.get("location"), dict)
    ]


def _place(loc: dict[str, Any], notes: list[str]) -> dict[str, Any] | None:
    """One of our places for a physical HSDS location, or None when it says nothing usable."""
    addresses = [a for a in loc.get("addresses") or [] if isinstance(a, dict)]
    physical = [a for a in addresses if m.text(a.get("address_type")) in ("", "physical")]
    addr = (physical or addresses or [{}])[0]
    postcode = m.uk_postcode(addr.get("postal_code"))
    parts = [m.text(addr.get(k)) for k in ("address_1", "address_2", "city")]
    if not postcode:
        # A non-UK postal code stays in the address text rather than failing the row.
        foreign = " ".join(
            p for p in (m.text(addr.get("state_province")), m.text(addr.get("postal_code"))) if p
        )
        parts.append(foreign)
    address = ", ".join(p for p in parts if p)
    lat, lon = loc.get("latitude"), loc.get("longitude")
    try:
        lat = float(lat) if lat not in (None, "") else None
        lon = float(lon) if lon not in (None, "") else None
    except (TypeError, ValueError):
        lat = lon = None
        notes.append("location coordinates are not numbers; left out")
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        if lat is not None or lon is not None:
            notes.append("location coordinates are incomplete or out of range; left out")
        lat = lon = None
    name = m.clip(loc.get("name"), 200, "location name", notes)
    if not address and not postcode and lat is None:
        if not name:
            return None
        address = name
    return {
        "name": name,
        "address": m.clip(address, 500, "address", notes),
        "postcode": postcode,
        "latitude": lat,
        "longitude": lon,
    }


def map_service(
    service: dict[str, Any],
    namespace: str,
    org_ids: set[str],
    terms_by_id: dict[str, dict[str, Any]],
    notes: list[str],
) -> _Mapped:
    """Our ResourceCreate for one HSDS service (raises ValueError/ValidationError if it cannot)."""
    sid = m.hsds_id("service", service["id"], namespace)
    org = service.get("organization_id") or (service.get("organization") or {}).get("id")
    org_id = m.hsds_id("organization", org, namespace) if m.text(org) else None
    if org_id and org_id not in org_ids:
        notes.append(f"organisation {org} is not in the directory; service kept without it")
        org_id = None
    interests: list[str] = []
    access: list[str] = []
    setting: Setting | None = None
    join: str | None = None
    for scheme, code in _terms(service, terms_by_id, notes):
        if scheme == m.JOIN and code in m.JOIN_TERMS:
            join = code
        elif scheme == vocabulary.SETTING and m.setting_of(code):
            setting = m.setting_of(code)
        elif scheme in (vocabulary.INTEREST, vocabulary.ACCESS) and vocabulary.is_term(
            scheme, code
        ):
            (interests if scheme == vocabulary.INTEREST else access).append(code)
        else:
            notes.append(f"unknown {scheme} term {code!r}; left out")
    places, location_ids, virtual = [], set(), False
    for loc in _locations(service):
        location_ids.add(m.text(loc.get("id")))
        kind = m.text(loc.get("location_type")) or "physical"
        if kind == "virtual":
            virtual = True
        elif kind == "physical":
            place = _place(loc, notes)
            if place:
                places.append(place)
    if setting is None:
        setting = Setting.ONLINE if virtual and not places else Setting.COMMUNITY
    if setting == Setting.ONLINE:
        places = []
    elif not places:
        raise ValueError("no place where it happens (no usable location) and not online")
    sessions: list[dict[str, Any]] = []
    schedules = list(service.get("schedules") or [])
    if not schedules:
        for sal in service.get("service_at_locations") or []:
            schedules += sal.get("schedules") or []
            schedules += (sal.get("location") or {}).get("schedules") or []
    for schedule in schedules:
        if isinstance(schedule, dict):
            found: list[str] = []
            sessions += m.sessions_of(schedule, found)
            at = f"{schedule['_where']}: " if schedule.get("_where") else ""
            notes += [at + n for n in found]
    costs = [c for c in (m.cost_of(o, notes) for o in service.get("cost_options") or []) if c]
    if costs and all(c["kind"] == m.CostKind.CONCESSION for c in costs):
        notes.append("concession price without a standard price; concessions left out")
        costs = []
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
        ages = {"min_age": None, "max_age": None}
    phones = [p for p in service.get("phones") or [] if isinstance(p, dict)]
    phone = m.clip(phones[0].get("number") if phones else "", 40, "phone", notes)
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
            phone=phone,
            eligibility=m.clip(service.get("eligibility_description"), 1000, "eligibility", notes),
            fees_description=m.clip(fees, 500, "fees description", notes),
            interests=interests,
            access=access,
            locations=places,
            sessions=sessions,
            costs=costs,
            source=SOURCE,
            **ages,
        )
    )
    confirmed = _date(service.get("assured_date")) or _date(service.get("last_modified"))
    return _Mapped(data, confirmed, location_ids)


def map_organisation(org: dict[str, Any], notes: list[str]) -> OrganisationCreate:
    """Our OrganisationCreate for one HSDS organization."""
    phones = [p for p in org.get("phones") or [] if isinstance(p, dict)]
    return OrganisationCreate(
        name=m.clip(org.get("name"), 200, "name", notes),
        description=m.clip(org.get("description"), 5000, "description", notes),
        website=m.clip(m.url_of(org.get("website") or org.get("url")), 500, "website", notes),
        email=m.clip(m.email_of(org.get("email")), 254, "email", notes),
        phone=m.clip(phones[0].get("number") if phones else "", 40, "phone", notes),
    )


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


def _snapshot(r: Resource) -> tuple[Any, ...]:
    """What an import could change on a resource, comparable across runs."""
    plain = tuple(getattr(getattr(r, f), "value", getattr(r, f)) for f in COMPARED)
    return (
        plain,
        _utc(r.last_confirmed_at),
        sorted((p.name, p.address, p.postcode, p.latitude, p.longitude) for p in r.locations),
        sorted((s.freq, s.day, s.ordinal or 0, s.start, s.end, s.note) for s in r.sessions),
        sorted((c.kind, c.amount_pence, c.label) for c in r.costs),
        sorted((t.scheme, t.code) for t in r.tags),
    )


def _data_snapshot(data: ResourceCreate, confirmed_at: datetime | None) -> tuple[Any, ...]:
    """The same snapshot for incoming data, as `apply` would store it."""
    values = {f: getattr(data, f, None) for f in COMPARED}
    values["review_state"] = ReviewState.CONFIRMED.value
    plain = tuple(getattr(values[f], "value", values[f]) for f in COMPARED)
    tags = [(vocabulary.INTEREST, c) for c in dict.fromkeys(data.interests)]
    tags += [(vocabulary.ACCESS, c) for c in dict.fromkeys(data.access)]
    return (
        plain,
        _utc(confirmed_at),
        sorted((p.name, p.address, p.postcode, p.latitude, p.longitude) for p in data.locations),
        sorted((s.freq, s.day, s.ordinal or 0, s.start, s.end, s.note) for s in data.sessions),
        sorted((c.kind.value, c.amount_pence, c.label) for c in data.costs),
        sorted(tags),
    )


def _upsert_organisations(
    session: Session, orgs: dict[str, OrganisationCreate], report: ImportReport
) -> None:
    existing = _existing(session, Organisation, list(orgs))
    for oid, data in orgs.items():
        row = existing.get(oid)
        if row is None:
            session.add(Organisation(id=oid, **data.model_dump()))
            report.organisations.created += 1
        elif any(getattr(row, f) != getattr(data, f) for f in ORG_FIELDS):
            for f in ORG_FIELDS:
                setattr(row, f, getattr(data, f))
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


def _upsert_resources(
    session: Session, mapped: list[_Mapped], report: ImportReport, progress: Progress | None
) -> None:
    existing = _existing(session, Resource, [i.data.id for i in mapped if i.data.id])
    total = len(mapped)
    for done, item in enumerate(mapped, start=1):
        row = existing.get(item.data.id or "")
        if row is None:
            row = Resource(id=item.data.id or "", name=item.data.name)
            apply(row, item.data)
            row.review_state = ReviewState.CONFIRMED.value
            row.last_confirmed_at = item.confirmed_at
            session.add(row)
            report.services.created += 1
        else:
            data = item.data.model_copy(update={f: getattr(row, f) for f in KEPT_ON_UPDATE})
            if _data_snapshot(data, item.confirmed_at) == _snapshot(row):
                report.services.unchanged += 1
            else:
                apply(row, data)
                row.review_state = ReviewState.CONFIRMED.value
                row.last_confirmed_at = item.confirmed_at
                report.services.updated += 1
        if done % 200 == 0:
            session.flush()
        if progress:
            progress(done, total)


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
) -> ImportReport:
    """Load an HSDS 3.0 document (collection, list or one service): upsert by id, one transaction.

    Rows that cannot be represented are skipped and listed in the report (with strict=True
    they fail the import). On any failure nothing is changed and ImportFailed is raised.
    """
    collection = normalise(doc, where)
    report = ImportReport()
    errors: list[Problem] = []
    terms_by_id = {
        m.text(t.get("id")): t for t in collection["taxonomy_terms"] if isinstance(t, dict)
    }
    orgs: dict[str, OrganisationCreate] = {}
    raw_orgs = list(collection["organizations"])
    for service in collection["services"]:
        if isinstance(service, dict) and isinstance(service.get("organization"), dict):
            raw_orgs.append(service["organization"])
    for i, org in enumerate(raw_orgs):
        at = _where(org, f"{where}: organizations[{i}]") if isinstance(org, dict) else where
        if not isinstance(org, dict) or not m.text(org.get("id")):
            errors.append(Problem(at, "an organisation needs an id"))
            continue
        oid = m.hsds_id("organization", org["id"], namespace)
        if oid in orgs:
            continue
        notes: list[str] = []
        try:
            orgs[oid] = map_organisation(org, notes)
        except ValidationError as exc:
            report.skipped.append(Problem(at, "; ".join(messages(exc).values())))
        report.notes += [Problem(at, n) for n in notes]
    report.organisations.read = len({m.text(o.get("id")) for o in raw_orgs if isinstance(o, dict)})
    report.organisations.skipped = report.organisations.read - len(orgs)
    known_orgs = set(orgs) | set(
        _existing(session, Organisation, [o for o in _referenced_orgs(collection, namespace)])
    )
    mapped: list[_Mapped] = []
    seen: set[str] = set()
    all_locations: set[str] = set()
    attached: set[str] = set()
    for i, service in enumerate(collection["services"]):
        at = _where(service, f"{where}: services[{i}]") if isinstance(service, dict) else where
        if not isinstance(service, dict):
            errors.append(Problem(at, "a service must be an object"))
            continue
        if not m.text(service.get("id")) or not m.text(service.get("name")):
            errors.append(Problem(at, "a service needs an id and a name"))
            continue
        sid = m.hsds_id("service", service["id"], namespace)
        if sid in seen:
            errors.append(Problem(at, f"service id {service['id']} appears twice"))
            continue
        seen.add(sid)
        all_locations |= {m.text(loc.get("id")) for loc in _locations(service)}
        notes = []
        try:
            item = map_service(service, namespace, known_orgs, terms_by_id, notes)
        except ValidationError as exc:
            report.skipped.append(Problem(at, "; ".join(messages(exc).values())))
        except ValueError as exc:
            report.skipped.append(Problem(at, str(exc)))
        else:
            mapped.append(item)
            attached |= item.location_ids
        report.notes += [Problem(at, n) for n in notes]
    report.services.read = len(collection["services"])
    report.services.skipped = report.services.read - len(mapped) - len(errors)
    report.locations_read = len(all_locations - {""})
    report.locations_imported = len(attached - {""})
    if read_counts:
        report.locations_read = read_counts.get("locations", report.locations_read)
    if strict and report.skipped:
        errors += report.skipped
    if errors:
        raise ImportFailed(
            f"Import refused: {len(errors)} problem(s); nothing was changed.", errors
        )
    try:
        _geocode(session, mapped, report)
        _upsert_organisations(session, orgs, report)
        session.flush()
        _upsert_resources(session, mapped, report, progress)
        session.flush()
        if commit:
            session.commit()
    except Exception as exc:
        session.rollback()
        raise ImportFailed(f"Import failed and was rolled back: {exc}") from exc
    return report


def _referenced_orgs(collection: dict[str, list[Any]], namespace: str) -> list[str]:
    ids = {
        m.hsds_id("organization", s["organization_id"], namespace)
        for s in collection["services"]
        if isinstance(s, dict) and m.text(s.get("organization_id"))
    }
    return sorted(ids)
