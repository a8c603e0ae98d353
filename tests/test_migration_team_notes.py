"""Migration 0006 on a real database: each resource's team-only fields move to the team that
added it (to every team when none can be found), history follows, and a downgrade puts them back.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from conftest import scratch_postgres

from core import db

NOW = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)
NORTH = {"told_by": "a poster", "team_notes": "north: cold hall", "team_contact": "Sam"}
NOBODY = {"told_by": "", "team_notes": "", "team_contact": "Priya at reception"}
OLD_FIELDS = ("told_by", "team_notes", "team_contact")


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[sa.Engine]:
    """An empty database of each kind, for this test alone."""
    if request.param == "sqlite":
        found = db.make_engine(f"sqlite:///{tmp_path / 'migrate.sqlite3'}")
        yield found
        found.dispose()
        return
    with scratch_postgres(f"cg_migrate_{os.getpid()}", migrate=False) as url:
        found = db.make_engine(url)
        yield found
        found.dispose()


def _filled(table: sa.Table, values: dict[str, Any]) -> dict[str, Any]:
    """A row with a plain value in every required column not given."""
    row = dict(values)
    for column in table.columns:
        if column.name in row or column.nullable or column.primary_key:
            continue
        python = column.type.python_type
        row[column.name] = {str: "", int: 0, bool: False, datetime: NOW}.get(python, "")
    return row


def _insert(conn: sa.Connection, tables: dict[str, Any], table_name: str, **values: Any) -> None:
    table = tables[table_name]
    conn.execute(table.insert().values(**_filled(table, values)))


def _plant(engine: sa.Engine) -> None:
    """Two teams' worth of resources, places and history, as they were at revision 0005."""
    meta = sa.MetaData()
    meta.reflect(engine)
    t = meta.tables
    with engine.begin() as conn:
        _insert(conn, t, "team", id=1, name="North", slug="north")
        _insert(conn, t, "user", id=1, email="n@example.org", role="member", team_id=1)
        _insert(conn, t, "user", id=2, email="x@example.org", role="admin", team_id=None)
        for rid, added_by, notes in (
            ("r-north", 1, NORTH),
            ("r-nobody", 2, NOBODY),
            ("r-plain", None, dict.fromkeys(OLD_FIELDS, "")),
        ):
            _insert(conn, t, "resource", id=rid, name=rid, added_by_id=added_by, version=1, **notes)
            _insert(conn, t, "resource_location", resource_id=rid, postcode="N7 6QT")
        edit = [
            {"field": "description", "before": "", "after": "Singing"},
            {"field": "team_notes", "before": "", "after": NORTH["team_notes"]},
        ]
        contact = [{"field": "team_contact", "before": "", "after": NOBODY["team_contact"]}]
        merge = [
            {"field": "told_by", "before": "", "after": "gone told"},
            {"field": "phone", "before": "", "after": "020 7946 0000"},
        ]
        gone = {"id": "r-gone", "added_by_id": 1, "told_by": "gone told", "team_notes": "gone"}
        for rid, user_id, action, changes, extra in (
            ("r-north", 1, "edit", edit, {}),
            ("r-nobody", 2, "edit", contact, {}),
            ("r-north", 1, "merge", merge, {"removed": {**gone, "team_contact": ""}}),
        ):
            _insert(conn, t, "resource_history", resource_id=rid, at=NOW, user_id=user_id,
                    action=action, changes=changes, related_id="", **extra)  # fmt: skip


def _rows(engine: sa.Engine, query: str) -> list[Any]:
    with engine.connect() as conn:
        return list(conn.execute(sa.text(query)).all())


def _history(engine: sa.Engine) -> dict[int, Any]:
    meta = sa.MetaData()
    table = sa.Table("resource_history", meta, autoload_with=engine)
    table.c.changes.type = sa.JSON()
    table.c.removed.type = sa.JSON()
    with engine.connect() as conn:
        return {row.id: row for row in conn.execute(sa.select(table)).all()}


def test_0006_moves_the_notes_to_the_adding_team_and_back(engine):
    db.upgrade(engine, "0005")
    _plant(engine)
    db.upgrade(engine, "0006")

    columns = {c["name"] for c in sa.inspect(engine).get_columns("resource")}
    assert not columns & set(OLD_FIELDS)
    notes = _rows(
        engine,
        "SELECT resource_id, team_id, shared, told_by, team_notes, team_contact "
        "FROM resource_team_note ORDER BY resource_id",
    )
    assert [tuple(r) for r in notes] == [
        ("r-nobody", None, True, *NOBODY.values()),  # no team found: every team sees them
        ("r-north", 1, False, *NORTH.values()),  # the adding team's own
    ]
    assert _rows(engine, "SELECT count(*) FROM resource_location")[0][0] == 3

    history = _history(engine)
    assert [c["field"] for c in history[1].changes] == ["description"]
    assert history[1].team_id is None
    split = [h for h in history.values() if h.id > 3]
    assert len(split) == 1 and split[0].team_id == 1 and split[0].at == history[1].at
    assert [c["field"] for c in split[0].changes] == ["team_notes"]
    assert history[2].team_id is None and history[2].changes[0]["field"] == "team_contact"
    merge = history[3]
    assert [c["field"] for c in merge.changes] == ["phone"]
    assert not set(OLD_FIELDS) & set(merge.removed)
    assert merge.removed["team_rows"] == [
        {
            "team_id": 1,
            "told_by": "gone told",
            "team_notes": "gone",
            "team_contact": "",
            "shared": False,
            "updated_by_id": None,
        }
    ]
    assert merge.removed["keep_team_changes"] == [
        {"team_id": 1, "existed": True, "before": {"told_by": ""}}
    ]

    db.upgrade(engine, "0006")  # already there: nothing happens
    from alembic import command

    command.downgrade(db.alembic_config(engine), "0005")
    back = _rows(engine, "SELECT id, told_by, team_notes, team_contact FROM resource ORDER BY id")
    assert [tuple(r) for r in back] == [
        ("r-nobody", *NOBODY.values()),
        ("r-north", *NORTH.values()),
        ("r-plain", "", "", ""),
    ]
    assert _rows(engine, "SELECT count(*) FROM resource_location")[0][0] == 3
    assert "resource_team_note" not in sa.inspect(engine).get_table_names()
    merge = _history(engine)[3]
    assert merge.removed["told_by"] == "gone told" and "team_rows" not in merge.removed
