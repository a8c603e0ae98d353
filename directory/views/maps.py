"""The map beside search results: one pin per venue, tiles only when configured."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask import (
    current_app,
)

from directory.public_rows import PublicRow
from directory.team_rows import TeamRow

LEAFLET_CHECKED = "commonground.leaflet_checked"  # (when, found) for this app's static folder
LEAFLET_RECHECK_S = 60.0  # a stat per search page cost more than the page's map needs


def leaflet_available() -> bool:
    """Tell whether `make assets` installed Leaflet and its clusters (looked at once a minute)."""
    now = time.monotonic()
    checked: tuple[float, bool] | None = current_app.extensions.get(LEAFLET_CHECKED)
    if checked is None or now - checked[0] > LEAFLET_RECHECK_S:
        static = Path(current_app.static_folder or "static")
        files = ("leaflet/leaflet.js", "markercluster/leaflet.markercluster.js")
        checked = (now, all((static / "vendor" / name).exists() for name in files))
        current_app.extensions[LEAFLET_CHECKED] = checked
    return checked[1]


def map_markers(
    rows: Sequence[TeamRow | PublicRow], url: Callable[[str], str]
) -> list[dict[str, Any]]:
    """One map marker per venue with coordinates, listing every result there by its number."""
    # url(id) links each result.
    venues: dict[tuple[float, float], dict[str, Any]] = {}
    for number, row in enumerate(rows, start=1):
        for p in row.places:
            if p.lat is None or p.lon is None:
                continue
            # About a metre apart or less: one building, one pin.
            key = (round(p.lat, 5), round(p.lon, 5))
            venue = venues.setdefault(
                key, {"place": p.name or p.postcode, "lat": p.lat, "lon": p.lon, "items": []}
            )
            if all(item["number"] != number for item in venue["items"]):
                link = {"number": number, "name": row.name, "url": url(row.id)}
                venue["items"].append({**link, "distance": row.distance})
    return list(venues.values())


def _tiles_origin(template: str) -> str:
    """The scheme and host the map tiles come from, for the page's img-src."""
    parts = urlsplit(template.replace("{s}", "a"))
    if parts.scheme != "https" or not parts.netloc:
        return ""
    host = parts.netloc.replace("a.", "*.", 1) if "{s}." in template else parts.netloc
    return f"https://{host}"


def map_tiles() -> tuple[str, str]:
    """The configured tile URL template and its credit; ('', '') draws pins on a plain map."""
    config = current_app.config
    return str(config.get("MAP_TILES") or ""), str(config.get("MAP_TILES_ATTRIBUTION") or "")


def map_csp(tiles: str) -> str | None:
    """The page's CSP when its map draws tiles from another https origin, else None."""
    from core.security import content_security_policy

    origin = _tiles_origin(tiles)
    # The map's background tiles are the one thing a page may load from elsewhere.
    return content_security_policy(img_src=f"'self' data: {origin}") if origin else None
