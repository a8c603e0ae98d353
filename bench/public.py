"""Public directory speed: search page, resource page, iCal feed and HSDS API pages.

Usage: python bench/public.py [--size 2000] [--runs 50]
Prints JSON with p50_ms / p95_ms per request kind, through the WSGI test client on a fresh
SQLite database with whoosh search (every resource confirmed and public); the `_304` kinds are
conditional GETs with the ETag of an earlier answer, as a browser or nginx revalidates.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import dataset  # noqa: E402  (bench/, beside this script)

from core import db  # noqa: E402
from directory import vocabulary  # noqa: E402
from directory.models import GazetteerEntry, ResourceCreate  # noqa: E402
from directory.resources import create_resource  # noqa: E402
from wsgi import create_app  # noqa: E402

WORDS = ["walking", "choir", "allotment", "art", "football", "reading", "cooking", "yoga"]


def build(size: int, folder: Path) -> Any:
    """An app over `size` public resources around north London."""
    url = f"sqlite:///{folder / 'bench.sqlite3'}"
    dataset.migrated(url).dispose()
    app = create_app(
        {"TESTING": True, "DATABASE_URL": url, "INDEX_DIR": str(folder / "index"),
         "SECRET_KEY": "bench-secret-key-that-is-long-enough-000000"}
    )  # fmt: skip
    rng = random.Random(7)
    interests = list(vocabulary.TERMS[vocabulary.INTEREST])
    with app.app_context():
        session = db.get_session()
        session.add(GazetteerEntry(key="N7 6QT", kind="postcode", name="N7 6QT",
                                   latitude=51.553, longitude=-0.113))  # fmt: skip
        for n in range(size):
            word = rng.choice(WORDS)
            create_resource(
                session,
                ResourceCreate.model_validate(
                    dict(
                        name=f"{word.title()} group {n}",
                        description=f"A friendly {word} group that meets every week. Number {n}.",
                        interests=rng.sample(interests, 2),
                        locations=[
                            {
                                "postcode": "N7 6QT",
                                "latitude": 51.55 + rng.uniform(-0.1, 0.1),
                                "longitude": -0.11 + rng.uniform(-0.1, 0.1),
                            }
                        ],
                        sessions=[
                            {
                                "day": rng.choice(["mo", "tu", "we"]),
                                "start": "10:00",
                                "end": "12:00",
                            }
                        ],
                        costs=[{"amount_pence": rng.choice([0, 200, 500])}],
                    )
                ),  # fmt: skip
                confirmed=True,
            )
            if n % 500 == 499:
                session.commit()
        session.commit()
    return app


def timed(client: Any, urls: list[str], revalidate: bool = False) -> dict[str, float]:
    """p50 and p95 in ms of GETs of the urls (each must answer 200); with `revalidate`, of
    conditional GETs with the ETag of an earlier answer (each must answer 304)."""
    times = []
    for url in urls:
        headers = {"If-None-Match": client.get(url).headers["ETag"]} if revalidate else {}
        start = time.perf_counter()
        response = client.get(url, headers=headers)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == (304 if revalidate else 200), (url, response.status_code)
    times.sort()
    return {
        "p50_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)], 2),
        "runs": len(times),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        app = build(args.size, Path(tmp))
        client = app.test_client()
        ids = client.get("/api/hsds/services?per_page=100").get_json()["contents"]
        rng = random.Random(3)
        pick = [rng.choice(ids)["id"] for _ in range(args.runs)]
        pages = max(1, args.size // 100)
        results = {
            "size": args.size,
            "search_words": timed(client, [f"/public/search?q={rng.choice(WORDS)}"
                                           for _ in range(args.runs)]),
            "search_near": timed(client, ["/public/search?q=&near=N7+6QT&radius=2&sort=distance"]
                                 * args.runs),
            "resource_page": timed(client, [f"/public/resources/{i}" for i in pick]),
            "ical_feed": timed(client, [f"/public/resources/{i}.ics" for i in pick]),
            "hsds_services_100": timed(
                client, [f"/api/hsds/services?per_page=100&page={rng.randint(1, pages)}"
                         for _ in range(args.runs)]
            ),
            "embed": timed(client, ["/public/embed?q=walking"] * args.runs),
            "search_words_304": timed(client, [f"/public/search?q={rng.choice(WORDS)}"
                                               for _ in range(args.runs)], revalidate=True),
            "hsds_services_100_304": timed(
                client, [f"/api/hsds/services?per_page=100&page={rng.randint(1, pages)}"
                         for _ in range(args.runs)], revalidate=True
            ),
        }  # fmt: skip
        print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
