"""Read an HSDS datapackage of CSV files (HSDS 3.0, or the older Ohana / HSDS 1.x layout)."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from pathlib import Path
from typing import Any

from directory.hsds.import_json import read_json, read_text
from directory.hsds.importer import ImportFailed
from directory.hsds.languages import codes_in
from directory.hsds.mapping import Problem

WEEKDAYS = {
    "monday": "MO",
    "tuesday": "TU",
    "wednesday": "WE",
    "thursday": "TH",
    "friday": "FR",
    "saturday": "SA",
    "sunday": "SU",
}
# Ohana's location accessibility enum, as our cg-access terms (others have no equivalent).
OHANA_ACCESS = {
    "ramp": "step-free",
    "wheelchair": "step-free",
    "elevator": "step-free",
    "restroom": "accessible-toilet",
}
Row = dict[str, Any]


def read_csv(folder: Path, name: str, required: tuple[str, ...] = ()) -> list[Row]:
    """Rows of one CSV file with '_where' = 'file:line'; [] when the file is absent."""
    path = folder / name
    if not path.exists():
        return []
    # strict: a quote left open runs to the end of the file; refuse it rather than guess.
    reader = csv.DictReader(io.StringIO(read_text(path), newline=""), strict=True)
    try:
        header = reader.fieldnames or []
        missing = [c for c in required if c not in header]
        if missing:
            raise ImportFailed(f"{name}: missing column(s) {', '.join(missing)}")
        rows: list[Row] = []
        start = 2
        for row in reader:
            if None in row:
                raise ImportFailed(f"{name}: line {start}: more values than columns")
            short = [k for k, v in row.items() if v is None]
            if short:
                raise ImportFailed(
                    f"{name}: line {start}: the row ends before column {short[0]!r} "
                    f"({len(header) - len(short)} of {len(header)} values); nothing was changed"
                )
            row = {k: (v or "").strip() for k, v in row.items() if k}
            row["_where"] = f"{name}:{start}"
            rows.append(row)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ImportFailed(f"{name}: line {reader.line_num}: not valid CSV ({exc})") from exc
    return rows


def dataset_name(folder: Path) -> str:
    """The dataset's own identifier: the datapackage's name (or id), '' when it has none."""
    path = folder / "datapackage.json"
    if not path.exists():
        return ""
    doc = read_json(path)
    if not isinstance(doc, dict):
        return ""
    return str(doc.get("name") or doc.get("id") or "").strip()


def _by(rows: list[Row], key: str) -> dict[str, list[Row]]:
    grouped: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        if row.get(key):
            grouped[row[key]].append(row)
    return grouped


def _float(value: str) -> float | None:
    try:
        return float(value) if value else None
    except ValueError:
        return None


def _clean(row: Row) -> Row:
    """A row without empty values (so absent and empty read the same)."""
    return {k: v for k, v in row.items() if v not in ("", None)}


def read_folder(folder: Path) -> tuple[dict[str, Any], list[Problem], dict[str, int]]:
    """An HSDS collection document built from the CSV files, notes, and the files' row counts."""
    if not (folder / "services.csv").exists():
        raise ImportFailed(f"{folder}: no services.csv here; is this an HSDS CSV folder?")
    header = read_text(folder / "services.csv").splitlines()[:1]
    columns = next(csv.reader(header), []) if header else []
    if "location_id" in columns and "organization_id" not in columns:
        return _read_ohana(folder)
    return _read_hsds3(folder)


def _duplicates(rows: list[Row]) -> list[Problem]:
    """A problem for each row whose id an earlier row already has."""
    seen: dict[str, str] = {}
    out = []
    for row in rows:
        ident = row.get("id", "")
        if ident and ident in seen:
            out.append(Problem(row["_where"], f"id {ident!r} appears twice (also {seen[ident]})"))
        seen.setdefault(ident, row["_where"])
    return out


def _extension(value: str) -> int | None:
    """A phone extension as HSDS's number, when it is one."""
    return int(value) if value.isdigit() else None


def _odd_extension(phone: Row) -> str:
    """An extension that is not a number, kept as words in the phone's description."""
    value = phone.get("extension", "")
    return f"extension {value}" if value and not value.isdigit() else ""


