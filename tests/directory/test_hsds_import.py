"""HSDS import of real directories: nothing lost or invented, bad input refused, identity kept."""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlmodel import Session, func, select

from core import db
from directory.hsds import ImportFailed, export_document, import_document
from directory.hsds.cli import import_path
from directory.models import Organisation, Resource, ResourceLanguage, ResourceTerm
from directory.stewardship.dedupe import Draft, find_duplicates
from tests.conftest import shared_path

ORG = {"id": "9b0c5c2e-1111-4a4a-8a8a-000000000001", "name": "Org", "description": "An org."}


def service(**fields: Any) -> dict[str, Any]:
    """A small valid HSDS 3.0 service at one physical place, with the given fields."""
    base = {
        "id": "9b0c5c2e-2222-4a4a-8a8a-000000000001",
        "name": "Tuesday walk",
        "status": "active",
        "organization_id": ORG["id"],
        "service_at_locations": [
            {
                "location": {
                    "id": "9b0c5c2e-3333-4a4a-8a8a-000000000001",
                    "location_type": "physical",
                    "name": "Hall",
                    "addresses": [
                        {"address_1": "1 High St", "city": "London", "state_province": "",
                         "postal_code": "N7 6QT", "country": "GB", "address_type": "physical"}
                    ],
                }
            }
        ],
    }  # fmt: skip
    return {**base, **fields}


@pytest.fixture
def session(app: Flask) -> Iterator[Session]:
    """The app's database session, inside an app context."""
    with app.app_context():
        yield db.get_session()


def count(session: Session, model: Any) -> int:
    """Rows in a table."""
    return int(session.exec(select(func.count()).select_from(model)).one())


def refused(session: Session, doc: Any) -> str:
    """The refusal for a document, after checking nothing changed."""
    before = count(session, Resource)
    with pytest.raises(ImportFailed) as failed:
        import_document(session, doc, namespace="test")
    assert count(session, Resource) == before
    return str(failed.value)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"name": 456}, "name: expected text, found a number"),
        ({"description": {"x": 1}}, "description: expected text, found an object"),
        ({"status": "open"}, "status: 'open' is not one of"),
        ({"organization_id": "nowhere"}, "organization_id 'nowhere' is neither"),
        ({"minimum_age": "ten"}, "minimum_age: expected a number"),
    ],
)
def test_wrong_types_enums_and_references_are_refused_naming_path_and_field(
    session: Session, fields: dict[str, Any], expected: str
) -> None:
    message = refused(session, {"organizations": [ORG], "services": [service(**fields)]})
    assert "services[0]" in message and expected in message


def test_duplicate_ids_are_refused(session: Session) -> None:
    message = refused(session, {"organizations": [ORG], "services": [service(), service()]})
    assert "services[1]" in message and "appears twice" in message


def test_api_pages_and_ndjson_are_read(session: Session, tmp_path: Path) -> None:
    page = {"contents": [service()], "total_items": 1, "total_pages": 1, "page_number": 1}
    (tmp_path / "page.json").write_text(
        json.dumps({**page, "contents": [service(organization=ORG)]})
    )
    report = import_path(session, tmp_path / "page.json", source="test")
    assert report.services.created == 1
    second = service(id="9b0c5c2e-2222-4a4a-8a8a-000000000002", name="Thursday walk")
    lines = [json.dumps(service(organization=ORG)), json.dumps({**second, "organization": ORG})]
    (tmp_path / "all.ndjson").write_text("\n".join(lines) + "\n")
    report = import_path(session, tmp_path / "all.ndjson", source="test")
    assert (report.services.created, report.services.unchanged) == (1, 1)
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "1.json").write_text(json.dumps({**page, "contents": [service(organization=ORG)]}))
    assert import_path(session, pages, source="test").services.gone == 1  # Thursday walk


