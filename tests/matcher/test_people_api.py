"""The people JSON API: signed in, team-scoped (404 for other teams), CSRF on writes, audited."""

from __future__ import annotations

import functools

import pytest
from people_helpers import add_person, audit_rows, directory, person_data, south_practitioner


@pytest.fixture
def data(app, users):
    """The small directory and one person in team North."""
    return directory(app), add_person(app)


def test_signed_out_clients_get_a_json_401(client, data):
    response = client.get("/api/people")
    assert response.status_code == 401 and response.get_json()["status"] == 401


def test_members_are_refused(client, member, data):
    _, pid = data
    assert client.get("/api/people").status_code == 403
    assert client.get(f"/api/people/{pid}/matches").status_code == 403


def test_another_teams_person_is_not_found(app, client, auth, data):
    ids, pid = data
    auth.login(south_practitioner(app))
    assert client.get("/api/people").get_json() == {"people": []}
    for path in ("", "/matches", "/shortlist"):
        response = client.get(f"/api/people/{pid}{path}")
        assert response.status_code == 404, path
        assert response.get_json()["error"] == "Not Found"
        assert "J." not in response.get_data(as_text=True)
    assert client.put(f"/api/people/{pid}", json=person_data()).status_code == 404
    posted = client.post(f"/api/people/{pid}/shortlist", json={"resource_id": ids["Far Choir"]})
    assert posted.status_code == 404
    assert client.delete(f"/api/people/{pid}/shortlist/{ids['Far Choir']}").status_code == 404


def test_a_reference_already_in_the_team_is_refused_and_nothing_is_added(
    client, practitioner, data
):
    _, pid = data  # J., reference CG-17
    before = client.get("/api/people").get_json()["people"]
    response = client.post("/api/people", json=person_data(label="M.", reference=" cg-17 "))
    assert response.status_code == 400
    assert "already has this reference" in response.get_json()["fields"]["reference"]
    assert client.get("/api/people").get_json()["people"] == before
    assert client.put(f"/api/people/{pid}", json=person_data()).status_code == 200  # their own


def test_create_read_and_replace_a_person(app, client, practitioner, data):
    body = person_data(
        label="M.",
        reference="CG-18",
        goals=[
            {"title": "Sing again", "steps": ["Find a choir", {"text": "Go", "status": "doing"}]}
        ],
    )
    created = client.post("/api/people", json=body)
    assert created.status_code == 201, created.get_json()
    pid = created.get_json()["id"]
    assert created.get_json()["latitude"] == pytest.approx(51.5548)
    got = client.get(f"/api/people/{pid}").get_json()
    assert got["label"] == "M." and got["goals"][0]["steps"][1] == {"text": "Go", "status": "doing"}
    listed = client.get("/api/people").get_json()["people"]
    assert {"M.", "J."} == {p["label"] for p in listed}
    replaced = client.put(f"/api/people/{pid}", json={**body, "budget_pence": 500, "goals": []})
    assert replaced.status_code == 200
    assert replaced.get_json()["budget_pence"] == 500 and replaced.get_json()["goals"] == []
    rows = audit_rows(app)
    actions = [
        (r.action, r.subject_ref)
        for r in rows
        if r.subject_type == "person" and r.subject_ref == str(pid)
    ]
    assert actions == [
        ("person.create", str(pid)),
        ("person.view", str(pid)),
        ("person.update", str(pid)),
    ]


def test_bad_json_gets_clear_messages_and_changes_nothing(client, practitioner, data):
    before = client.get("/api/people").get_json()["people"]
    other = functools.partial(person_data, reference="CG-50")  # not J.'s reference
    for body, field in (
        (other(interests=["basket-weaving"]), "interests"),
        (other(free_times=[{"day": "tu", "from": "16:00", "to": "14:00"}]), "free_times"),
        (other(label=""), "label"),
        (other(postcode="ZZ9 9ZZ"), "postcode"),
        (other(postcode="", place="Nowhere-on-Sea"), "place"),
        (other(goals=[{"title": ""}]), "goals.0.title"),
    ):
        response = client.post("/api/people", json=body)
        assert response.status_code == 400, body
        answer = response.get_json()
        assert answer["error"] == "Bad Request" and field in answer["fields"], answer
    not_json = client.post("/api/people", data="label=x", content_type="text/plain")
    assert not_json.status_code == 400 and "JSON object" in not_json.get_json()["fields"][""]
    assert client.get("/api/people").get_json()["people"] == before


def test_writes_need_a_csrf_token(client, practitioner, data):
    response = client.post("/api/people", json=person_data(), csrf=False)
    assert response.status_code == 400
    assert "did not come from this site" in response.get_json()["message"]


def test_matches_and_relaxing_a_rule(app, client, practitioner, data):
    _, pid = data
    first = client.get(f"/api/people/{pid}/matches").get_json()
    names = [s["name"] for s in first["suggestions"]]
    assert "Canal Singers" in names and "Pottery Corner" not in names
    near = {n["name"]: n for n in first["near_misses"]}
    assert near["Pottery Corner"]["rule"] == "cost" and near["Pottery Corner"]["barrier"]
    assert all(s["reasons"] for s in first["suggestions"])
    relaxed = client.get(f"/api/people/{pid}/matches?budget=2").get_json()
    assert "Pottery Corner" in [s["name"] for s in relaxed["suggestions"]]
    assert relaxed["relaxed"]["budget_pounds"] == 2
    assert len(audit_rows(app, "match.run")) == 2


def test_shortlist_add_list_and_remove(app, client, practitioner, data):
    ids, pid = data
    url = f"/api/people/{pid}/shortlist"
    added = client.post(url, json={"resource_id": ids["Pottery Corner"]})
    assert added.status_code == 201
    assert added.get_json()["items"] == [
        {"resource_id": ids["Pottery Corner"], "name": "Pottery Corner", "cost_pence": 400}
    ]
    assert client.post(url, json={"resource_id": ids["Pottery Corner"]}).status_code == 200
    missing = client.post(url, json={"resource_id": "nope"})
    assert missing.status_code == 400 and "not in the directory" in missing.get_json()["message"]
    assert client.post(url, json={}).status_code == 400
    assert len(client.get(url).get_json()["items"]) == 1
    assert client.delete(f"{url}/{ids['Pottery Corner']}").status_code == 200
    assert client.get(url).get_json()["items"] == []
    assert client.delete(f"{url}/{ids['Pottery Corner']}").status_code == 404
    assert [r.action for r in audit_rows(app) if r.action.startswith("shortlist.")] == [
        "shortlist.add",
        "shortlist.add",
        "shortlist.remove",
    ]
