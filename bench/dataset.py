"""A benchmark directory: N generated resources, a practitioner, and one person to match.

Shared by bench/load.py, bench/memory.py and tests/test_multinode.py's helpers: the resources
come from bench/search.py's generator, so every bench measures the same kind of corpus.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from core import db  # noqa: E402
from core.config import normalise_database_url  # noqa: E402
from directory import changes  # noqa: E402

SECRET = "bench-secret-key-that-is-long-enough-0123456789"
EMAIL = "bench-practitioner@example.org"
PASSWORD = "a calm walk by the canal for the bench"  # noqa: S105 - a throwaway bench account
POSTCODE = "N7 6QT"
HOME = (51.553, -0.113)  # the postcode's point
PERSON = {
    "label": "Bench person",
    "age": 40,
    "postcode": POSTCODE,
    "latitude": HOME[0],
    "longitude": HOME[1],
    "interests": ["singing", "gardening"],
    "want_to_try": ["pottery"],
    "budget_pence": 300,
    "receives_benefits": True,
    "max_km": 3.0,
    "access_needs": ["step-free"],
    "free_times": [{"day": d, "from": "10:00", "to": "18:00"} for d in ("mo", "tu", "we", "th")],
}


def fresh_postgres(server_url: str, name: str) -> str:
    """A new, empty, migrated PostgreSQL database on the server; returns its URL."""
    from search import fresh_postgres as make  # bench/search.py

    return str(make(server_url, name))


def drop_postgres(server_url: str, name: str) -> None:
    """Drop a bench database."""
    from sqlalchemy import text

    admin = db.make_engine(normalise_database_url(server_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def migrated(url: str) -> Engine:
    """The engine of a migrated database at url."""
    engine = db.make_engine(url)
    db.upgrade(engine)
    changes.ensure_state_row(engine)
    return engine


def fill(url: str, size: int, seed: int = 1) -> None:
    """Migrate the database and bulk-insert `size` generated resources and a gazetteer entry."""
    from search import generate, load  # bench/search.py

    from directory.models import GazetteerEntry

    engine = migrated(url)
    load(engine, generate(size, random.Random(seed)))
    from sqlmodel import Session

    with Session(engine) as session:
        session.add(
            GazetteerEntry(
                key=POSTCODE, kind="postcode", name=POSTCODE, latitude=51.553, longitude=-0.113
            )
        )
        session.commit()
    engine.dispose()


def add_practitioner(app: Any) -> int:
    """A practitioner account in team "Bench" (EMAIL / PASSWORD); returns its id."""
    from core.accounts import create_user, get_or_create_team, hash_password
    from core.models import Role

    with app.app_context(), db.write_session() as session:
        team = get_or_create_team(session, "Bench")
        user = create_user(session, EMAIL, "Bench", "", Role.PRACTITIONER, team)
        user.password_hash = hash_password(PASSWORD)
        session.flush()
        return int(user.id or 0)


def add_person(app: Any) -> int:
    """The person the load test matches, in team "Bench"; returns their id."""
    from core.accounts import get_or_create_team
    from matcher.models import PersonCreate
    from matcher.people import create_person

    with app.app_context(), db.write_session() as session:
        team = get_or_create_team(session, "Bench")
        person = create_person(session, PersonCreate.model_validate(PERSON), int(team.id or 0))
        session.flush()
        return int(person.id or 0)


PEOPLE = 500  # match runs pick one of this many people (a team's caseload; above the 256 kept)


def add_people(app: Any, first: int, count: int = PEOPLE - 1, seed: int = 3) -> None:
    """More people in team "Bench" after `first`, each with other interests, budget and reach.

    Their ids follow `first` one by one (a fresh database, one writer), so the load test can pick
    any of first .. first + count.
    """
    from core.accounts import get_or_create_team
    from directory import vocabulary
    from matcher.models import PersonCreate
    from matcher.people import create_person

    rng = random.Random(seed)
    codes = sorted(vocabulary.INTEREST_CODES)
    with app.app_context(), db.write_session() as session:
        team = get_or_create_team(session, "Bench")
        for n in range(count):
            days = rng.sample(["mo", "tu", "we", "th", "fr", "sa", "su"], rng.randint(1, 5))
            data = {
                **PERSON,
                "label": f"Bench person {n + 2}",
                "interests": rng.sample(codes, rng.randint(1, 4)),
                "want_to_try": rng.sample(codes, rng.randint(0, 2)),
                "budget_pence": rng.choice([None, 0, 100, 200, 300, 500, 1000]),
                "receives_benefits": rng.random() < 0.6,
                "max_km": rng.choice([None, 1.0, 2.0, 3.0, 5.0, 10.0]),
                "access_needs": rng.choice([[], [], ["step-free"], ["quiet-space"]]),
                "latitude": HOME[0] + rng.uniform(-0.03, 0.03),
                "longitude": HOME[1] + rng.uniform(-0.05, 0.05),
                "free_times": [{"day": d, "from": "09:00", "to": "21:00"} for d in days],
            }
            person = create_person(session, PersonCreate.model_validate(data), int(team.id or 0))
            session.flush()
            assert person.id == first + n + 1, "bench people's ids must follow one another"


def make_app(url: str, folder: Path, backend: str = "auto") -> Any:
    """An app over the database with its instance folder (and whoosh index) in folder."""
    from wsgi import create_app

    return create_app(
        {
            "DATABASE_URL": url,
            "INSTANCE_DIR": str(folder),
            "INDEX_DIR": str(folder / "index"),
            "SEARCH_BACKEND": backend,
            "SECRET_KEY": SECRET,
        }
    )
