"""4 gunicorn worker processes x 50 concurrent clients, on SQLite and on PostgreSQL: no locked
database, no server error, no lost update, and every edit conflict a 409 with both versions."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from flask import Flask

from core import db
from tests.reliability import harness

WORKERS = 4
CLIENTS = 50
SECONDS = float(os.environ.get("COMMONGROUND_RELIABILITY_SECONDS", "12"))
RESOURCES = 8  # few, so that clients collide on the same records


@pytest.mark.slow
def test_many_writers_lose_nothing(app: Flask, tmp_path: Path) -> None:
    emails, bodies = harness.seed(app, users=10, resources=RESOURCES)
    config = harness.server_config(app.config["DATABASE_URL"], tmp_path)
    port = harness.free_port()
    log = tmp_path / "server.log"
    server = harness.start_gunicorn(config, port, log, workers=WORKERS)
    try:
        result = harness.run_load(
            f"http://127.0.0.1:{port}", emails, bodies, clients=CLIENTS, seconds=SECONDS
        )
    finally:
        harness.stop(server)
    text = log.read_text(errors="replace")
    print(
        f"\n{db.get_engine(app).dialect.name}: {WORKERS} workers x {CLIENTS} clients x "
        f"{SECONDS:.0f} s: {sum(result.statuses.values())} requests {dict(result.statuses)}, "
        f"{sum(result.edits.values())} edits, {sum(result.confirms.values())} confirms, "
        f"{result.conflicts} conflicts"
    )
    assert harness.LOCKED not in text
    assert "Traceback" not in text, text[-3000:]
    assert result.server_errors == []
    assert result.failures == []
    assert result.bad_conflicts == []
    assert sum(result.edits.values()) > 0 and result.conflicts > 0  # the test did collide
    final = harness.final_counts(db.get_engine(app), sorted(bodies))
    for rid, (counter, edits, confirms) in final.items():
        assert counter == result.edits[rid], f"lost updates on {rid}"
        assert edits == result.edits[rid], f"edit history of {rid} differs from acknowledged"
        assert confirms == result.confirms[rid], f"confirms of {rid} differ from acknowledged"
