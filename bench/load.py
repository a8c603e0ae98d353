"""Load test: gunicorn on loopback under a mix of public search, practitioner search, matching
and quick-adds, for a bounded time; prints JSON with throughput and p50_ms/p95_ms per kind.

Usage: python bench/load.py [--size 10000] [--duration 20] [--configs 3x1,3x2] [--users 32]
       [--add-every 5] [--rate 300] [--kind-seconds 8] [--postgres]
       [--profile public_search|practitioner_search|match|quick_add]
After a warm-up (until every worker has built its match arrays): each kind alone for
--kind-seconds (server CPU per request of that kind); the read mix (MIX) from --users clients
back to back (closed loop); the same with a quick-add every --add-every seconds; then the mix at
a fixed offered --rate of requests/s (open loop, Poisson arrivals, latency counted from when each
request was due), which judges issue #8's target directly: public search p95 <= 100 ms with
0 errors while the whole mix is served at --rate, with a quick-add every --add-every seconds
beside it (after public searches alone at --rate).
--nginx runs every request through Debian's nginx with deploy/nginx.conf (as this user, in a
temp folder) in front of gunicorn; public searches then report the share nginx answered from
its cache (proxy_cache_hit_rate, from X-Cache-Status). Every phase draws fresh queries.
--configs lists gunicorn workers x threads to compare (one run each; 1 thread is gunicorn's
synchronous worker, which closes the connection after each response, as behind a proxy that
does not keep upstream connections open); --postgres runs against a
fresh database on COMMONGROUND_BENCH_POSTGRES_URL (PostgreSQL full-text search) instead of
SQLite + whoosh. The generator is asyncio (on uvloop when installed: pip install -e '.[bench]')
over raw HTTP/1.1 (keep-alive) so that it takes as little of the machine's two cores as it can;
it runs in this process, so its CPU (generator_cpu_ms_per_request) counts against the server's,
as a real client's would not.
--profile skips the load run and prints the CPU per request and a pyinstrument profile of 200
requests of that kind through the WSGI test client on the same data (public searches signed
out; the app keeps no pages, so the profile shows the whole work).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
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
from collections.abc import Awaitable, Callable, Coroutine, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import dataset  # noqa: E402
from nginx_proxy import listening, start_nginx, stop_nginx  # noqa: E402

try:  # the generator takes less of the shared cores on uvloop, when installed
    import uvloop
except ImportError:
    uvloop = None  # type: ignore[assignment]

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
FILTERS = [
    "", "", "", "&free=1", "&near=N7+6QT&radius=2", "&day=tu", "&interest=singing",
    "&access=step-free", "&near=N7+6QT&sort=distance", "&max_cost=3&benefits=1",
    "&setting=online", "&day=sa&from=10:00&to=14:00", "&sort=name",
]  # fmt: skip
OPEN_LOOP_CONNECTIONS = 256  # like a front proxy's upstream connection limit
OPEN_LOOP_GRACE_S = 10.0
OPEN_LOOP_SETTLE_S = 5.0
CSRF = re.compile(r'name="csrf[-_]token" (?:content|value)="([^"]+)"')


def machine_check_ms() -> float:
    """CPU ms for a fixed pure-Python loop (best of 3): how fast this shared machine is now.

    On this project's shared 2-core VM the speed moves by up to half from one minute to the next,
    and every figure of a run moves with it: compare runs by this too (lower is quicker).
    """
    best = math.inf
    for _ in range(3):
        started = time.process_time()
        total = 0
        for i in range(1_000_000):
            total += i * i
        best = min(best, time.process_time() - started)
    return round(best * 1000, 1)


def run_loop(job: Coroutine[Any, Any, Any]) -> Any:
    """Run the generator on uvloop when installed, else asyncio."""
    return asyncio.run(job) if uvloop is None else uvloop.run(job)


def event_loop_name() -> str:
    """Which event loop run_loop uses."""
    return "asyncio" if uvloop is None else "uvloop"


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
    cache_hits: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    late: int = 0  # open loop: requests sent later than planned (no free connection)

    def record(self, kind: str, seconds: float, reply: Reply, ok: tuple[int, ...]) -> None:
        """Note one answered request."""
        self.seconds[kind].append(seconds)
        self.statuses[kind][reply.status] += 1
        if reply.status not in ok:
            self.errors[kind] += 1
        if reply.headers.get("x-cache-status") in ("HIT", "REVALIDATED"):
            self.cache_hits[kind] += 1


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
    if rng.random() < 0.05:  # a typo: one letter dropped
        cut = rng.randrange(len(words))
        words = words[:cut] + words[cut + 1 :]
    query = f"q={quote(words)}{rng.choice(FILTERS)}" + ("&page=2" if rng.random() < 0.1 else "")
    if kind == "public_search":
        return "GET", f"/public/search?{query}", None, (200,)
    if kind == "practitioner_search":
        return "GET", f"/?{query}", None, (200,)
    if kind == "match":
        # Any of the team's people (their ids follow person_id), as practitioners would.
        who = person_id + rng.randrange(dataset.PEOPLE)
        return "GET", f"/api/people/{who}/matches", None, (200,)
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
        tally.record(kind, time.perf_counter() - started, reply, ok)
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
        tally.record("quick_add", time.perf_counter() - started, reply, ok)
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
                **(
                    {
                        "proxy_cache_hit_rate": round(
                            tally.cache_hits[kind] / len(tally.seconds[kind]), 2
                        )
                    }
                    if kind == "public_search" and tally.seconds[kind]
                    else {}
                ),
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


@dataclass
class OpenLoopSender:
    """Sends the open loop's requests over a pool of kept-alive connections."""

    port: int
    rng: random.Random
    jar: dict[str, str]
    token: str
    person_id: int
    tally: Tally
    slots: asyncio.Semaphore
    idle: list[Connection] = field(default_factory=list)

    async def send(self, kind: str, due: float) -> None:
        """Send one request of this kind; its latency counts from when it was due."""
        method, path, form, ok = next_request(kind, self.rng, self.person_id, self.token)
        signed_in = kind != "public_search"
        async with self.slots:
            conn = self.idle.pop() if self.idle else Connection(self.port)
            try:
                reply = await conn.request(method, path, self.jar if signed_in else {}, form)
            except (OSError, asyncio.IncompleteReadError, ValueError, asyncio.CancelledError):
                self.tally.errors[kind] += 1
                conn.close()
                return
        self.tally.record(kind, time.perf_counter() - due, reply, ok)
        if signed_in:
            self.jar.update(reply.cookies)
        self.idle.append(conn)

    def close(self) -> None:
        """Close the idle connections."""
        for conn in self.idle:
            conn.close()


