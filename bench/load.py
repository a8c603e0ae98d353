"""Load test: gunicorn on loopback under a mix of public search, practitioner search, matching
and quick-adds, for a bounded time; prints JSON with throughput and p50_ms/p95_ms per kind.

Usage: python bench/load.py [--size 10000] [--duration 20] [--configs 4x4,2x8] [--users 32]
       [--add-every 5] [--postgres] [--profile public_search|practitioner_search|match|quick_add]
After a warm-up (until every worker has built its match arrays) two timed phases run: the read
mix (MIX) alone, then the same with a quick-add every --add-every seconds.
--configs lists gunicorn workers x threads to compare (one run each); --postgres runs against a
fresh database on COMMONGROUND_BENCH_POSTGRES_URL (PostgreSQL full-text search) instead of
SQLite + whoosh. The generator is plain asyncio over raw HTTP/1.1 (keep-alive when the server
allows it) so that it takes as little of the machine's two cores as it can; it runs in this
process, so its CPU counts against the server's, as a real client's would not.
--profile skips the load run and prints a pyinstrument profile of 200 requests of that kind
through the WSGI test client on the same data.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import dataset  # noqa: E402

WARM_UP_LIMIT_S = 300
WARM_MATCH_S = 1.0  # warm when no match run in a 3 s round took longer than this
# Share of the simulated clients' requests of each kind. Quick-adds come separately, at a fixed
# rate, in the second phase: each moves the directory version, which makes every worker rebuild
# its match arrays and refresh its search facts, so their rate matters more than their share.
MIX = {"public_search": 60, "practitioner_search": 20, "match": 20}
KINDS = (*MIX, "quick_add")
WORDS = [
    "walking", "choir", "singing", "garden", "allotment", "art", "painting", "football",
    "reading", "cooking", "yoga", "knitting", "chess", "swimming", "pottery", "dance",
    "friendly", "community", "cafe", "music", "running", "photography", "drama", "craft",
]  # fmt: skip
FILTERS = ["", "&free=1", "&near=N7+6QT&radius=2", "&day=tu", "&interest=singing"]
CSRF = re.compile(r'name="csrf[-_]token" (?:content|value)="([^"]+)"')


def free_port() -> int:
    """A free loopback port."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Reply:
    """One HTTP response."""

    status: int
    headers: dict[str, str]
    cookies: dict[str, str]
    body: bytes


