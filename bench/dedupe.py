"""Duplicate-check quality and speed on a labelled set of pairs.

Usage: python bench/dedupe.py [--seed 17] [--shared DIR] [--show N]
Loads the demo seeds and, when ../shared/eval/public/ is present, the public evaluation
directory (HSDS 3.0) into a fresh SQLite database, then holds some records out. Positives are
kept records retyped as a team member might (typing slips, Cafe/Café, reworded names, moved
times, phone and postcode written differently, details left out): the check should put that
record first. Negatives are the held-out records, each like something still in the directory
(the same organisation's other activity, or the same kind of thing nearby): the check should
show nothing. Runs the real check (find_duplicates) for each and prints JSON: precision and
recall of the top candidate, overall and for two halves split by record id (the weights were
set from priors, not from this set; the halves show how much the figures move between
samples), recall by perturbation, false alarms by kind of negative, p50/p95 ms per check, the
machine and the data size.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlmodel import func, select  # noqa: E402

from core import db  # noqa: E402
from directory import changes  # noqa: E402
from directory.geo import distance_km  # noqa: E402
from directory.hsds.cli import import_path  # noqa: E402
from directory.models import Resource  # noqa: E402
from directory.stewardship.dedupe import Draft, find_duplicates  # noqa: E402
from seeds.loader import load as load_seeds  # noqa: E402
from wsgi import create_app  # noqa: E402

SHARED = ROOT.parent / "shared"
EVAL = Path("eval") / "public" / "directory.json"
MIN_PAIRS = 300
HELD_OUT = 0.15  # share of each source's records held out as negatives
SIMILAR_KM = 2.0  # "nearby" for a negative of the same kind
GENERIC = ("group", "club", "session", "drop-in", "meet-up")


@dataclass
class Record:
    """What the bench needs of one stored resource."""

    id: str
    source: str
    name: str
    phone: str
    email: str
    url: str
    organisation_id: str | None
    postcodes: list[str]
    points: list[tuple[float, float]]
    sessions: list[tuple[str, str, str]]
    interests: set[str]


@dataclass
class Pair:
    """One labelled check: a draft, the record it duplicates (None for a negative)."""

    draft: Draft
    target: str | None
    source: str
    kinds: list[str] = field(default_factory=list)  # perturbations, or the negative's kind
    key: str = ""  # the record the pair was made from, for the split into halves


def read_records(session: Any, sources: dict[str, str]) -> list[Record]:
    """Every resource as a Record."""
    out = []
    for r in session.exec(select(Resource)).all():
        out.append(
            Record(
                id=r.id,
                source=sources.get(r.id, "seeds"),
                name=r.name,
                phone=r.phone,
                email=r.email,
                url=r.url,
                organisation_id=r.organisation_id,
                postcodes=[x.postcode for x in r.locations if x.postcode],
                points=[(x.latitude, x.longitude) for x in r.locations if x.latitude is not None],
                sessions=[(s.day, s.start, s.end) for s in r.sessions],
                interests=set(r.interests),
            )
        )
    return sorted(out, key=lambda rec: rec.id)


def typo(rng: random.Random, name: str) -> str:
    """One slip in a word of four letters or more: two letters swapped, one lost or doubled."""
    words = name.split()
    long = [i for i, w in enumerate(words) if len(w) >= 4 and w.isalpha()]
    if not long:
        return name
    i = rng.choice(long)
    w = words[i]
    j = rng.randrange(1, len(w) - 1)
    words[i] = rng.choice(
        [w[:j] + w[j + 1] + w[j] + w[j + 2 :], w[:j] + w[j + 1 :], w[:j] + w[j] + w[j:]]
    )
    return " ".join(words)


def reword(rng: random.Random, name: str, place: str) -> str:
    """The name as someone might say it: words moved, a generic word or the place added."""
    choices = [
        lambda n: n.replace(" and ", " & ") if " and " in n else n.replace(" & ", " and "),
        lambda n: f"{n} {rng.choice(GENERIC)}",
        lambda n: n[4:] if n.lower().startswith("the ") else f"The {n}",
        lambda n: " ".join(n.split(" in ", 1)[::-1]) if " in " in n else f"{place} {n}".strip(),
        lambda n: n.lower(),
    ]
    return str(rng.choice(choices)(name))


def accent(name: str) -> str:
    """Cafe as Café and back."""
    if "café" in name.lower():
        return name.replace("café", "cafe").replace("Café", "Cafe")
    return name.replace("Cafe", "Café").replace("cafe", "café")


def phone_as_typed(rng: random.Random, phone: str) -> str:
    """A UK number written another way: +44, no spaces, brackets."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    if len(digits) != 11:
        return phone
    return rng.choice(
        [f"+44 {digits[1:4]} {digits[4:]}", digits, f"({digits[:4]}) {digits[4:]}", phone]
    )


