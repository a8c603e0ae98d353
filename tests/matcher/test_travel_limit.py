"""How far a note says the person will travel: a suggestion with its words, saved if ticked."""

from __future__ import annotations

import html
import re

import pytest
from people_helpers import add_person, directory

from core.db import get_session
from matcher.models import Person
from matcher.travel_limit import read_travel_limit


@pytest.mark.parametrize(
    ("note", "km", "phrase"),
    [
        ("Won't travel more than 3 km.", 3.0, "won't travel more than 3 km"),
        ("Happy to travel up to 5 miles.", 8.0, "happy to travel up to 5 miles"),
        ("Can walk about a mile.", 1.6, "can walk about a mile"),
        ("No further than 2 miles please.", 3.2, "no further than 2 miles"),
        ("Would not go further than half a mile.", 0.8, "would not go further than half a mile"),
        ("Max 3km.", 3.0, "max 3km"),
        ("A mile at most.", 1.6, "a mile at most"),
    ],
)  # fmt: skip
def test_a_limit_said_of_them_is_read_in_km(note: str, km: float, phrase: str) -> None:
    found = read_travel_limit(note)
    assert found is not None and (found.km, found.phrase) == (km, phrase)


@pytest.mark.parametrize(
    "note",
    [
        "Her son won't travel more than 2 miles.",  # someone else's
        "Walks up to 5 miles a day.",  # a habit, not a limit
        "Loves the hills, walked 12 miles on Sunday.",
        "Lives within 3 km of the hospital.",  # where they live
        "Can get the bus anywhere.",
    ],
)
def test_no_limit_is_read_where_none_is_said_of_them(note: str) -> None:
    assert read_travel_limit(note) is None


def _text(page: str) -> str:
    return html.unescape(" ".join(re.sub(r"<[^>]+>", " ", page).split()))


def _max_km(app, pid: int) -> float | None:
    with app.app_context():
        stored = get_session().get(Person, pid)
        assert stored is not None
        return stored.max_km


def test_suggest_tick_and_save_sets_how_far_they_travel(app, client, practitioner) -> None:
    directory(app)
    pid = add_person(app, max_km=None)
    form = {"label": "J.", "where": "N7 6QT", "notes": "Won't travel more than 3 km from home."}
    page = client.post(f"/people/{pid}/edit", data={**form, "action": "suggest"})
    shown = page.get_data(as_text=True)
    assert "Travel: up to 3 km (“Won't travel more than 3 km”)" in _text(shown)
    box = re.search(r'<input type="checkbox"[^>]*name="travel_from_notes"[^>]*>', shown)
    assert box is not None and "checked" not in box.group(0) and 'value="3"' in box.group(0)
    client.post(f"/people/{pid}/edit", data=form)  # not ticked: nothing set
    assert _max_km(app, pid) is None
    client.post(f"/people/{pid}/edit", data={**form, "travel_from_notes": "3"})
    assert _max_km(app, pid) == 3.0
    # What the practitioner types stands over a ticked suggestion, and then none is offered.
    typed = {**form, "max_km": "5", "travel_from_notes": "3"}
    client.post(f"/people/{pid}/edit", data=typed)
    assert _max_km(app, pid) == 5.0
    again = client.post(f"/people/{pid}/edit", data={**typed, "action": "suggest"})
    assert "Travel: up to" not in _text(again.get_data(as_text=True))
