"""Geography: gazetteer lookups, importing a gazetteer file, and distances."""

from __future__ import annotations

import math
import socket
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from geopy.distance import geodesic, great_circle
from sqlmodel import func, select

from core import db
from directory import geo
from directory.models import GazetteerEntry

ONSPD_HEADER = "pcd,pcd2,pcds,dointr,doterm,oscty,lat,long,lsoa21"


def _onspd_row(pcds: str, lat: str, lon: str) -> str:
    compact = pcds.replace(" ", "")
    pcd = f"{compact[:-3]:<4}{compact[-3:]}"
    return f'"{pcd}","{pcd}","{pcds}","198001","","E99999999",{lat},{lon},"E01000001"'


def _write(tmp_path: Path, name: str, lines: list[str]) -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _add(app: Flask, *entries: tuple[str, str, str, float, float]) -> None:
    with app.app_context(), db.write_session() as session:
        for key, kind, name, lat, lon in entries:
            session.add(GazetteerEntry(key=key, kind=kind, name=name, latitude=lat, longitude=lon))


def _count(app: Flask) -> int:
    with app.app_context():
        return int(db.get_session().exec(select(func.count()).select_from(GazetteerEntry)).one())


def _lookup(app: Flask, text: str) -> geo.Place | None:
    with app.app_context():
        return geo.lookup(db.get_session(), text)


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any Python-level network connection (libpq's own socket is not affected)."""

    def refuse(*_args: Any, **_kwargs: Any) -> None:
        raise OSError("network use is not allowed in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.fixture
def places(app: Flask) -> Flask:
    """A small gazetteer: one postcode, its district and two place names."""
    _add(
        app,
        ("LS6 1AA", "postcode", "LS6 1AA", 53.8231, -1.5820),
        ("LS6", "district", "LS6", 53.8226, -1.5812),
        ("kirkbeck", "place", "Kirkbeck", 53.8226, -1.5812),
        ("millgarth green", "place", "Millgarth Green", 53.8012, -1.5196),
    )
    return app


# --- lookups ----------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["LS6 1AA", "ls61aa", "  Ls6   1aA ", "ls6 1aa"])
def test_postcode_lookup_ignores_case_and_spacing(places: Flask, text: str, no_network: None):
    found = _lookup(places, text)
    assert found is not None
    assert (found.kind, found.label) == ("postcode", "LS6 1AA")
    assert (found.lat, found.lon) == (53.8231, -1.5820)


def test_unknown_postcode_falls_back_to_its_district(places: Flask, no_network: None):
    found = _lookup(places, "ls6 9zz")
    assert found is not None
    assert (found.kind, found.label, found.lat) == ("district", "LS6", 53.8226)


@pytest.mark.parametrize("text", ["LS6", "ls6", " Ls6 "])
def test_district_lookup(places: Flask, text: str, no_network: None):
    found = _lookup(places, text)
    assert found is not None and found.kind == "district"


@pytest.mark.parametrize(
    "text", ["Kirkbeck", "KIRKBECK", "  millgarth   GREEN ", "Kirkbeck, Leeds"]
)
def test_place_name_lookup(places: Flask, text: str, no_network: None):
    found = _lookup(places, text)
    assert found is not None and found.kind == "place"
    assert found.label in {"Kirkbeck", "Millgarth Green"}


def test_lookups_work_offline_with_the_geocoder_unset(places: Flask, no_network: None):
    places.config["GEOCODER"] = ""
    assert _lookup(places, "ls61aa") is not None
    assert _lookup(places, "Kirkbeck") is not None
    assert _lookup(places, "Atlantis") is None
    assert _lookup(places, "ZZ9 9ZZ") is None
    assert _lookup(places, "   ") is None


def test_an_unreachable_geocoder_gives_no_place_rather_than_an_error(
    places: Flask, no_network: None
):
    places.config["GEOCODER"] = "nominatim"
    # Gazetteer hits never go online; a miss asks the geocoder, which cannot be reached here.
    assert _lookup(places, "Kirkbeck") is not None
    assert _lookup(places, "Atlantis") is None
    assert _count(places) == 4  # nothing cached from a failed lookup


# --- distances --------------------------------------------------------------------------------

PAIRS = [
    ((53.8226, -1.5812), (53.8012, -1.5196)),  # across the demo area, about 4.7 km
    ((53.8008, -1.5491), (53.4808, -2.2426)),  # Leeds to Manchester
    ((51.5074, -0.1278), (55.9533, -3.1883)),  # London to Edinburgh
    ((50.0657, -5.7132), (58.6373, -3.0689)),  # Land's End to John o' Groats
    ((51.5074, -0.1278), (51.5164, -0.1278)),  # one kilometre north
]


def test_haversine_agrees_with_geopy_within_half_a_percent():
    origin = PAIRS[0][0]
    for a, b in PAIRS:
        ours = geo.distance_km(a[0], a[1], b[0], b[1])
        ellipsoid = geodesic(a, b).km
        assert abs(ours - ellipsoid) / ellipsoid < 0.005, (a, b, ours, ellipsoid)
        assert ours == pytest.approx(great_circle(a, b, radius=6371.0).km, rel=1e-9)
    lats = [b[0] for _, b in PAIRS]
    lons = [b[1] for _, b in PAIRS]
    many = geo.haversine_km(origin[0], origin[1], lats, lons)
    assert isinstance(many, np.ndarray) and many.shape == (len(PAIRS),)
    for value, lat, lon in zip(many, lats, lons, strict=True):
        assert value == pytest.approx(geodesic(origin, (lat, lon)).km, rel=0.005)


def test_haversine_marks_missing_coordinates_as_nan():
    result = geo.haversine_km(53.8, -1.5, [53.8, math.nan], [-1.5, math.nan])
    assert result[0] == 0.0 and math.isnan(result[1])


def test_search_and_matcher_measure_distance_the_same_way_as_geopy():
    from directory.search.whoosh_backend import nearest_km
    from matcher.constraints import great_circle_km

    origin = PAIRS[0][0]
    lats = np.array([b[0] for _, b in PAIRS])
    lons = np.array([b[1] for _, b in PAIRS])
    rad = np.radians(lats)
    expected = [great_circle(origin, (lat, lon), radius=6371.0).km for lat, lon in zip(lats, lons)]
    searched = nearest_km([f"{lat} {lon}" for lat, lon in zip(lats, lons)], origin)
    matched = great_circle_km(
        math.radians(origin[0]), math.radians(origin[1]), rad, np.radians(lons), np.cos(rad)
    )
    assert list(searched) == pytest.approx(expected, rel=1e-9)
    assert list(matched) == pytest.approx(expected, rel=1e-9)


# --- importing --------------------------------------------------------------------------------


def test_import_onspd_file(places: Flask, runner: FlaskCliRunner, tmp_path: Path):
    path = _write(
        tmp_path,
        "onspd_extract.csv",
        [
            ONSPD_HEADER,
            _onspd_row("LS11 5AA", "53.781200", "-1.562500"),
            _onspd_row("LS11 5BT", "53.782900", "-1.558800"),
            _onspd_row("LS6 1AA", "53.823500", "-1.582500"),  # already there: replaced
            _onspd_row("LS99 9ZZ", "99.999999", "0.000000"),  # no location
        ],
    )
    result = runner.invoke(args=["import-gazetteer", str(path)])
    assert result.exit_code == 0, result.output
    assert "2 new, 1 replaced" in result.output
    assert "1 new district centres" in result.output
    assert "1 rows without a location skipped" in result.output
    found = _lookup(places, "ls115bt")
    assert found is not None and (found.kind, found.lat) == ("postcode", 53.7829)
    assert _lookup(places, "LS6 1AA").lat == 53.8235  # type: ignore[union-attr]
    district = _lookup(places, "LS11")
    assert district is not None and district.kind == "district"
    assert district.lat == pytest.approx((53.7812 + 53.7829) / 2)
    assert _lookup(places, "LS99 9ZZ") is None


def test_import_simple_postcode_and_place_files(
    places: Flask, runner: FlaskCliRunner, tmp_path: Path
):
    postcodes = _write(
        tmp_path, "postcodes.csv", ["postcode,latitude,longitude", "ls96aa,53.80,-1.52", ""]
    )
    names = _write(
        tmp_path,
        "places.csv",
        ["place,latitude,longitude", '"Holbrook",53.8305,-1.5408', "Beck Side,53.78,-1.56"],
    )
    for path in (postcodes, names):
        result = runner.invoke(args=["import-gazetteer", str(path)])
        assert result.exit_code == 0, result.output
    assert _lookup(places, "LS9 6AA").kind == "postcode"  # type: ignore[union-attr]
    assert _lookup(places, "holbrook").label == "Holbrook"  # type: ignore[union-attr]
    assert _lookup(places, "BECK  SIDE").lat == 53.78  # type: ignore[union-attr]


def test_a_bad_file_reports_every_bad_line_and_changes_nothing(
    places: Flask, runner: FlaskCliRunner, tmp_path: Path
):
    before = _count(places)
    path = _write(
        tmp_path,
        "bad.csv",
        [
            ONSPD_HEADER,
            _onspd_row("LS12 3AA", "53.7958", "-1.5948"),  # good, but must not be saved
            _onspd_row("LS12 3BN", "north", "-1.5969"),  # line 3
            '"NOT A","NOT A","NOT A POSTCODE","","","",53.79,-1.59,""',  # line 4
            _onspd_row("LS12 3DX", "153.0", "-1.5987"),  # line 5
        ],
    )
    result = runner.invoke(args=["import-gazetteer", str(path)])
    assert result.exit_code != 0
    for line in ("line 3", "line 4", "line 5"):
        assert line in result.output
    assert "line 2" not in result.output
    assert "nothing was imported" in result.output
    assert _count(places) == before
    assert _lookup(places, "LS12 3AA") is None


def test_a_file_without_the_needed_columns_is_refused(
    places: Flask, runner: FlaskCliRunner, tmp_path: Path
):
    path = _write(tmp_path, "wrong.csv", ["street,town", "Chapel Row,Leeds"])
    result = runner.invoke(args=["import-gazetteer", str(path)])
    assert result.exit_code != 0
    assert "line 1" in result.output and "pcds" in result.output
    empty = _write(tmp_path, "empty.csv", [])
    assert "empty" in runner.invoke(args=["import-gazetteer", str(empty)]).output
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"postcode,lat,long\n\xff\xfe\x00bad,1,2\n")
    result = runner.invoke(args=["import-gazetteer", str(binary)])
    assert result.exit_code != 0 and "UTF-8" in result.output
    assert _count(places) == 4
