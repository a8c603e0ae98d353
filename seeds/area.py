"""The demo area: a fictional Aire Valley on the west side of Leeds, its places and venues.

Neighbourhood and venue names are invented; postcodes have the real Leeds format and sit in
the right districts, but the units are made up for the demo. Coordinates are approximate.
"""

from __future__ import annotations

from dataclasses import dataclass

AREA_NAME = "Aire Valley"
PHONE_PREFIX = "0113 496 0"  # Ofcom's drama range for Leeds: 0113 496 0000 to 0999


@dataclass(frozen=True)
class Neighbourhood:
    """A named part of the area with its postcode district and centre."""

    name: str
    district: str
    lat: float
    lon: float


@dataclass(frozen=True)
class Venue:
    """A building or open space where activities meet."""

    name: str
    address: str
    postcode: str
    place: str  # neighbourhood name
    lat: float
    lon: float
    access: tuple[str, ...] = ()


NEIGHBOURHOODS: dict[str, Neighbourhood] = {
    n.name: n
    for n in (
        Neighbourhood("Kirkbeck", "LS6", 53.8226, -1.5812),
        Neighbourhood("Aireside", "LS4", 53.8128, -1.5968),
        Neighbourhood("Moorcross", "LS12", 53.7962, -1.5954),
        Neighbourhood("Beckside", "LS11", 53.7818, -1.5611),
        Neighbourhood("Millgarth Green", "LS9", 53.8012, -1.5196),
        Neighbourhood("Holbrook", "LS7", 53.8305, -1.5408),
        Neighbourhood("Thornleigh", "LS8", 53.8247, -1.5061),
        Neighbourhood("Calder Yard", "LS2", 53.8006, -1.5437),
    )
}

STEP_FREE = ("step-free", "accessible-toilet")
FULL_ACCESS = ("step-free", "accessible-toilet", "hearing-loop", "quiet-space")

# key: Venue(name, address, postcode, neighbourhood, lat, lon, venue access features)
VENUES: dict[str, Venue] = {
    "kirkbeck-cc": Venue(
        "Kirkbeck Community Centre",
        "14 Chapel Row, Kirkbeck, Leeds",
        "LS6 1AA",
        "Kirkbeck",
        53.8231,
        -1.5820,
        FULL_ACCESS,
    ),
    "kirkbeck-library": Venue(
        "Kirkbeck Library",
        "2 Otley Lane, Kirkbeck, Leeds",
        "LS6 1AB",
        "Kirkbeck",
        53.8219,
        -1.5799,
        ("step-free", "accessible-toilet", "hearing-loop"),
    ),
    "st-aidans": Venue(
        "St Aidan's Church Hall",
        "Vicarage Road, Kirkbeck, Leeds",
        "LS6 1BD",
        "Kirkbeck",
        53.8244,
        -1.5838,
        ("step-free",),
    ),
    "kirkbeck-park": Venue(
        "Kirkbeck Park (meet at the bandstand)",
        "Park Lane entrance, Kirkbeck, Leeds",
        "LS6 1DQ",
        "Kirkbeck",
        53.8262,
        -1.5861,
        ("step-free",),
    ),
    "tannery": Venue(
        "The Old Tannery Studios",
        "Unit 3, Tannery Yard, Aireside, Leeds",
        "LS4 2AT",
        "Aireside",
        53.8121,
        -1.5977,
        ("quiet-space",),
    ),
    "aireside-allotments": Venue(
        "Aireside Allotments",
        "Canal Road gate, Aireside, Leeds",
        "LS4 2BW",
        "Aireside",
        53.8109,
        -1.5994,
        (),
    ),
    "aireside-sports": Venue(
        "Aireside Sports Centre",
        "Bridge Street, Aireside, Leeds",
        "LS4 2DJ",
        "Aireside",
        53.8140,
        -1.5941,
        STEP_FREE,
    ),
    "canal-wharf": Venue(
        "Canal Wharf Café",
        "1 Lock Keeper's Walk, Aireside, Leeds",
        "LS4 2EF",
        "Aireside",
        53.8116,
        -1.5952,
        ("step-free",),
    ),
    "moorcross-hub": Venue(
        "Moorcross Neighbourhood Hub",
        "88 Town Street, Moorcross, Leeds",
        "LS12 3AA",
        "Moorcross",
        53.7958,
        -1.5948,
        FULL_ACCESS,
    ),
    "moorcross-methodist": Venue(
        "Moorcross Methodist Church",
        "Wesley Street, Moorcross, Leeds",
        "LS12 3BN",
        "Moorcross",
        53.7971,
        -1.5969,
        ("step-free", "hearing-loop"),
    ),
    "moorcross-shed": Venue(
        "Moorcross Men's Shed workshop",
        "Rear of 5 Mill Lane, Moorcross, Leeds",
        "LS12 3DX",
        "Moorcross",
        53.7949,
        -1.5987,
        (),
    ),
    "beckside-leisure": Venue(
        "Beckside Leisure Centre",
        "Ring Road, Beckside, Leeds",
        "LS11 5AA",
        "Beckside",
        53.7812,
        -1.5625,
        STEP_FREE,
    ),
    "beckside-park": Venue(
        "Beckside Park (meet by the café)",
        "Park View Road, Beckside, Leeds",
        "LS11 5BT",
        "Beckside",
        53.7829,
        -1.5588,
        ("step-free", "accessible-toilet"),
    ),
    "beckside-mosque": Venue(
        "Beckside Community Mosque hall",
        "21 Dewsbury Terrace, Beckside, Leeds",
        "LS11 5DG",
        "Beckside",
        53.7803,
        -1.5602,
        ("step-free",),
    ),
    "beckside-farm": Venue(
        "Beckside City Farm",
        "Farm Lane, Beckside, Leeds",
        "LS11 5HQ",
        "Beckside",
        53.7791,
        -1.5640,
        ("step-free", "accessible-toilet"),
    ),
    "millgarth-hub": Venue(
        "Millgarth Green Community Hub",
        "3 Green Lane, Millgarth Green, Leeds",
        "LS9 7AA",
        "Millgarth Green",
        53.8017,
        -1.5189,
        FULL_ACCESS,
    ),
    "millgarth-library": Venue(
        "Millgarth Green Library",
        "Market Place, Millgarth Green, Leeds",
        "LS9 7BL",
        "Millgarth Green",
        53.8005,
        -1.5208,
        ("step-free", "accessible-toilet", "hearing-loop"),
    ),
    "st-marys-millgarth": Venue(
        "St Mary's Church, Millgarth Green",
        "Church Walk, Millgarth Green, Leeds",
        "LS9 7DW",
        "Millgarth Green",
        53.8024,
        -1.5171,
        (),
    ),
    "holbrook-house": Venue(
        "Holbrook House (NHS day service)",
        "Holbrook House, Harehill Road, Holbrook, Leeds",
        "LS7 4AA",
        "Holbrook",
        53.8311,
        -1.5399,
        FULL_ACCESS,
    ),
    "holbrook-cc": Venue(
        "Holbrook Community Centre",
        "40 Stainbeck Avenue, Holbrook, Leeds",
        "LS7 4BQ",
        "Holbrook",
        53.8298,
        -1.5421,
        ("step-free", "accessible-toilet", "hearing-loop"),
    ),
    "holbrook-gardens": Venue(
        "Holbrook Community Garden",
        "Behind Holbrook Community Centre, Stainbeck Avenue, Leeds",
        "LS7 4BS",
        "Holbrook",
        53.8292,
        -1.5430,
        ("step-free",),
    ),
    "thornleigh-methodist": Venue(
        "Thornleigh Methodist Hall",
        "Roundwood Road, Thornleigh, Leeds",
        "LS8 2AF",
        "Thornleigh",
        53.8251,
        -1.5049,
        ("step-free", "hearing-loop"),
    ),
    "thornleigh-baths": Venue(
        "Thornleigh Baths",
        "Baths Lane, Thornleigh, Leeds",
        "LS8 2BH",
        "Thornleigh",
        53.8239,
        -1.5076,
        STEP_FREE,
    ),
    "thornleigh-woods": Venue(
        "Thornleigh Woods (meet at the car park)",
        "Woodland Drive car park, Thornleigh, Leeds",
        "LS8 2DN",
        "Thornleigh",
        53.8280,
        -1.5018,
        (),
    ),
    "recovery-college": Venue(
        "Aire Valley Recovery College",
        "Second floor, 9 Calder Street, Calder Yard, Leeds",
        "LS2 8AB",
        "Calder Yard",
        53.8009,
        -1.5441,
        FULL_ACCESS,
    ),
    "calder-college": Venue(
        "Calder Yard Adult Learning Centre",
        "Calder Street, Calder Yard, Leeds",
        "LS2 8BJ",
        "Calder Yard",
        53.8001,
        -1.5429,
        ("step-free", "accessible-toilet", "hearing-loop"),
    ),
    "calder-arts": Venue(
        "Wharfside Arts Centre",
        "Wharf Street, Calder Yard, Leeds",
        "LS2 8DT",
        "Calder Yard",
        53.7998,
        -1.5452,
        FULL_ACCESS,
    ),
    "safe-haven": Venue(
        "The Lantern (crisis café)",
        "17 Calder Street, Calder Yard, Leeds",
        "LS2 8EQ",
        "Calder Yard",
        53.8012,
        -1.5434,
        ("step-free", "accessible-toilet", "quiet-space"),
    ),
}


