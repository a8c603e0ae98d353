"""Backups restore exactly what was backed up, and a damaged backup is refused."""

from __future__ import annotations

from sqlmodel import select

from directory import audit, db
from directory.models import Resource, ResourceCreate
from directory.resources import create_resource


def add(app, name: str) -> None:
    with app.app_context():
        session = db.get_session()
        create_resource(session, ResourceCreate(name=name, setting="online"))
        session.commit()


def names(app) -> list[str]:
    with app.app_context():
        return sorted(r.name for r in db.get_session().exec(select(Resource)).all())


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
