"""Each duplicate signal changes which record comes first, and what is said is true of the data."""

from __future__ import annotations

from typing import Any

import pytest

from core import db
from directory.models import GazetteerEntry, Organisation, ResourceCreate
from directory.models.keys import fold
from directory.resources import create_resource
from directory.stewardship.dedupe import Candidate, Draft, find_duplicates
from directory.stewardship.likeness import core_name, name_likeness

HUB = {"postcode": "LS12 3AA", "latitude": 53.7962, "longitude": -1.5954}
CHAPEL = {"postcode": "LS12 3AB", "latitude": 53.7970, "longitude": -1.5940}  # 130 m away
KIRKBECK = {"postcode": "LS6 1AA", "latitude": 53.8231, "longitude": -1.5820}  # 3 km away
PHONE = "0113 496 0142"


def add(app, rid: str, name: str, **fields: Any) -> str:
    """Store one resource with a chosen id (ties between equal evidence go to the lower id)."""
    data = {"id": rid, "name": name, "locations": [HUB], **fields}
    with app.app_context():
        session = db.get_session()
        create_resource(session, ResourceCreate(**data))
        session.commit()
    return rid


def check(app, **fields: Any) -> list[Candidate]:
    """The duplicate check for a draft."""
    with app.app_context():
        return find_duplicates(db.get_session(), Draft(**fields))


def order(app, **fields: Any) -> list[str]:
    return [c.resource_id for c in check(app, **fields)]


def place_name(app, name: str) -> None:
    """A place in the gazetteer, as the demo or an imported gazetteer has."""
    with app.app_context():
        session = db.get_session()
        session.add(
            GazetteerEntry(key=name.lower(), kind="place", name=name, latitude=53.8, longitude=-1.6)
        )
        session.commit()


def test_moorcross_repair_cafe_comes_first_and_the_ukulele_group_is_not_shown(app):
    place_name(app, "Moorcross")
    monthly = [{"freq": "monthly", "ordinal": -1, "day": "su", "start": "11:00", "end": "14:00"}]
    cafe = add(app, "r-cafe", "Repair café in Moorcross", phone=PHONE, sessions=monthly)
    ukulele = add(
        app,
        "r-ukulele",
        "Ukulele strum-along in Moorcross",
        locations=[CHAPEL],
        sessions=[{"day": "th", "start": "14:00", "end": "15:30"}],
    )
    add(
        app,
        "r-knit",
        "Knit and natter in Moorcross",
        sessions=[{"day": "su", "start": "11:00", "end": "13:00"}],
    )
    add(app, "r-yoga", "Chair yoga in Moorcross", locations=[CHAPEL])
    kirkbeck = add(
        app,
        "r-cafe-kirkbeck",
        "Repair café in Kirkbeck",
        phone=PHONE,
        locations=[KIRKBECK],
        sessions=[{"freq": "monthly", "ordinal": 2, "day": "sa", "start": "10:00", "end": "13:00"}],
    )
    found = check(
        app,
        name="Moorcross Repair Cafe",
        phone="+44 113 496 0142",
        postcodes=["LS12 3AA"],
        points=[(HUB["latitude"], HUB["longitude"])],
        sessions=[("su", "11:00", "14:00")],
    )
    ids = [c.resource_id for c in found]
    assert ids[0] == cafe
    assert ukulele not in ids
    assert {"same phone", "same venue (LS12 3AA)", "Sunday 11:00 both"} <= set(found[0].reasons)
    assert "name alike: “Repair café in Moorcross” / “Moorcross Repair Cafe”" in found[0].reasons
    assert found[0].differences == []
    # The same organisation's café elsewhere may show, below, saying what differs.
    if kirkbeck in ids:
        other = found[ids.index(kirkbeck)]
        assert "different day (Sunday / Saturday)" in other.differences
        assert any(d.endswith(" km apart") for d in other.differences)


def test_a_shared_place_word_alone_is_not_a_duplicate(app):
    place_name(app, "Moorcross")
    add(app, "r-ukulele", "Ukulele strum-along in Moorcross", locations=[KIRKBECK])
    assert check(app, name="Moorcross Repair Cafe") == []
    # Without the place in the gazetteer the shared word is all the names have in common.
    assert (
        name_likeness(
            core_name(fold("Moorcross Repair Cafe")),
            core_name(fold("Ukulele strum-along in Moorcross")),
        )
        < 60
    )


def test_accents_and_generic_words_do_not_hide_a_name(app):
    rid = add(app, "r-1", "The Repair Café Group")
    found = check(app, name="repair cafe")
    assert [c.resource_id for c in found] == [rid]
    assert found[0].reasons == ["name alike: “The Repair Café Group” / “repair cafe”"]


def test_the_name_ranks(app):
    add(app, "a-other", "Chess club", locations=[CHAPEL])
    rid = add(app, "b-target", "Knit and natter", locations=[CHAPEL])
    draft = {"name": "Knit & Natter", "postcodes": ["LS12 3AB"]}
    assert order(app, **draft)[0] == rid


