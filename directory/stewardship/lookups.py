"""The duplicate check's questions to the database: names alike, shared contacts, places near.

Names are found by the engine's trigram index (migration 0022): pg_trgm's word similarity in
index order on PostgreSQL, FTS5's trigram tokenizer on SQLite. Everything else is plain SQL
over indexed columns, so every process sees every committed write and holds no copy.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, bindparam, func, select, text

from directory.geo import haversine_km
from directory.models import ResourceLocation, ResourceSession
from directory.models import normalise_postcode as canonical_postcode
from directory.models.keys import postcode_key
from directory.models.resource import Resource

NAME_SHORTLIST = 300  # names sharing the most trigrams with the new one, then scored in full
# SQLite: only each word's rarest trigrams are searched. The common ones ("ing", "oup") are in
# half the names, add little to the ranking and cost most of the time.
RARE_GRAMS = 2
BOX_DEGREES = (0.003, 0.005)  # latitude and longitude either side: at least 300 m in the UK
KEY_COLUMN = {"phone": "phone_key", "email": "email_key", "website": "url_key"}
# A value held by more records than this (a community centre's postcode, a national charity's
# switchboard) brings none of them to the comparison by itself, as record linkage leaves out
# blocks that big; they are still counted, and compared when something else brings them.
BLOCK_MAX = 200
_R = Resource.__table__.c  # type: ignore[attr-defined]
_LOC = ResourceLocation.__table__.c  # type: ignore[attr-defined]
_SESS = ResourceSession.__table__.c  # type: ignore[attr-defined]
_BY_SIMILARITY = text("SELECT id, name_key FROM resource ORDER BY :core <<-> name_key LIMIT :n")
_HELD = text("SELECT term, doc FROM resource_name_vocab WHERE term IN :grams").bindparams(
    bindparam("grams", expanding=True)
)
_BY_GRAMS = text(
    "SELECT k.resource_id, k.name_key FROM resource_name_grams g"
    " JOIN resource_name_key k ON k.id = g.rowid"
    " WHERE resource_name_grams MATCH :match ORDER BY g.rank, k.resource_id LIMIT :n"
)


def names_alike(conn: Connection, core: str) -> list[tuple[str, str]]:
    """(id, name key) of up to NAME_SHORTLIST resources whose names are most like the core words."""
    if conn.dialect.name == "postgresql":
        rows = conn.execute(_BY_SIMILARITY, {"core": core, "n": NAME_SHORTLIST})
        return [(row.id, row.name_key) for row in rows]
    words = [{w[i : i + 3] for i in range(len(w) - 2)} for w in set(core.split())]
    grams = sorted(set().union(*words))
    if not grams:
        return []
    held = {row.term: int(row.doc) for row in conn.execute(_HELD, {"grams": grams})}
    # Each word's rarest trigrams, so no word of the name goes unsearched. (A word under three
    # letters has none: FTS5's trigrams are not padded as pg_trgm's are.)
    rare = {
        g for w in words for g in sorted(w & held.keys(), key=lambda g: (held[g], g))[:RARE_GRAMS]
    }
    if not rare:
        return []
    match = " OR ".join(f'"{gram}"' for gram in sorted(rare))  # folded names hold no quotes
    rows = conn.execute(_BY_GRAMS, {"match": match, "n": NAME_SHORTLIST})
    return [(row.resource_id, row.name_key) for row in rows]


@dataclass
class Holders:
    """The resources holding a value: how many, and which (None: more than BLOCK_MAX)."""

    count: int
    ids: set[str] | None

    @property
    def listed(self) -> set[str]:
        """The resources the value brings to the comparison by itself (none when too common)."""
        return self.ids or set()


def _holders(conn: Connection, ids: Any, where: Any) -> Holders:
    """The holders of a value: listed up to BLOCK_MAX, else only counted."""
    listed = set(conn.execute(select(ids).where(where).distinct().limit(BLOCK_MAX + 1)).scalars())
    if len(listed) <= BLOCK_MAX:
        return Holders(len(listed), listed)
    counted = select(func.count(ids.distinct())).select_from(ids.table).where(where)
    return Holders(int(conn.execute(counted).scalar_one()), None)


def _key_column(key: str) -> Any:
    """The resource column a contact is compared on."""
    return _R.organisation_id if key == "organisation" else _R[KEY_COLUMN[key]]


def holding(conn: Connection, key: str, value: str) -> Holders:
    """The resources holding a contact (a normalised phone, e-mail, website or organisation)."""
    return _holders(conn, _R.id, _key_column(key) == value)


def count_all(conn: Connection) -> int:
    """How many resources the directory holds."""
    # count(*), not count(id): SQLite then reads its smallest index rather than the key's (4x).
    return int(conn.execute(select(func.count()).select_from(Resource)).scalar_one())


def postcode_forms(postcode: str) -> tuple[str, str]:
    """A postcode as stored (canonical) and as compared (capitals, no spaces)."""
    compact = postcode_key(postcode)
    try:
        return canonical_postcode(postcode), compact
    except ValueError:
        return postcode.strip().upper(), compact


def at_postcodes(conn: Connection, postcodes: Iterable[str]) -> dict[str, Holders]:
    """For each postcode (compact), the resources with a place there."""
    out: dict[str, Holders] = {}
    for postcode in postcodes:
        stored, compact = postcode_forms(postcode)
        if compact and compact not in out:
            where = _LOC.postcode.in_(sorted({stored, compact}))
            out[compact] = _holders(conn, _LOC.resource_id, where)
    return {compact: held for compact, held in out.items() if held.count}


def holding_at(
    conn: Connection, key: str, value: str, postcodes: Iterable[str], near: set[str]
) -> int:
    """How many resources hold a contact and meet at one of the postcodes or among `near`."""
    stored = sorted({form for p in postcodes for form in postcode_forms(p)} - {""})
    there = select(_LOC.resource_id).where(_LOC.postcode.in_(stored))
    at_venue = _R.id.in_(there) | _R.id.in_(sorted(near))
    query = select(func.count(_R.id)).where(_key_column(key) == value, at_venue)
    return int(conn.execute(query).scalar_one())


@dataclass
class Place:
    """One of a resource's places: its postcode (compact) and coordinates, if known."""

    resource_id: str
    postcode: str
    lat: float | None
    lon: float | None


