"""Real servers on loopback, signed-in clients and acknowledged writes, for the reliability tests
and the bench/reliability_*.py scripts (which run the same code for longer)."""

from __future__ import annotations

import contextlib
import os
import random
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
from flask import Flask
from sqlalchemy import Engine, func, select
from sqlmodel import col

from core import db

ROOT = Path(__file__).resolve().parents[2]
SECRET = "reliability-secret-key-that-is-long-enough-0123456789"
PASSWORD = "a calm walk by the canal"
CSRF = re.compile(r'name="csrf[-_]token" (?:content|value)="([^"]+)"')
COUNT = re.compile(r"^count (\d+)$")
LOCKED = "database is locked"


def server_config(database_url: str, tmp: Path, **extra: Any) -> dict[str, Any]:
    """Configuration for a served app: its own index and instance folder, generous rate limits."""
    return {
        "DATABASE_URL": database_url,
        "INDEX_DIR": str(tmp / "index"),
        "INSTANCE_DIR": str(tmp / "instance"),
        "SECRET_KEY": SECRET,
        "SEARCH_BACKEND": "whoosh",
        "LOGIN_FREE_FAILURES_PER_ADDRESS": 100_000,
        "LOGIN_FREE_FAILURES_PER_ACCOUNT": 100_000,
        **extra,
    }


def free_port() -> int:
    """A loopback port nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def seed(app: Flask, users: int, resources: int) -> tuple[list[str], dict[str, dict[str, Any]]]:
    """Member accounts (emails) and online counter resources (id -> body for an edit)."""
    from core.accounts import create_user, get_or_create_team, hash_password
    from core.models import Role
    from directory.models import ResourceCreate, Setting
    from directory.resources import create_resource
    from directory.stewardship.history import snapshot

    hashed = hash_password(PASSWORD)
    emails = [f"load{i}@example.org" for i in range(users)]
    with app.app_context(), db.write_session() as session:
        team = get_or_create_team(session, "Reliability")
        for i, email in enumerate(emails):
            user = create_user(session, email, f"Load {i}", "", Role.MEMBER, team)
            user.password_hash = hashed
        made = [
            create_resource(
                session,
                ResourceCreate(
                    name=f"Counter group {i}", description="count 0", setting=Setting.ONLINE
                ),
            )
            for i in range(resources)
        ]
        session.flush()
        bodies = {r.id: edit_body(snapshot(r), r.version) for r in made}
    return emails, bodies


def edit_body(state: dict[str, Any], version: int) -> dict[str, Any]:
    """A resource snapshot as the body of PUT /api/workspace/resources/<id>."""
    body = {k: v for k, v in state.items() if k not in ("review_state", "flagged_changed")}
    body["version"] = version
    return body


# ------------------------------------------------------------------ servers


def wait_ready(
    base: str, timeout: float = 90.0, proc: subprocess.Popen[bytes] | None = None
) -> None:
    """Wait until the server answers its public home page."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        with contextlib.suppress(requests.RequestException):
            if requests.get(base + "/public/", timeout=5).status_code == 200:
                return
        time.sleep(0.05)
    raise RuntimeError(f"server at {base} did not start within {timeout} s")


def start_gunicorn(
    config: dict[str, Any], port: int, log: Path, workers: int = 4, threads: int = 4
) -> subprocess.Popen[bytes]:
    """gunicorn with `workers` processes of `threads` threads each, in its own process group."""
    import json

    env = {**os.environ, "COMMONGROUND_RELIABILITY_CONFIG": json.dumps(config)}
    args = [
        sys.executable,
        "-m",
        "gunicorn",
        "--workers",
        str(workers),
        "--worker-class",
        "gthread",
        "--threads",
        str(threads),
        "--bind",
        f"127.0.0.1:{port}",
        "--chdir",
        str(ROOT),
        "--timeout",
        "120",
        "tests.reliability.serve_app:app",
    ]
    with log.open("ab") as out:
        proc = subprocess.Popen(args, env=env, stdout=out, stderr=out, start_new_session=True)  # noqa: S603
    wait_ready(f"http://127.0.0.1:{port}", proc=proc)
    return proc


