"""Backups and verified restores: SQLite's online backup API, or pg_dump for PostgreSQL.

Backups, their manifests and erasure lists are written owner-only (0600). A restore carries
erasures forward and never lets people's ids go back (see directory/backup_cli.py)."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess  # noqa: S404 - runs pg_dump/pg_restore with fixed arguments, no shell
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, Table, create_engine, insert, inspect, select, text

from core import db
from core.models.audit import AuditEvent

MANIFEST_SUFFIX = ".manifest.json"
MADE_BY = "commonground backup"
ERASURES_KIND = "commonground erasures"
# app.extensions key of the function that erases recorded erasures again after a restore (the
# matcher registers it: the directory never imports the matcher).
ERASE_PEOPLE = "commonground.erase_people"
# Steps another package runs after a restore (engine -> what was done, in words).
AFTER_RESTORE = "commonground.after_restore"
REAPPLIED = "reapplied"  # the outcome of a person.erase audit row written again by a restore
AUDIT: Table = AuditEvent.__table__  # type: ignore[attr-defined]


class BackupError(RuntimeError):
    """A backup could not be made or does not verify."""


@dataclass(frozen=True)
class Erasure:
    """A person erased (their id, never reused) and when."""

    person_id: int
    at: datetime
    team_id: int | None = None

    @property
    def key(self) -> tuple[int, datetime]:
        """What identifies the erasure whatever its source (database or file)."""
        return self.person_id, _utc(self.at)


EraseFunction = Callable[[Sequence[Erasure]], list[int]]


def _utc(when: datetime) -> datetime:
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def write_private(path: Path, data: str) -> None:
    """Write a text file readable and writable by its owner only (0600), whatever the umask."""
    db.owner_only_file(path)
    with open(path, "w", encoding="utf-8") as file:
        file.write(data)


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


def _sqlite_counts(path: Path) -> dict[str, int]:
    """Rows per table of a SQLite backup file, opened read-only."""
    engine = create_engine(f"sqlite:///file:{path}?mode=ro&uri=true")
    try:
        return table_counts(engine)
    finally:
        engine.dispose()


def backup(engine: Engine, out: Path) -> dict[str, int]:
    """Write a consistent copy of the database to `out` and a manifest of row counts beside it."""
    out.parent.mkdir(mode=0o700, parents=True, exist_ok=True)  # an existing folder is kept as is
    db.owner_only_file(out)  # before SQLite or pg_dump writes a byte into it
    if engine.dialect.name == "sqlite":
        source = sqlite3.connect(str(engine.url.database))
        target = sqlite3.connect(str(out))
        try:
            with target:
                source.backup(target)
            # One self-contained file: read-only checks of a WAL copy would leave -wal and -shm.
            target.execute("PRAGMA journal_mode=DELETE")
        finally:
            target.close()
            source.close()
        counts = _sqlite_counts(out)  # what the copy holds, even if rows were added meanwhile
    else:
        counts = table_counts(engine)
        _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(out), _libpq_url(engine)])
    manifest = {
        "made_by": MADE_BY,
        "made_at": datetime.now(UTC).isoformat(),
        "dialect": engine.dialect.name,
        "tables": counts,
    }
    write_private(_manifest_path(out), json.dumps(manifest, indent=2))
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
        if _sqlite_counts(path) != expected:
            raise BackupError(f"{path} does not hold the rows its manifest lists")
    else:
        _run(["pg_restore", "--list", str(path)])
    return expected


def _made_here(manifest: Path) -> datetime | None:
    """When this command made the backup a manifest describes (None: not one of ours)."""
    try:
        data = json.loads(manifest.read_text())
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("tables"), dict):
        return None
    try:
        return _utc(datetime.fromisoformat(str(data["made_at"])))
    except (KeyError, ValueError):  # a manifest from before backups were dated
        return datetime.fromtimestamp(manifest.stat().st_mtime, UTC)


def prune(out: Path, keep: int) -> list[Path]:
    """Keep the `keep` newest backups this command made in out's folder; return those removed."""
    # Each backup goes with its manifest; the removed are returned oldest first.
    if keep < 1:
        raise BackupError("--keep must be 1 or more")
    found: list[tuple[datetime, Path]] = []
    for manifest in out.parent.glob("*" + MANIFEST_SUFFIX):
        made = _made_here(manifest)
        if made is not None:
            found.append((made, manifest.with_name(manifest.name[: -len(MANIFEST_SUFFIX)])))
    found.sort(key=lambda pair: (pair[0], pair[1] == out))
    removed = [path for _, path in found[:-keep] if path != out]
    for path in removed:
        path.unlink(missing_ok=True)
        _manifest_path(path).unlink(missing_ok=True)
    return removed


def restore(engine: Engine, source: Path) -> dict[str, int]:
    """Replace the database's contents with a verified backup; checks row counts afterwards."""
    expected = verify(source, engine.dialect.name)
    engine.dispose()
    if engine.dialect.name == "sqlite":
        db.owner_only_file(Path(str(engine.url.database)))
        backup_db = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        target = sqlite3.connect(str(engine.url.database), timeout=30)
        try:
            with target:
                backup_db.backup(target)
        except sqlite3.DatabaseError as exc:
            raise BackupError(f"the database file cannot be restored into ({exc})") from exc
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