class Connection:
    """A keep-alive HTTP/1.1 connection to the server that reopens when the server closes it."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(
        self, method: str, path: str, cookies: dict[str, str], form: dict[str, str] | None = None
    ) -> Reply:
        """Send one request and read the whole response."""
        body = urlencode(form).encode() if form is not None else b""
        lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{self.port}"]
        if cookies:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in cookies.items()))
        if form is not None:
            lines.append("Content-Type: application/x-www-form-urlencoded")
            lines.append(f"Content-Length: {len(body)}")
        raw = ("\r\n".join(lines) + "\r\n\r\n").encode() + body
        for attempt in (1, 2):
            if self.writer is None:
                self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
            try:
                assert self.writer is not None
                self.writer.write(raw)
                return await self._read()
            except (ConnectionError, asyncio.IncompleteReadError):
                self.close()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    async def _read(self) -> Reply:
        assert self.reader is not None
        head = (await self.reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        status = int(head[0].split()[1])
        headers: dict[str, str] = {}
        cookies: dict[str, str] = {}
        for line in head[1:]:
            if ":" not in line:
                continue
            name, value = line.split(":", 1)
            name, value = name.strip().lower(), value.strip()
            if name == "set-cookie":
                key, _, rest = value.partition("=")
                cookies[key] = rest.split(";", 1)[0]
            else:
                headers[name] = value
        if "content-length" in headers:
            body = await self.reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding") == "chunked":
            parts = []
            while True:
                size = int((await self.reader.readline()).strip(), 16)
                parts.append(await self.reader.readexactly(size + 2))
                if size == 0:
                    break
            body = b"".join(p[:-2] for p in parts)
        else:
            body = await self.reader.read()
        if headers.get("connection", "").lower() == "close" or "content-length" not in headers:
            self.close()
        return Reply(status, headers, cookies, body)

    def close(self) -> None:
        """Drop the socket."""
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


@dataclass
class Tally:
    """Latencies and failures per request kind."""

    seconds: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    statuses: dict[str, dict[int, int]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(int))
    )


async def sign_in(port: int) -> tuple[dict[str, str], str]:
    """Sign in as the bench practitioner; returns the cookies and a CSRF token for forms."""
    conn = Connection(port)
    cookies: dict[str, str] = {}
    page = await conn.request("GET", "/login", cookies)
    cookies.update(page.cookies)
    token = CSRF.search(page.body.decode())
    assert token, "no CSRF token on the sign-in page"
    form = {"email": dataset.EMAIL, "password": dataset.PASSWORD, "csrf_token": token.group(1)}
    answer = await conn.request("POST", "/login", cookies, form)
    cookies.update(answer.cookies)
    assert answer.status in (302, 303), f"sign-in failed: {answer.status}"
    page = await conn.request("GET", "/workspace/add", cookies)
    cookies.update(page.cookies)
    token = CSRF.search(page.body.decode())
    assert page.status == 200 and token, f"quick-add page: {page.status}"
    conn.close()
    return cookies, token.group(1)


def next_request(
    kind: str, rng: random.Random, person_id: int, token: str
) -> tuple[str, str, dict[str, str] | None, tuple[int, ...]]:
    """Method, path, form and the acceptable statuses of one request of this kind."""
    words = " ".join(rng.sample(WORDS, rng.choice((1, 1, 2, 3))))
    if kind == "public_search":
        return "GET", f"/public/search?q={quote(words)}{rng.choice(FILTERS)}", None, (200,)
    if kind == "practitioner_search":
        return "GET", f"/?q={quote(words)}{rng.choice(FILTERS)}", None, (200,)
    if kind == "match":
        return "GET", f"/api/people/{person_id}/matches", None, (200,)
    form = {
        "csrf_token": token,
        "name": f"{words.title()} group {rng.randrange(10**9)}",
        "place": dataset.POSTCODE,
        "day": "tu",
        "start": "10:00",
        "end": "12:00",
        "told_by": "bench",
    }
    # 302: added; 200: the duplicate check found likely matches and asks first.
    return "POST", "/workspace/add", form, (200, 302)


async def user(
    port: int,
    deadline: float,
    seed: int,
    cookies: dict[str, str],
    token: str,
    person_id: int,
    tally: Tally,
    mix: dict[str, int] = MIX,
) -> None:
    """One simulated client: requests of random kinds back to back until the deadline."""
    rng = random.Random(seed)
    kinds, weights = list(mix), list(mix.values())
    conn = Connection(port)
    jar = dict(cookies)
    while time.perf_counter() < deadline:
        kind = rng.choices(kinds, weights)[0]
        method, path, form, ok = next_request(kind, rng, person_id, token)
        signed_in = kind != "public_search"
        started = time.perf_counter()
        try:
            reply = await conn.request(method, path, jar if signed_in else {}, form)
        except (OSError, asyncio.IncompleteReadError, ValueError):
            tally.errors[kind] += 1
            conn.close()
            continue
        tally.seconds[kind].append(time.perf_counter() - started)
        tally.statuses[kind][reply.status] += 1
        if reply.status not in ok:
            tally.errors[kind] += 1
        if signed_in:
            jar.update(reply.cookies)
    conn.close()


def summary(samples: list[float], seconds: float) -> dict[str, float]:
    """Throughput, p50 and p95 of some latencies."""
    ordered = sorted(samples) or [0.0]
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "requests": len(samples),
        "per_s": round(len(samples) / seconds, 1),
        "p50_ms": round(statistics.median(ordered) * 1000, 1),
        "p95_ms": round(p95 * 1000, 1),
    }


async def warm_up(port: int, users: int, cookies: dict[str, str], person_id: int) -> float:
    """Match until every worker answers quickly (each builds its arrays on first use)."""
    started = time.perf_counter()
    while time.perf_counter() - started < WARM_UP_LIMIT_S:
        tally = Tally()
        deadline = time.perf_counter() + 3
        await asyncio.gather(
            *(user(port, deadline, 1000 + i, cookies, "", person_id, tally) for i in range(users))
        )
        if tally.seconds["match"] and max(tally.seconds["match"]) < WARM_MATCH_S:
            break
    return round(time.perf_counter() - started, 1)


async def writer(
    port: int,
    deadline: float,
    every: float,
    cookies: dict[str, str],
    token: str,
    person_id: int,
    tally: Tally,
) -> None:
    """A team member adding a resource every `every` seconds until the deadline."""
    rng = random.Random(99)
    conn = Connection(port)
    jar = dict(cookies)
    while time.perf_counter() + every < deadline:
        await asyncio.sleep(every)
        method, path, form, ok = next_request("quick_add", rng, person_id, token)
        started = time.perf_counter()
        try:
            reply = await conn.request(method, path, jar, form)
        except (OSError, asyncio.IncompleteReadError, ValueError):
            tally.errors["quick_add"] += 1
            conn.close()
            continue
        tally.seconds["quick_add"].append(time.perf_counter() - started)
        tally.statuses["quick_add"][reply.status] += 1
        if reply.status not in ok:
            tally.errors["quick_add"] += 1
        jar.update(reply.cookies)
    conn.close()


def report_of(tally: Tally, spent: float) -> dict[str, Any]:
    """Throughput and latency per kind and in total."""
    everything = [s for samples in tally.seconds.values() for s in samples]
    return {
        "total": {**summary(everything, spent), "errors": sum(tally.errors.values())},
        **{
            kind: {
                **summary(tally.seconds[kind], spent),
                "errors": tally.errors[kind],
                "statuses": dict(tally.statuses[kind]),
            }
            for kind in KINDS
            if tally.seconds[kind] or tally.errors[kind]
        },
    }


def server_cpu_s(master: int) -> float:
    """CPU seconds the gunicorn master's worker processes have used so far (from /proc)."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    try:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    except OSError:
        return float("nan")
    for pid in children:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # a worker that just exited
        total += (int(fields[11]) + int(fields[12])) / tick  # utime + stime
    return total


