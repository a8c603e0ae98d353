"""Rank 10k and 100k synthetic resources for one person; print JSON with p50_ms/p95_ms."""

from __future__ import annotations

import json
import os
import random
import statistics
import time
from dataclasses import replace
from typing import Any

from directory import vocabulary
from directory.models import DAYS
from matcher import features, profile, rank
from matcher.table import Table

RUNS = 40


def synthetic(n: int, seed: int = 7) -> list[features.ResourceRecord]:
    """Resources scattered over a city, with mixed tags, prices, places and sessions."""
    rng = random.Random(seed)
    interests = list(vocabulary.INTEREST_CODES)
    access = list(vocabulary.ACCESS_CODES)
    out = []
    for i in range(n):
        setting = rng.choices(["community", "mental-health-service", "online"], [7, 2, 1])[0]
        places = (
            ()
            if setting == "online"
            else tuple(
                (51.50 + rng.random() * 0.1, -0.20 + rng.random() * 0.15)
                for _ in range(rng.choice([1, 1, 1, 2]))
            )
        )
        sessions = tuple(
            (rng.choice(DAYS), f"{h:02d}:00", f"{h + 2:02d}:00")
            for h in (rng.randint(8, 19) for _ in range(rng.choice([1, 2, 2, 3])))
        )
        standard = rng.choice([0, 0, 200, 300, 500, 800])
        out.append(
            features.ResourceRecord(
                id=f"r{i}",
                name=f"Resource {i}",
                text=f"Resource {i}\nA friendly weekly group, number {i}. New people welcome.",
                setting=setting,
                active=rng.random() > 0.03,
                interests=tuple(rng.sample(interests, rng.randint(1, 3))),
                access=tuple(rng.sample(access, rng.randint(0, 5))),
                standard_pence=standard,
                concession_pence=rng.choice([None, 0, 100]) if standard else None,
                places=places,
                sessions=sessions,
                age_days=rng.random() * 400,
            )
        )
    return out


PERSON = profile.Profile(
    age=40,
    gender="woman",
    latitude=51.55,
    longitude=-0.12,
    interests=("singing", "gardening"),
    want_to_try=("pottery",),
    budget_pence=300,
    receives_benefits=True,
    max_km=3.0,
    needs_company_first_time=True,
    access_needs=("step-free",),
    free_times=tuple(profile.Window(d, "10:00", "18:00") for d in ("mo", "tu", "we", "th")),
    avoid_ids=frozenset({"r1", "r2"}),
)


def rebuild_after_change(f: features.Features, changed: int = 10) -> float:
    """Seconds to rebuild the arrays after `changed` resources change, as features.updated does
    (only the changed records are analysed again; database reads not included)."""
    start = time.perf_counter()
    picked = set(range(0, f.size, max(1, f.size // changed)))
    renamed = [replace(f.records[i], name=f.records[i].name + " (renamed)") for i in sorted(picked)]
    fresh = Table.of(renamed, [features.row_facts(r) for r in renamed], features.CODE_SIZES)
    changed_ids = {r.id for r in renamed}
    features.from_table(f.table.updated(fresh, changed_ids), f.version + 1)
    return time.perf_counter() - start


def measure(n: int) -> dict[str, Any]:
    """Time rank() over n resources, and building the arrays from scratch and after a change."""
    records = synthetic(n)
    start = time.perf_counter()
    f = features.build(records)
    build_s = time.perf_counter() - start
    rank.rank(PERSON, f)
    times, cpu = [], []
    for _ in range(RUNS):
        start, start_cpu = time.perf_counter(), time.process_time()
        rank.rank(PERSON, f)
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    times.sort()
    return {
        "resources": n,
        "p50_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[int(0.95 * (len(times) - 1))], 2),
        # CPU time shows the cost apart from other load on the machine.
        "cpu_p50_ms": round(statistics.median(cpu), 2),
        "build_s": round(build_s, 2),
        "rebuild_after_10_changes_s": round(rebuild_after_change(f), 2),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


if __name__ == "__main__":
    print(
        json.dumps({"bench": "rank", "runs": RUNS, "results": [measure(10_000), measure(100_000)]})
    )