# --- Erasures carried across restores --------------------------------------------------------


def recorded_erasures(engine: Engine) -> list[Erasure]:
    """The person.erase rows of the database's audit log (none if it has no audit log)."""
    if not inspect(engine).has_table("audit_event"):
        return []
    a = AUDIT.c
    query = (
        select(a.subject_ref, a.at, a.team_id)
        .where(a.action == "person.erase", a.subject_type == "person")
        .order_by(a.id)
    )
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    return [
        Erasure(int(ref), _utc(at), team_id)
        for ref, at, team_id in rows
        if ref.isascii() and ref.isdigit()
    ]


def merged(*lists: Iterable[Erasure]) -> list[Erasure]:
    """The erasures of every list, each once, oldest first."""
    unique = {erasure.key: erasure for found in lists for erasure in found}
    return sorted(unique.values(), key=lambda e: (e.at, e.person_id))


def erasures_json(erasures: Sequence[Erasure]) -> str:
    """The erasure list operators keep beside their backups."""
    rows = [
        {"person_id": e.person_id, "erased_at": _utc(e.at).isoformat(), "team_id": e.team_id}
        for e in erasures
    ]
    document = {"kind": ERASURES_KIND, "exported_at": datetime.now(UTC).isoformat()}
    return json.dumps({**document, "erasures": rows}, indent=2)


def read_erasures(path: Path) -> list[Erasure]:
    """An erasure list written by `commonground erasures`; BackupError if it is not one."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("kind") != ERASURES_KIND:
            raise ValueError("not a list written by `commonground erasures`")
        return [
            Erasure(
                int(row["person_id"]),
                _utc(datetime.fromisoformat(str(row["erased_at"]))),
                None if row.get("team_id") is None else int(row["team_id"]),
            )
            for row in data["erasures"]
        ]
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise BackupError(f"--erasures: {path} is not a readable erasure list ({exc})") from exc


def write_missing_erasures(engine: Engine, erasures: Sequence[Erasure]) -> int:
    """Append the person.erase audit rows the database lacks (the log is append-only)."""
    present = {e.key for e in recorded_erasures(engine)}
    rows = [
        {
            "at": e.at,
            "action": "person.erase",
            "subject_type": "person",
            "subject_ref": str(e.person_id),
            "team_id": e.team_id,
            "outcome": REAPPLIED,
        }
        for e in erasures
        if e.key not in present
    ]
    if rows:
        with db.writer(engine).begin() as conn:
            conn.execute(insert(AUDIT), rows)
    return len(rows)


# --- People's ids never go back -------------------------------------------------------------

_PG_SEQUENCE = text(
    "SELECT last_value FROM pg_sequences "
    "WHERE format('%I.%I', schemaname, sequencename) = pg_get_serial_sequence('person', 'id')"
)
# sqlite_sequence exists once a table with AUTOINCREMENT does (migration 0005 onwards).
_SQLITE_HAS_SEQUENCE = text("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_sequence'")


def person_id_floor(engine: Engine, erasures: Iterable[Erasure] = ()) -> int:
    """The highest person id ever handed out, as far as the database and the erasures tell."""
    highest = max((e.person_id for e in erasures), default=0)
    if not inspect(engine).has_table("person"):
        return highest
    with engine.connect() as conn:
        highest = max(highest, int(conn.execute(text("SELECT max(id) FROM person")).scalar() or 0))
        if not db.is_sqlite(engine):
            return max(highest, int(conn.execute(_PG_SEQUENCE).scalar() or 0))
        if conn.execute(_SQLITE_HAS_SEQUENCE).scalar():
            seq = conn.execute(text("SELECT seq FROM sqlite_sequence WHERE name = 'person'"))
            highest = max(highest, int(seq.scalar() or 0))
    return highest


def keep_person_ids_above(engine: Engine, floor: int) -> None:
    """Make the next person id greater than `floor` (after a restore of an older backup)."""
    if floor < 1 or floor <= person_id_floor(engine):
        return
    with db.writer(engine).begin() as conn:
        if db.is_sqlite(engine):
            if not conn.execute(_SQLITE_HAS_SEQUENCE).scalar():
                return  # no AUTOINCREMENT table: a schema from before migration 0005
            done = conn.execute(
                text("UPDATE sqlite_sequence SET seq = :n WHERE name = 'person'"), {"n": floor}
            )
            if not done.rowcount:
                conn.execute(
                    text("INSERT INTO sqlite_sequence (name, seq) VALUES ('person', :n)"),
                    {"n": floor},
                )
        else:
            conn.execute(
                text("SELECT setval(pg_get_serial_sequence('person', 'id'), :n)"), {"n": floor}
            )


def _run(args: list[str]) -> None:
    if shutil.which(args[0]) is None:
        raise BackupError(f"{args[0]} is not installed (needed for PostgreSQL backups)")
    done = subprocess.run(args, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{args[0]} failed: {done.stderr.strip()[:500]}")
