"""Quick-add reads times as people write them, says how it read them, and puts a refusal on the
field it belongs to without saving anything."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlmodel import select

from core import db
from directory.models import Resource

QUICK = {"name": "Knit and Natter", "place": "N7 6QT", "day": "tu", "told_by": "A poster"}


def sessions(app) -> list[tuple[str, str, str]]:
    with app.app_context():
        rows = db.get_session().exec(select(Resource)).all()
        return [(s.day, s.start, s.end) for r in rows for s in r.sessions]


def count(app) -> int:
    with app.app_context():
        return len(db.get_session().exec(select(Resource.id)).all())


def field_html(page: str, name: str) -> str:
    """The wrapper and input of one form field."""
    match = re.search(rf'<div class="field[^"]*">\s*<label for="{name}">.*?</div>', page, re.S)
    assert match, name
    return match.group(0)


@pytest.mark.parametrize(
    ("start", "end", "saved"),
    [
        ("10am", "12.30", ("tu", "10:00", "12:30")),
        ("10 am", "noon", ("tu", "10:00", "12:00")),
        ("2-4pm", "", ("tu", "14:00", "16:00")),
        ("half seven in the evening", "9pm", ("tu", "19:30", "21:00")),
        ("11:00 to 14:00", "", ("tu", "11:00", "14:00")),
        ("10am", "", ("tu", "10:00", "")),  # when it ends is not known
    ],
)
def test_times_as_people_write_them_are_saved(
    app, client, member, start: str, end: str, saved: tuple[str, str, str]
) -> None:
    response = client.post("/workspace/add", data={**QUICK, "start": start, "end": end})
    assert response.status_code == 302
    assert sessions(app) == [saved]


def test_an_hour_without_am_or_pm_is_echoed_before_saving(app, client, member) -> None:
    response = client.post("/workspace/add", data={**QUICK, "start": "7-9", "end": ""})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "We read this as <strong>19:00 to 21:00</strong> on Tuesdays — change it" in page
    assert count(app) == 0
    assert "Not saved yet." in page
    start, end = field_html(page, "start"), field_html(page, "end")
    assert 'value="19:00"' in start and 'value="21:00"' in end
    assert "times-read" in start and "times-read" in end  # read out with the fields
    response = client.post("/workspace/add", data={**QUICK, "start": "19:00", "end": "21:00"})
    assert response.status_code == 302
    assert sessions(app) == [("tu", "19:00", "21:00")]


def test_the_times_read_back_say_how_often(app, client, member) -> None:
    data = {**QUICK, "start": "7-9", "end": "", "often": "1"}
    page = client.post("/workspace/add", data=data).get_data(as_text=True)
    assert "<strong>19:00 to 21:00</strong> on the first Tuesday of the month — change" in page
    page = client.post("/workspace/add", data={**data, "often": "-1"}).get_data(as_text=True)
    assert "on the last Tuesday of the month" in page


def test_the_duplicate_warning_shows_the_times_as_read(app, client, member) -> None:
    assert client.post("/workspace/add", data={**QUICK, "start": "10am", "end": "12"}).status_code
    response = client.post("/workspace/add", data={**QUICK, "start": "10am", "end": "12"})
    page = response.get_data(as_text=True)
    assert "This might already be in the directory" in page
    assert "We read this as <strong>10:00 to 12:00</strong>" in page
    assert '<input type="hidden" name="start" value="10:00">' in page


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        ({"start": "banana", "end": "12"}, "start", "We could not read “banana” as a time"),
        ({"start": "10am", "end": "later"}, "end", "We could not read “later” as a time"),
        ({"start": "14:00", "end": "13:00"}, "end", "The end time (13:00) is before it starts"),
        ({"start": "4pm-2pm", "end": ""}, "start", "The end time (14:00) is before it starts"),
        ({"start": "13pm", "end": "2pm"}, "start", "use 1pm or 13:00"),
        ({"start": "", "end": "12"}, "start", "Enter when it starts"),
        ({"start": "10am", "end": "12", "day": ""}, "day", "Choose the day too"),
        ({"start": "", "end": ""}, "day", "Add when it starts, or choose"),
        ({"start": "11", "end": "10:30"}, "end", "The end time (10:30) is before it starts"),
        ({"start": "10am", "end": "noon", "day": "someday"}, "day", "Choose the day from the list"),
    ],
)
def test_a_refused_time_sits_on_its_field_and_changes_nothing(
    app, client, member, data: dict[str, Any], field: str, words: str
) -> None:
    form = {**QUICK, **data}
    response = client.post("/workspace/add", data=form)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert count(app) == 0
    assert f'<a href="#{field}">' in page and words in page
    html = field_html(page, field)
    assert 'class="field field-error"' in html
    assert f'aria-describedby="{field}-hint {field}-error"' in html or (
        f'aria-describedby="{field}-error"' in html
    )
    assert 'aria-invalid="true"' in html
    for other in {"day", "start", "end"} - {field}:
        if not (field == "day" or other == "day"):
            continue
        assert "field-error" not in field_html(page, other).split(">")[0]
    for name in ("start", "end"):
        if form[name]:
            assert f'value="{form[name]}"' in field_html(page, name)  # what was typed is kept


def monthly(app) -> list[tuple[str, str, int | None, str]]:
    with app.app_context():
        rows = db.get_session().exec(select(Resource)).all()
        return [(s.day, s.freq, s.ordinal, s.start) for r in rows for s in r.sessions]


def test_a_group_that_meets_once_a_month_is_saved_as_monthly(app, client, member) -> None:
    # A group that meets "first Tuesday of the month" could only be saved as every Tuesday.
    page = client.get("/workspace/add").get_data(as_text=True)
    assert '<option value="1">First in the month</option>' in page
    data = {**QUICK, "often": "1", "start": "10am", "end": "12pm"}
    assert client.post("/workspace/add", data=data).status_code == 302
    assert monthly(app) == [("tu", "monthly", 1, "10:00")]


def test_a_month_typed_as_a_time_says_where_it_goes(app, client, member) -> None:
    data = {**QUICK, "start": "first Tuesday of the month 10am", "end": "12pm"}
    page = client.post("/workspace/add", data=data).get_data(as_text=True)
    assert "choose how often under ‘How often’" in page and count(app) == 0
    assert 'value="first Tuesday of the month 10am"' in page


def test_how_often_must_be_one_of_the_choices(app, client, member) -> None:
    data = {**QUICK, "often": "9", "start": "10am", "end": "12pm"}
    page = client.post("/workspace/add", data=data).get_data(as_text=True)
    assert "Choose how often from the list" in page and count(app) == 0


def test_a_session_with_no_end_is_stored_and_shown_from_its_start(app, client, member) -> None:
    page = client.get("/workspace/add").get_data(as_text=True)
    assert "Ends at (optional)" in page
    response = client.post("/workspace/add", data={**QUICK, "start": "7", "end": ""})
    page = response.get_data(as_text=True)
    assert "We read this as <strong>from 19:00</strong> on Tuesdays" in page  # 7: am or pm?
    assert count(app) == 0
    response = client.post("/workspace/add", data={**QUICK, "start": "10am", "end": ""})
    assert response.status_code == 302
    assert sessions(app) == [("tu", "10:00", "")]
    shown = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Every Tuesday, from 10:00" in shown
    assert "10:00 to" not in shown


def test_every_problem_is_said_at_once_and_a_phone_must_be_one(app, client, member) -> None:
    form = {"name": "", "place": "N7 6QT", "day": "tu", "start": "25:00", "phone": "ring Jo"}
    page = client.post("/workspace/add", data=form).get_data(as_text=True)
    for field in ("name", "start", "phone"):
        assert f'id="{field}-error"' in page, field
    assert "Enter a phone number" in page and 'value="ring Jo"' in page and count(app) == 0


@pytest.mark.parametrize(
    "phone", ["0113 496 0000", "(0113) 496 0000", "+1 415 555 2671", "116 123"]
)
def test_phone_numbers_as_people_write_them_are_kept(app, client, member, phone: str) -> None:
    response = client.post("/workspace/add", data={**QUICK, "start": "10am", "phone": phone})
    assert response.status_code in (302, 303) and count(app) == 1
    with app.app_context():
        assert db.get_session().exec(select(Resource.phone)).one() == phone