def stop(proc: subprocess.Popen[bytes]) -> None:
    """Stop a server started by start_gunicorn and wait for it."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGINT)  # quick shutdown: the load is over
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def fork_server(config: dict[str, Any], port: int, log: Path) -> int:
    """Serve the app from a forked child (imports already done: restarts take milliseconds).

    The child is a real server process: SIGKILL ends it wherever it is, mid-transaction or
    mid-index-write, exactly as a crash would.
    """
    pid = os.fork()
    if pid:
        return pid
    try:  # pragma: no cover - runs in the child
        os.setsid()
        fd = os.open(str(log), os.O_WRONLY | os.O_CREAT | os.O_APPEND)
        os.dup2(fd, 1)
        os.dup2(fd, 2)
        from werkzeug.serving import make_server

        from wsgi import create_app

        make_server("127.0.0.1", port, create_app(config), threaded=True).serve_forever()
    finally:
        os._exit(1)


# ------------------------------------------------------------------ clients


def sign_in(base: str, email: str) -> requests.Session:
    """A requests session signed in as the user, sending its CSRF token with writes."""
    client = requests.Session()
    found = CSRF.search(client.get(base + "/login", timeout=30).text)
    assert found, "no CSRF token on the sign-in page"
    form = {"email": email, "password": PASSWORD, "csrf_token": found.group(1)}
    done = client.post(base + "/login", data=form, allow_redirects=False, timeout=60)
    assert done.status_code in (302, 303), f"sign-in failed: {done.status_code}"
    found = CSRF.search(client.get(base + "/workspace/review", timeout=30).text)
    assert found, "no CSRF token on a signed-in page"
    client.headers["X-CSRFToken"] = found.group(1)
    return client


def clone(client: requests.Session) -> requests.Session:
    """Another client with the same sign-in (a second browser tab), one connection per request."""
    other = requests.Session()
    other.cookies.update(client.cookies)
    other.headers.update(client.headers)
    # A reused connection that gunicorn's keep-alive timer closes just as the next request goes
    # out fails in requests (a browser would retry it): a transport race, not the app's doing,
    # and retrying could apply an edit twice. In production nginx talks to synchronous workers,
    # which close every connection after one answer anyway.
    other.headers["Connection"] = "close"
    return other


@dataclass
class LoadResult:
    """What the clients saw."""

    statuses: Counter[int] = field(default_factory=Counter)
    edits: Counter[str] = field(default_factory=Counter)  # acknowledged (200) per resource
    confirms: Counter[str] = field(default_factory=Counter)  # acknowledged (302) per resource
    conflicts: int = 0
    bad_conflicts: list[str] = field(default_factory=list)
    server_errors: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # connection errors, unexpected answers

    def merge(self, other: LoadResult) -> None:
        """Add another client's result to this one."""
        self.statuses += other.statuses
        self.edits += other.edits
        self.confirms += other.confirms
        self.conflicts += other.conflicts
        self.bad_conflicts += other.bad_conflicts
        self.server_errors += other.server_errors
        self.failures += other.failures


def _count(body: dict[str, Any]) -> int:
    found = COUNT.match(str(body.get("description", "")))
    return int(found.group(1)) if found else 0


def client_loop(
    base: str,
    client: requests.Session,
    bodies: dict[str, dict[str, Any]],
    deadline: float,
    rng: random.Random,
) -> LoadResult:
    """Edit counters (optimistic locking), confirm and read until the deadline."""
    out = LoadResult()
    known = {rid: dict(body) for rid, body in bodies.items()}
    ids = sorted(known)
    while time.monotonic() < deadline:
        rid = rng.choice(ids)
        roll = rng.random()
        try:
            if roll < 0.45:
                body = dict(known[rid])
                body["description"] = f"count {_count(body) + 1}"
                answer = client.put(f"{base}/api/workspace/resources/{rid}", json=body, timeout=120)
                if answer.status_code == 200:
                    out.edits[rid] += 1
                    known[rid] = {**body, "version": answer.json()["version"]}
                elif answer.status_code == 409:
                    out.conflicts += 1
                    reply = answer.json()
                    current = reply.get("current")
                    if not (isinstance(current, dict) and reply.get("yours") == body):
                        out.bad_conflicts.append(f"409 without both versions: {sorted(reply)}")
                    else:
                        known[rid] = edit_body(current, int(reply["current_version"]))
            elif roll < 0.6:
                answer = client.post(
                    f"{base}/workspace/resources/{rid}/confirm", allow_redirects=False, timeout=120
                )
                if answer.status_code == 302:
                    out.confirms[rid] += 1
            else:
                path = rng.choice(
                    [f"/resources/{rid}", "/public/search?q=counter+group", "/api/hsds/services"]
                )
                answer = client.get(base + path, timeout=120)
        except requests.RequestException as exc:
            out.failures.append(f"{type(exc).__name__}: {exc}")
            continue
        out.statuses[answer.status_code] += 1
        if answer.status_code >= 500:
            out.server_errors.append(f"{answer.request.method} {answer.url}: {answer.status_code}")
        elif answer.status_code not in (200, 302, 409):
            out.failures.append(f"{answer.request.method} {answer.url}: {answer.status_code}")
    return out


