"""Open Referral HSDS 3.0 import and export: schemas, real datasets, round trip, refusals."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry
from referencing import Resource as SchemaResource
from referencing.jsonschema import DRAFT202012
from sqlmodel import Session, func, select

from core import db
from directory.hsds import ImportFailed, export_document, import_document
from directory.hsds.cli import import_path
from directory.models import (
    CostIn,
    DirectoryState,
    LocationIn,
    Organisation,
    Resource,
    ResourceCreate,
    SessionIn,
)
from directory.resources import create_resource
from tests.conftest import shared_path

CANARY = "CANARY-7f3a-team-only"
TOP = {
    "services": "service.json",
    "organizations": "organization.json",
    "taxonomies": "taxonomy.json",
    "taxonomy_terms": "taxonomy_term.json",
}


def schema_errors(doc: dict[str, Any], folder: Path) -> list[str]:
    """Every schema error in a collection document, validated against the schema files."""
    registry: Registry = Registry().with_resources(
        (
            p.name,
            SchemaResource.from_contents(json.loads(p.read_text()), DRAFT202012),
        )
        for p in folder.glob("*.json")
        if p.name != "openapi.json"
    )
    errors = []
    for key, name in TOP.items():
        validator = Draft202012Validator(
            json.loads((folder / name).read_text()),
            registry=registry,
            format_checker=FormatChecker(),
        )
        for i, item in enumerate(doc[key]):
            errors += [f"{key}[{i}]{e.json_path}: {e.message}" for e in validator.iter_errors(item)]
    return errors


def eval_doc() -> dict[str, Any]:
    """The public eval directory (HSDS 3.0)."""
    return json.loads(shared_path("eval", "public", "directory.json").read_text())


def session_of(app: Flask) -> Session:
    """The app context's session."""
    return db.get_session()


def version(session: Session) -> int:
    """The directory version counter, read fresh."""
    return int(session.exec(select(DirectoryState.version)).one())


def count(session: Session, model: Any) -> int:
    """Rows in a table."""
    return int(session.exec(select(func.count()).select_from(model)).one())


def snapshot(session: Session) -> dict[str, Any]:
    """The modelled fields of every resource, comparable across imports."""
    session.expire_all()
    out = {}
    for r in session.exec(select(Resource)).all():
        out[r.id] = (
            r.name,
            r.description,
            r.status,
            r.setting,
            r.how_to_join,
            r.join_details,
            r.url,
            r.email,
            r.phone,
            r.min_age,
            r.max_age,
            r.eligibility,
            r.fees_description,
            r.organisation_id,
            sorted((p.name, p.address, p.postcode, p.latitude, p.longitude) for p in r.locations),
            sorted((s.freq, s.day, s.ordinal or 0, s.start, s.end, s.note) for s in r.sessions),
            sorted((c.kind, c.amount_pence, c.label) for c in r.costs),
            sorted((t.scheme, t.code) for t in r.tags),
        )
    return out


def add_team_resource(session: Session, public: bool = True, name: str = "Canary club") -> str:
    """A resource made in the app, with the canary in every team-only field."""
    data = ResourceCreate(
        name=name,
        description="A monthly walk.",
        how_to_join="referral",
        join_details="Ask your care coordinator.",
        locations=[LocationIn(name="Hall", address="1 High St, London", postcode="n7 6qt")],
        sessions=[SessionIn(freq="monthly", day="su", ordinal=-1, start="10:00", end="12:00")],
        costs=[CostIn(amount_pence=350), CostIn(kind="concession", amount_pence=100, label="x")],
        interests=["walking"],
        access=["step-free"],
        is_public=public,
        source=CANARY,
        told_by=CANARY,
        team_notes=CANARY,
        team_contact=CANARY,
    )
    resource = create_resource(session, data, confirmed=True)  # only checked entries leave
    session.commit()
    return resource.id


