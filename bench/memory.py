"""Memory: peak RSS of one app worker with N resources loaded, searching, matching and adding.

Usage: python bench/memory.py [--size 100000] [--postgres] [--data DIR] [--trace]
Fills a fresh database (SQLite + whoosh, or PostgreSQL full-text search with --postgres on
COMMONGROUND_BENCH_POSTGRES_URL) and builds its index in this process, then starts a fresh
worker process (a new interpreter, so nothing of this one's memory is inherited) that creates
the app and serves real requests through the WSGI test client: public searches, practitioner
searches, match runs, a quick-add (the duplicate check, then the save, a stage after each) and a
match run after that change, then 1,500 public and 750 practitioner searches more (a worker that
has served a while: its bounded caches full). The worker reads VmRSS and VmHWM (peak) from
/proc/self/status after each stage.
--data DIR keeps the prepared SQLite database and index in DIR and reuses them on the next run
(quick-adds accumulate there, a handful per run). --trace also prints, per stage, the lines
that hold the most memory (tracemalloc: slower, and its own overhead inflates the RSS figures).
Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import dataset  # noqa: E402

if TYPE_CHECKING:
    from flask.testing import FlaskClient

MANY_SEARCHES = 1500  # public searches in the last stage (and half as many practitioner ones)
LIMIT_MB = 500
PREPARED = "prepared.json"


def status_mb() -> dict[str, float]:
    """This process's resident set now and at its peak, in MB (from /proc/self/status)."""
    found: dict[str, float] = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        # RssFile: mapped files (whoosh segments), which the kernel can drop and workers share.
        names = {"VmRSS": "rss_mb", "VmHWM": "peak_mb", "RssAnon": "anon_mb", "RssFile": "file_mb"}
        if key in names:
            found[names[key]] = round(int(value.split()[0]) / 1024, 1)
    return found


def top_lines(limit: int = 12) -> list[str]:
    """The source lines holding the most traced memory."""
    import tracemalloc

    stats = tracemalloc.take_snapshot().statistics("lineno")
    out = []
    for s in stats[:limit]:
        where = s.traceback[0]
        place = f"{where.filename.replace(str(ROOT) + '/', '')}:{where.lineno}"
        out.append(f"{s.size / 2**20:7.1f} MB {s.count:9d} blocks  {place}")
    return out


@dataclass
class Stages:
    """The worker's memory (and, when tracing, its top lines) after each stage."""

    trace: bool
    mb: dict[str, dict[str, float]] = field(default_factory=dict)
    traced: dict[str, list[str]] = field(default_factory=dict)
    started: float = field(default_factory=time.perf_counter)

    def note(self, name: str) -> None:
        """Read the memory now, and the seconds since the worker began, under this stage name."""
        self.mb[name] = {**status_mb(), "at_s": round(time.perf_counter() - self.started, 1)}
        print(name, self.mb[name], file=sys.stderr, flush=True)  # progress, for a long run
        if self.trace:
            self.traced[name] = top_lines()


def sign_in(client: FlaskClient) -> None:
    """Sign in as the bench practitioner."""
    from load import CSRF

    token = CSRF.search(client.get("/login").get_data(as_text=True))
    assert token, "no CSRF token on the sign-in page"
    form = {"email": dataset.EMAIL, "password": dataset.PASSWORD, "csrf_token": token.group(1)}
    assert client.post("/login", data=form).status_code in (302, 303), "sign-in failed"


def send(
    client: FlaskClient,
    rng: random.Random,
    person_id: int,
    kind: str,
    runs: int,
    label: str | None = None,
) -> None:
    """`runs` requests of this kind, each answered as expected."""
    from load import next_request

    for _ in range(runs):
        method, path, data, ok = next_request(kind, rng, person_id, "")
        status = client.open(path, method=method, data=data).status_code
        assert status in ok, (label or kind, status)


def quick_add(client: FlaskClient, person_id: int, stages: Stages) -> None:
    """Add a resource: the duplicate check, then the save (anyway, if it found likely ones)."""
    from load import CSRF, next_request

    page = client.get("/workspace/add").get_data(as_text=True)
    found = CSRF.search(page)
    assert found, "no CSRF token on the quick-add page"
    _, path, add, ok = next_request("quick_add", random.Random(time.time_ns()), person_id, "")
    assert add is not None
    add["csrf_token"] = found.group(1)
    first = client.post(path, data=add).status_code  # the duplicate check asks the database
    assert first in ok, ("quick_add", first)
    stages.note("after_duplicate_check")
    if first == 200:  # likely duplicates shown: save it anyway, as a team member would
        saved = client.post(path, data={**add, "action": "save-anyway"}).status_code
        assert saved in (302, 303), ("quick_add save", saved)
    stages.note("after_quick_add")


