"""Outcomes: score ranges, paired change and small-group suppression (pure), follow-ups and
the connection log, recording scores, team scoping, the team report, subject access, erasure
and the pseudonymised export."""

from __future__ import annotations

import csv
import json
import math
import re
import statistics
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import PASSWORD
from flask import Flask
from people_helpers import add_person, audit_rows, directory, south_practitioner
from sqlmodel import select

from core import db
from core.accounts import get_or_create_team
from core.db import get_session
from matcher import followups, outcomes
from matcher.models import (
    Connection,
    ConnectionEvent,
    FollowUp,
    OutcomeScore,
    Person,
    TeamOutcomeSettings,
)

CANARY = "zqxoutcome5512"
TODAY = date.today()


def _days_ago(n: int) -> date:
    return TODAY - timedelta(days=n)


# --- Pure: ranges, schedule, change, suppression ---------------------------------------------


@pytest.mark.parametrize(
    ("measure", "part", "text", "value"),
    [
        ("swemwbs", "total", "7", 7.0),
        ("swemwbs", "total", "23.21", 23.21),  # the metric conversion
        ("wemwbs", "total", "70", 70.0),
        ("rg_uk", "total", "0", 0.0),
        ("rg_uk", "problems", "4", 4.0),
        ("scope", "leisure", "5.5", 5.5),
        ("eq5d", "index", "-0.594", -0.594),
        ("eq5d", "index", "0.735", 0.735),
        ("eq5d", "vas", "100", 100.0),
    ],
)
def test_possible_scores_are_accepted(measure, part, text, value):
    m = outcomes.MEASURES[measure]
    assert outcomes.check_value(m, m.part(part), text) == value


@pytest.mark.parametrize(
    ("measure", "part", "text", "words"),
    [
        ("swemwbs", "total", "36", "SWEMWBS total must be from 7 to 35; 36 is not possible."),
        ("swemwbs", "total", "6", "from 7 to 35"),
        ("wemwbs", "total", "13", "WEMWBS total must be from 14 to 70"),
        ("wemwbs", "total", "50.5", "WEMWBS total is a whole number from 14 to 70."),
        ("rg_uk", "total", "28", "Resource Generator-UK total must be from 0 to 27"),
        ("rg_uk", "domestic", "10", "domestic resources must be from 0 to 9"),
        ("scope", "housing", "0", "SCOPE housing must be from 1 to 7"),
        ("eq5d", "index", "-0.6", "EQ-5D-5L index value must be from -0.594 to 1"),
        ("eq5d", "index", "1.01", "from -0.594 to 1"),
        ("eq5d", "vas", "101", "EQ-5D-5L health today (vas) must be from 0 to 100"),
        ("eq5d", "vas", "nan", "enter a number from 0 to 100"),
        ("eq5d", "vas", "inf", "enter a number"),
        ("eq5d", "vas", "twelve", "enter a number"),
    ],
)
def test_impossible_scores_are_refused_naming_the_field(measure, part, text, words):
    m = outcomes.MEASURES[measure]
    with pytest.raises(outcomes.ScoreError) as refused:
        outcomes.check_value(m, m.part(part), text)
    assert refused.value.field == f"{measure}-{part}"
    assert words in refused.value.message


def test_the_t_table_and_the_interval():
    assert outcomes.t95(4) == 2.776
    assert outcomes.t95(29) == 2.045
    assert outcomes.t95(35) == 2.042  # between rows: the smaller df, a wider interval
    assert outcomes.t95(5000) == 1.962
    diffs = [1.0, 2.0, 3.0, 4.0, 10.0]
    found = outcomes.paired_change(diffs)
    half = 2.776 * statistics.stdev(diffs) / math.sqrt(5)
    assert found is not None and found.n == 5 and found.mean == 4.0
    assert found.low == pytest.approx(4.0 - half) and found.high == pytest.approx(4.0 + half)
    assert outcomes.paired_change([3.0]) is None


def test_change_is_latest_minus_first_for_people_with_two_days():
    rows = [(1, _days_ago(90), 20.0), (1, _days_ago(0), 26.0), (1, _days_ago(30), 22.0)]
    rows += [(2, _days_ago(5), 30.0)]  # one score: not paired
    assert outcomes.baseline_to_latest(rows) == {1: 6.0}


