"""A fresh process's first search and its peak RSS: what one web worker pays at start and holds.

Usage: python bench/first_search.py --root TREE --url DATABASE_URL --backend postgres|whoosh
       [--index-dir DIR] [--instance-dir DIR]
Imports the app from TREE (this checkout, or an older commit exported for comparison), creates
it, runs one filtered search (the first search, timed from the interpreter's start of this
script), then 50 more, and prints JSON: first_search_s and worker_rss_mb (VmHWM). With --forked
it does what gunicorn's preloaded master does (core/gunicorn_conf.py): builds the app, closes
its pooled connections, freezes the collector (its pre_fork) and forks a worker, which runs the
one search; it prints forked_first_search_s, timed from the fork to the worker's answer.

`measure()` runs it as a deployed worker starts: with compiled bytecode (as pip install leaves
it; compiled by a first, untimed run), the median of RUNS fresh processes.
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

QUERY = "friendly walking"
RUNS = 3


def measure(
    args: list[str], cwd: Path, env: dict[str, str] | None = None, forked: bool = True
) -> dict[str, Any]:
    """This script's figures over RUNS fresh processes with compiled bytecode: the median first
    search and the highest RSS (or the error of a run that failed)."""
    with tempfile.TemporaryDirectory() as cache:
        env = {k: v for k, v in (env or os.environ).items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = cache  # bytecode of its own: no tree is written to
        found: list[dict[str, Any]] = []
        # The first run compiles the bytecode and is not counted; then fresh and forked in turn.
        for n, fork in enumerate([False] + ([False, True] if forked else [False]) * RUNS):
            command = [sys.executable, __file__, *args, *(["--forked"] if fork else [])]
            done = subprocess.run(  # noqa: S603 - our own interpreter and code
                command, cwd=cwd, env=env, capture_output=True, text=True
            )
            if done.returncode != 0:
                return {"first_search_error": done.stderr.strip().splitlines()[-3:]}
            if n:
                found.append(json.loads(done.stdout.strip().splitlines()[-1]))
    fresh = [f for f in found if "first_search_s" in f]
    out = {
        "first_search_s": statistics.median(f["first_search_s"] for f in fresh),
        "worker_rss_mb": max(f["worker_rss_mb"] for f in fresh),
        "first_search_runs": RUNS,
    }
    if forked:
        times = [f["forked_first_search_s"] for f in found if "forked_first_search_s" in f]
        out["forked_first_search_s"] = statistics.median(times)
    return out


def peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM, not ru_maxrss: the latter keeps the
    forking parent's peak across exec)."""
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmHWM"))
    return round(int(line.split()[1]) / 1024, 1)


def main() -> None:
    """Create the tree's app, time its first search, print JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, required=True, help="the tree whose app to import")
    parser.add_argument("--url", required=True, help="the database to search")
    parser.add_argument("--backend", choices=("postgres", "whoosh"), default="postgres")
    parser.add_argument("--index-dir", type=Path, help="whoosh's index (default: a fresh one)")
    parser.add_argument("--instance-dir", type=Path, help="default: a temporary directory")
    parser.add_argument("--forked", action="store_true", help="time a worker forked after it")
    args = parser.parse_args()
    sys.path[0] = str(args.root)  # the tree's modules, not this script's folder
    from directory.search import SearchFilters, get_search
    from wsgi import create_app

    filters = SearchFilters(near=(51.55, -0.12), radius_km=2.0)

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            {
                "DATABASE_URL": args.url,
                "INDEX_DIR": str(args.index_dir or Path(tmp) / "index"),
                "INSTANCE_DIR": str(args.instance_dir or Path(tmp) / "instance"),
                "SEARCH_BACKEND": args.backend,
                "SECRET_KEY": "bench-secret-key-that-is-long-enough-0123456789",
            }
        )
        if args.forked:
            print(json.dumps({"forked_first_search_s": round(forked_search(app, filters), 3)}))
            return
        search = get_search(app)
        search.search(QUERY, filters)
        first = time.perf_counter() - STARTED
        for _ in range(50):
            search.search(QUERY)
        rss = peak_rss_mb()
    print(json.dumps({"first_search_s": round(first, 3), "worker_rss_mb": rss}))


def forked_search(app: Any, filters: Any) -> float:
    """Seconds from forking a worker off the built app to that worker's first search answered."""
    from core.gunicorn_conf import ready_to_fork
    from directory.search import get_search

    ready_to_fork(app)  # as gunicorn's preloaded master does before each fork
    read, write = os.pipe()
    forked = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # the worker: answers, then leaves without running the parent's code on
        try:
            os.close(read)
            get_search(app).search(QUERY, filters)
            os.write(write, str(time.perf_counter() - forked).encode())
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read) as answer:
        seconds = float(answer.read())
    os.waitpid(pid, 0)
    return seconds


if __name__ == "__main__":
    main()
