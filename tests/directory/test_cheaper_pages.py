"""Search pages that do less work per request still show what changed: cards follow edits,
public searches skip the snippets they never show, and audit rows are still written one per
match run."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import select

from core.db import get_session
from core.models import AuditEvent
from directory.models import GazetteerEntry, Organisation, Resource, ResourceSession
from directory.search import get_search
from tests.directory.public_helpers import add_resource, walking_group


def _names(html: str) -> list[str]:
    return re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', html)


def _edit(app: Flask, resource_id: str, **columns: Any) -> None:
    with app.app_context():
        session = get_session()
        resource = session.get(Resource, resource_id)
        assert resource is not None
        for name, value in columns.items():
            setattr(resource, name, value)
        session.commit()


def test_a_public_card_seen_before_an_edit_shows_the_edit(app: Flask, client: FlaskClient) -> None:
    rid = add_resource(app, walking_group())
    assert _names(client.get("/public/search?q=walking").get_data(as_text=True)) == [
        "Tuesday walking group"
    ]
    _edit(app, rid, name="Tuesday walking club")
    # Another query string: a fresh page, the same card.
    renamed = client.get("/public/search?q=walking&sort=name").get_data(as_text=True)
    assert _names(renamed) == ["Tuesday walking club"]
    _edit(app, rid, is_public=False)
    hidden = client.get("/public/search?q=walking&sort=name&page=1").get_data(as_text=True)
    assert _names(hidden) == []


def test_a_team_card_shows_organisation_review_state_and_distance(
    app: Flask, member: Any, client: FlaskClient
) -> None:
    with app.app_context():
        session = get_session()
        session.add(Organisation(id="org-1", name="Friends of the Park"))
        session.add(
            GazetteerEntry(
                key="N7 6QT", kind="postcode", name="N7 6QT", latitude=51.553, longitude=-0.113
            )
        )
        session.commit()
    add_resource(app, walking_group(organisation_id="org-1"), confirmed=False)
    page = client.get("/?q=walking&near=N7+6QT&benefits=1").get_data(as_text=True)
    cards = page.split('<li class="card result"')[1:]
    assert len(cards) == 1 and "Tuesday walking group" in cards[0]
    assert '<p class="org">Friends of the Park</p>' in cards[0]
    assert "Needs checking" in cards[0] and "Not confirmed since" not in cards[0]
    assert "<dt>Cost</dt><dd>Free with benefits</dd>" in cards[0]
    assert re.search(r"<dt>Distance</dt><dd>0\.\d km \(0\.\d miles\)</dd>", cards[0])
    assert '"place": "Park gates"' in page  # the map pin


def test_a_team_card_seen_before_an_edit_shows_the_edit(
    app: Flask, member: Any, client: FlaskClient
) -> None:
    with app.app_context():
        session = get_session()
        session.add(Organisation(id="org-1", name="Friends of the Park"))
        session.commit()
    rid = add_resource(app, walking_group(organisation_id="org-1"))
    assert "Friends of the Park" in client.get("/?q=walking").get_data(as_text=True)
    _edit(app, rid, name="Tuesday walking club", review_state="needs-checking")
    with app.app_context():
        session = get_session()
        org = session.get(Organisation, "org-1")
        assert org is not None
        org.name = "Park Friends"  # does not move the directory version
        session.commit()
    page = client.get("/?q=walking&sort=name").get_data(as_text=True)
    assert _names(page) == ["Tuesday walking club"]
    assert "Needs checking" in page and '<p class="org">Park Friends</p>' in page


def test_public_search_leaves_out_snippets_the_team_page_shows(
    app: Flask, member: Any, client: FlaskClient
) -> None:
    add_resource(app, walking_group())
    with app.app_context():
        backend = get_search()
        assert backend.search("park").snippets  # the team page highlights the match
        without = backend.search("park", snippets=False)
        assert without.ids == backend.search("park").ids and without.snippets == {}
    assert "<mark>park</mark>" in client.get("/?q=park").get_data(as_text=True)


def test_each_audit_record_is_one_row_with_its_time(app: Flask) -> None:
    from core import audit

    with app.app_context():
        audit.record("match.run", "person", 7, None, None)
        audit.record("match.run", "person", 7, None, None)
        rows = get_session().exec(select(AuditEvent)).all()
    assert [(r.action, r.subject_ref, r.outcome) for r in rows] == [("match.run", "7", "ok")] * 2
    assert all(r.at is not None and r.at.tzinfo is not None for r in rows)


def test_a_kept_card_follows_a_change_to_its_sessions_alone(
    app: Flask, client: FlaskClient
) -> None:
    rid = add_resource(app, walking_group())
    other = add_resource(app, walking_group(name="Canal walkers", phone="020 7946 0002"))
    first = client.get("/public/search?q=walking&sort=name").get_data(as_text=True)
    assert _names(first) == ["Canal walkers", "Tuesday walking group"]
    assert "Thursday" not in first.split('<li class="card result">')[2]
    with app.app_context():
        session = get_session()
        resource = session.get(Resource, rid)
        assert resource is not None
        for s in resource.sessions:
            session.delete(s)
        resource.sessions.append(ResourceSession(day="th", start="18:00", end="19:00"))
        session.commit()
    _edit(app, other, name="Canal walking club")  # another change: a later directory version
    page = client.get("/public/search?q=walking&sort=name").get_data(as_text=True)
    assert _names(page) == ["Canal walking club", "Tuesday walking group"]
    card = page.split('<li class="card result">')[2]
    assert "Thursday" in card and "Tuesday 10" not in card