async def open_loop(
    port: int,
    deadline: float,
    rate: float,
    cookies: dict[str, str],
    token: str,
    person_id: int,
    tally: Tally,
    seed: int,
    mix: dict[str, int] | None = None,
) -> int:
    """Requests of the mix's kinds (MIX unless given) at a fixed offered rate (Poisson arrivals)
    until the deadline, over at most OPEN_LOOP_CONNECTIONS connections. Each latency counts from
    when the request was due, so a slow server cannot lower the offered load (no coordinated
    omission); one still unanswered OPEN_LOOP_GRACE_S after the deadline counts as an error.
    Returns the most requests that were in flight (sent or waiting for a connection) at once."""
    rng = random.Random(seed)
    kinds, weights = list(mix or MIX), list((mix or MIX).values())
    slots = asyncio.Semaphore(OPEN_LOOP_CONNECTIONS)
    sender = OpenLoopSender(port, rng, dict(cookies), token, person_id, tally, slots)
    running: set[asyncio.Task[None]] = set()
    most = 0
    due = time.perf_counter()
    while True:
        due += rng.expovariate(rate)
        if due >= deadline:
            break
        wait = due - time.perf_counter()
        if wait > 0:
            await asyncio.sleep(wait)
        elif wait < -0.01:
            tally.late += 1  # the generator itself fell behind
        task = asyncio.create_task(sender.send(rng.choices(kinds, weights)[0], due))
        running.add(task)
        task.add_done_callback(running.discard)
        most = max(most, len(running))
    await finish_or_cancel(running)
    sender.close()
    return most


async def finish_or_cancel(running: set[asyncio.Task[None]]) -> None:
    """Wait up to OPEN_LOOP_GRACE_S for the requests still out, then cancel the rest."""
    if running:
        _, unfinished = await asyncio.wait(running, timeout=OPEN_LOOP_GRACE_S)
        for task in unfinished:
            task.cancel()
        await asyncio.gather(*unfinished, return_exceptions=True)


async def measured(
    master: int, run: Callable[[Tally, float], Awaitable[Any]], duration: float
) -> tuple[Tally, dict[str, Any]]:
    """Run one phase; its report with the server's and this generator's CPU per request."""
    tally = Tally()
    cpu, mine = server_cpu_s(master), time.process_time()
    started = time.perf_counter()
    extra = await run(tally, started + duration)
    spent = time.perf_counter() - started
    out = report_of(tally, spent)
    served = max(out["total"]["requests"], 1)
    server_ms = (server_cpu_s(master) - cpu) * 1000 / served
    # Server CPU per request, and the rate two idle cores could serve at that cost: figures a
    # busy machine disturbs far less than latency and throughput.
    out["server_cpu_ms_per_request"] = round(server_ms, 1)
    out["generator_cpu_ms_per_request"] = round((time.process_time() - mine) * 1000 / served, 2)
    out["capacity_per_s_on_idle_cores"] = round(
        (os.cpu_count() or 1) * 1000 / max(server_ms, 0.01), 1
    )
    if isinstance(extra, int):
        out["most_in_flight"] = extra
    if tally.late:
        out["generator_late"] = tally.late
    return tally, out


