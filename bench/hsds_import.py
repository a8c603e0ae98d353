"""HSDS import and export figures: Baltimore (1,876 services) and a generated 100k directory.

Each step runs in its own process on a fresh SQLite database (or --postgres URL), so its peak
memory is its own. Prints JSON: seconds (median / p95 over --runs) and peak RSS in MB for the
first import, the unchanged re-import, the export and the HSDS API streaming every service as
NDJSON (`format=ndjson&full=true`); with --generate N, one import of N
generated services in the Ohana CSV layout, an HSDS 3.0 JSON collection or NDJSON (--format)
(the 10-minute / 1 GB limit of issue #18).

    python bench/hsds_import.py --runs 3
    python bench/hsds_import.py --runs 0 --generate 100000 --format json
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BALTIMORE = ROOT.parent / "shared" / "anchors" / "baltimore-charmcare-icarol" / "data"
CHILD = (
    "import resource, sys\n"
    "from wsgi import cli\n"
    "try:\n    cli()\nexcept SystemExit as exc:\n    code = exc.code\n"
    "use = resource.getrusage(resource.RUSAGE_SELF)\n"
    "print('MAXRSS', use.ru_maxrss, use.ru_utime + use.ru_stime, file=sys.stderr)\n"
    "sys.exit(code or 0)\n"
)
# Streams every service of the API as NDJSON through the app (no HTTP server in between).
NDJSON_CHILD = (
    "import resource, sys\n"
    "from wsgi import create_app\n"
    "app = create_app()\n"
    "with app.test_client() as client:\n"
    "    reply = client.get('/api/hsds/services?format=ndjson&full=true', buffered=False)\n"
    "    lines = sum(chunk.count(b'\\n') for chunk in reply.response)\n"
    "    reply.close()\n"
    "use = resource.getrusage(resource.RUSAGE_SELF)\n"
    "print('LINES', lines, file=sys.stderr)\n"
    "print('MAXRSS', use.ru_maxrss, use.ru_utime + use.ru_stime, file=sys.stderr)\n"
    "sys.exit(0 if lines else 3)\n"
)


def run(env: dict[str, str], *args: str, child: str = CHILD) -> tuple[float, float, float]:
    """Seconds, peak RSS (MB) and CPU seconds of one `commonground` command in its own process
    (CPU time is the honest figure on a shared, loaded machine)."""
    start = time.perf_counter()
    done = subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-c", child, *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    seconds = time.perf_counter() - start
    if done.returncode:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    rss = [line for line in done.stderr.splitlines() if line.startswith("MAXRSS")][-1].split()
    return seconds, int(rss[1]) / 1024, float(rss[2])


def fresh_env(folder: Path, postgres: str) -> dict[str, str]:
    """Environment for a fresh, migrated database (SQLite in the folder, or a new database on
    the PostgreSQL server given)."""
    env = {**os.environ, "COMMONGROUND_INDEX_DIR": str(folder / "index")}
    if postgres:
        sys.path.insert(0, str(ROOT / "bench"))
        from search import fresh_postgres  # bench/search.py

        env["COMMONGROUND_DATABASE_URL"] = fresh_postgres(postgres, "cg_bench_hsds_import")
    else:
        env["COMMONGROUND_DATABASE_URL"] = f"sqlite:///{folder / 'bench.db'}"
    run(env, "init-db")
    return env


def summary(samples: list[tuple[float, float, float]]) -> dict[str, float]:
    """Median and p95 seconds (wall and CPU), and the highest peak memory."""
    seconds = sorted(s for s, _, _ in samples)
    cpu = sorted(c for _, _, c in samples)
    p95 = seconds[min(len(seconds) - 1, round(0.95 * (len(seconds) - 1)))]
    return {
        "median_s": round(statistics.median(seconds), 2),
        "p95_s": round(p95, 2),
        "cpu_median_s": round(statistics.median(cpu), 2),
        "peak_mb": round(max(m for _, m, _ in samples), 1),
    }


def baltimore(runs: int, postgres: str) -> dict[str, Any]:
    """First import, unchanged re-import and export of the Baltimore data."""
    first, again, export, ndjson = [], [], [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            env = fresh_env(Path(tmp), postgres)
            first.append(run(env, "import-hsds", str(BALTIMORE)))
            again.append(run(env, "import-hsds", str(BALTIMORE)))
            export.append(run(env, "export-hsds", str(Path(tmp) / "out.json")))
            ndjson.append(run(env, child=NDJSON_CHILD))
    return {"import": summary(first), "reimport_unchanged": summary(again),
            "export": summary(export), "api_ndjson_all_services_full": summary(ndjson)}  # fmt: skip


def generate(folder: Path, services: int) -> None:
    """An Ohana-layout folder: services at shared locations, two phones each, categories."""
    orgs, places = max(1, services // 20), max(1, services // 5)
    tables: dict[str, tuple[list[str], Any]] = {
        "organizations.csv": (["id", "name", "description"],
                              ([i, f"Organisation {i}", "Runs things."] for i in range(orgs))),
        "locations.csv": (["id", "organization_id", "name", "latitude", "longitude", "languages"],
                          ([i, i % orgs, f"Place {i}", 39.3, -76.6, "Spanish"]
                           for i in range(places))),
        "addresses.csv": (["id", "location_id", "address_1", "city", "state_province",
                           "postal_code", "country"],
                          ([i, i, f"{i} Main St", "Baltimore", "MD", "21218", "us"]
                           for i in range(places))),
        "services.csv": (["id", "location_id", "name", "description", "status",
                          "application_process", "languages", "taxonomy_ids"],
                         ([i, i % places, f"Service {i}", "Help with food and housing. " * 4,
                           "active", "Call for information.", "Spanish and French", "101"]
                          for i in range(services))),
        "phones.csv": (["id", "service_id", "location_id", "number", "number_type"],
                       ([i, i // 2, (i // 2) % places, f"(410) 555-{i % 10000:04d}", "voice"]
                        for i in range(services * 2))),
        "taxonomy.csv": (["taxonomy_id", "name", "parent_id"], iter([["101", "Emergency", ""]])),
    }  # fmt: skip
    folder.mkdir(parents=True, exist_ok=True)
    for name, (header, rows) in tables.items():
        with (folder / name).open("w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(header)
            writer.writerows(rows)


def _json_service(i: int, orgs: int, places: int) -> dict[str, Any]:
    """One generated HSDS 3.0 service: a shared location, two phones, a category, a time."""
    place = i % places
    location = {
        "id": f"loc-{place}", "name": f"Place {place}", "latitude": 39.3, "longitude": -76.6,
        "addresses": [{"id": f"adr-{place}", "address_1": f"{place} Main St",
                       "city": "Baltimore", "state_province": "MD", "postal_code": "21218",
                       "country": "US", "address_type": "physical"}],
    }  # fmt: skip
    return {
        "id": f"svc-{i}", "organization_id": f"org-{i % orgs}", "name": f"Service {i}",
        "description": "Help with food and housing. " * 4, "status": "active",
        "application_process": "Call for information.",
        "languages": [{"id": f"lang-{i}", "name": "Spanish", "code": "es"}],
        "phones": [{"id": f"ph-{i}-{k}", "number": f"(410) 555-{(2 * i + k) % 10000:04d}",
                    "type": "voice"} for k in range(2)],
        "service_at_locations": [{"id": f"sal-{i}", "location": location}],
        "attributes": [{"id": f"att-{i}", "taxonomy_term_id": "101", "link_type": "category"}],
        "schedules": [{"id": f"sch-{i}", "freq": "WEEKLY", "byday": "MO",
                       "opens_at": "10:00", "closes_at": "12:00"}],
    }  # fmt: skip


def generate_json(path: Path, services: int, ndjson: bool) -> None:
    """An HSDS 3.0 collection file (or NDJSON of services with their organisation embedded),
    written service by service."""
    orgs, places = max(1, services // 20), max(1, services // 5)
    term = {"id": "101", "name": "Emergency", "taxonomy": "AIRS", "code": "BH"}
    with path.open("w", encoding="utf-8") as f:
        if ndjson:
            for i in range(services):
                service = _json_service(i, orgs, places)
                org = i % orgs
                service["organization"] = {"id": f"org-{org}", "name": f"Organisation {org}"}
                service["attributes"][0]["taxonomy_term"] = term
                f.write(json.dumps(service) + "\n")
            return
        organisations = [{"id": f"org-{i}", "name": f"Organisation {i}"} for i in range(orgs)]
        f.write(json.dumps({"organizations": organisations, "taxonomy_terms": [term]})[:-1])
        f.write(', "services": [')
        for i in range(services):
            f.write((", " if i else "") + json.dumps(_json_service(i, orgs, places)))
        f.write("]}")


def main() -> None:
    """Run the benches and print JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--generate", type=int, default=0, help="also import N generated services")
    parser.add_argument(
        "--format",
        choices=("csv", "json", "ndjson"),
        default="csv",
        help="the generated directory's form",
    )
    parser.add_argument("--postgres", default="", help="a PostgreSQL server URL to bench on")
    args = parser.parse_args()
    out: dict[str, Any] = {"baltimore": baltimore(args.runs, args.postgres)} if args.runs else {}
    if args.generate:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "generated"
            if args.format == "csv":
                generate(folder, args.generate)
            else:
                folder = Path(tmp) / f"generated.{args.format}"
                generate_json(folder, args.generate, args.format == "ndjson")
            env = fresh_env(Path(tmp), args.postgres)
            name = f"generated_{args.generate}_{args.format}"
            out[name] = summary([run(env, "import-hsds", str(folder))])
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
