"""Several app nodes on one PostgreSQL: what one node writes, the other serves at once.

Two real gunicorn processes on loopback ports, each with its own instance folder (so nothing is
shared but the database), search served from PostgreSQL full-text search. PostgreSQL only: the
module's own fixture skips when COMMONGROUND_TEST_POSTGRES_URL is absent (CI sets it).
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import text
from sqlmodel import Session

from core import db
from directory import changes

ROOT = Path(__file__).resolve().parents[1]
PG_URL = os.environ.get("COMMONGROUND_TEST_POSTGRES_URL", "")
SECRET = "multinode-secret-key-that-is-long-enough-0123456789"
EMAIL = "practitioner@example.org"
PASSWORD = "a calm walk by the canal"
CSRF = re.compile(r'name="csrf[-_]token" (?:content|value)="([^"]+)"')
POSTCODE = "N7 6QT"

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def shared_database() -> Iterator[str]:
    """A migrated PostgreSQL database of its own, with a practitioner and a known postcode."""
    if not PG_URL:
        pytest.skip("several app nodes need PostgreSQL: set COMMONGROUND_TEST_POSTGRES_URL")
    from core.accounts import create_user, get_or_create_team, hash_password
    from core.config import normalise_database_url
    from core.models import Role
    from directory.models import GazetteerEntry

    admin_url = normalise_database_url(PG_URL)
    name = f"cg_multinode_{os.getpid()}"
    admin = db.make_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = admin_url.rsplit("/", 1)[0] + "/" + name
    engine = db.make_engine(url)
    db.upgrade(engine)
    changes.ensure_state_row(engine)
    with Session(engine) as session:
        team = get_or_create_team(session, "North")
        user = create_user(session, EMAIL, "Practitioner", "", Role.PRACTITIONER, team)
        user.password_hash = hash_password(PASSWORD)
        session.add(
            GazetteerEntry(
                key=POSTCODE, kind="postcode", name=POSTCODE, latitude=51.553, longitude=-0.113
            )
        )
        session.commit()
    engine.dispose()
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


class Node:
    """One app process (gunicorn, one worker) and a signed-in practitioner's browser session."""

    def __init__(self, url: str, folder: Path) -> None:
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {
            **os.environ,
            "COMMONGROUND_DATABASE_URL": url,
            "COMMONGROUND_INSTANCE_DIR": str(folder),
            "COMMONGROUND_INDEX_DIR": str(folder / "index"),
            "COMMONGROUND_SEARCH_BACKEND": "postgres",
            "COMMONGROUND_SECRET_KEY": SECRET,
            "COMMONGROUND_LOG_LEVEL": "WARNING",
        }
        gunicorn = str(Path(sys.executable).parent / "gunicorn")
        self.proc = subprocess.Popen(  # noqa: S603
            [gunicorn, "-w", "1", "--threads", "2", "-b", f"127.0.0.1:{self.port}",
             "--chdir", str(ROOT), "wsgi:app"],
            env=env,
            start_new_session=True,
        )  # fmt: skip
        self._wait()
        self.http = requests.Session()
        self.token = self._sign_in()

    def _wait(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, f"node exited with {self.proc.returncode}"
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.2)
        raise AssertionError("node did not start within 60 s")

    def _sign_in(self) -> str:
        found = CSRF.search(self.get("/login").text)
        assert found, "no CSRF token on the sign-in page"
        answer = self.http.post(
            self.base + "/login",
            data={"email": EMAIL, "password": PASSWORD, "csrf_token": found.group(1)},
            allow_redirects=False,
        )
        assert answer.status_code in (302, 303), answer.status_code
        found = CSRF.search(self.get("/workspace/add").text)
        assert found, "no CSRF token on the quick-add page"
        return found.group(1)

    def get(self, path: str) -> requests.Response:
        return self.http.get(self.base + path, allow_redirects=False, timeout=30)

    def send(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        headers = {"X-CSRFToken": self.token}
        return self.http.request(
            method, self.base + path, headers=headers, allow_redirects=False, timeout=30, **kwargs
        )

    def quick_add(self, name: str) -> str:
        """Add a resource through the quick-add form; returns its id."""
        answer = self.send(
            "POST",
            "/workspace/add",
            data={"name": name, "place": POSTCODE, "action": "save-anyway"},
        )
        assert answer.status_code == 302, answer.text[:500]
        return answer.headers["Location"].rstrip("/").rsplit("/", 1)[-1]

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=30)


