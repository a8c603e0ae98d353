"""Text people type reaches iCal, CSV, JSON and the map safely.

Every resource text field (and every organisation field) is fuzzed through the real edit API on
both databases, then read back through the public and shortlist `.ics` feeds, the HSDS API and
`commonground export-hsds`: no server error, exactly one calendar with one VEVENT per session,
and each field parses back to the text that was stored. The audit CSV is fuzzed on its own (no
resource text reaches it). The map's script inserts text, never HTML.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from core import audit, db
from core.models import AuditEvent
from directory.hsds import mapping as m
from directory.models import Organisation, Resource
from tests.directory.public_helpers import add_resource, walking_group
from tests.matcher.people_helpers import add_person
from tests.reliability import fuzz

ROOT = Path(__file__).resolve().parents[1]
# Texts per field through the real routes, on each database (as the reliability route fuzz).
ROUTE_VALUES = int(os.environ.get("COMMONGROUND_FUZZ_ROUTE_VALUES", "10"))
# Aimed at each format: iCal lines and components, CSV rows and formulae, JSON, HTML.
INJECTIONS = [
    "Walk\r\nBEGIN:VEVENT\r\nSUMMARY:injected\r\nEND:VEVENT",
    "Walk\nEND:VCALENDAR\nBEGIN:VCALENDAR",
    "Walk\rX-INJECTED:1",
    "a;b,c:d\\e\\nf\\;g",
    '=HYPERLINK("https://evil.example","click")',
    "+1 (555) 0100",
    "-2+3",
    "@SUM(A1)",
    '"quoted", text\r\nnext,row',
    "</script><b id=pwn>bold</b>",
    "\u2028line\u2029para\x85next\x0bvt\x0cff\x1bESC\x7f",
    "é" * 80 + "😀" * 40,  # multi-byte characters across the 75-octet folds
    " padded ",
]
RESOURCE_FIELDS = [
    "name",
    "description",
    "join_details",
    "phone",
    "email",
    "url",
    "eligibility",
    "fees_description",
    "sessions.0.note",
    "locations.0.name",
    "locations.0.address",
    "locations.0.postcode",
    "costs.1.label",
]
ORGANISATION_FIELDS = ["name", "description", "phone", "email", "website"]
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
ESCAPED = re.compile(r"\\([\\;,nN])")


def as_ical(text: str) -> str:
    """What RFC 5545 TEXT can carry of a text: line ends as \\n, no other control characters."""
    return CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def unescape(raw: str) -> str:
    """An RFC 5545 TEXT value read back (for X- properties, which the parser leaves escaped)."""
    return ESCAPED.sub(lambda g: "\n" if g.group(1) in "nN" else g.group(1), raw)


@pytest.fixture
def feeds(app: Flask, client: FlaskClient, practitioner: Any) -> dict[str, Any]:
    """A visible resource run by an organisation, on a person's shortlist; the client signed in."""
    with app.app_context():
        session = db.get_session()
        org = Organisation(name="Friends of the Park")
        session.add(org)
        session.commit()
        org_id = org.id
    rid = add_resource(app, walking_group(organisation_id=org_id))
    person = add_person(app, latitude=51.556, longitude=-0.116)
    added = client.post(f"/api/people/{person}/shortlist", json={"resource_id": rid})
    assert added.status_code == 201
    return {"resource": rid, "organisation": org_id, "person": person}


def _body(resource: Resource) -> dict[str, Any]:
    """The resource as the edit API takes it."""
    return {
        **{k: getattr(resource, k) for k in ("name", "description", "join_details", "url")},
        **{k: getattr(resource, k) for k in ("email", "phone", "eligibility", "fees_description")},
        "how_to_join": str(resource.how_to_join),
        "organisation_id": resource.organisation_id,
        "interests": resource.interests,
        "access": resource.access,
        "locations": [
            {k: getattr(loc, k) for k in ("name", "address", "postcode", "latitude", "longitude")}
            for loc in sorted(resource.locations, key=lambda x: x.id or 0)
        ],
        "sessions": [
            {k: getattr(s, k) for k in ("freq", "day", "ordinal", "start", "end", "note")}
            for s in sorted(resource.sessions, key=lambda x: x.id or 0)
        ],
        "costs": [
            {"kind": c.kind, "amount_pence": c.amount_pence, "label": c.label}
            for c in sorted(resource.costs, key=lambda x: x.id or 0)
        ],
        "version": resource.version,
    }


def _put(body: dict[str, Any], field: str, value: str) -> dict[str, Any]:
    """The body with one (dotted) field set to value."""
    parts = field.split(".")
    target: Any = body
    for part in parts[:-1]:
        target = target[int(part)] if part.isdigit() else target[part]
    target[parts[-1]] = value
    return body


def _stored(app: Flask, rid: str) -> Resource:
    with app.app_context():
        found = db.get_session().get(Resource, rid)
        assert found is not None
        for rows in (found.locations, found.sessions, found.costs, found.tags):
            list(rows)  # loaded before the session closes
        return found


