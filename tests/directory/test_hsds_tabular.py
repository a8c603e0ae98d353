"""`export-hsds --format datapackage`: the HSDS 3.0 CSV tables and a datapackage.json that
Frictionless validates against our descriptor and against the official HSDS 3.0 one."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from frictionless import Package, system

from directory.hsds import tabular
from directory.hsds.mapping import uk_nation
from tests.conftest import shared_path


def _errors(descriptor: dict[str, Any], folder: Path) -> list[str]:
    """Every Frictionless error of the tables in folder under the descriptor, in words."""
    with system.use_context(trusted=True):
        report = Package(descriptor, basepath=str(folder)).validate()
    return [f"{task.name}: {error.message}" for task in report.tasks for error in task.errors]


def _rows(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def exported(app: Flask, runner: FlaskCliRunner, tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    """The demo area exported both as a JSON collection and as a tabular package."""
    assert runner.invoke(args=["seed"]).exit_code == 0
    folder, collection = tmp_path / "package", tmp_path / "collection.json"
    result = runner.invoke(args=["export-hsds", "--format", "datapackage", str(folder)])
    assert result.exit_code == 0, result.output
    assert "CSV tables and datapackage.json" in result.output
    assert runner.invoke(args=["export-hsds", str(collection)]).exit_code == 0
    return folder, json.loads(collection.read_text(encoding="utf-8"))


def test_the_package_validates_against_its_own_and_the_official_descriptor(
    exported: tuple[Path, dict[str, Any]],
) -> None:
    folder, _ = exported
    ours = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert _errors(ours, folder) == []
    official_path = shared_path("anchors", "hsds-3.0-schema", "datapackage.json")
    official = json.loads(official_path.read_text(encoding="utf-8"))
    assert [r["path"] for r in official["resources"]] == [r["path"] for r in ours["resources"]]
    assert _errors(official, folder) == []


def test_the_tables_hold_what_the_json_export_holds(exported: tuple[Path, dict[str, Any]]) -> None:
    folder, doc = exported
    services = _rows(folder, "services.csv")
    assert [s["id"] for s in services] == [s["id"] for s in doc["services"]]
    first = next(s for s in doc["services"] if s.get("schedules"))
    row = next(s for s in services if s["id"] == first["id"])
    assert row["name"] == first["name"] and row["organization_id"] == first["organization_id"]
    schedules = [s for s in _rows(folder, "schedules.csv") if s["service_id"] == first["id"]]
    assert len(schedules) == len(first["schedules"])
    assert all(s["opens_at"].count(":") == 2 for s in schedules)  # HH:MM:SS, as Table Schema has
    locations = {
        sal["location"]["id"] for s in doc["services"] for sal in s["service_at_locations"]
    }
    assert {r["id"] for r in _rows(folder, "locations.csv")} == locations
    attributes = _rows(folder, "attributes.csv")
    assert len(attributes) == sum(len(s["attributes"]) for s in doc["services"])
    terms = {t["id"] for t in _rows(folder, "taxonomy_terms.csv")}
    assert {a["taxonomy_term_id"] for a in attributes} <= terms


def test_keys_no_table_can_hold_are_named_not_dropped_silently() -> None:
    doc: dict[str, Any] = {
        "organizations": [{"id": "o1", "name": "Walkers", "description": "A walking club."}],
        "services": [
            {
                "id": "s1",
                "organization_id": "o1",
                "name": "Walk",
                "status": "active",
                "schedules": [{"id": "t1", "opens_at": "10:00+01:00", "closes_at": "12:30Z"}],
                "favourite_colour": "green",
            }
        ],
    }
    flat = tabular.flatten(doc)
    assert flat.not_kept == {"service.favourite_colour": 1}
    doc["services"][0]["organization_id"] = ""  # required: the row is left out, and counted
    orphaned = tabular.flatten(doc)
    assert orphaned.not_kept == {
        "service.favourite_colour": 1,
        "service rows with no organization_id": 1,
        "schedule rows whose service_id is not in the tables": 1,  # else its foreign key fails
    }
    assert orphaned.rows["service"] == {} and orphaned.rows["schedule"] == {}
    schedule = flat.rows["schedule"]["t1"]
    assert (schedule["service_id"], schedule["opens_at"], schedule["closes_at"]) == (
        "s1",
        "10:00:00+01:00",
        "12:30:00Z",
    )


def test_the_command_refuses_a_profile_or_a_target_of_the_wrong_kind(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    file = tmp_path / "out.json"
    file.write_text("{}", encoding="utf-8")
    refused = runner.invoke(args=["export-hsds", "--format", "datapackage", str(file)])
    assert refused.exit_code == 2 and "must be a folder" in refused.output
    refused = runner.invoke(args=["export-hsds", str(tmp_path)])
    assert refused.exit_code == 2 and "must be a file" in refused.output
    uk = ["export-hsds", "--format", "datapackage", "--profile", "uk", str(tmp_path / "p")]
    refused = runner.invoke(args=uk)
    assert refused.exit_code == 2 and "--profile" in refused.output
    assert not (tmp_path / "p").exists() and file.read_text(encoding="utf-8") == "{}"


@pytest.mark.parametrize(
    ("postcode", "nation"),
    [
        ("LS12 3AA", "England"),
        ("eh1 1yz", "Scotland"),
        ("BT1 1AA", "Northern Ireland"),
        ("CF10 1AA", "Wales"),
        ("CH5 1AA", "Wales"),
        ("CH1 1AA", "England"),
        ("SY20 1AA", "Wales"),
        ("TD15 1AA", "England"),
        ("TD1 1AA", "Scotland"),
        ("GL1 1AA", "England"),
        ("not a postcode", ""),
    ],
)
def test_a_uk_address_states_its_nation(postcode: str, nation: str) -> None:
    assert uk_nation(postcode) == nation


def test_baltimore_exported_as_tables_validates_and_names_what_it_leaves_out(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    source = shared_path("anchors", "baltimore-charmcare-icarol", "data")
    assert runner.invoke(args=["import-hsds", str(source)]).exit_code == 0
    folder = tmp_path / "package"
    args = ["export-hsds", "--include-hidden", "--format", "datapackage", str(folder)]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    # The source leaves a few required address parts empty: said, not silently dropped.
    assert "address rows with no address_1 (6)" in result.output
    official = shared_path("anchors", "hsds-3.0-schema", "datapackage.json")
    assert _errors(json.loads(official.read_text(encoding="utf-8")), folder) == []
    assert len(_rows(folder, "services.csv")) == 1875
    assert len({r["id"] for r in _rows(folder, "locations.csv")}) == 1482
    languages = _rows(folder, "languages.csv")
    assert sum(1 for r in languages if r["code"] == "es") >= 345