@pytest.fixture(scope="module")
def nodes(shared_database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[Node]]:
    """Nodes A and B, each with its own instance folder, sharing the one database."""
    started: list[Node] = []
    try:
        for label in ("a", "b"):
            started.append(Node(shared_database, tmp_path_factory.mktemp(f"node-{label}")))
        yield started
    finally:
        for node in started:
            node.stop()


def test_a_resource_added_on_one_node_is_found_on_the_other_at_once(nodes: list[Node]) -> None:
    a, b = nodes
    assert "Kingfisher Ukulele" not in b.get("/?q=kingfisher+ukulele").text  # B has searched
    a.quick_add("Kingfisher Ukulele Circle")
    page = b.get("/?q=kingfisher+ukulele")
    assert page.status_code == 200
    assert "Kingfisher Ukulele Circle" in page.text


def test_a_match_run_on_one_node_includes_a_resource_just_added_on_the_other(
    nodes: list[Node],
) -> None:
    a, b = nodes
    person = a.send(
        "POST",
        "/api/people",
        json={
            "label": "Sam",
            "postcode": POSTCODE,
            "interests": ["singing"],
            "max_km": 5,
            "free_times": [{"day": "tu", "from": "09:00", "to": "17:00"}],
        },
    )
    assert person.status_code == 201, person.text
    matches = f"/api/people/{person.json()['id']}/matches"

    def suggested() -> set[str]:
        answer = b.get(matches)
        assert answer.status_code == 200, answer.text
        body = answer.json()
        return {s["resource_id"] for s in body["suggestions"]} | {
            n["resource_id"] for n in body["near_misses"]
        }

    before = suggested()  # B has built its match arrays for this directory version
    rid = a.quick_add("Tuesday Singing Circle")
    edit = a.send(
        "PUT",
        f"/api/workspace/resources/{rid}",
        json={
            "name": "Tuesday Singing Circle",
            "description": "A friendly choir for anyone who likes singing.",
            "interests": ["singing"],
            "locations": [{"postcode": POSTCODE, "latitude": 51.553, "longitude": -0.113}],
            "sessions": [{"day": "tu", "start": "10:00", "end": "12:00"}],
            "costs": [{"amount_pence": 0}],
            "version": 1,
        },
    )
    assert edit.status_code == 200, edit.text
    assert rid not in before
    assert rid in suggested()


def test_a_consent_withdrawn_on_one_node_is_respected_on_the_other_at_once(
    nodes: list[Node],
) -> None:
    a, b = nodes
    ids = []
    for label in ("Robin S.", "Quincy P."):
        made = a.send(
            "POST",
            "/api/people",
            json={
                "label": label,
                "postcode": POSTCODE,
                "latitude": 51.553,
                "longitude": -0.113,
                "interests": ["gardening", "chess"],
                "free_times": [{"day": "we", "from": "10:00", "to": "16:00"}],
            },
        )
        assert made.status_code == 201, made.text
        ids.append(made.json()["id"])
    seeker, peer = ids
    for person_id in ids:
        agreed = a.send(
            "POST",
            f"/people/{person_id}/peers/consent",
            data={
                "agreed": "yes",
                "scope": "team",
                "show_label": "yes",
                "show_interests": "yes",
                "show_area": "yes",
                "seeking": "yes",
            },
        )
        assert agreed.status_code == 302
    page = f"/people/{seeker}/peers"
    assert "Quincy P." in b.get(page).text  # B suggests the peer (and has cached its pool)
    withdrawn = a.send("POST", f"/people/{peer}/peers/withdraw")
    assert withdrawn.status_code == 302
    shown = b.get(page)
    assert shown.status_code == 200
    assert "Quincy P." not in shown.text
