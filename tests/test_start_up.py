"""What a new web worker pays at start: one app, none of the libraries only some pages use, and
no model validators built before they are used."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from core import db
from directory import changes

ROOT = Path(__file__).resolve().parents[1]
# Loaded where they are used: migrations, calendar feeds, password checks, reading notes, phone
# numbers typed in a form, and the HSDS file readers and writers that only the import and export
# commands use.
LATER = (
    "alembic",
    "icalendar",
    "zxcvbn",
    "simplemma",
    "ijson",
    "phonenumbers",
    "directory.hsds.import_csv",
    "directory.hsds.import_json",
    "directory.hsds.tabular",
)
WORKER = """
import gc, json, sys
sys.path.insert(0, {root!r})
collections = []
gc.callbacks.append(lambda phase, info: phase == "start" and collections.append(info["generation"]))
import wsgi
built = "app" in vars(wsgi)
app = wsgi.create_app({config!r})
gc.callbacks.clear()
older = sum(generation > 0 for generation in collections)
from sqlmodel import SQLModel
models, ready = list(SQLModel.__subclasses__()), 0
while models:
    model = models.pop()
    models += model.__subclasses__()
    ready += model.__pydantic_complete__
with app.test_client() as client:
    status = client.get("/public/search?q=walking").status_code
print(json.dumps({{"built_at_import": built, "status": status, "validators_at_start": ready,
                  "older_collections": older, "collecting": gc.isenabled(),
                  "modules_frozen": gc.get_freeze_count() > 0,
                  "loaded": [m for m in {later!r} if m in sys.modules]}}))
"""


def test_a_worker_starts_without_libraries_only_some_pages_use(tmp_path: Path) -> None:
    config = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "INDEX_DIR": str(tmp_path / "index"),
        "INSTANCE_DIR": str(tmp_path / "instance"),
        "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
    }
    code = WORKER.format(root=str(ROOT), config=config, later=LATER)
    engine = db.make_engine(config["DATABASE_URL"])
    db.upgrade(engine)
    changes.ensure_state_row(engine)
    engine.dispose()
    done = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    found = json.loads(done.stdout.strip().splitlines()[-1])
    # Each model's validator is built when first used (the people API's OpenAPI schemas too).
    assert found == {
        "built_at_import": False,
        "status": 200,
        "validators_at_start": 0,
        # The collector is held while the app is built (27 walks of the older generations
        # without that), and runs again once it is.
        "older_collections": 0,
        "collecting": True,
        "modules_frozen": True,
        "loaded": [],
    }