async def drive(
    port: int, users: int, duration: float, person_id: int, add_every: float, master: int
) -> dict[str, Any]:
    """Warm up, then run the read mix, then the read mix with quick-adds; summarise each."""
    cookies, token = await sign_in(port)
    out: dict[str, Any] = {"warm_up_s": await warm_up(port, users, cookies, person_id)}
    phases = [("reads", 0.0)] + ([("reads+quick_adds", add_every)] if add_every > 0 else [])
    for phase, every in phases:
        tally = Tally()
        cpu = server_cpu_s(master)
        started = time.perf_counter()
        deadline = started + duration
        clients = [user(port, deadline, i, cookies, token, person_id, tally) for i in range(users)]
        if every:
            clients.append(writer(port, deadline, every, cookies, token, person_id, tally))
        await asyncio.gather(*clients)
        out[phase] = report_of(tally, time.perf_counter() - started)
        served = out[phase]["total"]["requests"]
        spent_ms = (server_cpu_s(master) - cpu) * 1000
        # Server CPU per request, and the rate two idle cores could serve at that cost: figures
        # a busy machine disturbs far less than latency and throughput.
        out[phase]["server_cpu_ms_per_request"] = round(spent_ms / max(served, 1), 1)
        out[phase]["capacity_per_s_on_idle_cores"] = round(
            (os.cpu_count() or 1) * 1000 / max(spent_ms / max(served, 1), 0.01), 1
        )
        if every:
            out[phase]["quick_add_every_s"] = every
    return out


def gunicorn_env(url: str, folder: Path) -> dict[str, str]:
    """The environment a production node runs with."""
    return {
        **os.environ,
        "COMMONGROUND_ENV": "production",
        "COMMONGROUND_DATABASE_URL": url,
        "COMMONGROUND_INSTANCE_DIR": str(folder),
        "COMMONGROUND_INDEX_DIR": str(folder / "index"),
        "COMMONGROUND_SECRET_KEY": dataset.SECRET,
        "COMMONGROUND_LOG_LEVEL": "WARNING",
    }


