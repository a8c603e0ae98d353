"""Whoosh searched the plain way (`searcher.search`) against the app's Whoosh backend, same corpus.

Usage: python bench/whoosh_api.py [--size 10000] [--queries 200] [--seed 1]
Generates the corpus and query sets of bench/search.py, builds the app's index, then times each
query kind two ways on it: the app's backend (`WhooshBackend.search`), and Whoosh's own
`searcher.search` with the same text and filter queries, `limit` at the pool size, the
fallback to any word, highlighted excerpts for the page and, in a third run, facets by
`whoosh.sorting.FieldFacet` (`groupedby`). The plain way leaves out the radius and time-window
checks and fading, so it does less work than the app. Last, facet counts over a pool of 500
random documents: by a grouped search (`groupedby`, which walks every document the query
matches) and as the app counts them (each facet term's kept documents counted in the pool).
Prints JSON: p50_ms/p95_ms per kind.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from whoosh import index as windex
from whoosh import query as wq
from whoosh import sorting
from whoosh.searching import Searcher

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from search import (  # noqa: E402
    bench_app,
    generate,
    load,
    make_queries,
    percentiles,
    time_queries,
)

from core import db  # noqa: E402
from directory import changes  # noqa: E402
from directory.search import SearchFilters  # noqa: E402
from directory.search.common import plan_query, with_corrections  # noqa: E402
from directory.search.whoosh_backend import (  # noqa: E402
    FACETS,
    POOL,
    Reading,
    corrections,
    excerpt,
    facet_counts,
    filter_query,
    near_cells,
    text_query,
)

# The app's facets as whoosh.sorting facets over the same indexed fields.
GROUPS = {name: sorting.FieldFacet(field, allow_overlap=True) for name, field in FACETS.items()}


def plain_search(searcher: Searcher, query: str, f: SearchFilters, facets: bool) -> int:
    """One page the plain way: searcher.search with a filter query, then the page's excerpts."""
    plan = plan_query(query)
    plan = with_corrections(plan, corrections(searcher, plan))
    matched = text_query(plan)
    allowed = filter_query(f)
    if f.near is not None and f.radius_km is not None:
        allowed = wq.And(
            [allowed, wq.Or([wq.Term("setting", "online"), near_cells(f.near, f.radius_km)])]
        )
    options: dict[str, Any] = {"limit": POOL + 1, "groupedby": GROUPS if facets else None}
    if matched is None:
        results = searcher.search(allowed, sortedby="name_key", scored=False, **options)
    else:
        results = searcher.search(matched, filter=allowed, **options)
        if results.is_empty() and isinstance(matched, wq.And) and len(matched.subqueries) > 1:
            results = searcher.search(wq.Or(matched.subqueries), filter=allowed, **options)
    for hit in results[:20]:
        excerpt(hit.get("description") or "", plan)
    return len(results)


def pool_facets(searcher: Searcher, rng: random.Random, runs: int = 50) -> dict[str, Any]:
    """Facet counts over a pool of POOL documents: a grouped search against the app's way."""
    pools = [sorted(rng.sample(range(searcher.doc_count_all()), POOL)) for _ in range(runs)]
    reading = Reading(searcher)
    grouped_times, app_times = [], []
    for pool in pools:
        start = time.perf_counter()
        results = searcher.search(
            wq.Every(), filter=set(pool), groupedby=GROUPS, limit=1, scored=False
        )
        {name: results.groups(name) for name in GROUPS}
        grouped_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        facet_counts(reading, pool)
        app_times.append(time.perf_counter() - start)
    return {"grouped_search": percentiles(grouped_times), "terms_in_pool": percentiles(app_times)}


def main() -> None:
    """Generate, build, time both ways, print JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    tables = generate(args.size, rng)
    queries = make_queries(args.queries, rng)
    report: dict[str, Any] = {"size": args.size, "cores": os.cpu_count()}
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        url = f"sqlite:///{tmp / 'bench.sqlite3'}"
        engine = db.make_engine(url)
        db.upgrade(engine)
        changes.ensure_state_row(engine)
        load(engine, tables)
        engine.dispose()
        report["app"] = bench_app(url, "whoosh", tmp, queries)  # builds tmp/index-whoosh
        with windex.open_dir(str(tmp / "index-whoosh")).searcher() as searcher:
            for name, facets in (("plain", False), ("plain_with_facets", True)):
                report[name] = time_queries(
                    lambda asked, facets=facets: plain_search(
                        searcher, " ".join(asked.terms), asked.filters, facets
                    ),
                    queries,
                )
            report["facets_over_a_pool"] = pool_facets(searcher, rng)
    report["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
