"""Backups and verified restores: SQLite's online backup API, or pg_dump for PostgreSQL."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess  # noqa: S404 - runs pg_dump/pg_restore with fixed arguments, no shell
from pathlib import Path

from sqlalchemy import Engine, inspect, text

MANIFEST_SUFFIX = ".manifest.json"


class BackupError(RuntimeError):
    """A backup could not be made or does not verify."""


def table_counts(engine: Engine) -> dict[str, int]:
    """Rows per table (the manifest a restore is checked against)."""
    names = sorted(inspect(engine).get_table_names())
    counts: dict[str, int] = {}
    with engine.connect() as conn:
        for name in names:
            # Table names come from the database's own catalogue, quoted by the dialect.
            quoted = engine.dialect.identifier_preparer.quote(name)
            query = text("SELECT count(*) FROM " + quoted)  # noqa: S608
            counts[name] = int(conn.execute(query).scalar_one())
    return counts


def _manifest_path(path: Path) -> Path:
    return path.with_name(path.name + MANIFEST_SUFFIX)


def _libpq_url(engine: Engine) -> str:
    return engine.url.set(drivername="postgresql").render_as_string(hide_password=False)


def backup(engine: Engine, out: Path) -> dict[str, int]:
    """Write a consistent copy of the database to `out` and a manifest of row counts beside it."""
    out.parent.mkdir(parents=True, exist_ok=True)
    counts = table_counts(engine)
    if engine.dialect.name == "sqlite":
        source = sqlite3.connect(str(engine.url.database))
        target = sqlite3.connect(str(out))
        try:
            with target:
                source.backup(target)
        finally:
            target.close()
            source.close()
    else:
        _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(out), _libpq_url(engine)])
    _manifest_path(out).write_text(json.dumps({"tables": counts}, indent=2))
    return counts


def verify(path: Path, dialect: str) -> dict[str, int]:
    """Check a backup file's integrity and return the row counts its manifest promises."""
    manifest = _manifest_path(path)
    if not path.exists() or not manifest.exists():
        raise BackupError(f"{path} or its manifest {manifest.name} is missing")
    expected: dict[str, int] = json.loads(manifest.read_text())["tables"]
    if dialect == "sqlite":
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            result = conn.execute("PRAGMA integrity_check").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise BackupError(f"{path} is not a readable SQLite database: {exc}") from exc
        finally:
            conn.close()
        if result != "ok":
            raise BackupError(f"integrity check failed: {result}")
    else:
        _run(["pg_restore", "--list", str(path)])
    return expected


def restore(engine: Engine, source: Path) -> dict[str, int]:
    """Replace the database's contents with a verified backup; checks row counts afterwards."""
    expected = verify(source, engine.dialect.name)
    engine.dispose()
    if engine.dialect.name == "sqlite":
        backup_db = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        target = sqlite3.connect(str(engine.url.database), timeout=30)
        try:
            with target:
                backup_db.backup(target)
        finally:
            target.close()
            backup_db.close()
    else:
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--dbname",
                _libpq_url(engine),
                str(source),
            ]
        )
    found = table_counts(engine)
    if found != expected:
        raise BackupError(f"row counts after restore differ from the backup: {found} != {expected}")
    return found


def _run(args: list[str]) -> None:
    if shutil.which(args[0]) is None:
        raise BackupError(f"{args[0]} is not installed (needed for PostgreSQL backups)")
    done = subprocess.run(args, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{args[0]} failed: {done.stderr.strip()[:500]}")