def _list(value: str) -> list[str]:
    """Ohana's comma-joined lists as a list."""
    return [v.strip() for v in value.split(",") if v.strip()]


def _languages(text: str) -> list[Row]:
    """HSDS language objects for the languages a free-text column names (its words kept)."""
    found = codes_in(text)
    if not found:
        return [{"note": text}] if text else []
    return [{"name": name, "code": code, "note": text} for code, name in found]


def _extras(row: Row, columns: tuple[str, ...]) -> Row:
    """Ohana columns that HSDS 3.0 has no field for, kept under '_x' (not exported)."""
    return _clean({c: row.get(c) for c in columns})


class _Ohana:
    """The Ohana API CSV layout: services belong to locations, locations to organisations."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.notes: list[Problem] = []
        self.orgs = read_csv(folder, "organizations.csv", ("id", "name"))
        self.locations = read_csv(folder, "locations.csv", ("id", "organization_id", "name"))
        self.services = read_csv(folder, "services.csv", ("id", "location_id", "name"))
        self.addresses = _by(read_csv(folder, "addresses.csv", ("location_id",)), "location_id")
        self.mail = _by(read_csv(folder, "mail_addresses.csv", ("location_id",)), "location_id")
        phones = read_csv(folder, "phones.csv", ("number",))
        schedules = read_csv(folder, "regular_schedules.csv", ("weekday", "opens_at", "closes_at"))
        self.programs = {p["id"]: p for p in read_csv(folder, "programs.csv") if p.get("id")}
        self.phones_of = {
            k: _by(phones, k) for k in ("service_id", "location_id", "organization_id")
        }
        self.schedules_of = {k: _by(schedules, k) for k in ("service_id", "location_id")}
        self.categories = _categories(folder)
        self._check_references()

    def _check_references(self) -> None:
        """Refuse rows that point at an organisation or location the files do not have."""
        orgs = {o["id"] for o in self.orgs}
        locs = {loc["id"] for loc in self.locations}
        problems = _duplicates(self.orgs) + _duplicates(self.locations)
        problems += [
            Problem(
                r["_where"], f"organization_id {r['organization_id']!r} is not in organizations.csv"
            )
            for r in self.locations
            if r["organization_id"] not in orgs
        ]
        problems += [
            Problem(r["_where"], f"location_id {r['location_id']!r} is not in locations.csv")
            for r in self.services
            if r["location_id"] and r["location_id"] not in locs
        ]
        for key, known, file in (
            ("organization_id", orgs, "organizations"),
            ("location_id", locs, "locations"),
        ):
            problems += [
                Problem(p["_where"], f"{key} {value!r} is not in {file}.csv")
                for value, rows in self.phones_of[key].items()
                if value not in known
                for p in rows[:1]
            ]
        if problems:
            raise ImportFailed(
                f"Import refused: {len(problems)} broken reference(s); nothing was changed.",
                problems,
            )

    def phones(self, key: str, value: str, only_own: bool = False) -> list[Row]:
        """HSDS phones for a service, location or organisation (all of them, with their types)."""
        out = []
        for p in self.phones_of[key].get(value, []):
            if only_own and (
                p.get("service_id") or (key == "organization_id" and p.get("location_id"))
            ):
                continue
            out.append(
                _clean(
                    {
                        "id": p.get("id"),
                        "_where": p["_where"],
                        "number": p["number"],
                        "extension": _extension(p.get("extension", "")),
                        "type": p.get("number_type"),
                        "description": " ".join(
                            x for x in (p.get("department", ""), _odd_extension(p)) if x
                        ),
                        "_x": _extras(p, ("vanity_number", "country_prefix")) or None,
                    }
                )
            )
        return out

    def schedules(self, key: str, value: str) -> list[Row]:
        """HSDS weekly schedules for a service or location."""
        out = []
        for s in self.schedules_of[key].get(value, []):
            day = WEEKDAYS.get(s["weekday"].lower())
            if not day:
                self.notes.append(Problem(s["_where"], f"weekday {s['weekday']!r} is not a day"))
                continue
            out.append(
                {
                    "id": s.get("id"),
                    "_where": s["_where"],
                    "freq": "WEEKLY",
                    "byday": day,
                    "opens_at": s["opens_at"],
                    "closes_at": s["closes_at"],
                }
            )
        return out

    def location(self, loc: Row) -> Row:
        """One Ohana location as an HSDS location, with every address, phone and language."""
        virtual = loc.get("virtual", "").lower() == "true"
        enum = [a.strip().lower() for a in loc.get("accessibility", "").split(",") if a.strip()]
        addresses = [
            _clean({**a, "address_type": "physical"}) for a in self.addresses.get(loc["id"], [])
        ]
        # `attention` names a person in these files: left out (said once in the notes).
        addresses += [
            _clean({**{k: v for k, v in a.items() if k != "attention"}, "address_type": "postal"})
            for a in self.mail.get(loc["id"], [])
        ]
        return _clean(
            {
                "id": loc["id"],
                "_where": loc["_where"],
                "location_type": "virtual" if virtual else "physical",
                "organization_id": loc["organization_id"],
                "name": loc["name"],
                "alternate_name": loc.get("alternate_name"),
                "description": loc.get("description"),
                "transportation": loc.get("transportation"),
                "latitude": _float(loc.get("latitude", "")),
                "longitude": _float(loc.get("longitude", "")),
                "url": loc.get("website"),
                "addresses": addresses,
                "accessibility": [
                    {"id": f"{loc['id']}:{a}", "description": a.replace("_", " ")} for a in enum
                ],
                "languages": _languages(loc.get("languages", "")),
                "phones": self.phones("location_id", loc["id"], only_own=True),
                "schedules": self.schedules("location_id", loc["id"]),
                "_access": sorted({OHANA_ACCESS[a] for a in enum if a in OHANA_ACCESS}),
                "_x": _extras(loc, ("email", "short_desc")) or None,
            }
        )

    def service(self, svc: Row, place: Row | None) -> Row:
        """One Ohana service as an HSDS service, keeping every column HSDS has a field for."""
        own = [p for p in self.phones("service_id", svc["id"])]
        program = self.programs.get(svc.get("program_id", ""))
        terms = [{"taxonomy_term": t} for t in self.categories.terms_of(svc)]
        terms += [
            {"taxonomy_term": {"taxonomy": "cg-access", "code": c}}
            for c in (place or {}).get("_access", [])
        ]
        return _clean(
            {
                "id": svc["id"],
                "_where": svc["_where"],
                "organization_id": place.get("organization_id") if place else None,
                "name": svc["name"],
                "alternate_name": svc.get("alternate_name"),
                "description": svc.get("description"),
                "url": svc.get("website"),
                "email": svc.get("email"),
                "status": svc.get("status") or "active",
                "application_process": svc.get("application_process"),
                "fees_description": svc.get("fees"),
                "eligibility_description": svc.get("eligibility"),
                "interpretation_services": svc.get("interpretation_services"),
                "wait_time": svc.get("wait_time"),
                "languages": _languages(svc.get("languages", "")),
                "service_areas": [{"name": a} for a in _list(svc.get("service_areas", ""))],
                "funding": [{"source": f} for f in _list(svc.get("funding_sources", ""))],
                "required_documents": [
                    {"document": d} for d in _list(svc.get("required_documents", ""))
                ],
                "program": _clean(
                    {
                        "id": program["id"],
                        "name": program["name"],
                        "description": "",
                        "alternate_name": program.get("alternate_name"),
                    }
                )
                if program
                else None,
                "phones": own,
                "_phone_fallback": self.phones("location_id", svc["location_id"]),
                "schedules": self.schedules("service_id", svc["id"]),
                "service_at_locations": [{"location": place}] if place else [],
                "attributes": terms,
                "_x": _extras(svc, ("audience", "keywords", "accepted_payments")) or None,
            }
        )

    def organisation(self, o: Row) -> Row:
        """One Ohana organisation as an HSDS organization."""
        year = o.get("date_incorporated", "")[-4:]
        return _clean(
            {
                "id": o["id"],
                "_where": o["_where"],
                "name": o["name"],
                "alternate_name": o.get("alternate_name"),
                "description": o.get("description", ""),
                "email": o.get("email"),
                "website": o.get("website"),
                "legal_status": o.get("legal_status"),
                "tax_status": o.get("tax_status"),
                "tax_id": o.get("tax_id"),
                "year_incorporated": int(year) if year.isdigit() else None,
                "funding": [{"source": f} for f in _list(o.get("funding_sources", ""))],
                "phones": self.phones("organization_id", o["id"], only_own=True),
                "_x": _extras(o, ("accreditations", "licenses", "date_incorporated")) or None,
            }
        )

    def document(self) -> tuple[dict[str, Any], list[Problem], dict[str, int]]:
        """The collection, notes and row counts."""
        places = {loc["id"]: self.location(loc) for loc in self.locations}
        services = [self.service(s, places.get(s["location_id"])) for s in self.services]
        orgs = [self.organisation(o) for o in self.orgs]
        holidays = read_csv(self.folder, "holiday_schedules.csv")
        if holidays:
            self.notes.append(
                Problem(
                    "holiday_schedules.csv",
                    f"{len(holidays)} holiday rows are not modelled; left out",
                )
            )
        if any(a.get("attention") for rows in self.mail.values() for a in rows):
            self.notes.append(Problem("mail_addresses.csv", "attention (names of people) left out"))
        if any(loc.get("admin_emails") for loc in self.locations):
            self.notes.append(Problem("locations.csv", "admin_emails (sign-in addresses) left out"))
        for file, rows, cols in (
            ("services.csv", self.services, ("audience", "keywords", "accepted_payments")),
            ("locations.csv", self.locations, ("email", "short_desc")),
            ("organizations.csv", self.orgs, ("accreditations", "licenses")),
        ):
            used = [c for c in cols if any(r.get(c) for r in rows)]
            if used:
                self.notes.append(
                    Problem(
                        file,
                        f"{', '.join(used)}: no HSDS 3.0 field; kept with the record, not exported",
                    )
                )
        counts = {"organizations": len(orgs), "locations": len(places), "services": len(services)}
        doc = {
            "services": services,
            "organizations": orgs,
            "taxonomy_terms": self.categories.used(),
        }
        return doc, self.notes, counts


def _read_ohana(folder: Path) -> tuple[dict[str, Any], list[Problem], dict[str, int]]:
    """The Ohana API CSV layout as an HSDS collection."""
    return _Ohana(folder).document()


class _Categories:
    """Ohana categories (taxonomy.csv) and which services carry them."""

    TAXONOMY = "categories"

    def __init__(self, rows: list[Row], by_service: dict[str, list[str]]) -> None:
        self.by_code = {r["taxonomy_id"]: r for r in rows if r.get("taxonomy_id")}
        self.by_row = {r["id"]: r for r in rows if r.get("id")}
        self.by_service = by_service
        self.seen: dict[str, Row] = {}

    def term(self, row: Row) -> Row:
        """The HSDS taxonomy_term for one category row."""
        code = row["taxonomy_id"]
        parent = row.get("parent_id", "")
        doc = _clean(
            {
                "id": f"category:{code}",
                "code": code,
                "name": row.get("name") or code,
                "description": row.get("name") or code,
                "taxonomy": self.TAXONOMY,
                "parent_id": f"category:{parent}" if parent else None,
            }
        )
        self.seen[code] = doc
        return doc

    def terms_of(self, svc: Row) -> list[Row]:
        """The category terms of one service (taxonomy_ids column or service_categories.json)."""
        rows = [self.by_code[c] for c in _list(svc.get("taxonomy_ids", "")) if c in self.by_code]
        rows += [self.by_row[i] for i in self.by_service.get(svc["id"], []) if i in self.by_row]
        unique = {r["taxonomy_id"]: r for r in rows}
        return [self.term(r) for r in unique.values()]

    def used(self) -> list[Row]:
        """Every category term in the file (so parents are exported even when unused)."""
        return [
            self.term(r) if code not in self.seen else self.seen[code]
            for code, r in self.by_code.items()
        ]


def _categories(folder: Path) -> _Categories:
    """The folder's categories and, when present, service_categories.json's assignments."""
    rows = read_csv(folder, "taxonomy.csv")
    by_service: dict[str, list[str]] = {}
    path = folder / "service_categories.json"
    if path.exists():
        doc = read_json(path)
        if not isinstance(doc, dict):
            raise ImportFailed("service_categories.json: expected an object of service id -> ids")
        by_service = {str(k): [str(v) for v in vs] for k, vs in doc.items() if isinstance(vs, list)}
    return _Categories(rows, by_service)


# HSDS 3.0 tables that hang off a service, location or organisation: (file, key column, field).
SERVICE_TABLES = (
    ("phones.csv", "service_id", "phones"),
    ("schedules.csv", "service_id", "schedules"),
    ("cost_options.csv", "service_id", "cost_options"),
    ("languages.csv", "service_id", "languages"),
    ("service_areas.csv", "service_id", "service_areas"),
    ("funding.csv", "service_id", "funding"),
    ("required_documents.csv", "service_id", "required_documents"),
    ("attributes.csv", "link_id", "attributes"),
)
LOCATION_TABLES = (
    ("addresses.csv", "location_id", "addresses"),
    ("phones.csv", "location_id", "phones"),
    ("schedules.csv", "location_id", "schedules"),
    ("languages.csv", "location_id", "languages"),
    ("accessibility.csv", "location_id", "accessibility"),
)
ORG_TABLES = (
    ("phones.csv", "organization_id", "phones"), ("funding.csv", "organization_id", "funding"),
    ("programs.csv", "organization_id", "programs"),
)  # fmt: skip


class _Tables:
    """The HSDS 3.0 tabular layout, each CSV read once."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.files: dict[str, list[Row]] = {}

    def rows(self, name: str, required: tuple[str, ...] = ()) -> list[Row]:
        """The rows of one file (read once)."""
        if name not in self.files:
            self.files[name] = read_csv(self.folder, name, required)
        return self.files[name]

    def children(self, obj: Row, tables: tuple[tuple[str, str, str], ...], only: str = "") -> Row:
        """The object with its child rows attached (rows of another parent kind left out)."""
        out = dict(obj)
        for name, key, field_name in tables:
            found = _by(self.rows(name), key).get(obj["id"], [])
            if only:
                found = [r for r in found if not any(r.get(k) for k in only.split())]
            if found:
                out[field_name] = [_clean(r) for r in found]
        return _clean(out)