def test_export_validates_against_hsds_and_uk_schemas_and_keeps_team_fields_out(
    app: Flask,
) -> None:
    hsds = shared_path("anchors", "hsds-3.0-schema", "schema")
    uk = shared_path("anchors", "oruk-3.0-uk-profile", "schema")
    with app.app_context():
        session = session_of(app)
        import_document(session, eval_doc())
        shown = add_team_resource(session)
        hidden = add_team_resource(session, public=False, name="Hidden club")
        doc = export_document(session)
        uk_doc = export_document(session, profile="uk")
        everything = export_document(session, include_hidden=True)

    assert len(doc["services"]) == 316
    assert schema_errors(doc, hsds) == []
    assert schema_errors(doc, uk) == []
    assert schema_errors(uk_doc, uk) == []
    text = json.dumps(doc) + json.dumps(uk_doc) + json.dumps(everything)
    assert CANARY not in text
    ids = {s["id"] for s in doc["services"]}
    assert shown in ids and hidden not in ids
    assert hidden in {s["id"] for s in everything["services"]}
    club = next(s for s in doc["services"] if s["id"] == shown)
    assert [(s["freq"], s["byday"]) for s in club["schedules"]] == [("MONTHLY", "-1SU")]
    assert sorted((c["option"], c["amount"]) for c in club["cost_options"]) == [
        ("concession: x", 1.0),
        ("standard", 3.5),
    ]
    # The UK profile drops fields it does not have, and names terms with `term`.
    uk_props = {
        name: set(json.loads((uk / name).read_text())["properties"])
        for name in ("service.json", "cost_option.json", "taxonomy_term.json")
    }
    for service in uk_doc["services"]:
        assert set(service) <= uk_props["service.json"]
        for cost in service["cost_options"]:
            assert set(cost) <= uk_props["cost_option.json"]
    assert all(set(t) <= uk_props["taxonomy_term.json"] for t in uk_doc["taxonomy_terms"])
    # ...but keeps the fees text and the ages, which it has room for.
    with_fees = [s for s in doc["services"] if s.get("fees_description")]
    uk_by_id = {s["id"]: s for s in uk_doc["services"]}
    assert with_fees and all(uk_by_id[s["id"]]["fees"] == s["fees_description"] for s in with_fees)
    aged = [s for s in doc["services"] if s.get("minimum_age") is not None]
    assert aged and all(uk_by_id[s["id"]]["minimum_age"] == s["minimum_age"] for s in aged)


def test_eval_directory_imports_completely_with_its_meaning(app: Flask) -> None:
    source = eval_doc()
    with app.app_context():
        session = session_of(app)
        report = import_document(session, source)
        assert (report.services.created, report.organisations.created) == (315, 184)
        assert report.skipped == []
        assert count(session, Resource) == 315 and count(session, Organisation) == 184
        rows = {r.id: r for r in session.exec(select(Resource)).all()}
        statuses = Counter(r.status for r in rows.values())
        assert statuses == {"active": 307, "temporarily-closed": 4, "closed": 4}
        assert Counter(r.setting for r in rows.values()) == {
            "community": 226,
            "mental-health-service": 58,
            "online": 31,
        }
        for svc in source["services"]:
            r = rows[svc["id"]]
            assert r.source == "import:hsds" and r.review_state == "confirmed"
            assert r.last_confirmed_at is not None
            assert r.last_confirmed_at.date().isoformat() == svc["assured_date"]
            assert r.join_details == svc["application_process"]
            assert r.min_age == svc.get("minimum_age") and r.max_age == svc.get("maximum_age")
            want = {
                (a["taxonomy_term"]["taxonomy"], a["taxonomy_term"]["code"])
                for a in svc["attributes"]
                if a["taxonomy_term"]["taxonomy"] in ("cg-interest", "cg-access")
            }
            assert {(t.scheme, t.code) for t in r.tags} == want
            days = sum(len(s["byday"].split(",")) for s in svc["schedules"])
            assert len(r.sessions) == days
            conc = [c for c in svc["cost_options"] if c["option"].startswith("concession")]
            if conc:
                assert r.concession_pence == round(conc[0]["amount"] * 100)
                assert {c.label for c in r.costs if c.kind == "concession"} == {
                    "people receiving benefits"
                }
        monthly = [s for r in rows.values() for s in r.sessions if s.freq == "monthly"]
        assert {(s.day, s.ordinal) for s in monthly} == {("sa", 2)}


def test_reimport_changes_nothing(app: Flask) -> None:
    with app.app_context():
        session = session_of(app)
        import_document(session, eval_doc())
        before_version = version(session)
        stamps = {r.id: (r.updated_at, r.version) for r in session.exec(select(Resource)).all()}
        report = import_document(session, eval_doc())
        assert report.services.unchanged == 315 and report.services.updated == 0
        assert report.organisations.unchanged == 184
        session.expire_all()
        assert version(session) == before_version
        after = {r.id: (r.updated_at, r.version) for r in session.exec(select(Resource)).all()}
        assert after == stamps


