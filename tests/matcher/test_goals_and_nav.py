"""One main navigation by role, the person's tabs, and ticking off goal steps on the goals tab."""

from __future__ import annotations

import re

import pytest
from people_helpers import add_person, directory, south_practitioner

from core.db import get_session
from matcher.models import Person
from matcher.models.goals import Goal, GoalStep, StepStatus


@pytest.fixture
def person(app, users) -> int:
    """A person in team North with one goal of two steps."""
    directory(app)
    pid = add_person(app)
    with app.app_context():
        session = get_session()
        found = session.get(Person, pid)
        goal = Goal(title="Get out twice a week")  # type: ignore[call-arg]
        goal.steps = [GoalStep(text="Walk to the park"), GoalStep(text="Join a group")]  # type: ignore[call-arg]
        found.goals = [goal]
        session.commit()
    return pid


def _menu(page: str) -> list[str]:
    nav = re.search(r'<nav aria-label="Main">(.*?)</nav>', page, re.S)
    assert nav
    return re.findall(r"<a [^>]*>([^<]+)</a>", nav.group(1))


def _current(page: str) -> list[str]:
    return re.findall(r'<a href="[^"]*" aria-current="page">([^<]+)</a>', page)


@pytest.mark.parametrize(
    ("role", "menu"),
    [
        ("member", ["Search", "Add a resource", "Review queue"]),
        ("practitioner", ["Search", "People", "Peers", "Follow-ups", "Team report"]),
        (
            "admin",
            [
                "Search",
                "People",
                "Peers",
                "Follow-ups",
                "Team report",
                "Add a resource",
                "Review queue",
                "Users",
                "Audit",
            ],
        ),  # fmt: skip
    ],
)
def test_the_menu_is_the_same_on_every_page_and_shows_what_the_role_can_do(
    client, auth, users, role, menu
):
    auth.login(f"{role}@example.org")
    pages = {"/": "Search", "/workspace/add": "Add a resource", "/workspace/review": "Review queue"}
    if role != "member":
        pages |= {"/people": "People", "/peers": "Peers", "/people/report": "Team report"}
        pages["/follow-ups"] = "Follow-ups"
    if role == "admin":
        pages |= {"/admin/users": "Users", "/admin/audit": "Audit"}
    for path, section in pages.items():
        page = client.get(path).get_data(as_text=True)
        assert _menu(page) == menu, path
        assert _current(page)[:1] == ([section] if section in menu else []), path


def test_the_owner_sees_teams_users_and_audit_and_no_people(client, owner):
    page = client.get("/admin/teams").get_data(as_text=True)
    assert _menu(page) == ["Search", "Users", "Teams", "Audit"]
    assert _current(page) == ["Teams"]


def test_every_person_page_has_the_same_tabs_with_the_current_one_marked(
    client, practitioner, person
):
    tabs = ["Profile", "Opportunities", "Shortlist", "Goals", "Connections", "Outcomes", "Peers"]
    for path, current in [("", "Profile"), ("/edit", "Profile"), ("/matches", "Opportunities"),
                          ("/shortlist", "Shortlist"), ("/goals", "Goals"),
                          ("/connections", "Connections"), ("/peers", "Peers")]:  # fmt: skip
        page = client.get(f"/people/{person}{path}").get_data(as_text=True)
        nav = re.search(r'<nav class="person-nav"[^>]*>(.*?)</nav>', page, re.S)
        assert nav, path
        assert re.findall(r">([^<]+)</a>", nav.group(1)) == tabs, path
        assert _current(page) == ["People", current], path


def _steps(app, pid: int) -> dict[str, str]:
    with app.app_context():
        found = get_session().get(Person, pid)
        return {s.text: str(s.status) for g in found.goals for s in g.steps}


def test_a_goal_step_is_ticked_off_on_the_goals_tab_and_comes_back_to_it(
    app, client, practitioner, person
):
    page = client.get(f"/people/{person}/goals").get_data(as_text=True)
    step_id = int(re.search(r'id="step-(\d+)"', page).group(1))
    assert "Walk to the park" in page and "Not started" in page
    answer = client.post(f"/people/{person}/goals/steps/{step_id}", data={"status": "done"})
    assert answer.status_code == 302
    assert answer.headers["Location"].endswith(f"/people/{person}/goals#step-{step_id}")
    assert _steps(app, person) == {"Walk to the park": StepStatus.DONE, "Join a group": "todo"}
    page = client.get(f"/people/{person}/goals").get_data(as_text=True)
    assert "The step is now done." in page
    assert "1 of 2 steps done" in client.get(f"/people/{person}").get_data(as_text=True)


def test_ticking_a_step_never_puts_its_words_in_the_cookie(app, client, practitioner, person):
    page = client.get(f"/people/{person}/goals").get_data(as_text=True)
    step_id = int(re.search(r'id="step-(\d+)"', page).group(1))
    client.post(f"/people/{person}/goals/steps/{step_id}", data={"status": "done"})
    cookie = client.get_cookie("session")
    held = app.session_interface.get_signing_serializer(app).loads(cookie.value)
    assert held.get("_flashes") and "Walk to the park" not in str(held)


def test_a_wrong_status_or_step_changes_nothing_and_says_which(app, client, practitioner, person):
    page = client.get(f"/people/{person}/goals").get_data(as_text=True)
    step_id = int(re.search(r'id="step-(\d+)"', page).group(1))
    answer = client.post(
        f"/people/{person}/goals/steps/{step_id}", data={"status": "finished"},
        follow_redirects=True,
    )  # fmt: skip
    assert "Status: choose not started, doing or done. Nothing was changed." in answer.get_data(
        as_text=True
    )
    answer = client.post(
        f"/people/{person}/goals/steps/999999", data={"status": "done"}, follow_redirects=True
    )
    assert "not one of this person" in answer.get_data(as_text=True)
    assert _steps(app, person) == {"Walk to the park": "todo", "Join a group": "todo"}


def test_another_teams_practitioner_cannot_tick_a_step(app, client, auth, person):
    with app.app_context():
        found = get_session().get(Person, person)
        step_id = found.goals[0].steps[0].id
    auth.login(south_practitioner(app))
    answer = client.post(f"/people/{person}/goals/steps/{step_id}", data={"status": "done"})
    assert answer.status_code == 404
    assert client.get(f"/people/{person}/goals").status_code == 404
    assert _steps(app, person)["Walk to the park"] == "todo"
