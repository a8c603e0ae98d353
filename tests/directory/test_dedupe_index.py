"""The duplicate check asks the database, and finds what a plain look at every row finds."""

from __future__ import annotations

import random
from typing import Any

import numpy as np
from sqlmodel import select

from core import db
from directory.geo import haversine_km
from directory.models import Resource, ResourceCreate
from directory.resources import create_resource
from directory.stewardship import dedupe, likeness
from directory.stewardship.dedupe import (
    NAME_ALIKE,
    NAME_POOL,
    NORMALISE,
    Candidate,
    Draft,
    find_duplicates,
)
from directory.stewardship.likeness import Evidence, Slot, core_name, name_likeness

WORDS = [
    *("walking", "football", "knit", "natter", "art", "pottery", "singing", "choir", "garden"),
    *("allotment", "chess", "book", "yoga", "tai", "chi", "dance", "cooking", "shed", "cafe"),
    *("swim", "bike", "repair", "photography", "drama", "poetry", "writing", "games", "coffee"),
    *("morning", "craft", "sewing", "film", "history", "bird", "watching", "running", "bowls"),
]
PLACES = ["Holloway", "Archway", "Highbury", "Camden", "Hackney", "Dalston", "Bow", "Stepney"]


def fake(rng: random.Random) -> dict[str, Any]:
    """A resource as the quick-add form would submit it, with a contact and a place."""
    name = f"{rng.choice(PLACES)} {' '.join(rng.sample(WORDS, rng.randint(1, 3)))} group"
    place: dict[str, Any] = {"postcode": f"N{rng.randint(1, 6)} {rng.randint(1, 3)}AB"}
    if rng.random() < 0.8:
        place.update(latitude=51.55 + rng.random() * 0.02, longitude=-0.12 + rng.random() * 0.02)
    online = rng.random() < 0.1
    return {
        "name": name.title() if rng.random() < 0.5 else name,
        "phone": f"020 7{rng.randint(100, 130)} 0000" if rng.random() < 0.7 else "",
        "url": f"https://www.example.org/{rng.randint(1, 60)}/" if rng.random() < 0.5 else "",
        "email": f"group{rng.randint(1, 40)}@example.org" if rng.random() < 0.4 else "",
        "sessions": [
            {"day": rng.choice(["mo", "tu", "su"]), "start": start, "end": "16:00"}
            for start in rng.sample(["10:00", "11:30", "14:00"], rng.randint(0, 2))
        ],
        "setting": "online" if online else "community",
        "locations": [] if online else [place],
    }


def drafts(rng: random.Random, count: int) -> list[Draft]:
    """Drafts alike in name, place or contact to the generated resources."""
    out = []
    for _ in range(count):
        data = fake(rng)
        name = data["name"]
        cut = rng.randrange(len(name))
        out.append(
            Draft(
                name=name[:cut] + name[cut + 1 :] if rng.random() < 0.5 else name,
                phone=data["phone"],
                url=data["url"],
                email=data["email"],
                sessions=[(t["day"], t["start"], t["end"]) for t in data["sessions"]],
                postcodes=[p["postcode"] for p in data["locations"]],
                points=[
                    (p["latitude"], p["longitude"]) for p in data["locations"] if "latitude" in p
                ],
            )
        )
    return out


def results(session: Any, found: list[Draft]) -> list[list[tuple[str, float, str]]]:
    """What the check shows for each draft."""
    return [
        [(c.resource_id, c.score, c.reason_text) for c in find_duplicates(session, d)]
        for d in found
    ]


