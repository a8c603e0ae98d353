"""SIGKILL the server at random moments during writes, again and again: after every restart the
database is intact, every acknowledged write is there and the search index equals the database."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from flask import Flask

from core import db
from tests.reliability import harness

KILLS = int(os.environ.get("COMMONGROUND_RELIABILITY_KILLS", "50"))
POSTGRES_KILLS = int(os.environ.get("COMMONGROUND_RELIABILITY_POSTGRES_KILLS", "50"))


@pytest.mark.slow
def test_killed_server_loses_no_acknowledged_write(app: Flask, tmp_path: Path) -> None:
    emails, _ = harness.seed(app, users=1, resources=3)
    url = app.config["DATABASE_URL"]
    db.get_engine(app).dispose()  # the forked servers must not share this process's connections
    kills = KILLS if url.startswith("sqlite") else POSTGRES_KILLS
    result = harness.crash_run(url, tmp_path, emails[0], kills=kills)
    print(
        f"\n{url.split(':')[0]}: {result.kills} kills survived, "
        f"{result.acknowledged} acknowledged writes checked"
    )
    assert result.problems == []
    assert result.kills == kills
    assert result.acknowledged >= kills  # every kill came after a write was answered
