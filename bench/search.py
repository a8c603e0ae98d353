"""Search speed: whoosh (and PostgreSQL) against SQLite FTS5 as a reference, on one corpus.

Usage: python bench/search.py --size 10000 [--queries 200] [--seed 1] [--keep] [--postgres-only]
       [--passes 2]
--keep reuses the PostgreSQL bench database of an earlier run of the same size (a 100k build
takes ~85 s); --passes 2 also times every query set a second time, with warm caches.
Generates N resources into a fresh SQLite database (and, when COMMONGROUND_BENCH_POSTGRES_URL
names a server, a fresh PostgreSQL database), builds each index, then times 1-, 2- and 3-term
queries with and without filters, filter-only queries and queries with a typo (FTS5 has no
fuzzy matching, so it finds little for those). Prints JSON: per engine the build time and
p50_ms/p95_ms per query kind, whoosh's p95 over FTS5's, and the load average at start and end.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy import Engine, insert, text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core import db  # noqa: E402
from core.config import normalise_database_url  # noqa: E402
from core.models import new_id  # noqa: E402
from core.times import utcnow  # noqa: E402
from directory import changes, vocabulary  # noqa: E402
from directory.models import (  # noqa: E402
    DAYS,
    Organisation,
    Resource,
    ResourceCost,
    ResourceLocation,
    ResourceSession,
    ResourceTag,
)
from directory.models.keys import keys_of  # noqa: E402
from directory.search import SearchFilters, Sort, get_search  # noqa: E402
from directory.search.common import words  # noqa: E402
from wsgi import create_app  # noqa: E402

PLACES = [
    "Holloway",
    "Archway",
    "Highbury",
    "Camden",
    "Hackney",
    "Islington",
    "Kentish",
    "Dalston",
    "Tufnell",
    "Gospel",
    "Oak",
    "Kings",
    "Cross",
    "Barnsbury",
    "Canonbury",
    "Finsbury",
    "Pentonville",
    "Somers",
    "Town",
    "Belsize",
    "Hampstead",
]
FILLER = [
    "friendly",
    "welcoming",
    "relaxed",
    "small",
    "group",
    "session",
    "beginners",
    "everyone",
    "welcome",
    "meet",
    "people",
    "weekly",
    "volunteers",
    "local",
    "community",
    "centre",
    "hall",
    "library",
    "church",
    "park",
    "garden",
    "room",
    "free",
    "tea",
    "coffee",
    "biscuits",
    "support",
    "learn",
    "share",
    "skills",
    "confidence",
    "wellbeing",
    "together",
    "regular",
    "open",
    "sessions",
    "led",
    "experienced",
    "trained",
    "staff",
    "accessible",
    "quiet",
    "space",
    "bring",
    "friend",
    "carer",
    "afternoon",
    "morning",
    "evening",
    "weekend",
    "month",
    "course",
    "certificate",
    "practice",
    "chat",
    "make",
    "new",
    "friends",
]
KINDS = [
    "group",
    "club",
    "class",
    "circle",
    "session",
    "workshop",
    "project",
    "collective",
    "network",
    "cafe",
]
ADJECTIVES = [
    "friendly",
    "open",
    "community",
    "local",
    "gentle",
    "beginners",
    "weekly",
    "social",
    "north",
    "riverside",
]
INTERESTS = tuple(vocabulary.TERMS[vocabulary.INTEREST])
ACCESS = tuple(vocabulary.TERMS[vocabulary.ACCESS])
BATCH = 5000


def term_words(code: str) -> list[str]:
    """Words a resource about this interest would use."""
    t = vocabulary.term(vocabulary.INTEREST, code)
    return words(" ".join((t.name, *t.synonyms)))


def generate(size: int, rng: random.Random) -> dict[str, list[dict[str, Any]]]:
    """Rows for every table, varied and plausible."""
    now = utcnow()
    tables: dict[str, list[dict[str, Any]]] = {
        "organisation": organisation_rows(size, rng),
        "resource": [],
        "tag": [],
        "session": [],
        "cost": [],
        "location": [],
    }
    for i in range(size):
        add_resource(tables, i, rng, now)
    return tables


def organisation_rows(size: int, rng: random.Random) -> list[dict[str, Any]]:
    """One organisation for every five resources (at least one)."""
    return [
        {"id": new_id(), "name": f"{rng.choice(PLACES)} {rng.choice(FILLER).title()} Trust {i}"}
        for i in range(max(1, size // 5))
    ]


def add_resource(
    tables: dict[str, list[dict[str, Any]]], i: int, rng: random.Random, now: datetime
) -> None:
    """The i-th resource and its tags, sessions, location and costs."""
    rid = new_id()
    interests = rng.sample(INTERESTS, rng.choice((1, 1, 2, 2, 3)))
    resource = resource_row(rid, i, interests, rng, tables["organisation"], now)
    tables["resource"].append(resource)
    tables["tag"].extend(tag_rows(rid, interests, rng))
    online = resource["setting"] == "online"
    if not online or rng.random() < 0.6:
        tables["session"].extend(session_rows(rid, rng))
    if not online:
        tables["location"].append(location_row(rid, rng))
    tables["cost"].extend(cost_rows(rid, rng))


def resource_row(
    rid: str,
    i: int,
    interests: list[str],
    rng: random.Random,
    orgs: list[dict[str, Any]],
    now: datetime,
) -> dict[str, Any]:
    """The resource row: a name and description in its interests' words, a setting, a state."""
    name, description = name_and_description(interests, rng)
    setting = rng.choices(("community", "mental-health-service", "online"), weights=(72, 18, 10))[0]
    status = rng.choices(("active", "closed", "temporarily-closed"), weights=(95, 2, 3))[0]
    return {
        "id": rid,
        "name": name,
        "description": description,
        "status": status,
        "setting": setting,
        "organisation_id": rng.choice(orgs)["id"],
        "review_state": rng.choice(("confirmed", "confirmed", "needs-checking")),
        "is_public": rng.random() > 0.05,
        "created_at": now,
        "updated_at": now - timedelta(seconds=i),
        **keys_of(name, "", "", ""),  # as a write through the app sets them
    }


