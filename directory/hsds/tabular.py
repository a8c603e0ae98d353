"""Write an HSDS 3.0 collection in the standard's tabular form: CSV tables, datapackage.json."""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# The HSDS 3.0 tabular layout (docs.openreferral.org, "Tabular data"): table, file, then its
# fields in order; ":type" where not a string, "*" where required, "@table" a reference.
LAYOUT = """
organization organizations.csv id* name* alternate_name description* email website tax_status
  tax_id year_incorporated:number legal_status logo uri parent_organization_id
program programs.csv id* organization_id*@organization name* alternate_name description*
service services.csv id* organization_id*@organization program_id@program name* alternate_name
  description url email status* interpretation_services application_process fees_description
  wait_time fees accreditations eligibility_description minimum_age:number maximum_age:number
  assured_date:date assurer_email licenses alert last_modified:datetime
attribute attributes.csv id* link_id* taxonomy_term_id*@taxonomy_term link_type link_entity* value
service_at_location service_at_location.csv id* service_id*@service location_id*@location
  description
location locations.csv id* location_type* url organization_id@organization name alternate_name
  description transportation latitude:number longitude:number external_identifier
  external_identifier_type
phone phones.csv id* location_id@location service_id@service organization_id@organization
  contact_id@contact service_at_location_id@service_at_location number* extension:number type
  description
contact contacts.csv id* organization_id@organization service_id@service
  service_at_location_id@service_at_location location_id@location name title department email
address addresses.csv id* location_id@location attention address_1* address_2 city* region
  state_province* postal_code* country* address_type*
schedule schedules.csv id* service_id@service location_id@location
  service_at_location_id@service_at_location valid_from:date valid_to:date dtstart:date
  timezone:number until:date count:number wkst freq interval:number byday byweekno bymonthday
  byyearday description opens_at:time closes_at:time schedule_link attending_type notes
funding funding.csv id* organization_id@organization service_id@service source
service_area service_areas.csv id* service_id@service name description extent extent_type uri
required_document required_documents.csv id* service_id@service document uri
language languages.csv id* service_id@service location_id@location phone_id@phone name code note
accessibility accessibility.csv id* location_id@location description details url
taxonomy_term taxonomy_terms.csv id* code name* description* parent_id taxonomy language
  taxonomy_id@taxonomy term_uri
metadata metadata.csv id* resource_id* resource_type* last_action_date:date* last_action_type*
  field_name* previous_value* replacement_value* updated_by*
meta_table_description meta_table_descriptions.csv id* name language character_set
cost_option cost_options.csv id* service_id*@service valid_from:date valid_to:date option currency
  amount:number amount_description
organization_identifier organization_identifiers.csv id* organization_id*@organization
  identifier_scheme identifier_type* identifier*
taxonomy taxonomies.csv id* name* description* uri version
"""

# Where a nested object of the JSON form goes in the tables: the key it sits under → its table.
NESTED = {
    "services": "service", "organizations": "organization", "organization": "organization",
    "taxonomies": "taxonomy", "taxonomy_terms": "taxonomy_term", "taxonomy_term": "taxonomy_term",
    "taxonomy_detail": "taxonomy", "program": "program", "programs": "program",
    "service_at_locations": "service_at_location", "location": "location",
    "locations": "location", "addresses": "address", "phones": "phone", "contacts": "contact",
    "schedules": "schedule", "funding": "funding", "service_areas": "service_area",
    "required_documents": "required_document", "languages": "language",
    "accessibility": "accessibility", "cost_options": "cost_option", "attributes": "attribute",
    "metadata": "metadata", "organization_identifiers": "organization_identifier",
}  # fmt: skip


@dataclass(frozen=True)
class Column:
    """One field of a table."""

    name: str
    type: str = "string"
    required: bool = False
    refers_to: str = ""


@dataclass(frozen=True)
class Table:
    """One table of the tabular form."""

    name: str
    path: str
    columns: tuple[Column, ...]

    @property
    def names(self) -> tuple[str, ...]:
        """The header, in order."""
        return tuple(c.name for c in self.columns)


def _column(spec: str) -> Column:
    spec, _, refers_to = spec.partition("@")
    required = spec.endswith("*")
    name, _, kind = spec.rstrip("*").partition(":")
    return Column(name, kind or "string", required, refers_to)


def tables() -> dict[str, Table]:
    """The tables of the layout, by name."""
    found: dict[str, Table] = {}
    for block in LAYOUT.strip().replace("\n  ", " ").splitlines():
        name, path, *specs = block.split()
        found[name] = Table(name, path, tuple(_column(s) for s in specs))
    return found


