"""Database engine, the per-app-context session, SQLite pragmas and schema migration."""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import click
from flask import Flask, current_app, g, has_request_context, request
from sqlalchemy import Connection, Dialect, Engine, create_engine, event, insert, make_url, update
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.expression import ClauseElement
from sqlmodel import Session

if TYPE_CHECKING:
    from alembic.config import Config as AlembicConfig

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
EXTENSION_KEY = "commonground.engine"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
BEGIN_OPTION = "commonground_begin"
OWNER_ONLY = 0o600
# How long a checkpoint after an erasure waits for readers before giving up (it is retried by
# SQLite's own checkpoints later; a request should not wait the full busy timeout).
CHECKPOINT_WAIT_SECONDS = 5
STREAM_CHUNK = 5000  # rows a server-side cursor fetches at a time

log = logging.getLogger(__name__)


class SchemaOutOfDate(click.ClickException):
    """The database schema is missing or older than the code."""


# A request may hold its read session, an audit/write session and a search-facts connection at
# once: with gunicorn's 8 threads that is up to 24, more than SQLAlchemy's default 5 + 10 (the
# load test saw "QueuePool limit ... reached" on match runs).
POOL_OVERFLOW = 25


def is_sqlite(engine: Engine) -> bool:
    """Tell whether the engine talks to SQLite."""
    return engine.dialect.name == "sqlite"


_WRITER = "_commonground_writer"  # where an engine keeps its write-locking twin


