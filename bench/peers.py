"""Peer suggestions and new-group detection over synthetic people; print JSON with p50_ms/p95_ms.

python bench/peers.py --people 50000
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.rank import synthetic as synthetic_resources  # noqa: E402
from directory import vocabulary  # noqa: E402
from directory.models import DAYS  # noqa: E402
from matcher import features, groups, peers  # noqa: E402

RUNS = 200
BLOCKS = (("09:00", "12:00"), ("10:00", "13:00"), ("13:00", "16:00"), ("14:00", "17:00"))


def synthetic(n: int, seed: int = 11) -> list[peers.PeerRecord]:
    """Consenting people over a city (about 30 x 20 km) in 20 teams, with mixed interests."""
    rng = random.Random(seed)
    codes = list(vocabulary.INTEREST_CODES)
    weights = [1 / (k + 1) for k in range(len(codes))]  # a few interests are far more common
    out = []
    for i in range(n):
        gender = rng.choice(["woman", "man", "non-binary", ""])
        times = tuple(
            (rng.choice(DAYS), *rng.choice(BLOCKS)) for _ in range(rng.choice([0, 1, 2, 2, 3]))
        )
        out.append(
            peers.PeerRecord(
                id=i + 1,
                team_id=i % 20 + 1,
                label=f"P{i + 1}",
                area="N7",
                latitude=51.45 + rng.random() * 0.2,
                longitude=-0.30 + rng.random() * 0.4,
                max_km=rng.choice([None, 1.0, 2.0, 3.0, 5.0, 8.0]),
                gender=gender,
                women_only=gender == "woman" and rng.random() < 0.1,
                interests=tuple(set(rng.choices(codes, weights, k=rng.randint(1, 4)))),
                want_to_try=tuple(set(rng.choices(codes, weights, k=rng.randint(0, 2)))),
                skills_to_share=tuple(set(rng.choices(codes, weights, k=rng.randint(0, 1)))),
                free_times=tuple(dict.fromkeys(times)),
                avoid_ids=frozenset({rng.randint(1, n)}) if rng.random() < 0.01 else frozenset(),
                scope=rng.choice([peers.TEAM, peers.DEPLOYMENT]),
                seeking=True,
            )
        )
    return out


def _timed(fn, runs: int) -> dict[str, float]:  # type: ignore[no-untyped-def]
    times, cpu = [], []
    for k in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn(k)
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    times.sort()
    return {
        "p50_ms": round(statistics.median(times), 3),
        "p95_ms": round(times[int(0.95 * (len(times) - 1))], 3),
        # CPU time shows the cost apart from other load on the shared machine.
        "cpu_p50_ms": round(statistics.median(cpu), 3),
    }


def main() -> None:
    """Measure one person's top 10, everyone's peers, and group detection."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--resources", type=int, default=2_000)
    args = parser.parse_args()
    records = synthetic(args.people)
    start = time.perf_counter()
    pool = peers.build(records)
    build_s = time.perf_counter() - start
    rng = random.Random(3)
    picks = [rng.randint(1, args.people) for _ in range(RUNS)]
    peers.top_peers(pool, picks[0])
    one = _timed(lambda k: peers.top_peers(pool, picks[k]), RUNS)
    found = [len(peers.top_peers(pool, p)) for p in picks[:50]]
    start, cpu = time.perf_counter(), time.process_time()
    everyone = peers.all_peers(pool)
    all_s, all_cpu = time.perf_counter() - start, time.process_time() - cpu
    f = features.build(synthetic_resources(args.resources))
    venues = [groups.Venue(51.45 + rng.random() * 0.2, -0.30 + rng.random() * 0.4, "Library")]
    start, cpu = time.perf_counter(), time.process_time()
    found_groups = groups.find_groups(pool, f, venues, min_size=4)
    groups_s, groups_cpu = time.perf_counter() - start, time.process_time() - cpu
    print(
        json.dumps(
            {
                "bench": "peers",
                "people": args.people,
                "resources": args.resources,
                "cores": os.cpu_count(),
                "load_average": [round(x, 2) for x in os.getloadavg()],
                "build_s": round(build_s, 2),
                "top10_one_person": {"runs": RUNS, **one, "mean_found": statistics.mean(found)},
                "all_peers": {
                    "seeking": len(everyone),
                    "seconds": round(all_s, 2),
                    "cpu_seconds": round(all_cpu, 2),
                    "mean_found": round(statistics.mean(map(len, everyone.values())), 2),
                },
                "groups": {
                    "found": len(found_groups),
                    "seconds": round(groups_s, 2),
                    "cpu_seconds": round(groups_cpu, 2),
                },
            }
        )
    )


if __name__ == "__main__":
    main()