@dataclass
class Flattened:
    """The collection's rows per table, and the JSON keys that no table has a place for."""

    rows: dict[str, dict[str, dict[str, str]]]
    not_kept: dict[str, int] = field(default_factory=dict)


def _cell(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if kind == "time" and isinstance(value, str):
        # Table Schema times carry seconds ("10:00:00+01:00"); HSDS JSON allows "10:00+01:00".
        return re.sub(r"^(\d\d:\d\d)(?=$|[Z+-])", r"\1:00", value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, str)):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def _walk(
    layout: dict[str, Table],
    out: Flattened,
    table: str,
    obj: dict[str, Any],
    parent: tuple[str, str],
) -> None:
    """Add one object (and everything nested in it) to the rows of its tables."""
    columns = layout[table].columns
    row = {c.name: _cell(obj.get(c.name), c.type) for c in columns}
    link = f"{parent[0]}_id"
    if parent[1] and link in row and not row[link]:
        row[link] = parent[1]
    out.rows[table].setdefault(row["id"], row)  # a shared location or term is written once
    for key, value in obj.items():
        child = NESTED.get(key)
        if child is None:
            if key not in row and value not in (None, "", [], {}):
                what = f"{table}.{key}"
                out.not_kept[what] = out.not_kept.get(what, 0) + 1
            continue
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict) and item.get("id"):
                _walk(layout, out, child, item, (table, row["id"]))


def flatten(doc: dict[str, Any]) -> Flattened:
    """The collection's objects as rows of the tabular layout, each id once per table."""
    layout = tables()
    out = Flattened(rows={name: {} for name in layout})
    for key in ("organizations", "services", "taxonomies", "taxonomy_terms"):
        for obj in doc.get(key, []):
            _walk(layout, out, NESTED[key], obj, ("", ""))
    for name, table in layout.items():
        _drop_incomplete(out, name, table)
    while _drop_dangling(out, layout):
        pass
    return out


def _drop_incomplete(out: Flattened, name: str, table: Table) -> None:
    """Leave out (and count) rows whose required text is empty."""
    # A CSV cell cannot tell an empty value the JSON form allows from a missing one, which the
    # schema refuses.
    required = [c.name for c in table.columns if c.required]
    rows = out.rows[name]
    for key in [k for k, row in rows.items() if any(not row[c] for c in required)]:
        missing = next(c for c in required if not rows[key][c])
        what = f"{name} rows with no {missing}"
        out.not_kept[what] = out.not_kept.get(what, 0) + 1
        del rows[key]


def _drop_dangling(out: Flattened, layout: dict[str, Table]) -> bool:
    """Leave out (and count) rows referring to a row not in the tables; True if any were."""
    # The row referred to may be one left out (such as a service with no organisation); a
    # reference to nothing fails the package's foreign keys. Leaving rows out may leave others
    # referring to nothing, hence the True (the caller repeats until none are left out).
    dropped = False
    for name, table in layout.items():
        rows = out.rows[name]
        for column in (c for c in table.columns if c.refers_to):
            there = out.rows[column.refers_to]
            gone = [
                k for k, row in rows.items() if row[column.name] and row[column.name] not in there
            ]
            for key in gone:
                del rows[key]
            if gone:
                what = f"{name} rows whose {column.name} is not in the tables"
                out.not_kept[what] = out.not_kept.get(what, 0) + len(gone)
                dropped = True
    return dropped


def descriptor(layout: dict[str, Table]) -> dict[str, Any]:
    """The datapackage.json describing the tables (Frictionless tabular data package)."""
    return {
        "name": "commonground-hsds",
        "title": "Common Ground directory (HSDS 3.0 tabular)",
        "profile": "tabular-data-package",
        "resources": [_resource(t) for t in layout.values()],
    }


def _resource(t: Table) -> dict[str, Any]:
    fields = [
        {"name": c.name, "type": c.type, "constraints": {"required": c.required}} for c in t.columns
    ]
    keys = [
        {"fields": c.name, "reference": {"resource": c.refers_to, "fields": "id"}}
        for c in t.columns
        if c.refers_to
    ]
    return {
        "name": t.name,
        "path": t.path,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": {"fields": fields, "primaryKey": "id", "foreignKeys": keys},
    }


def write_package(doc: dict[str, Any], folder: Path) -> Flattened:
    """Write every table as CSV and the datapackage.json into the folder."""
    layout = tables()
    flat = flatten(doc)
    folder.mkdir(parents=True, exist_ok=True)
    for name, table in layout.items():
        with (folder / table.path).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=table.names)
            writer.writeheader()
            writer.writerows(flat.rows[name].values())
    text = json.dumps(descriptor(layout), indent=1, ensure_ascii=False) + "\n"
    (folder / "datapackage.json").write_text(text, encoding="utf-8")
    return flat
