"""Subject access, erasure and retention: behind a fresh password, team-scoped and audited."""

from __future__ import annotations

import json
import logging
import re
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from conftest import PASSWORD
from flask import Flask
from people_helpers import add_person as _add_person
from people_helpers import audit_rows, directory, south_practitioner
from sqlalchemy import text, update
from sqlmodel import SQLModel

from core import db
from core.auth import PASSWORD_CHECKED
from core.times import utcnow
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
    # Times in the deployment's zone, as on every other page (December: GMT).
    assert "(UTC)" not in page and re.search(r"\d{1,2} \w+ \d{4}, \d\d:\d\d (GMT|BST)", page)
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
    missing = runner.invoke(args=["export-person", "--ref", "nobody", "--out", str(tmp_path)])
    assert missing.exit_code != 0 and "--ref: no person has that reference" in missing.output
    result = runner.invoke(
        args=["export-person", "--ref", f"R{CANARY}", "--out", str(tmp_path / "sar")]
    )
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "sar" / f"person-{pid}.json").read_text())
    assert data["records"]["goal"][0]["title"] == f"goal {CANARY}"
    html = (tmp_path / "sar" / f"person-{pid}.html").read_text()
    assert f"step {CANARY}" in html and "<table>" in html
    assert audit_rows(app, "person.export")[-1].subject_ref == str(pid)
    erased = runner.invoke(args=["erase-person", "--ref", f"R{CANARY}", "--yes"])
    assert erased.exit_code == 0, erased.output
    assert CANARY not in _dump_database(app)
    with app.app_context():
        assert db.get_session().execute(text("SELECT count(*) FROM goal_step")).scalar() == 0


# --- Naming the person on the command line ---------------------------------------------------


def test_the_commands_take_a_number_or_a_reference_never_one_for_the_other(
    app, users, runner, tmp_path
):
    north = add_person(app, reference="CG-1")
    # Team South's reference is North's person's number: the wrong-person export.
    south = add_person(app, "South", reference=str(north))
    by_id = runner.invoke(args=["export-person", "--id", str(north), "--out", str(tmp_path)])
    assert by_id.exit_code == 0, by_id.output
    assert json.loads((tmp_path / f"person-{north}.json").read_text())["person"]["id"] == north
    by_ref = runner.invoke(args=["export-person", "--ref", str(north), "--out", str(tmp_path)])
    assert by_ref.exit_code == 0, by_ref.output
    assert json.loads((tmp_path / f"person-{south}.json").read_text())["person"]["id"] == south
    for args in (
        [str(north)],  # a bare word: is it a number or a reference? Refused.
        [],
        ["--id", str(north), "--ref", "CG-1"],
        ["--id", str(north), "--team", "North"],
    ):
        refused = runner.invoke(args=["export-person", *args, "--out", str(tmp_path / "x")])
        assert refused.exit_code == 2, refused.output
        assert "Traceback" not in refused.output
    unknown = runner.invoke(args=["erase-person", "--id", "999999", "--yes"])
    assert unknown.exit_code == 1 and "--id: no person has the number 999999" in unknown.output
    no_team = runner.invoke(args=["erase-person", "--ref", "CG-1", "--team", "Nowhere", "--yes"])
    assert no_team.exit_code == 1 and "--team: there is no team called 'Nowhere'" in no_team.output
    assert not (tmp_path / "x").exists()
    assert {r.subject_ref for r in audit_rows(app, "person.export")} == {str(north), str(south)}


def test_an_ambiguous_reference_is_refused_and_nothing_is_erased(app, users, runner):
    north = add_person(app, reference="CG-7")
    south = add_person(app, "South", reference="CG-7")
    before = _dump_database(app)
    refused = runner.invoke(args=["erase-person", "--ref", "CG-7", "--yes"])
    assert refused.exit_code == 1
    assert f"--ref: 2 people have that reference (#{north}, #{south})" in refused.output
    assert "add --team NAME or use --id N" in refused.output
    assert _dump_database(app) == before
    chosen = runner.invoke(args=["erase-person", "--ref", "CG-7", "--team", "South", "--yes"])
    assert chosen.exit_code == 0, chosen.output
    with app.app_context():
        left = {p.id for p in db.get_session().exec(Person.__table__.select())}  # type: ignore[attr-defined]
    assert left == {north}


