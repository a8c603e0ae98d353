"""People: validated, team-scoped, with goals and small steps."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from core.db import get_session
from core.models import Team
from matcher import people, profile
from matcher.models import Goal, GoalStep, PersonCreate


def test_person_input_is_validated():
    with pytest.raises(ValidationError, match="unknown interest"):
        PersonCreate(label="A", interests=["basket-weaving"])
    with pytest.raises(ValidationError, match="ends"):
        PersonCreate(label="A", free_times=[{"day": "tu", "from": "16:00", "to": "14:00"}])
    ok = PersonCreate(label="A", free_times=[{"day": "Tuesday", "from": "9:00", "to": "12:00"}])
    assert ok.free_times == [{"day": "tu", "from": "09:00", "to": "12:00"}]


def test_people_are_seen_only_by_their_team(app):
    with app.app_context():
        session = get_session()
        a, b = Team(name="A team", slug="a"), Team(name="B team", slug="b")
        session.add_all([a, b])
        session.flush()
        data = PersonCreate(
            label="J.",
            reference="CG-17",
            age=24,
            gender="man",
            latitude=51.55,
            longitude=-0.12,
            interests=["guitar"],
            budget_pence=300,
            receives_benefits=True,
            max_km=3,
            free_times=[{"day": "tu", "from": "10:00", "to": "17:00"}],
        )
        p = people.create_person(session, data, a.id)
        p.goals = [Goal(title="Play with others", steps=[GoalStep(text="Visit the circle")])]
        session.commit()
        assert people.get_person(session, b.id, p.id) is None
        found = people.get_person(session, a.id, p.id)
        assert found is not None and found.goals[0].steps[0].status == "todo"
        prof = profile.from_person(found)
        assert prof.interests == ("guitar",) and prof.free_times[0].start == "10:00"
