"""A session with no end time (quick add's end is optional) in every shape the directory is
published in: the HSDS 3.0 and Open Referral UK exports, the HSDS API on both official OpenAPI
documents, the CSV package and the iCalendar feed. The end the source left empty stays empty:
no closes_at, DTEND or DURATION is invented, and nothing empty is written in its place."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from icalendar import Calendar
from sqlmodel import select

from core import db
from directory.hsds import export_document, import_document
from directory.models import LocationIn, Organisation, Resource, ResourceCreate, SessionIn
from directory.resources import create_resource
from tests.conftest import shared_path
from tests.directory.oruk_rules import OpenApi, get
from tests.directory.test_hsds import schema_errors
from tests.directory.test_hsds_tabular import _errors, _rows

# byday -> (opens_at, closes_at or None when no end is known), as every shape should say them.
EXPECTED = {
    "WE": ("19:00", None),
    "2SA": ("10:00", None),
    "FR": ("09:30+01:00", None),
    "MO": ("10:00", "12:00"),
}


def add_open_mic(app: Flask, organisation: bool = True) -> str:
    """A public, confirmed resource with three sessions of no known end and one with an end
    (run by an organisation, or not, as a quick add can leave it)."""
    sessions = [
        SessionIn(day="we", start="19:00"),
        SessionIn(freq="monthly", day="sa", ordinal=2, start="10:00"),
        SessionIn(day="fr", start="09:30", timezone="+01:00"),
        SessionIn(day="mo", start="10:00", end="12:00"),
    ]
    with app.app_context():
        session = db.get_session()
        org = Organisation(name="Friends of the Hall", description="Volunteers.")
        if organisation:
            session.add(org)
            session.flush()
        data = ResourceCreate(
            name="Open mic",
            description="Bring a song.",
            organisation_id=org.id if organisation else None,
            locations=[LocationIn(name="Hall", address="1 High St, London", postcode="n7 6qt")],
            sessions=sessions,
        )
        rid = create_resource(session, data, confirmed=True).id
        session.commit()
    return rid


@pytest.fixture
def open_mic(app: Flask) -> str:
    """The open mic, run by an organisation."""
    return add_open_mic(app)


def schedules_in(doc: Any) -> Iterator[dict[str, Any]]:
    """Every schedule anywhere in a JSON document (a service's and its locations')."""
    if isinstance(doc, dict):
        for key, value in doc.items():
            if key == "schedules" and isinstance(value, list):
                yield from value
            yield from schedules_in(value)
    elif isinstance(doc, list):
        for item in doc:
            yield from schedules_in(item)


def times_said(doc: Any) -> dict[str, tuple[str, str | None]]:
    """byday -> (opens_at, closes_at or None) of the schedules, checking none holds an empty
    value (an unknown end is left out, not written as '' or null)."""
    found = list(schedules_in(doc))
    assert found, "no schedules"
    for schedule in found:
        empty = [k for k, v in schedule.items() if v in ("", None, [], {})]
        assert empty == [], (schedule, empty)
    return {s["byday"]: (s["opens_at"], s.get("closes_at")) for s in found}


@pytest.mark.parametrize("organisation", [True, False], ids=["organisation", "none"])
def test_the_hsds_and_uk_exports_validate_and_leave_the_unknown_end_out(
    app: Flask, organisation: bool
) -> None:
    add_open_mic(app, organisation)
    hsds = shared_path("anchors", "hsds-3.0-schema", "schema")
    uk = shared_path("anchors", "oruk-3.0-uk-profile", "schema")
    with app.app_context():
        session = db.get_session()
        doc = json.loads(json.dumps(export_document(session)))
        uk_doc = json.loads(json.dumps(export_document(session, profile="uk")))
    assert schema_errors(doc, hsds) == []
    assert schema_errors(uk_doc, uk) == []
    assert times_said(doc) == EXPECTED
    assert times_said(uk_doc) == EXPECTED


def test_the_uk_export_reads_back_with_no_end_invented(app: Flask, open_mic: str) -> None:
    with app.app_context():
        session = db.get_session()
        uk_doc = json.loads(json.dumps(export_document(session, profile="uk")))
        session.delete(session.get(Resource, open_mic))
        session.commit()
        import_document(session, uk_doc)
        again = session.exec(select(Resource)).one()
        got = sorted((s.freq, s.day, s.start, s.end, s.timezone) for s in again.sessions)
    assert got == [
        ("monthly", "sa", "10:00", "", ""),
        ("weekly", "fr", "09:30", "", "+01:00"),
        ("weekly", "mo", "10:00", "12:00", ""),
        ("weekly", "we", "19:00", "", ""),
    ]


@pytest.mark.parametrize(
    ("operation", "url"),
    [
        ("/services/{id}", "/services/{rid}"),
        ("/services", "/services?full=true"),
        ("/service_at_locations", "/service_at_locations?full=true"),
    ],
)
def test_the_api_answers_validate_on_both_profiles_with_no_end_invented(
    client: FlaskClient, open_mic: str, operation: str, url: str
) -> None:
    body = get(client, url.format(rid=open_mic))
    for name in ("hsds", "uk"):
        assert OpenApi(name).errors(operation, body) == [], name
    assert times_said(body) == EXPECTED


def test_one_service_at_a_location_validates_with_no_end_invented(
    client: FlaskClient, open_mic: str
) -> None:
    (link,) = get(client, "/service_at_locations")["contents"]
    body = get(client, f"/service_at_locations/{link['id']}")
    for name in ("hsds", "uk"):
        assert OpenApi(name).errors("/service_at_locations/{id}", body) == [], name
    assert times_said(body) == EXPECTED


def test_a_time_filter_finds_a_session_with_no_end_by_its_start(
    client: FlaskClient, open_mic: str
) -> None:
    def found(query: str) -> list[str]:
        return [s["id"] for s in get(client, f"/services?{query}")["contents"]]

    assert found("day=WE&start_time=18:00&end_time=20:00") == [open_mic]
    assert found("day=WE&start_time=19:30") == []  # it starts before the window
    assert found("day=WE&end_time=18:30") == []  # ...or after it


def test_the_csv_package_leaves_the_unknown_end_empty_and_validates(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path, open_mic: str
) -> None:
    folder = tmp_path / "package"
    result = runner.invoke(args=["export-hsds", "--format", "datapackage", str(folder)])
    assert result.exit_code == 0, result.output
    ours = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert _errors(ours, folder) == []
    rows = {r["byday"]: (r["opens_at"], r["closes_at"]) for r in _rows(folder, "schedules.csv")}
    assert rows == {
        "WE": ("19:00:00", ""),
        "2SA": ("10:00:00", ""),
        "FR": ("09:30:00+01:00", ""),
        "MO": ("10:00:00", "12:00:00"),
    }
    official_path = shared_path("anchors", "hsds-3.0-schema", "datapackage.json")
    official = json.loads(official_path.read_text(encoding="utf-8"))
    assert _errors(official, folder) == []


def test_a_service_with_no_organisation_is_named_and_left_out_of_the_csv_package_whole(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    add_open_mic(app, organisation=False)
    folder = tmp_path / "package"
    result = runner.invoke(args=["export-hsds", "--format", "datapackage", str(folder)])
    assert result.exit_code == 0, result.output
    assert "Not in the tabular form: service rows with no organization_id (1)" in result.output
    assert "schedule rows whose service_id is not in the tables (4)" in result.output
    assert _rows(folder, "services.csv") == [] and _rows(folder, "schedules.csv") == []
    ours = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert _errors(ours, folder) == []  # no row refers to the service left out


def test_the_ical_feed_starts_each_session_and_ends_only_the_one_with_an_end(
    client: FlaskClient, open_mic: str
) -> None:
    answer = client.get(f"/public/resources/{open_mic}.ics")
    assert answer.status_code == 200 and answer.mimetype == "text/calendar"
    events = list(Calendar.from_ical(answer.get_data()).walk("VEVENT"))
    ended = {
        str(e["RRULE"]["BYDAY"][0]): ("DTEND" in e, "DURATION" in e, e.decoded("DTSTART"))
        for e in events
    }
    assert sorted(ended) == ["2SA", "FR", "MO", "WE"]
    assert {day: (has_end, has_duration) for day, (has_end, has_duration, _) in ended.items()} == {
        "WE": (False, False),
        "2SA": (False, False),
        "FR": (False, False),
        "MO": (True, False),
    }
    starts = {day: (start.hour, start.minute) for day, (_, _, start) in ended.items()}
    assert starts["WE"] == (19, 0) and starts["2SA"] == (10, 0) and starts["MO"] == (10, 0)
    friday = ended["FR"][2]  # a fixed offset has no TZID: written in UTC
    assert friday.utcoffset() is not None and (friday.hour, friday.minute) == (8, 30)