# --- Numbers are never reused ----------------------------------------------------------------


def test_an_erased_persons_number_is_never_given_again(app, users, runner, client, auth):
    first = add_person(app, label="First")
    newest = add_person(app, label="Newest")
    erased = runner.invoke(args=["erase-person", "--id", str(newest), "--yes"])
    assert erased.exit_code == 0, erased.output
    after_cli = add_person(app, label="After")
    assert after_cli > newest > first
    auth.login("practitioner@example.org")
    _confirm(client)
    client.post(f"/people/{after_cli}/erase", data={"confirm": "erase"})
    assert add_person(app, label="Later") > after_cli
    # The audit log's rows about each number are about one person only.
    refs = [r.subject_ref for r in audit_rows(app, "person.erase")]
    assert refs == [str(newest), str(after_cli)]


# --- Erasure leaves nothing in the database files --------------------------------------------

WIPE = "zqwipe5182"  # exactly 10 characters: fits the postcode too


def _plant_everywhere(app: Flask, resource_id: str) -> int:
    """A person with the canary in every personal text field, goals, connection log and ties."""
    from datetime import date

    from matcher.models import Connection, ConnectionEvent, ShortlistItem, Tie

    pid = add_person(
        app,
        label=f"L{WIPE}",
        reference=f"R{WIPE}",
        postcode=WIPE,
        place=f"P{WIPE}",
        latitude=53.8,
        longitude=-1.6,
        notes=f"N{WIPE} " + "x" * 4000,  # long enough to need overflow pages on SQLite
    )
    with app.app_context(), db.write_session() as session:
        person = session.get(Person, pid)
        assert person is not None
        goal = Goal(title=f"G{WIPE}")  # type: ignore[call-arg]
        goal.steps = [GoalStep(text=f"S{WIPE}")]  # type: ignore[call-arg]
        person.goals = [goal]
        session.add(ShortlistItem(person_id=pid, resource_id=resource_id))
        link = Connection(
            person_id=pid, resource_id=resource_id, stage="stopped", stage_on=date.today()
        )
        session.add(link)
        session.flush()
        session.add(
            ConnectionEvent(
                connection_id=int(link.id or 0),
                stage="stopped",
                happened_on=date.today(),
                reason="other",
                reason_text=f"C{WIPE}",
            )
        )
        session.add(
            Tie(
                person_id=pid,
                label=f"T{WIPE}",
                kind="bridging",
                closeness="close",
                started_on=date.today(),
            )
        )
    return pid


def _database_files(app: Flask) -> dict[str, bytes]:
    """The raw bytes of the SQLite database, its -wal and -shm, and every index file."""
    path = db.sqlite_path(app.config["DATABASE_URL"])
    assert path is not None
    files = [path.with_name(path.name + suffix) for suffix in ("", "-wal", "-shm")]
    files += [p for p in Path(app.config["INDEX_DIR"]).rglob("*") if p.is_file()]
    return {str(p): p.read_bytes() for p in files if p.exists()}


def _vacuum_counts(app: Flask) -> dict[str, int]:
    with app.app_context():
        rows = (
            db.get_session()
            .execute(text("SELECT relname, vacuum_count FROM pg_stat_user_tables"))
            .all()
        )
        db.get_session().rollback()
    return {name: int(count) for name, count in rows}


def _erase(how: str, app: Flask, runner: Any, client: Any, auth: Any, pid: int) -> None:
    if how == "cli":
        result = runner.invoke(args=["erase-person", "--id", str(pid), "--yes"])
        assert result.exit_code == 0, result.output
        assert result.output.strip() == f"Erased person {pid}."  # the checkpoint completed
        return
    auth.login("practitioner@example.org")
    _confirm(client)
    assert client.post(f"/people/{pid}/erase", data={"confirm": "erase"}).status_code == 302


