"""The team report is kept between views, yet any change to what it counts shows at once."""

from __future__ import annotations

import re
from datetime import date

import pytest
from people_helpers import add_person, directory, person_data
from sqlmodel import select

from core.db import get_session
from matcher import report
from matcher.models import Person

EMPTY = [["Nothing recorded yet."]]


@pytest.fixture
def data(app, users):
    """The small directory and one person (J., wants pottery, £3 budget) in team North."""
    return directory(app), add_person(app)


def _table(client, name: str) -> list[list[str]]:
    html = client.get("/people/report").get_data(as_text=True)
    body = re.search(rf'<table id="table-{name}">.*?<tbody>(.*?)</tbody>', html, flags=re.S)
    assert body is not None, name
    rows = re.findall(r"<tr>(.*?)</tr>", body.group(1), flags=re.S)
    return [
        [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r)]
        for r in rows
    ]


def _stage(client, pid: int, rid: str, stage: str, reason: str = "") -> None:
    form = {"resource_id": rid, "stage": stage, "on": date.today().isoformat(), "reason": reason}
    assert client.post(f"/people/{pid}/connections", data=form).status_code == 302


def test_a_connection_log_change_shows_on_the_next_view(client, practitioner, data):
    ids, pid = data
    assert _table(client, "barriers") == EMPTY
    _stage(client, pid, ids["Pottery Corner"], "suggested")
    assert _table(client, "barriers") == EMPTY
    _stage(client, pid, ids["Pottery Corner"], "stopped", "cost")
    assert _table(client, "barriers") == [["Cost", "1", "0", "1"]]
    _stage(client, pid, ids["Canal Singers"], "attending")
    assert _table(client, "used") == [["Canal Singers", "1", "1"]]


def test_a_person_or_tie_change_shows_on_the_next_view(client, practitioner, data):
    _, pid = data
    # One person; the one option is out of their budget: "costs too much".
    assert _table(client, "gaps") == [["Pottery", "1", "Costs too much (1)"]]
    changed = client.put(f"/api/people/{pid}", json=person_data(budget_pence=500))
    assert changed.status_code == 200
    assert _table(client, "gaps") == EMPTY
    tie = {"label": "Sam", "kind": "bridging", "closeness": "regular"}
    assert client.post(f"/people/{pid}/ties", data=tie).status_code == 302
    assert _table(client, "bridging")[0] == ["In the community (bridging)", "1", "100"]


def test_a_repeat_view_reuses_the_report_until_something_changes(app, data):
    _, pid = data
    with app.app_context():
        session = get_session()
        team = int(session.exec(select(Person.team_id)).first() or 0)
        first = report.team_report(session, team)
        assert report.team_report(session, team) is first
        session.rollback()
    add_person(app, label="K.", budget_pence=0)
    with app.app_context():
        again = report.team_report(get_session(), team)
    assert again is not first and again["gaps"].rows == (("Pottery", 2, 0, 0, 2, 0, 0, 0),)
