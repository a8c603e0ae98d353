"""Grid cells over latitude and longitude: the index terms a radius search narrows by.

Each place is indexed under the cell that holds it on each of a few grids, coarse to fine (as
Lucene's spatial prefix trees do); a circle is then the few cells of one grid that cover it,
and only the resources in those cells are measured exactly.
"""

from __future__ import annotations

import math

CELL_DEGREES = (0.01, 0.04, 0.16, 0.64, 2.56)  # cell sides: about 1, 4, 18, 71 and 285 km north
MOST_CELLS = 36  # a circle is covered by at most this many cells of the finest grid that can


def cells(lat: float, lon: float) -> list[str]:
    """The cell that holds the point on each grid, as terms ("grid:row:column")."""
    return [f"{g}:{math.floor(lat / d)}:{math.floor(lon / d)}" for g, d in enumerate(CELL_DEGREES)]


def covering(lat: float, lon: float, km: float) -> list[str]:
    """The cells of the finest grid that cover every point within km in few enough cells."""
    dlat = km / 110.574
    dlon = min(km / (111.320 * max(math.cos(math.radians(lat)), 0.01)), 180.0)
    for g, d in enumerate(CELL_DEGREES):
        rows = range(math.floor((lat - dlat) / d), math.floor((lat + dlat) / d) + 1)
        west, east = max(lon - dlon, -180.0), min(lon + dlon, 180.0)
        columns = range(math.floor(west / d), math.floor(east / d) + 1)
        if len(rows) * len(columns) <= MOST_CELLS or g == len(CELL_DEGREES) - 1:
            return [f"{g}:{r}:{c}" for r in rows for c in columns]
    return []
