"""Team report gaps (each person's feasibility) over 10k synthetic resources; p50_ms/p95_ms."""

from __future__ import annotations

import json
import random
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.rank import PERSON, synthetic  # noqa: E402
from directory import vocabulary  # noqa: E402
from matcher import features  # noqa: E402
from matcher.profile import Profile  # noqa: E402
from matcher.report import gap_counts  # noqa: E402

RUNS = 10


def people(n: int, seed: int = 3) -> list[Profile]:
    """n people like the rank bench's person, with their own interests and homes."""
    rng = random.Random(seed)
    codes = list(vocabulary.INTEREST_CODES)
    return [
        replace(
            PERSON,
            interests=tuple(rng.sample(codes, 2)),
            want_to_try=tuple(rng.sample(codes, 1)),
            latitude=51.50 + rng.random() * 0.1,
            longitude=-0.20 + rng.random() * 0.15,
            avoid_ids=frozenset(),
        )
        for _ in range(n)
    ]


def measure(resources: int, team: int) -> dict[str, float]:
    """Time gap_counts for a team of `team` people over `resources` resources."""
    f = features.build(synthetic(resources))
    group = people(team)
    gap_counts(group, f)
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        gap_counts(group, f)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {
        "resources": resources,
        "people": team,
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[int(0.95 * (len(times) - 1))], 1),
    }


if __name__ == "__main__":
    print(
        json.dumps(
            {
                "bench": "report-gaps",
                "runs": RUNS,
                "results": [measure(10_000, 50), measure(10_000, 200)],
            }
        )
    )
