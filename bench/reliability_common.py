"""Set-up shared by the reliability benchmarks: a fresh migrated database (SQLite or the
PostgreSQL URL given) and an app on it."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import dataset  # noqa: E402
from core import db  # noqa: E402
from directory import changes  # noqa: E402
from wsgi import create_app  # noqa: E402

PG_NAME = "cg_bench_reliability"


def fresh_app(postgres_url: str = "") -> tuple[object, Path]:
    """An app on a new SQLite file (or a new database on the PostgreSQL server) and its folder."""
    tmp = Path(tempfile.mkdtemp(prefix="cg-reliability-"))
    if postgres_url:
        url = dataset.fresh_postgres(postgres_url, PG_NAME)
    else:
        url = f"sqlite:///{tmp / 'bench.sqlite3'}"
    engine = db.make_engine(url)
    db.upgrade(engine)
    changes.ensure_state_row(engine)
    engine.dispose()
    app = create_app(
        {
            "DATABASE_URL": url,
            "INDEX_DIR": str(tmp / "index"),
            "INSTANCE_DIR": str(tmp / "inst"),
            "SECRET_KEY": "bench-secret-key-that-is-long-enough-0123456789",
        }
    )
    return app, tmp