# Real places and postcode districts of Leeds around the demo area, at approximate centres, so
# that people can search the way they talk ("near Armley", "LS13", "Leeds").
NEARBY: tuple[tuple[str, str, float, float], ...] = (
    ("Leeds", "place", 53.7997, -1.5492),
    ("Armley", "place", 53.7980, -1.5890),
    ("Bramley", "place", 53.8120, -1.6380),
    ("Headingley", "place", 53.8190, -1.5800),
    ("Kirkstall", "place", 53.8160, -1.6030),
    ("Beeston", "place", 53.7770, -1.5650),
    ("Chapeltown", "place", 53.8200, -1.5330),
    ("Harehills", "place", 53.8140, -1.5120),
    ("LS1", "district", 53.7980, -1.5470),
    ("LS3", "district", 53.8010, -1.5640),
    ("LS5", "district", 53.8180, -1.6050),
    ("LS13", "district", 53.8110, -1.6350),
)


def gazetteer_rows() -> list[tuple[str, str, str, float, float]]:
    """(key, kind, name, lat, lon) for every venue postcode, district and place in the area."""
    rows: list[tuple[str, str, str, float, float]] = []
    for venue in VENUES.values():
        rows.append((venue.postcode, "postcode", venue.postcode, venue.lat, venue.lon))
    for n in NEIGHBOURHOODS.values():
        rows.append((n.district, "district", n.district, n.lat, n.lon))
        rows.append((n.name.lower(), "place", n.name, n.lat, n.lon))
    lat = sum(n.lat for n in NEIGHBOURHOODS.values()) / len(NEIGHBOURHOODS)
    lon = sum(n.lon for n in NEIGHBOURHOODS.values()) / len(NEIGHBOURHOODS)
    rows.append((AREA_NAME.lower(), "place", AREA_NAME, round(lat, 4), round(lon, 4)))
    for name, kind, lat, lon in NEARBY:
        rows.append((name.lower() if kind == "place" else name, kind, name, lat, lon))
    return rows
