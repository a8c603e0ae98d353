"""Migration 0020 on a real database: people saved with a postcode as typed get the canonical
form the person form has saved since; anything that is no full postcode is only upper-cased."""

from __future__ import annotations

import sqlalchemy as sa
from test_migration_team_notes import _insert, engine  # noqa: F401 - the engine fixture

from core import db

TYPED = {1: "ls12 4ab", 2: "LS124AB", 3: " ls12 ", 4: "LS12 4AB", 5: "", 6: "armley"}
CANONICAL = {1: "LS12 4AB", 2: "LS12 4AB", 3: "LS12", 4: "LS12 4AB", 5: "", 6: "ARMLEY"}


def test_0020_puts_stored_postcodes_in_the_form_saved_since(engine):  # noqa: F811
    db.upgrade(engine, "0019")
    meta = sa.MetaData()
    meta.reflect(engine)
    with engine.begin() as conn:
        _insert(conn, meta.tables, "team", id=1, name="North", slug="north")
        for pid, code in TYPED.items():
            _insert(conn, meta.tables, "person", id=pid, team_id=1, label=f"P{pid}", postcode=code)
    db.upgrade(engine, "0020")
    with engine.connect() as conn:
        stored = dict(conn.execute(sa.text("SELECT id, postcode FROM person")).all())
    assert stored == CANONICAL