def test_round_trip_import_export_import_keeps_every_modelled_field(app: Flask) -> None:
    with app.app_context():
        session = session_of(app)
        import_document(session, eval_doc())
        add_team_resource(session)
        first = snapshot(session)
        exported = json.loads(json.dumps(export_document(session)))
        # Re-importing our own export finds nothing to change (the app-made resource only
        # becomes confirmed, with import provenance)...
        report = import_document(session, exported)
        assert (report.services.unchanged, report.services.updated) == (315, 1)
        # ...and into an emptied directory it rebuilds the same resources.
        for r in session.exec(select(Resource)).all():
            session.delete(r)
        session.flush()
        for o in session.exec(select(Organisation)).all():
            session.delete(o)
        session.commit()
        assert count(session, Resource) == 0
        report = import_document(session, exported)
        assert report.services.created == 316 and report.organisations.created == 184
        assert snapshot(session) == first
        assert export_document(session)["services"][0]["name"] == exported["services"][0]["name"]


def test_ohana_sample_imports_with_matching_counts_through_the_cli(app: Flask, runner: Any) -> None:
    folder = shared_path("anchors", "ohana-smc-sample", "data")
    result = runner.invoke(args=["import-hsds", str(folder)])
    assert result.exit_code == 0, result.output
    assert "Organisations: 8 read, 8 imported" in result.output
    assert "Services: 23 read, 23 imported" in result.output
    assert "Locations: 22 read, 22 attached" in result.output
    with app.app_context():
        session = session_of(app)
        assert count(session, Organisation) == 8 and count(session, Resource) == 23
        rows = session.exec(select(Resource)).all()
        # US ZIP codes are kept as given, never in the UK postcode column.
        places = [p for r in rows for p in r.locations]
        assert places and all(p.postcode == "" for p in places)
        assert any(
            (p.city, p.state_province, p.postal_code) == ("Redwood City", "CA", "94063")
            for p in places
        )
        assert Counter(r.status for r in rows)["closed"] == 2
        # Schedules: "4:00 PM" and "3pm" are read; the 9am-03:00 row is left out and reported.
        sessions = sorted((s.day, s.start, s.end) for r in rows for s in r.sessions)
        assert ("mo", "14:00", "16:00") in sessions and ("we", "10:00", "15:00") in sessions
        assert any(r.setting == "online" for r in rows)  # the virtual location
        assert any("step-free" in r.access for r in rows)  # Ohana's accessibility enum


def test_ohana_sample_reports_bad_schedule_rows_with_file_and_line(app: Flask) -> None:
    folder = shared_path("anchors", "ohana-smc-sample", "data")
    with app.app_context():
        report = import_path(session_of(app), folder)
    notes = [str(n) for n in report.notes]
    assert any("regular_schedules.csv:12" in n and "03:00" in n for n in notes), notes


@pytest.mark.slow
def test_baltimore_icarol_imports_at_size(app: Flask) -> None:
    folder = shared_path("anchors", "baltimore-charmcare-icarol", "data")
    with app.app_context():
        session = session_of(app)
        from directory.hsds.import_csv import read_folder

        doc, _notes, counts = read_folder(folder)
        assert counts == {"organizations": 748, "locations": 1482, "services": 1876}
        # Not committed: the counts are the point here, not the search index of 1,875 rows.
        report = import_document(
            session, doc, namespace="baltimore", commit=False, read_counts=counts
        )
        assert report.organisations.created == 748
        assert report.services.read == 1876 and report.services.created == 1875
        assert report.locations_read == 1482 and report.locations_imported == 1482
        # The one service with no location at all is reported with its file and line.
        assert [str(p) for p in report.skipped] == [
            "services.csv:7662: no place where it happens (no usable location) and not online"
        ]
        assert count(session, Resource) == 1875 and count(session, Organisation) == 748
        session.rollback()
        assert count(session, Resource) == 0


def test_failed_import_changes_nothing(app: Flask) -> None:
    with app.app_context():
        session = session_of(app)
        import_document(session, eval_doc())
        before, before_version = snapshot(session), version(session)
        bad = eval_doc()
        for svc in bad["services"]:
            svc["name"] = "Renamed " + svc["name"]
        bad["organizations"].append({"id": "d6f3a1c2-0000-4000-8000-000000000001", "name": "New"})
        bad["services"].append(dict(bad["services"][0]))  # a duplicate id, last of all
        with pytest.raises(ImportFailed, match="appears twice"):
            import_document(session, bad)
        assert snapshot(session) == before and version(session) == before_version
        assert count(session, Organisation) == 184
        # strict: one unusable row refuses the whole import.
        broken = eval_doc()
        broken["services"][5]["service_at_locations"] = []
        broken["services"][5]["attributes"] = []
        broken["services"][0]["name"] = "Changed name"
        with pytest.raises(ImportFailed, match="no place"):
            import_document(session, broken, strict=True)
        assert snapshot(session) == before and version(session) == before_version


