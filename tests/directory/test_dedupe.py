"""Duplicate candidates with reasons, adding to an existing record, merging and undoing a merge."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from sqlmodel import select

from core import db
from directory import team_notes
from directory.models import Resource, ResourceCreate, ResourceHistory
from directory.resources import create_resource
from directory.stewardship.dedupe import (
    Draft,
    add_to_existing,
    find_duplicates,
    merge_resources,
    normalise_phone,
    normalise_website,
    undo_merge,
)
from directory.stewardship.history import HistoryError, full_snapshot
from tests.directory.public_helpers import add_resource, walking_group
from wsgi import create_app

HOLLOWAY = {"postcode": "N7 6QT", "latitude": 51.5523, "longitude": -0.1137}


def add(app, **fields: Any) -> str:
    """Create one resource and return its id."""
    data = {"name": "Walking Football", "locations": [HOLLOWAY], **fields}
    with app.app_context():
        session = db.get_session()
        resource = create_resource(session, ResourceCreate(**data))
        session.commit()
        return resource.id


def check(app, **fields: Any) -> dict[str, str]:
    """Duplicate candidates of a draft: resource id -> reasons."""
    with app.app_context():
        found = find_duplicates(db.get_session(), Draft(**fields))
        return {c.resource_id: c.reason_text for c in found}


def test_normalisers():
    assert normalise_phone("+44 (0)20 7946 0000") == normalise_phone("020 7946 0000")
    assert normalise_website("https://www.Example.org/groups/knit/") == "example.org/groups/knit"
    assert normalise_website("example.org/groups/knit?x=1") == "example.org/groups/knit"


def test_same_postcode_and_similar_name(app):
    rid = add(app, name="Holloway Walking Football")
    add(app, name="Chess Club", locations=[{"postcode": "E1 6AN"}])
    found = check(app, name="Walking football (Holloway)", postcodes=["N7 6QT"])
    assert list(found) == [rid]
    assert found[rid] == (
        "name alike: “Holloway Walking Football” / “Walking football (Holloway)” · "
        "same venue (N7 6QT)"
    )


def test_very_similar_name_alone_is_shown(app):
    rid = add(app, name="Knit and Natter", locations=[{"postcode": "E1 6AN"}])
    found = check(app, name="Knit & Natter")
    assert found == {rid: "name alike: “Knit and Natter” / “Knit & Natter”"}


def test_unrelated_names_elsewhere_are_not_shown(app):
    add(app, name="Knit and Natter", locations=[{"postcode": "E1 6AN"}])
    assert check(app, name="Community Allotment", postcodes=["N7 6QT"]) == {}


def test_nearby_location_with_similar_name(app):
    rid = add(app, name="Pottery for Beginners")
    # About 150 m north of the stored place, with no postcode given.
    found = check(app, name="Beginners pottery", points=[(51.5537, -0.1137)])
    assert rid in found
    nearby = found[rid].split(" · ")[1]
    assert nearby.startswith("nearby (") and nearby.endswith(" m apart)")
    metres = int(nearby.removeprefix("nearby (").split(" m")[0])
    assert 100 <= metres <= 200


def test_far_away_similar_name_is_not_nearby(app):
    rid = add(app, name="Pottery for Beginners")
    found = check(app, name="Beginners pottery", points=[(51.60, -0.20)])
    assert "nearby" not in found.get(rid, "")


def test_same_phone_ranks_a_less_alike_name_first(app):
    decoy = add(app, name="Woodwork drop-in")
    rid = add(app, name="Woodwrok drop-in", phone="020 7946 0000")
    with app.app_context():
        found = find_duplicates(
            db.get_session(), Draft(name="Woodwork drop-in", phone="+44 (0)20 7946 0000")
        )
    assert [c.resource_id for c in found] == [rid, decoy]
    assert found[0].reasons[0] == "same phone"
    assert "same phone" not in found[1].reasons


def test_same_website_ranks_a_less_alike_name_first(app):
    decoy = add(app, name="Woodwork drop-in")
    rid = add(app, name="Woodwrok drop-in", url="https://www.islingtonshed.org/")
    with app.app_context():
        found = find_duplicates(
            db.get_session(), Draft(name="Woodwork drop-in", url="islingtonshed.org")
        )
    assert [c.resource_id for c in found] == [rid, decoy]
    assert found[0].reasons[0] == "same website"


def test_the_check_sees_records_added_and_removed_later(app):
    first = add(app, name="Singing for the Brain")
    assert first in check(app, name="Singing for the brain")
    second = add(app, name="Singing for the Brain", locations=[{"postcode": "E1 6AN"}])
    assert {first, second} <= set(check(app, name="Singing for the brain"))
    with app.app_context():
        session = db.get_session()
        session.delete(session.get(Resource, first))
        session.commit()
    assert set(check(app, name="Singing for the brain")) == {second}


@pytest.fixture
def other_process(app_config: dict[str, Any]) -> Iterator[Flask]:
    """A second app on the same database, standing in for another worker process."""
    other = create_app(app_config)
    yield other
    db.get_engine(other).dispose()


def test_changes_made_by_another_process_are_seen(app, other_process):
    kept = add(app, name="Singing for the Brain")
    gone = add(app, name="Singing for the Brain", locations=[{"postcode": "E1 6AN"}])
    assert set(check(app, name="Singing for the brain")) == {kept, gone}
    newcomer = add(other_process, name="Knit and Natter", phone="020 7946 0000")
    with other_process.app_context():
        session = db.get_session()
        session.delete(session.get(Resource, gone))
        session.get(Resource, kept).name = "Memory Cafe"
        session.commit()
    assert check(app, name="Knit & Natter") == {
        newcomer: "name alike: “Knit and Natter” / “Knit & Natter”"
    }
    assert check(app, name="Knit and natter", phone="020 7946 0000") == {
        newcomer: "same phone · name alike: “Knit and Natter” / “Knit and natter”"
    }
    assert check(app, name="Singing for the brain") == {}
    holloway = (HOLLOWAY["latitude"], HOLLOWAY["longitude"])
    found = check(app, name="Memory cafe", postcodes=["N7 6QT"], points=[holloway])
    assert found == {kept: "name alike: “Memory Cafe” / “Memory cafe” · same venue (N7 6QT)"}


def test_a_merge_undone_elsewhere_offers_the_record_again(app, other_process):
    keep, remove = two_records(app)
    assert remove in check(app, name="Walking Football Holloway")
    entry_id = merge(other_process, keep, remove)
    assert remove not in check(app, name="Walking Football Holloway")
    with other_process.app_context():
        session = db.get_session()
        undo_merge(session, session.get(ResourceHistory, entry_id), None)
        session.commit()
    assert remove in check(app, name="Walking Football Holloway")


def test_the_right_name_is_found_among_many_alike(app):
    with app.app_context():
        session = db.get_session()
        for number in range(1200):
            place = {"latitude": 51.0 + number / 1000, "longitude": 0.5}
            name = f"Walking Football Club {number:04d}"
            create_resource(session, ResourceCreate(name=name, locations=[place]))
        session.commit()
    target = add(app, name="Walking Football Club Holloway", locations=[{"postcode": "E1 6AN"}])
    found = check(app, name="Walkng Football Club (Holloway)")
    assert list(found) == [target]
    assert found[target].startswith("name alike: “Walking Football Club Holloway” / ")


def test_add_to_existing_adds_the_new_session_and_keeps_what_was_there(app):
    rid = add(
        app,
        name="Knit and Natter",
        description="Knitting.",
        sessions=[{"day": "tu", "start": "10:00", "end": "12:00"}],
        told_by="Library staff",
    )
    new = ResourceCreate(
        name="Knit & Natter",
        description="Knitting and a chat over tea, all levels welcome.",
        locations=[HOLLOWAY],
        sessions=[{"day": "th", "start": "18:00", "end": "20:00"}],
        told_by="A service user",
    )
    with app.app_context():
        session = db.get_session()
        existing = session.get(Resource, rid)
        add_to_existing(session, existing, new, user_id=None)
        session.commit()
    with app.app_context():
        session = db.get_session()
        assert session.exec(select(Resource)).all() == [session.get(Resource, rid)]
        got = session.get(Resource, rid)
        assert sorted((s.day, s.start) for s in got.sessions) == [("th", "18:00"), ("tu", "10:00")]
        assert len(got.locations) == 1  # the same place is not added twice
        assert got.name == "Knit and Natter"
        assert got.description == "Knitting and a chat over tea, all levels welcome."
        # Added without a team, so to the notes kept for every team.
        assert team_notes.own_note(session, rid, None).told_by == "Library staff; A service user"
        actions = session.exec(
            select(ResourceHistory.action).where(ResourceHistory.resource_id == rid)
        ).all()
        assert actions == ["add-to", "add-to"]  # the record, and the notes


def merge(app, keep: str, remove: str) -> int:
    with app.app_context():
        session = db.get_session()
        entry = merge_resources(
            session, session.get(Resource, keep), session.get(Resource, remove), None
        )
        session.commit()
        return entry.id


def snap(app, rid: str) -> dict[str, Any] | None:
    with app.app_context():
        found = db.get_session().get(Resource, rid)
        return full_snapshot(found) if found else None


def two_records(app) -> tuple[str, str]:
    keep = add(
        app,
        name="Walking Football",
        description="Gentle football.",
        phone="",
        sessions=[{"day": "mo", "start": "10:00", "end": "11:00"}],
        costs=[{"amount_pence": 200}],
        interests=["football"] if _has_term("football") else [],
        told_by="GP surgery",
        source="word of mouth",
    )
    remove = add(
        app,
        name="Walking Football Holloway",
        description="Gentle football for all ages at the leisure centre.",
        phone="020 7946 0000",
        locations=[HOLLOWAY, {"postcode": "E1 6AN"}],
        sessions=[
            {"day": "mo", "start": "10:00", "end": "11:00"},
            {"day": "we", "start": "14:00", "end": "15:00"},
        ],
        costs=[{"amount_pence": 200}],
        told_by="Leisure centre poster",
        source="flyer",
    )
    return keep, remove


def _has_term(code: str) -> bool:
    from directory import vocabulary

    return vocabulary.is_term(vocabulary.INTEREST, code)


def test_merge_keeps_fuller_values_moves_children_and_joins_provenance(app):
    keep, remove = two_records(app)
    merge(app, keep, remove)
    with app.app_context():
        session = db.get_session()
        assert session.get(Resource, remove) is None
        got = session.get(Resource, keep)
        assert got.name == "Walking Football Holloway"
        assert got.description == "Gentle football for all ages at the leisure centre."
        assert got.phone == "020 7946 0000"
        assert sorted(s.day for s in got.sessions) == ["mo", "we"]
        assert sorted(loc.postcode for loc in got.locations) == ["E1 6AN", "N7 6QT"]
        assert [c.amount_pence for c in got.costs] == [200]
        assert team_notes.own_note(session, keep, None).told_by == (
            "GP surgery; Leisure centre poster"
        )
        assert got.source == "word of mouth; flyer"


def test_merge_is_undoable_exactly(app):
    keep, remove = two_records(app)
    keep_before, remove_before = snap(app, keep), snap(app, remove)
    entry_id = merge(app, keep, remove)
    with app.app_context():
        session = db.get_session()
        undo_merge(session, session.get(ResourceHistory, entry_id), None)
        session.commit()
    keep_after, remove_after = snap(app, keep), snap(app, remove)
    assert remove_after == remove_before
    for name in ("updated_at",):
        keep_before.pop(name)
        keep_after.pop(name)
    assert keep_after == keep_before
    with app.app_context():
        session = db.get_session()
        with pytest.raises(HistoryError, match="already been undone"):
            undo_merge(session, session.get(ResourceHistory, entry_id), None)


def test_merge_with_itself_is_refused(app):
    rid = add(app)
    with app.app_context():
        session = db.get_session()
        resource = session.get(Resource, rid)
        with pytest.raises(HistoryError):
            merge_resources(session, resource, resource, None)


def test_the_address_of_a_record_merged_away_leads_to_the_one_kept(app, client, member):
    keep = add_resource(app, walking_group())
    remove = add_resource(app, walking_group(name="Tuesday walk group"))
    merge(app, keep, remove)
    with app.app_context():  # a merge sends the kept record back to be checked: check it
        session = db.get_session()
        kept = session.get(Resource, keep)
        kept.review_state, kept.last_confirmed_at = "confirmed", kept.updated_at
        session.commit()
    for path in ("/public/resources/{}", "/public/resources/{}/print", "/resources/{}"):
        answer = client.get(path.format(remove))
        assert answer.status_code == 302, path
        assert answer.headers["Location"] == path.format(keep)
    assert client.get("/public/resources/no-such-record").status_code == 404
