"""Subject access, erasure and retention: behind a fresh password, team-scoped and audited."""

from __future__ import annotations

import json
import logging
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from conftest import PASSWORD
from flask import Flask
from people_helpers import add_person as _add_person
from people_helpers import audit_rows, directory, south_practitioner
from sqlalchemy import text, update
from sqlmodel import SQLModel

from directory import db
from directory.auth import PASSWORD_CHECKED
from directory.models import utcnow
from matcher import features, privacy, score
from matcher.models import Goal, GoalStep, Person

CANARY = "zqxcanary7731"


def add_person(app: Flask, team: str = "North", **changes: Any) -> int:
    """A person with no home postcode (no gazetteer needed)."""
    return _add_person(app, team, **{"postcode": "", **changes})


def _confirm(client: Any, password: str = PASSWORD, next_url: str = "/people") -> Any:
    return client.post("/confirm-password", data={"password": password, "next": next_url})


def _planted(app: Flask) -> int:
    """A North person with the canary in every free-text field, goals and steps."""
    pid = add_person(
        app,
        label=f"L{CANARY}"[:80],
        reference=f"R{CANARY}",
        place="",
        notes=f"notes {CANARY} likes singing",
    )
    with app.app_context(), db.write_session() as session:
        person = session.get(Person, pid)
        assert person is not None
        goal = Goal(title=f"goal {CANARY}")  # type: ignore[call-arg]
        goal.steps = [GoalStep(text=f"step {CANARY}")]  # type: ignore[call-arg]
        person.goals = [goal]
    return pid


def _dump_database(app: Flask) -> str:
    """Every row of every table as text."""
    out = []
    with app.app_context():
        conn = db.get_session().connection()
        for table in SQLModel.metadata.sorted_tables:
            out += [repr(tuple(row)) for row in conn.execute(table.select())]
        db.get_session().rollback()
    return "\n".join(out)


def test_export_and_erase_need_the_password_again(app, users, client, auth):
    pid = add_person(app)
    auth.login("practitioner@example.org")
    for url in (f"/people/{pid}/export", f"/people/{pid}/export.json", f"/people/{pid}/erase"):
        response = client.get(url)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/confirm-password?next=")
    assert client.post(f"/people/{pid}/erase", data={"confirm": "erase"}).status_code == 302
    assert _confirm(client, "wrong password").status_code == 401
    assert audit_rows(app, "reauth.fail")[-1].outcome == "refused"
    response = _confirm(client, next_url=f"/people/{pid}/export")
    assert response.headers["Location"] == f"/people/{pid}/export"
    assert client.get(f"/people/{pid}/export").status_code == 200
    # The window closes after a few minutes.
    with client.session_transaction() as sess:
        sess[PASSWORD_CHECKED] = int(time.time()) - 6 * 60
    assert client.get(f"/people/{pid}/export").status_code == 302


def test_export_holds_everything_about_the_person_and_is_audited(app, users, client, auth):
    ids = directory(app)
    pid = _planted(app)
    auth.login("practitioner@example.org")
    client.get(f"/people/{pid}/matches")
    client.post(f"/people/{pid}/shortlist", data={"resource_id": ids["Canal Singers"]})
    _confirm(client)
    page = client.get(f"/people/{pid}/export").get_data(as_text=True)
    for words in (f"notes {CANARY}", f"goal {CANARY}", f"step {CANARY}", "match.run"):
        assert words in page
    response = client.get(f"/people/{pid}/export.json")
    assert response.headers["Content-Disposition"] == f'attachment; filename="person-{pid}.json"'
    data = json.loads(response.data)
    assert data["person"]["notes"] == f"notes {CANARY} likes singing"
    # Every table that refers to a person (including ones added later) is in the export.
    assert {link.table.name for link in privacy.linked_tables()} <= set(data["records"])
    assert [r["resource_id"] for r in data["records"]["shortlist_item"]] == [ids["Canal Singers"]]
    assert {"match.run", "shortlist.add", "person.export"} <= {r["action"] for r in data["audit"]}
    assert len(audit_rows(app, "person.export")) == 2


def test_another_teams_person_cannot_be_exported_or_erased(app, users, client, auth):
    pid = add_person(app, "South")
    auth.login("practitioner@example.org")
    _confirm(client)
    assert client.get(f"/people/{pid}/export").status_code == 404
    assert client.get(f"/people/{pid}/export.json").status_code == 404
    assert client.post(f"/people/{pid}/erase", data={"confirm": "erase"}).status_code == 404
    with app.app_context():
        assert db.get_session().get(Person, pid) is not None


