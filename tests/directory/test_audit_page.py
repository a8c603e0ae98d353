"""Sign-ins are audited; admins can filter, page through and download the log, team-scoped."""

from __future__ import annotations

import csv
import io

from conftest import PASSWORD, _password_hash
from sqlmodel import select

from directory import audit, db
from directory.accounts import create_user, get_or_create_team
from directory.models import AuditEvent, Role


def _rows(app, action):
    with app.app_context():
        query = select(AuditEvent).where(AuditEvent.action == action)
        return list(db.get_session().exec(query).all())


def test_sign_in_success_and_failure_are_audited_without_the_email(app, users, client):
    client.post("/login", data={"email": "member@example.org", "password": "wrong one"})
    client.post("/login", data={"email": "nobody@example.org", "password": "wrong one"})
    client.post("/login", data={"email": "member@example.org", "password": PASSWORD})
    failed = _rows(app, "sign-in.fail")
    assert [(r.subject_ref, r.outcome) for r in failed] == [
        (str(users["member"]), "refused"),
        ("", "refused"),
    ]
    assert [r.actor_id for r in _rows(app, "sign-in.ok")] == [users["member"]]
    with app.app_context():
        every = db.get_session().exec(select(AuditEvent)).all()
    assert not any("example.org" in repr(r) for r in every)


def _north_admin(app):
    with app.app_context(), db.write_session() as session:
        north = get_or_create_team(session, "North")
        user = create_user(session, "north-admin@example.org", "NA", "", Role.ADMIN, north)
        user.password_hash = _password_hash()
        return int(north.id or 0), int(get_or_create_team(session, "South").id or 0)


def test_admins_see_and_download_the_log_scoped_to_their_team(app, users, client):
    north, south = _north_admin(app)
    with app.app_context():
        for i in range(60):
            audit.record("person.view", "person", 1000 + i, users["practitioner"], north)
        audit.record("person.view", "person", 7777, users["other-member"], south)
    client.post("/login", data={"email": "north-admin@example.org", "password": PASSWORD})
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "Only your team" in page and "page 1 of 2" in page and "person 7777" not in page
    assert "person 1000" in client.get("/admin/audit?page=2").get_data(as_text=True)
    one = client.get("/admin/audit?person=1005").get_data(as_text=True)
    assert "1 row;" in one and "person 1005" in one
    assert "0 rows" in client.get("/admin/audit?person=7777").get_data(as_text=True)
    response = client.get("/admin/audit.csv?action=person.view")
    assert response.headers["Content-Disposition"] == 'attachment; filename="audit-log.csv"'
    table = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert len(table) == 60 and {r["team_id"] for r in table} == {str(north)}
    assert _rows(app, "audit.export")


def test_an_admin_with_no_team_sees_every_team(app, users, client, admin):
    with app.app_context():
        audit.record("person.view", "person", 7777, users["other-member"], 99)
    assert "person 7777" in client.get("/admin/audit").get_data(as_text=True)


def test_the_audit_log_page_is_for_admins_only(app, users, client, practitioner):
    assert client.get("/admin/audit").status_code == 403
    assert client.get("/admin/audit.csv").status_code == 403
