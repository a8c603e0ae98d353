"""Files at rest are owner-only whatever the umask: a `make run`-style start (init-db, seed, the
server answering a search), a backup, an erasure list and a subject access export, all under
umask 022, leave folders 0700 and files 0600."""

from __future__ import annotations

import os
import socket
import stat
import subprocess  # noqa: S404 - runs this project's own CLI
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CLI = [sys.executable, "-c", "from wsgi import cli; cli()"]


@pytest.fixture
def umask_022() -> Iterator[None]:
    """The usual umask, under which new files would be readable by everyone (0644)."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def _env(instance: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COMMONGROUND_")}
    return {**env, "COMMONGROUND_INSTANCE_DIR": str(instance)}


def _cli(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(  # noqa: S603
        [*CLI, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str, seconds: float = 120) -> int:
    """GET a URL from the starting server, retrying while it starts; the status."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - loopback
                return int(response.status)
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def _modes(*paths: Path) -> dict[str, str]:
    return {p.name: oct(stat.S_IMODE(p.stat().st_mode)) for p in paths}


def _serve_and_search(env: dict[str, str], database: Path) -> dict[str, str]:
    """Start the server, search the public directory, and read the modes while it runs."""
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603
        [*CLI, "run", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert _get(f"http://127.0.0.1:{port}/public/search?q=walking") == 200
        wal, shm = (database.with_name(database.name + s) for s in ("-wal", "-shm"))
        return _modes(database, wal, shm)  # the open server keeps its -wal and -shm
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_everything_written_at_rest_is_owner_only_under_umask_022(tmp_path, umask_022):
    instance = tmp_path / "instance"
    database = instance / "commonground.sqlite3"
    # As an older version left them: a world-readable folder and database.
    instance.mkdir(mode=0o755)
    database.touch(mode=0o644)
    assert _modes(instance, database) == {"instance": "0o755", database.name: "0o644"}
    env = _env(instance)
    _cli(env, "init-db")
    _cli(env, "seed")
    assert _serve_and_search(env, database) == {
        database.name: "0o600",
        database.name + "-wal": "0o600",
        database.name + "-shm": "0o600",
    }
    backups = tmp_path / "backups"
    _cli(env, "backup", str(backups / "cg.backup"))
    _cli(env, "erasures", str(backups / "erased.json"))
    _cli(env, "export-person", "--id", "1", "--out", str(tmp_path / "sar"))
    folders = [instance, instance / "index", backups, tmp_path / "sar"]
    files = [
        database,
        instance / "secret_key",
        backups / "cg.backup",
        backups / "cg.backup.manifest.json",
        backups / "erased.json",
        tmp_path / "sar" / "person-1.json",
        tmp_path / "sar" / "person-1.html",
    ]
    assert _modes(*folders) == {p.name: "0o700" for p in folders}
    assert _modes(*files) == {p.name: "0o600" for p in files}
