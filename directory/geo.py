"""Where places are: the offline gazetteer, an optional online geocoder, and distances."""

from __future__ import annotations

import csv
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from flask import current_app, has_app_context, has_request_context, request
from rapidfuzz import fuzz, process
from sqlalchemy import (
    Table,
    Update,
    and_,
    case,
    delete,
    exists,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlmodel import Session, col

from core.times import utcnow
from directory.models import GazetteerEntry
from directory.models.base import is_postcode_district, normalise_postcode

log = logging.getLogger(__name__)

EARTH_RADIUS_KM = 6371.0
POSTCODE, DISTRICT, PLACE = "postcode", "district", "place"
# ONSPD marks postcodes with no grid reference with this latitude (and longitude 0).
ONSPD_NO_LATITUDE = 99.999999
KEY_HEADERS = {"pcds": POSTCODE, "pcd": POSTCODE, "postcode": POSTCODE}
KEY_HEADERS |= {"district": DISTRICT, "place": PLACE, "place_name": PLACE, "name": PLACE}
LAT_HEADERS = ("lat", "latitude")
LON_HEADERS = ("long", "lon", "lng", "longitude")
MAX_ERRORS_SHOWN = 20
CHUNK = 500
# app.extensions key: steps another package runs in a gazetteer load's transaction, each
# (session, the districts whose centre moved -> what it re-placed with their centre and to their
# postcode, in words with a count); the directory never imports the matcher.
AFTER_LOAD = "commonground.after_gazetteer_load"
# A district whose centre a load replaced: its old latitude and longitude, then its new ones.
Centres = dict[str, tuple[float, float, float, float]]


@dataclass(frozen=True)
class Place:
    """A looked-up place: where it is, what to call it, and how precise it is."""

    lat: float
    lon: float
    label: str
    kind: str  # postcode | district | place

    @property
    def latitude(self) -> float:
        """The latitude (alias of lat)."""
        return self.lat

    @property
    def longitude(self) -> float:
        """The longitude (alias of lon)."""
        return self.lon


def place_key(text: str) -> str:
    """The gazetteer key of a place name: lower case with single spaces."""
    return " ".join(text.lower().split())


def candidate_keys(text: str) -> list[str]:
    """Gazetteer keys to try for the text, most precise first."""
    query = " ".join(text.split())
    if not query:
        return []
    keys: list[str] = []
    try:
        postcode = normalise_postcode(query)
    except ValueError:
        postcode = ""
    sector = re.fullmatch(r"([A-Za-z]{1,2}\d[A-Za-z\d]?) \d", query)
    if postcode:
        keys += [postcode, postcode.split(" ")[0]]
    elif sector and is_postcode_district(sector.group(1).upper()):  # "LS12 4": its district
        keys.append(sector.group(1).upper())
    elif is_postcode_district(query.replace(" ", "")):
        keys.append(query.replace(" ", "").upper())
    keys.append(place_key(query))
    if "," in query:  # "Kirkbeck, Leeds" -> also "kirkbeck"
        keys.append(place_key(query.split(",", 1)[0]))
    return list(dict.fromkeys(k for k in keys if k))


def lookup(session: Session, text: str) -> Place | None:
    """Find a postcode, district or place name offline, then through the optional geocoder."""
    return lookup_offline(session, text) or _geocode(session, text)


def lookup_offline(session: Session, text: str) -> Place | None:
    """Find a postcode, then its district, then a place name, in the gazetteer only."""
    for key in candidate_keys(text):
        entry = session.get(GazetteerEntry, key)
        if entry is not None:
            return Place(entry.latitude, entry.longitude, entry.name, entry.kind)
    return None


def district_instead(text: str, found: Place | None) -> str:
    """The district that stood in for a full postcode the gazetteer does not know ('' if none)."""
    try:
        normalise_postcode(text)
    except ValueError:
        return ""  # a district, a sector or a place name: found as typed
    return found.label if found is not None and found.kind != POSTCODE else ""


def fallback_district(session: Session, postcode: str, lat: float | None, lon: float | None) -> str:
    """The district whose centre a stored position is, for a postcode not known ('' if not)."""
    # Coordinates given outright (an import, the API) are where it is, not the district; the
    # gazetteer load moves such positions in bulk by the same rule (replace_district_fallbacks).
    if not postcode or lat is None:
        return ""
    found = lookup_offline(session, postcode)
    if found is None or (found.lat, found.lon) != (lat, lon):
        return ""
    return district_instead(postcode, found)


def known_since(
    session: Session, postcode: str, lat: float | None, lon: float | None
) -> Place | None:
    """The postcode's own place for a position saved at its district's centre, now it is known."""
    # The rule replace_district_fallbacks applies in bulk, for a row held outside those tables (a
    # change waiting for a team member's confirmation).
    try:
        key = normalise_postcode(postcode)
    except ValueError:
        return None
    known, centre = session.get(GazetteerEntry, key), session.get(GazetteerEntry, key[:-4])
    if known is None or centre is None or (known.kind, centre.kind) != (POSTCODE, DISTRICT):
        return None
    if (centre.latitude, centre.longitude) != (lat, lon):
        return None
    return Place(known.latitude, known.longitude, known.name, known.kind)


def place_label(session: Session, text: str) -> str | None:
    """The gazetteer's name for a postcode, district or place, or None (offline only)."""
    found = lookup_offline(session, text)
    return found.label if found else None


def suggest(session: Session, text: str) -> str | None:
    """The gazetteer place or district name most like a mistyped one ("Armly" -> "Armley")."""
    key = place_key(text)
    if len(key) < 3:
        return None
    names = session.execute(
        select(col(GazetteerEntry.name)).where(
            col(GazetteerEntry.kind).in_((PLACE, DISTRICT)),
            col(GazetteerEntry.key).startswith(key[0]),
        )
    ).scalars()
    found = process.extractOne(key, list(names), scorer=fuzz.ratio, processor=str.lower,
                               score_cutoff=80)  # fmt: skip
    return str(found[0]) if found else None


@dataclass(frozen=True)
class Examples:
    """A postcode, a district and a place name from this deployment's gazetteer."""

    postcode: str = ""
    district: str = ""
    place: str = ""


def examples(session: Session) -> Examples:
    """Examples of places the search understands here, for hints and messages."""
    found: dict[str, str] = {}
    for kind in (POSTCODE, DISTRICT, PLACE):
        first = session.execute(
            select(col(GazetteerEntry.name))
            .where(col(GazetteerEntry.kind) == kind)
            .order_by(col(GazetteerEntry.key))
            .limit(1)
        ).scalar()
        found[kind] = str(first or "")
    return Examples(found[POSTCODE], found[DISTRICT], found[PLACE])


def _geocode(session: Session, text: str) -> Place | None:
    """Ask the configured online geocoder (if any) and cache what it finds in the gazetteer."""
    query = " ".join(text.split())
    if not query or not has_app_context():
        return None
    service = str(current_app.config.get("GEOCODER") or "").strip().lower()
    if not service:
        return None
    from geopy.exc import GeopyError
    from geopy.geocoders import get_geocoder_for_service

    try:
        geocoder = get_geocoder_for_service(service)(
            user_agent=current_app.config.get("GEOCODER_USER_AGENT") or "commonground",
            timeout=5,
        )
        extra: dict[str, Any] = {"country_codes": "gb"} if service == "nominatim" else {}
        found = geocoder.geocode(query, exactly_one=True, **extra)
    except (GeopyError, ValueError, TypeError, OSError) as exc:
        # Only the error type: the query may be someone's home postcode.
        log.warning("geocoder %s failed: %s", service, type(exc).__name__)
        return None
    if found is None:
        return None
    try:
        key, kind = normalise_postcode(query), POSTCODE
    except ValueError:
        key, kind = place_key(query)[:120], PLACE
    entry = GazetteerEntry(
        key=key,
        kind=kind,
        name=key if kind == POSTCODE else query[:120],
        latitude=float(found.latitude),
        longitude=float(found.longitude),
        source=f"geocoder:{service}"[:60],
    )
    _cache(session, entry)
    return Place(entry.latitude, entry.longitude, entry.name, kind)


def _cache(session: Session, entry: GazetteerEntry) -> None:
    """Keep a geocoder answer so the same query never goes online twice."""
    from core.db import write_session

    if has_request_context() and request.method in {"GET", "HEAD", "OPTIONS"}:
        # A read-only request never commits its session, so write separately; it holds no
        # write lock, so this cannot wait on ourselves.
        try:
            with write_session() as writer:
                writer.merge(entry)
        except Exception:
            log.exception("could not cache a geocoder result")
        return
    # Any other caller holds (or will take) the write lock: cache in its own transaction.
    session.merge(entry)


def haversine_km(lat: float, lon: float, lats: Any, lons: Any) -> np.ndarray:
    """Great-circle distances in km from one point to many (NaN where a coordinate is NaN)."""
    lat2 = np.radians(np.asarray(lats, dtype=float))
    lon2 = np.radians(np.asarray(lons, dtype=float))
    return haversine_radians_km(float(np.radians(lat)), float(np.radians(lon)), lat2, lon2)


def haversine_radians_km(
    lat0: float, lon0: float, lats: np.ndarray, lons: np.ndarray, cos_lats: Any = None
) -> np.ndarray:
    """Great-circle km from one point to many, all in radians (cos_lats: cos(lats), if known)."""
    # Callers that measure the same places again and again pass cos(lats) computed once.
    cos = np.cos(lats) if cos_lats is None else cos_lats
    a = np.sin((lats - lat0) / 2) ** 2
    a += np.cos(lat0) * cos * np.sin((lons - lon0) / 2) ** 2
    result: np.ndarray = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
    return result


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two points."""
    return float(haversine_km(lat1, lon1, [lat2], [lon2])[0])


# --- importing a gazetteer file -------------------------------------------------------------


class GazetteerImportError(ValueError):
    """The file has bad rows; nothing was imported."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        shown = errors[:MAX_ERRORS_SHOWN]
        more = len(errors) - len(shown)
        tail = f"\n... and {more} more" if more else ""
        super().__init__(
            f"{len(errors)} bad rows; nothing was imported:\n" + "\n".join(shown) + tail
        )


@dataclass
class ImportReport:
    """What an import did."""

    rows: int = 0
    added: int = 0
    replaced: int = 0
    districts: int = 0  # new district centres worked out from the file's postcodes
    no_location: int = 0  # ONSPD rows without coordinates, skipped
    centres: Centres = field(default_factory=dict)  # district centres the file moved
    entries: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)
    derived: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)