def owner_only_file(path: Path) -> None:
    """Create the file if missing, and make it readable and writable by its owner only."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, OWNER_ONLY)
    try:
        if os.fstat(fd).st_mode & 0o777 != OWNER_ONLY:
            os.fchmod(fd, OWNER_ONLY)
    finally:
        os.close(fd)


def sqlite_path(url: str) -> Path | None:
    """The database file of a SQLite URL (None for another database or an in-memory one)."""
    parsed = make_url(url)
    database = parsed.database if parsed.get_backend_name() == "sqlite" else None
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def _private_sqlite_files(url: str) -> None:
    """Make the database owner-only before SQLite opens it."""
    # SQLite gives its -wal, -shm and -journal files the database file's mode, whatever the umask.
    path = sqlite_path(url)
    if path is None or not path.parent.is_dir():
        return  # SQLite reports the missing folder itself
    owner_only_file(path)
    for suffix in ("-wal", "-shm", "-journal"):
        # Files left by a version that made them with the umask's mode are tightened too.
        side = path.with_name(path.name + suffix)
        with contextlib.suppress(FileNotFoundError, PermissionError):
            if side.stat().st_mode & 0o077:
                side.chmod(OWNER_ONLY)


def make_engine(url: str, *, foreign_keys: bool = True, **kwargs: Any) -> Engine:
    """Create an engine with the pragmas and transaction handling this app relies on."""
    # A database error's message must not carry bound values (personal data) into the logs.
    kwargs.setdefault("hide_parameters", True)
    if url.startswith("sqlite"):
        _private_sqlite_files(url)
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 30},
            # A pooled connection stays open, so commits do not checkpoint and delete the WAL
            # each time the last connection closes (15 ms -> under 1 ms per commit measured).
            pool_size=5,
            max_overflow=POOL_OVERFLOW,
            **kwargs,
        )
        _configure_sqlite(engine, foreign_keys)
        return engine
    return create_engine(url, pool_pre_ping=True, max_overflow=POOL_OVERFLOW, **kwargs)


def _configure_sqlite(engine: Engine, foreign_keys: bool = True) -> None:
    """WAL, busy timeout, foreign keys, secure delete, and BEGIN IMMEDIATE for writes."""

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_conn: Any, _record: Any) -> None:
        # pysqlite's own implicit BEGIN is deferred, which loses updates under concurrent
        # writers; we take over transaction control and emit BEGIN ourselves below.
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # Deleted rows are overwritten with zeros, not left in free space (erasure).
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(conn: Any) -> None:
        immediate = conn.get_execution_options().get(BEGIN_OPTION) == "IMMEDIATE"
        # Straight to the driver: every request begins at least one transaction, and
        # exec_driver_sql's statement machinery cost more than the BEGIN itself.
        conn.connection.driver_connection.execute("BEGIN IMMEDIATE" if immediate else "BEGIN")


def writer(engine: Engine) -> Engine:
    """The same engine, but its transactions take the write lock at BEGIN on SQLite."""
    # Made once per engine: every write request and audit row asks for it.
    found: Engine | None = engine.__dict__.get(_WRITER)
    if found is None:
        found = engine.__dict__[_WRITER] = engine.execution_options(**{BEGIN_OPTION: "IMMEDIATE"})
    return found


class DriverStatement:
    """A fixed Core statement run on the driver's own connection, for the few every request runs."""

    # SQLAlchemy's execution costs about 100 Python calls a statement, more than the statement
    # itself on SQLite. Parameters still pass through their column types' bind processing; rows
    # come back as the driver gives them (no result processing), so select plain columns only.

    def __init__(self, statement: ClauseElement, keys: Sequence[str] | None = None) -> None:
        self._statement = statement
        self._keys = list(keys) if keys is not None else None  # the columns an INSERT sets
        self._compiled: dict[str, tuple[Any, str, tuple[str, ...] | None, Any]] = {}

    def _for(self, dialect: Dialect) -> tuple[Any, str, tuple[str, ...] | None, Any]:
        found = self._compiled.get(dialect.name)
        if found is None:
            compiled = cast(
                SQLCompiler, self._statement.compile(dialect=dialect, column_keys=self._keys)
            )
            processors: dict[str, Callable[[Any], Any]] = {}
            for name, bind in compiled.binds.items():
                process = bind.type.dialect_impl(dialect).bind_processor(dialect)
                if process is not None:
                    processors[name] = process
            order = tuple(compiled.positiontup or ()) if compiled.positional else None
            found = self._compiled[dialect.name] = (compiled, str(compiled), order, processors)
        return found

    def execute(self, dbapi_connection: Any, dialect: Dialect, params: dict[str, Any]) -> Any:
        """Run on a DBAPI connection (sqlite3 or psycopg) and return its cursor."""
        compiled, sql, order, processors = self._for(dialect)
        values = compiled.construct_params(params)
        for name, process in processors.items():
            values[name] = process(values[name])
        return dbapi_connection.execute(
            sql, [values[name] for name in order] if order is not None else values
        )

    def first(self, conn: Connection, params: dict[str, Any]) -> Any:
        """The first row (a tuple) or None, read in the SQLAlchemy connection's transaction."""
        cursor = self.execute(conn.connection.driver_connection, conn.dialect, params)
        try:
            return cursor.fetchone()
        finally:
            cursor.close()


def get_engine(app: Flask | None = None) -> Engine:
    """The engine of the given or current app."""
    engine: Engine = (app or current_app).extensions[EXTENSION_KEY]
    return engine


def get_session() -> Session:
    """The session of the current app context; write requests and CLI commands write-lock."""
    if "db_session" not in g:
        engine = get_engine()
        read_only = has_request_context() and request.method in SAFE_METHODS
        g.db_session = Session(engine if read_only else writer(engine), expire_on_commit=False)
    session: Session = g.db_session
    return session


@contextlib.contextmanager
def write_session(app: Flask | None = None) -> Iterator[Session]:
    """A separate short write transaction (audit rows, background work); commits on success."""
    with Session(writer(get_engine(app)), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def close_session(_exc: BaseException | None = None) -> None:
    """Close the app context's session, rolling back anything uncommitted."""
    session = g.pop("db_session", None)
    if session is not None:
        session.close()


def alembic_config(engine: Engine) -> AlembicConfig:
    """An Alembic configuration bound to the engine."""
    # Alembic is imported where it is used: a web worker never migrates, and it costs a
    # worker a fifth of a second to import at start.
    from alembic.config import Config as AlembicConfig

    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine, revision: str = "heads") -> None:
    """Create or upgrade the schema through Alembic."""
    from alembic import command

    if not is_sqlite(engine) or sqlite_path(str(engine.url)) is None:
        command.upgrade(alembic_config(engine), revision)
        return
    # SQLite alters a table by rebuilding it (Alembic's batch mode), as SQLite's documentation
    # describes: with foreign keys off, or dropping the old table would cascade-delete every
    # row that refers to it. Migrations that rebuild check PRAGMA foreign_key_check themselves.
    migrating = make_engine(engine.url.render_as_string(hide_password=False), foreign_keys=False)
    try:
        command.upgrade(alembic_config(migrating), revision)
    finally:
        migrating.dispose()