@pytest.mark.parametrize(("people", "shown"), [(0, "fewer than 5"), (4, "fewer than 5"), (5, "5")])
def test_groups_under_five_are_suppressed(people, shown):
    assert outcomes.count_or_fewer(people) == shown


def test_reminders_follow_the_schedule():
    m = outcomes.MEASURES["swemwbs"]
    first = date(2026, 1, 31)
    assert outcomes.next_reminder(m, [], [3, 6, 12], TODAY).what == "baseline"
    after_one = outcomes.next_reminder(m, [first], [3, 6, 12], TODAY)
    assert (after_one.what, after_one.due_on) == ("3 months", date(2026, 4, 30))
    assert (
        outcomes.next_reminder(m, [first, date(2026, 5, 2)], [3, 6, 12], TODAY).what == "6 months"
    )
    assert (
        outcomes.next_reminder(
            m,
            [first, first + timedelta(1), first + timedelta(2), first + timedelta(3)],
            [3, 6, 12],
            TODAY,
        )
        is None
    )


# --- Follow-ups and the connection log -------------------------------------------------------


@pytest.fixture
def data(app, users):
    """The small directory and one person (J.) in team North."""
    return directory(app), add_person(app)


def _follow_ups(app: Flask, pid: int) -> list[FollowUp]:
    with app.app_context():
        return list(
            get_session().exec(
                select(FollowUp).where(FollowUp.person_id == pid).order_by(FollowUp.id)
            )
        )


def _events(app: Flask, pid: int) -> list[ConnectionEvent]:
    with app.app_context():
        return list(
            get_session().exec(
                select(ConnectionEvent)
                .join(Connection, Connection.id == ConnectionEvent.connection_id)
                .where(Connection.person_id == pid)
                .order_by(ConnectionEvent.id)
            )
        )


def _shortlist(client, pid, rid):
    return client.post(f"/people/{pid}/shortlist", data={"resource_id": rid})


def _answer(client, pid, fid, answer, on="", reason="", text=""):
    return client.post(
        f"/people/{pid}/follow-ups/{fid}",
        data={"answer": answer, "on": on, "reason": reason, "reason_text": text},
        follow_redirects=True,
    )


def test_shortlisting_sets_a_follow_up_due_after_the_teams_interval(
    app, data, client, practitioner
):
    ids, pid = data
    _shortlist(client, pid, ids["Canal Singers"])
    [first] = _follow_ups(app, pid)
    assert (first.kind, first.set_on, first.due_on) == ("shortlist", TODAY, TODAY + timedelta(14))
    client.get(f"/people/{pid}/handout")  # printed: one is already open, so none is added
    assert len(_follow_ups(app, pid)) == 1
    with app.app_context(), db.write_session() as session:
        team = get_or_create_team(session, "North")
        session.add(TeamOutcomeSettings(team_id=int(team.id or 0), followup_days=7))
    _shortlist(client, pid, ids["Pottery Corner"])
    assert _follow_ups(app, pid)[-1].due_on == TODAY + timedelta(7)
    api = client.post(f"/api/people/{pid}/shortlist", json={"resource_id": ids["Far Choir"]})
    assert api.status_code == 201  # the JSON API sets one too
    assert (_follow_ups(app, pid)[-1].resource_id, len(_follow_ups(app, pid))) == (
        ids["Far Choir"],
        3,
    )


def test_the_due_list_and_the_person_page_show_what_is_due(app, data, client, practitioner):
    ids, pid = data
    _shortlist(client, pid, ids["Canal Singers"])
    assert "Canal Singers" in client.get(f"/people/{pid}").get_data(as_text=True)
    assert "Nothing due today" in client.get("/follow-ups").get_data(as_text=True)
    with app.app_context(), db.write_session() as session:
        session.get(FollowUp, _follow_ups(app, pid)[0].id).due_on = _days_ago(1)
    page = client.get("/follow-ups").get_data(as_text=True)
    assert "Canal Singers" in page and "overdue" in page


