"""Team report over 10k synthetic resources; p50_ms/p95_ms.

"report-gaps": the pure gap counting. "report-view": team_report through a SQLite database,
computed afresh on every view (the cost before caching), repeated with nothing changed
(cached), and after one connection-log change each time (the change is seen at once).
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

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


def _timed(step: Callable[[], Any], runs: int = RUNS) -> dict[str, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        step()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[int(0.95 * (len(times) - 1))], 1),
    }


def measure_view(resources: int, team: int) -> dict[str, Any]:
    """Time team_report for a team of `team` people over `resources` resources in SQLite."""
    from sqlmodel import select

    from bench import dataset
    from core import db
    from core.accounts import get_or_create_team
    from directory.models import Resource
    from matcher import connections, report
    from matcher.models import Person, PersonCreate

    rng = random.Random(5)
    codes = list(vocabulary.INTEREST_CODES)
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'report.sqlite3'}"
        dataset.fill(url, resources)
        app = dataset.make_app(url, Path(tmp))
        with app.app_context(), db.write_session() as session:
            team_id = int(get_or_create_team(session, "Bench").id or 0)
            for i in range(team):
                data = PersonCreate(
                    label=f"B{i}",
                    interests=rng.sample(codes, 2),
                    want_to_try=rng.sample(codes, 1),
                    latitude=rng.uniform(51.52, 51.58),
                    longitude=rng.uniform(-0.17, -0.08),
                    max_km=3.0,
                    budget_pence=300,
                )
                session.add(Person(**data.model_dump(), team_id=team_id))
        with app.app_context():
            session = db.get_session()
            rids = list(session.exec(select(Resource.id).limit(RUNS * 2)).all())
            person = session.exec(select(Person).where(Person.team_id == team_id)).first()
            assert person is not None
            report.team_report(session, team_id)  # features built once, as on a live node

            def fresh() -> None:
                report.clear_cache()
                report.team_report(session, team_id)

            changes = iter(rids)

            def changed() -> None:
                connections.record_stage(
                    session, person, next(changes), "tried", date.today() - timedelta(days=1)
                )
                report.team_report(session, team_id)

            out = {
                "resources": resources,
                "people": team,
                "uncached": _timed(fresh),
                "repeat": _timed(lambda: report.team_report(session, team_id), RUNS * 5),
                "after_a_log_change": _timed(changed),
            }
        db.get_engine(app).dispose()
    return out


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
    print(
        json.dumps(
            {
                "bench": "report-view",
                "runs": RUNS,
                "load_average": list(os.getloadavg()),
                "results": [measure_view(10_000, 200)],
            }
        )
    )