def name_and_description(interests: list[str], rng: random.Random) -> tuple[str, str]:
    """A name and a description mixing the interests' words with filler and a place."""
    vocab = [w for c in interests for w in term_words(c)]
    name_word = rng.choice(vocab).title()
    name = f"{rng.choice(ADJECTIVES).title()} {name_word} {rng.choice(KINDS)}"
    desc_words = rng.choices(vocab, k=rng.randint(3, 8)) + rng.choices(
        FILLER, k=rng.randint(12, 40)
    )
    rng.shuffle(desc_words)
    description = " ".join(desc_words + ["in", rng.choice(PLACES)]).capitalize() + "."
    return name, description


def tag_rows(rid: str, interests: list[str], rng: random.Random) -> list[dict[str, Any]]:
    """The resource's interest tags, then up to four access tags."""
    rows = [{"resource_id": rid, "scheme": vocabulary.INTEREST, "code": c} for c in interests]
    for code in rng.sample(ACCESS, rng.randint(0, 4)):
        rows.append({"resource_id": rid, "scheme": vocabulary.ACCESS, "code": code})
    return rows


def session_rows(rid: str, rng: random.Random) -> list[dict[str, Any]]:
    """One or two weekly sessions of one to three hours."""
    rows = []
    for day in rng.sample(DAYS, rng.choice((1, 1, 2))):
        start = rng.randint(8, 19)
        rows.append(
            {
                "resource_id": rid,
                "day": day,
                "start": f"{start:02d}:{rng.choice(('00', '30'))}",
                "end": f"{start + rng.randint(1, 3):02d}:00",
            }
        )
    return rows


def location_row(rid: str, rng: random.Random) -> dict[str, Any]:
    """A place in north London."""
    return {
        "resource_id": rid,
        "name": rng.choice(PLACES),
        "postcode": "N7 6QT",
        "latitude": rng.uniform(51.52, 51.58),
        "longitude": rng.uniform(-0.17, -0.08),
    }