@dataclass
class Phases:
    """What every phase of one run shares: the server, the signed-in client and fresh seeds."""

    port: int
    master: int
    users: int
    cookies: dict[str, str]
    token: str
    person_id: int
    # Each phase its own queries: no replayed cache.
    seeds: Iterator[int] = field(default_factory=lambda: iter(range(10_000, 10**9, 10_000)))

    def clients(
        self, mix: dict[str, int], every: float = 0.0
    ) -> Callable[[Tally, float], Awaitable[Any]]:
        """`users` clients back to back on the mix, with a quick-add every `every` s if not 0."""
        first = next(self.seeds)

        async def run(tally: Tally, deadline: float) -> None:
            jobs = [
                user(
                    self.port,
                    deadline,
                    first + i,
                    self.cookies,
                    self.token,
                    self.person_id,
                    tally,
                    mix,
                )
                for i in range(self.users)
            ]
            if every:
                jobs.append(
                    writer(
                        self.port, deadline, every, self.cookies, self.token, self.person_id, tally
                    )
                )
            await asyncio.gather(*jobs)

        return run

    def offered(
        self, rate: float, mix: dict[str, int], adds: float
    ) -> Callable[[Tally, float], Awaitable[int]]:
        """The mix at a fixed offered rate, with a quick-add every `adds` s if not 0."""

        async def run(tally: Tally, deadline: float) -> int:
            load = open_loop(
                self.port,
                deadline,
                rate,
                self.cookies,
                self.token,
                self.person_id,
                tally,
                next(self.seeds),
                mix,
            )
            if not adds:
                return await load
            most, _ = await asyncio.gather(
                load,
                writer(self.port, deadline, adds, self.cookies, self.token, self.person_id, tally),
            )
            return most

        return run


async def each_kind_alone(phases: Phases, kind_seconds: float) -> dict[str, Any]:
    """Server CPU per request and latency of each kind of the mix alone."""
    out: dict[str, Any] = {}
    for kind in MIX:
        _, alone = await measured(phases.master, phases.clients({kind: 1}), kind_seconds)
        out[kind] = {
            "server_cpu_ms_per_request": alone["server_cpu_ms_per_request"],
            **{k: v for k, v in alone[kind].items() if k != "statuses"},
        }
    return out


async def open_loop_phase(
    phases: Phases, rate: float, mix: dict[str, int], adds: float, duration: float
) -> dict[str, Any]:
    """One open-loop phase at the rate, and whether it met the public search target."""
    _, phase = await measured(phases.master, phases.offered(rate, mix, adds), duration)
    phase["offered_per_s"] = rate
    if adds:
        phase["quick_add_every_s"] = adds
    public = phase.get("public_search", {})
    phase["public_search_target_met"] = bool(
        public
        and phase["total"]["per_s"] >= 0.97 * rate
        and public["p95_ms"] <= 100
        and phase["total"]["errors"] == 0
    )
    return phase


async def drive(
    port: int,
    users: int,
    duration: float,
    person_id: int,
    add_every: float,
    master: int,
    rate: float,
    kind_seconds: float,
) -> dict[str, Any]:
    """Warm up; server CPU per request of each kind alone; then the read mix, the read mix with
    quick-adds (closed loop: `users` clients back to back) and the mix at a fixed offered rate."""
    cookies, token = await sign_in(port)
    out: dict[str, Any] = {"warm_up_s": await warm_up(port, users, cookies, person_id)}
    phases = Phases(port, master, users, cookies, token, person_id)
    if kind_seconds > 0:
        out["each_kind_alone"] = await each_kind_alone(phases, kind_seconds)
    _, out["reads"] = await measured(master, phases.clients(MIX), duration)
    if add_every > 0:
        _, out["reads+quick_adds"] = await measured(
            master, phases.clients(MIX, add_every), duration
        )
        out["reads+quick_adds"]["quick_add_every_s"] = add_every
    if rate > 0:
        # Public searches alone at the rate (the traffic community partners bring, which the
        # target names); then the whole read mix at the rate. Each with fresh queries, and after
        # a pause: an overloaded phase leaves work queued that would count against the next.
        for name, mix in (
            (f"open_loop_public_{rate:g}_per_s", {"public_search": 1}),
            (f"open_loop_{rate:g}_per_s", MIX),
        ):
            await asyncio.sleep(OPEN_LOOP_SETTLE_S)
            adds = add_every if mix is MIX else 0.0
            out[name] = await open_loop_phase(phases, rate, mix, adds, duration)
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
        "COMMONGROUND_TRUSTED_HOSTS": "127.0.0.1",
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
    if not listening(proc, port, 120):
        stop(proc)
        raise RuntimeError(f"gunicorn exited ({proc.returncode}) or did not start within 120 s")
    return proc


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
    dataset.add_people(app, person_id)
    from core import db

    db.get_engine(app).dispose()
    return url, person_id, name


