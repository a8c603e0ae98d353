"""What the whoosh index holds of each resource: its public text (never team notes, provenance
or people) and its structured facts, read from the database a chunk of resources at a time."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import Connection, Engine, func, select

from core.times import micros
from directory import vocabulary
from directory.geo_grid import cells
from directory.models import (
    Organisation,
    Resource,
    ResourceCost,
    ResourceLanguage,
    ResourceLocation,
    ResourceSession,
    ResourceTag,
    ResourceTerm,
    SourceTerm,
)
from directory.models.base import fits_until, minutes
from directory.models.resource import cost_after_concession
from directory.search.common import LANGUAGE_NAMES, place_codes, words

FEED_ID = "~feed"  # the marker document holding the feed seq the index has applied
CHUNK = 2000


def load(engine: Engine, ids: Iterable[str] | None = None) -> Iterator[dict[str, Any]]:
    """Whoosh fields of the given resources (all when None, least recently updated first)."""
    r = Resource.__table__  # type: ignore[attr-defined]
    with engine.connect() as conn:
        if ids is None:
            every = select(r.c.id).order_by(r.c.updated_at, r.c.id)
            wanted = list(conn.execute(every).scalars())
        else:
            wanted = sorted(set(ids))
        for start in range(0, len(wanted), CHUNK):
            yield from _chunk(conn, wanted[start : start + CHUNK])


def _by_resource(conn: Connection, query: Any) -> dict[str, list[Any]]:
    """A query's rows (resource id first) by resource id, without the id."""
    out: dict[str, list[Any]] = {}
    for rid, *rest in conn.execute(query):
        out.setdefault(rid, []).append(rest)
    return out


def _chunk(conn: Connection, ids: list[str]) -> Iterator[dict[str, Any]]:
    """Whoosh fields of these resources, one query per table."""
    r, o = Resource.__table__, Organisation.__table__  # type: ignore[attr-defined]
    t, c = ResourceTag.__table__, ResourceCost.__table__  # type: ignore[attr-defined]
    s, loc = ResourceSession.__table__, ResourceLocation.__table__  # type: ignore[attr-defined]
    lang, rt = ResourceLanguage.__table__, ResourceTerm.__table__  # type: ignore[attr-defined]
    st = SourceTerm.__table__  # type: ignore[attr-defined]
    seen = func.coalesce(r.c.last_confirmed_at, r.c.created_at, type_=r.c.created_at.type)
    rows = select(
        r.c.id, r.c.name, r.c.description, r.c.setting, r.c.status, r.c.updated_at,
        r.c.review_state, r.c.is_public, seen, o.c.name,
    ).select_from(r.outerjoin(o, r.c.organisation_id == o.c.id))  # fmt: skip

    def of(table: Any, *columns: Any) -> Any:
        """A child table's rows of these resources, the resource id first."""
        return select(table.c.resource_id, *columns).where(table.c.resource_id.in_(ids))

    got = {
        "tags": of(t, t.c.scheme, t.c.code),
        "places": of(
            loc,
            loc.c.name,
            loc.c.address,
            loc.c.postcode,
            loc.c.postal_code,
            loc.c.latitude,
            loc.c.longitude,
        ),
        "spoken": of(lang, lang.c.code),
        "categories": of(rt, st.c.name, rt.c.term_id).join_from(rt, st, rt.c.term_id == st.c.id),
        "costs": of(c, c.c.kind, c.c.amount_pence),
        "slots": of(s, s.c.day, s.c.start, s.c.end),
    }
    held = {key: _by_resource(conn, query) for key, query in got.items()}
    for row in conn.execute(rows.where(r.c.id.in_(ids))):
        yield fields_of(row, {key: rows_of.get(row[0], []) for key, rows_of in held.items()})


def _postcodes(places: list[Any]) -> set[str]:
    """The keys its places' postcodes and postal codes are asked for by (common.place_codes)."""
    return {key for p in places for code in (p[2], p[3]) for key in place_codes(code or "")}


def _term_text(scheme: str, code: str) -> str:
    t = vocabulary.TERMS.get(scheme, {}).get(code)
    return f"{t.name} {' '.join(t.synonyms)}" if t else code


def fields_of(row: Any, got: dict[str, list[Any]]) -> dict[str, Any]:
    """The whoosh fields of one resource, from its row and its rows in the other tables."""
    rid, name, description, setting, status, updated, review, public, seen, org = row
    tags = got["tags"]
    interests = sorted(c for s, c in tags if s == vocabulary.INTEREST)
    access = sorted(c for s, c in tags if s == vocabulary.ACCESS)
    terms = " ".join([*(_term_text(*tag) for tag in tags), _term_text(vocabulary.SETTING, setting)])
    # a place by its name, address, postcode and the postcode's district ("LS12 3AA LS12")
    details = [
        " ".join(p for p in (place, address, code, (code or "").split(" ")[0]) if p)
        for place, address, code, *_ in got["places"]
    ]
    details += [f"{code} {LANGUAGE_NAMES.get(code, '')}" for (code,) in got["spoken"]]
    details += [category for category, _ in got["categories"]]
    text = f"{description or ''} {org or ''}".strip()
    standard = min((int(p) for k, p in got["costs"] if k != "concession"), default=0)
    concession = min((int(p) for k, p in got["costs"] if k == "concession"), default=None)
    after = cost_after_concession(standard, concession, receives_benefits=True)
    # The end is the minute a window must last until (just after the start when none is known).
    slots = [f"{day} {minutes(start)} {fits_until(start, end)}" for day, start, end in got["slots"]]
    places = [(float(p[-2]), float(p[-1])) for p in got["places"] if None not in p[-2:]]
    return {
        "id": rid,
        "kind": "resource",
        "name": name,
        "text": text,
        "terms": terms,
        "details": " ".join(details),
        "spell": " ".join(dict.fromkeys(words(f"{name} {text} {terms} {' '.join(details)}"))),
        "interests": " ".join(interests),
        "access": " ".join(access),
        "languages": " ".join(sorted({code for (code,) in got["spoken"]})),
        "categories": " ".join(sorted({term for _, term in got["categories"]})),
        "postcodes": " ".join(sorted(_postcodes(got["places"]))),
        "setting": setting,
        "status": status,
        "review": review,
        "public": "yes" if public else "no",
        "free": "yes" if standard == 0 else "no",
        "days": " ".join(sorted({slot.split(" ")[0] for slot in slots})) or "none",
        "cost": standard,
        "cost_after": after,
        # "none": a resource with no place, which nearest first puts after the placed ones.
        "cells": " ".join(sorted({c for lat, lon in places for c in cells(lat, lon)})) or "none",
        "description": description or "",
        "name_key": name.lower().encode(),
        "updated": micros(updated),
        "seen": micros(seen),
        "places": ";".join(f"{lat} {lon}" for lat, lon in places).encode(),
        "slots": ";".join(slots).encode(),
    }


def vocabulary_fingerprint() -> str:
    """A digest of every term's and language's words as documents' text holds them."""
    # An index built with another digest holds another release's synonyms and must be built again.
    said = sorted(
        f"{scheme}:{code}:{_term_text(scheme, code)}"
        for scheme, terms in vocabulary.TERMS.items()
        for code in terms
    )
    said += sorted(f"language:{code}:{names}" for code, names in LANGUAGE_NAMES.items())
    return hashlib.sha256("\n".join(said).encode()).hexdigest()[:16]
