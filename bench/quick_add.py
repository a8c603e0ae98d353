"""Quick-add speed: duplicate check + insert + index update for one new resource.

Usage: python bench/quick_add.py --size 100000 [--runs 50] [--reindex]
Prints JSON with p50_ms / p95_ms for the whole quick-add and for each part (cpu: this process's
CPU time, which a busy machine inflates less than wall time), on a fresh SQLite
database with whoosh search, and on a fresh PostgreSQL database (PostgreSQL full-text search)
when COMMONGROUND_BENCH_POSTGRES_URL names a server. Also reports how many of the names a full
scan finds at least NAME_ALIKE alike (core words) the fast name search finds too (name_recall).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterable
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import dataset  # noqa: E402
from core import db  # noqa: E402
from core.models import new_id  # noqa: E402
from core.times import utcnow  # noqa: E402
from directory import changes  # noqa: E402
from directory.models import Resource, ResourceCreate, ResourceLocation  # noqa: E402
from directory.models.keys import keys_of  # noqa: E402
from directory.resources import create_resource  # noqa: E402
from directory.search import EXTENSION_KEY as SEARCH_KEY  # noqa: E402
from directory.stewardship.dedupe import (  # noqa: E402
    NAME_ALIKE,
    NAME_POOL,
    Draft,
    find_duplicates,
    names_alike,
    normalise_name,
    place_names,
)
from directory.stewardship.history import record  # noqa: E402
from directory.stewardship.likeness import core_name, name_likeness  # noqa: E402
from wsgi import create_app  # noqa: E402

PARTS = ("connect", "check", "insert", "commit", "search_index", "close", "cpu", "after_reply")


WORDS = [
    "walking",
    "football",
    "knit",
    "natter",
    "art",
    "pottery",
    "singing",
    "choir",
    "garden",
    "allotment",
    "chess",
    "book",
    "club",
    "yoga",
    "tai",
    "chi",
    "dance",
    "cooking",
    "men's",
    "shed",
    "cafe",
    "swim",
    "bike",
    "repair",
    "photography",
    "drama",
    "poetry",
    "writing",
    "games",
    "coffee",
    "morning",
    "craft",
    "sewing",
    "film",
    "history",
    "bird",
    "watching",
    "running",
]
PLACES = [
    "Holloway",
    "Archway",
    "Highbury",
    "Camden",
    "Hackney",
    "Islington",
    "Kentish",
    "Dalston",
    "Bow",
    "Stepney",
]


def fake_name(rng: random.Random) -> str:
    """A plausible group name."""
    words = " ".join(rng.sample(WORDS, rng.randint(1, 3))).title()
    return f"{rng.choice(PLACES)} {words} {rng.choice(['Group', 'Club', 'Drop-in', 'Session'])}"


def fake_postcode(rng: random.Random) -> str:
    """A well-formed London-ish postcode."""
    area = rng.choice(["N", "E", "NW", "SE", "SW", "W"])
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    return (
        f"{area}{rng.randint(1, 20)} {rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}"
    )


def fill(app: Any, size: int, rng: random.Random) -> None:
    """Insert `size` resources with one place each, in bulk."""
    now = utcnow() - timedelta(days=30)  # existing entries, not ones added this minute
    with app.app_context():
        session = db.get_session()
        conn = session.connection()
        for start in range(0, size, 5000):
            resources, places = [], []
            for _ in range(min(5000, size - start)):
                rid, name = new_id(), fake_name(rng)
                url = f"https://example.org/{rid[:8]}" if rng.random() < 0.5 else ""
                phone = f"020 7{rng.randint(100, 999)} {rng.randint(1000, 9999)}"
                resources.append(
                    {
                        "id": rid,
                        "name": name,
                        "description": "",
                        "status": "active",
                        "setting": "community",
                        "how_to_join": "drop-in",
                        "join_details": "",
                        "url": url,
                        "email": "",
                        "phone": phone,
                        **keys_of(name, phone, "", url),  # as a write through the app sets them
                        "eligibility": "",
                        "fees_description": "",
                        "review_state": "confirmed",
                        "is_public": True,
                        "flagged_changed": False,
                        "source": "",
                        "created_at": now,
                        "updated_at": now,
                        "version": 1,
                    }
                )
                places.append(
                    {
                        "resource_id": rid,
                        "name": "",
                        "address": "",
                        "postcode": fake_postcode(rng),
                        "latitude": 51.5 + rng.random() * 0.1,
                        "longitude": -0.2 + rng.random() * 0.2,
                    }
                )
            conn.execute(insert(Resource.__table__), resources)  # type: ignore[attr-defined]
            conn.execute(insert(ResourceLocation.__table__), places)  # type: ignore[attr-defined]
        session.commit()
        if conn.dialect.name == "postgresql":  # as autovacuum would, soon after a bulk load
            session.connection().exec_driver_sql("ANALYZE")
            session.commit()


def make_draft(rng: random.Random) -> ResourceCreate:
    """A new resource as the quick-add form would submit it."""
    return ResourceCreate.model_validate(
        dict(
            name=fake_name(rng),
            told_by="bench",
            phone=f"020 7{rng.randint(100, 999)} {rng.randint(1000, 9999)}",
            locations=[
                {
                    "postcode": fake_postcode(rng),
                    "latitude": 51.5 + rng.random() * 0.1,
                    "longitude": -0.2 + rng.random() * 0.2,
                }
            ],
            sessions=[{"day": "tu", "start": "10:00", "end": "12:00"}],
        )
    )


def timed_search_index(app: Any, spent: list[float]) -> None:
    """Record how long each after-commit search index update takes."""
    backend = app.extensions[SEARCH_KEY]
    original = backend.index

    def index(ids: Iterable[str]) -> None:
        started = time.perf_counter()
        original(ids)
        spent.append(time.perf_counter() - started)

    backend.index = index


def one_quick_add(app: Any, data: ResourceCreate, spent: list[float]) -> dict[str, float]:
    """Time one quick-add request's database work, as the view does it, part by part.

    connect: open the session's connection;
    check: the duplicate check; insert: add the resource and its history entry, flush;
    commit: the database commit; search_index: the search index update after commit;
    close: closing the session (on SQLite, its connection);
    after_reply: what runs once the reply is sent (the whoosh index's merges), not in the total.
    """
    cpu = time.process_time()
    marks = [time.perf_counter()]
    with app.test_request_context("/workspace/add", method="POST"):
        session = db.get_session()
        session.connection()
        marks.append(time.perf_counter())
        find_duplicates(session, Draft.of(data))
        marks.append(time.perf_counter())
        resource = create_resource(session, data)
        session.flush()
        record(session, resource.id, "create", None, [])
        session.flush()
        marks.append(time.perf_counter())
        spent.clear()
        session.commit()
        marks.append(time.perf_counter())
        db.close_session()
        marks.append(time.perf_counter())
        # What runs once the reply is sent (whoosh merging its small segments): not waited for.
        reply = app.process_response(app.response_class())
        cpu_replied, sent = time.process_time(), time.perf_counter()
        reply.close()
        after_reply = (time.perf_counter() - sent) * 1000
    ms = [(b - a) * 1000 for a, b in zip(marks, marks[1:], strict=False)]
    index_ms = sum(spent) * 1000
    return {
        "connect": ms[0],
        "check": ms[1],
        "insert": ms[2],
        "commit": ms[3] - index_ms,
        "search_index": index_ms,
        "close": ms[4],
        "total": sum(ms),
        "cpu": (cpu_replied - cpu) * 1000,
        "after_reply": after_reply,
    }


def percentiles(samples: list[float]) -> dict[str, float]:
    """p50, p95 and max of some timings in ms."""
    ordered = sorted(samples)
    return {
        "p50_ms": round(statistics.median(ordered), 2),
        "p95_ms": round(ordered[round(0.95 * (len(ordered) - 1))], 2),
        "max_ms": round(ordered[-1], 2),
    }


def name_recall(app: Any, queries: list[str]) -> float:
    """Share of the best full-scan name matches (up to NAME_POOL) the engine's search finds too."""
    with app.app_context():
        conn = db.get_session().connection()
        places = place_names(conn)
        every = conn.execute(select(Resource.name_key)).scalars()  # type: ignore[call-overload]
        names = [core_name(name, places) for name in every]
        found = wanted = 0
        for query in queries:
            core = core_name(query, places)
            full = sorted((name_likeness(core, name) for name in names), reverse=True)
            full = [score for score in full if score >= NAME_ALIKE]
            if not full:
                continue
            k = min(NAME_POOL, len(full))
            ours = names_alike(conn, core, places).values()
            found += min(k, sum(1 for score in ours if score >= full[k - 1]))
            wanted += k
    return round(found / wanted, 3) if wanted else 1.0


def bench(url: str, index_dir: str, size: int, runs: int, reindex: bool) -> dict[str, Any]:
    """Fill a fresh database and time quick-adds against it."""
    rng = random.Random(7)
    config = {"DATABASE_URL": url, "INDEX_DIR": index_dir, "SECRET_KEY": "x" * 40}
    app = create_app(config)
    engine = db.get_engine(app)
    db.upgrade(engine)
    changes.ensure_state_row(engine)
    started = time.perf_counter()
    fill(app, size, rng)
    report: dict[str, Any] = {"fill_s": round(time.perf_counter() - started, 1)}
    if reindex:
        with app.app_context():
            from directory.search import get_search

            started = time.perf_counter()
            get_search().reindex()
            report["search_reindex_s"] = round(time.perf_counter() - started, 1)
    spent: list[float] = []
    timed_search_index(app, spent)
    one_quick_add(app, make_draft(rng), spent)  # warm up
    drafts = [make_draft(rng) for _ in range(runs)]
    results = [one_quick_add(app, data, spent) for data in drafts]
    report.update(percentiles([r["total"] for r in results]))
    for part in PARTS:
        report[part] = percentiles([r[part] for r in results])
    report["name_recall"] = name_recall(app, [normalise_name(d.name) for d in drafts[:20]])
    engine.dispose()
    return report


def main() -> None:
    """Run the benchmark on each database and print JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--reindex", action="store_true", help="build the full search index first")
    args = parser.parse_args()
    report: dict[str, Any] = {
        "bench": "quick_add",
        "size": args.size,
        "runs": args.runs,
        "search_index_full": args.reindex,
        "cores": os.cpu_count(),
        "load_average_before": [round(x, 2) for x in os.getloadavg()],
    }
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.sqlite3"
        report["sqlite_whoosh"] = bench(url, f"{tmp}/index", args.size, args.runs, args.reindex)
        server = os.environ.get("COMMONGROUND_BENCH_POSTGRES_URL")
        if server:
            name = f"cg_bench_quick_add_{os.getpid()}"
            pg_url = dataset.fresh_postgres(server, name)
            try:
                report["postgres"] = bench(
                    pg_url, f"{tmp}/pg_index", args.size, args.runs, args.reindex
                )
            finally:
                dataset.drop_postgres(server, name)
    report["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