def test_times_costs_and_joining_are_kept_as_given_and_nothing_invented(session: Session) -> None:
    schedule = {"id": "9b0c5c2e-4444-4a4a-8a8a-000000000001", "freq": "WEEKLY", "interval": 2,
                "byday": "TU", "opens_at": "10:00+01:00", "closes_at": "12:00+01:00",
                "valid_from": "2026-01-01", "valid_to": "2026-12-31"}  # fmt: skip
    cost = {"id": "9b0c5c2e-5555-4a4a-8a8a-000000000001", "option": "standard", "amount": 3,
            "currency": "USD"}  # fmt: skip
    spanish = {"id": "9b0c5c2e-6666-4a4a-8a8a-000000000001", "name": "Spanish"}
    doc = {"organizations": [ORG], "services": [service(
        schedules=[schedule], cost_options=[cost], application_process="Call for information.",
        languages=[spanish])]}  # fmt: skip
    import_document(session, doc, namespace="test")
    out = export_document(session)["services"][0]
    got = out["schedules"][0]
    assert (got["opens_at"], got["interval"], got["valid_from"]) == ("10:00+01:00", 2, "2026-01-01")
    assert out["cost_options"][0]["currency"] == "USD"
    assert "amount_description" not in out["cost_options"][0]
    assert out["application_process"] == "Call for information."
    assert not any(a["link_type"] == "cg-join" for a in out["attributes"])
    assert session.exec(select(ResourceLanguage.code)).all() == ["es"]
    assert "assured_date" not in out