def test_went_again_records_the_suggestion_and_attending_with_their_dates(
    app, data, client, practitioner
):
    ids, pid = data
    _shortlist(client, pid, ids["Canal Singers"])
    [follow] = _follow_ups(app, pid)
    page = _answer(client, pid, follow.id, "went_again", on=TODAY.isoformat())
    assert "Follow-up recorded." in page.get_data(as_text=True)
    events = _events(app, pid)
    assert [(e.stage, e.happened_on) for e in events] == [
        ("suggested", TODAY),
        ("attending", TODAY),
    ]
    [done] = _follow_ups(app, pid)
    assert (done.answer, done.answered_on) == ("went_again", TODAY)
    again = _answer(client, pid, follow.id, "went_once").get_data(as_text=True)
    assert "already been answered" in again and len(_events(app, pid)) == 2


def test_did_not_go_needs_a_reason_and_then_stops_with_it(app, data, client, practitioner):
    ids, pid = data
    _shortlist(client, pid, ids["Pottery Corner"])
    [follow] = _follow_ups(app, pid)
    response = _answer(
        client, pid, follow.id, "did_not_go", on="2026-11-30", text="said maybe next week"
    )
    refused = response.get_data(as_text=True)
    # Said beside the form, with everything as typed: nothing to type again.
    assert response.status_code == 400 and "Choose why they did not go." in refused
    assert f'id="follow-up-{follow.id}-error"' in refused
    assert 'value="said maybe next week"' in refused and 'value="2026-11-30"' in refused
    assert re.search(rf'id="answer-{follow.id}-did_not_go"[^>]*checked', refused)
    assert _events(app, pid) == [] and _follow_ups(app, pid)[0].answer == ""
    _answer(client, pid, follow.id, "did_not_go", reason="cost")
    assert [(e.stage, e.reason) for e in _events(app, pid)] == [
        ("suggested", ""),
        ("stopped", "cost"),
    ]
    page = client.get(f"/people/{pid}/connections").get_data(as_text=True)
    assert "Pottery Corner – Stopped" in page


def test_not_yet_sets_the_next_follow_up(app, data, client, practitioner):
    ids, pid = data
    _shortlist(client, pid, ids["Canal Singers"])
    [follow] = _follow_ups(app, pid)
    _answer(client, pid, follow.id, "not_yet")
    first, nxt = _follow_ups(app, pid)
    assert first.answer == "not_yet" and nxt.answer == ""
    assert (nxt.resource_id, nxt.due_on) == (ids["Canal Singers"], TODAY + timedelta(14))
    assert [e.stage for e in _events(app, pid)] == ["suggested"]


def test_recording_in_the_connection_log_settles_the_follow_up(app, data, client, practitioner):
    ids, pid = data
    _shortlist(client, pid, ids["Canal Singers"])
    client.post(
        f"/people/{pid}/connections",
        data={"resource_id": ids["Canal Singers"], "stage": "tried", "on": TODAY.isoformat()},
    )
    [follow] = _follow_ups(app, pid)
    assert follow.answer == "went_once"


def test_a_future_date_or_unknown_answer_changes_nothing(app, data, client, practitioner):
    ids, pid = data
    _shortlist(client, pid, ids["Canal Singers"])
    [follow] = _follow_ups(app, pid)
    future = (TODAY + timedelta(3)).isoformat()
    assert "in the future" in _answer(client, pid, follow.id, "went_once", on=future).get_data(
        as_text=True
    )
    assert "Choose what happened" in _answer(client, pid, follow.id, "maybe").get_data(as_text=True)
    assert "day, month and year" in _answer(
        client, pid, follow.id, "went_once", on="31/02"
    ).get_data(as_text=True)
    assert _events(app, pid) == [] and _follow_ups(app, pid)[0].answer == ""


def test_a_peer_introduction_follow_up_is_answered_without_touching_the_log(app, data):
    _, pid = data
    with app.app_context(), db.write_session() as session:
        person = session.get(Person, pid)
        made = followups.schedule(session, person, "introduction", None, None)
        assert made is not None and made.due_on == TODAY + timedelta(14)
        fid = int(made.id or 0)
    with app.app_context():
        session = get_session()
        person = session.get(Person, pid)
        followups.answer(session, person, fid, "went_once")
    assert _follow_ups(app, pid)[0].answer == "went_once" and _events(app, pid) == []