def test_malformed_files_are_refused_cleanly(app: Flask, runner: Any, tmp_path: Path) -> None:
    cases = {}
    bad_json = tmp_path / "bad.json"
    bad_json.write_text('{"services": [\n  {"id": "x",\n  "name": }\n]}', encoding="utf-8")
    cases[bad_json] = "line 3"
    latin = tmp_path / "latin.json"
    latin.write_bytes('[{"id": "1", "name": "Caf\u00e9"}]'.encode("latin-1"))
    cases[latin] = "not UTF-8"
    not_list = tmp_path / "shape.json"
    not_list.write_text('{"services": "none"}', encoding="utf-8")
    cases[not_list] = "must be a list"
    folder = tmp_path / "csv"
    folder.mkdir()
    (folder / "services.csv").write_text(
        "id,location_id,name\n1,1,Choir\n2,1,Walk,extra\n", encoding="utf-8"
    )
    (folder / "organizations.csv").write_text("id,name\n1,Org\n", encoding="utf-8")
    (folder / "locations.csv").write_text("id,organization_id,name\n1,1,Hall\n", encoding="utf-8")
    cases[folder] = "services.csv: line 3"
    encoded = tmp_path / "encoded"
    encoded.mkdir()
    (encoded / "services.csv").write_bytes("id,name\n1,Caf\u00e9 club\n".encode("cp1252"))
    cases[encoded] = "services.csv: line 2: not UTF-8"
    missing = tmp_path / "missing"
    missing.mkdir()
    (missing / "services.csv").write_text("id,location_id,title\n1,1,x\n", encoding="utf-8")
    (missing / "locations.csv").write_text("id,organization_id,name\n", encoding="utf-8")
    cases[missing] = "missing column(s) name"
    with app.app_context():
        session = session_of(app)
        import_document(session, eval_doc())
        before, before_version = snapshot(session), version(session)
    for path, message in cases.items():
        result = runner.invoke(args=["import-hsds", str(path)])
        assert result.exit_code == 1, (path, result.output)
        assert message in result.output, (path, result.output)
        assert "Traceback" not in result.output
    with app.app_context():
        session = session_of(app)
        assert snapshot(session) == before and version(session) == before_version


def test_export_command_writes_a_file(app: Flask, runner: Any, tmp_path: Path) -> None:
    with app.app_context():
        import_document(session_of(app), eval_doc())
    target = tmp_path / "out.json"
    result = runner.invoke(args=["export-hsds", str(target)])
    assert result.exit_code == 0, result.output
    doc = json.loads(target.read_text(encoding="utf-8"))
    assert len(doc["services"]) == 315 and len(doc["organizations"]) == 184
    exported = {s["id"]: s["status"] for s in doc["services"]}
    assert Counter(exported.values()) == {"active": 307, "temporarily closed": 4, "inactive": 4}


def test_a_session_with_no_end_is_exported_without_closes_at_and_read_back(app: Flask) -> None:
    hsds = shared_path("anchors", "hsds-3.0-schema", "schema")
    with app.app_context():
        session = session_of(app)
        sessions = [
            SessionIn(day="we", start="19:00"),
            SessionIn(day="fr", start="09:30", timezone="+01:00"),
        ]
        data = ResourceCreate(
            name="Open mic", description="Bring a song.", setting="online", sessions=sessions
        )
        rid = create_resource(session, data, confirmed=True).id
        session.commit()
        doc = json.loads(json.dumps(export_document(session)))
        assert schema_errors(doc, hsds) == []
        (service,) = doc["services"]
        assert sorted((s["byday"], s["opens_at"]) for s in service["schedules"]) == [
            ("FR", "09:30+01:00"),
            ("WE", "19:00"),
        ]
        assert not any("closes_at" in s for s in service["schedules"])
        session.delete(session.get(Resource, rid))
        session.commit()
        import_document(session, doc)
        again = session.exec(select(Resource)).one()
        assert sorted((s.day, s.start, s.end) for s in again.sessions) == [
            ("fr", "09:30", ""),
            ("we", "19:00", ""),
        ]