def run_load(
    base: str,
    emails: list[str],
    bodies: dict[str, dict[str, Any]],
    clients: int,
    seconds: float,
    seed_value: int = 7,
) -> LoadResult:
    """`clients` threads (signed in as the given users in turn) for `seconds`."""
    signed = [sign_in(base, email) for email in emails]
    sessions = [clone(signed[i % len(signed)]) for i in range(clients)]
    results: list[LoadResult] = [LoadResult() for _ in sessions]
    deadline = time.monotonic() + seconds

    def work(i: int) -> None:
        results[i] = client_loop(base, sessions[i], bodies, deadline, random.Random(seed_value + i))

    threads = [threading.Thread(target=work, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    total = LoadResult()
    for r in results:
        total.merge(r)
    return total


def final_counts(engine: Engine, ids: list[str]) -> dict[str, tuple[int, int, int]]:
    """Per resource: the counter in its description, its edit and its confirm history rows."""
    from directory.models import Resource, ResourceHistory

    out: dict[str, tuple[int, int, int]] = {}
    with engine.connect() as conn:
        for rid in ids:
            desc = conn.execute(
                select(col(Resource.description)).where(col(Resource.id) == rid)
            ).scalar_one()
            rows: dict[str, int] = dict(
                conn.execute(  # type: ignore[arg-type]
                    select(col(ResourceHistory.action), func.count())
                    .where(col(ResourceHistory.resource_id) == rid)
                    .group_by(ResourceHistory.action)
                ).all()
            )
            out[rid] = (_count({"description": desc}), rows.get("edit", 0), rows.get("confirm", 0))
    return out


# ------------------------------------------------------------------ crash checks


def integrity(path: Path) -> str:
    """SQLite's own verdict on a database file (recovering its WAL, as the next open would)."""
    conn = sqlite3.connect(str(path), timeout=30)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


def index_state(index_dir: Path) -> dict[str, int]:
    """Resource id -> updated_at (microseconds) as the whoosh index holds them."""
    from whoosh import index as windex

    from directory.search.whoosh_docs import FEED_ID  # the marker of the feed seq applied

    # Read again, as the app's reader does, when the server's merge after its last reply replaced
    # the files just listed (a merge keeps every document: only where they are changes).
    for attempt in range(20):
        try:
            ix = windex.open_dir(str(index_dir))
            try:
                with ix.searcher() as searcher:
                    reader = searcher.reader()
                    updated = reader.column_reader("updated")
                    return {
                        str(fields["id"]): int(updated[docnum])
                        for docnum, fields in reader.iter_docs()
                        if "id" in fields and fields["id"] != FEED_ID
                    }
            finally:
                ix.close()
        except FileNotFoundError:
            if attempt == 19:
                raise
            time.sleep(0.1)
    raise AssertionError("unreachable")


def database_documents(engine: Engine) -> dict[str, int]:
    """Resource id -> updated_at (microseconds) as the database holds them."""
    from directory.search.whoosh_docs import load

    return {str(fields["id"]): int(fields["updated"]) for fields in load(engine)}


@dataclass
class Owned:
    """What one writer knows of a resource it created: acknowledged counter and version."""

    count: int = 0
    version: int = 1
    pending: bool = False  # a write was sent and no answer came (the server was killed)
    acked: int = 0  # edits answered 200, over every cycle


@dataclass
class CrashResult:
    """What the kill-and-restart loop found."""

    kills: int = 0
    acknowledged: int = 0  # writes answered before a kill
    problems: list[str] = field(default_factory=list)


def _crash_writer(
    base: str,
    client: requests.Session,
    owned: dict[str, Owned],
    created: list[str],
    name: str,
    stop_at: threading.Event,
    rng: random.Random,
    answered: threading.Event,
) -> None:
    """Create and edit resources until the server dies; remember only what was answered."""
    serial = 0
    while not stop_at.is_set():
        try:
            if not owned or rng.random() < 0.4:
                serial += 1
                form = {"name": f"{name} {serial}", "online": "1", "action": "save-anyway"}
                answer = client.post(
                    f"{base}/workspace/add", data=form, allow_redirects=False, timeout=10
                )
                if answer.status_code == 302:
                    rid = answer.headers["Location"].rstrip("/").rsplit("/", 1)[-1]
                    created.append(rid)
                    owned[rid] = Owned()
                    answered.set()
                continue
            rid = rng.choice(sorted(owned))
            state = owned[rid]
            state.pending = True
            body: dict[str, Any] = {
                "name": f"{name} edited",
                "setting": "online",
                "description": f"count {state.count + 1}",
                "version": state.version,
            }
            answer = client.put(f"{base}/api/workspace/resources/{rid}", json=body, timeout=10)
            if answer.status_code == 200:
                state.count += 1
                state.acked += 1
                answered.set()
                state.version = int(answer.json()["version"])
            state.pending = False
        except requests.RequestException:
            return


def crash_run(
    database_url: str,
    tmp: Path,
    email: str,
    kills: int,
    seed_value: int = 11,
    writers: int = 2,
    max_wait: float = 0.5,
) -> CrashResult:
    """Serve, write from `writers` threads, SIGKILL at a random moment, restart and check: the
    database is intact, every acknowledged write is there, the index equals the database."""
    rng = random.Random(seed_value)
    config = server_config(database_url, tmp)
    log = tmp / "crash-server.log"
    owned: list[dict[str, Owned]] = [{} for _ in range(writers)]
    created: list[str] = []
    result = CrashResult()
    client: requests.Session | None = None
    sqlite_path = (
        Path(database_url.split("///", 1)[1]) if database_url.startswith("sqlite") else None
    )
    _warm(config)
    for cycle in range(kills + 1):
        port = free_port()
        pid = fork_server(config, port, log)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_ready(base, timeout=60)
            # The first search in a new process heals the index from the database.
            if requests.get(base + "/public/search?q=group", timeout=60).status_code != 200:
                result.problems.append(f"cycle {cycle}: search failed after restart")
            engine = db.make_engine(database_url)
            try:
                indexed, stored = index_state(Path(config["INDEX_DIR"])), database_documents(engine)
            finally:
                engine.dispose()
            if indexed != stored:
                missing = len(stored.keys() - indexed.keys())
                extra = len(indexed.keys() - stored.keys())
                stale = sum(1 for k in stored.keys() & indexed.keys() if stored[k] != indexed[k])
                result.problems.append(
                    f"cycle {cycle}: index differs "
                    f"({missing} missing, {extra} extra, {stale} stale)"
                )
            if cycle == kills:
                break
            client = client or sign_in(base, email)
            stop_at, answered = threading.Event(), threading.Event()
            threads = [
                threading.Thread(
                    target=_crash_writer,
                    args=(
                        base,
                        clone(client),
                        owned[i],
                        created,
                        f"Crash {i}",
                        stop_at,
                        random.Random(rng.random()),
                        answered,
                    ),
                )
                for i in range(writers)
            ]
            for t in threads:
                t.start()
            # Writes are under way once one is answered; the kill then lands at a random moment.
            answered.wait(timeout=10)
            time.sleep(rng.uniform(0.0, max_wait))
        finally:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        stop_at.set()
        for t in threads:
            t.join()
        result.kills += 1
        if sqlite_path is not None and (verdict := integrity(sqlite_path)) != "ok":
            result.problems.append(f"kill {result.kills}: integrity_check says {verdict}")
        result.problems += _check_acknowledged(database_url, owned, created, result)
    return result


def _warm(config: dict[str, Any]) -> None:
    """Import what a first request imports, here, so that each forked server starts quickly."""
    from wsgi import create_app

    app = create_app(config)
    client = app.test_client()
    for path in ("/public/", "/public/search?q=group", "/login"):
        client.get(path)
    db.get_engine(app).dispose()


def _check_acknowledged(
    database_url: str, owned: list[dict[str, Owned]], created: list[str], result: CrashResult
) -> list[str]:
    """Every answered create and edit is in the database; then take its state as known."""
    from directory.models import Resource

    problems: list[str] = []
    engine = db.make_engine(database_url)
    try:
        with engine.connect() as conn:
            rows = {
                rid: (desc, version)
                for rid, desc, version in conn.execute(
                    select(col(Resource.id), col(Resource.description), col(Resource.version))
                )
            }
    finally:
        engine.dispose()
    lost = [rid for rid in created if rid not in rows]
    if lost:
        problems.append(f"kill {result.kills}: {len(lost)} acknowledged creates lost")
    result.acknowledged = len(created)
    for mine in owned:
        for rid, state in mine.items():
            if rid not in rows:
                continue
            count, version = _count({"description": rows[rid][0]}), int(rows[rid][1])
            allowed = {state.count, state.count + 1} if state.pending else {state.count}
            if count not in allowed:
                problems.append(
                    f"kill {result.kills}: {rid} has count {count}, acked {state.count}"
                )
            result.acknowledged += state.acked
            state.count, state.version, state.pending = count, version, False
    return problems
