"""A fresh process's first search and its peak RSS: what one web worker pays at start and holds.

Usage: python bench/first_search.py --root TREE --url DATABASE_URL --backend postgres|whoosh
       [--index-dir DIR] [--instance-dir DIR]
Imports the app from TREE (this checkout, or an older commit exported for comparison), creates
it, runs one filtered search (the first search, timed from the interpreter's start of this
script), then 50 more, and prints JSON: first_search_s and worker_rss_mb (VmHWM).

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


def measure(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> dict[str, Any]:
    """This script's figures over RUNS fresh processes with compiled bytecode: the median first
    search and the highest RSS (or the error of a run that failed)."""
    with tempfile.TemporaryDirectory() as cache:
        env = {k: v for k, v in (env or os.environ).items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = cache  # bytecode of its own: no tree is written to
        found = []
        for _ in range(RUNS + 1):  # the first run compiles the bytecode and is not counted
            done = subprocess.run(  # noqa: S603 - our own interpreter and code
                [sys.executable, __file__, *args], cwd=cwd, env=env, capture_output=True, text=True
            )
            if done.returncode != 0:
                return {"first_search_error": done.stderr.strip().splitlines()[-3:]}
            found.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return {
        "first_search_s": statistics.median(f["first_search_s"] for f in found[1:]),
        "worker_rss_mb": max(f["worker_rss_mb"] for f in found[1:]),
        "first_search_runs": RUNS,
    }


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
    args = parser.parse_args()
    sys.path[0] = str(args.root)  # the tree's modules, not this script's folder
    from directory.search import SearchFilters, get_search
    from wsgi import create_app

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
        search = get_search(app)
        search.search(QUERY, SearchFilters(near=(51.55, -0.12), radius_km=2.0))
        first = time.perf_counter() - STARTED
        for _ in range(50):
            search.search(QUERY)
        rss = peak_rss_mb()
    print(json.dumps({"first_search_s": round(first, 3), "worker_rss_mb": rss}))


if __name__ == "__main__":
    main()
