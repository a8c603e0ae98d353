"""Profile page with matches, end to end: a signed-in practitioner GETs a person's matches page.

Usage: python bench/profile_page.py [--size 10000] [--runs 40]
Prints JSON with p50_ms / p95_ms of the full request (rank + reasons + template), through the
WSGI test client on a fresh SQLite database. The first request (which builds the directory's
arrays) is timed apart as cold_ms; the load average is printed, as the machine is shared.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
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
from core.accounts import create_user, get_or_create_team, hash_password  # noqa: E402
from core.models import Role  # noqa: E402
from directory import vocabulary  # noqa: E402
from directory.models import DAYS, GazetteerEntry, ResourceCreate  # noqa: E402
from directory.resources import create_resource  # noqa: E402
from matcher.models import PersonCreate  # noqa: E402
from matcher.people import create_person  # noqa: E402
from wsgi import create_app  # noqa: E402

PASSWORD = "a calm walk by the canal"
EMAIL = "practitioner@example.org"
CSRF = re.compile(r'name="csrf[-_]token" (?:content|value)="([^"]+)"')


def resource(n: int, rng: random.Random) -> ResourceCreate:
    """A varied resource around north London."""
    interests = list(vocabulary.INTEREST_CODES)
    access = [a for a in vocabulary.ACCESS_CODES if a not in ("women-only", "bsl")]
    setting = rng.choices(["community", "mental-health-service", "online"], [7, 2, 1])[0]
    hour = rng.randint(8, 19)
    standard = rng.choice([0, 0, 200, 300, 500, 800])
    costs: list[dict[str, Any]] = [{"amount_pence": standard}]
    if standard and rng.random() < 0.7:
        costs.append({"kind": "concession", "amount_pence": rng.choice([0, 100]),
                      "label": "people receiving benefits"})  # fmt: skip
    return ResourceCreate.model_validate(
        {
            "name": f"Group {n}",
            "description": f"A friendly weekly group, number {n}. New people welcome.",
            "setting": setting,
            "interests": rng.sample(interests, rng.randint(1, 3)),
            "access": rng.sample(access, rng.randint(0, 4)),
            "locations": []
            if setting == "online"
            else [
                {
                    "postcode": "N7 6QT",
                    "latitude": 51.50 + rng.random() * 0.1,
                    "longitude": -0.20 + rng.random() * 0.15,
                }
            ],
            "sessions": [
                {"day": rng.choice(DAYS), "start": f"{hour:02d}:00", "end": f"{hour + 2:02d}:00"}
            ],
            "costs": costs,
        }
    )


def build(size: int, folder: Path) -> tuple[Any, int]:
    """An app over `size` resources, a practitioner in team North and one person of theirs."""
    url = f"sqlite:///{folder / 'bench.sqlite3'}"
    dataset.migrated(url).dispose()
    app = create_app(
        {"TESTING": True, "DATABASE_URL": url, "INDEX_DIR": str(folder / "index"),
         "SECRET_KEY": "bench-secret-key-that-is-long-enough-000000"}
    )  # fmt: skip
    rng = random.Random(7)
    with app.app_context():
        session = db.get_session()
        session.add(GazetteerEntry(key="N7 6QT", kind="postcode", name="N7 6QT",
                                   latitude=51.553, longitude=-0.113))  # fmt: skip
        for n in range(size):
            create_resource(session, resource(n, rng), confirmed=True)
            if n % 500 == 499:
                session.commit()
        session.commit()
    with app.app_context(), db.write_session() as session:
        team = get_or_create_team(session, "North")
        user = create_user(session, EMAIL, "Practitioner", "", Role.PRACTITIONER, team)
        user.password_hash = hash_password(PASSWORD)
        person = create_person(
            session,
            PersonCreate.model_validate(
                {
                    "label": "J.",
                    "reference": "CG-1",
                    "age": 40,
                    "gender": "woman",
                    "postcode": "N7 6QT",
                    "interests": ["singing", "gardening"],
                    "want_to_try": ["pottery"],
                    "budget_pence": 300,
                    "receives_benefits": True,
                    "max_km": 3,
                    "access_needs": ["step-free"],
                    "free_times": [
                        {"day": d, "from": "10:00", "to": "18:00"} for d in ("mo", "tu", "we", "th")
                    ],
                    "notes": "Sang in a choir; misses her garden.",
                }
            ),
            int(team.id or 0),
        )
        session.flush()
        person_id = int(person.id or 0)
    return app, person_id


def sign_in(client: Any) -> None:
    """Sign in through the real form, with its CSRF token."""
    page = client.get("/login").get_data(as_text=True)
    found = CSRF.search(page)
    token = found.group(1) if found else ""
    response = client.post(
        "/login",
        data={"email": EMAIL, "password": PASSWORD, "csrf_token": token},
        headers={"X-CSRFToken": token},
    )
    assert response.status_code in (302, 303), f"sign-in failed: {response.status_code}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        app, person_id = build(args.size, Path(tmp))
        client = app.test_client()
        sign_in(client)
        url = f"/people/{person_id}/matches"
        start = time.perf_counter()
        first = client.get(url)
        cold = (time.perf_counter() - start) * 1000
        assert first.status_code == 200, first.status_code
        assert b"fits your free time" in first.data, "no suggestions on the page"
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, response.status_code
        times.sort()
        print(
            json.dumps(
                {
                    "bench": "profile_page",
                    "size": args.size,
                    "runs": args.runs,
                    "cold_ms": round(cold, 1),
                    "p50_ms": round(statistics.median(times), 2),
                    "p95_ms": round(times[int(0.95 * (len(times) - 1))], 2),
                    "load_average": [round(x, 2) for x in os.getloadavg()],
                }
            )
        )


if __name__ == "__main__":
    main()
