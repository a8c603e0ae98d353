"""The connection log, ties, network picture, team attendance in matches, and the team report."""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest
from people_helpers import add_person, audit_rows, directory, south_practitioner
from sqlmodel import select

from core.db import get_session, write_session
from matcher import connections
from matcher.models import Connection, ConnectionEvent, Person, Tie
from matcher.network import TieView, bridging_over_time, network_svg
from matcher.rank import NearMiss, Result, Suggestion
from matcher.report import to_csv

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def data(app, users):
    """The small directory and one person (J.) in team North."""
    return directory(app), add_person(app)


def _text(response) -> str:
    return response.get_data(as_text=True)


def _days_ago(n: int) -> str:
    return (date.today() - timedelta(days=n)).isoformat()


def _stage(client, pid, rid, stage, days_ago=0, reason="", text=""):
    return client.post(
        f"/people/{pid}/connections",
        data={
            "resource_id": rid,
            "stage": stage,
            "on": _days_ago(days_ago),
            "reason": reason,
            "reason_text": text,
        },
    )


def _tie(client, pid, label, kind="bridging", closeness="regular", help_=(), days_ago=0):
    return client.post(
        f"/people/{pid}/ties",
        data={
            "label": label,
            "kind": kind,
            "closeness": closeness,
            "help": list(help_),
            "started_on": _days_ago(days_ago),
        },
    )


def _events(app, pid):
    with app.app_context():
        return list(
            get_session()
            .exec(
                select(ConnectionEvent)
                .join(Connection, Connection.id == ConnectionEvent.connection_id)
                .where(Connection.person_id == pid)
                .order_by(ConnectionEvent.id)
            )
            .all()
        )


def _svgs(html: str) -> list[ET.Element]:
    return [ET.fromstring(m) for m in re.findall(r"<svg\b.*?</svg>", html, flags=re.S)]


# --- The log -------------------------------------------------------------------------------


def test_a_connection_moves_through_its_stages_as_dated_audited_rows(
    app, client, practitioner, data
):
    ids, pid = data
    rid = ids["Canal Singers"]
    before = len(audit_rows(app))
    steps = [("suggested", 20), ("introduced", 15), ("tried", 10), ("attending", 5)]
    for stage, ago in steps:
        assert _stage(client, pid, rid, stage, ago).status_code == 302
    assert _stage(client, pid, rid, "stopped", 1, "transport").status_code == 302

    events = _events(app, pid)
    assert [e.stage for e in events] == ["suggested", "introduced", "tried", "attending", "stopped"]
    assert [e.previous for e in events] == ["", "suggested", "introduced", "tried", "attending"]
    assert [e.happened_on for e in events] == [
        date.today() - timedelta(days=n) for n in (20, 15, 10, 5, 1)
    ]
    assert {e.recorded_by_id for e in events} == {_practitioner_id(app)}
    assert events[-1].reason == "transport"

    audited = audit_rows(app)[before:]
    changes = [a for a in audited if a.action.startswith("connection.")]
    assert [a.action for a in changes] == ["connection.create"] + ["connection.stage"] * 4
    assert {(a.subject_type, a.subject_ref) for a in changes} == {("person", str(pid))}

    page = _text(client.get(f"/people/{pid}/connections"))
    assert "Canal Singers – Stopped" in page
    assert "Transport" in page


def _practitioner_id(app) -> int:
    from core.models import User

    with app.app_context():
        user = get_session().exec(select(User).where(User.email == "practitioner@example.org"))
        return int(user.one().id)


@pytest.mark.parametrize(
    ("current", "new", "reason", "text", "message"),
    [
        ("attending", "introduced", "", "", "can only become stopped"),
        ("tried", "tried", "", "", "already recorded as tried it"),
        (None, "stopped", "cost", "", "cannot start as stopped"),
        ("attending", "stopped", "", "", "Choose why they stopped"),
        ("attending", "stopped", "other", "  ", "Say briefly why"),
        ("tried", "finished", "", "", "'finished' is not a stage"),
    ],
)
def test_invalid_transitions_are_refused_with_a_clear_message(current, new, reason, text, message):
    with pytest.raises(connections.NotAllowed, match=message):
        connections.check_transition(current, new, reason, text)


