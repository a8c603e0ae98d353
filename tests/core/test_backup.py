"""Backups restore exactly what was backed up, are owner-only, can be kept to the newest N, and a
restore carries erasures forward and never lets people's numbers go back."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import SQLModel, select

from core import audit, backup, db
from core.accounts import get_or_create_team
from core.models import AuditEvent
from directory.models import Resource, ResourceCreate
from directory.resources import create_resource
from matcher.models import Goal, Person, PersonCreate
from matcher.people import create_person

CANARY = "zqrestore4417"


def add(app, name: str) -> None:
    with app.app_context():
        session = db.get_session()
        create_resource(session, ResourceCreate(name=name, setting="online"))
        session.commit()


def names(app) -> list[str]:
    with app.app_context():
        return sorted(r.name for r in db.get_session().exec(select(Resource)).all())


def add_person(app, notes: str = "") -> int:
    """A person in team North, with a goal; returns their number."""
    with app.app_context(), db.write_session() as session:
        team = get_or_create_team(session, "North")
        person = create_person(session, PersonCreate(label="J.", notes=notes), int(team.id or 0))
        person.goals = [Goal(title=f"goal {notes}")]  # type: ignore[call-arg]
        session.flush()
        return int(person.id or 0)


def people(app) -> set[int]:
    with app.app_context():
        return {int(p.id or 0) for p in db.get_session().exec(select(Person)).all()}


def dump(app) -> str:
    """Every row of every table as text."""
    with app.app_context():
        conn = db.get_session().connection()
        rows = [
            repr(tuple(r))
            for t in SQLModel.metadata.sorted_tables
            for r in conn.execute(t.select())
        ]
        db.get_session().rollback()
    return "\n".join(rows)


def erasure_rows(app) -> list[tuple[str, str]]:
    with app.app_context():
        query = select(AuditEvent).where(AuditEvent.action == "person.erase")
        return [(e.subject_ref, e.outcome) for e in db.get_session().exec(query).all()]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask_022() -> Iterator[None]:
    """A umask that would make new files readable by everyone (0644)."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_backup_then_restore_brings_back_the_backed_up_state(app, runner, tmp_path):
    add(app, "Knit and Natter")
    with app.app_context():
        audit.record("person.view", "person", "p-1", actor_id=1)
    out = tmp_path / "backups" / "cg.backup"
    made = runner.invoke(args=["backup", str(out)])
    assert made.exit_code == 0, made.output
    add(app, "Added after the backup")
    restored = runner.invoke(args=["restore", "--yes", str(out)])
    assert restored.exit_code == 0, restored.output
    assert "row counts verified" in restored.output
    assert names(app) == ["Knit and Natter"]
    with app.app_context():
        assert [e.action for e in audit.events(db.get_session())] == ["person.view"]


