"""The commonground CLI: schema creation and clear messages when the schema is missing."""

from __future__ import annotations

from core import db
from wsgi import create_app


def test_init_db_creates_the_schema_and_is_repeatable(tmp_path):
    app = create_app(
        {"DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}", "INSTANCE_DIR": str(tmp_path)}
    )
    runner = app.test_cli_runner()
    assert not db.schema_is_current(db.get_engine(app))
    first = runner.invoke(args=["init-db"])
    second = runner.invoke(args=["init-db"])
    assert first.exit_code == 0 and second.exit_code == 0, first.output + second.output
    assert "up to date" in second.output
    assert db.schema_is_current(db.get_engine(app))


def test_commands_needing_the_schema_say_so_instead_of_a_traceback(tmp_path):
    app = create_app(
        {"DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}", "INSTANCE_DIR": str(tmp_path)}
    )
    result = app.test_cli_runner().invoke(args=["reindex"])
    assert result.exit_code != 0
    assert "Run `commonground init-db` first" in result.output
    assert "Traceback" not in result.output