def checkpoint(engine: Engine) -> bool:
    """Copy SQLite's WAL into the database file and empty it; False if readers kept it busy."""
    # After an erasure this leaves the deleted rows (zeroed by secure_delete) only as zeros in the
    # database file, instead of their earlier versions in the WAL.
    path = sqlite_path(str(engine.url)) if is_sqlite(engine) else None
    if path is None:
        return True
    conn = sqlite3.connect(str(path), timeout=CHECKPOINT_WAIT_SECONDS)
    try:
        busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    except sqlite3.OperationalError as exc:
        log.warning("WAL checkpoint after erasure failed: %s", exc)
        return False
    finally:
        conn.close()
    if busy:
        log.warning("WAL checkpoint after erasure incomplete: readers were busy")
    return not busy


def vacuum(engine: Engine, tables: Iterable[str]) -> None:
    """PostgreSQL: VACUUM the tables (dead rows' space freed, their TOAST data dropped)."""
    if engine.dialect.name != "postgresql":
        return
    preparer = engine.dialect.identifier_preparer
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        for table in tables:
            # Names come from the model metadata, quoted by the dialect.
            conn.exec_driver_sql("VACUUM " + preparer.quote(table))  # noqa: S608 - quoted name


def fresh_version() -> int:
    """A directory version no cache has seen: caches compare versions for equality only."""
    # A new or restored database starts from a random version, so arrays cached for another
    # database (or for this one before a restore) are never mistaken for current.
    return secrets.randbelow(2**31 - 1) + 1


def stream(conn: Connection, query: Any) -> Iterator[Any]:
    """A query's rows as they are read, never all of them in memory at once."""
    if conn.dialect.name == "sqlite":  # its cursor already steps through rows as they are read
        yield from conn.execute(query)
    else:  # a server-side cursor, STREAM_CHUNK rows at a time
        yield from conn.execute(query.execution_options(yield_per=STREAM_CHUNK))


def bump_version(conn: Connection, state: Any) -> None:
    """Move a one-row version counter (a table with `id` 1 and `version`) on by one."""
    # In the caller's transaction; a missing row starts from a fresh version.
    bumped = conn.execute(update(state).where(state.id == 1).values(version=state.version + 1))
    if bumped.rowcount == 0:
        conn.execute(insert(state).values(id=1, version=fresh_version()))


def schema_is_current(engine: Engine) -> bool:
    """Tell whether the database is at the newest migration."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config(engine))
    with engine.connect() as conn:
        current = set(MigrationContext.configure(conn).get_current_heads())
    return current == set(script.get_heads())


def require_current_schema(app: Flask | None = None) -> None:
    """Stop a CLI command with a clear message if the schema is not up to date."""
    if not schema_is_current(get_engine(app)):
        raise SchemaOutOfDate(
            "The database schema is missing or out of date. Run `commonground init-db` first."
        )


def before_fork(app: Flask) -> None:
    """Close the app's pooled connections, so that no process forked next shares one."""
    # SQLAlchemy's advice for os.fork(): two processes on one socket corrupt each other's
    # sessions. The pool opens new connections when next asked, in whichever process asks.
    get_engine(app).dispose()


def init_app(app: Flask) -> None:
    """Create the engine for the app and close sessions at the end of each app context."""
    app.extensions[EXTENSION_KEY] = make_engine(app.config["DATABASE_URL"])
    app.teardown_appcontext(close_session)