def test_a_refused_change_writes_nothing_and_says_why(app, client, practitioner, data):
    ids, pid = data
    rid = ids["Canal Singers"]
    assert _stage(client, pid, rid, "attending", 3).status_code == 302
    before_audit = len(audit_rows(app, "connection.stage"))
    cases = [
        (("suggested", 1), "can only become stopped"),
        (("stopped", 1, ""), "Choose why they stopped"),
        (("stopped", 1, "other", ""), "Say briefly why"),
        (("stopped", 10, "cost"), "before the last change"),
        (("stopped", -2, "cost"), "in the future"),
    ]
    for args, message in cases:
        response = _stage(client, pid, rid, *args)
        assert response.status_code == 400
        assert message in _text(response)
    response = client.post(
        f"/people/{pid}/connections", data={"resource_id": "no-such", "stage": "suggested"}
    )
    assert response.status_code == 400
    assert "not in the directory" in _text(response)
    assert [e.stage for e in _events(app, pid)] == ["attending"]
    assert len(audit_rows(app, "connection.stage")) == before_audit


def test_stopping_with_other_keeps_the_few_words(app, client, practitioner, data):
    ids, pid = data
    rid = ids["Pottery Corner"]
    _stage(client, pid, rid, "introduced", 2)
    assert _stage(client, pid, rid, "stopped", 1, "other", "group changed day").status_code == 302
    assert "Other: group changed day" in _text(client.get(f"/people/{pid}/connections"))


# --- Ties ----------------------------------------------------------------------------------


def test_ties_are_recorded_by_label_and_ended_with_audit_rows(app, client, practitioner, data):
    _, pid = data
    response = _tie(client, pid, "Sam Hughes")
    assert response.status_code == 400
    assert "looks like a full name" in _text(response)
    assert _tie(client, pid, "", kind="bonding").status_code == 400
    assert _tie(client, pid, "Sam", kind="friends").status_code == 400
    with app.app_context():
        assert get_session().exec(select(Tie)).all() == []

    assert (
        _tie(
            client, pid, "Sam from choir", "bridging", "close", ["advice", "practical"]
        ).status_code
        == 302
    )
    with app.app_context():
        tie = get_session().exec(select(Tie)).one()
        assert (tie.label, tie.kind, tie.closeness, tie.help) == (
            "Sam from choir",
            "bridging",
            "close",
            ["advice", "practical"],
        )
    assert client.post(f"/people/{pid}/ties/{tie.id}/end").status_code == 302
    again = client.post(f"/people/{pid}/ties/{tie.id}/end")
    assert again.status_code == 400
    assert "already recorded as ended" in _text(again)
    assert [a.action for a in audit_rows(app) if a.action.startswith("tie.")] == [
        "tie.create",
        "tie.end",
    ]
    assert all("Sam" not in (a.subject_ref + a.action) for a in audit_rows(app))


def test_a_tie_form_with_several_mistakes_names_them_all_and_keeps_what_was_typed(
    app, client, practitioner, data
):
    _, pid = data
    response = client.post(
        f"/people/{pid}/ties",
        data={"label": "", "kind": "friends", "closeness": "", "started_on": "2026-13-40"},
    )
    text = _text(response)
    assert response.status_code == 400
    for message in (
        "Give the person a label",
        "Say where they met",
        "Say how close they are",
        "Enter the date as day, month and year",
    ):
        assert message in text
    with app.app_context():
        assert get_session().exec(select(Tie)).all() == []


