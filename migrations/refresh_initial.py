"""Rewrite migrations/versions/0001 from the models (only while nothing has been released)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from alembic import command

from core.db import alembic_config, make_engine

VERSIONS = Path(__file__).resolve().parent / "versions"


def main() -> None:
    """Autogenerate the initial revision against an empty SQLite database."""
    for old in VERSIONS.glob("0001_*.py"):
        old.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        # Later hand-written revisions step aside so 0001 is generated with no parent.
        aside = Path(tmp) / "aside"
        aside.mkdir()
        later = [p for p in VERSIONS.glob("*.py")]
        for path in later:
            shutil.move(str(path), aside / path.name)
        try:
            engine = make_engine(f"sqlite:///{tmp}/empty.sqlite3")
            command.revision(
                alembic_config(engine), message="initial schema", autogenerate=True, rev_id="0001"
            )
        finally:
            for path in later:
                shutil.move(str(aside / path.name), path)


if __name__ == "__main__":
    main()
