"""Peer consent, suggestions, introductions and new groups through the app, on both databases."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from people_helpers import HOME, KM_NORTH, add_person, audit_rows, south_practitioner
from sqlmodel import select

from core import db
from core.db import get_session
from matcher import consent
from matcher.models import PeerAvoid, PeerConsent, PeerConsentBase, PeerIntroduction, Person
from wsgi import create_app


def _near(km: float) -> dict[str, Any]:
    return {"postcode": "", "latitude": HOME[0] + km * KM_NORTH, "longitude": HOME[1]}


def add(app: Flask, label: str, km: float = 0.0, team: str = "North", **changes: Any) -> int:
    """A person who enjoys chess, free Tuesday afternoons, `km` north of HOME."""
    data = {
        "label": label,
        "interests": ["chess"],
        "want_to_try": [],
        "free_times": [{"day": "tu", "from": "13:00", "to": "17:00"}],
        "notes": "",
        **_near(km),
        **changes,
    }
    return add_person(app, team, **data)


def agree(app: Flask, pid: int, **choices: Any) -> None:
    """Record consent outside any request (as a practitioner would through the page)."""
    with app.app_context():
        session = get_session()
        person = session.get(Person, pid)
        assert person is not None
        choices = {"seeking": True, **choices}
        consent.record_consent(session, person, PeerConsentBase(**choices), None)
        session.commit()


def peers_of(app: Flask, pid: int) -> list[int]:
    with app.app_context():
        session = get_session()
        person = session.get(Person, pid)
        assert person is not None
        return [s.peer.id for s in consent.suggestions(session, person)]


def _text(response: Any) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)).split())


def test_consent_is_recorded_changed_and_withdrawn_as_history_with_audit_rows(
    app, client, practitioner, users
):
    pid = add(app, "A.")
    page = f"/people/{pid}/peers"
    assert "No consent in force" in _text(client.get(page))
    form = {"scope": "team", "show_label": "yes", "seeking": "yes", "agreed": "yes"}
    response = client.post(f"{page}/consent", data=form, follow_redirects=True)
    assert "Consent recorded" in _text(response)
    response = client.post(f"{page}/consent", data={**form, "scope": "deployment"})
    assert response.status_code == 302
    response = client.post(f"{page}/withdraw", follow_redirects=True)
    assert "Consent withdrawn" in _text(response)
    assert "No consent in force" in _text(response)
    with app.app_context():
        rows = get_session().exec(select(PeerConsent).order_by(PeerConsent.id)).all()
        assert [(r.scope, r.end_reason) for r in rows] == [
            ("team", "changed"),
            ("deployment", "withdrawn"),
        ]
        assert all(r.withdrawn_at and r.withdrawn_by_id == users["practitioner"] for r in rows)
        assert rows[0].recorded_by_id == users["practitioner"] and not rows[0].show_interests
    events = [(e.action, e.subject_ref) for e in audit_rows(app)]
    assert events.count(("peer_consent.record", str(pid))) == 2
    assert events.count(("peer_consent.withdraw", str(pid))) == 1
    assert all(re.fullmatch(r"\d*", ref) for _, ref in events)


def test_consent_needs_the_persons_agreement_and_a_known_scope(app, client, practitioner):
    pid = add(app, "A.")
    page = f"/people/{pid}/peers"
    response = client.post(f"{page}/consent", data={"scope": "team"}, follow_redirects=True)
    assert "confirm the person agreed" in _text(response)
    response = client.post(
        f"{page}/consent", data={"scope": "everyone", "agreed": "yes"}, follow_redirects=True
    )
    assert "Choose who they may be suggested to" in _text(response)
    response = client.post(f"{page}/introduce", data={"peer_id": "x"})
    assert response.status_code == 400
    with app.app_context():
        assert get_session().exec(select(PeerConsent)).all() == []


def test_a_refused_consent_keeps_every_choice_and_a_new_one_shares_nothing_unticked(
    app, client, practitioner
):
    pid = add(app, "A.")
    page = client.get(f"/people/{pid}/peers").get_data(as_text=True)
    for shared in ("show_label", "show_interests", "show_area", "seeking"):
        assert re.search(rf'id="{shared}"[^>]*checked', page) is None  # opt-in, never pre-ticked
    chosen = {"scope": "deployment", "seeking": "yes", "show_interests": "yes"}  # area: said no
    response = client.post(f"/people/{pid}/peers/consent", data=chosen)
    text = response.get_data(as_text=True)
    assert response.status_code == 400 and 'id="agreed-error"' in text
    assert re.search(r'id="scope-deployment"[^>]*checked', text)
    assert re.search(r'id="show_interests"[^>]*checked', text)
    assert re.search(r'id="seeking"[^>]*checked', text)
    assert re.search(r'id="show_area"[^>]*checked', text) is None  # not widened on the retry


def test_suggestions_show_reasons_and_vanish_right_after_withdrawal(app, client, practitioner):
    a, b = add(app, "A."), add(app, "B.", 2.0)
    agree(app, a)
    agree(app, b)
    page = _text(client.get(f"/people/{a}/peers"))
    assert "B." in page and "both enjoy chess" in page and "about 2 km apart" in page
    assert "both free Tuesday afternoons" in page
    assert ("peers.view", str(a)) in [(e.action, e.subject_ref) for e in audit_rows(app)]
    client.post(f"/people/{b}/peers/withdraw")
    assert "B." not in _text(client.get(f"/people/{a}/peers"))
    assert peers_of(app, a) == []


def test_another_node_sees_a_withdrawal_at_once(app, app_config, practitioner):
    a, b = add(app, "A."), add(app, "B.", 1.0)
    agree(app, a)
    agree(app, b)
    assert peers_of(app, a) == [b]  # the pool is now cached in this process
    other = create_app(app_config)  # a second app node on the same database
    with other.app_context():
        session = get_session()
        person = session.get(Person, b)
        assert person is not None
        consent.withdraw_consent(session, person, None)
        session.commit()
    db.get_engine(other).dispose()
    assert peers_of(app, a) == []


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=st.lists(st.tuples(st.integers(0, 3), st.booleans()), min_size=1, max_size=8))
def test_property_no_suggestion_without_current_consent(app, steps):
    with app.app_context():
        ids = [int(p.id or 0) for p in get_session().exec(select(Person).order_by(Person.id))]
    if not ids:
        ids = [add(app, f"P{i}", i * 0.5) for i in range(4)]
    for who, give in steps:
        with app.app_context():
            session = get_session()
            person = session.get(Person, ids[who])
            assert person is not None
            if give:
                consent.record_consent(session, person, PeerConsentBase(seeking=True), None)
            else:
                consent.withdraw_consent(session, person, None)
            session.commit()
            now = consent.consenting_ids(session, ids)
        for pid in ids:
            found = set(peers_of(app, pid))
            assert found <= now - {pid}
            if pid not in now:
                assert found == set()


def test_another_teams_people_are_not_found(app, client, auth, users):
    pid = add(app, "A.")
    agree(app, pid)
    auth.login(south_practitioner(app))
    for path in ("", "/consent", "/withdraw", "/introduce", "/avoid"):
        method = client.get if path == "" else client.post
        response = method(f"/people/{pid}/peers{path}", data={"peer_id": "1"})
        assert response.status_code == 404, path
        assert "A." not in _text(response)


def test_members_may_not_use_peer_pages(app, client, member):
    pid = add(app, "A.")
    assert client.get(f"/people/{pid}/peers").status_code == 403
    assert client.get("/peers").status_code == 403


def test_across_teams_only_with_deployment_scope_and_without_details(app, client, auth, users):
    a = add(app, "A.")
    b = add(app, "Bea from south", 1.0, team="South")
    agree(app, a, scope="deployment", show_label=False)
    agree(app, b, scope="team")
    assert peers_of(app, a) == []
    agree(app, b, scope="deployment", show_label=False)
    assert peers_of(app, a) == [b]
    auth.login("practitioner@example.org")
    page = _text(client.get(f"/people/{a}/peers"))
    assert "Someone another team supports" in page and "Bea from south" not in page
    response = client.post(f"/people/{a}/peers/introduce", data={"peer_id": str(b)})
    assert response.status_code == 302
    with app.app_context():
        notes = get_session().exec(select(PeerIntroduction)).all()
        assert [(n.person_id, n.peer_id) for n in notes] == [(a, b)]
    actions = [(e.action, e.subject_ref) for e in audit_rows(app)]
    assert ("peer.introduce", str(a)) in actions and ("peer.introduced", str(b)) in actions
    auth.logout()
    auth.login(south_practitioner(app))
    team_page = _text(client.get("/peers"))
    # Who asks, by name and team; about whom only as far as A.'s consent lets others see.
    assert (
        "Practitioner of North would like to introduce someone they support to Bea from south."
        in team_page
    )
    assert "What to do: talk to Bea from south first." in team_page
    assert "tell Practitioner at North" in team_page
    assert "A." not in team_page and "0113" not in team_page
    agree(app, a, scope="deployment", show_label=True)  # now A. may be named to other teams
    named = _text(client.get("/peers"))
    assert "would like to introduce A., whom they support, to Bea from south." in named


def test_an_introduction_within_the_team_names_both_and_ends_one_full_stop(
    app, client, practitioner
):
    a, mb = add(app, "A."), add(app, "M.B.", 1.0)
    agree(app, a, show_label=False)
    agree(app, mb)
    assert client.post(f"/people/{a}/peers/introduce", data={"peer_id": str(mb)}).status_code == 302
    html = client.get("/peers").get_data(as_text=True)
    page = _text(client.get("/peers"))
    # Within the team a colleague sees every person: both are named and linked.
    assert "Practitioner, in your team, would like to introduce A. to M.B. What" in page
    assert (
        f'href="/people/{a}/peers">A.</a>' in html and f'href="/people/{mb}/peers">M.B.</a>' in html
    )
    assert "M.B.." not in page and "What to do: talk to M.B. first." in page


def test_an_introduction_is_asked_once_and_the_card_says_so(app, client, practitioner):
    a, mb = add(app, "A."), add(app, "M.B.", 1.0)
    agree(app, a)
    agree(app, mb)
    url = f"/people/{a}/peers/introduce"
    assert client.post(url, data={"peer_id": str(mb)}).status_code == 302
    page = _text(client.get(f"/people/{a}/peers"))
    assert "Introduction asked on" in page and "Introduce M.B." not in page
    again = client.post(url, data={"peer_id": str(mb)}, follow_redirects=True)
    assert "already waiting for their practitioner" in _text(again)
    with app.app_context():
        assert len(get_session().exec(select(PeerIntroduction)).all()) == 1


def test_avoiding_a_peer_works_both_ways(app, client, practitioner):
    a, b, c = add(app, "A."), add(app, "B.", 1.0), add(app, "C.", 2.0)
    for pid in (a, b, c):
        agree(app, pid)
    assert peers_of(app, a) == [b, c]
    client.post(f"/people/{a}/peers/avoid", data={"peer_id": str(b)})
    assert peers_of(app, a) == [c]
    assert peers_of(app, b) == [c]
    with app.app_context():
        assert len(get_session().exec(select(PeerAvoid)).all()) == 1


def test_team_page_shows_a_group_with_counts_and_only_own_names(app, client, practitioner):
    north = [add(app, f"N{i}", i * 0.3) for i in range(3)]
    south = [add(app, f"S{i}", 0.2 + i * 0.3, team="South") for i in range(2)]
    for pid in north + south:
        agree(app, pid, scope="deployment")
    page = _text(client.get("/peers"))
    assert "None within your team yet" in page  # three is below the default of four
    assert "Chess 5 Tuesday afternoons" in page
    assert "N0 , N1 , N2" in page and "S0" not in page and "S1" not in page
    actions = [e.action for e in audit_rows(app)]
    assert "peer_groups.view" in actions


@pytest.mark.parametrize("runs", [2])
def test_seeded_demo_peers_are_idempotent_and_show_suggestions(app, runner, runs):
    for _ in range(runs):
        result = runner.invoke(args=["seed"])
        assert result.exit_code == 0, result.output
    with app.app_context():
        session = get_session()
        demo = session.exec(select(Person).where(Person.reference.like("demo-peer-%"))).all()  # type: ignore[attr-defined]
        assert len(demo) == 6
        assert len(session.exec(select(PeerConsent)).all()) == 6
        first = next(int(p.id or 0) for p in demo if p.reference == "demo-peer-1")
        session.rollback()
    assert peers_of(app, first)


def test_peers_all_command_counts_without_names(app, runner):
    a, b = add(app, "Ann A."), add(app, "Bob B.", 1.0)
    agree(app, a)
    agree(app, b, seeking=False)
    result = runner.invoke(args=["peers-all"])
    assert result.exit_code == 0, result.output
    assert "1 people looking for peers; 1 have at least one suggestion." in result.output
    assert "Ann" not in result.output and "Bob" not in result.output


def test_women_only_with_no_gender_says_why_no_one_is_suggested_and_where_to_record_it(
    app, client, practitioner, users
):
    pid = add(app, "A.", gender="", women_only=True)
    other = add(app, "B.", 0.5, gender="woman", women_only=True)
    agree(app, pid)
    agree(app, other)
    page = client.get(f"/people/{pid}/peers")
    text = _text(page)
    assert (
        "No peers suggested: women-only is set, but no gender is recorded for this person." in text
    )
    link = re.search(r'<a href="([^"]+)">Record their gender</a>', page.get_data(as_text=True))
    assert link is not None and link.group(1) == f"/people/{pid}/edit#gender"
    with app.app_context():
        session = get_session()
        person = session.get(Person, pid)
        assert person is not None
        person.gender = "woman"
        session.commit()
    text = _text(client.get(f"/people/{pid}/peers"))
    assert "no gender is recorded" not in text and "B." in text
    assert peers_of(app, pid) == [other]


def test_women_only_with_no_gender_says_the_list_is_short_when_some_can_be_shown(
    app, client, practitioner, users
):
    pid = add(app, "A.", gender="", women_only=True)
    other = add(app, "C.", 0.5, gender="woman")
    agree(app, pid)
    agree(app, other)
    text = _text(client.get(f"/people/{pid}/peers"))
    assert (
        "C." in text and "Fewer peers than there might be: women-only is set, but no gender" in text
    )
    plain = add(app, "D.", 0.2, gender="")
    agree(app, plain)
    assert "no gender is recorded" not in _text(client.get(f"/people/{plain}/peers"))
