"""4 gunicorn workers x 50 clients editing, confirming and reading for longer than CI does;
prints JSON with the counts and the lost updates (must be 0).

    .venv/bin/python bench/reliability_concurrency.py [--seconds 60] [--postgres URL]
(use an empty PostgreSQL database: its tables are written to)."""

from __future__ import annotations

import argparse
import json

from reliability_common import fresh_app

from core import db
from tests.reliability import harness


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--postgres", default="")
    args = parser.parse_args()
    app, tmp = fresh_app(args.postgres)
    emails, bodies = harness.seed(app, users=10, resources=8)  # type: ignore[arg-type]
    config = harness.server_config(app.config["DATABASE_URL"], tmp)  # type: ignore[attr-defined]
    port = harness.free_port()
    log = tmp / "server.log"
    server = harness.start_gunicorn(config, port, log, workers=args.workers)
    try:
        result = harness.run_load(
            f"http://127.0.0.1:{port}", emails, bodies, args.clients, args.seconds
        )
    finally:
        harness.stop(server)
    final = harness.final_counts(db.get_engine(app), sorted(bodies))  # type: ignore[arg-type]
    lost = sum(abs(result.edits[rid] - counter) for rid, (counter, _, _) in final.items())
    text = log.read_text(errors="replace")
    print(
        json.dumps(
            {
                "database": db.get_engine(app).dialect.name,  # type: ignore[arg-type]
                "workers": args.workers,
                "clients": args.clients,
                "seconds": args.seconds,
                "requests": sum(result.statuses.values()),
                "statuses": dict(result.statuses),
                "edits_acknowledged": sum(result.edits.values()),
                "confirms_acknowledged": sum(result.confirms.values()),
                "conflicts_409": result.conflicts,
                "lost_updates": lost,
                "server_errors": len(result.server_errors),
                "failures": len(result.failures),
                "database_locked": text.count(harness.LOCKED),
                "tracebacks": text.count("Traceback"),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
