"""The field fuzz tests at 10,000 values per field (COMMONGROUND_FUZZ_EXAMPLES); prints JSON.

.venv/bin/python bench/reliability_fuzz.py [--examples 10000] [--route-values 100]
(SQLite only unless COMMONGROUND_TEST_POSTGRES_URL is set.)"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--examples", type=int, default=10_000)
    parser.add_argument("--route-values", type=int, default=100, help="per field through HTTP")
    args = parser.parse_args()
    env = {
        **os.environ,
        "COMMONGROUND_FUZZ_EXAMPLES": str(args.examples),
        "COMMONGROUND_FUZZ_ROUTE_VALUES": str(args.route_values),
    }
    start = time.monotonic()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-n",
            "auto",
            "-p",
            "no:randomly",
            "tests/reliability/test_reliability_fuzz_models.py",
            "tests/reliability/test_reliability_fuzz_routes.py",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    tail = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr[-300:]
    print(
        json.dumps(
            {
                "values_per_field": args.examples,
                "values_per_field_through_http": args.route_values,
                "result": tail,
                "seconds": round(time.monotonic() - start, 1),
                "passed": done.returncode == 0,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