def _column(header: list[str], names: Iterable[str]) -> int | None:
    for name in names:
        if name in header:
            return header.index(name)
    return None


def _columns(raw_header: list[str] | None) -> tuple[str, int, int, int]:
    """The key's kind and the key, latitude and longitude columns; refuse a header without."""
    if not raw_header:
        raise GazetteerImportError(["line 1: the file is empty"])
    header = [h.strip().lower() for h in raw_header]
    key_col = _column(header, KEY_HEADERS)
    lat_col, lon_col = _column(header, LAT_HEADERS), _column(header, LON_HEADERS)
    if key_col is None or lat_col is None or lon_col is None:
        raise GazetteerImportError(
            [
                "line 1: the header needs a postcode column (pcds, pcd or postcode), or a "
                "district or place column, plus latitude (lat) and longitude (long) columns; "
                f"found: {', '.join(header)}"
            ]
        )
    return KEY_HEADERS[header[key_col]], key_col, lat_col, lon_col


def _read_row(
    row: list[str], kind: str, cols: tuple[int, int, int]
) -> tuple[str, str, float, float] | None:
    """One row as (key, name, latitude, longitude); None for ONSPD's "no location" rows."""
    # Raises ValueError with what is wrong, in words.
    key_col, lat_col, lon_col = cols
    width = max(cols)
    if len(row) <= width:
        raise ValueError(f"expected at least {width + 1} columns, found {len(row)}")
    try:
        lat, lon = float(row[lat_col]), float(row[lon_col])
    except ValueError:
        raise ValueError("latitude and longitude must be numbers") from None
    if abs(lat - ONSPD_NO_LATITUDE) < 1e-6:
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError(f"latitude {lat} or longitude {lon} is out of range")
    key, name = _key_and_name(kind, " ".join(row[key_col].split()))
    return key, name, lat, lon


