"""A unique string in every personal and team-only field never reaches anything public: pages,
the public API, iCal, the embed, /openapi.json, the search index, DEBUG logs or error pages;
a "might have changed" reason is seen by the team but not on the person's handout."""

from __future__ import annotations

import logging
from pathlib import Path

from conftest import PASSWORD
from people_helpers import add_person, directory
from sqlalchemy import text

from core import db
from core.auth import access_level
from directory.models import ResourceCreate
from directory.resources import create_resource
from directory.stewardship.freshness import flag_changed
from matcher.models import Goal, GoalStep, Person

CANARY = "qpcanary4471"


def _plant(app, ids):
    """The canary in every person field that takes text and every team-only resource field."""
    pid = add_person(
        app,
        label=f"{CANARY}L",
        reference=f"{CANARY}R",
        notes=f"{CANARY} notes, likes singing",
    )
    with app.app_context(), db.write_session() as session:
        person = session.get(Person, pid)
        goal = Goal(title=f"{CANARY} goal")  # type: ignore[call-arg]
        goal.steps = [GoalStep(text=f"{CANARY} step")]  # type: ignore[call-arg]
        person.goals = [goal]
        team_only = ResourceCreate(
            name="Open choir",
            description="Everyone welcome to sing.",
            interests=["singing"],
            locations=[{"postcode": "N7 6QT", "latitude": 51.5548, "longitude": -0.1192}],
            team_notes=f"{CANARY} team note",
            team_contact=f"{CANARY} contact",
            told_by=f"{CANARY} told",
            source=f"{CANARY} source",
        )
        resource = create_resource(session, team_only, confirmed=True)
        flag_changed(session, resource, None, f"{CANARY} heard it moved to Tuesdays")
        ids["team_only"] = resource.id
    return pid


def test_canary_never_reaches_public_output(app, users, client, caplog):
    caplog.set_level(logging.DEBUG)
    ids = directory(app)
    pid = _plant(app, ids)
    # Signed in, the practitioner uses every page about the person (so logs see the work).
    staff = app.test_client()
    staff.post("/login", data={"email": "practitioner@example.org", "password": PASSWORD})
    for url in (f"/people/{pid}", f"/people/{pid}/matches", f"/people/{pid}/handout"):
        assert staff.get(url).status_code == 200
    staff.post(f"/people/{pid}/shortlist", data={"resource_id": ids["team_only"]})
    assert CANARY in staff.get(f"/people/{pid}").get_data(as_text=True)  # the canary is there
    # The team sees the reason on the resource page and its search card ...
    for url in (f"/resources/{ids['team_only']}", "/?q=choir"):
        assert f"{CANARY} heard it moved to Tuesdays" in staff.get(url).get_data(as_text=True)
    # ... and the person's handout says only to check, never why.
    handout = staff.get(f"/people/{pid}/handout").get_data(as_text=True)
    assert "please check before you go" in handout
    assert f"{CANARY} heard" not in handout
    seen: dict[str, str] = {}
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if "GET" not in (rule.methods or set()) or rule.endpoint == "static":
                continue
            if access_level(app, rule.endpoint) != "public":
                continue
            values = {name: ids["team_only"] for name in rule.arguments}
            seen[rule.rule] = app.url_for(rule.endpoint, **values)
    urls = [
        *seen.values(),
        "/search?q=choir",
        "/search?q=notes",
        "/public/search?q=choir",
        "/public/search?q=tuesdays",
        "/public/embed?q=choir",
        f"/public/resources/{ids['team_only']}.ics",
        f"/api/hsds/services/{ids['team_only']}",
        "/api/hsds/services?per_page=100",
        "/openapi.json",
        "/no-such-page",
        "/resources/no-such-entry",
        "/search?lat=abc",
    ]
    # The flagged entry is still public (its facts are confirmed): the pages do show it.
    for url in ("/public/search?q=choir", "/public/embed?q=choir"):
        assert "Open choir" in client.get(url).get_data(as_text=True)
    # Its reason is not indexed: searching the words heard does not find it.
    assert "Open choir" not in client.get("/public/search?q=tuesdays").get_data(as_text=True)
    hits = []
    for url in urls:
        body = client.get(url).get_data(as_text=True)
        if CANARY in body:
            hits.append(url)
    for path in Path(app.config["INDEX_DIR"]).rglob("*"):
        if path.is_file() and CANARY.encode() in path.read_bytes():
            hits.append(str(path))
    with app.app_context():
        session = db.get_session()
        if session.get_bind().dialect.name == "postgresql":
            rows = session.execute(text("SELECT * FROM resource_search")).all()
            if CANARY in repr(rows):
                hits.append("resource_search")
    if CANARY in caplog.text:
        hits.append("log output")
    assert len(urls) > 8
    assert hits == []


def test_no_page_title_names_the_person(app, users, client, practitioner):
    """Titles reach browser history, tabs, bookmarks and shared screens: never the label."""
    directory(app)
    pid = add_person(app, label=f"{CANARY}L", reference=f"{CANARY}R")
    pages = ("", "/edit", "/matches", "/shortlist", "/goals", "/connections", "/outcomes")
    for path in (*pages, "/peers"):
        body = client.get(f"/people/{pid}{path}").get_data(as_text=True)
        title = body.split("<title>", 1)[1].split("</title>", 1)[0]
        assert CANARY not in title, path
        assert CANARY in body, path  # the page itself still names them
        assert f"person {pid}" in title.lower(), path  # tabs stay told apart
