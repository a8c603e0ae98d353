"""Read an HSDS datapackage of CSV files (HSDS 3.0, or the older Ohana / HSDS 1.x layout)."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from pathlib import Path
from typing import Any

from directory.hsds.import_json import read_text
from directory.hsds.importer import ImportFailed
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
            row = {k: (v or "").strip() for k, v in row.items() if k}
            row["_where"] = f"{name}:{start}"
            rows.append(row)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ImportFailed(f"{name}: line {reader.line_num}: not valid CSV ({exc})") from exc
    return rows


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


def _read_ohana(folder: Path) -> tuple[dict[str, Any], list[Problem], dict[str, int]]:
    """The Ohana API CSV layout: services belong to locations, locations to organisations."""
    notes: list[Problem] = []
    orgs = read_csv(folder, "organizations.csv", ("id", "name"))
    locations = read_csv(folder, "locations.csv", ("id", "organization_id", "name"))
    services = read_csv(folder, "services.csv", ("id", "location_id", "name"))
    addresses = _by(read_csv(folder, "addresses.csv", ("location_id",)), "location_id")
    phones = read_csv(folder, "phones.csv", ("number",))
    schedules = read_csv(folder, "regular_schedules.csv", ("weekday", "opens_at", "closes_at"))
    holidays = read_csv(folder, "holiday_schedules.csv")
    if holidays:
        notes.append(
            Problem("holiday_schedules.csv", f"{len(holidays)} holiday rows are not modelled")
        )
    phones_of = {k: _by(phones, k) for k in ("service_id", "location_id", "organization_id")}
    schedules_of = {k: _by(schedules, k) for k in ("service_id", "location_id")}

    def phone_list(key: str, value: str) -> list[Row]:
        found = phones_of[key].get(value, [])
        voice = [p for p in found if p.get("number_type", "voice") in ("", "voice", "hotline")]
        return [
            _clean({"id": p.get("id"), "number": p["number"], "type": p.get("number_type")})
            for p in voice or found
        ]

    def schedule_list(key: str, value: str) -> list[Row]:
        out = []
        for s in schedules_of[key].get(value, []):
            day = WEEKDAYS.get(s["weekday"].lower())
            if not day:
                notes.append(Problem(s["_where"], f"weekday {s['weekday']!r} is not a day"))
                continue
            out.append(
                {
                    "_where": s["_where"],
                    "freq": "WEEKLY",
                    "byday": day,
                    "opens_at": s["opens_at"],
                    "closes_at": s["closes_at"],
                }
            )
        return out

    loc_docs: dict[str, Row] = {}
    access_of: dict[str, list[str]] = {}
    for loc in locations:
        virtual = loc.get("virtual", "").lower() == "true"
        enum = [a.strip().lower() for a in loc.get("accessibility", "").split(",") if a.strip()]
        access_of[loc["id"]] = sorted({OHANA_ACCESS[a] for a in enum if a in OHANA_ACCESS})
        loc_docs[loc["id"]] = _clean(
            {
                "id": loc["id"],
                "_where": loc["_where"],
                "location_type": "virtual" if virtual else "physical",
                "organization_id": loc["organization_id"],
                "name": loc["name"],
                "description": loc.get("description"),
                "latitude": _float(loc.get("latitude", "")),
                "longitude": _float(loc.get("longitude", "")),
                "url": loc.get("website"),
                "addresses": [
                    _clean({**a, "address_type": "physical"}) for a in addresses.get(loc["id"], [])
                ],
                "accessibility": [{"description": a.replace("_", " ")} for a in enum],
                "schedules": schedule_list("location_id", loc["id"]),
            }
        )
    service_docs = []
    for svc in services:
        place = loc_docs.get(svc["location_id"])
        access = access_of.get(svc["location_id"], [])
        service_docs.append(
            _clean(
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
                    "eligibility_description": svc.get("eligibility") or svc.get("audience"),
                    "phones": phone_list("service_id", svc["id"])
                    or phone_list("location_id", svc["location_id"]),
                    "schedules": schedule_list("service_id", svc["id"]),
                    "service_at_locations": [{"location": place}] if place else [],
                    "attributes": [
                        {"taxonomy_term": {"taxonomy": "cg-access", "code": code}}
                        for code in access
                    ],
                }
            )
        )
    org_docs = [
        _clean(
            {
                "id": o["id"],
                "_where": o["_where"],
                "name": o["name"],
                "description": o.get("description", ""),
                "email": o.get("email"),
                "website": o.get("website"),
                "phones": phone_list("organization_id", o["id"]),
            }
        )
        for o in orgs
    ]
    counts = {"organizations": len(orgs), "locations": len(locations), "services": len(services)}
    return {"services": service_docs, "organizations": org_docs}, notes, counts


def _read_hsds3(folder: Path) -> tuple[dict[str, Any], list[Problem], dict[str, int]]:
    """The HSDS 3.0 tabular layout (one CSV per table, joined by *_id columns)."""
    services = read_csv(folder, "services.csv", ("id", "name"))
    orgs = read_csv(folder, "organizations.csv", ("id", "name"))
    locations = read_csv(folder, "locations.csv", ("id",))
    sals = read_csv(folder, "service_at_locations.csv") or read_csv(
        folder, "service_at_location.csv"
    )
    addresses = _by(read_csv(folder, "addresses.csv"), "location_id")
    phones = read_csv(folder, "phones.csv")
    schedules = read_csv(folder, "schedules.csv")
    costs = _by(read_csv(folder, "cost_options.csv"), "service_id")
    attributes = _by(read_csv(folder, "attributes.csv"), "link_id")
    terms = {t["id"]: _clean(t) for t in read_csv(folder, "taxonomy_terms.csv") if t.get("id")}
    taxonomies = {t["id"]: t for t in read_csv(folder, "taxonomies.csv") if t.get("id")}
    for term in terms.values():
        tax = taxonomies.get(term.get("taxonomy_id", ""))
        if tax and not term.get("taxonomy"):
            term["taxonomy"] = tax.get("name", "")
    loc_docs = {
        loc["id"]: _clean(
            {
                **loc,
                "latitude": _float(loc.get("latitude", "")),
                "longitude": _float(loc.get("longitude", "")),
                "addresses": [_clean(a) for a in addresses.get(loc["id"], [])],
            }
        )
        for loc in locations
    }
    sal_of = _by(sals, "service_id")
    phone_of = _by(phones, "service_id")
    schedule_of = _by(schedules, "service_id")
    service_docs = []
    for svc in services:
        service_docs.append(
            _clean(
                {
                    **svc,
                    "phones": [_clean(p) for p in phone_of.get(svc["id"], [])],
                    "schedules": [_clean(s) for s in schedule_of.get(svc["id"], [])],
                    "cost_options": [_clean(c) for c in costs.get(svc["id"], [])],
                    "service_at_locations": [
                        {"location": loc_docs[s["location_id"]]}
                        for s in sal_of.get(svc["id"], [])
                        if s.get("location_id") in loc_docs
                    ],
                    "attributes": [
                        {**_clean(a), "taxonomy_term": terms.get(a.get("taxonomy_term_id", ""))}
                        for a in attributes.get(svc["id"], [])
                    ],
                }
            )
        )
    org_phones = _by(phones, "organization_id")
    org_docs = [
        _clean({**o, "phones": [_clean(p) for p in org_phones.get(o["id"], [])]}) for o in orgs
    ]
    counts = {"organizations": len(orgs), "locations": len(locations), "services": len(services)}
    doc = {
        "services": service_docs,
        "organizations": org_docs,
        "taxonomy_terms": list(terms.values()),
    }
    return doc, [], counts
