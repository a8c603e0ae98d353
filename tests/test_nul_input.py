"""A NUL character in any field is refused with a message naming the field, and nothing changes.

PostgreSQL cannot store the character at all, so without the check these were server errors there.
"""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from core.db import get_session
from matcher.models import Person


def _people(app: Flask) -> int:
    with app.app_context():
        return int(get_session().scalar(select(func.count()).select_from(Person)) or 0)


def test_a_form_field_with_a_nul_is_refused_by_name(client: FlaskClient, users) -> None:
    answer = client.post("/login", data={"email": "member@example.org\x00", "password": "x"})
    assert answer.status_code == 400
    page = answer.get_data(as_text=True)
    assert "&#39;email&#39; must not contain a NUL character" in page
    assert "\x00" not in page


def test_a_json_field_with_a_nul_is_refused_by_name(app: Flask, client, practitioner) -> None:
    before = _people(app)
    answer = client.post("/api/people", json={"label": "J.", "goals": [{"title": "a\x00b"}]})
    assert answer.status_code == 400
    body = answer.get_json()
    assert list(body["fields"]) == ["goals.0.title"]
    assert "NUL character" in body["fields"]["goals.0.title"]
    assert _people(app) == before
    fine = client.post("/api/people", json={"label": "J.", "reference": "CG-1"})
    assert fine.status_code == 201  # the same request without the character is accepted
    assert _people(app) == before + 1


def test_a_query_parameter_with_a_nul_is_refused_by_name(client: FlaskClient) -> None:
    answer = client.get("/public/search", query_string={"q": "choir\x00"})
    assert answer.status_code == 400
    assert "&#39;q&#39; must not contain a NUL character" in answer.get_data(as_text=True)
    assert client.get("/public/search", query_string={"q": "choir"}).status_code == 200


def test_the_hsds_api_names_the_parameter_too(client: FlaskClient) -> None:
    answer = client.get("/api/hsds/services", query_string={"search": "a\x00b"})
    assert answer.status_code == 400
    assert answer.get_json()["fields"] == {
        "search": "'search' must not contain a NUL character (it cannot be stored). Remove it."
    }


def test_pasted_text_with_a_nul_in_quick_add_is_kept_without_it_and_said(
    app: Flask, client: FlaskClient, member
) -> None:
    form = {"name": "Knit\x00 and natter", "place": "N7 6QT", "action": "save-anyway"}
    answer = client.post("/workspace/add", data=form)
    page = answer.get_data(as_text=True)
    assert answer.status_code == 400 and "hidden character (NUL)" in page
    assert 'value="Knit and natter"' in page  # what was typed is kept, less the NUL
    saved = client.post("/workspace/add", data={**form, "name": "Knit and natter"})
    assert saved.status_code == 302