def test_a_peer_introduction_sets_a_follow_up_for_the_introducing_team_only(
    app, users, client, auth
):
    from test_peer_pages import add, agree

    a, b = add(app, "A."), add(app, "Bea", 1.0, team="South")
    agree(app, a, scope="deployment")
    agree(app, b, scope="deployment")
    auth.login("practitioner@example.org")
    assert client.post(f"/people/{a}/peers/introduce", data={"peer_id": str(b)}).status_code == 302
    [made] = _follow_ups(app, a)
    assert (made.kind, made.resource_id, made.due_on) == (
        "introduction",
        None,
        TODAY + timedelta(14),
    )
    assert _follow_ups(app, b) == []
    assert "Meeting the peer they were introduced to" in client.get(f"/people/{a}").get_data(
        as_text=True
    )
    auth.logout()
    auth.login(south_practitioner(app))
    with app.app_context(), db.write_session() as session:
        session.get(FollowUp, made.id).due_on = TODAY
    assert "introduced" not in client.get("/follow-ups?all=1").get_data(as_text=True)


def test_the_due_list_names_measures_due_on_the_schedule(app, data, client, practitioner):
    _, pid = data
    page = client.get("/follow-ups").get_data(as_text=True)
    assert "J.</a>: SWEMWBS (baseline)" in page
    with app.app_context(), db.write_session() as session:
        for measure in ("swemwbs", "rg_uk", "scope", "eq5d"):
            session.add(
                OutcomeScore(
                    person_id=pid, measure=measure, part="total", value=3, taken_on=_days_ago(10)
                )
            )
    assert "None due today." in client.get("/follow-ups").get_data(as_text=True)
    with app.app_context(), db.write_session() as session:
        for score in session.exec(select(OutcomeScore)).all():
            score.taken_on = _days_ago(100)  # the 3-month point has passed
    assert "SWEMWBS (3 months)" in client.get("/follow-ups").get_data(as_text=True)


# --- Recording scores -------------------------------------------------------------------------


def _scores(app: Flask, pid: int) -> list[OutcomeScore]:
    with app.app_context():
        return list(get_session().exec(select(OutcomeScore).where(OutcomeScore.person_id == pid)))