def test_a_stop_with_no_reason_on_a_future_date_names_both_mistakes(
    app, client, practitioner, data
):
    ids, pid = data
    assert _stage(client, pid, ids["Canal Singers"], "suggested", days_ago=3).status_code == 302
    response = _stage(client, pid, ids["Canal Singers"], "stopped", days_ago=-2)
    text = _text(response)
    assert response.status_code == 400
    assert "Choose why they stopped" in text and "The date is in the future" in text
    assert [e.stage for e in _events(app, pid)] == ["suggested"]


def test_another_teams_person_is_not_found(app, client, auth, data):
    ids, pid = data
    auth.login(south_practitioner(app))
    assert client.get(f"/people/{pid}/connections").status_code == 404
    assert _stage(client, pid, ids["Canal Singers"], "suggested").status_code == 404
    assert _tie(client, pid, "Sam").status_code == 404
    assert client.post(f"/people/{pid}/ties/1/end").status_code == 404
    assert _events(app, pid) == []


def test_members_without_the_practitioner_role_are_refused(client, member, data):
    _, pid = data
    assert client.get(f"/people/{pid}/connections").status_code == 403
    assert client.get("/people/report").status_code == 403


# --- Pictures ------------------------------------------------------------------------------


def test_the_network_picture_is_valid_svg_with_a_text_equivalent(app, client, practitioner, data):
    _, pid = data
    _tie(client, pid, "Sam from choir", "bridging", "close", ["advice"], days_ago=70)
    _tie(client, pid, "<b>Ann & co</b>", "bonding", "occasional")
    html = _text(client.get(f"/people/{pid}/connections"))
    network, timeline = _svgs(html)
    assert network.get("role") == "img"
    assert network.find(f"{SVG}title").text == "Network picture for J."
    desc = network.find(f"{SVG}desc").text
    assert "2 people they know: 1 close, 0 regular, 1 occasional" in desc
    texts = [t.text for t in network.iter(f"{SVG}text")]
    assert "Sam from choir" in texts and "<b>Ann & co</b>" in texts  # escaped, then parsed back
    assert "<b>Ann" not in html  # never raw markup on the page
    assert len(network.findall(f"{SVG}polygon")) == 2  # a bridging diamond + its legend
    table = re.search(r'<table id="network-table">.*?</table>', html, flags=re.S).group(0)
    assert "Sam from choir" in table and "In the community (bridging)" in table
    assert "Advice" in table
    assert timeline.get("role") == "img" and timeline.find(f"{SVG}title") is not None
    assert "Bridging ties over time" in html


def test_the_person_page_and_the_connections_page_cover_the_same_months(client, practitioner, data):
    _, pid = data
    _tie(client, pid, "Sam from choir", "bridging", "close", days_ago=250)
    row = r'<th scope="row">([A-Z][a-z]+ \d{4})</th>'
    person = _text(client.get(f"/people/{pid}"))
    counts = re.search(r'<table id="network-counts">.*?</table>', person, flags=re.S).group(0)
    page = _text(client.get(f"/people/{pid}/connections"))
    over_time = re.search(r"Bridging ties over time.*?</table>", page, flags=re.S).group(0)
    months = re.findall(row, counts)
    assert len(months) == 12 and months == re.findall(row, over_time)
    assert "each of the last 12 months" in person and "each of the last 12 months" in page


def test_bridging_over_time_counts_ties_current_at_each_month_end():
    today = date(2026, 6, 15)
    ties = [
        TieView("a", "bridging", "close", date(2026, 2, 10)),
        TieView("b", "bridging", "regular", date(2026, 4, 1), date(2026, 5, 20)),
        TieView("c", "bonding", "close", date(2026, 1, 1)),
    ]
    points = bridging_over_time(ties, today, months=6)
    assert points == [
        (date(2026, 1, 31), 0),
        (date(2026, 2, 28), 1),
        (date(2026, 3, 31), 1),
        (date(2026, 4, 30), 2),
        (date(2026, 5, 31), 1),
        (date(2026, 6, 15), 1),
    ]