def test_a_truncated_csv_row_is_refused_with_file_and_line(
    session: Session, tmp_path: Path
) -> None:
    folder = tmp_path / "smc"
    shutil.copytree(shared_path("anchors", "ohana-smc-sample", "data"), folder)
    lines = (folder / "services.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    rows = list(csv.reader(lines))
    cut = ",".join(rows[1][:3]) + "\n"
    (folder / "services.csv").write_text(lines[0] + cut + "".join(lines[1:]), encoding="utf-8")
    with pytest.raises(ImportFailed, match=r"services.csv: line 2: the row ends before"):
        import_path(session, folder)
    assert count(session, Resource) == 0


def test_baltimore_keeps_what_the_source_says_and_its_identity(
    session: Session, tmp_path: Path
) -> None:
    data = shared_path("anchors", "baltimore-charmcare-icarol", "data")
    report = import_path(session, data)
    assert report.services.created == 1875
    spanish = select(func.count()).where(ResourceLanguage.code == "es")
    assert session.exec(spanish).one() >= 340
    assert session.exec(select(func.count(func.distinct(ResourceTerm.resource_id)))).one() == 1734
    rows = session.exec(select(Resource)).all()
    assert sum(len((r.extras or {}).get("phones", [])) for r in rows) == 5293
    assert sum(1 for r in rows if (r.extras or {}).get("alternate_name")) == 539
    call = [r for r in rows if r.join_details == "Call for information."]
    assert call and {r.how_to_join for r in call} == {"unknown"}
    places = {loc.source_id for r in rows for loc in r.locations}
    assert len(places) == 1482
    doc = export_document(session)
    cities = {a["city"] for s in doc["services"] for sal in s["service_at_locations"]
              for a in sal["location"].get("addresses", [])}  # fmt: skip
    assert "Baltimore" in cities and not any(c.startswith("MD ") for c in cities)
    renamed = tmp_path / "copy"
    shutil.copytree(data, renamed)
    again = import_path(session, renamed)
    assert (again.services.created, again.services.unchanged) == (0, 1875)
    assert count(session, Organisation) == 748
    with (renamed / "services.csv").open(encoding="utf-8-sig", newline="") as f:
        table = list(csv.reader(f))
    with (renamed / "services.csv").open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([table[0], *table[2:]])
    gone = import_path(session, renamed)
    assert gone.services.gone == 1
    closed = session.exec(select(Resource).where(Resource.gone_at.is_not(None))).one()  # type: ignore[union-attr]
    assert closed.status == "closed" and count(session, Resource) == 1875


def write_tables(folder: Path, tables: dict[str, list[list[str]]]) -> Path:
    """An HSDS 3.0 tabular folder (a datapackage named 'tiny-directory') with these CSVs."""
    folder.mkdir()
    (folder / "datapackage.json").write_text(json.dumps({"name": "tiny-directory"}))
    for name, rows in tables.items():
        with (folder / name).open("w", newline="", encoding="utf-8") as f:
            csv.writer(f).writerows(rows)
    return folder


TABLES = {
    "organizations.csv": [["id", "name", "description"], ["o1", "Org", "An org."]],
    "services.csv": [
        ["id", "organization_id", "name", "status", "alternate_name"],
        ["s1", "o1", "Walk", "active", "Walking group"],
    ],
    "locations.csv": [["id", "location_type", "name"], ["l1", "physical", "Hall"]],
    "service_at_locations.csv": [["id", "service_id", "location_id"], ["x1", "s1", "l1"]],
    "addresses.csv": [
        ["id", "location_id", "address_1", "city", "region", "state_province", "postal_code",
         "country", "address_type"],
        ["a1", "l1", "1 High St", "Leeds", "Yorkshire", "West Yorkshire", "LS1 1AA", "GB",
         "physical"],
    ],
    "languages.csv": [["id", "service_id", "name", "code"], ["g1", "s1", "Welsh", "cy"]],
    "service_areas.csv": [["id", "service_id", "name"], ["r1", "s1", "Leeds"]],
    "phones.csv": [["id", "service_id", "number", "extension", "type"],
                   ["p1", "s1", "0113 000 0000", "12", "voice"],
                   ["p2", "s1", "0113 000 0001", "", "fax"]],
}  # fmt: skip


def test_tabular_hsds_keeps_every_table_and_its_own_name(session: Session, tmp_path: Path) -> None:
    folder = write_tables(tmp_path / "downloaded-copy", TABLES)
    report = import_path(session, folder)
    assert report.source == "tiny-directory" and report.services.created == 1
    out = export_document(session)["services"][0]
    assert out["alternate_name"] == "Walking group"
    assert [(p["number"], p.get("extension"), p["type"]) for p in out["phones"]] == [
        ("0113 000 0000", 12, "voice"), ("0113 000 0001", None, "fax")]  # fmt: skip
    assert [x["code"] for x in out["languages"]] == ["cy"]
    assert [x["name"] for x in out["service_areas"]] == ["Leeds"]
    (address,) = out["service_at_locations"][0]["location"]["addresses"]
    assert (address["region"], address["state_province"], address["postal_code"]) == (
        "Yorkshire", "West Yorkshire", "LS1 1AA")  # fmt: skip
    assert session.exec(select(ResourceLanguage.code)).all() == ["cy"]


@pytest.mark.parametrize(
    ("table", "row", "expected"),
    [
        ("services.csv", ["s1", "o1", "Walk", "open", ""], "services.csv:2: status: 'open'"),
        ("service_at_locations.csv", ["x1", "s1", "nowhere"], "location_id 'nowhere' is not in"),
    ],
)
def test_tabular_hsds_with_bad_values_is_refused(
    session: Session, tmp_path: Path, table: str, row: list[str], expected: str
) -> None:
    folder = write_tables(tmp_path / "bad", {**TABLES, table: [TABLES[table][0], row]})
    with pytest.raises(ImportFailed) as failed:
        import_path(session, folder)
    assert expected in str(failed.value)
    assert count(session, Resource) == 0


def test_source_taxonomy_is_kept_exported_unchanged_and_mapped_when_asked(
    app: Flask, runner: Any, tmp_path: Path
) -> None:
    terms = {
        "taxonomies.csv": [["id", "name", "description"], ["t0", "open-eligibility", "OE"]],
        "taxonomy_terms.csv": [
            ["id", "code", "name", "description", "taxonomy_id"],
            ["t1", "102", "Food", "Food and meals", "t0"],
        ],
        "attributes.csv": [["id", "link_id", "taxonomy_term_id"], ["at1", "s1", "t1"]],
    }
    folder = write_tables(tmp_path / "tiny", {**TABLES, **terms})
    mapping = tmp_path / "map.csv"
    mapping.write_text("taxonomy,code,interest\nopen-eligibility,102,gardening\n")
    result = runner.invoke(args=["import-hsds", str(folder), "--map-taxonomy", str(mapping)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        session = db.get_session()
        (resource,) = session.exec(select(Resource)).all()
        assert resource.interests == ["gardening"]
        doc = export_document(session)
    own = [a["taxonomy_term"] for a in doc["services"][0]["attributes"]
           if a["taxonomy_term"].get("taxonomy") == "open-eligibility"]  # fmt: skip
    assert [(t["code"], t["name"], t["description"]) for t in own] == [
        ("102", "Food", "Food and meals")
    ]
    assert "open-eligibility" in {t["name"] for t in doc["taxonomies"]}
    bad = tmp_path / "bad.csv"
    bad.write_text("taxonomy,code,interest\nopen-eligibility,102,eating\n")
    result = runner.invoke(args=["import-hsds", str(folder), "--map-taxonomy", str(bad)])
    assert result.exit_code != 0 and "bad.csv:2: interest 'eating'" in result.output


def test_strict_refuses_what_would_not_be_kept(app: Flask, runner: Any) -> None:
    folder = shared_path("anchors", "ohana-smc-sample", "data")
    result = runner.invoke(args=["import-hsds", "--strict", str(folder)])
    assert result.exit_code != 0 and "holiday rows are not modelled" in result.output
    with app.app_context():
        assert count(db.get_session(), Resource) == 0
    result = runner.invoke(args=["import-hsds", "--timezone", "Mars/Olympus", str(folder)])
    assert result.exit_code != 0 and "--timezone" in result.output


def _location_ids(doc: dict[str, Any]) -> dict[str, list[str]]:
    """Each service's name and the ids of the locations it is at, as an export writes them."""
    return {
        s["name"]: sorted(sal["location"]["id"] for sal in s["service_at_locations"])
        for s in doc["services"]
    }


def test_a_shared_location_keeps_one_id_through_export_import_export(
    session: Session, tmp_path: Path
) -> None:
    """Two services at one hall: export → import into an empty directory → export gives the
    hall the same single id every time."""
    tables = {**TABLES, "services.csv": [["id", "organization_id", "name", "status"],
                                         ["s1", "o1", "Walk", "active"],
                                         ["s2", "o1", "Knit", "active"]],
              "service_at_locations.csv": [["id", "service_id", "location_id"],
                                           ["x1", "s1", "l1"], ["x2", "s2", "l1"]]}  # fmt: skip
    import_path(session, write_tables(tmp_path / "hall", tables))
    first = json.loads(json.dumps(export_document(session)))
    assert first["services"] and len(set(sum(_location_ids(first).values(), []))) == 1
    for r in session.exec(select(Resource)).all():
        session.delete(r)
    for o in session.exec(select(Organisation)).all():
        session.delete(o)
    session.commit()
    import_document(session, first)
    second = json.loads(json.dumps(export_document(session)))
    assert _location_ids(second) == _location_ids(first)


def _numbered(i: int) -> dict[str, Any]:
    """The i-th of several services at one shared place."""
    return service(id=f"9b0c5c2e-2222-4a4a-8a8a-{i:012d}", name=f"Walk number {i}")


def test_a_large_json_file_is_read_service_by_service_with_the_same_result(
    session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from directory.hsds import import_json
    from directory.hsds.records import Records

    term = {"id": "t-1", "name": "Food pantries", "taxonomy": "AIRS", "code": "BH-180"}
    services = [_numbered(i) for i in range(7)]
    services[3]["attributes"] = [{"id": "a-1", "taxonomy_term_id": "t-1", "link_type": "x"}]
    (tmp_path / "all.json").write_text(
        json.dumps({"organizations": [ORG], "taxonomy_terms": [term], "services": services})
    )
    monkeypatch.setattr(import_json, "STREAM_FROM", 0)  # every file counts as large
    doc, partial = import_json.read_any(tmp_path / "all.json")
    assert isinstance(doc["services"], Records) and not partial
    report = import_path(session, tmp_path / "all.json", source="test")
    assert (report.services.created, report.organisations.created) == (7, 1)
    assert count(session, ResourceTerm) == 1
    # An API page and a bare list stream too.
    page = {"contents": services[:2], "total_items": 7, "total_pages": 4, "page_number": 1}
    (tmp_path / "page.json").write_text(json.dumps(page))
    doc, partial = import_json.read_any(tmp_path / "page.json")
    assert partial and [s["name"] for s in doc] == ["Walk number 0", "Walk number 1"]
    (tmp_path / "list.json").write_text(json.dumps(services))
    assert len(import_json.read_any(tmp_path / "list.json")[0]) == 7


@pytest.mark.parametrize(
    ("form", "fault", "said"),
    [
        ("json", {"name": 456}, "name: expected text"),  # found by the checks' pass
        ("ndjson", {"name": 456}, "name: expected text"),
        # found while writing, after a first chunk of 500 was written: rolled back
        ("json", {"organization_id": "nowhere"}, "organization_id 'nowhere' is neither"),
    ],
)
def test_a_streamed_file_with_a_late_fault_changes_nothing(
    session: Session,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    form: str,
    fault: dict[str, Any],
    said: str,
) -> None:
    from directory.hsds import import_json

    monkeypatch.setattr(import_json, "STREAM_FROM", 0)
    services = [_numbered(i) for i in range(1200)]
    services[1100].update(fault)
    path = tmp_path / f"all.{form}"
    if form == "json":
        path.write_text(json.dumps({"organizations": [ORG], "services": services}))
    else:
        path.write_text("".join(json.dumps({**s, "organization": ORG}) + "\n" for s in services))
    with pytest.raises(ImportFailed) as failed:
        import_path(session, path, source="test")
    assert said in str(failed.value)
    assert ("services[1100]" if form == "json" else "all.ndjson:1101") in str(failed.value)
    assert count(session, Resource) == 0
    # Cut short half way: refused by name, nothing changed.
    path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])
    with pytest.raises(ImportFailed) as failed:
        import_path(session, path, source="test")
    assert path.name in str(failed.value) and "not valid JSON" in str(failed.value)
    assert count(session, Resource) == 0


def test_an_imported_service_is_offered_as_a_likely_duplicate_under_its_latest_name(
    session: Session,
) -> None:
    phones = [{"id": "9b0c5c2e-7777-4a4a-8a8a-000000000001", "number": "020 7946 0321"}]
    import_document(session, {"organizations": [ORG], "services": [service(phones=phones)]})
    session.commit()
    typed = Draft(name="Tuesday walks", phone="02079460321", postcodes=["n76qt"])
    found = find_duplicates(session, typed)
    assert [c.reason_text for c in found] == [
        "same phone · name alike: “Tuesday walk” / “Tuesday walks” · same venue (n76qt)"
    ]
    renamed = service(name="Thursday swim", phones=phones)
    import_document(session, {"organizations": [ORG], "services": [renamed]})
    session.commit()
    assert find_duplicates(session, Draft(name="Tuesday walk")) == []
    assert [c.reason_text for c in find_duplicates(session, Draft(name="Thursday swim"))] == [
        "name alike: “Thursday swim” / “Thursday swim”"
    ]
    assert not {"name_key", "phone_key"} & set(export_document(session)["services"][0])
