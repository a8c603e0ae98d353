"""The handout and match cards as a person reads them: "very close" instead of "0.0 km", the
date it was made, "who to ask for" even when no one is recorded, "please check before you go"
on anything in doubt, and where and when on every match card."""

from __future__ import annotations

import re
from datetime import timedelta

from core.db import get_session
from core.times import date_text, utcnow
from directory.models import Resource, ResourceCreate
from directory.resources import create_resource
from matcher import explain, features
from tests.matcher.matcher_helpers import person
from tests.matcher.people_helpers import HOME, add_person, directory


def _text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)).split())


def _next_door(app) -> str:
    """A group in the person's own street, with no fixed times."""
    row = ResourceCreate(
        name="Next Door Knitters",
        description="Knitting and a chat.",
        interests=["singing"],
        locations=[
            {"name": "Corner Hall", "postcode": "N7 6QT", "latitude": HOME[0] + 0.0002,
             "longitude": HOME[1]}
        ],
    )  # fmt: skip
    with app.app_context():
        rid = create_resource(get_session(), row, confirmed=True).id
        get_session().commit()
    features.clear_cache()
    return rid


def test_the_handout_reads_right_for_the_person(app, client, practitioner):
    ids = directory(app)
    near = _next_door(app)
    pid = add_person(app)
    for rid in (near, ids["Far Choir"], ids["Canal Singers"]):
        client.post(f"/people/{pid}/shortlist", data={"resource_id": rid})
    with app.app_context():  # Far Choir was last checked long ago
        far = get_session().get(Resource, ids["Far Choir"])
        far.last_confirmed_at = utcnow() - timedelta(days=400)
        get_session().commit()
    page = _text(client.get(f"/people/{pid}/handout"))
    with app.app_context():
        today = date_text(utcnow())
    assert f"Made for you on {today}." in page
    assert "It is very close to home." in page and "0.0 km" not in page
    assert "We do not know exactly where or when it meets: please check before you go." in page
    assert "We have not checked these details for a while: please check before you go." in page
    assert page.count("please check before you go") == 2  # Canal Singers is fresh and complete
    assert "Who to ask for" not in page  # not asked for
    asked = _text(client.get(f"/people/{pid}/handout?ask_for=1"))
    assert "Who to ask for: Sam Hughes (choir leader)." in asked
    assert asked.count("Who to ask for: none recorded.") == 2  # Next Door and Far Choir


def test_every_match_card_says_where_and_when(app, client, practitioner):
    directory(app)
    pid = add_person(app, max_km=None, budget_pence=None, free_times=[])
    html = client.get(f"/people/{pid}/matches").get_data(as_text=True)
    card = r'<li class="card match"[^>]*>(.*?)</li>\s*(?=<li class="card match"|</ol>|</ul>)'
    cards = re.findall(card, html, re.S)
    assert cards and all('<dl class="where-when">' in card for card in cards)
    page = _text(client.get(f"/people/{pid}/matches"))
    assert "Where" in page and "(about 1.0 km from home)" in page
    assert "When Every Tuesday, 14:00 to 16:00" in page


def test_the_handout_and_matches_page_describe_the_trip_alike_for_a_wheelchair_user(
    app, client, practitioner
):
    ids = directory(app)
    near = _next_door(app)
    pid = add_person(app, travel_modes=["wheelchair"])
    for rid in (near, ids["Canal Singers"]):
        client.post(f"/people/{pid}/shortlist", data={"resource_id": rid})
    handout = _text(client.get(f"/people/{pid}/handout"))
    matches = _text(client.get(f"/people/{pid}/matches"))
    assert "It is very close to home. That is about 1 minute by wheelchair." in handout
    assert "very close to home, about 1 minute by wheelchair" in matches
    assert "It is about 1.0 km from home. That is about 16 minutes by wheelchair." in handout
    assert "1.0 km, about 16 minutes by wheelchair" in matches
    for page in (handout, matches):
        assert "on foot" not in page and "1 minutes" not in page and "0.0 km" not in page


def test_a_short_trip_reads_in_good_english():
    who = person(travel_modes=("walk",), max_km=3.0)
    assert explain.travel_words(who, 0.02) == "very close to home, about 1 minute's walk"
    assert explain.travel_words(who, 0.8) == "0.8 km, about 13 minutes' walk"
    wheels = person(travel_modes=("wheelchair",), max_km=3.0)
    assert explain.travel_words(wheels, 0.05) == "very close to home, about 1 minute by wheelchair"
