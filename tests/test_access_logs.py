"""Logs carry routes, never search text or tokens, and no text can forge a log line.

The real servers are started on a loopback port in a subprocess: `commonground run` (werkzeug,
what `make run` starts) and gunicorn with the README's production config. Requests carry a
home postcode in the query and an invitation token in the path; their log output is read back.
The README config's preloaded gunicorn workers also answer searches side by side without error.
"""

from __future__ import annotations

import io
import logging
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from core import db
from core.auth import access
from core.logs import TRACEBACK_MARK
from directory.models import GazetteerEntry

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
POSTCODE, TOKEN = "LS6 1AA", "SECRET-invite-token-7f3a"
REQUESTS = [
    ("/public/search?q=walk&near=LS6+1AA", "/public/search", 200),
    (f"/invite/{TOKEN}?next=/people", "/invite/<token>", 404),
    ("/public/no-such-page?near=LS6+1AA", "-", 404),
    ("/static/css/app.css?v=LS6", "/static/<path:filename>", 200),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait(port: int, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert proc.poll() is None, "the server exited"
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("the server did not start within 60 s")


def _get(port: int, path: str) -> int:
    referer = f"http://127.0.0.1:{port}/public/search?near=LS6+1AA&token={TOKEN}"
    ask = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Referer": referer})
    try:
        with urllib.request.urlopen(ask, timeout=30) as answer:  # noqa: S310 - loopback
            return int(answer.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


def _ask_each(port: int) -> None:
    for path, _, status in REQUESTS:
        assert _get(port, path) == status, path


def serve_and_log(
    command: list[str],
    env: dict[str, str],
    port: int,
    tmp_path: Path,
    ask: Callable[[int], None] = _ask_each,
) -> str:
    """Start a server, make the requests, stop it, and return everything it logged."""
    log = tmp_path / "server.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(  # noqa: S603 - our own server
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        try:
            _wait(port, proc)
            ask(port)
            time.sleep(0.5)  # the access line is written after the answer is sent
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)
    return log.read_text(errors="replace")


def check_access_log(text: str, protocol: str) -> None:
    """Each request shows as method, route and status; nothing of the query, token or referrer."""
    for _, route, status in REQUESTS:
        assert re.search(rf'"GET {re.escape(route)} {protocol}" {status}\b', text), (route, text)
    for secret in (TOKEN, "LS6", "near=", "?", "Referer", "session="):
        assert secret not in text.split("Press CTRL+C")[-1], (secret, text)


def _env(database_url: str, tmp_path: Path, **more: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COMMONGROUND_", "FLASK_"))}
    return {
        **env,
        "COMMONGROUND_DATABASE_URL": database_url,
        "COMMONGROUND_INSTANCE_DIR": str(tmp_path / "instance"),
        "COMMONGROUND_INDEX_DIR": str(tmp_path / "index"),
        **more,
    }


def _production(database_url: str, tmp_path: Path) -> dict[str, str]:
    return _env(
        database_url,
        tmp_path,
        COMMONGROUND_ENV="production",
        COMMONGROUND_SECRET_KEY="k" * 40,
        COMMONGROUND_TRUSTED_HOSTS="127.0.0.1",
    )


def _gunicorn(port: int, workers: int) -> list[str]:
    """gunicorn with the README's production config."""
    return [
        str(BIN / "gunicorn"), "-c", "python:core.gunicorn_conf",
        "-b", f"127.0.0.1:{port}", "-w", str(workers), "wsgi:app",
    ]  # fmt: skip


@pytest.fixture
def served_database(app: Flask, app_config: dict[str, Any]) -> str:
    """The test database (SQLite or PostgreSQL), migrated, for a server in another process."""
    with app.app_context():
        session = db.get_session()
        session.add(GazetteerEntry(key=POSTCODE, kind="postcode", name=POSTCODE, latitude=53.82,
                                   longitude=-1.58))  # fmt: skip
        session.commit()
    return str(app_config["DATABASE_URL"])


def test_make_run_logs_routes_not_queries_or_tokens(served_database: str, tmp_path: Path) -> None:
    port = _free_port()
    command = [str(BIN / "commonground"), "run", "--host", "127.0.0.1", "--port", str(port)]
    text = serve_and_log(command, _env(served_database, tmp_path), port, tmp_path)
    check_access_log(text, "HTTP/1.1")


def test_gunicorn_with_the_readme_config_logs_routes_only(
    served_database: str, tmp_path: Path
) -> None:
    port = _free_port()
    text = serve_and_log(_gunicorn(port, 1), _production(served_database, tmp_path), port, tmp_path)
    check_access_log(text, "HTTP/1.1")


@pytest.fixture
def captured(app: Flask) -> Iterator[io.StringIO]:
    """What the app's logger writes, one record a line as a log file would hold it."""
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    app.logger.addHandler(handler)
    yield out
    app.logger.removeHandler(handler)


def test_text_in_a_log_line_cannot_start_another(app: Flask, captured: io.StringIO) -> None:
    forged = "x\nINFO sign-in succeeded user_id=1\r\x1b[2J\u2028"
    app.logger.warning("place lookup failed for %s", forged)
    app.logger.warning("keyed %(what)s", {"what": forged})
    lines = captured.getvalue().splitlines()
    assert len(lines) == 2
    assert lines[0] == (
        "WARNING place lookup failed for x\\nINFO sign-in succeeded user_id=1\\r\\x1b[2J\\u2028"
    )
    assert lines[1].startswith("WARNING keyed x\\nINFO")


def test_an_exception_on_a_tokened_path_logs_the_route_and_a_marked_traceback(
    app: Flask, captured: io.StringIO
) -> None:
    @access("public")
    def boom(token: str) -> str:
        raise ValueError("bad\nINFO forged line")

    app.add_url_rule("/boom/<token>", "boom", boom)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    client: FlaskClient = app.test_client()
    assert client.get(f"/boom/{TOKEN}").status_code == 500
    text = captured.getvalue()
    assert text.startswith("ERROR Exception on /boom/<token> [GET]\n")
    body = text.splitlines()[1:]
    assert body and all(line.startswith(TRACEBACK_MARK) for line in body), text
    assert f"{TRACEBACK_MARK}INFO forged line" in text  # marked: it cannot pass for a record
    assert TOKEN not in text


def test_log_messages_are_the_codes_own_words() -> None:
    """Outside text reaches a log line only as an argument, which is escaped: no message is built
    with an f-string, % or + (so the escaping cannot be bypassed)."""
    import ast

    levels = {"debug", "info", "warning", "error", "exception", "critical"}
    built = []
    for root in ("core", "directory", "matcher", "seeds"):
        for path in sorted((ROOT / root).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text())):
                if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                    continue
                logs = ast.unparse(node.func.value).endswith(("log", "logger"))
                first = node.args[0] if node.args else ast.Constant("")
                if logs and node.func.attr in levels and not isinstance(first, ast.Constant):
                    built.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert built == []


def test_gunicorn_preloaded_workers_each_answer_searches_side_by_side(
    served_database: str, tmp_path: Path
) -> None:
    # The README config preloads the app in the master and forks the workers from it: each
    # worker must open database connections of its own (core.db.before_fork).
    port = _free_port()
    paths = [f"/public/search?q=walk+{n}&near=LS6+1AA" for n in range(40)]
    statuses: list[int] = []

    def ask(port: int) -> None:
        with ThreadPoolExecutor(8) as pool:
            statuses.extend(pool.map(lambda path: _get(port, path), paths))

    env = _production(served_database, tmp_path)
    text = serve_and_log(_gunicorn(port, 2), env, port, tmp_path, ask)
    assert statuses == [200] * len(paths), text
    assert text.count("Booting worker") == 2, text
    assert "Traceback" not in text and "[ERROR]" not in text, text