def postcode_as_typed(rng: random.Random, postcode: str) -> str:
    """A postcode in lower case or without its space."""
    return rng.choice([postcode.replace(" ", ""), postcode.lower(), postcode])


def moved(rng: random.Random, when: tuple[str, str, str]) -> tuple[str, str, str]:
    """A meeting time remembered half an hour out."""
    day, start, end = when
    shift = rng.choice([-30, 30])
    h, m = map(int, start.split(":"))
    total = min(max(h * 60 + m + shift, 0), 23 * 60)
    return day, f"{total // 60:02d}:{total % 60:02d}", end


def place_word(rec: Record) -> str:
    """A place word from the name ('X in Moorcross'), for rewording."""
    return rec.name.split(" in ", 1)[1] if " in " in rec.name else ""


def as_typed(rng: random.Random, rec: Record, kinds: list[str]) -> Draft:
    """A quick-add draft of a record, details written differently or left out."""
    phone = ""
    if rec.phone and rng.random() < 0.6:
        phone = phone_as_typed(rng, rec.phone)
        kinds.append("phone formatted")
    postcodes, points = list(rec.postcodes[:1]), list(rec.points[:1])
    if postcodes and rng.random() < 0.5:
        postcodes = [postcode_as_typed(rng, postcodes[0])]
        kinds.append("postcode spacing")
    if rng.random() < 0.1:
        postcodes, points = [], []
        kinds.append("no place")
    sessions = list(rec.sessions[:1])
    if sessions and rng.random() < 0.3:
        sessions = [moved(rng, sessions[0])]
        kinds.append("moved time")
    elif rng.random() < 0.25:
        sessions = []
    url = rec.url if rng.random() < 0.2 else ""
    return Draft(
        name=rec.name, phone=phone, url=url, postcodes=postcodes, points=points, sessions=sessions
    )


def positive(rng: random.Random, rec: Record) -> Pair:
    """A record retyped: its name changed one to three ways, its details as typed."""
    kinds: list[str] = []
    name = rec.name
    for kind in rng.sample(["typo", "accent", "reworded"], rng.randint(1, 3)):
        if kind == "typo":
            name = typo(rng, name)
        elif kind == "accent" and "caf" in name.lower():
            name = accent(name)
        elif kind == "reworded":
            name = reword(rng, name, place_word(rec))
        else:
            continue
        kinds.append(kind)
    draft = as_typed(rng, rec, kinds)
    draft.name = name
    return Pair(draft, rec.id, rec.source, kinds, rec.id)


def sibling(rng: random.Random, rec: Record, kept: list[Record]) -> tuple[Record, str] | None:
    """A record still in the directory like this one: the same organisation's other activity,
    or the same kind of thing nearby (whichever the coin picks first, when both exist)."""

    def same_org(other: Record) -> bool:
        return bool(rec.organisation_id) and other.organisation_id == rec.organisation_id

    def same_kind_nearby(other: Record) -> bool:
        if not (rec.interests & other.interests and rec.points and other.points):
            return False
        (a, b), (c, d) = rec.points[0], other.points[0]
        return distance_km(a, b, c, d) <= SIMILAR_KM

    tests = [
        (same_org, "same organisation, other activity"),
        (same_kind_nearby, "same kind nearby"),
    ]
    rng.shuffle(tests)
    for test, kind in tests:
        for other in kept:
            if test(other):
                return other, kind
    return None


def build_pairs(rng: random.Random, records: list[Record]) -> tuple[list[Pair], list[str]]:
    """Labelled pairs, and the ids of the records to delete (held out as negatives)."""
    pairs: list[Pair] = []
    held: list[str] = []
    for source in sorted({r.source for r in records}):
        mine = [r for r in records if r.source == source]
        rng.shuffle(mine)
        out = mine[: round(len(mine) * HELD_OUT)]
        kept = mine[len(out) :]
        for rec in out:
            found = sibling(rng, rec, kept)
            if found is None:
                continue
            draft = as_typed(rng, rec, [])
            pairs.append(Pair(draft, None, source, [found[1]], rec.id))
            held.append(rec.id)
        pairs += [positive(rng, rec) for rec in kept]
    while len(pairs) < MIN_PAIRS:  # the demo seeds alone: retype some records twice
        rec = rng.choice([r for r in records if r.id not in held])
        pairs.append(positive(rng, rec))
    return pairs, held