def test_erasure_leaves_no_trace(app, users, client, auth, caplog):
    caplog.set_level(logging.DEBUG)
    ids = directory(app)
    pid = _planted(app)
    auth.login("practitioner@example.org")
    assert CANARY in client.get(f"/people/{pid}").get_data(as_text=True)
    client.get(f"/people/{pid}/matches")
    client.post(f"/people/{pid}/shortlist", data={"resource_id": ids["Canal Singers"]})
    assert score.term_weights.cache_info().currsize > 0
    assert CANARY in _dump_database(app)
    _confirm(client)
    refused = client.post(f"/people/{pid}/erase", data={})
    assert refused.status_code == 400 and "Tick the box" in refused.get_data(as_text=True)
    response = client.post(f"/people/{pid}/erase", data={"confirm": "erase"})
    assert response.status_code == 302 and response.headers["Location"] == "/people"
    assert client.get(f"/people/{pid}").status_code == 404
    dump = _dump_database(app)
    assert CANARY not in dump
    assert CANARY.upper() not in dump.upper()
    index = Path(app.config["INDEX_DIR"])
    for path in index.rglob("*"):
        if path.is_file():
            assert CANARY.encode() not in path.read_bytes(), path
    assert CANARY not in caplog.text
    # The audit log keeps the erasure and the person's number only.
    erased = audit_rows(app, "person.erase")
    assert [(r.subject_type, r.subject_ref) for r in erased] == [("person", str(pid))]
    # Memoised ranking results that held their words are dropped on the next ranking.
    with app.app_context():
        features.get_features(db.get_session())
    assert score.term_weights.cache_info().currsize == 0


def _age(app: Flask, pid: int, days: int) -> None:
    """Make a person (and their rows) look untouched for `days` days."""
    when = utcnow() - timedelta(days=days)
    with app.app_context(), db.write_session() as session:
        session.execute(
            update(Person).where(Person.id == pid).values(created_at=when, updated_at=when)  # type: ignore[arg-type]
        )


def test_retention_lists_and_purges_only_inactive_people(app, users, client, auth, runner):
    old = add_person(app, label="Old")
    recent = add_person(app, label="Recent")
    old_south = add_person(app, "South", label="Old S.")
    _age(app, old, 800)
    _age(app, recent, 800)
    _age(app, old_south, 800)
    auth.login("practitioner@example.org")
    client.get(f"/people/{recent}")  # a view is activity
    page = client.get("/people/review").get_data(as_text=True)
    assert "Old" in page and "Recent" not in page and "Old S." not in page
    before = _dump_database(app)
    dry = runner.invoke(args=["purge", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "2 people inactive for over 730 days (dry run: none erased)" in dry.output
    assert _dump_database(app) == before
    applied = runner.invoke(args=["purge", "--apply"])
    assert applied.exit_code == 0, applied.output
    assert "Erased 2 people" in applied.output
    with app.app_context():
        left = {p.id for p in db.get_session().exec(Person.__table__.select())}  # type: ignore[attr-defined]
    assert left == {recent}
    assert {r.subject_ref for r in audit_rows(app, "person.erase")} == {str(old), str(old_south)}


def test_export_and_erase_commands(app, users, runner, tmp_path):
    pid = _planted(app)
    south_practitioner(app)
    missing = runner.invoke(args=["export-person", "nobody", "--out", str(tmp_path)])
    assert missing.exit_code != 0 and "No person has that reference" in missing.output
    result = runner.invoke(args=["export-person", f"R{CANARY}", "--out", str(tmp_path / "sar")])
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "sar" / f"person-{pid}.json").read_text())
    assert data["records"]["goal"][0]["title"] == f"goal {CANARY}"
    html = (tmp_path / "sar" / f"person-{pid}.html").read_text()
    assert f"step {CANARY}" in html and "<table>" in html
    assert audit_rows(app, "person.export")[-1].subject_ref == str(pid)
    erased = runner.invoke(args=["erase-person", f"R{CANARY}", "--yes"])
    assert erased.exit_code == 0, erased.output
    assert CANARY not in _dump_database(app)
    with app.app_context():
        assert db.get_session().execute(text("SELECT count(*) FROM goal_step")).scalar() == 0