def test_renamed_and_deleted_records_are_found_by_their_new_names_only(app):
    rng = random.Random(5)
    with app.app_context():
        session = db.get_session()
        ids: list[str] = []
        for batch in range(6):
            for _ in range(25):
                ids.append(create_resource(session, ResourceCreate(**fake(rng))).id)
            if batch == 3:  # an id longer than a UUID, as an import might bring
                ids.append(f"imported-{ids[-1]}-{batch}")
                session.add(Resource(id=ids[-1], name="Archway Ukulele Group", setting="online"))
            mine = [rid for rid in ids if not rid.startswith("imported-")]
            for rid in rng.sample(mine, 3):  # some renamed, some deleted, between checks
                resource = session.get(Resource, rid)
                if rng.random() < 0.5:
                    resource.name = f"Highbury {rng.choice(['Zither', 'Kazoo', 'Banjo'])} Ensemble"
                else:
                    session.delete(resource)
                    ids.remove(rid)
            session.commit()
        names = {r.id: dedupe.normalise_name(r.name) for r in session.exec(select(Resource))}
        long_id = next(rid for rid in ids if rid.startswith("imported-"))
        assert long_id in {
            c.resource_id for c in find_duplicates(session, Draft("Archway ukulele"))
        }
        origami = create_resource(
            session, ResourceCreate(**{**fake(rng), "name": "Origami Circle"})
        )
        session.commit()
        assert origami.id in {
            c.resource_id for c in find_duplicates(session, Draft("Origami circle"))
        }
        origami.name = "Quilting Bee"
        session.commit()
        assert not find_duplicates(session, Draft("Origami circle"))
        assert origami.id in {
            c.resource_id for c in find_duplicates(session, Draft("Quilting bee"))
        }
        session.delete(origami)
        session.commit()
        assert not find_duplicates(session, Draft("Quilting bee"))
        for draft in [Draft(name="Highbury zither ensemble"), *drafts(rng, 60)]:
            core = core_name(dedupe.normalise_name(draft.name))
            alike = {
                rid
                for rid, name in names.items()
                if name_likeness(core, core_name(name)) >= NAME_ALIKE
            }
            if core and len(alike) <= NAME_POOL:
                assert set(dedupe.names_alike(session.connection(), core, frozenset())) == alike
    assert len(ids) == len(names)


def _value(resource: Resource, key: str) -> str:
    column = {"website": "url", "organisation": "organisation_id"}.get(key, key)
    return NORMALISE[key](getattr(resource, column) or "")


def _km(draft: Draft, lat: float, lon: float) -> float:
    lats, lons = zip(*draft.points, strict=True)
    return float(np.min(haversine_km(lat, lon, np.array(lats), np.array(lons))))