@pytest.mark.parametrize("how", ["cli", "web"])
def test_erasure_leaves_no_text_in_the_database_files(app, users, runner, client, auth, how):
    ids = directory(app)
    pid = _plant_everywhere(app, ids["Canal Singers"])
    sqlite = db.sqlite_path(app.config["DATABASE_URL"]) is not None
    if sqlite:
        with db.get_engine(app).connect() as conn:
            assert conn.exec_driver_sql("PRAGMA secure_delete").scalar() == 1
        before = _database_files(app)
        assert any(WIPE.encode() in data for data in before.values())
    else:
        vacuumed = _vacuum_counts(app)
    _erase(how, app, runner, client, auth, pid)
    assert WIPE not in _dump_database(app)
    if sqlite:
        found = [name for name, data in _database_files(app).items() if WIPE.encode() in data]
        assert found == []
    else:
        # PostgreSQL: each table that held the person's rows was vacuumed after the erasure.
        after = _vacuum_counts(app)
        for table in privacy.tables_holding_people():
            assert after[table] > vacuumed.get(table, 0), table


def test_a_reader_holding_the_wal_is_reported_not_hidden(tmp_path):
    from wsgi import create_app

    path = tmp_path / "cg.sqlite3"
    app = create_app({"DATABASE_URL": f"sqlite:///{path}", "INSTANCE_DIR": str(tmp_path)})
    runner = app.test_cli_runner()
    assert runner.invoke(args=["init-db"]).exit_code == 0
    pid = add_person(app, notes=f"N{WIPE}")
    reader = sa.create_engine(f"sqlite:///{path}")
    with reader.connect() as conn:
        conn.exec_driver_sql("BEGIN")
        conn.exec_driver_sql("SELECT count(*) FROM person").all()  # holds its snapshot
        result = runner.invoke(args=["erase-person", "--id", str(pid), "--yes"])
        conn.exec_driver_sql("ROLLBACK")
    assert result.exit_code == 0, result.output
    assert f"Erased person {pid}. Other connections were reading" in result.output
    # Once the reader has gone, the next erasure's checkpoint completes.
    other = add_person(app)
    done = runner.invoke(args=["erase-person", "--id", str(other), "--yes"])
    assert done.output.strip() == f"Erased person {other}."
    assert not any(WIPE.encode() in data for data in _database_files(app).values())
    reader.dispose()
    db.get_engine(app).dispose()


# --- Migration 0005 on a database made before it ---------------------------------------------

PEOPLE_TABLES = (
    "person",
    "goal",
    "goal_step",
    "shortlist_item",
    "connection",
    "connection_event",
    "tie",
    "peer_consent",
    "peer_avoid",
)


def _blank(column: sa.Column) -> Any:
    """A value for a NOT NULL column the test does not care about."""
    kind = column.type
    if isinstance(kind, sa.JSON):
        return []
    if isinstance(kind, sa.Boolean):
        return False
    if isinstance(kind, sa.Integer | sa.Float):
        return 0
    if isinstance(kind, sa.DateTime):
        return utcnow()
    if isinstance(kind, sa.Date):
        return utcnow().date()
    return ""


def _insert(conn: sa.Connection, table_name: str, /, **values: Any) -> Any:
    """Insert a row into the table as the database has it (reflected at its revision)."""
    table = sa.Table(table_name, sa.MetaData(), autoload_with=conn)
    for column in table.columns:
        if column.name not in values and not column.nullable and not column.primary_key:
            values[column.name] = _blank(column)
    key = conn.execute(table.insert().values(**values)).inserted_primary_key
    assert key is not None
    return key[0]