def parse_gazetteer_csv(
    lines: Iterable[str], source: str, progress: Callable[[int], None] | None = None
) -> ImportReport:
    """Read an ONSPD-style or simple postcode/place CSV; raise GazetteerImportError if bad."""
    reader = csv.reader(lines)
    kind, *cols = _columns(next(reader, None))
    report = ImportReport()
    errors: list[str] = []
    stamp = utcnow()
    for row in reader:
        if progress:
            progress(1)
        if not any(cell.strip() for cell in row):
            continue
        report.rows += 1
        try:
            read = _read_row(row, kind, (cols[0], cols[1], cols[2]))
        except ValueError as exc:
            errors.append(f"line {reader.line_num}: {exc}")
            continue
        if read is None:
            report.no_location += 1
            continue
        key, name, lat, lon = read
        report.entries[key] = {
            "key": key,
            "kind": kind,
            "name": name,
            "latitude": lat,
            "longitude": lon,
            "source": source[:60],
            "created_at": stamp,
        }
    if errors:
        raise GazetteerImportError(errors)
    _add_district_centres(report, source, stamp)
    return report


def _key_and_name(kind: str, value: str) -> tuple[str, str]:
    """The gazetteer key and display name for one value of the key column."""
    if not value:
        raise ValueError(f"the {kind} is empty")
    if kind == POSTCODE:
        postcode = normalise_postcode(value)
        return postcode, postcode
    if kind == DISTRICT:
        district = value.replace(" ", "").upper()
        if not is_postcode_district(district):
            raise ValueError(f"'{value}' is not a postcode district (for example LS6)")
        return district, district
    if len(value) > 120:
        raise ValueError("the place name is longer than 120 characters")
    if re.fullmatch(r"[\d\s.,-]*", value):
        raise ValueError(f"'{value}' is not a place name")
    return place_key(value), value