def places_near(conn: Connection, points: Sequence[tuple[float, float]]) -> dict[str, float]:
    """The resources with a place within about 300 m of any of the points, and how far, in km."""
    found: dict[str, float] = {}
    dlat, dlon = BOX_DEGREES
    for lat, lon in points:
        box = select(_LOC.resource_id, _LOC.latitude, _LOC.longitude).where(
            _LOC.latitude.between(lat - dlat, lat + dlat),
            _LOC.longitude.between(lon - dlon, lon + dlon),
        )
        rows = conn.execute(box).all()
        if not rows:
            continue
        ids, lats, lons = zip(*rows, strict=True)
        for rid, km in zip(ids, haversine_km(lat, lon, lats, lons).tolist(), strict=True):
            found[rid] = min(km, found.get(rid, km))
    return found


@dataclass
class Records:
    """What the check compares of some resources: their keys, places and times."""

    live: int = 0  # resources in the directory
    names: dict[str, str] = field(default_factory=dict)  # as typed, for the reasons
    name_keys: dict[str, str] = field(default_factory=dict)
    contacts: dict[str, dict[str, str]] = field(default_factory=dict)  # id -> key -> value
    places: list[Place] = field(default_factory=list)
    times: list[tuple[str, str, str, str]] = field(default_factory=list)  # id, day, start, end


def _chunks(ids: Sequence[str], size: int = 500) -> Iterable[list[str]]:
    """The ids a few hundred at a time (a statement's parameters are limited)."""
    for start in range(0, len(ids), size):
        yield list(ids[start : start + size])


def records(conn: Connection, ids: Sequence[str]) -> Records:
    """The keys, places and times of these resources."""
    out = Records(live=count_all(conn))
    columns = (
        _R.id,
        _R.name,
        _R.name_key,
        _R.organisation_id,
        *(_R[c] for c in KEY_COLUMN.values()),
    )
    for chunk in _chunks(ids):
        for row in conn.execute(select(*columns).where(_R.id.in_(chunk))):
            out.names[row.id], out.name_keys[row.id] = row.name, row.name_key
            held: dict[str, Any] = {k: getattr(row, c) for k, c in KEY_COLUMN.items()}
            held["organisation"] = (row.organisation_id or "").strip()
            out.contacts[row.id] = held
        where = _LOC.resource_id.in_(chunk)
        places = select(_LOC.resource_id, _LOC.postcode, _LOC.latitude, _LOC.longitude)
        for row in conn.execute(places.where(where)):
            compact = postcode_key(row.postcode or "")
            out.places.append(Place(row.resource_id, compact, row.latitude, row.longitude))
        times = select(_SESS.resource_id, _SESS.day, _SESS.start, _SESS.end)
        out.times += [tuple(row) for row in conn.execute(times.where(_SESS.resource_id.in_(chunk)))]
    return out
