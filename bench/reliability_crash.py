"""SIGKILL the server 200 times during writes; prints JSON: kills survived, acknowledged writes
checked, problems (integrity, lost writes, index out of step: must be none).

    .venv/bin/python bench/reliability_crash.py [--kills 200] [--postgres URL]"""

from __future__ import annotations

import argparse
import json

from reliability_common import fresh_app

from core import db
from tests.reliability import harness


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--postgres", default="")
    args = parser.parse_args()
    app, tmp = fresh_app(args.postgres)
    emails, _ = harness.seed(app, users=1, resources=3)  # type: ignore[arg-type]
    url = app.config["DATABASE_URL"]  # type: ignore[attr-defined]
    db.get_engine(app).dispose()  # type: ignore[arg-type]
    result = harness.crash_run(url, tmp, emails[0], kills=args.kills)
    print(
        json.dumps(
            {
                "database": url.split(":")[0],
                "kills": result.kills,
                "acknowledged_writes": result.acknowledged,
                "problems": result.problems,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