def measure(url: str, folder: Path, person_id: int, trace: bool) -> dict[str, Any]:
    """Act as one worker: sign in, search, match, quick-add, match again; RSS after each."""
    if trace:
        import tracemalloc

        tracemalloc.start()
    import load  # noqa: F401 - before the first stage, so that every stage holds it

    stages = Stages(trace)
    stages.note("started")
    app = dataset.make_app(url, folder)
    client = app.test_client()
    stages.note("app_created")
    sign_in(client)
    rng = random.Random(11)
    started = time.perf_counter()
    for kind, runs in (("public_search", 60), ("practitioner_search", 60), ("match", 20)):
        send(client, rng, person_id, kind, runs)
        stages.note(f"after_{kind}")
    quick_add(client, person_id, stages)
    send(client, rng, person_id, "match", 5, "match after change")
    stages.note("after_match_after_change")
    # A worker that has served a while: its bounded caches (kept query matches, rendered cards
    # and filters, descriptions, rendered pages) fill up with many different searches.
    send(client, rng, person_id, "public_search", MANY_SEARCHES)
    send(client, rng, person_id, "practitioner_search", MANY_SEARCHES // 2)
    stages.note("after_many_searches")
    out: dict[str, Any] = {
        "peak_rss_mb": max(s.get("peak_mb", 0.0) for s in stages.mb.values()),
        "stages_mb": stages.mb,
        "requests_s": round(time.perf_counter() - started, 1),
        "limit_mb": LIMIT_MB,
    }
    if trace:
        out["tracemalloc_top"] = stages.traced
    return out


def current_index(url: str, folder: Path) -> None:
    """Rebuild a reused folder's index when it is not current (as `init-db` does on start-up)."""
    # A release that changed the index's schema finds an empty index there, which would be
    # measured as searches that find nothing.
    from core import db
    from directory.search import get_search

    app = dataset.make_app(url, folder)
    backend = get_search(app)
    if not backend.is_current():
        print(f"index not current: rebuilt {backend.reindex()} resources", file=sys.stderr)
    db.get_engine(app).dispose()


def prepared(size: int, folder: Path, postgres: bool) -> tuple[str, int, str | None]:
    """The database URL, person id and PostgreSQL database name, prepared now or reused."""
    from load import prepare

    saved = folder / PREPARED
    if saved.exists():
        known = json.loads(saved.read_text())
        if known["size"] == size and not postgres:
            current_index(known["url"], folder)
            return known["url"], int(known["person"]), None
    url, person_id, pg_name = prepare(size, folder, postgres)
    if not postgres:
        saved.write_text(json.dumps({"size": size, "url": url, "person": person_id}))
    return url, person_id, pg_name


def run(args: argparse.Namespace, folder: Path) -> dict[str, Any]:
    """Prepare the data in this process and measure a fresh worker process over it."""
    server = os.environ.get("COMMONGROUND_BENCH_POSTGRES_URL", "")
    url, person_id, pg_name = prepared(args.size, folder, args.postgres)
    try:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        command = [sys.executable, __file__, "--measure", url, str(folder), str(person_id)]
        out = subprocess.run(  # noqa: S603
            command + (["--trace"] if args.trace else []),
            env=env,
            stdout=subprocess.PIPE,  # its stderr (each stage as it ends, any error) passes through
            text=True,
        )
        if out.returncode:
            raise RuntimeError("the worker failed: its error is above")
        return dict(json.loads(out.stdout.strip().splitlines()[-1]))
    finally:
        if pg_name:
            dataset.drop_postgres(server, pg_name)


def main() -> None:
    """Prepare the data here, measure in a fresh process, print JSON."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--data", type=Path, help="keep (and reuse) the SQLite data here")
    parser.add_argument("--trace", action="store_true", help="tracemalloc top lines per stage")
    parser.add_argument("--measure", nargs=3, metavar=("URL", "FOLDER", "PERSON"), help="internal")
    args = parser.parse_args()
    if args.measure:
        url, folder, person = args.measure
        print(json.dumps(measure(url, Path(folder), int(person), args.trace)))
        return
    if args.postgres and not os.environ.get("COMMONGROUND_BENCH_POSTGRES_URL"):
        print(json.dumps({"skipped": "COMMONGROUND_BENCH_POSTGRES_URL is not set"}))
        return
    report: dict[str, Any] = {
        "bench": "memory",
        "size": args.size,
        "backend": "postgres" if args.postgres else "sqlite+whoosh",
        "load_average_before": [round(x, 2) for x in os.getloadavg()],
    }
    if args.data and not args.postgres:
        args.data.mkdir(parents=True, exist_ok=True)
        report.update(run(args, args.data))
    else:
        with tempfile.TemporaryDirectory() as tmp:
            report.update(run(args, Path(tmp)))
    report["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