def test_an_impossible_score_is_refused_naming_the_field_and_nothing_is_saved(
    app, data, client, practitioner
):
    _, pid = data
    response = client.post(
        f"/people/{pid}/outcomes/rg_uk",
        data={"rg_uk-taken_on": TODAY.isoformat(), "rg_uk-total": "12", "rg_uk-expert": "9"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="rg_uk-expert-error"' in page
    assert "Resource Generator-UK expert advice must be from 0 to 8; 9 is not possible." in page
    assert 'value="12"' in page  # what was typed is kept
    assert _scores(app, pid) == []
    future = client.post(
        f"/people/{pid}/outcomes/swemwbs",
        data={"swemwbs-taken_on": (TODAY + timedelta(1)).isoformat(), "swemwbs-total": "20"},
    )
    assert future.status_code == 400 and "in the future" in future.get_data(as_text=True)
    empty = client.post(f"/people/{pid}/outcomes/swemwbs", data={"swemwbs-taken_on": ""})
    assert "SWEMWBS: enter at least one score." in empty.get_data(as_text=True)
    assert client.post(f"/people/{pid}/outcomes/nonsense", data={}).status_code == 404
    assert _scores(app, pid) == []


def test_a_score_with_no_date_is_refused_not_dated_today_and_every_problem_is_named(
    app, data, client, practitioner
):
    _, pid = data
    undated = client.post(f"/people/{pid}/outcomes/swemwbs", data={"swemwbs-total": "20"})
    assert undated.status_code == 400
    assert "Enter the date the scores were taken." in undated.get_data(as_text=True)
    several = client.post(
        f"/people/{pid}/outcomes/rg_uk",
        data={"rg_uk-taken_on": "", "rg_uk-total": "99", "rg_uk-expert": "9"},
    )
    page = several.get_data(as_text=True)
    assert several.status_code == 400
    assert "Enter the date the scores were taken." in page
    assert 'id="rg_uk-expert-error"' in page and 'id="rg_uk-total-error"' in page
    assert _scores(app, pid) == []


def test_scores_over_time_show_on_the_person_page(app, data, client, practitioner):
    _, pid = data
    for days, total in ((90, "18"), (0, "24")):
        response = client.post(
            f"/people/{pid}/outcomes/swemwbs",
            data={"swemwbs-taken_on": _days_ago(days).isoformat(), "swemwbs-total": total},
        )
        assert response.status_code == 302
    page = client.get(f"/people/{pid}").get_data(as_text=True)
    assert "Changed by +6 since the first score (18 to 24)." in page
    assert "SWEMWBS: 6 months, due" in page  # the next on the schedule (3, 6, 12 months)
    assert "<svg" in page and 'id="network-counts"' in page
    client.post(f"/people/{pid}/outcomes/swemwbs/delete", data={"taken_on": TODAY.isoformat()})
    assert [s.value for s in _scores(app, pid)] == [18.0]
    assert {r.action for r in audit_rows(app)} >= {
        "outcome.record",
        "outcome.remove",
        "person.view",
    }


# --- Team scoping -------------------------------------------------------------------------------


def test_another_teams_practitioner_finds_nothing(app, data, client, auth):
    ids, pid = data
    auth.login("practitioner@example.org")
    _shortlist(client, pid, ids["Canal Singers"])
    [follow] = _follow_ups(app, pid)
    auth.logout()
    auth.login(south_practitioner(app))
    assert client.get(f"/people/{pid}/outcomes").status_code == 404
    refused = client.post(
        f"/people/{pid}/outcomes/swemwbs", data={"swemwbs-total": "20", "swemwbs-taken_on": ""}
    )
    assert refused.status_code == 404
    assert (
        client.post(
            f"/people/{pid}/follow-ups/{follow.id}", data={"answer": "went_once"}
        ).status_code
        == 404
    )
    assert (
        client.post(
            f"/people/{pid}/outcomes/swemwbs/delete", data={"taken_on": TODAY.isoformat()}
        ).status_code
        == 404
    )
    assert "Canal Singers" not in client.get("/follow-ups?all=1").get_data(as_text=True)
    assert _scores(app, pid) == [] and _follow_ups(app, pid)[0].answer == ""
    # A follow-up of another person of one's own team cannot be answered through this person.
    other = add_person(app, "South", label="K.")
    assert _answer(client, other, follow.id, "went_once").status_code == 200
    assert _follow_ups(app, pid)[0].answer == ""


def test_only_admins_change_the_teams_settings_and_bad_values_are_refused(app, users, client, auth):
    auth.login("practitioner@example.org")
    assert client.get("/people/outcome-settings").status_code == 403
    auth.logout()
    auth.login("admin@example.org")
    bad = client.post(
        "/people/outcome-settings",
        data={"followup_days": "0", "schedule_months": "3 6", "measures": ["swemwbs"]},
    )
    assert bad.status_code == 400
    assert "Follow-up days: enter a whole number from 1 to 365." in bad.get_data(as_text=True)
    good = client.post(
        "/people/outcome-settings",
        data={
            "followup_days": "10",
            "schedule_months": "6, 3",
            "measures": ["wemwbs", "unknown"],
            "own_name": "Confidence ladder",
            "own_low": "0",
            "own_high": "10",
        },
    )
    assert good.status_code == 302
    with app.app_context():
        stored = get_session().exec(select(TeamOutcomeSettings)).one()
        assert (stored.followup_days, stored.schedule_months, stored.measures) == (
            10,
            [3, 6],
            ["wemwbs"],
        )
        assert stored.own_name == "Confidence ladder"


# --- The team report ------------------------------------------------------------------------


def _paired(app: Flask, people: int, team: str = "North") -> list[int]:
    """People with a SWEMWBS baseline 90 days ago and a later score 3 points higher."""
    pids = [add_person(app, team, label=f"P{i}", postcode="") for i in range(people)]
    with app.app_context(), db.write_session() as session:
        for i, pid in enumerate(pids):
            for days, value in ((90, 15.0 + i), (1, 18.0 + i + (i % 2))):
                session.add(
                    OutcomeScore(
                        person_id=pid,
                        measure="swemwbs",
                        part="total",
                        value=value,
                        taken_on=_days_ago(days),
                    )
                )
    return pids


def test_the_team_report_hides_change_for_fewer_than_five_people(app, users, client, practitioner):
    _paired(app, 4)
    page = client.get("/people/report").get_data(as_text=True)
    assert "Not shown: fewer than 5 people" in page
    assert "No measure has 5 or more people with two scores yet." in page
    _paired(app, 1)
    page = client.get("/people/report").get_data(as_text=True)
    # Differences 3, 4, 3, 4, 3: mean 3.4, sd 0.548, t(4) 2.776: 2.72 to 4.08.
    assert "<td>+3.40</td><td>2.72 to 4.08</td>" in page
    assert (
        "Not shown: fewer than 5 people"
        not in page.split('id="table-change"')[1].split("</table>")[0]
    )


def test_the_team_report_counts_follow_ups_and_settings(app, data, client, practitioner):
    ids, pid = data
    _shortlist(client, pid, ids["Canal Singers"])
    with app.app_context(), db.write_session() as session:
        session.get(FollowUp, _follow_ups(app, pid)[0].id).due_on = _days_ago(2)
    page = client.get("/people/report").get_data(as_text=True)
    assert "Overdue now: 1." in page  # one person: the share answered is not shown
    assert "Not shown: fewer than 5 people have tried or attended an activity." in page


# --- Subject access and erasure -----------------------------------------------------------------


def _confirm(client: Any) -> None:
    client.post("/confirm-password", data={"password": PASSWORD, "next": "/people"})


def test_subject_access_holds_outcomes_and_erasure_removes_them(app, data, client, practitioner):
    ids, pid = data
    _shortlist(client, pid, ids["Canal Singers"])
    client.post(
        f"/people/{pid}/outcomes/eq5d",
        data={"eq5d-taken_on": TODAY.isoformat(), "eq5d-index": "0.5", "eq5d-vas": "70"},
    )
    _confirm(client)
    exported = json.loads(client.get(f"/people/{pid}/export.json").get_data(as_text=True))
    assert {(r["part"], r["value"]) for r in exported["records"]["outcome_score"]} == {
        ("index", 0.5),
        ("vas", 70.0),
    }
    assert [r["kind"] for r in exported["records"]["follow_up"]] == ["shortlist"]
    assert client.post(f"/people/{pid}/erase", data={"confirm": "erase"}).status_code == 302
    assert _scores(app, pid) == [] and _follow_ups(app, pid) == []


# --- The pseudonymised export -------------------------------------------------------------------


def test_the_outcomes_export_holds_no_personal_field(app, users, runner, tmp_path: Path):
    directory(app)
    pid = add_person(
        app, label=f"L{CANARY}"[:80], reference=f"R{CANARY}", notes=f"notes {CANARY}", postcode=""
    )
    pids = [pid, *_paired(app, 2)]
    with app.app_context(), db.write_session() as session:
        session.add(
            FollowUp(
                person_id=pid,
                kind="shortlist",
                set_on=_days_ago(20),
                due_on=_days_ago(6),
                answer="did_not_go",
                reason="other",
                reason_text=f"because {CANARY}",
            )
        )
        session.add(
            OutcomeScore(
                person_id=pid, measure="wemwbs", part="total", value=40, taken_on=_days_ago(3)
            )
        )
    out = tmp_path / "outcomes.csv"
    result = runner.invoke(args=["export-outcomes", str(out), "--from", _days_ago(30).isoformat()])
    assert result.exit_code == 0, result.output
    assert "Exporting outcomes" in result.output and "about 3 people" in result.output
    text = out.read_text()
    assert CANARY not in text
    for number in pids:  # no person number either
        assert f",{number}," not in text
    rows = list(csv.DictReader(text.splitlines()))
    assert set(rows[0]) == {"person_key", "team", "record", "what", "detail", "value", "on"}
    keys = {r["person_key"] for r in rows}
    assert len(keys) == 3 and all(len(k) == 16 for k in keys)
    assert {r["on"] for r in rows} <= {_days_ago(n).isoformat() for n in range(31)}
    assert not any(r["on"] == _days_ago(90).isoformat() for r in rows)  # before --from
    again = tmp_path / "again.csv"
    runner.invoke(args=["export-outcomes", str(again)])
    assert keys.isdisjoint(r["person_key"] for r in csv.DictReader(again.read_text().splitlines()))
    assert oct(out.stat().st_mode & 0o777) == "0o600"
    bad = runner.invoke(
        args=["export-outcomes", str(out), "--from", "2026-05-02", "--to", "2026-05-01"]
    )
    assert bad.exit_code != 0 and "--from" in bad.output
    assert audit_rows(app, "outcomes.export")
    with app.app_context():
        assert get_session().get(Person, pid) is not None