def _people_at_0004(path: Path) -> sa.Engine:
    """A database at revision 0004 with people, goals, shortlists, connections and consents,
    and the audit row of an erased person numbered above them."""
    engine = db.make_engine(f"sqlite:///{path}")
    db.upgrade(engine, "0004")
    with engine.begin() as conn:
        team = _insert(conn, "team", name="North", slug="north")
        _insert(conn, "resource", id="r1", name="Canal Singers")
        people = [_insert(conn, "person", team_id=team, label=f"P{n}") for n in range(3)]
        for pid in people:
            goal = _insert(conn, "goal", person_id=pid, title="a goal")
            _insert(conn, "goal_step", goal_id=goal, text="a step", status="todo")
            _insert(conn, "shortlist_item", person_id=pid, resource_id="r1")
            link = _insert(conn, "connection", person_id=pid, resource_id="r1", stage="tried")
            _insert(conn, "connection_event", connection_id=link, stage="tried")
            _insert(conn, "tie", person_id=pid, label="Sam", kind="bonding", closeness="close")
            _insert(conn, "peer_consent", person_id=pid, scope="team")
        _insert(conn, "peer_avoid", person_id=people[0], other_id=people[1])
        _insert(conn, "audit_event", action="person.erase", subject_type="person", subject_ref="9")
    return engine


def _rows(engine: sa.Engine) -> dict[str, list[Any]]:
    with engine.connect() as conn:
        return {
            name: list(conn.exec_driver_sql(f"SELECT * FROM {name} ORDER BY id"))  # noqa: S608
            for name in PEOPLE_TABLES
        }


def test_migration_0005_keeps_every_row_and_key_and_never_reuses_a_number(tmp_path):
    engine = _people_at_0004(tmp_path / "old.sqlite3")
    before = _rows(engine)
    db.upgrade(engine, "0005")
    assert _rows(engine) == before
    db.upgrade(engine)  # later revisions may add columns, never lose rows
    assert [len(_rows(engine)[name]) for name in before] == [len(v) for v in before.values()]
    with engine.begin() as conn:
        schema = conn.exec_driver_sql("SELECT sql FROM sqlite_master WHERE name = 'person'")
        assert "AUTOINCREMENT" in schema.scalar_one()
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
        # Numbers continue above the erased person's 9 that only the audit log remembers.
        assert _insert(conn, "person", team_id=1, label="New") == 10
        # The foreign keys still point at the person table: deleting a person cascades.
        conn.exec_driver_sql("DELETE FROM person WHERE id = 1")
        assert conn.exec_driver_sql("SELECT count(*) FROM goal WHERE person_id = 1").scalar() == 0
        assert conn.exec_driver_sql("SELECT count(*) FROM goal").scalar() == 2
    engine.dispose()


def test_migration_0005_refuses_to_run_with_foreign_keys_on(tmp_path):
    from alembic import command

    engine = _people_at_0004(tmp_path / "old.sqlite3")
    before = _rows(engine)
    with pytest.raises(RuntimeError, match="needs foreign keys off"):
        command.upgrade(db.alembic_config(engine), "0005")  # engine enforces foreign keys
    assert _rows(engine) == before
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == "0004"
    engine.dispose()


def test_an_introduction_is_in_the_export_of_both_people_it_names(app, users):
    # A table that refers to a person twice (the one looking for peers, and the peer) is walked
    # by both columns: the peer's copy held "Peer introduction (0)".
    from core.accounts import get_or_create_team
    from matcher.models import PeerIntroduction

    seeker, peer = add_person(app, label="S."), add_person(app, label="P.")
    with app.app_context(), db.write_session() as session:
        team = int(get_or_create_team(session, "North").id or 0)
        session.add(
            PeerIntroduction(person_id=seeker, peer_id=peer, from_team_id=team, to_team_id=team)
        )
    with app.app_context():
        session = db.get_session()
        for pid in (seeker, peer):
            person = session.get(Person, pid)
            assert person is not None
            rows = privacy.export_person(session, person)["records"]["peer_introduction"]
            assert [(r["person_id"], r["peer_id"]) for r in rows] == [(seeker, peer)]
        assert privacy.tables_holding_people().count("peer_introduction") == 1