def profile(url: str, folder: Path, person_id: int, kind: str, runs: int = 200) -> str:
    """CPU per request, then a pyinstrument profile, of requests of one kind through the WSGI
    test client (public searches signed out)."""
    from pyinstrument import Profiler

    app = dataset.make_app(url, folder)
    client = app.test_client()
    anonymous = app.test_client()
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
    add_token = found.group(1)
    who = anonymous if kind == "public_search" else client

    def one() -> None:
        method, path, form, ok = next_request(kind, rng, person_id, add_token)
        status = who.open(path, method=method, data=form).status_code
        assert status in ok, f"{path}: {status}"

    for _ in range(20):  # warm up: open the index, build the arrays
        one()
    cpu = time.process_time()
    for _ in range(runs):
        one()
    cpu_ms = (time.process_time() - cpu) * 1000 / runs
    profiler = Profiler()
    with profiler:
        for _ in range(runs):
            one()
    text = profiler.output_text(unicode=False, color=False, show_all=False)
    return f"{kind}: {cpu_ms:.1f} ms CPU per request (unprofiled, {runs} requests)\n{text}"


def parse_args() -> argparse.Namespace:
    """The command line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--duration", type=float, default=20.0)
    parser.add_argument("--users", type=int, default=32, help="concurrent simulated clients")
    parser.add_argument("--configs", default="3x1", help="workers x threads, comma-separated")
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument(
        "--add-every", type=float, default=5.0, help="seconds between quick-adds (0: none)"
    )
    parser.add_argument(
        "--rate", type=float, default=300.0, help="open-loop phase: offered requests/s (0: none)"
    )
    parser.add_argument(
        "--kind-seconds", type=float, default=8.0, help="seconds of each kind alone (0: none)"
    )
    parser.add_argument("--profile", choices=list(KINDS))
    parser.add_argument(
        "--nginx", action="store_true", help="through nginx with deploy/nginx.conf (caching)"
    )
    return parser.parse_args()


def report_head(args: argparse.Namespace) -> dict[str, Any]:
    """The report's settings and the machine's state before the runs."""
    return {
        "bench": "load",
        "size": args.size,
        "backend": "postgres" if args.postgres else "sqlite+whoosh",
        "through": "nginx (deploy/nginx.conf)" if args.nginx else "gunicorn directly",
        "duration_s": args.duration,
        "users": args.users,
        "mix_percent": MIX,
        "cores": os.cpu_count(),
        "load_average_before": [round(x, 2) for x in os.getloadavg()],
        "machine_check_ms_before": machine_check_ms(),
        "generator_event_loop": event_loop_name(),
        "runs": {},
    }


def run_config(
    args: argparse.Namespace, env: dict[str, str], folder: Path, person_id: int, config: str
) -> tuple[str, dict[str, Any]]:
    """Start gunicorn as `config` says (and nginx with --nginx), drive the load, stop them."""
    workers, threads = (int(x) for x in config.lower().split("x"))
    app_port = free_port()
    proc = start_gunicorn(env, workers, threads, app_port)
    port = free_port() if args.nginx else app_port
    proxy = start_nginx(folder / "nginx", app_port, port) if args.nginx else None
    try:
        result = run_loop(
            drive(
                port,
                args.users,
                args.duration,
                person_id,
                args.add_every,
                proc.pid,
                args.rate,
                args.kind_seconds,
            )
        )
    finally:
        if proxy is not None:
            stop_nginx(proxy)
        stop(proc)
    result["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    return f"-w {workers} --threads {threads}", result


def main() -> None:
    """Prepare the data, run the load against each gunicorn configuration, print JSON."""
    args = parse_args()
    if args.postgres and not os.environ.get("COMMONGROUND_BENCH_POSTGRES_URL"):
        print(json.dumps({"skipped": "COMMONGROUND_BENCH_POSTGRES_URL is not set"}))
        return
    report = report_head(args)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        url, person_id, pg_name = prepare(args.size, folder, args.postgres)
        try:
            if args.profile:
                print(profile(url, folder, person_id, args.profile))
                return
            env = gunicorn_env(url, folder)
            for config in args.configs.split(","):
                key, result = run_config(args, env, folder, person_id, config)
                report["runs"][key] = result
        finally:
            if pg_name:
                dataset.drop_postgres(os.environ["COMMONGROUND_BENCH_POSTGRES_URL"], pg_name)
    report["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    report["machine_check_ms_after"] = machine_check_ms()
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
