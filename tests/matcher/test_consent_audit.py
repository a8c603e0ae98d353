"""Consent changes are audited where they are made, so seeds and pages each leave one row."""

from __future__ import annotations

from flask import Flask
from people_helpers import add_person, audit_rows
from sqlmodel import select

from core import db
from core.accounts import get_or_create_team
from matcher.models import PeerConsent, Person
from seeds.peers import CMHT, SP, load_peers


def _seed_peers(app: Flask) -> int:
    with app.app_context(), db.write_session() as session:
        for name in (CMHT, SP):
            get_or_create_team(session, name)
        session.flush()
        return load_peers(session)


def test_seeded_consents_each_have_one_system_audit_row(app):
    added = _seed_peers(app)
    with app.app_context():
        session = db.get_session()
        consents = session.exec(select(PeerConsent, Person).join(Person)).all()
    assert added > 0 and len(consents) == added
    rows = audit_rows(app, "peer_consent.record")
    assert sorted(r.subject_ref for r in rows) == sorted(str(c.person_id) for c, _ in consents)
    teams = {str(p.id): p.team_id for _, p in consents}
    assert all(r.actor_id is None and r.team_id == teams[r.subject_ref] for r in rows)
    assert all(r.subject_type == "person" and r.subject_ref.isdigit() for r in rows)
    assert _seed_peers(app) == 0
    assert len(audit_rows(app, "peer_consent.record")) == len(rows)


def test_a_consent_page_change_writes_exactly_one_row(app, client, practitioner, users):
    pid = add_person(app, label="A.", postcode="", latitude=51.55, longitude=-0.12)
    page = f"/people/{pid}/peers"
    refused = client.post(f"{page}/consent", data={"scope": "team"})
    assert refused.status_code == 400  # shown again, with the choices as made
    assert audit_rows(app, "peer_consent.record") == []
    form = {"scope": "team", "seeking": "yes", "agreed": "yes"}
    assert client.post(f"{page}/consent", data=form).status_code == 302
    recorded = audit_rows(app, "peer_consent.record")
    assert [(r.subject_ref, r.actor_id) for r in recorded] == [(str(pid), users["practitioner"])]
    assert client.post(f"{page}/withdraw").status_code == 302
    assert client.post(f"{page}/withdraw").status_code == 302  # nothing left to withdraw
    withdrawn = audit_rows(app, "peer_consent.withdraw")
    assert [(r.subject_ref, r.actor_id) for r in withdrawn] == [(str(pid), users["practitioner"])]
