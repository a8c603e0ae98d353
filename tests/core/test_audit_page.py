"""Sign-ins are audited; admins can filter, page through and download the log, team-scoped;
owners see the deployment's rows (outside any team, and every team's erasures and user changes)."""

from __future__ import annotations

import csv
import io
import re

from conftest import PASSWORD, _password_hash
from sqlmodel import select

from core import audit, db
from core.accounts import create_user, get_or_create_team
from core.models import AuditEvent, Role, User


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


def test_an_owner_sees_erasures_and_user_changes_of_every_team_but_no_views(
    app, users, client, owner
):
    north, south = _north_admin(app)
    with app.app_context():
        audit.record("person.view", "person", 7777, users["practitioner"], north)
        audit.record("person.erase", "person", 8888, users["other-member"], south)
        audit.record("person.erase", "person", 9999, None, north, "retention")
        audit.record("user.disable", "user", users["member"], users["admin"], north)
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "As the deployment owner" in page
    assert "Erased person 8888" in page and "person 9999" in page
    assert "Disabled the account of <a" in page and ">Member</a>" in page
    assert "person 7777" not in page
    assert "person 7777" not in client.get("/admin/audit?person=7777").get_data(as_text=True)
    table = list(csv.DictReader(io.StringIO(client.get("/admin/audit.csv").get_data(True))))
    erased = [(r["subject_ref"], r["team_id"]) for r in table if r["action"] == "person.erase"]
    assert erased == [("8888", str(south)), ("9999", str(north))]
    own = {"sign-in.ok", "audit.view", "audit.export"}  # the owner's own, outside any team
    assert {r["action"] for r in table} <= {*audit.DEPLOYMENT_ACTIONS, *own}
    assert all(r["team_id"] == "" for r in table if r["action"] not in audit.DEPLOYMENT_ACTIONS)


def test_an_admin_never_sees_another_teams_erasures(app, users, client, admin):
    north, south = _north_admin(app)
    with app.app_context():
        audit.record("person.erase", "person", 8888, None, south)
        audit.record("person.erase", "person", 9999, None, north)
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "person 9999" in page and "person 8888" not in page


def test_the_audit_log_page_is_for_admins_only(app, users, client, practitioner):
    assert client.get("/admin/audit").status_code == 403
    assert client.get("/admin/audit.csv").status_code == 403


def _dated(app, action, ref, actor, team, at):
    """An audit row written at a given UTC time (the log is append-only: insert, never update)."""
    with app.app_context(), db.write_session() as session:
        session.add(
            AuditEvent(
                at=at,
                action=action,
                subject_type="person",
                subject_ref=str(ref),
                actor_id=actor,
                team_id=team,
            )
        )


def test_the_log_speaks_in_names_and_words_with_links_and_local_times(app, users, client, admin):
    from datetime import UTC, datetime

    from core.accounts import get_or_create_team
    from tests.matcher.people_helpers import add_person, directory

    directory(app)
    js = add_person(app, label="J.S.", reference="RX-4411")
    other = add_person(app, "South", label="K.T.")
    with app.app_context(), db.write_session() as session:
        north = int(get_or_create_team(session, "North").id or 0)
        south = int(get_or_create_team(session, "South").id or 0)
    _dated(
        app, "person.view", js, users["practitioner"], north, datetime(2026, 7, 1, 9, 5, tzinfo=UTC)
    )
    _dated(
        app,
        "person.view",
        other,
        users["other-member"],
        south,
        datetime(2026, 7, 1, 9, 6, tzinfo=UTC),
    )
    page = client.get("/admin/audit").get_data(as_text=True)
    assert f'Viewed the profile of <a href="/people/{js}">J.S.</a>' in page
    assert f'<a href="/admin/users#user-{users["practitioner"]}">Practitioner</a>' in page
    assert "1 July 2026, 10:05 BST" in page  # 09:05 UTC is 10:05 in London in summer
    assert "Signed in" in page and "K.T." not in page and "UTC" not in page
    assert "Person number" not in page and "User number" not in page
    # Filters by label, by reference and by name, in any case and by part; a label or reference
    # is posted, and the address it moves to names the person by number only.
    for typed in ("j.s", "rx-44"):
        moved = client.post("/admin/audit", data={"person": typed, "action": "person.view"})
        assert moved.status_code == 303 and f"person_id={js}" in moved.headers["Location"]
        assert typed not in moved.headers["Location"].lower()
        found = client.get(moved.headers["Location"]).get_data(as_text=True)
        assert "1 row;" in found and "J.S.</a>" in found and f"person {js}" in found
        assert not any("J.S." in href for href in re.findall(r'href="([^"]*)"', found))
    found = client.get("/admin/audit?user=practi&action=person.view").get_data(as_text=True)
    assert "1 row;" in found and "J.S.</a>" in found
    missing = client.post("/admin/audit", data={"person": "Nobody"}).get_data(as_text=True)
    assert "0 rows" in missing and "No one in your team has a label or reference" in missing
    assert "0 rows" in client.post("/admin/audit", data={"person": "K.T."}).get_data(True)
    # The CSV keeps the ids beside the words.
    table = list(
        csv.DictReader(io.StringIO(client.get(f"/admin/audit.csv?person_id={js}").get_data(True)))
    )
    assert [
        (r["subject_ref"], r["actor_id"], r["who"], r["role"], r["what"], r["when"]) for r in table
    ] == [
        (
            str(js),
            str(users["practitioner"]),
            "Practitioner",
            "practitioner",
            "viewed the profile of J.S.",
            "1 July 2026, 10:05 BST",
        )
    ]


def test_the_deployment_timezone_sets_the_times_shown(app, users, client, admin):
    from datetime import UTC, datetime

    app.config["TIMEZONE"] = "America/New_York"
    with app.app_context():
        north = db.get_session().get(User, users["admin"]).team_id
    _dated(
        app,
        "person.view",
        5,
        users["practitioner"],
        north,
        datetime(2026, 1, 15, 12, 0, tzinfo=UTC),
    )
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "15 January 2026, 07:00 EST" in page and "America/New York time" in page


def test_the_audit_log_is_in_the_admin_menu_and_not_for_others(app, users, client, auth):
    auth.login("admin@example.org")
    assert 'href="/admin/audit"' in client.get("/admin/users").get_data(as_text=True)
    auth.logout()
    auth.login("practitioner@example.org")
    assert 'href="/admin/audit"' not in client.get("/people").get_data(as_text=True)
