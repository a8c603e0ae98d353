"""Memory: peak RSS of one app worker with N resources loaded, searching and matching.

Usage: python bench/memory.py [--size 100000] [--postgres]
Fills a fresh database (SQLite + whoosh, or PostgreSQL full-text search with --postgres on
COMMONGROUND_BENCH_POSTGRES_URL) and builds its index in this process, then starts a fresh
worker process that serves public searches, practitioner searches and match runs through the
WSGI test client and reports its peak resident set size (getrusage ru_maxrss). Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import dataset  # noqa: E402

LIMIT_MB = 500


def peak_mb() -> float:
    """This process's peak RSS in MB (ru_maxrss is in KiB on Linux)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def measure(url: str, folder: Path, person_id: int) -> dict[str, Any]:
    """Act as one worker: sign in, search and match; report peak RSS at each stage."""
    from load import CSRF, next_request

    stages: dict[str, float] = {"started": peak_mb()}
    app = dataset.make_app(url, folder)
    client = app.test_client()
    stages["app_created"] = peak_mb()
    token = CSRF.search(client.get("/login").get_data(as_text=True))
    assert token, "no CSRF token on the sign-in page"
    form = {"email": dataset.EMAIL, "password": dataset.PASSWORD, "csrf_token": token.group(1)}
    assert client.post("/login", data=form).status_code in (302, 303), "sign-in failed"
    rng = random.Random(11)
    started = time.perf_counter()
    for kind, runs in (("public_search", 60), ("practitioner_search", 60), ("match", 20)):
        for _ in range(runs):
            method, path, data, ok = next_request(kind, rng, person_id, "")
            status = client.open(path, method=method, data=data).status_code
            assert status in ok, (kind, status)
        stages[f"after_{kind}"] = peak_mb()
    return {
        "peak_rss_mb": peak_mb(),
        "stages_mb": stages,
        "requests_s": round(time.perf_counter() - started, 1),
        "limit_mb": LIMIT_MB,
    }


def main() -> None:
    """Prepare the data here, measure in a fresh process, print JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--measure", nargs=3, metavar=("URL", "FOLDER", "PERSON"), help="internal")
    args = parser.parse_args()
    if args.measure:
        url, folder, person = args.measure
        print(json.dumps(measure(url, Path(folder), int(person))))
        return
    server = os.environ.get("COMMONGROUND_BENCH_POSTGRES_URL", "")
    if args.postgres and not server:
        print(json.dumps({"skipped": "COMMONGROUND_BENCH_POSTGRES_URL is not set"}))
        return
    from load import prepare

    report: dict[str, Any] = {
        "bench": "memory",
        "size": args.size,
        "backend": "postgres" if args.postgres else "sqlite+whoosh",
        "load_average_before": [round(x, 2) for x in os.getloadavg()],
    }
    with tempfile.TemporaryDirectory() as tmp:
        url, person_id, pg_name = prepare(args.size, Path(tmp), args.postgres)
        try:
            env = {**os.environ, "PYTHONPATH": str(ROOT)}
            out = subprocess.run(  # noqa: S603
                [sys.executable, __file__, "--measure", url, tmp, str(person_id)],
                env=env,
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            report.update(json.loads(out.strip().splitlines()[-1]))
        finally:
            if pg_name:
                dataset.drop_postgres(server, pg_name)
    report["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