def _add_district_centres(report: ImportReport, source: str, stamp: Any) -> None:
    """Work out each postcode district's centre as the mean position of its postcodes."""
    sums: dict[str, list[float]] = {}
    for entry in report.entries.values():
        if entry["kind"] == POSTCODE:
            total = sums.setdefault(entry["key"].split(" ")[0], [0.0, 0.0, 0.0])
            total[0] += entry["latitude"]
            total[1] += entry["longitude"]
            total[2] += 1
    for district, (lat, lon, count) in sums.items():
        if district not in report.entries:
            report.derived[district] = {
                "key": district,
                "kind": DISTRICT,
                "name": district,
                "latitude": round(lat / count, 6),
                "longitude": round(lon / count, 6),
                "source": source[:60],
                "created_at": stamp,
            }


def save_entries(session: Session, report: ImportReport) -> ImportReport:
    """Add or replace the parsed entries in the session's transaction (the caller commits)."""
    keys = list(report.entries)
    table = GazetteerEntry.__table__  # type: ignore[attr-defined]
    for start in range(0, len(keys), CHUNK):
        chunk = keys[start : start + CHUNK]
        columns = (table.c.key, table.c.kind, table.c.latitude, table.c.longitude)
        existing = session.execute(select(*columns).where(table.c.key.in_(chunk))).all()
        report.replaced += len(existing)
        for key, kind, lat, lon in existing:
            entry = report.entries[key]
            if kind == DISTRICT == entry["kind"] and (lat, lon) != (
                entry["latitude"],
                entry["longitude"],
            ):
                report.centres[key] = (lat, lon, entry["latitude"], entry["longitude"])
        if existing:
            session.execute(delete(table).where(table.c.key.in_([r[0] for r in existing])))
        session.execute(insert(table), [report.entries[k] for k in chunk])
    report.added = len(keys) - report.replaced
    # A district centre worked out from part of a district never overrides a known one.
    derived = list(report.derived)
    for start in range(0, len(derived), CHUNK):
        chunk = derived[start : start + CHUNK]
        known = {r[0] for r in session.execute(select(table.c.key).where(table.c.key.in_(chunk)))}
        new = [report.derived[k] for k in chunk if k not in known]
        if new:
            session.execute(insert(table), new)
        report.districts += len(new)
    return report


def import_gazetteer(
    session: Session,
    lines: Iterable[str],
    source: str = "import",
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Parse a gazetteer CSV and add it in the session's transaction; all rows or none."""
    return save_entries(session, parse_gazetteer_csv(lines, source, progress))


# --- places saved while their district stood in ---------------------------------------------


def _district_of(postcode: Any) -> Any:
    """SQL for a stored postcode's district ('' for one too short to have one)."""
    # A stored postcode is normalised ("LS12 4AB"): its district is all but the last 4 characters
    # (PostgreSQL refuses a negative length, hence the CASE for shorter ones).
    size = func.length(postcode)
    return case((size > 4, func.substr(postcode, 1, size - 4)), else_="")


def follow_moved_centres(table: Table, centres: Centres) -> list[Update]:
    """UPDATEs moving rows that stood at a district's old centre to its new one, a district each."""
    # Only rows exactly at the old centre: there because the district stood in for their postcode.
    postcode, lat, lon = table.c.postcode, table.c.latitude, table.c.longitude
    return [
        update(table)
        .where(_district_of(postcode) == key, lat == old_lat, lon == old_lon)
        .values(latitude=new_lat, longitude=new_lon)
        for key, (old_lat, old_lon, new_lat, new_lon) in sorted(centres.items())
    ]


def replace_district_fallbacks(table: Table) -> Update:
    """An UPDATE moving rows at their postcode district's centre to the postcode, now known."""
    # A row is where its district stood in when it stands exactly at the district's centre (the
    # rule `district_instead` and home_note follow): coordinates given outright are kept.
    gazetteer = GazetteerEntry.__table__  # type: ignore[attr-defined]
    known, centre = gazetteer.alias("known"), gazetteer.alias("centre")
    postcode, lat, lon = table.c.postcode, table.c.latitude, table.c.longitude
    district = _district_of(postcode)
    is_known = and_(known.c.key == postcode, known.c.kind == POSTCODE)
    moved = exists().where(is_known, or_(known.c.latitude != lat, known.c.longitude != lon))
    at_centre = exists().where(
        centre.c.key == district,
        centre.c.kind == DISTRICT,
        centre.c.latitude == lat,
        centre.c.longitude == lon,
    )
    return (
        update(table)
        .where(moved, at_centre)
        .values(
            latitude=select(known.c.latitude).where(is_known).scalar_subquery(),
            longitude=select(known.c.longitude).where(is_known).scalar_subquery(),
        )
    )
