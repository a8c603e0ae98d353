"""Migration 0021 on a real database: a word-of-mouth entry's guessed "drop-in" becomes "unknown"
(recorded as an edit, in the feed and the version); one someone set since, or any other source's,
is kept."""

from __future__ import annotations

import sqlalchemy as sa
from test_migration_team_notes import NOW, _insert, engine  # noqa: F401 - the engine fixture

from core import db

ROWS = {  # id: (source, how_to_join, whether its history sets the way of joining)
    "guessed": ("word of mouth", "drop-in", False),
    "set-since": ("word of mouth", "drop-in", True),
    "imported": ("Leeds feed", "drop-in", False),
    "booking": ("word of mouth", "booking", False),
}


def test_0021_says_unknown_where_quick_add_guessed_drop_in(engine):  # noqa: F811
    db.upgrade(engine, "0020")
    meta = sa.MetaData()
    meta.reflect(engine)
    meta.tables["resource_history"].c.changes.type = sa.JSON()
    with engine.begin() as conn:
        _insert(conn, meta.tables, "directory_state", id=1, version=7)
        for rid, (source, joining, set_since) in ROWS.items():
            _insert(conn, meta.tables, "resource", id=rid, name=rid, source=source,
                    how_to_join=joining, version=1, updated_at=NOW)  # fmt: skip
            changes = [{"field": "how_to_join", "before": "booking", "after": "drop-in"}]
            if set_since:
                _insert(conn, meta.tables, "resource_history", resource_id=rid, at=NOW,
                        action="edit", changes=changes, related_id="")  # fmt: skip
    db.upgrade(engine, "0021")
    with engine.connect() as conn:
        joining = dict(conn.execute(sa.text("SELECT id, how_to_join FROM resource")).all())
        versions = dict(conn.execute(sa.text("SELECT id, version FROM resource")).all())
        history = conn.execute(
            sa.text("SELECT resource_id FROM resource_history WHERE action = 'edit'")
        ).scalars()
        fed = conn.execute(sa.text("SELECT resource_id FROM directory_change")).scalars()
        state = conn.execute(sa.text("SELECT version FROM directory_state")).scalar()
        assert joining == {
            "guessed": "unknown",
            "set-since": "drop-in",
            "imported": "drop-in",
            "booking": "booking",
        }
        assert versions["guessed"] == 2 and versions["imported"] == 1
        assert sorted(history) == ["guessed", "set-since"]
        assert list(fed) == ["guessed"] and state == 8