def _place(resource: Resource) -> str:
    for loc in sorted(resource.locations, key=lambda x: x.id or 0):
        text = ", ".join(p.strip() for p in (loc.name, loc.address, loc.postcode) if p.strip())
        if text:
            return text
    return ""


def check_feed(raw: bytes, resource: Resource, calendar_name: str) -> None:
    """One calendar, its time zone and one VEVENT per session, each field as stored."""
    (cal,) = Calendar.from_ical(raw, multiple=True)
    names = [c.name for c in cal.subcomponents]
    assert names == ["VTIMEZONE"] + ["VEVENT"] * len(resource.sessions), names
    assert unescape(str(cal["X-WR-CALNAME"])) == as_ical(calendar_name)
    notes = {s.start: s.note for s in resource.sessions}
    for event in cal.walk("VEVENT"):
        assert not event.subcomponents
        assert str(event["SUMMARY"]) == as_ical(resource.name)
        assert str(event.get("LOCATION", "")) == as_ical(_place(resource))
        words = str(event.get("DESCRIPTION", ""))
        note = notes[event.decoded("DTSTART").strftime("%H:%M")]
        for part in (note, resource.description.strip()):
            assert as_ical(part) in words
        if resource.join_details:
            assert as_ical(f"How to join: {resource.join_details}") in words
        if resource.phone:
            assert as_ical(f"Phone: {resource.phone}") in words


def check_service(doc: dict[str, Any], resource: Resource) -> None:
    """The HSDS service carries each public field as stored."""
    expected = {
        "name": resource.name,
        "description": resource.description,
        "url": m.url_of(resource.url),
        "email": m.email_of(resource.email),
        "fees_description": resource.fees_description,
        "eligibility_description": resource.eligibility,
    }
    assert {k: doc.get(k, "") for k in expected} == expected
    if resource.join_details:
        assert doc["application_process"] == resource.join_details
    assert [p["number"] for p in doc.get("phones", [])] == (
        [resource.phone] if resource.phone else []
    )
    notes = sorted(s.note for s in resource.sessions)
    assert sorted(s.get("description", "") for s in doc["schedules"]) == notes
    (loc,) = sorted(resource.locations, key=lambda x: x.id or 0)
    (place,) = [s["location"] for s in doc["service_at_locations"]]
    assert place.get("name", "") == loc.name
    if place.get("addresses"):
        (address,) = place["addresses"]
        one, two, city = m.split_address(loc.address)
        assert (address["address_1"], address.get("address_2", ""), address["city"]) == (
            one,
            two,
            city,
        )
        assert address["postal_code"] == loc.postcode
    options = sorted(m.cost_option_label(c.kind, c.label, c.amount_pence) for c in resource.costs)
    assert sorted(c["option"] for c in doc["cost_options"]) == options


def _exported(runner: FlaskCliRunner, tmp_path: Path) -> dict[str, Any]:
    out = tmp_path / "export.json"
    result = runner.invoke(args=["export-hsds", str(out)])
    assert result.exit_code == 0, result.output
    document: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return document


def check_outputs(
    app: Flask, client: FlaskClient, feeds: dict[str, Any], tmp_path: Path
) -> Resource:
    """Read the resource through every output and compare it with what was stored."""
    rid, person = feeds["resource"], feeds["person"]
    resource = _stored(app, rid)
    public = client.get(f"/public/resources/{rid}.ics")
    assert public.status_code == 200
    check_feed(public.get_data(), resource, resource.name)
    shortlist = client.get(f"/people/{person}/shortlist.ics")
    assert shortlist.status_code == 200
    check_feed(shortlist.get_data(), resource, "Shortlist – Common Ground")
    api = client.get(f"/api/hsds/services/{m.hsds_id('resource', rid)}")
    assert api.status_code == 200
    check_service(json.loads(api.get_data()), resource)
    (exported,) = _exported(app.test_cli_runner(), tmp_path)["services"]
    check_service(exported, resource)
    return resource


# One value per example: Hypothesis's first example is its simplest, so a single example of a
# batch would send nothing but empty strings.
TEXT = st.one_of(fuzz.nasty_text, st.sampled_from(INJECTIONS))


def fuzzed_texts() -> list[str]:
    """The fixed injections, then ROUTE_VALUES texts drawn by Hypothesis."""
    drawn: list[str] = []

    # Drawn first, sent afterwards: Hypothesis seeds the global `random` for each example, and
    # whoosh names its segments from it, so writes made inside examples reused segment names.
    @settings(**fuzz.settings_kwargs(ROUTE_VALUES))
    @given(TEXT)
    def draw(value: str) -> None:
        drawn.append(value)

    draw()
    return INJECTIONS + drawn


