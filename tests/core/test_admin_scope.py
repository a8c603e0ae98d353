"""Admins manage their own team; deployment owners create teams and manage every team's users,
but see no one's people; migration 0007 turns team-less admins into owners."""

from __future__ import annotations

import re

import pytest
from alembic import command
from conftest import PASSWORD
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from core import accounts, db
from core.models import AuditEvent, Role, Team, User
from core.times import utcnow


def _teams(app) -> list[str]:
    with app.app_context():
        return sorted(t.name for t in db.get_session().exec(select(Team)).all())


def _user(app, email: str) -> User | None:
    with app.app_context():
        return accounts.find_user(db.get_session(), email)


def test_an_admin_sees_only_their_own_teams_users(client, users, admin):
    page = client.get("/admin/users").get_data(as_text=True)
    assert "member@example.org" in page and "practitioner@example.org" in page
    assert "other-member@example.org" not in page and "owner@example.org" not in page
    assert "Everyone who can sign in for North." in page
    assert 'href="/admin/teams"' not in page


def test_an_admin_cannot_touch_another_teams_user_or_an_owner(app, client, users, admin):
    for target in (users["other-member"], users["owner"]):
        response = client.post(f"/admin/users/{target}/active", data={"active": "0"})
        assert response.status_code == 404
        assert "There is no such user in your team." in response.get_data(as_text=True)
    assert _user(app, "other-member@example.org").is_active
    assert _user(app, "owner@example.org").is_active


def test_an_owner_sees_everyone_and_chooses_a_team_from_a_list(client, users, owner):
    page = client.get("/admin/users").get_data(as_text=True)
    assert "other-member@example.org" in page and "member@example.org" in page
    assert "No team (deployment owner)" in page
    options = re.findall(r'<option value="(\d*)"[^>]*>([^<]+)</option>', page)
    assert [name for _, name in options] == ["Choose a team", "North", "South"]
    roles = re.findall(r'<option value="([a-z]+)"', page.split('id="invite"')[1])
    assert roles == ["member", "practitioner", "admin"]  # never owner


@pytest.mark.parametrize("team", ["", "Aire Valley CMHT", "North", "999999", "-1", "1e3"])
def test_an_owner_can_only_invite_into_an_existing_team(app, client, users, owner, team):
    data = {"email": "new@example.org", "name": "New", "role": "admin", "team": team}
    response = client.post("/admin/users", data=data)
    assert response.status_code == 400
    assert '<a href="#team">Choose a team from the list.</a>' in response.get_data(as_text=True)
    assert _teams(app) == ["North", "South"]
    assert _user(app, "new@example.org") is None


def test_an_owner_creates_a_team_and_invites_its_first_admin(app, client, users, owner):
    page = client.get("/admin/teams").get_data(as_text=True)
    assert "<td>North</td>" in page and '<label for="name">Team name</label>' in page
    assert not re.search(r"<script(?![^>]*\bsrc=)", page)
    created = client.post("/admin/teams", data={"name": "  Aire Valley   CMHT "})
    assert created.status_code == 302
    page = client.get(created.headers["Location"]).get_data(as_text=True)
    assert "Team Aire Valley CMHT created." in page and "<td>Aire Valley CMHT</td>" in page
    for name, message in (
        ("aire valley cmht", "There is already a team called Aire Valley CMHT."),
        ("", "Enter a team name of 1 to 120 characters."),
        ("x" * 121, "Enter a team name of 1 to 120 characters."),
    ):
        refused = client.post("/admin/teams", data={"name": name})
        assert refused.status_code == 400
        assert f'<a href="#name">{message}</a>' in refused.get_data(as_text=True)
    assert _teams(app) == ["Aire Valley CMHT", "North", "South"]
    with app.app_context():
        team = accounts.team_named(db.get_session(), "Aire Valley CMHT")
        team_id = team.id
    data = {"email": "first@example.org", "name": "First", "role": "admin", "team": str(team_id)}
    invited = client.post("/admin/users", data=data)
    assert invited.status_code == 201
    assert "First will join <strong>Aire Valley CMHT</strong> as an admin." in invited.get_data(
        as_text=True
    )
    first = _user(app, "first@example.org")
    assert first.role == Role.ADMIN and first.team_id == team_id
    with app.app_context():
        rows = db.get_session().exec(select(AuditEvent)).all()
        actions = {(r.action, r.subject_ref, r.team_id) for r in rows}
    assert ("team.create", str(team_id), team_id) in actions
    assert ("user.invite", str(first.id), team_id) in actions


def test_owners_see_no_people_and_admins_no_teams_page(app, users):
    owner, admin = app.test_client(), app.test_client()
    for client, email in ((owner, "owner@example.org"), (admin, "admin@example.org")):
        client.post("/login", data={"email": email, "password": PASSWORD})
    home = owner.get("/").get_data(as_text=True)
    assert 'href="/admin/teams"' in home and 'href="/people"' not in home
    assert owner.get("/people").status_code == 403
    assert owner.get("/api/people").status_code == 403
    home = admin.get("/").get_data(as_text=True)
    assert 'href="/people"' in home and 'href="/admin/teams"' not in home
    assert admin.get("/admin/teams").status_code == 403


def test_a_team_name_close_to_another_gets_its_own_slug(app):
    with app.app_context(), db.write_session() as session:
        first = accounts.create_team(session, "North!")
        second = accounts.create_team(session, "North?")
        assert (first.slug, second.slug) == ("north", "north-2")


# --- Migration 0007 --------------------------------------------------------------------------


def _add_user(engine, email: str, role: str, team_id: int | None) -> None:
    with engine.begin() as conn:
        conn.execute(
            insert(User.__table__).values(  # type: ignore[attr-defined]
                email=email,
                display_name="X",
                role=role,
                team_id=team_id,
                password_hash="",
                is_active=True,
                session_epoch=0,
                created_at=utcnow(),
            )
        )


def test_migration_0007_makes_team_less_admins_owners_and_back(app):
    engine = db.get_engine(app)
    config = db.alembic_config(engine)
    with app.app_context(), db.write_session() as session:
        team_id = accounts.get_or_create_team(session, "North").id
    command.downgrade(config, "0006")
    try:
        _add_user(engine, "old-admin@example.org", "admin", None)
        _add_user(engine, "team-admin@example.org", "admin", team_id)
        command.upgrade(config, "0007")
        assert _user(app, "old-admin@example.org").role == Role.OWNER
        assert _user(app, "team-admin@example.org").role == Role.ADMIN
        for email, role, team in (
            ("a@example.org", "admin", None),
            ("o@example.org", "owner", team_id),
        ):
            with pytest.raises(IntegrityError):
                _add_user(engine, email, role, team)
        with pytest.raises(IntegrityError), engine.begin() as conn:
            conn.exec_driver_sql(
                "UPDATE \"user\" SET team_id = NULL WHERE email = 'team-admin@example.org'"
            )
        command.downgrade(config, "0006")
        assert _user(app, "old-admin@example.org").role == Role.ADMIN
        _add_user(engine, "a@example.org", "admin", None)  # allowed again before 0007
    finally:
        command.upgrade(config, "heads")
    assert _user(app, "a@example.org").role == Role.OWNER