def cost_rows(rid: str, rng: random.Random) -> list[dict[str, Any]]:
    """Free for 45%; else a standard price and, for 70% of those, a concession."""
    if rng.random() >= 0.55:
        return []
    price = rng.choice((200, 300, 400, 500, 800))
    rows = [{"resource_id": rid, "kind": "standard", "amount_pence": price}]
    if rng.random() < 0.7:
        rows.append({"resource_id": rid, "kind": "concession", "amount_pence": price // 4})
    return rows


def load(engine: Engine, tables: dict[str, list[dict[str, Any]]], triggers: bool = True) -> None:
    """Bulk insert through SQLAlchemy Core, in batches (on PostgreSQL without triggers when
    `triggers` is False: the search table is then rebuilt once, as a bulk import would)."""
    targets = {
        "organisation": Organisation,
        "resource": Resource,
        "tag": ResourceTag,
        "session": ResourceSession,
        "cost": ResourceCost,
        "location": ResourceLocation,
    }
    with engine.begin() as conn:
        if not triggers:
            conn.execute(text("SET LOCAL session_replication_role = replica"))
        for key, model in targets.items():
            rows = tables[key]
            for start in range(0, len(rows), BATCH):
                conn.execute(insert(model.__table__), rows[start : start + BATCH])  # type: ignore[attr-defined]


class Asked(NamedTuple):
    """One timed search: its words, its filters and its order."""

    terms: list[str]
    filters: SearchFilters
    sort: Sort = "relevance"


def make_queries(count: int, rng: random.Random) -> dict[str, list[Asked]]:
    """The same query sets for every engine: 1-3 terms, with and without filters, and words
    near a place nearest first (the search box's order for "pottery near LS12")."""
    pool = [w for c in INTERESTS for w in term_words(c)] + FILLER + [p.lower() for p in PLACES]
    fixed = [
        SearchFilters(interests=(rng.choice(INTERESTS),)),
        SearchFilters(free_only=True, access=("step-free",)),
        SearchFilters(days=("tu",), time_from="09:00", time_to="17:00"),
        SearchFilters(max_cost_pence=300, receives_benefits=True, settings=("community",)),
    ]

    def filters() -> SearchFilters:
        """One of the fixed filter sets, or a radius around a point of its own: practitioners
        search near many postcodes (one point for all would time an answer kept from before)."""
        choice = rng.randrange(len(fixed) + 1)
        if choice < len(fixed):
            return fixed[choice]
        return SearchFilters(near=place(), radius_km=2.0)

    def place() -> tuple[float, float]:
        """A point in the corpus's area."""
        return (round(rng.uniform(51.52, 51.58), 4), round(rng.uniform(-0.17, -0.08), 4))

    out: dict[str, list[Asked]] = {}
    for n in (1, 2, 3):
        out[f"{n}-term"] = [Asked(rng.sample(pool, n), SearchFilters()) for _ in range(count)]
        out[f"{n}-term+filters"] = [Asked(rng.sample(pool, n), filters()) for _ in range(count)]
    out["filters-only"] = [Asked([], filters()) for _ in range(count)]
    long_words = [w for w in pool if len(w) >= 5]
    out["1-term-typo"] = [
        Asked([typo(rng.choice(long_words), rng)], SearchFilters()) for _ in range(count)
    ]
    out["2-term-typo+filters"] = [
        Asked([typo(rng.choice(long_words), rng), rng.choice(pool)], filters())
        for _ in range(count)
    ]
    for name, radius in (("near", None), ("within-2km", 2.0)):
        out[f"1-2-term-{name}-nearest"] = [
            Asked(
                rng.sample(pool, rng.choice((1, 2))),
                SearchFilters(near=place(), radius_km=radius),
                "distance",
            )
            for _ in range(count)
        ]
    return out


def typo(word: str, rng: random.Random) -> str:
    """The word with one letter dropped, doubled, swapped with the next or replaced."""
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice(("drop", "double", "swap", "replace"))
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    if kind == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:i] + rng.choice("aeioulnrst") + word[i + 1 :]


def percentiles(samples: list[float]) -> dict[str, float]:
    """p50 and p95 in milliseconds."""
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return {"p50_ms": round(statistics.median(ordered) * 1000, 2), "p95_ms": round(p95 * 1000, 2)}


Run = Callable[[Asked], int]


def time_queries(
    run: Run, queries: dict[str, list[Asked]], passes: int = 1, first: Run | None = None
) -> dict[str, Any]:
    """Run every query set (after a warm-up) and summarise the timings.

    The first pass runs each query with `first` when given (whoosh: with its kept word-group
    matches dropped, so every query is timed as if its words were new to the process). With
    passes > 1 the sets run again with `run` and later passes are reported as "<kind> pass <n>":
    the same words searched again, as after each word's first use in a process.
    """
    for asked in queries["1-term"][:10]:
        run(asked)
    out: dict[str, Any] = {}
    for n in range(1, passes + 1):
        for kind, items in queries.items():
            runner = first if n == 1 and first is not None else run
            out[kind if n == 1 else f"{kind} pass {n}"] = _time_set(runner, items)
    return out


def _time_set(run: Run, items: list[Asked]) -> dict[str, Any]:
    """Percentiles and mean hits of one query set."""
    samples = []
    hits = 0
    for asked in items:
        started = time.perf_counter()
        hits += run(asked)
        samples.append(time.perf_counter() - started)
    return {**percentiles(samples), "mean_hits": round(hits / len(items), 1)}


def bench_app(
    url: str,
    backend: str,
    tmp: Path,
    queries: dict[str, Any],
    reuse: bool = False,
    passes: int = 1,
) -> dict[str, Any]:
    """Build the app's index from the database and time its searches."""
    app = create_app(
        {
            "DATABASE_URL": url,
            "INDEX_DIR": str(tmp / f"index-{backend}"),
            "INSTANCE_DIR": str(tmp / "instance"),
            "SEARCH_BACKEND": backend,
            "SECRET_KEY": "bench-secret-key-that-is-long-enough-0123456789",
        }
    )
    search = get_search(app)
    started = time.perf_counter()
    reused = reuse and search.is_current()
    count = -1 if reused else search.reindex()
    build = time.perf_counter() - started
    started = time.perf_counter()
    search.search("warm up")  # loads facts and opens searchers, as the first request would
    warm = getattr(search, "warm", None)
    if warm is not None:
        warm()  # what else a first search may load (PostgreSQL postings, spelling words)
    warm_up = time.perf_counter() - started

    def run(asked: Asked) -> int:
        return search.search(" ".join(asked.terms), asked.filters, asked.sort).total

    forget = getattr(search, "forget_groups", None)

    def cold(asked: Asked) -> int:
        if forget is not None:
            forget()
        return run(asked)

    result = {
        "indexed": count,
        "build_s": None if reused else round(build, 2),
        "warm_up_s": round(warm_up, 2),
        **time_queries(run, queries, passes, cold),
    }
    db.get_engine(app).dispose()
    return result


def fresh_process(url: str, backend: str, tmp: Path) -> dict[str, Any]:
    """A new process's first search (import, app, one filtered search) and its peak RSS after
    50 more searches, and a worker's forked from a built app as gunicorn's preloaded master forks
    them: what one web worker pays at start and holds (bench/first_search.py)."""
    from first_search import measure  # here: run.py reads this file's corpus as a module

    return measure(
        ["--root", str(ROOT), "--url", url, "--backend", backend]
        + ["--index-dir", str(tmp / f"index-{backend}"), "--instance-dir", str(tmp / "instance")],
        ROOT,
    )


def bench_fts5(path: Path, queries: dict[str, Any], passes: int = 1) -> dict[str, Any]:
    """SQLite FTS5 (porter) on the same rows: top 20 by bm25 plus the total, filters in SQL."""
    conn = sqlite3.connect(path)
    started = time.perf_counter()
    conn.execute("CREATE VIRTUAL TABLE fts USING fts5(id UNINDEXED, name, text, tokenize='porter')")
    conn.execute(
        "INSERT INTO fts (id, name, text) SELECT r.id, r.name, r.description || ' ' || "
        "coalesce(o.name, '') FROM resource r LEFT JOIN organisation o ON o.id = r.organisation_id"
    )
    conn.commit()
    build = time.perf_counter() - started

    def run(asked: Asked) -> int:
        # Words and a few filters, ranked by bm25: no distance (a reference for the words).
        terms, filters = asked.terms, asked.filters
        where = ["r.status = 'active'"]
        params: list[Any] = []
        if filters.interests:
            where.append(
                "EXISTS (SELECT 1 FROM resource_tag t WHERE t.resource_id = r.id AND t.code = ?)"
            )
            params.append(filters.interests[0])
        if filters.settings:
            where.append("r.setting = ?")
            params.append(filters.settings[0])
        clause = " AND ".join(where)
        if terms:
            match = " AND ".join(f'"{t}"' for t in terms)
            sql = (
                "SELECT r.id, bm25(fts) FROM fts JOIN resource r ON r.id = fts.id "  # noqa: S608
                f"WHERE fts MATCH ? AND {clause}"
            )
            rows = conn.execute(sql, [match, *params]).fetchall()
            rows.sort(key=lambda row: row[1])
        else:
            rows = conn.execute(
                f"SELECT r.id FROM resource r WHERE {clause} ORDER BY r.name",  # noqa: S608
                params,
            ).fetchall()
        return len(rows)

    result = {"build_s": round(build, 2), **time_queries(run, queries, passes)}
    conn.close()
    return result


def fresh_postgres(server_url: str, name: str) -> str:
    """A new empty, migrated PostgreSQL database on the server; returns its URL."""
    admin = db.make_engine(normalise_database_url(server_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = normalise_database_url(server_url).rsplit("/", 1)[0] + "/" + name
    engine = db.make_engine(url)
    db.upgrade(engine)
    changes.ensure_state_row(engine)
    engine.dispose()
    return url


def kept_postgres(server_url: str, name: str, size: int) -> str | None:
    """The URL of a bench database left by an earlier --keep run of this size, if any."""
    url = normalise_database_url(server_url).rsplit("/", 1)[0] + "/" + name
    engine = db.make_engine(url)
    try:
        with engine.connect() as conn:
            count = conn.execute(text("SELECT count(*) FROM resource")).scalar()
    except Exception:  # noqa: BLE001 - no such database (or table): build a fresh one
        return None
    finally:
        engine.dispose()
    return url if count == size else None


def parse_args() -> argparse.Namespace:
    """The command line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip-whoosh", action="store_true")
    parser.add_argument(
        "--keep",
        action="store_true",
        help="reuse the PostgreSQL bench database (and its search table) of an earlier run",
    )
    parser.add_argument("--postgres-only", action="store_true", help="skip whoosh and FTS5")
    parser.add_argument(
        "--passes", type=int, default=1, help="run the query sets this many times (warm caches)"
    )
    return parser.parse_args()


def bench_sqlite(
    args: argparse.Namespace,
    tables: dict[str, list[dict[str, Any]]],
    queries: dict[str, Any],
    tmp: Path,
    report: dict[str, Any],
) -> None:
    """Load a fresh SQLite database and time whoosh and FTS5 on it, into the report."""
    path = tmp / "bench.sqlite3"
    url = f"sqlite:///{path}"
    engine = db.make_engine(url)
    db.upgrade(engine)
    changes.ensure_state_row(engine)
    started = time.perf_counter()
    load(engine, tables)
    report["load_s"] = round(time.perf_counter() - started, 2)
    engine.dispose()
    if not (args.skip_whoosh or args.postgres_only):
        report["whoosh"] = bench_app(url, "whoosh", tmp, queries, passes=args.passes)
    if not args.postgres_only:
        report["fts5"] = bench_fts5(path, queries, args.passes)
    if "whoosh" in report:
        report["whoosh_p95_over_fts5"] = {
            kind: round(report["whoosh"][kind]["p95_ms"] / max(ref["p95_ms"], 0.01), 2)
            for kind, ref in report["fts5"].items()
            if isinstance(ref, dict)
        }


def bench_postgres(
    args: argparse.Namespace,
    tables: dict[str, list[dict[str, Any]]],
    queries: dict[str, Any],
    tmp: Path,
    server: str,
) -> dict[str, Any]:
    """PostgreSQL full-text search on the same rows (a kept database with --keep), timed."""
    name = f"cg_bench_search_sql_{args.size}"  # not the in-process branch's schema
    pg_url = kept_postgres(server, name, args.size) if args.keep else None
    reuse = pg_url is not None
    if pg_url is None:
        pg_url = fresh_postgres(server, name)
        pg_engine = db.make_engine(pg_url)
        load(pg_engine, tables, triggers=False)  # the timed build below rebuilds once
        pg_engine.dispose()
    result = bench_app(pg_url, "postgres", tmp, queries, reuse, args.passes)
    result.update(fresh_process(pg_url, "postgres", tmp))
    return result


def main() -> None:
    """Generate, build, query, print JSON."""
    args = parse_args()
    rng = random.Random(args.seed)
    tables = generate(args.size, rng)
    queries = make_queries(args.queries, rng)
    report: dict[str, Any] = {
        "size": args.size,
        "queries_per_kind": args.queries,
        "cores": os.cpu_count(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        bench_sqlite(args, tables, queries, tmp, report)
        pg = os.environ.get("COMMONGROUND_BENCH_POSTGRES_URL")
        if pg:
            report["postgres"] = bench_postgres(args, tables, queries, tmp, pg)
    report["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
