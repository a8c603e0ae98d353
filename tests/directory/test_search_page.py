"""The practitioner's search page and resource page, through the Flask test client."""

from __future__ import annotations

import html
import re
from datetime import timedelta
from html.parser import HTMLParser
from typing import Any

import pytest
from flask import Flask, request, url_for
from flask.testing import FlaskClient

from core.db import get_session
from core.times import utcnow
from directory import vocabulary
from directory.models import GazetteerEntry, Organisation, ResourceCreate
from directory.resources import create_resource
from directory.search_form import parse_search
from directory.views.team import safe_snippet
from directory.wording import cost_text

HOLLOWAY = (51.5530, -0.1130)  # the search point, "N7 6QT"
NEAR = (51.5560, -0.1160)  # about 0.4 km away
FAR = (51.6000, -0.2500)  # about 10 km away


class Page(HTMLParser):
    """The ids, labels, links and error-summary links of a page."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.label_for: set[str] = set()
        self.controls: list[dict[str, str]] = []
        self.links: list[str] = []
        self.headings: list[int] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "label" and "for" in a:
            self.label_for.add(a["for"])
        if tag in ("input", "select", "textarea") and a.get("type") != "hidden":
            self.controls.append(a)
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))


@pytest.fixture
def team(member: Any, client: FlaskClient) -> FlaskClient:
    """The client, signed in as a team member (the `member` fixture of tests/conftest.py)."""
    return client


def add(app: Flask, name: str, **fields: Any) -> str:
    """Add one resource (a community place near Holloway unless told otherwise); its id."""
    lat, lon = fields.pop("at", NEAR)
    confirmed_by = fields.pop("confirmed_by", None)
    confirmed_at = fields.pop("confirmed_at", None)
    fields.setdefault("locations", [{"postcode": "N7 6QT", "latitude": lat, "longitude": lon}])
    with app.app_context():
        session = get_session()
        resource = create_resource(
            session,
            ResourceCreate(name=name, **fields),
            added_by_id=confirmed_by,
            confirmed=confirmed_by is not None or confirmed_at is not None,
        )
        if confirmed_at is not None:
            resource.last_confirmed_at = confirmed_at
            resource.created_at = confirmed_at
        session.commit()
        return resource.id


def add_place(app: Flask, key: str, kind: str, lat_lon: tuple[float, float]) -> None:
    """Put a postcode or place name in the gazetteer."""
    with app.app_context():
        session = get_session()
        session.add(
            GazetteerEntry(key=key, kind=kind, name=key, latitude=lat_lon[0], longitude=lat_lon[1])
        )
        session.commit()


def names(client: FlaskClient, query: str) -> list[str]:
    """The result names shown for a query string, in order."""
    response = client.get("/?" + query)
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    text = response.get_data(as_text=True)
    return re.findall(r'<h3><a href="/resources/[^"]+">([^<]+)</a></h3>', text)


@pytest.fixture
def directory_data(app: Flask) -> dict[str, str]:
    """A small directory that each filter can tell apart."""
    add_place(app, "N7 6QT", "postcode", HOLLOWAY)
    return {
        "football": add(
            app,
            "Walking football",
            description="Gentle walking football on Tuesday mornings.",
            interests=["football"],
            access=["step-free", "newcomers-welcome"],
            sessions=[{"day": "tu", "start": "10:00", "end": "12:00"}],
            costs=[{"amount_pence": 300}, {"kind": "concession", "amount_pence": 100}],
        ),
        "choir": add(
            app,
            "Community choir",
            description="A friendly choir singing pop songs.",
            interests=["singing"],
            access=["hearing-loop"],
            sessions=[{"day": "we", "start": "18:30", "end": "20:00"}],
            at=FAR,
        ),
        "garden": add(
            app,
            "Allotment group",
            description="Grow vegetables together.",
            interests=["gardening"],
            access=["step-free"],
            setting="mental-health-service",
            sessions=[{"day": "sa", "start": "13:00", "end": "16:00"}],
            costs=[{"amount_pence": 500}],
        ),
        "online": add(
            app,
            "Online peer support",
            description="A video peer support group.",
            interests=["peer-support"],
            setting="online",
            locations=[],
            sessions=[{"day": "th", "start": "19:00", "end": "20:00"}],
        ),
    }


def test_start_page_has_a_labelled_form_and_no_results(team):
    response = team.get("/")
    assert response.status_code == 200
    page = Page(response.get_data(as_text=True))
    assert "q" in page.ids and "near" in page.ids and "max_cost" in page.ids
    unlabelled = [
        c.get("id") or c.get("name") for c in page.controls if c.get("id") not in page.label_for
    ]
    assert unlabelled == []
    assert page.headings[0] == 1
    assert all(b - a <= 1 for a, b in zip(page.headings, page.headings[1:]))
    assert "result-list" not in response.get_data(as_text=True)


def test_search_words_find_the_matching_resource(team, directory_data):
    assert names(team, "q=football") == ["Walking football"]
    assert "Community choir" in names(team, "q=choir")


def test_an_empty_search_lists_every_active_resource(team, directory_data):
    shown = names(team, "q=")
    assert sorted(shown) == sorted(
        ["Walking football", "Community choir", "Allotment group", "Online peer support"]
    )


@pytest.mark.parametrize(
    "query, expected",
    [
        ("interest=singing", {"Community choir"}),
        ("interest=singing&interest=gardening", {"Community choir", "Allotment group"}),
        ("access=step-free", {"Walking football", "Allotment group"}),
        ("access=step-free&access=newcomers-welcome", {"Walking football"}),
        ("setting=mental-health-service", {"Allotment group"}),
        ("setting=online", {"Online peer support"}),
        ("free=1", {"Community choir", "Online peer support"}),
        ("max_cost=2", {"Community choir", "Online peer support"}),
        ("max_cost=2&benefits=1", {"Walking football", "Community choir", "Online peer support"}),
        (
            "max_cost=5",
            {"Walking football", "Community choir", "Allotment group", "Online peer support"},
        ),
        ("day=tu", {"Walking football"}),
        ("day=sa&day=su", {"Allotment group"}),
        ("day=weekend", {"Allotment group"}),
        ("day=tu,sa", {"Walking football", "Allotment group"}),
        ("day=tuesday&day=we", {"Walking football", "Community choir"}),
        ("day=we&from=18:00&to=21:00", {"Community choir"}),
        ("day=we&from=6pm&to=9pm", {"Community choir"}),
        ("day=we&from=09:00&to=12:00", set()),
    ],
)
def test_each_filter_changes_the_results(team, directory_data, query, expected):
    assert set(names(team, "q=&" + query)) == expected


def test_distance_filter_radius_and_sort(team, directory_data):
    near = names(team, "q=&near=N7+6QT&radius=2")
    assert "Walking football" in near and "Allotment group" in near
    assert "Community choir" not in near
    everything = names(team, "q=&near=N7+6QT&sort=distance&setting=community")
    assert everything.index("Walking football") < everything.index("Community choir")
    text = team.get("/?q=&near=N7+6QT&sort=distance").get_data(as_text=True)
    assert re.search(r"\d+\.\d km \(\d+\.\d miles\)", text)
    assert "near N7 6QT" in text
    assert chip_labels(team, "q=&near=N7+6QT&radius=2") == ["within 2 km of N7 6QT, or online"]


def chip_labels(team: FlaskClient, query: str) -> list[str]:
    """The words of the "Showing:" chips of a search page."""
    text = team.get(f"/?{query}").get_data(as_text=True)
    return [html.unescape(t) for t in re.findall(r'class="chip"[^>]*>([^<]*)<', text)]


@pytest.mark.parametrize(
    ("query", "labels"),
    [
        ("day=sa&from=09:00&to=12:00", ["Saturday mornings"]),
        ("day=sa&day=su&from=17:00&to=23:59", ["weekend evenings"]),
        ("day=tu&from=10:00&to=12:00", ["Tuesday", "10:00 to 12:00"]),
        ("from=12:00&to=17:00", ["afternoons"]),
    ],
)
def test_a_day_and_its_part_are_one_chip_as_asked(team, directory_data, query, labels):
    assert chip_labels(team, f"q=&{query}") == labels


@pytest.mark.parametrize(
    ("query", "refused", "kept"),
    [
        ("max_cost=abc&free=1", "up to £abc", "free"),
        ("near=N7+6QT&radius=-5", "within -5 km", "near N7 6QT"),
        ("from=10:00&to=09:00&day=tu", "10:00", "Tuesday"),
    ],
)
def test_a_refused_value_is_not_shown_as_a_filter_in_force(
    team, directory_data, query, refused, kept
):
    labels = chip_labels(team, f"q=&{query}")
    assert kept in labels and not any(refused in label for label in labels)


@pytest.mark.parametrize("path", ["/", "/public/search"])
@pytest.mark.parametrize(
    ("query", "count"),
    [
        ("", 0),
        ("free=1", 1),
        ("interest=singing&interest=gardening&access=step-free", 3),
        ("setting=online&language=Spanish,+Polish", 3),
        ("near=N7+6QT", 1),
        ("near=N7+6QT&radius=2", 1),
        ("radius=2", 0),
        ("near=Atlantis&free=1", 1),
        ("max_cost=2&benefits=1", 1),
        ("benefits=1", 0),
        ("max_cost=abc&free=1", 1),
        ("day=tu", 1),
        ("from=10:00&to=12:00", 1),
        ("day=tu&from=10:00&to=12:00", 2),
        ("day=sa&from=09:00&to=12:00", 1),
        ("day=sa&day=su&from=17:00&to=23:59&near=N7+6QT&radius=5&free=1", 3),
    ],
)
def test_the_filters_count_is_the_number_of_chips(team, directory_data, path, query, count):
    text = team.get(f"{path}?q=&{query}").get_data(as_text=True)
    chips = re.findall(r'class="chip"[^>]*>', text)
    shown = re.search(r'class="filters-title">Filters(?: \((\d+)<)?', text)
    assert shown is not None
    assert (int(shown.group(1) or 0), len(chips)) == (count, count)


def test_result_card_shows_what_a_practitioner_needs(team, directory_data):
    text = team.get("/?q=football").get_data(as_text=True)
    assert "£3, £1 with benefits" in text
    assert "Every" not in text and re.search(
        r"(Today|Tomorrow|Tuesday \d+ \w+), 10:00 to 12:00", text
    )
    assert "Step-free access" in text and 'aria-hidden="true"' in text
    assert "Community setting" in text
    assert "Needs checking" in text
    assert re.search(r'role="status"[^>]*>\s*1 result', text)
    with_benefits = team.get("/?q=football&benefits=1").get_data(as_text=True)
    assert "£1 with benefits" in with_benefits


def test_stale_marker_shows_on_old_entries_only(team, app):
    add(
        app,
        "Old knitting circle",
        interests=["crafts"],
        confirmed_at=utcnow() - timedelta(days=400),
    )
    add(app, "New knitting circle", interests=["crafts"], confirmed_at=utcnow())
    text = team.get("/?q=knitting").get_data(as_text=True)
    cards = text.split('<li class="card result"')[1:]
    stale = {re.search(r">([^<]+)</a></h3>", c).group(1): "Not confirmed since" in c for c in cards}
    assert stale == {"Old knitting circle": True, "New knitting circle": False}


def test_pagination_walks_through_every_result(team, app):
    for i in range(23):
        add(app, f"Pottery class {i:02d}", interests=["pottery"])
    first = team.get("/?interest=pottery&q=")
    text = first.get_data(as_text=True)
    assert "23 results" in text and "page 1 of 2" in text
    second_link = re.search(r'href="([^"]+)" rel="next"', text).group(1).replace("&amp;", "&")
    page_two = names(team, second_link.split("?", 1)[1])
    page_one = names(team, "interest=pottery&q=")
    assert len(page_one) == 20 and len(page_two) == 3
    assert not set(page_one) & set(page_two)


def test_facets_link_to_a_narrower_search(team, directory_data):
    text = team.get("/?q=").get_data(as_text=True)
    match = re.search(r'<a href="([^"]+)">Singing <span class="count">\((\d+)\)', text)
    assert match and match.group(2) == "1"
    narrowed = names(team, match.group(1).replace("&amp;", "&").split("?", 1)[1])
    assert narrowed == ["Community choir"]


def test_a_misspelling_says_the_results_are_for_the_word_it_was_taken_for(team, directory_data):
    text = team.get("/?q=fotball").get_data(as_text=True)
    said = re.search(
        r'No entry has “fotball”, so these results are for “<a href="[^"]*">([^<]+)<', text
    )
    assert said and said.group(1) == "football"
    assert re.search(r"\d+ results? for “football”", text)  # the count names what was searched


def test_when_no_entry_has_every_word_the_page_says_any_will_do(team, directory_data):
    text = team.get("/?q=choir+pottery").get_data(as_text=True)
    assert "Community choir" in text
    assert "No entry has all of “choir pottery”, so these have any of those words." in text
    assert "No entry has all" not in team.get("/?q=community+choir").get_data(as_text=True)


@pytest.mark.parametrize(
    "query, field, message",
    [
        ("max_cost=-1", "max_cost", "between £0 and £1000"),
        ("max_cost=5000", "max_cost", "between £0 and £1000"),
        ("max_cost=three", "max_cost", "in pounds"),
        ("max_cost=1e3", "max_cost", "in pounds"),
        ("max_cost=1.555", "max_cost", "pounds and pence"),
        ("from=25:00", "from", "as a time of day"),
        ("from=soon", "from", "as a time of day"),
        ("from=14:00&to=10:00", "to", "after the earliest time"),
        ("day=funday", "day", "day of the week"),
        ("near=Atlantis", "near", "could not find"),
        ("radius=-3&near=N7+6QT", "radius", "between 0 and"),
        ("interest=knitting-by-numbers", "interest-0", "not one we know"),
        ("access=teleporter", "access-0", "not one we know"),
        ("sort=loudest", "sort", "sort"),
        ("sort=distance", "near", "sort the results by distance"),
        ("q=" + "x" * 300, "q", "200 characters"),
    ],
)
def test_bad_input_gives_a_clear_linked_message(team, directory_data, query, field, message):
    response = team.get("/?" + query)
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    summary = text[
        text.index('class="error-summary"') : text.index(
            "</div>", text.index('class="error-summary"')
        )
    ]
    assert f'href="#{field}"' in summary and message in summary
    assert f'id="{field}"' in text
    assert "result-list" not in text


@pytest.mark.parametrize("page", ["0", "abc", "99999", "0%1F"])  # %1F: a control character
def test_a_bad_page_number_shows_the_first_page_and_says_so(team, directory_data, page):
    response = team.get(f"/?q=&page={page}")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "The page must be a whole number" in text and "showing page 1" in text
    assert "Walking football" in text


def test_bad_input_keeps_what_was_typed(team, directory_data):
    text = team.get("/?q=football&max_cost=lots&day=tu").get_data(as_text=True)
    assert 'value="football"' in text and 'value="lots"' in text
    assert '<option value="tu" selected>' in text


def test_map_data_is_json_not_script(team, directory_data):
    text = team.get("/?q=&near=N7+6QT").get_data(as_text=True)
    assert '<script type="application/json" id="map-data">' in text
    assert 'id="results-map"' in text
    scripts = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", text)
    assert scripts == []


def test_resource_page_shows_everything_including_team_notes(team, app):
    with app.app_context():
        session = get_session()
        org = Organisation(name="Holloway Sports Trust")
        session.add(org)
        session.commit()
        org_id = org.id
    resource_id = add(
        app,
        "Walking football",
        description="Gentle walking football.",
        organisation_id=org_id,
        interests=["football"],
        access=["step-free"],
        sessions=[{"day": "tu", "start": "10:00", "end": "12:00"}],
        costs=[{"amount_pence": 300}, {"kind": "concession", "amount_pence": 0}],
        phone="020 7946 0000",
        team_notes="Ask for Priya at the gate.",
        team_contact="Priya 07700 900000",
        how_to_join="drop-in",
    )
    response = team.get(f"/resources/{resource_id}")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    for shown in (
        "Holloway Sports Trust",
        "£3, free with benefits",
        "Every Tuesday, 10:00 to 12:00",
        "Step-free access",
        "020 7946 0000",
        "Ask for Priya at the gate.",
        "Priya 07700 900000",
        "Not yet confirmed",
        "Needs checking",
    ):
        assert shown in text, shown


def test_resource_page_says_who_confirmed_it(team, app, users):
    from core.models import User

    with app.app_context():
        name = get_session().get(User, users["practitioner"]).display_name
    resource_id = add(app, "Tea dance", interests=["dance"], confirmed_by=users["practitioner"])
    text = team.get(f"/resources/{resource_id}").get_data(as_text=True)
    assert re.search(rf"Last confirmed \d+ \w+ \d{{4}} by {name}", text)
    assert "Needs checking" not in text


def test_missing_resource_is_a_calm_404(team):
    response = team.get("/resources/no-such-id")
    assert response.status_code == 404
    assert "not in the directory" in response.get_data(as_text=True)


def test_cost_text_describes_concessions():
    from directory.models import Resource, ResourceCost

    def priced(*costs: tuple[str, int]) -> Resource:
        return Resource(name="x", costs=[ResourceCost(kind=k, amount_pence=p) for k, p in costs])

    assert cost_text(priced()) == "Not known"  # nothing recorded is not a price of nothing
    assert cost_text(priced(("standard", 0))) == "Free"
    assert cost_text(priced(("standard", 300), ("concession", 100))) == "£3, £1 with benefits"
    assert cost_text(priced(("standard", 250), ("concession", 0))) == "£2.50, free with benefits"
    assert cost_text(priced(("standard", 400))) == "£4"


def test_snippets_keep_highlights_and_escape_everything_else():
    shown = str(safe_snippet("walking <mark>football</mark> &amp; <script>alert(1)</script>"))
    assert "<mark>football</mark>" in shown
    assert "<script>" not in shown and "&lt;script&gt;" in shown
    assert "&amp; " in shown and "&amp;amp;" not in shown


def test_still_running_on_a_result_confirms_it_and_returns_to_the_search(team, directory_data):
    search = "/?q=walking&near=N7+6QT&benefits=1"
    page = team.get(search).get_data(as_text=True)
    card = next(c for c in page.split('<li class="card result"') if "Walking football" in c)
    assert "Needs checking" in card
    form = re.search(r'<form id="([^"]+)" method="post"[^>]*>(.*?)</form>', page, re.S)
    assert form
    fields = {
        name: html.unescape(value)
        for name, value in re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', form[2])
    }
    button = re.search(
        r'<button type="submit" form="([^"]+)" formaction="([^"]+)" name="next" value="([^"]+)"',
        card,
    )
    assert button and button[1] == form[1] and "Still running" in card
    anchor = re.match(r' id="([^"]+)"', card)
    assert anchor and html.unescape(button[3]) == f"{search}#{anchor[1]}"
    assert '<span class="visually-hidden">: Walking football</span>' in card
    # Exactly what a browser sends: the page's form and the button's own value, to its URL.
    fields["next"] = html.unescape(button[3])
    answer = team.post(html.unescape(button[2]), data=fields, csrf=False)
    assert answer.status_code == 302 and answer.headers["Location"] == f"{search}#{anchor[1]}"
    after = team.get(search).get_data(as_text=True)
    assert "Confirmed “Walking football” is still running." in after
    card = next(c for c in after.split('<li class="card result"') if "Walking football" in c)
    assert "Needs checking" not in card


def test_facet_links_are_this_search_with_one_more_filter(team, app, directory_data):
    search = (
        "/?q=walking+%26+%27football%27&interest=football&access=step-free"
        "&near=N7+6QT&radius=5&day=tu&sort=name&page=1"
    )
    page = team.get(search).get_data(as_text=True)
    hrefs = [html.unescape(h) for h in re.findall(r'<li><a href="([^"]+)">[^<]+ <span', page)]
    assert len(hrefs) >= 2
    with app.test_request_context(search):
        form = parse_search(request.args, get_session())
        groups = {
            "interest": (vocabulary.INTEREST, form.interests),
            "access": (vocabulary.ACCESS, form.access),
            "setting": (vocabulary.SETTING, form.settings),
        }
        expected = {
            url_for("team.home", **form.args(**{key: [*sorted(chosen), code], "page": ""}))
            for key, (scheme, chosen) in groups.items()
            for code in vocabulary.TERMS[scheme]
            if code not in chosen
        }
        expected.add(url_for("team.home", **form.args(free="1", page="")))
    assert set(hrefs) <= expected


def test_a_page_past_the_last_says_how_many_there_are_and_goes_back_to_the_last(
    team, directory_data
):
    text = team.get("/?q=&page=50").get_data(as_text=True)
    count = re.search(r'id="results-count"[^>]*>(.*?)</p>', text, flags=re.S).group(1)
    assert "there is only 1 page, not 50. " in " ".join(count.split())
    assert "of 1" not in count and '<a href="/?q=">Go to page 1</a>' in count


def test_a_price_compared_at_its_concession_says_so_on_its_chip(team, directory_data):
    text = team.get("/?q=&max_cost=2&benefits=1").get_data(as_text=True)
    assert "up to £2 with a concession" in text
    assert "Walking football" in text  # £3, but £1 with the concession
    plain = team.get("/?q=&max_cost=2").get_data(as_text=True)
    assert "with a concession" not in plain and "Walking football" not in plain
