"""What a team member types on a normal day, and a partner's API call with a mistyped filter."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import select

from core import db
from directory.models import GazetteerEntry, Resource, ResourceCreate
from directory.resources import create_resource
from tests.directory.edit_helpers import edit_page_form
from tests.directory.public_helpers import add_resource

HEARD = {
    "name": "Tuesday knit and natter",
    "description": "At St Mary's church hall",
    "place": "N7 6QT",
    "day": "tu",
    "start": "10am",
    "end": "12pm",
    "cost": "free",
    "told_by": "a poster at the library",
}


def names(app: Flask) -> list[str]:
    with app.app_context():
        return list(db.get_session().exec(select(Resource.name)).all())


def known(app: Flask, key: str, kind: str, name: str) -> None:
    """The gazetteer knows this place."""
    with app.app_context():
        session = db.get_session()
        session.add(GazetteerEntry(key=key, kind=kind, name=name, latitude=53.79, longitude=-1.6))
        session.commit()


def summary(page: str) -> list[str]:
    """The fields the error summary links to, top to bottom."""
    box = page.split('id="error-summary"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'href="#([\w-]+)"', box)


def test_the_error_summary_lists_problems_in_the_order_of_the_form(
    app: Flask, client: FlaskClient, member: Any
) -> None:
    typed = {**HEARD, "name": "x", "start": "10am", "end": "9am", "cost": "lots", "phone": "12"}
    response = client.post("/workspace/add", data=typed)
    assert response.status_code == 400
    assert summary(response.get_data(as_text=True)) == ["name", "end", "cost", "phone"]


def test_a_name_too_short_or_too_long_is_said_in_plain_words(
    app: Flask, client: FlaskClient, member: Any
) -> None:
    short = client.post("/workspace/add", data={**HEARD, "name": "x"}).get_data(as_text=True)
    assert "Name: use at least 2 characters" in short
    long = client.post("/workspace/add", data={**HEARD, "name": "n" * 300}).get_data(as_text=True)
    assert "Name: use 200 characters or fewer (this has 300)" in long
    told = {**HEARD, "told_by": "t" * 250}
    said = client.post("/workspace/add", data=told).get_data(as_text=True)
    assert "Who told you: use 200 characters or fewer" in said
    assert "string should" not in (short + long + said).lower() and names(app) == []


def test_a_price_with_benefits_above_the_usual_cost_is_refused(
    app: Flask, client: FlaskClient, member: Any
) -> None:
    response = client.post("/workspace/add", data={**HEARD, "cost": "2", "concession": "3"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and 'id="concession-error"' in page
    assert "more than the usual cost" in page and names(app) == []


@pytest.mark.parametrize("url", ["not a website", "www.knit club .org", "javascript:alert(1)"])
def test_quick_add_refuses_a_website_that_is_not_one(
    app: Flask, client: FlaskClient, member: Any, url: str
) -> None:
    response = client.post("/workspace/add", data={**HEARD, "url": url})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and 'id="url-error"' in page
    assert "Enter a web address" in page and names(app) == []


def test_quick_add_keeps_a_website_typed_without_https(
    app: Flask, client: FlaskClient, member: Any
) -> None:
    response = client.post("/workspace/add", data={**HEARD, "url": "www.stmarys.example.org"})
    assert response.status_code == 302 and names(app) == ["Tuesday knit and natter"]


def test_the_edit_form_refuses_an_email_or_website_that_is_not_one(
    app: Flask, client: FlaskClient, member: Any
) -> None:
    rid = add_resource(app, ResourceCreate(name="Chess club", locations=[{"postcode": "N7 6QT"}]))
    form = {**edit_page_form(client, rid), "email": "jean at gmail", "url": "chess club"}
    response = client.post(f"/workspace/resources/{rid}/edit", data=form)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Enter an e-mail address" in page and "Enter a web address" in page
    with app.app_context():
        saved = db.get_session().get(Resource, rid)
        assert saved is not None and (saved.email, saved.url) == ("", "")
    form.update(email="jean@example.org", url="chess.example.org")
    assert client.post(f"/workspace/resources/{rid}/edit", data=form).status_code == 302


def test_word_of_mouth_does_not_claim_people_can_drop_in(
    app: Flask, client: FlaskClient, member: Any
) -> None:
    response = client.post("/workspace/add", data=HEARD)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Drop in: no need to book" not in page
    assert "Not known: ask them how to join" in page


@pytest.mark.parametrize("place", ["ZZ99 9ZZ", "St Marys church hall"])
def test_a_place_that_cannot_be_found_is_said_when_it_is_saved(
    app: Flask, client: FlaskClient, member: Any, place: str
) -> None:
    response = client.post("/workspace/add", data={**HEARD, "place": place})
    if place[0].isalpha() and not place[:2].isupper():  # no postcode: asked first, then kept
        asked = response.get_data(as_text=True)
        assert response.status_code == 400 and f"We could not find “{place}” on the map." in asked
        assert f'name="place_seen" value="{place}"' in asked and place not in names(app)
        response = client.post(
            "/workspace/add", data={**HEARD, "place": place, "place_seen": place}
        )
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"We could not find “{place}”, so this place is on no map" in page


def test_a_venue_the_directory_knows_by_name_is_placed_where_it_is(
    app: Flask, client: FlaskClient, member: Any
) -> None:
    hall = {"name": "Holbrook Community Centre", "postcode": "LS12 3AB", "latitude": 53.79,
            "longitude": -1.60, "address": "1 Holbrook Road"}  # fmt: skip
    with app.app_context():
        session = db.get_session()
        create_resource(session, ResourceCreate(name="Tea dance", locations=[hall]))
        session.commit()
    response = client.post("/workspace/add", data={**HEARD, "place": "holbrook community centre"})
    assert response.status_code == 302
    with app.app_context():
        found = db.get_session().exec(select(Resource).where(Resource.name == HEARD["name"])).one()
        [where] = found.locations
    assert (where.postcode, where.latitude) == ("LS12 3AB", 53.79)


def test_a_mistyped_place_is_offered_its_likely_name_and_can_be_kept_as_typed(
    app: Flask, client: FlaskClient, member: Any
) -> None:
    known(app, "armley", "place", "Armley")
    first = client.post("/workspace/add", data={**HEARD, "place": "Armly"})
    assert first.status_code == 400
    page = first.get_data(as_text=True)
    assert "We could not find “Armly” on the map. Did you mean Armley?" in page
    assert 'value="Armly"' in page and "Tuesday knit and natter" in page  # nothing typed is lost
    assert 'name="place_seen" value="Armly"' in page  # saving again keeps it as typed
    assert "Tuesday knit and natter" not in names(app)  # nothing saved yet
    fixed = client.post("/workspace/add", data={**HEARD, "place": "Armley"})
    assert fixed.status_code == 302
    # A place the gazetteer lacks, kept as typed when asked again (the form sends it back).
    kept = client.post(
        "/workspace/add", data={**HEARD, "name": "Armly Hall teas", "place": "Armly",
                                "place_seen": "Armly"}
    )  # fmt: skip
    assert kept.status_code == 302
    page = client.get(kept.headers["Location"]).get_data(as_text=True)
    assert "We could not find “Armly”, so this place is on no map" in page


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/api/hsds/services?q=knit", "q"),
        ("/api/hsds/services?proximity=1000", "proximity"),
        ("/api/hsds/services?page=1&colour=red", "colour"),
        ("/api/hsds/taxonomy_terms?taxonomy=cg-interest", "taxonomy"),
        ("/api/hsds/?x=1", "x"),
    ],
)
def test_an_api_filter_it_does_not_know_is_a_400_naming_it(
    client: FlaskClient, path: str, name: str
) -> None:
    response = client.get(path)
    assert response.status_code == 400
    body = response.get_json()
    assert body["message"].startswith(f"'{name}' is not a parameter of ")


def test_every_documented_api_filter_is_still_accepted(client: FlaskClient) -> None:
    query = "postcode=N7+6QT&proximity=1000&search=knit&day=TU&minimal=true&format=json"
    assert client.get(f"/api/hsds/service_at_locations?{query}").status_code == 200
    assert client.get("/api/hsds/organizations?full=true&full_service=true").status_code == 200
    assert client.get("/api/hsds/taxonomy_terms?taxonomy_id=x&top_only=true").status_code == 200


def test_the_postcode_a_form_gives_as_its_example_is_one_it_knows(
    app: Flask, client: FlaskClient, member: Any
) -> None:
    assert "for example" not in client.get("/workspace/add").get_data(as_text=True)  # none known
    known(app, "LS12 3AA", "postcode", "LS12 3AA")
    page = client.get("/workspace/add").get_data(as_text=True)
    example = re.search(r"A postcode is best, for example ([A-Z0-9]+ [A-Z0-9]+)", page)
    assert example is not None and example.group(1) != "N7 6QT"  # not in this gazetteer
    response = client.post("/workspace/add", data={**HEARD, "place": example.group(1)})
    assert response.status_code == 302
    saved = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "could not find" not in saved


def test_online_ticked_beside_a_place_is_asked_about_not_dropped(
    app: Flask, client: FlaskClient, member: Any
) -> None:
    answer = client.post("/workspace/add", data={**HEARD, "place": "LS6 1AA", "online": "1"})
    page = answer.get_data(as_text=True)
    assert answer.status_code == 400 and "You ticked &#39;Online&#39; and gave a place" in page
    assert 'value="LS6 1AA"' in page and HEARD["name"] not in names(app)
