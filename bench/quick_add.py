"""Quick-add speed: duplicate check + insert + index update for one new resource.

Usage: python bench/quick_add.py --size 100000 [--runs 50] [--database-url URL] [--reindex]
Prints JSON with p50_ms / p95_ms. Uses a fresh SQLite database in a temporary folder unless
--database-url names an empty, migrated database.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from directory import db  # noqa: E402
from directory.dedupe import Draft, find_duplicates, get_index  # noqa: E402
from directory.models import Resource, ResourceCreate, ResourceLocation, new_id, utcnow  # noqa: E402
from directory.resources import create_resource  # noqa: E402
from wsgi import create_app  # noqa: E402

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
                rid = new_id()
                resources.append(
                    {
                        "id": rid,
                        "name": fake_name(rng),
                        "description": "",
                        "status": "active",
                        "setting": "community",
                        "how_to_join": "drop-in",
                        "join_details": "",
                        "url": f"https://example.org/{rid[:8]}" if rng.random() < 0.5 else "",
                        "email": "",
                        "phone": f"020 7{rng.randint(100, 999)} {rng.randint(1000, 9999)}",
                        "eligibility": "",
                        "fees_description": "",
                        "review_state": "confirmed",
                        "is_public": True,
                        "flagged_changed": False,
                        "source": "",
                        "told_by": "",
                        "team_notes": "",
                        "team_contact": "",
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


def one_quick_add(app: Any, rng: random.Random) -> tuple[float, float]:
    """Time one duplicate check, insert, commit (search sync) and candidate index refresh."""
    data = ResourceCreate.model_validate(
        dict(
            name=fake_name(rng),
            told_by="bench",
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
    with app.test_request_context("/workspace/add", method="POST"):
        started = time.perf_counter()
        session = db.get_session()
        find_duplicates(session, Draft.of(data))
        checked = time.perf_counter() - started
        create_resource(session, data)
        session.commit()
        get_index().refresh(session)
        elapsed = time.perf_counter() - started
        db.close_session()
    return elapsed * 1000, checked * 1000


def main() -> None:
    """Run the benchmark and print JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--reindex", action="store_true", help="build the full search index first")
    args = parser.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{tmp}/bench.sqlite3"
        config = {"DATABASE_URL": url, "INDEX_DIR": f"{tmp}/index", "SECRET_KEY": "x" * 40}
        app = create_app(config)
        engine = db.get_engine(app)
        db.upgrade(engine)
        db.ensure_state_row(engine)
        fill(app, args.size, rng)
        if args.reindex:
            with app.app_context():
                from directory.search import get_search

                get_search().reindex()
        with app.app_context():
            started = time.perf_counter()
            get_index().refresh(db.get_session())
            build_ms = (time.perf_counter() - started) * 1000
        one_quick_add(app, rng)  # warm up
        runs = [one_quick_add(app, rng) for _ in range(args.runs)]
        times = sorted(r[0] for r in runs)
        checks = sorted(r[1] for r in runs)
        engine.dispose()
    print(
        json.dumps(
            {
                "bench": "quick_add",
                "size": args.size,
                "runs": args.runs,
                "search_index_full": args.reindex,
                "candidate_build_ms": round(build_ms, 1),
                "p50_ms": round(statistics.median(times), 2),
                "p95_ms": round(times[int(0.95 * (len(times) - 1))], 2),
                "max_ms": round(times[-1], 2),
                "check_p50_ms": round(statistics.median(checks), 2),
                "check_p95_ms": round(checks[int(0.95 * (len(checks) - 1))], 2),
            }
        )
    )


if __name__ == "__main__":
    main()
