"""What the whoosh index holds of each resource: its public text and its structured facts."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import Connection, Engine, func, select

from directory import vocabulary
from directory.models import (
    Resource,
    ResourceCost,
    ResourceLanguage,
    ResourceLocation,
    ResourceSession,
    ResourceTag,
    ResourceTerm,
)
from directory.models.base import minutes
from directory.search.common import Document, _micros, load_documents, place_codes, words

FEED_ID = "~feed"  # the marker document holding the feed seq the index has applied
CHUNK = 2000


def _facts(conn: Connection, ids: list[str]) -> dict[str, dict[str, Any]]:
    """Structured facts of these resources, by id."""
    r = Resource.__table__  # type: ignore[attr-defined]
    t, c = ResourceTag.__table__, ResourceCost.__table__  # type: ignore[attr-defined]
    s, loc = ResourceSession.__table__, ResourceLocation.__table__  # type: ignore[attr-defined]
    lang = ResourceLanguage.__table__  # type: ignore[attr-defined]
    seen = func.coalesce(r.c.last_confirmed_at, r.c.created_at, type_=r.c.created_at.type)
    out: dict[str, dict[str, Any]] = {}
    rows = select(r.c.id, r.c.review_state, r.c.is_public, r.c.setting, seen)
    for rid, review, public, setting, checked in conn.execute(rows.where(r.c.id.in_(ids))):
        out[rid] = {"review": review, "public": public, "setting": setting, "seen": checked}
        out[rid].update(access=[], languages=[], standard=[], concession=[], slots=[], places=[])
        out[rid]["categories"], out[rid]["postcodes"] = [], []
    tags = select(t.c.resource_id, t.c.code).where(t.c.scheme == vocabulary.ACCESS)
    for rid, code in conn.execute(tags.where(t.c.resource_id.in_(ids))):
        out[rid]["access"].append(code)
    spoken = select(lang.c.resource_id, lang.c.code).where(lang.c.resource_id.in_(ids))
    for rid, code in conn.execute(spoken):
        out[rid]["languages"].append(code)
    rt = ResourceTerm.__table__  # type: ignore[attr-defined]
    for rid, term in conn.execute(
        select(rt.c.resource_id, rt.c.term_id).where(rt.c.resource_id.in_(ids))
    ):
        out[rid]["categories"].append(term)
    for rid, kind, amount in conn.execute(
        select(c.c.resource_id, c.c.kind, c.c.amount_pence).where(c.c.resource_id.in_(ids))
    ):
        out[rid]["concession" if kind == "concession" else "standard"].append(int(amount))
    for rid, day, start, end in conn.execute(
        select(s.c.resource_id, s.c.day, s.c.start, s.c.end).where(s.c.resource_id.in_(ids))
    ):
        out[rid]["slots"].append(f"{day} {minutes(start)} {minutes(end)}")
    places = select(loc.c.resource_id, loc.c.latitude, loc.c.longitude).where(
        loc.c.latitude.is_not(None), loc.c.longitude.is_not(None), loc.c.resource_id.in_(ids)
    )
    for rid, lat, lon in conn.execute(places):
        out[rid]["places"].append(f"{float(lat)} {float(lon)}")
    codes = select(loc.c.resource_id, loc.c.postcode, loc.c.postal_code)
    for rid, postcode, postal_code in conn.execute(codes.where(loc.c.resource_id.in_(ids))):
        out[rid]["postcodes"] += place_codes(postcode or "") | place_codes(postal_code or "")
    return out


def fields_of(doc: Document, facts: dict[str, Any], description: str) -> dict[str, Any]:
    """The whoosh fields of one resource."""
    standard = min(facts["standard"], default=0)
    after = min([standard, *facts["concession"]])
    days = sorted({slot.split(" ")[0] for slot in facts["slots"]})
    return {
        "id": doc.id,
        "kind": "resource",
        "name": doc.name,
        "text": doc.text,
        "terms": doc.terms,
        "details": doc.details,
        "spell": " ".join(dict.fromkeys(words(f"{doc.name} {doc.text} {doc.terms} {doc.details}"))),
        "interests": " ".join(doc.interests),
        "access": " ".join(sorted(facts["access"])),
        "languages": " ".join(sorted(set(facts["languages"]))),
        "categories": " ".join(sorted(set(facts["categories"]))),
        "postcodes": " ".join(sorted(set(facts["postcodes"]))),
        "setting": facts["setting"],
        "status": doc.status,
        "review": facts["review"],
        "public": "yes" if facts["public"] else "no",
        "free": "yes" if standard == 0 else "no",
        "days": " ".join(days) or "none",
        "cost": standard,
        "cost_after": after,
        "lat": [float(p.split(" ")[0]) for p in facts["places"]],
        "lon": [float(p.split(" ")[1]) for p in facts["places"]],
        "interest_list": " ".join(doc.interests).encode(),
        "access_list": " ".join(sorted(facts["access"])).encode(),
        "description": description,
        "name_key": doc.name.lower().encode(),
        "updated": doc.updated_us,
        "seen": _micros(facts["seen"]),
        "places": ";".join(facts["places"]).encode(),
        "slots": ";".join(facts["slots"]).encode(),
    }


def load(engine: Engine, ids: Iterable[str] | None = None) -> Iterator[dict[str, Any]]:
    """Whoosh fields of the given resources (all when None)."""
    r = Resource.__table__  # type: ignore[attr-defined]
    docs = iter(load_documents(engine, ids))
    with engine.connect() as conn:
        while True:
            chunk: list[Document] = [d for _, d in zip(range(CHUNK), docs, strict=False)]
            if not chunk:
                return
            wanted = [d.id for d in chunk]
            facts = _facts(conn, wanted)
            described: dict[str, str] = dict(
                conn.execute(select(r.c.id, r.c.description).where(r.c.id.in_(wanted))).all()
            )
            for doc in chunk:
                if doc.id in facts:
                    yield fields_of(doc, facts[doc.id], described.get(doc.id) or "")