def test_an_empty_network_still_renders_and_says_so(app):
    with app.app_context():
        svg = ET.fromstring(str(network_svg("K.", [])))
    assert svg.find(f"{SVG}desc").text == "No ties recorded yet."


# --- Team attendance in matches ------------------------------------------------------------


def _result(*ids: str) -> Result:
    suggestions = tuple(Suggestion(i, i.title(), 1.0, ("You said: singing",)) for i in ids)
    return Result(suggestions, (NearMiss("far", "Far", "distance", "b", "w"),))


def test_team_attendance_moves_a_suggestion_up_a_little_and_says_so_in_numbers():
    before = _result("a", "b", "c", "d", "e")
    after = connections.prefer_attended(before, {"d": 3, "b": 1, "zz": 9})
    assert [s.resource_id for s in after.suggestions] == ["a", "b", "d", "c", "e"]
    boosted = next(s for s in after.suggestions if s.resource_id == "d")
    assert boosted.reasons[-1] == "3 people from your team go regularly"
    lone = next(s for s in after.suggestions if s.resource_id == "b")
    assert lone.reasons == ("You said: singing",)  # one person alone is not shown
    assert after.near_misses == before.near_misses
    many = connections.prefer_attended(before, {"e": 50})
    assert [s.resource_id for s in many.suggestions].index("e") == 2  # at most two places up


def test_matches_show_how_many_from_the_team_go_never_who(app, client, practitioner, data):
    ids, pid = data
    rid = ids["Canal Singers"]
    others = [add_person(app, label=label) for label in ("Alpha", "Bravo")]
    stranger = add_person(app, "South", label="Zulu")
    for other in others:
        _stage(client, other, rid, "attending", 2)
    _stage(client, pid, rid, "attending", 2)  # their own attendance is not counted
    with app.app_context(), write_session() as session:
        connections.record_stage(session, session.get(Person, stranger), rid, "attending")
    page = _text(client.get(f"/people/{pid}/matches"))
    assert "2 people from your team go regularly" in page
    assert "Alpha" not in page and "Bravo" not in page and "Zulu" not in page


# --- The team report -----------------------------------------------------------------------


def _table(html: str, name: str) -> list[list[str]]:
    body = re.search(rf'<table id="table-{name}">.*?<tbody>(.*?)</tbody>', html, flags=re.S)
    rows = re.findall(r"<tr>(.*?)</tr>", body.group(1), flags=re.S)
    return [
        [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r)]
        for r in rows
    ]