def test_a_damaged_backup_is_refused_and_changes_nothing(app, runner, tmp_path):
    add(app, "Walking Football")
    out = tmp_path / "cg.backup"
    assert runner.invoke(args=["backup", str(out)]).exit_code == 0
    data = out.read_bytes()
    out.write_bytes(data[: len(data) // 3])  # truncated, as a failed copy would be
    result = runner.invoke(args=["restore", "--yes", str(out)])
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert names(app) == ["Walking Football"]


def test_backups_manifests_and_erasure_lists_are_owner_only(app, runner, tmp_path, umask_022):
    add_person(app, CANARY)
    out = tmp_path / "backups" / "cg.backup"
    assert runner.invoke(args=["backup", str(out)]).exit_code == 0
    assert runner.invoke(args=["erasures", str(tmp_path / "erased.json")]).exit_code == 0
    found = [out, out.with_name("cg.backup.manifest.json"), tmp_path / "erased.json"]
    assert {path.name: mode(path) for path in found} == {path.name: 0o600 for path in found}
    # A backup written over an older, world-readable file is made owner-only too.
    out.chmod(0o644)
    assert runner.invoke(args=["backup", str(out)]).exit_code == 0
    assert mode(out) == 0o600


def test_keep_leaves_only_the_newest_backups(app, runner, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    (folder / "notes.txt").write_text("not a backup")
    for n in range(4):
        add(app, f"Group {n}")
        result = runner.invoke(args=["backup", str(folder / f"cg-{n}.backup"), "--keep", "2"])
        assert result.exit_code == 0, result.output
    assert "Removed 1 older backups (keeping 2): cg-1.backup" in result.output
    assert sorted(p.name for p in folder.iterdir()) == [
        "cg-2.backup",
        "cg-2.backup.manifest.json",
        "cg-3.backup",
        "cg-3.backup.manifest.json",
        "notes.txt",
    ]
    refused = runner.invoke(args=["backup", str(folder / "cg-4.backup"), "--keep", "0"])
    assert refused.exit_code == 2 and "--keep" in refused.output
    assert not (folder / "cg-4.backup").exists()
    assert len(list(folder.iterdir())) == 5
    # The kept backups restore.
    assert runner.invoke(args=["restore", "--yes", str(folder / "cg-2.backup")]).exit_code == 0
    assert names(app) == ["Group 0", "Group 1", "Group 2"]


def test_restore_erases_again_whoever_was_erased_since_the_backup(app, runner, tmp_path):
    kept = add_person(app, "kept")
    erased = add_person(app, CANARY)
    out = tmp_path / "cg.backup"
    assert runner.invoke(args=["backup", str(out)]).exit_code == 0
    assert runner.invoke(args=["erase-person", "--id", str(erased), "--yes"]).exit_code == 0
    # The same erasure in the audit log and in a kept list counts once.
    assert runner.invoke(args=["erasures", str(tmp_path / "erased.json")]).exit_code == 0
    args = ["restore", "--yes", "--erasures", str(tmp_path / "erased.json"), str(out)]
    restored = runner.invoke(args=args)
    assert restored.exit_code == 0, restored.output
    assert "1 on record, 1 people in the backup erased again, 1 audit rows written again" in (
        restored.output
    )
    assert people(app) == {kept}
    assert CANARY not in dump(app)
    assert erasure_rows(app) == [(str(erased), backup.REAPPLIED)]
    # Restoring the same backup again erases them again and leaves one audit row.
    again = runner.invoke(args=["restore", "--yes", str(out)])
    assert "1 people in the backup erased again, 1 audit rows written again" in again.output
    assert erasure_rows(app) == [(str(erased), backup.REAPPLIED)]
    assert people(app) == {kept}
    assert add_person(app) > erased


def test_restore_never_lets_numbers_go_back(app, runner, tmp_path):
    first = add_person(app)
    out = tmp_path / "cg.backup"
    assert runner.invoke(args=["backup", str(out)]).exit_code == 0
    later = [add_person(app), add_person(app)]
    assert runner.invoke(args=["restore", "--yes", str(out)]).exit_code == 0
    assert people(app) == {first}
    assert add_person(app) > max(later)


def _lose_database(app) -> None:
    """The current database is gone: an empty one stands in its place."""
    engine = db.get_engine(app)
    engine.dispose()
    path = db.sqlite_path(app.config["DATABASE_URL"])
    if path is not None:
        for suffix in ("", "-wal", "-shm"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
        db.owner_only_file(path)
        return
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))


def test_an_erasure_list_is_applied_when_the_database_is_lost(app, runner, tmp_path):
    erased = add_person(app, CANARY)
    out = tmp_path / "cg.backup"
    assert runner.invoke(args=["backup", str(out)]).exit_code == 0
    assert runner.invoke(args=["erase-person", "--id", str(erased), "--yes"]).exit_code == 0
    listed = runner.invoke(args=["erasures", str(tmp_path / "erased.json")])
    assert listed.exit_code == 0 and "Wrote 1 erasures" in listed.output
    kept = json.loads((tmp_path / "erased.json").read_text())["erasures"]
    assert [row["person_id"] for row in kept] == [erased]
    _lose_database(app)
    args = ["restore", "--yes", "--erasures", str(tmp_path / "erased.json"), str(out)]
    restored = runner.invoke(args=args)
    assert restored.exit_code == 0, restored.output
    assert people(app) == set()
    assert CANARY not in dump(app)
    assert erasure_rows(app) == [(str(erased), backup.REAPPLIED)]
    assert add_person(app) > erased


def test_a_bad_erasure_list_is_refused_and_changes_nothing(app, runner, tmp_path):
    add(app, "Walking Football")
    out = tmp_path / "cg.backup"
    assert runner.invoke(args=["backup", str(out)]).exit_code == 0
    add(app, "Added after the backup")
    bad = tmp_path / "bad.json"
    for content in ("not json", '{"erasures": []}', '{"kind": "commonground erasures"}'):
        bad.write_text(content)
        result = runner.invoke(args=["restore", "--yes", "--erasures", str(bad), str(out)])
        assert result.exit_code == 1, result.output
        assert "--erasures: " in result.output and "Traceback" not in result.output
    assert names(app) == ["Added after the backup", "Walking Football"]


def test_an_unreadable_database_is_not_restored_over_without_its_erasures(tmp_path):
    from wsgi import create_app

    path = tmp_path / "cg.sqlite3"
    app = create_app({"DATABASE_URL": f"sqlite:///{path}", "INSTANCE_DIR": str(tmp_path)})
    runner = app.test_cli_runner()
    assert runner.invoke(args=["init-db"]).exit_code == 0
    assert runner.invoke(args=["backup", str(tmp_path / "cg.backup")]).exit_code == 0
    db.get_engine(app).dispose()
    path.write_bytes(b"damaged " * 1000)
    result = runner.invoke(args=["restore", "--yes", str(tmp_path / "cg.backup")])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "The current database cannot be read" in result.output
    assert "--erasures FILE" in result.output
    assert path.read_bytes() == b"damaged " * 1000
    db.get_engine(app).dispose()