@pytest.mark.parametrize("field", RESOURCE_FIELDS)
def test_resource_text_reaches_ical_and_hsds_intact(
    app: Flask, client: FlaskClient, feeds: dict[str, Any], tmp_path: Path, field: str
) -> None:
    rid = feeds["resource"]
    sent: dict[str, int] = {}

    def send(value: str) -> None:
        body = _put(_body(_stored(app, rid)), field, value)
        answer = client.put(f"/api/workspace/resources/{rid}", json=body)
        sent[value] = answer.status_code
        assert answer.status_code in (200, 400), (value, answer.status_code)
        if answer.status_code == 400:
            named = {p.split(".")[0] for p in answer.get_json().get("fields", {})}
            assert field.split(".")[0] in named or "" in named, answer.get_json()
            return
        check_outputs(app, client, feeds, tmp_path)

    for value in fuzzed_texts():
        send(value)
    assert len(set(sent) - set(INJECTIONS)) >= ROUTE_VALUES // 4  # Hypothesis varied the text
    assert 200 in sent.values(), sent  # some were stored and read back


@pytest.mark.parametrize("field", ORGANISATION_FIELDS)
def test_organisation_text_reaches_hsds_intact(
    app: Flask, client: FlaskClient, feeds: dict[str, Any], tmp_path: Path, field: str
) -> None:
    limits = {"name": 200, "description": 5000, "phone": 40, "email": 254, "website": 500}
    oid = feeds["organisation"]

    def send(value: str) -> None:
        value = value.replace("\x00", "")[: limits[field]] or "x"  # what the model can store
        with app.app_context():
            session = db.get_session()
            org = session.get(Organisation, oid)
            assert org is not None
            setattr(org, field, value)
            session.commit()
        answer = client.get(f"/api/hsds/organizations/{m.hsds_id('organisation', oid)}")
        assert answer.status_code == 200
        exported = _exported(app.test_cli_runner(), tmp_path)["organizations"]
        for doc in (json.loads(answer.get_data()), *exported):
            shown = {
                "name": doc.get("name"),
                "description": doc.get("description"),
                "phone": (doc.get("phones") or [{}])[0].get("number"),
                "email": doc.get("email", ""),
                "website": doc.get("website", ""),
            }[field]
            wanted = {"email": m.email_of(value), "website": m.url_of(value)}.get(field, value)
            assert shown == wanted

    for value in fuzzed_texts():
        send(value)


def test_a_line_break_in_a_name_no_longer_breaks_its_feed(app: Flask, client: FlaskClient) -> None:
    """The reported case: a resource named with a line break answered 500."""
    name = "Walk\r\nBEGIN:VEVENT\r\nSUMMARY:injected\r\nEND:VEVENT"
    rid = add_resource(app, walking_group(name=name))
    answer = client.get(f"/public/resources/{rid}.ics")
    assert answer.status_code == 200
    raw = answer.get_data()
    assert b"\r\nBEGIN:VEVENT\r\nSUMMARY:injected" not in raw
    (cal,) = Calendar.from_ical(raw, multiple=True)
    assert len(cal.walk("VEVENT")) == 2
    assert unescape(str(cal["X-WR-CALNAME"])) == as_ical(name)


@settings(**fuzz.settings_kwargs(fuzz.examples_for(fuzz.EXAMPLES)))
@given(fuzz.batches(st.tuples(*[st.one_of(fuzz.nasty_text, st.sampled_from(INJECTIONS))] * 4)))
def test_the_audit_csv_keeps_one_row_per_event_and_no_formulae(cells: list[tuple[str, ...]]):
    rows = [
        AuditEvent(
            id=n + 1,
            at=datetime(2026, 1, 1, tzinfo=UTC),
            action=a,
            subject_type=t,
            subject_ref=r,
            outcome=o,
        )
        for n, (a, t, r, o) in enumerate(cells)
    ]
    text = "".join(audit.to_csv(rows))
    header, *parsed = list(csv.reader(io.StringIO(text, newline="")))
    assert header == list(audit.CSV_COLUMNS)
    assert len(parsed) == len(rows)
    for line, sent in zip(parsed, cells, strict=True):
        for shown, value in zip(line[4:8], sent, strict=True):
            assert not shown.startswith(audit.FORMULA_START)
            assert shown == ("'" + value if value.startswith(audit.FORMULA_START) else value)


def test_the_map_script_inserts_text_not_html() -> None:
    for path in sorted((ROOT / "static" / "js").glob("*.js")):
        code = path.read_text()
        assert not re.search(r"\.(innerHTML|outerHTML)\s*\+?=[^=]", code), path
        assert not re.search(r"insertAdjacentHTML|document\.write|\.html\(", code), path
        # Leaflet takes a string here as HTML: only elements are passed.
        for call in re.findall(r"\.bind(?:Tooltip|Popup)\(([^)]*)\)", code):
            assert re.fullmatch(r"\w+", call.strip()), f"{path}: {call}"


def test_a_calendar_file_name_never_carries_odd_characters(app: Flask, client: FlaskClient) -> None:
    rid = 'walk"; filename=evil.exe; x="'
    add_resource(app, walking_group(id=rid))
    answer = client.get(f"/public/resources/{quote(rid, safe='')}.ics")
    assert answer.status_code == 200
    assert answer.headers["Content-Disposition"] == "attachment; filename=calendar.ics"
    plain = add_resource(app, walking_group(name="Plain walk"))
    named = client.get(f"/public/resources/{plain}.ics").headers["Content-Disposition"]
    assert named == f"attachment; filename={plain}.ics"
