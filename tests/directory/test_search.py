"""The directory's search, on SQLite + whoosh and on PostgreSQL full-text, with a real index."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from geopy.distance import great_circle

from core.db import get_session
from directory.models import ResourceCreate
from directory.resources import create_resource
from directory.search import SearchFilters, get_search

HOME = (51.5548, -0.1192)  # N7 6QT
NEAR = {"postcode": "N7 6QT", "latitude": 51.5550, "longitude": -0.1190}  # ~0.03 km
MID = {"postcode": "N5 1AA", "latitude": 51.5548, "longitude": -0.0900}  # ~2 km east
FAR = {"postcode": "NW3 1AA", "latitude": 51.5548, "longitude": -0.1800}  # ~4.2 km west


def add(app: Flask, name: str, confirmed: bool = True, **fields: Any) -> str:
    """Create one resource through the service layer and commit it."""
    fields.setdefault("locations", [NEAR] if fields.get("setting") != "online" else [])
    with app.app_context():
        session = get_session()
        resource = create_resource(
            session, ResourceCreate(name=name, **fields), confirmed=confirmed
        )
        session.commit()
        return resource.id


def find(app: Flask, query: str = "", **filters: Any) -> list[str]:
    """Ids of every result (all pages) for a query and filters."""
    sort = filters.pop("sort", "relevance")
    return get_search(app).search(query, SearchFilters(**filters), sort, 1, 100).ids


def test_synonym_finds_tagged_resource(app: Flask) -> None:
    garden = add(
        app,
        "Green Fingers Club",
        description="We grow vegetables together.",
        interests=["gardening"],
    )
    add(app, "Chess Club", description="Friendly games.", interests=["chess"])
    assert find(app, "allotment") == [garden]
    assert find(app, "community garden") == [garden]


def test_a_phrase_run_together_finds_what_the_phrase_does(app: Flask) -> None:
    books = add(app, "Page Turners", description="A book club.", interests=["reading"])
    games = add(app, "Dice night", description="Board games for all.", interests=["board-games"])
    add(app, "Chess Club", description="Friendly games.", interests=["chess"])
    # "bookclub" and "boardgames" matched nothing: no entry's text runs the words together.
    assert find(app, "bookclub") == [books]
    assert find(app, "boardgames") == [games]


def test_guitar_finds_guitar_and_music_resources(app: Flask) -> None:
    circle = add(app, "Strummers", description="Weekly circle.", interests=["guitar"])
    band = add(app, "Open band night", description="Bring a guitar or a drum.", interests=["music"])
    add(app, "Knit and natter", interests=["crafts"])
    assert set(find(app, "guitar")) == {circle, band}


def test_typo_is_tolerated_and_suggested(app: Flask) -> None:
    garden = add(
        app,
        "Green Fingers Club",
        description="Community gardening on Tuesdays.",
        interests=["gardening"],
    )
    add(app, "Chess Club", interests=["chess"])
    result = get_search(app).search("gardnening")
    assert result.ids == [garden]
    assert result.suggestions == ["gardening"]
    assert get_search(app).search("gardening").suggestions == []


def test_a_short_word_is_not_corrected_into_another_word(app: Flask) -> None:
    art = add(app, "Art club", description="Drawing and painting.", interests=["painting"])
    add(app, "Quiet reading", description="A quiet room with books.", interests=["reading"])
    for typed in ("alert", "quire"):  # two edits from "art" and "quiet": other words
        result = get_search(app).search(typed)
        assert result.suggestions == [] and result.ids == [], typed
    assert get_search(app).search("arr").suggestions == ["art"]  # one edit: a slip
    assert get_search(app).search("arr").ids == [art]


def test_snippet_is_escaped_apart_from_highlight(app: Flask) -> None:
    rid = add(
        app,
        "Pottery corner",
        description="Clay <b>and</b> glaze & wheel pottery for ages 8 <12 or > 60.",
        interests=["pottery"],
    )
    result = get_search(app).search("wheel")
    assert result.ids == [rid]
    html = result.snippets[rid]
    assert "<mark>wheel</mark>" in html
    assert "&lt;/b&gt;" in html and "&amp;" in html and "8 &lt;12 or &gt; 60" in html
    assert "<b>" not in html


def test_an_excerpt_says_where_it_cuts_the_description_short(app: Flask) -> None:
    words = " ".join(f"word{n}" for n in range(60))
    rid = add(app, "Long one", description=f"{words} pottery {words}.", interests=["pottery"])
    short = add(app, "Short one", description="Wheel pottery on Tuesdays.", interests=["pottery"])
    snippets = get_search(app).search("pottery").snippets
    assert snippets[rid].startswith("… ") and snippets[rid].endswith(" …"), snippets[rid]
    assert snippets[short] == "Wheel <mark>pottery</mark> on Tuesdays."


def test_the_same_search_shows_the_same_excerpt_every_time(app: Flask) -> None:
    opening = "A short, led walk at a chatty pace on flat paths, finishing at a cafe."
    rest = " Meets at the wharf, by the lock gates and the old boat yard, beside the"
    rest += " mill and the bridge over the river. Run by the Walk Valley group."
    rid = add(app, "Towpath stroll", description=opening + rest)
    seen = set()
    for n in range(40):
        _held = [object() for _ in range(n % 7)]  # objects made between searches, as a server does
        seen.add(get_search(app).search("walking").snippets[rid])
    assert len(seen) == 1, seen
    assert "<mark>walk</mark> at a chatty pace" in seen.pop()  # the first of two equal places


def test_all_words_required_then_relaxed(app: Flask) -> None:
    both = add(app, "Tuesday chess", description="Chess every Tuesday.", interests=["chess"])
    chess = add(app, "Chess club", description="Weekend games.", interests=["chess"])
    assert find(app, "chess tuesday") == [both]
    # No resource has both words: any-word matches, those matching more first.
    relaxed = find(app, "chess zebracorn")
    assert set(relaxed) == {both, chess}


def test_interest_filter(app: Flask) -> None:
    garden = add(app, "Green club", description="Outdoors club.", interests=["gardening"])
    add(app, "Walking club", description="Outdoors club.", interests=["walking"])
    assert find(app, "club", interests=("gardening",)) == [garden]
    assert find(app, interests=("gardening",)) == [garden]


def test_free_only_and_cost_after_concession(app: Flask) -> None:
    free = add(app, "Free swim", interests=["swimming"])
    paid = add(
        app,
        "Swim lessons",
        interests=["swimming"],
        costs=[
            {"kind": "standard", "amount_pence": 600},
            {"kind": "concession", "amount_pence": 150},
        ],
    )
    dear = add(
        app, "Swim squad", interests=["swimming"], costs=[{"kind": "standard", "amount_pence": 900}]
    )
    assert find(app, "swim", free_only=True) == [free]
    assert set(find(app, "swim", max_cost_pence=200)) == {free}
    assert set(find(app, "swim", max_cost_pence=200, receives_benefits=True)) == {free, paid}
    assert set(find(app, "swim", max_cost_pence=1000)) == {free, paid, dear}
    assert set(find(app, "", max_cost_pence=200, receives_benefits=True)) == {free, paid}


def test_access_features_all_required(app: Flask) -> None:
    both = add(app, "Calm choir", interests=["singing"], access=["step-free", "hearing-loop"])
    add(app, "Loud choir", interests=["singing"], access=["step-free"])
    assert find(app, "choir", access=("step-free", "hearing-loop")) == [both]
    assert len(find(app, "choir", access=("step-free",))) == 2


def test_day_and_time_window(app: Flask) -> None:
    morning = add(
        app,
        "Morning yoga",
        interests=["yoga"],
        sessions=[{"day": "tu", "start": "10:00", "end": "11:00"}],
    )
    add(
        app,
        "Evening yoga",
        interests=["yoga"],
        sessions=[{"day": "tu", "start": "18:00", "end": "19:30"}],
    )
    add(
        app,
        "Overlapping yoga",
        interests=["yoga"],
        sessions=[{"day": "tu", "start": "11:30", "end": "12:30"}],
    )
    add(
        app,
        "Wednesday yoga",
        interests=["yoga"],
        sessions=[{"day": "we", "start": "10:00", "end": "11:00"}],
    )
    anytime = add(app, "Yoga videos", interests=["yoga"], setting="online")
    window = {"days": ("tu",), "time_from": "09:30", "time_to": "12:00"}
    assert set(find(app, "yoga", **window)) == {morning, anytime}
    assert len(find(app, "yoga", days=("tu",))) == 4
    assert set(find(app, "", **window)) == {morning, anytime}
    assert find(app, "", days=("we",), time_from="12:00", settings=("community",)) == []


def test_several_days_find_a_session_on_any_of_them(app: Flask) -> None:
    """The weekend: a walk on Saturday or one on Sunday, not the midweek one; an entry with no
    fixed sessions passes, as it does for one day; a time window holds on those days only."""

    def walk(name: str, day: str, start: str, end: str) -> str:
        return add(app, name, interests=["walking"],
                   sessions=[{"day": day, "start": start, "end": end}])  # fmt: skip

    saturday = walk("Saturday stroll", "sa", "10:00", "11:30")
    sunday = walk("Sunday ramble", "su", "14:00", "16:00")
    walk("Wednesday walk", "we", "10:00", "11:30")
    friday = walk("Friday morning walk", "fr", "10:00", "11:30")
    anytime = add(app, "Walking routes", interests=["walking"], setting="online")
    weekend = ("sa", "su")
    assert set(find(app, "walk", days=weekend)) == {saturday, sunday, anytime}
    assert set(find(app, "", days=weekend, interests=("walking",))) == {
        saturday, sunday, anytime}  # fmt: skip
    mornings = {"time_from": "09:00", "time_to": "12:00"}
    assert set(find(app, "walk", days=weekend, **mornings)) == {saturday, anytime}
    assert set(find(app, "walk", days=("fr", "su"), **mornings)) == {friday, anytime}


def test_setting_filter(app: Flask) -> None:
    online = add(app, "Online book club", interests=["reading"], setting="online")
    add(app, "Library book club", interests=["reading"])
    assert find(app, "book", settings=("online",)) == [online]


def test_status_defaults_to_active(app: Flask) -> None:
    active = add(app, "Open art studio", interests=["painting"])
    closed = add(app, "Closed art studio", interests=["painting"], status="closed")
    assert find(app, "art") == [active]
    assert set(find(app, "art", statuses=())) == {active, closed}
    assert find(app, "art", statuses=("closed",)) == [closed]


def test_public_only_and_review_states(app: Flask) -> None:
    shown = add(app, "Confirmed choir", interests=["singing"])
    add(app, "Private choir", interests=["singing"], is_public=False)
    unchecked = add(app, "Unchecked choir", interests=["singing"], confirmed=False)
    assert find(app, "choir", public_only=True) == [shown]
    assert find(app, "choir", review_states=("needs-checking",)) == [unchecked]


def test_distance_radius_and_sort(app: Flask) -> None:
    near = add(app, "Near walk", interests=["walking"], locations=[NEAR])
    mid = add(app, "Mid walk", interests=["walking"], locations=[MID])
    far = add(app, "Far walk", interests=["walking"], locations=[FAR])
    online = add(app, "Walking podcast", interests=["walking"], setting="online")
    within = find(app, "walk", near=HOME, radius_km=3.0, sort="distance")
    assert within == [near, mid, online]
    everything = find(app, "walk", near=HOME, sort="distance")
    assert everything == [near, mid, far, online]
    result = get_search(app).search("walk", SearchFilters(near=HOME), "distance")
    assert result.distances_km[near] < 0.1
    assert 1.9 < result.distances_km[mid] < 2.1
    assert far not in find(app, near=HOME, radius_km=3.0)


def test_by_distance_entries_saying_the_words_come_before_nearer_related_ones(app: Flask) -> None:
    # "choir" names the singing interest, so every singing entry matches it; a person asking
    # for a choir near them wants the choirs first, then other singing groups.
    nearer = add(app, "Sing for joy", description="Songs from the shows.", interests=["singing"])
    choir = add(app, "Community choir", interests=["singing"], locations=[MID])
    far = add(app, "Rock group", description="A choir for rock songs.", interests=["singing"],
              locations=[FAR])  # fmt: skip
    online = add(app, "Choir online", interests=["singing"], setting="online")
    result = get_search(app).search("choir", SearchFilters(near=HOME), "distance")
    assert result.ids == [choir, far, online, nearer]
    assert result.said_first
    relevance = get_search(app).search("choir", SearchFilters(near=HOME), "relevance")
    assert nearer in relevance.ids and not relevance.said_first
    # No entry has every word: the entries about the interest named, those saying it first.
    some = get_search(app).search("choir zebra", SearchFilters(near=HOME), "distance")
    assert some.topic == "choir" and some.said_first and some.ids == [choir, far, online, nearer]
    # Every entry found says it: plain nearest first, and nothing to say about the order.
    both = SearchFilters(near=HOME, only_ids=frozenset({far, choir}))
    every = get_search(app).search("choir", both, "distance")
    assert every.ids == [choir, far] and not every.said_first


def test_by_distance_entries_at_the_same_place_go_by_how_well_they_match(app: Flask) -> None:
    # Only a tie in distance is ordered by the words' score; then by name.
    weak = add(app, "Arts evening", description="Some pottery too.", locations=[MID])
    strong = add(app, "Pottery wheel pottery", description="Pottery and glazing pottery.",
                 locations=[MID])  # fmt: skip
    nearer = add(app, "Craft night", description="Pottery now and then.", locations=[NEAR])
    result = get_search(app).search("pottery", SearchFilters(near=HOME), "distance")
    assert result.ids == [nearer, strong, weak]


def test_radius_finds_every_place_inside_it_whichever_way_it_lies(app: Flask) -> None:
    inside, outside = set(), set()
    # Just inside too: earthdistance's sphere is larger than ours, so its box is not ours.
    for bearing in range(0, 360, 30):
        for share, found in ((0.97, inside), (0.999, inside), (1.001, outside), (1.03, outside)):
            at = great_circle(kilometers=3.0 * share).destination(HOME, bearing)
            place = {"postcode": "N7 6QT", "latitude": at.latitude, "longitude": at.longitude}
            found.add(add(app, f"Walk {bearing} {share}", interests=["walking"], locations=[place]))
    assert set(find(app, "walk", near=HOME, radius_km=3.0)) == inside
    assert set(find(app, "walk", near=HOME, radius_km=3.0, sort="distance")) == inside
    assert set(find(app, near=HOME, radius_km=3.0, sort="distance")) == inside


def test_distance_counts_each_resource_once_at_its_nearest_place(app: Flask) -> None:
    two = add(app, "Two-place walk", interests=["walking"], locations=[FAR, NEAR])
    mid = add(app, "Mid walk", interests=["walking"], locations=[MID])
    assert find(app, near=HOME) == [two, mid]
    assert find(app, near=HOME, radius_km=3.0, sort="distance") == [two, mid]
    result = get_search(app).search("", SearchFilters(near=HOME), "distance")
    assert result.distances_km[two] < 0.1 and result.total == 2


def test_empty_query_lists_everything_that_passes(app: Flask) -> None:
    b = add(app, "Bravo", interests=["chess"])
    a = add(app, "Alpha", interests=["chess"])
    add(app, "Closed", interests=["chess"], status="closed")
    assert find(app) == [a, b]


def test_pagination(app: Flask) -> None:
    ids = {add(app, f"Reading group {i:02d}", interests=["reading"]) for i in range(23)}
    backend = get_search(app)
    pages = [backend.search("reading", page=p, per_page=10) for p in (1, 2, 3)]
    assert [len(p.ids) for p in pages] == [10, 10, 3]
    assert all(p.total == 23 and p.pages == 3 for p in pages)
    assert set(pages[0].ids + pages[1].ids + pages[2].ids) == ids
    assert backend.search("reading", page=9, per_page=10).ids == []
    assert backend.search("reading", page=0, per_page=10).ids == pages[0].ids


def test_facets_count_matching_resources(app: Flask) -> None:
    add(app, "Garden club", interests=["gardening", "socialising"], access=["step-free"])
    add(app, "Garden walk", interests=["gardening", "walking"])
    add(app, "Garden videos", interests=["gardening"], setting="online")
    add(app, "Chess", interests=["chess"])
    facets = get_search(app).search("garden").facets
    assert facets["interests"] == {"gardening": 3, "socialising": 1, "walking": 1}
    assert facets["access"] == {"step-free": 1}
    assert facets["settings"] == {"community": 2, "online": 1}
    assert facets["cost"] == {"free": 3}


def test_changes_reach_the_index(app: Flask) -> None:
    rid = add(app, "Wednesday painters", interests=["painting"])
    assert find(app, "painters") == [rid]
    with app.app_context():
        from directory.models import Resource

        session = get_session()
        resource = session.get(Resource, rid)
        assert resource is not None
        resource.name = "Wednesday sketchers"
        session.commit()
        assert find(app, "sketchers") == [rid]
        assert find(app, "painters") == []
        assert find(app, "painting") == [rid]  # still a painting resource via its term
        assert find(app, "wednesday") == [rid]
        session.delete(resource)
        session.commit()
    assert find(app, "sketchers") == []
    assert get_search(app).is_current()


def test_rollback_leaves_no_phantom(app: Flask) -> None:
    with app.app_context():
        session = get_session()
        create_resource(session, ResourceCreate(name="Phantom fencing", locations=[NEAR]))
        session.flush()
        session.rollback()
        kept = create_resource(session, ResourceCreate(name="Real fencing", locations=[NEAR]))
        session.commit()
    assert find(app, "fencing") == [kept.id]
    assert find(app, "phantom") == []
    assert get_search(app).is_current()


def test_reindex_command(app: Flask) -> None:
    add(app, "Repair cafe", interests=["repair"])
    add(app, "Bike repair", interests=["repair", "cycling"])
    result = app.test_cli_runner().invoke(args=["reindex"])
    assert result.exit_code == 0, result.output
    assert "Indexed 2 resources." in result.output
    assert len(find(app, "repair")) == 2


@pytest.mark.parametrize("bad", ["", "   ", "!!!", "a the of", "x" * 500, "' OR 1=1 --"])
def test_odd_queries_do_not_fail(app: Flask, bad: str) -> None:
    add(app, "Chess club", interests=["chess"])
    result = get_search(app).search(bad)
    assert result.total in (0, 1)


def test_closest_spelling_beats_a_more_common_word(app: Flask) -> None:
    theatre = add(app, "Drama group", description="Theatre games.", interests=["theatre"])
    for i in range(3):
        add(app, f"Drop-in {i}", description="At the community centre.", interests=["chess"])
    result = get_search(app).search("teatre")
    assert result.suggestions == ["theatre"]
    assert result.ids == [theatre]


def test_two_letters_swapped_are_one_slip(app: Flask) -> None:
    walk = add(app, "Walking group", description="A friendly walk.", interests=["walking"])
    for typed, meant in (("gruop", "group"), ("wlak", "walk")):
        result = get_search(app).search(typed)
        assert result.suggestions == [meant], typed
        assert result.ids == [walk], typed


def test_the_next_search_sees_a_write_and_filters_it_with_no_version_passed(
    app: Flask,
) -> None:
    walk = add(app, "Canal walk", interests=["walking"])
    search = get_search(app)
    assert search.search("walk").ids == [walk]
    later = add(app, "Park walk", interests=["walking"])
    # The search reads the directory as it now is (the feed, or the database itself).
    found = search.search("walk", SearchFilters(max_cost_pence=0)).ids
    assert set(found) == {walk, later}


def test_places_addresses_and_postcodes_are_searchable(app: Flask) -> None:
    hall = {"name": "Armley Hall", "address": "5 Town Street, Armley, Leeds",
            "postcode": "LS12 3AA", "latitude": 53.79, "longitude": -1.59}  # fmt: skip
    other = {"name": "Holbeck Rooms", "address": "2 Marshall Street, Leeds",
             "postcode": "LS11 9AA", "latitude": 53.78, "longitude": -1.55}  # fmt: skip
    at_hall = add(app, "Tuesday chess", description="Friendly games.", locations=[hall])
    elsewhere = add(app, "Board games", description="Cards and dice.", locations=[other])
    online = add(app, "Armley online book club", description="Books.", setting="online")
    assert set(find(app, "Town Street")) == {at_hall}
    assert set(find(app, "Armley")) == {at_hall, online}
    assert find(app, "LS12 3AA")[0] == at_hall
    assert find(app, "LS11") == [elsewhere]
    assert set(find(app, "Leeds")) == {at_hall, elsewhere}


def test_languages_and_source_categories_are_searchable(app: Flask) -> None:
    from directory.models import Resource, ResourceLanguage, ResourceTerm, SourceTerm

    spanish = add(app, "Advice clinic", description="Money advice.")
    other = add(app, "Advice drop-in", description="Money advice.")
    with app.app_context():
        session = get_session()
        found = session.get(Resource, spanish)
        assert found is not None
        found.languages = [ResourceLanguage(code="es")]
        session.add(SourceTerm(id="t1", source="test", taxonomy="AIRS", code="BH-180",
                               name="Food pantries"))  # fmt: skip
        session.add(ResourceTerm(resource_id=other, term_id="t1"))
        session.commit()
    get_search(app).index([spanish, other])
    assert find(app, "spanish") == [spanish]
    assert find(app, "pantries") == [other]


def test_only_ids_limits_the_search_to_those_resources(app: Flask) -> None:
    chosen = add(app, "Canal walk", interests=["walking"])
    add(app, "Park walk", interests=["walking"])
    assert find(app, "walk", only_ids=frozenset({chosen, "no-such-id"})) == [chosen]
    assert find(app, only_ids=frozenset()) == []


def test_the_language_filter_keeps_services_in_that_language(app: Flask) -> None:
    from directory.models import Resource, ResourceLanguage

    spanish = add(app, "Advice clinic", description="Money advice.")
    polish = add(app, "Advice hour", description="Money advice.")
    add(app, "Advice drop-in", description="Money advice.")
    with app.app_context():
        session = get_session()
        for rid, code in ((spanish, "es"), (polish, "pl")):
            found = session.get(Resource, rid)
            assert found is not None
            found.languages = [ResourceLanguage(code=code)]
        session.commit()
    get_search(app).index([spanish, polish])
    assert find(app, "advice", languages=("es",)) == [spanish]
    assert set(find(app, "advice", languages=("es", "pl"))) == {spanish, polish}
    assert find(app, languages=("es",)) == [spanish]
    assert find(app, "advice", languages=("cy",)) == []


def test_the_category_filter_keeps_services_the_source_filed_there(app: Flask) -> None:
    from directory.models import ResourceTerm, SourceTerm

    pantry = add(app, "Food bank", description="Food and advice.")
    meals = add(app, "Lunch club", description="Food and company.")
    add(app, "Cookery class", description="Food skills.")
    with app.app_context():
        session = get_session()
        session.add(SourceTerm(id="t-food", source="test", taxonomy="AIRS", code="BD-1800",
                               name="Food pantries"))  # fmt: skip
        session.add(SourceTerm(id="t-meals", source="test", taxonomy="AIRS", code="BD-5000",
                               name="Congregate meals"))  # fmt: skip
        session.flush()
        session.add(ResourceTerm(resource_id=pantry, term_id="t-food"))
        session.add(ResourceTerm(resource_id=meals, term_id="t-meals"))
        session.commit()
    get_search(app).index([pantry, meals])
    assert find(app, "food", categories=("t-food",)) == [pantry]
    assert set(find(app, "food", categories=("t-food", "t-meals"))) == {pantry, meals}
    assert find(app, categories=("t-meals",)) == [meals]
    assert find(app, "food", categories=("no-such-term",)) == []


def _at(code: str, street: str) -> dict[str, Any]:
    """A place at a US ZIP code (kept as the HSDS import keeps one: in postal_code and at the
    end of the address; ZIP+4 as some exports give it) or at a UK postcode."""
    if code[0].isdigit():
        return {"name": street, "address": f"{street}, Baltimore, MD, {code}", "city": "Baltimore",
                "state_province": "MD", "postal_code": code, "latitude": 39.33,
                "longitude": -76.66}  # fmt: skip
    return {"name": street, "address": f"{street}, Leeds", "postcode": code, "latitude": 53.79,
            "longitude": -1.59}  # fmt: skip


@pytest.mark.parametrize(
    ("query", "here", "there"),
    [
        ("21215", "21215", "21218"),
        ("21215", "21215-3104", "21218"),
        ("LS12 3AA", "LS12 3AA", "LS11 9AA"),
        ("LS12", "LS12 3AA", "LS11 9AA"),
    ],
)
def test_a_postcode_finds_the_services_at_that_postcode_first(
    app: Flask, query: str, here: str, there: str
) -> None:
    pantry = add(app, "Park Heights pantry", description="Groceries on Tuesdays.",
                 locations=[_at(here, "4500 Park Heights Ave")])  # fmt: skip
    seniors = add(app, "Northwest seniors", description="Lunch and company.",
                  locations=[_at(here, "5700 Reisterstown Rd")])  # fmt: skip
    said = query.split(" ")[0]
    mentions = [
        add(app, "Citywide legal aid", locations=[_at(there, "1 N Charles St")],
            description=f"Tenants of {query} and nearby: {query} residents, {said}, {query}."),
        add(app, f"{query} youth league", description=f"Football for {query} young people.",
            locations=[_at(there, "2 E Fayette St")]),
    ]  # fmt: skip
    found = find(app, query)
    assert set(found[:2]) == {pantry, seniors}, found
    assert set(found[2:]) == set(mentions)


def test_a_session_with_no_end_fits_a_window_its_start_is_inside(app: Flask) -> None:
    ten = add(
        app, "Ten o'clock yoga", interests=["yoga"], sessions=[{"day": "tu", "start": "10:00"}]
    )
    noon = add(app, "Noon yoga", interests=["yoga"], sessions=[{"day": "tu", "start": "12:00"}])
    assert find(app, "yoga", days=("tu",), time_from="09:00", time_to="12:00") == [ten]
    assert find(app, "yoga", days=("tu",), time_from="12:00", time_to="17:00") == [noon]
    assert find(app, "", days=("tu",), time_from="10:30") == [noon]
    assert set(find(app, "yoga", days=("tu",))) == {ten, noon}


def test_an_english_word_that_matches_nothing_is_not_corrected_into_another(app: Flask) -> None:
    cooking = add(
        app, "Cooking club", description="A home-cooked meal together.", interests=["cooking"]
    )
    add(app, "Art group", description="Painting with an artist.", interests=["painting"])
    for typed in (
        "closed",
        "autism",
    ):  # words of their own, a letter or two from "cooked", "artist"
        result = get_search(app).search(typed)
        assert (result.ids, result.suggestions) == ([], []), typed
    slip = get_search(app).search("cookng")  # no word: a slip
    assert (slip.ids, slip.suggestions) == ([cooking], ["cooking"])


def test_a_word_with_a_digit_is_not_corrected_into_another(app: Flask) -> None:
    # A postcode district or a code is not a slip: "LS13", one edit from "LS11", is another area.
    leeds = {"postcode": "LS11 5AA", "latitude": 53.7830, "longitude": -1.5550}
    add(app, "Walking group", interests=["walking"], locations=[leeds])
    result = get_search(app).search("ls13")
    assert (result.ids, result.suggestions) == ([], [])


def test_a_part_of_the_day_finds_the_sessions_that_start_in_it(app: Flask) -> None:
    # "Saturday mornings": a 10:00-13:00 studio is a morning class; typed times are someone's
    # free time, which a session must lie inside.
    studio = add(app, "Open studio", interests=["painting"],
                 sessions=[{"day": "sa", "start": "10:00", "end": "13:00"}])  # fmt: skip
    add(app, "Afternoon painting", interests=["painting"],
        sessions=[{"day": "sa", "start": "12:00", "end": "14:00"}])  # fmt: skip
    window = {"days": ("sa",), "time_from": "09:00", "time_to": "12:00"}
    assert find(app, "painting", **window, starts_in_window=True) == [studio]
    assert find(app, "painting", **window) == []


def test_no_entry_with_every_word_keeps_the_words_naming_an_interest(app: Flask) -> None:
    # "gardening club for my dad": no entry says it all; the gardening entries are what was
    # asked for, not every club.
    garden = add(app, "Allotment group", description="Grow veg together.", interests=["gardening"])
    add(app, "Job club", description="Help with CVs.", interests=["employment-skills"])
    add(app, "Lunch club", description="A hot meal and a chat.", interests=["socialising"])
    result = get_search(app).search("gardening club for my dad")
    assert result.ids == [garden] and result.topic == "gardening" and not result.relaxed
    # with no interest named, any word will still do (but for a kind of gathering: "club")
    anyword = get_search(app).search("meal zebracorn")
    assert anyword.relaxed and len(anyword.ids) == 1 and not anyword.topic


def test_no_entry_with_every_word_keeps_the_words_more_than_a_kind_of_gathering(
    app: Flask,
) -> None:
    # "widows club": no entry says both; the widows' lunch is what was asked for, not any club
    lunch = add(app, "Lunch for widows", description="A hot meal and a chat for widows.")
    add(app, "Chess club", description="Casual games.")
    add(app, "Walking club", description="A gentle walk.")
    result = get_search(app).search("widows club")
    assert result.ids == [lunch] and result.topic == "widows" and not result.relaxed


def test_a_word_found_nowhere_beside_a_kind_of_gathering_does_not_find_every_gathering(
    app: Flask,
) -> None:
    add(app, "Chess club", description="Casual games.")
    add(app, "Walking club", description="A gentle walk.")
    assert get_search(app).search("zebracorn club").ids == []  # not every club
