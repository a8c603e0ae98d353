"""A person's label never looks like a full name: the form and the API refuse one, saying why."""

from __future__ import annotations

import html

import pytest
from people_helpers import add_person, audit_rows, directory, person_data
from sqlmodel import select

from core.db import get_session
from matcher.labels import looks_like_full_name
from matcher.models import Person

FULL_NAMES = ("Jane Smith", "Mary-Ann O'Neill", "call Jane Smith on Tuesdays")
LABELS = ("J.S.", "Tuesday walker", "JS-12", "Sam", "Q. Other")


@pytest.fixture
def data(app, users):
    """The small directory and one person in team North."""
    directory(app)
    return add_person(app)


def _labels(app) -> list[str]:
    with app.app_context():
        return sorted(get_session().exec(select(Person.label)).all())


@pytest.mark.parametrize("label", FULL_NAMES)
def test_full_names_are_recognised(label):
    assert looks_like_full_name(label)


@pytest.mark.parametrize("label", LABELS)
def test_initials_nicknames_and_references_are_not(label):
    assert not looks_like_full_name(label)


def test_the_form_refuses_a_full_name_and_says_what_to_use(app, client, practitioner, data):
    before = _labels(app)
    for path in ("/people/new", f"/people/{data}/edit"):
        response = client.post(path, data={"label": "Jane Smith", "where": "N7 6QT"})
        assert response.status_code == 400, path
        page = html.unescape(response.get_data(as_text=True))
        assert "That looks like a full name" in page and "'J.S.'" in page, path
        assert 'id="label-error"' in page, path
    assert _labels(app) == before
    assert audit_rows(app, "person.create") == [] and audit_rows(app, "person.update") == []


def test_the_api_refuses_a_full_name_and_says_what_to_use(app, client, practitioner, data):
    before = _labels(app)
    for response in (
        client.post("/api/people", json=person_data(label="Jane Smith")),
        client.put(f"/api/people/{data}", json=person_data(label="Jane Smith")),
    ):
        assert response.status_code == 400
        message = response.get_json()["fields"]["label"]
        assert message.startswith("That looks like a full name") and "initials" in message
    assert _labels(app) == before


@pytest.mark.parametrize("label", ["J.S.", "Tuesday walker", "JS-12"])
def test_labels_that_are_not_full_names_are_saved(app, client, practitioner, data, label):
    created = client.post("/api/people", json=person_data(label=label, reference="CG-50"))
    assert created.status_code == 201, created.get_json()
    form = client.post(f"/people/{data}/edit", data={"label": label, "where": "N7 6QT"})
    assert form.status_code == 302
    assert _labels(app) == [label, label]