def half(key: str) -> str:
    """A or B, fixed by the record id."""
    return "A" if hashlib.sha256(key.encode()).digest()[0] % 2 == 0 else "B"


def scores(results: list[tuple[Pair, str | None]]) -> dict[str, Any]:
    """Precision and recall of the top candidate."""
    shown = [(p, top) for p, top in results if top is not None]
    right = sum(1 for p, top in shown if top == p.target)
    positives = sum(1 for p, _ in results if p.target is not None)
    return {
        "pairs": len(results),
        "positives": positives,
        "negatives": len(results) - positives,
        "precision": round(right / len(shown), 3) if shown else None,
        "recall": round(right / positives, 3) if positives else None,
    }


def by_kind(results: list[tuple[Pair, str | None]]) -> dict[str, Any]:
    """Recall per perturbation and false alarms per kind of negative."""
    out: dict[str, dict[str, int]] = {}
    for p, top in results:
        for kind in p.kinds:
            row = out.setdefault(kind, {"pairs": 0, "right": 0})
            row["pairs"] += 1
            row["right"] += int(top == p.target)
    return {k: {**v, "share_right": round(v["right"] / v["pairs"], 3)} for k, v in out.items()}


def machine() -> dict[str, Any]:
    """The machine the figures came from."""
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cores": os.cpu_count(),
        "cpu": model or platform.processor(),
        "python": platform.python_version(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def load(app: Any, shared: Path) -> tuple[dict[str, str], list[str]]:
    """Seeds and, when present, the public evaluation directory; which source each id is."""
    notes = []
    sources: dict[str, str] = {}
    with app.app_context():
        session = db.get_session()
        load_seeds(session)
        session.commit()
        if (shared / EVAL).exists():
            before = set(session.exec(select(Resource.id)).all())
            import_path(session, shared / EVAL)
            session.commit()
            after = set(session.exec(select(Resource.id)).all())
            sources = {rid: "eval" for rid in after - before}
        else:
            notes.append(
                f"{shared / EVAL} is absent: skipping the public evaluation directory, "
                "using the demo seeds alone"
            )
    return sources, notes


def run(seed: int, shared: Path, show: int = 0) -> dict[str, Any]:
    """Build the set, run the check on every pair and report."""
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp:
        config = {
            "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
            "INDEX_DIR": f"{tmp}/index",
            "SECRET_KEY": "x" * 40,
        }
        app = create_app(config)
        engine = db.get_engine(app)
        db.upgrade(engine)
        changes.ensure_state_row(engine)
        sources, notes = load(app, shared)
        for note in notes:
            print(note, file=sys.stderr)
        with app.app_context():
            session = db.get_session()
            records = read_records(session, sources)
            pairs, held = build_pairs(rng, records)
            for rid in held:
                session.delete(session.get(Resource, rid))
            session.commit()
            directory_size = session.exec(select(func.count()).select_from(Resource)).one()
            find_duplicates(session, Draft(name="warm up"))  # build the index once
            results: list[tuple[Pair, str | None]] = []
            times: list[float] = []
            for pair in pairs:
                started = time.perf_counter()
                found = find_duplicates(session, pair.draft)
                times.append((time.perf_counter() - started) * 1000)
                results.append((pair, found[0].resource_id if found else None))
                if found and found[0].resource_id != pair.target and show > 0:
                    show -= 1
                    top = found[0]
                    print(
                        f"{pair.kinds} {pair.draft.name!r} -> {top.score}: {top.reason_text}"
                        f" | {top.difference_text}",
                        file=sys.stderr,
                    )
        engine.dispose()
    ordered = sorted(times)
    names = sorted({p.source for p in pairs})
    return {
        "bench": "dedupe",
        "notes": notes,
        "sources": names,
        "directory_resources": directory_size,
        **scores(results),
        "target": {"precision": 0.95, "recall": 0.90},
        "halves": {h: scores([r for r in results if half(r[0].key) == h]) for h in "AB"},
        "by_source": {
            s: scores([r for r in results if r[0].source == s])
            for s in sorted(set(sources.values()) | {"seeds"})
        },
        "by_kind": by_kind(results),
        "p50_ms": round(statistics.median(ordered), 2),
        "p95_ms": round(ordered[round(0.95 * (len(ordered) - 1))], 2),
        "machine": machine(),
    }


def main() -> None:
    """Run and print JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--shared", type=Path, default=SHARED, help="the shared folder (../shared)")
    parser.add_argument("--show", type=int, default=0, help="print this many wrong top candidates")
    args = parser.parse_args()
    print(json.dumps(run(args.seed, args.shared, args.show), indent=2))


if __name__ == "__main__":
    main()
