"""Merging two records with a choice per field and per time, place and cost."""

from __future__ import annotations

from sqlmodel import select

from core import db
from directory.models import Organisation, Resource, ResourceCreate, ResourceHistory
from directory.resources import create_resource
from directory.stewardship.merging import row_choices


def two(app) -> tuple[str, str]:
    """A confirmed monthly café run by an organisation, and a weekly word-of-mouth copy."""
    with app.app_context():
        session = db.get_session()
        org = Organisation(name="Moorcross Community Trust")
        session.add(org)
        session.flush()
        keep = create_resource(
            session,
            ResourceCreate(
                name="Repair café in Moorcross",
                organisation_id=org.id,
                phone="0113 496 0000",
                locations=[{"postcode": "LS12 3AA", "name": "Moorcross Hall"}],
                sessions=[
                    {"freq": "monthly", "ordinal": 2, "day": "su", "start": "11:00", "end": "14:00"}
                ],
            ),
            confirmed=True,
        )
        other = create_resource(
            session,
            ResourceCreate(
                name="Moorcross Repair Cafe",
                phone="0113 496 0999",
                status="temporarily-closed",
                locations=[{"postcode": "LS12 3AA"}],
                sessions=[{"day": "su", "start": "11:00", "end": "14:00"}],
            ),
        )
        session.commit()
        return keep.id, other.id


def load(app, rid: str) -> Resource | None:
    with app.app_context():
        return db.get_session().get(Resource, rid)


def test_the_comparison_names_things_in_words(app, client, member):
    keep, other = two(app)
    page = client.get(f"/workspace/resources/{keep}/merge?with={other}").get_data(as_text=True)
    assert "Moorcross Community Trust" in page
    assert "Temporarily closed" in page and "Running" in page
    assert "Needs checking" in page and "Confirmed" in page
    assert "temporarily-closed" not in page.replace('value="temporarily-closed"', "")
    assert "needs-checking" not in page


def test_chosen_fields_and_rows_are_kept_and_the_result_needs_checking(app, client, member):
    keep, other = two(app)
    form = {
        "with": other,
        "choosing": "1",
        "field-name": "keep",
        "field-phone": "other",
        "field-status": "keep",
        "row-sessions-keep-0": "1",
        "row-locations-keep-0": "1",
    }
    response = client.post(f"/workspace/resources/{keep}/merge", data=form, follow_redirects=True)
    assert "needs checking before it shows publicly again" in response.get_data(as_text=True)
    merged = load(app, keep)
    assert merged is not None and load(app, other) is None
    assert merged.phone == "0113 496 0999" and merged.status == "active"
    # the labelled numbers go with the number chosen: the page lists them
    assert [p["number"] for p in merged.phones] == ["0113 496 0999"]
    assert [(s.freq, s.day) for s in merged.sessions] == [("monthly", "su")]
    assert [loc.name for loc in merged.locations] == ["Moorcross Hall"]
    assert merged.review_state == "needs-checking"
    assert client.get(f"/public/resources/{keep}").status_code == 404

    with app.app_context():
        entry = (
            db.get_session()
            .exec(select(ResourceHistory).where(ResourceHistory.action == "merge"))
            .one()
        )
    assert client.post(f"/workspace/history/{entry.id}/revert").status_code == 302
    back = load(app, keep)
    assert back is not None and back.review_state == "confirmed"
    assert back.phone == "0113 496 0000" and load(app, other) is not None
    assert [p["number"] for p in back.phones] == ["0113 496 0000"]


def test_an_unknown_choice_names_the_field_and_changes_nothing(app, client, member):
    keep, other = two(app)
    form = {"with": other, "choosing": "1", "field-phone": "both"}
    response = client.post(f"/workspace/resources/{keep}/merge", data=form)
    assert response.status_code == 400
    assert 'href="#phone"' in response.get_data(as_text=True)
    assert load(app, other) is not None and load(app, keep).phone == "0113 496 0000"


def test_changes_waiting_on_the_removed_record_move_to_the_kept_one(app, client, member):
    keep, other = two(app)
    with app.app_context():
        session = db.get_session()
        resource = session.get(Resource, other)
        resource.review_state = "confirmed"
        session.commit()
    heard = {"name": "Moorcross Repair Cafe", "place": "LS12 3AA", "phone": "0113 496 0555"}
    client.post(
        f"/workspace/resources/{other}/heard",
        data={**heard, "action": "hold", "choice-phone": "replace"},
    )
    assert load(app, other).has_pending
    client.post(f"/workspace/resources/{keep}/merge", data={"with": other})
    assert load(app, other) is None and load(app, keep).has_pending
    page = client.get(f"/resources/{keep}").get_data(as_text=True)
    assert "Change waiting" in page and "0113 496 0555" in page


def test_by_default_a_merge_keeps_one_price_list_one_session_a_day_and_the_fuller_venue():
    keep = {
        "sessions": [{"freq": "weekly", "day": "tu", "start": "14:00", "end": "15:30"}],
        "costs": [{"amount_pence": 400, "kind": "standard", "unit": "session"}],
        "locations": [{"name": "", "address": "", "postcode": "LS9 7AA"}],
    }
    other = {
        "sessions": [
            {"freq": "weekly", "day": "tu", "start": "14:00", "end": "15:00"},
            {"freq": "weekly", "day": "th", "start": "10:00", "end": "11:00"},
        ],
        "costs": [{"amount_pence": 500, "kind": "standard", "unit": "session"}],
        "locations": [
            {"name": "St Aidan's hall", "address": "2 Roundhay Rd", "postcode": "LS9 7AA"}
        ],
    }
    ticked = {(r.field, r.side, r.index): r.kept for r in row_choices(keep, other)}
    assert ticked[("sessions", "keep", 0)] and not ticked[("sessions", "other", 0)]
    assert ticked[("sessions", "other", 1)]  # Thursday is another session
    assert ticked[("costs", "keep", 0)] and not ticked[("costs", "other", 0)]
    assert not ticked[("locations", "keep", 0)] and ticked[("locations", "other", 0)]


def _blank() -> dict[str, object]:
    from directory.stewardship.history import snapshot

    return snapshot(Resource(name="x"))


_BLANK = _blank()


def test_a_way_to_join_that_is_known_wins_over_one_not_known():
    from directory.stewardship.dedupe import combined

    keep = {"how_to_join": "unknown"}
    merged = combined({**_BLANK, **keep}, {**_BLANK, "how_to_join": "drop-in"})
    assert merged["how_to_join"] == "drop-in"
    assert combined({**_BLANK, "how_to_join": "booking"}, {**_BLANK, **keep})["how_to_join"] == (
        "booking"
    )


def test_an_entry_named_otherwise_can_be_found_to_merge_with(app, client, member):
    keep, _ = two(app)
    with app.app_context():
        session = db.get_session()
        far = create_resource(session, ResourceCreate(name="Ladies who lunch", setting="online"))
        session.commit()
        far_id = far.id
    page = client.get(f"/workspace/resources/{keep}/merge?find=ladies").get_data(as_text=True)
    assert f'href="/workspace/resources/{keep}/merge?with={far_id}"' in page
    nothing = client.get(f"/workspace/resources/{keep}/merge?find=zebra").get_data(as_text=True)
    assert "No other entry has “zebra”." in nothing
