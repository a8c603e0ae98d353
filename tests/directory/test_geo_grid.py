"""Grid cells: the cells covering a circle hold every point inside it."""

from __future__ import annotations

from geopy.distance import great_circle
from hypothesis import given, settings
from hypothesis import strategies as st

from directory.geo_grid import CELL_DEGREES, MOST_CELLS, cells, covering


@settings(max_examples=500, deadline=None)
@given(
    lat=st.floats(-80, 80),
    lon=st.floats(-170, 170),
    km=st.floats(0.05, 200),
    bearing=st.floats(0, 360),
    share=st.floats(0, 0.999),
)
def test_every_point_inside_the_radius_is_in_a_covering_cell(
    lat: float, lon: float, km: float, bearing: float, share: float
) -> None:
    point = great_circle(kilometers=km * share).destination((lat, lon), bearing)
    found = covering(lat, lon, km)
    grid = found[0].split(":")[0]
    held = next(c for c in cells(point.latitude, point.longitude) if c.startswith(f"{grid}:"))
    assert held in found


def test_a_small_circle_uses_a_fine_grid_and_few_cells() -> None:
    found = covering(53.7997, -1.5492, 2.0)  # 2 km around Leeds
    assert len(found) <= MOST_CELLS
    assert {c.split(":")[0] for c in found} == {"0"}  # the 1 km grid, not a county-wide one
    assert {c.split(":")[0] for c in covering(53.7997, -1.5492, 50.0)} == {"3"}
    assert cells(53.7997, -1.5492)[0] == "0:5379:-155"
    assert len(cells(0.0, 0.0)) == len(CELL_DEGREES)