def start_gunicorn(env: dict[str, str], workers: int, threads: int, port: int) -> subprocess.Popen:
    """gunicorn on loopback, as the README recommends; returns once it answers."""
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "-w", str(workers), "--threads", str(threads), "-b", f"127.0.0.1:{port}",
        "--timeout", "120",
        "--chdir", str(ROOT), "--log-level", "warning", "wsgi:app",
    ]  # fmt: skip
    proc = subprocess.Popen(command, env=env, start_new_session=True)  # noqa: S603
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return proc
        except OSError:
            time.sleep(0.2)
    stop(proc)
    raise RuntimeError("gunicorn did not start within 120 s")


def stop(proc: subprocess.Popen) -> None:
    """Stop gunicorn and its workers."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def prepare(size: int, folder: Path, postgres: bool) -> tuple[str, int, str | None]:
    """Fill a database, build its search index, add the practitioner and the person."""
    server = os.environ.get("COMMONGROUND_BENCH_POSTGRES_URL", "")
    name = None
    if postgres:
        name = f"cg_bench_load_{os.getpid()}"
        url = dataset.fresh_postgres(server, name)
    else:
        url = f"sqlite:///{folder / 'commonground.sqlite3'}"
    dataset.fill(url, size)
    app = dataset.make_app(url, folder)
    from directory.search import get_search

    get_search(app).reindex()
    dataset.add_practitioner(app)
    person_id = dataset.add_person(app)
    from directory import db

    db.get_engine(app).dispose()
    return url, person_id, name


def profile(url: str, folder: Path, person_id: int, kind: str, runs: int = 200) -> str:
    """A pyinstrument profile of requests of one kind through the WSGI test client."""
    from pyinstrument import Profiler

    app = dataset.make_app(url, folder)
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = CSRF.search(page)
    assert token
    client.post(
        "/login",
        data={"email": dataset.EMAIL, "password": dataset.PASSWORD, "csrf_token": token.group(1)},
    )
    found = CSRF.search(client.get("/workspace/add").get_data(as_text=True))
    assert found
    rng = random.Random(5)
    for _ in range(20):  # warm up: open the index, build the arrays
        method, path, form, _ok = next_request(kind, rng, person_id, found.group(1))
        client.open(path, method=method, data=form)
    profiler = Profiler()
    with profiler:
        for _ in range(runs):
            method, path, form, _ok = next_request(kind, rng, person_id, found.group(1))
            client.open(path, method=method, data=form)
    return str(profiler.output_text(unicode=False, color=False, show_all=False))


def main() -> None:
    """Prepare the data, run the load against each gunicorn configuration, print JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--duration", type=float, default=20.0)
    parser.add_argument("--users", type=int, default=32, help="concurrent simulated clients")
    parser.add_argument("--configs", default="4x4", help="workers x threads, comma-separated")
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument(
        "--add-every", type=float, default=5.0, help="seconds between quick-adds (0: none)"
    )
    parser.add_argument("--profile", choices=list(KINDS))
    args = parser.parse_args()
    if args.postgres and not os.environ.get("COMMONGROUND_BENCH_POSTGRES_URL"):
        print(json.dumps({"skipped": "COMMONGROUND_BENCH_POSTGRES_URL is not set"}))
        return
    report: dict[str, Any] = {
        "bench": "load",
        "size": args.size,
        "backend": "postgres" if args.postgres else "sqlite+whoosh",
        "duration_s": args.duration,
        "users": args.users,
        "mix_percent": MIX,
        "cores": os.cpu_count(),
        "load_average_before": [round(x, 2) for x in os.getloadavg()],
        "runs": {},
    }
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        url, person_id, pg_name = prepare(args.size, folder, args.postgres)
        try:
            if args.profile:
                print(profile(url, folder, person_id, args.profile))
                return
            env = gunicorn_env(url, folder)
            for config in args.configs.split(","):
                workers, threads = (int(x) for x in config.lower().split("x"))
                port = free_port()
                proc = start_gunicorn(env, workers, threads, port)
                try:
                    result = asyncio.run(
                        drive(port, args.users, args.duration, person_id, args.add_every, proc.pid)
                    )
                finally:
                    stop(proc)
                result["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
                report["runs"][f"-w {workers} --threads {threads}"] = result
        finally:
            if pg_name:
                dataset.drop_postgres(os.environ["COMMONGROUND_BENCH_POSTGRES_URL"], pg_name)
    report["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
