"""Admins make password reset links (single use, as invitations) and change roles within their
team, never above their own; every change is audited and named in the audit log."""

from __future__ import annotations

import re

from conftest import PASSWORD
from sqlmodel import select

from core import db
from core.models import AuditEvent, Role, User

NEW_PASSWORD = "otter-lantern-harbour-93"


def _user(app, user_id: int) -> User:
    with app.app_context():
        found = db.get_session().get(User, user_id)
        assert found is not None
        db.get_session().expunge(found)
        return found


def _link(page: str) -> str:
    found = re.search(r"https?://[^/\s<]+(/reset/[^\s<\"]+)", page)
    assert found, page
    return found.group(1)


def test_a_reset_link_works_once_and_ends_the_users_sessions(app, users, client, auth):
    member = app.test_client()
    member.post("/login", data={"email": "member@example.org", "password": PASSWORD})
    assert member.get("/").status_code == 200
    auth.login("admin@example.org")
    first = client.post(f"/admin/users/{users['member']}/reset")
    assert first.status_code == 200 and "Password reset link ready" in first.get_data(True)
    second = _link(client.post(f"/admin/users/{users['member']}/reset").get_data(True))
    assert member.get("/", follow_redirects=False).status_code == 302  # signed out everywhere
    stale = client.get(_link(first.get_data(True)))
    assert stale.status_code == 404 and "expired or was already used" in stale.get_data(True)
    auth.logout()
    page = client.get(second).get_data(as_text=True)
    assert "Choose a new password, Member" in page
    data = {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    assert client.post(second, data=data).status_code == 302
    assert client.get(second).status_code == 404  # used
    auth.logout()
    assert auth.login("member@example.org", NEW_PASSWORD).status_code == 302
    auth.logout()
    auth.login("admin@example.org")
    log = client.get("/admin/audit?action=user.reset").get_data(as_text=True)
    assert "Made a password reset link for <a" in log and ">Member</a>" in log


def test_a_new_invitation_link_for_someone_who_never_accepted(app, users, client, admin):
    invited = client.post(
        "/admin/users", data={"email": "late@example.org", "name": "Late", "role": "member"}
    )
    assert invited.status_code == 201
    with app.app_context():
        late = db.get_session().exec(select(User).where(User.email == "late@example.org")).one()
    again = client.post(f"/admin/users/{late.id}/reset").get_data(as_text=True)
    assert "Invitation ready" in again and "/invite/" in again


def test_reset_links_are_refused_for_yourself_a_disabled_user_and_other_teams(
    app, users, client, admin
):
    before = {k: _user(app, v).session_epoch for k, v in users.items()}
    own = client.post(f"/admin/users/{users['admin']}/reset")
    assert own.status_code == 400 and "your own account" in own.get_data(True)
    other = client.post(f"/admin/users/{users['other-member']}/reset")
    assert other.status_code == 404 and "no such user in your team" in other.get_data(True)
    client.post(f"/admin/users/{users['member']}/active", data={"active": "0"})
    epoch = _user(app, users["member"]).session_epoch
    disabled = client.post(f"/admin/users/{users['member']}/reset")
    assert disabled.status_code == 400 and "Enable it first" in disabled.get_data(True)
    assert _user(app, users["member"]).session_epoch == epoch
    after = {k: _user(app, v).session_epoch for k, v in users.items() if k != "member"}
    assert after == {k: v for k, v in before.items() if k != "member"}


def test_an_admin_changes_a_role_within_their_team_and_it_is_audited(app, users, client, auth):
    auth.login("admin@example.org")
    page = client.get("/admin/users").get_data(as_text=True)
    assert f'action="/admin/users/{users["member"]}/role"' in page
    assert f'action="/admin/users/{users["admin"]}/role"' not in page  # not their own
    done = client.post(f"/admin/users/{users['member']}/role", data={"role": "practitioner"})
    assert done.status_code == 302
    assert "Member is now a practitioner." in client.get("/admin/users").get_data(True)
    assert _user(app, users["member"]).role == Role.PRACTITIONER
    log = client.get("/admin/audit").get_data(as_text=True)
    assert "Made <a" in log and ">Member</a> a practitioner" in log
    auth.logout()
    auth.login("member@example.org")
    assert client.get("/people").status_code == 200  # the new role works at once


def test_role_changes_never_go_above_the_admins_own_nor_outside_their_team(
    app, users, client, admin
):
    for role, field_message in (("owner", "above your own"), ("chief", "Choose a role")):
        refused = client.post(f"/admin/users/{users['member']}/role", data={"role": role})
        assert refused.status_code == 400 and field_message in refused.get_data(True)
    other = client.post(f"/admin/users/{users['other-member']}/role", data={"role": "admin"})
    assert other.status_code == 404
    own = client.post(f"/admin/users/{users['admin']}/role", data={"role": "member"})
    assert own.status_code == 400
    assert _user(app, users["member"]).role == Role.MEMBER
    assert _user(app, users["other-member"]).role == Role.MEMBER
    assert _user(app, users["admin"]).role == Role.ADMIN
    with app.app_context():
        changes = (
            db.get_session()
            .exec(
                select(AuditEvent).where(AuditEvent.action.startswith("user.role"))  # type: ignore[attr-defined]
            )
            .all()
        )
    assert changes == []


def test_a_practitioner_cannot_change_roles_or_make_links(app, users, client, practitioner):
    assert (
        client.post(f"/admin/users/{users['member']}/role", data={"role": "admin"}).status_code
        == 403
    )
    assert client.post(f"/admin/users/{users['member']}/reset").status_code == 403
    assert _user(app, users["member"]).role == Role.MEMBER