@pytest.mark.parametrize(
    ("field", "theirs", "mine", "reason"),
    [
        ("phone", "0113 496 0142", "+44 (0)113 4960142", "same phone"),
        ("email", "Knit@Example.org", "knit@example.org ", "same email"),
        ("url", "https://www.example.org/knit/", "example.org/knit", "same website"),
    ],
)
def test_a_shared_contact_ranks(app, field: str, theirs: str, mine: str, reason: str):
    decoy = add(app, "a-decoy", "Knit and natter")
    rid = add(app, "b-target", "Knit and natter", **{field: theirs})
    assert order(app, name="Knit and natter") == [decoy, rid]  # a tie without it
    found = check(app, name="Knit and natter", **{field: mine})
    assert [c.resource_id for c in found] == [rid, decoy]
    assert found[0].reasons[0] == reason
    assert reason not in found[1].reasons


def test_the_organisation_ranks(app):
    with app.app_context():
        session = db.get_session()
        ours, theirs = (
            Organisation(id="org-1", name="Moorcross Fixers"),
            Organisation(id="org-2", name="Other"),
        )
        session.add_all([ours, theirs])
        session.commit()
    decoy = add(app, "a-decoy", "Knit and natter", organisation_id="org-2")
    rid = add(app, "b-target", "Knit and natter", organisation_id="org-1")
    assert order(app, name="Knit and natter") == [decoy, rid]  # a tie without it
    found = check(app, name="Knit and natter", organisation_id="org-1")
    # Another organisation's group of the same name is no longer a likely duplicate.
    assert [c.resource_id for c in found] == [rid]
    assert found[0].reasons[0] == "same organisation"


def test_the_venue_ranks(app):
    decoy = add(app, "a-decoy", "Knit and natter", locations=[KIRKBECK])
    rid = add(app, "b-target", "Knit and natter", locations=[HUB])
    assert order(app, name="Knit and natter") == [decoy, rid]
    found = check(app, name="Knit and natter", postcodes=["ls123aa"])  # spacing and case
    assert [c.resource_id for c in found][0] == rid
    assert "same venue (ls123aa)" in found[0].reasons


def test_the_distance_ranks(app):
    far = {"latitude": 53.90, "longitude": -1.70}  # about 14 km away
    decoy = add(app, "a-decoy", "Knit and natter", locations=[far])
    rid = add(app, "b-target", "Knit and natter", locations=[CHAPEL])
    found = check(app, name="Knit and natter", points=[(HUB["latitude"], HUB["longitude"])])
    assert [c.resource_id for c in found] == [rid] or [c.resource_id for c in found][:2] == [
        rid,
        decoy,
    ]
    assert any(r.startswith("nearby (1") and r.endswith(" m apart)") for r in found[0].reasons)
    if len(found) > 1:
        assert any(d.endswith(" km apart") for d in found[1].differences)


def test_day_and_time_rank(app):
    decoy = add(
        app,
        "a-decoy",
        "Knit and natter",
        sessions=[{"day": "tu", "start": "19:00", "end": "21:00"}],
    )
    rid = add(
        app,
        "b-target",
        "Knit and natter",
        sessions=[{"day": "su", "start": "11:00", "end": "13:00"}],
    )
    assert order(app, name="Knit and natter") == [decoy, rid]
    found = check(app, name="Knit and natter", sessions=[("su", "11:30", "13:00")])
    assert [c.resource_id for c in found][0] == rid
    assert "Sunday, times overlap (11:30 / 11:00)" in found[0].reasons
    assert (
        decoy not in [c.resource_id for c in found]
        or "different day (Sunday / Tuesday)" in found[1].differences
    )


def test_reasons_are_true_of_the_data(app):
    rid = add(
        app,
        "r-1",
        "Knit and natter",
        phone=PHONE,
        sessions=[{"day": "su", "start": "11:00", "end": "13:00"}],
    )
    found = check(
        app,
        name="Knit and natter",
        phone="0113 496 0999",
        sessions=[("mo", "11:00", "13:00")],
        postcodes=["LS12 3AA"],
    )
    assert [c.resource_id for c in found] == [rid]
    assert found[0].reasons == [
        "name alike: “Knit and natter” / “Knit and natter”",
        "same venue (LS12 3AA)",
    ]
    assert found[0].differences == ["different contact details", "different day (Monday / Sunday)"]


def test_a_slip_in_a_generic_word_does_not_hide_a_duplicate(app):
    # What a team member heard: "Kirkbeck comunity choir", same place and evening as the choir
    # already listed; a typing slip in "community" must not make it a word of the name.
    place_name(app, "Kirkbeck")
    choir = add(
        app,
        "r-choir",
        "Community choir in Kirkbeck",
        locations=[KIRKBECK],
        sessions=[{"day": "tu", "start": "19:30", "end": "21:00"}],
    )
    near = (KIRKBECK["latitude"] + 0.002, KIRKBECK["longitude"])  # about 220 m away
    found = check(
        app, name="Kirkbeck comunity choir", points=[near], sessions=[("tu", "19:30", "21:00")]
    )
    assert [c.resource_id for c in found] == [choir]
    assert core_name(fold("Kirkbeck comunity choir"), frozenset({"kirkbeck"})) == "choir"