def _read_hsds3(folder: Path) -> tuple[dict[str, Any], list[Problem], dict[str, int]]:
    """The HSDS 3.0 tabular layout (one CSV per table, joined by *_id columns)."""
    t = _Tables(folder)
    services = t.rows("services.csv", ("id", "name"))
    orgs = t.rows("organizations.csv", ("id", "name"))
    locations = t.rows("locations.csv", ("id",))
    sals = t.rows("service_at_locations.csv") or t.rows("service_at_location.csv")
    terms = {r["id"]: _clean(r) for r in t.rows("taxonomy_terms.csv") if r.get("id")}
    taxonomies = {r["id"]: r for r in t.rows("taxonomies.csv") if r.get("id")}
    for term in terms.values():
        tax = taxonomies.get(term.get("taxonomy_id", ""))
        if tax and not term.get("taxonomy"):
            term["taxonomy"] = tax.get("name", "")
    loc_docs = {
        loc["id"]: t.children(
            {**loc, "latitude": _float(loc.get("latitude", "")),
             "longitude": _float(loc.get("longitude", ""))},
            LOCATION_TABLES, only="service_id service_at_location_id",
        )
        for loc in locations
    }  # fmt: skip
    missing = [
        Problem(s["_where"], f"location_id {s.get('location_id')!r} is not in locations.csv")
        for s in sals
        if s.get("location_id") not in loc_docs
    ]
    if missing:
        raise ImportFailed(f"Import refused: {len(missing)} broken reference(s).", missing)
    sal_of = _by(sals, "service_id")
    service_docs = []
    for svc in services:
        doc = t.children(svc, SERVICE_TABLES)
        doc["service_at_locations"] = [
            {"location": loc_docs[s["location_id"]]} for s in sal_of.get(svc["id"], [])
        ]
        doc["attributes"] = [
            {**a, "taxonomy_term": terms.get(a.get("taxonomy_term_id", ""))}
            for a in doc.get("attributes", [])
        ]
        service_docs.append(doc)
    org_docs = [t.children(o, ORG_TABLES, only="service_id location_id") for o in orgs]
    counts = {"organizations": len(orgs), "locations": len(locations), "services": len(services)}
    collection = {"services": service_docs, "organizations": org_docs,
                  "taxonomy_terms": list(terms.values())}  # fmt: skip
    return collection, [], counts