def reference(rows: list[Resource], draft: Draft) -> list[tuple[str, float, str]] | None:
    """The check done plainly over every row (None when too many names are alike to compare)."""
    core = core_name(dedupe.normalise_name(draft.name))
    alike = {r.id: name_likeness(core, core_name(dedupe.normalise_name(r.name))) for r in rows}
    if sum(score >= NAME_ALIKE for score in alike.values()) > NAME_POOL:
        return None
    mine = {
        key: NORMALISE[key](value or "")
        for key, value in zip(
            dedupe.CONTACTS,
            (draft.phone, draft.email, draft.url, draft.organisation_id),
            strict=True,
        )
    }
    counts = {key: sum(_value(r, key) == v for r in rows) for key, v in mine.items()}
    postcodes = {dedupe.normalise_postcode(p): p for p in draft.postcodes}

    def at(code: str) -> int:
        return sum(
            any(dedupe.normalise_postcode(x.postcode) == code for x in r.locations) for r in rows
        )

    placed = [(r, x) for r in rows for x in r.locations if x.latitude is not None]
    near = {
        r.id
        for r, x in placed
        if draft.points and _km(draft, x.latitude, x.longitude) <= likeness.VENUE_KM
    }
    venue = near | {
        r.id
        for r in rows
        for x in r.locations
        if dedupe.normalise_postcode(x.postcode) in postcodes
    }
    at_venue = len(
        {
            r.id
            for r, x in placed
            if draft.points and _km(draft, x.latitude, x.longitude) <= likeness.VENUE_KM
        }
    )
    found = []
    for r in rows:
        e = Evidence(live=len(rows), mine=[Slot.of(*t) for t in draft.sessions])
        e.theirs = [Slot.of(t.day, t.start, t.end) for t in r.sessions]
        seen = alike[r.id] >= NAME_ALIKE
        for key, value in mine.items():
            theirs = _value(r, key)
            if value and theirs == value:
                e.shared[key], seen = counts[key], True
            elif value and theirs:
                e.organisation_differs |= key == "organisation"
                e.contact_differs |= key != "organisation"
        for x in r.locations:
            code = dedupe.normalise_postcode(x.postcode)
            if code and code in postcodes:
                e.venue_count, e.venue_words, seen = at(code), postcodes[code], True
            if x.latitude is not None and draft.points:
                km = _km(draft, x.latitude, x.longitude)
                e.km = km if e.km is None else min(e.km, km)
                seen |= km <= dedupe.NEARBY_KM
        if e.venue_count is None and e.km is not None and e.km <= likeness.VENUE_KM:
            e.venue_count, e.venue_words = at_venue, f"{round(e.km * 1000)} m apart"
        if e.shared and e.venue_count is not None:
            key = max(e.shared, key=lambda k: e.shared[k])
            e.venue_and_contact = sum(
                r2.id in venue and _value(r2, key) == mine[key] for r2 in rows
            )
        e.name = alike[r.id] if core else None
        verdict = likeness.judge(e)
        if seen and verdict.bits >= likeness.SHOW_AT:
            shown = Candidate(r.id, verdict.bits, verdict.reasons)
            shown.quote_names(r.name, draft.name)
            found.append((r.id, verdict.bits, shown.reason_text))
    return sorted(found, key=lambda c: (-c[1], c[0]))[: dedupe.LIMIT]


def test_the_check_finds_what_a_plain_check_of_every_row_finds(app):
    rng = random.Random(9)
    with app.app_context():
        session = db.get_session()
        for _ in range(150):
            create_resource(session, ResourceCreate(**fake(rng)))
        session.commit()
        rows = list(session.exec(select(Resource)))
        compared = found = 0
        for draft in drafts(rng, 60):
            expected = reference(rows, draft)
            if expected is not None:
                got = results(session, [draft])[0]
                assert got == expected
                compared += 1
                found += bool(got)
    assert compared > 40
    assert found > 15  # the drafts did find things


def test_a_venue_too_busy_to_list_still_counts_and_finds_the_one_alike(app):
    busy = {"postcode": "N7 6QT", "latitude": 51.553, "longitude": -0.113}
    with app.app_context():
        session = db.get_session()
        for i in range(dedupe.lookups.BLOCK_MAX + 40):
            place = {**busy, "latitude": 51.553 + i * 1e-5}
            data = {"name": f"Room {i} booking", "phone": "020 7946 0999", "locations": [place]}
            create_resource(session, ResourceCreate(**data))
        knit = create_resource(
            session, ResourceCreate(name="Knit and Natter", phone="07700 900123", locations=[busy])
        )
        session.commit()
        rows = list(session.exec(select(Resource)))
        drafts = [
            Draft("Knit & natter", postcodes=["N7 6QT"]),
            Draft("Knit & natter", phone="020 7946 0999", postcodes=["N7 6QT"]),
            Draft("Quiz night", phone="020 7946 0999", postcodes=["n76qt"]),
            Draft("Knitting", phone="07700900123", points=[(51.553, -0.113)]),
        ]
        got = results(session, drafts)
        busy_phone = dedupe.lookups.holding(session.connection(), "phone", "02079460999")
    # Too common to bring 240 records to the comparison by itself, but counted for its weight.
    assert (busy_phone.count, busy_phone.ids) == (dedupe.lookups.BLOCK_MAX + 40, None)
    assert got[0] == [
        (
            knit.id,
            got[0][0][1],
            "name alike: “Knit and Natter” / “Knit & natter” · same venue (N7 6QT)",
        )
    ]
    assert got == [reference(rows, draft) for draft in drafts]