def test_report_numbers_match_the_log(app, client, practitioner, data):
    ids, p1 = data
    singers, pottery, far = ids["Canal Singers"], ids["Pottery Corner"], ids["Far Choir"]
    p2 = add_person(app, label="K.")
    p3 = add_person(app, label="L.", interests=["gardening"], want_to_try=[])
    south = add_person(app, "South", label="S.")
    # p1: singers attending; pottery suggested then stopped for cost (never started).
    _stage(client, p1, singers, "attending", 9)
    _stage(client, p1, pottery, "suggested", 9)
    _stage(client, p1, pottery, "stopped", 8, "cost")
    # p2: singers tried, attended, then stopped for transport; far choir introduced, cost.
    _stage(client, p2, singers, "tried", 9)
    _stage(client, p2, singers, "attending", 8)
    _stage(client, p2, singers, "stopped", 7, "transport")
    _stage(client, p2, far, "introduced", 9)
    _stage(client, p2, far, "stopped", 8, "cost")
    # p3: far choir tried; pottery only suggested.
    _stage(client, p3, far, "tried", 5)
    _stage(client, p3, pottery, "suggested", 5)
    # Ties: p1 two bridging + one bonding; p2 one bridging, ended.
    _tie(client, p1, "Sam", "bridging")
    _tie(client, p1, "Jo", "bridging", "close")
    _tie(client, p1, "Key worker", "bonding")
    _tie(client, p2, "Ann", "bridging", days_ago=3)
    with app.app_context():
        ended = get_session().exec(select(Tie).where(Tie.label == "Ann")).one().id
    client.post(f"/people/{p2}/ties/{ended}/end")
    # Another team's log must not count: make South's person attend and stop too.
    with app.app_context(), write_session() as session:
        person = session.get(Person, south)
        connections.record_stage(session, person, pottery, "tried")
        connections.record_stage(session, person, pottery, "stopped", None, "confidence")

    html = _text(client.get("/people/report"))
    # Gaps: J. and K. want pottery (£4 concession > £3 budget): 2, for cost; L. likes
    # gardening, which nothing in the directory offers: 1.
    assert _table(html, "gaps") == [
        ["Pottery", "2", "Costs too much (2)"],
        ["Gardening", "1", "Nothing offers it (1)"],
    ]
    # Barriers: cost twice, both before starting (from suggested, introduced); transport once.
    assert _table(html, "barriers") == [["Cost", "2", "0", "2"], ["Transport", "0", "1", "1"]]
    # Used: singers tried/attended by p1 and p2, 1 attending now; far choir tried by p3.
    assert _table(html, "used") == [["Canal Singers", "2", "1"], ["Far Choir", "1", "0"]]
    # Bridging: 2 of 3 current ties (Ann ended): 67%.
    assert _table(html, "bridging") == [
        ["In the community (bridging)", "2", "67"],
        ["Within services (bonding)", "1", "33"],
    ]
    assert "J." not in html and "Sam" not in html
    for svg in _svgs(html):
        assert svg.get("role") == "img" and svg.find(f"{SVG}desc").text

    response = client.get("/people/report/barriers.csv")
    assert response.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(_text(response))))
    assert rows == [
        ["Reason", "Did not start", "Stopped", "Total"],
        ["Cost", "2", "0", "2"],
        ["Transport", "0", "1", "1"],
    ]
    assert client.get("/people/report/nothing.csv").status_code == 404
    assert [a.action for a in audit_rows(app) if a.action.startswith("report.")] == [
        "report.view",
        "report.export",
    ]
    gaps = list(csv.reader(io.StringIO(_text(client.get("/people/report/gaps.csv")))))
    assert gaps[0][:5] == ["Interest", "People", "Too far", "Wrong days or times", "Costs too much"]
    assert gaps[1] == ["Pottery", "2", "0", "0", "2", "0", "0", "0"]


def test_csv_cells_that_would_run_as_formulas_are_defused():
    text = to_csv(
        ("Name", "n"), [('=HYPERLINK("x")', 1), ("+1", 2), ("-2", 3), ("@a", 4), ("ok", 5)]
    )
    rows = list(csv.reader(io.StringIO(text)))
    assert [r[0] for r in rows[1:]] == ['\'=HYPERLINK("x")', "'+1", "'-2", "'@a", "ok"]
    assert [r[1] for r in rows[1:]] == ["1", "2", "3", "4", "5"]


def test_the_demo_seed_adds_connections_and_ties_once(app):
    from seeds.loader import load

    def counts() -> tuple[int, int, int]:
        session = get_session()
        return tuple(len(session.exec(select(m)).all()) for m in (Connection, ConnectionEvent, Tie))

    with app.app_context():
        session = get_session()
        load(session)
        session.commit()
        first = counts()
        load(session)
        session.commit()
        assert counts() == first
    assert first[0] >= 4 and first[2] >= 5


def test_forms_without_a_csrf_token_are_refused(app, client, practitioner, data):
    ids, pid = data
    form = {"resource_id": ids["Canal Singers"], "stage": "suggested"}
    assert client.post(f"/people/{pid}/connections", data=form, csrf=False).status_code == 400
    tie = {"label": "Sam", "kind": "bonding", "closeness": "close"}
    assert client.post(f"/people/{pid}/ties", data=tie, csrf=False).status_code == 400
    assert _events(app, pid) == []
