"""Free times read from the notes are suggestions with their words; ticked ones are added."""

from __future__ import annotations

import re

import pytest
from people_helpers import add_person, directory

from core.db import get_session
from matcher.free_times import merged, read_free_times, windows_of
from matcher.models import Person
from matcher.reader.text import clauses

WEEK = ("mo", "tu", "we", "th", "fr", "sa", "su")


def _read(note: str) -> list[tuple[str, str, tuple[tuple[str, str, str], ...]]]:
    return [(f.label, f.phrase, f.windows) for f in read_free_times(note)]


@pytest.mark.parametrize(
    ("note", "label", "phrase", "windows"),
    [
        (
            "Free on Tuesdays after 2.",
            "Free: Tuesdays after 14:00",
            "free on tuesdays after 2",
            (("tu", "14:00", "23:59"),),
        ),
        (
            "Afternoons are best for her.",
            "Free: afternoons (12:00 to 17:00)",
            "afternoons are best",
            tuple((d, "12:00", "17:00") for d in WEEK),
        ),
        (
            "Works Mon-Wed so only Thu/Fri.",
            "Free: Thursdays and Fridays, all day",
            "only thu/fri",
            (("th", "00:00", "23:59"), ("fr", "00:00", "23:59")),
        ),
        (
            "Weekends only.",
            "Free: weekends, all day",
            "weekends only",
            (("sa", "00:00", "23:59"), ("su", "00:00", "23:59")),
        ),
        (
            "Can do Tuesday mornings.",
            "Free: Tuesday mornings (09:00 to 12:00)",
            "can do tuesday mornings",
            (("tu", "09:00", "12:00"),),
        ),
        (
            # The reason given after "as" is another part: the work rules out days, not evenings.
            "Evenings only as she works days.",
            "Free: evenings (17:00 to 23:59)",
            "evenings only",
            tuple((d, "17:00", "23:59") for d in WEEK),
        ),
        (
            "Avail Mon + Weds am.",
            "Free: Monday and Wednesday mornings (09:00 to 12:00)",
            "avail mon + weds am",
            (("mo", "09:00", "12:00"), ("we", "09:00", "12:00")),
        ),
        (
            # the school run is when they are free from, not a school that takes their time
            "Free weekday mornings after the school run.",
            "Free: weekday mornings (09:00 to 12:00)",
            "free weekday mornings",
            tuple((d, "09:00", "12:00") for d in WEEK[:5]),
        ),
        (
            # Both ends said: the times as said, past the part of the day's usual end.
            "Free on Saturday mornings 9-1.",
            "Free: Saturdays 09:00 to 13:00",
            "free on saturday mornings 9-1",
            (("sa", "09:00", "13:00"),),
        ),
        (
            "He is free Tues & Thurs 10-12.",
            "Free: Tuesdays and Thursdays 10:00 to 12:00",
            "free tues and thurs 10-12",
            (("tu", "10:00", "12:00"), ("th", "10:00", "12:00")),
        ),
    ],
)
def test_free_times_said_in_a_note_are_read_with_their_words(
    note: str, label: str, phrase: str, windows: tuple[tuple[str, str, str], ...]
) -> None:
    assert _read(note) == [(label, phrase, windows)]


@pytest.mark.parametrize(
    ("note", "days"),
    [
        ("Free all week except Tuesday.", ("mo", "we", "th", "fr", "sa", "su")),
        ("Free weekdays apart from Monday.", ("tu", "we", "th", "fr")),
        ("Not free except weekends.", ("sa", "su")),
        ("Busy all week except Saturdays.", ("sa",)),
        # a first line naming a meeting late in it is no heading of the note
        ("Free all week except Tuesday (AA meeting).", ("mo", "we", "th", "fr", "sa", "su")),
    ],
)
def test_an_exception_is_taken_out_or_is_all_that_is_free(note: str, days: tuple[str, ...]) -> None:
    read = read_free_times(note)
    assert [tuple(day for day, _, _ in f.windows) for f in read] == [days]


def test_each_pair_of_a_day_and_its_times_is_read_and_quoted_whole() -> None:
    read = _read("Free Tuesdays 10-2 and Saturday mornings 9-1.")
    phrase = "free tuesdays 10-2 and saturday mornings 9-1"
    assert read == [
        ("Free: Tuesdays 10:00 to 14:00", phrase, (("tu", "10:00", "14:00"),)),
        ("Free: Saturdays 09:00 to 13:00", phrase, (("sa", "09:00", "13:00"),)),
    ]


@pytest.mark.parametrize(
    "note",
    [
        "Mornings are no good, she sleeps late.",
        "Not mornings.",
        "Can't do Mondays.",
        "Her son is free on Saturdays.",
        "The group meets on Tuesdays.",
        "Was free last Tuesday afternoon.",
        "Goes to the coffee morning, which she enjoys.",
        "She is free 2-3 times a week.",
    ],
)
def test_only_what_is_said_to_be_possible_for_them_is_suggested(note: str) -> None:
    # Said to be no good only: the rest of the week is not guessed. Someone else's times, a
    # group's times, a one-off day and a count are no free times of theirs.
    assert read_free_times(note) == []


def test_what_is_no_good_is_taken_out_of_what_is_possible() -> None:
    both = "Afternoons are best for her. Mornings are no good, she sleeps late."
    assert [f.label for f in read_free_times(both)] == ["Free: afternoons (12:00 to 17:00)"]
    tuesday = read_free_times("Free on Tuesdays, but mornings are no good.")
    assert [(f.label, f.windows) for f in tuesday] == [
        ("Free: Tuesdays after 12:00", (("tu", "12:00", "23:59"),))
    ]
    weekdays = read_free_times("Available weekdays after 3pm but busy on Mondays.")
    assert [w[0] for f in weekdays for w in f.windows] == ["tu", "we", "th", "fr"]


def test_a_note_with_best_in_it_is_not_cut_short_as_a_sign_off() -> None:
    said = [c.raw for c in clauses("Afternoons are best for her. Mornings are no good.")]
    assert said == ["afternoons are best for her.", "mornings are no good."]
    assert [c.raw for c in clauses("Likes art.\nBest wishes, Sam")] == ["likes art."]


def test_ticked_times_are_added_to_those_given_never_replacing_them() -> None:
    given = [{"day": "tu", "from": "10:00", "to": "17:00"}]
    added = windows_of("tu@14:00-16:00 th@14:00-23:59 xx@1-2 fr@12:00-11:00")
    assert added == [
        {"day": "tu", "from": "14:00", "to": "16:00"},
        {"day": "th", "from": "14:00", "to": "23:59"},
    ]
    assert merged(given, added) == [*given, {"day": "th", "from": "14:00", "to": "23:59"}]


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_suggest_tick_and_save_adds_the_free_times(app, client, practitioner) -> None:
    directory(app)
    pid = add_person(app, free_times=[])
    note = "Free on Tuesdays after 2. Her son is free on Saturdays."
    form = {
        "label": "J.",
        "where": "N7 6QT",
        "notes": note,
        "ft_day": ["we"],
        "ft_from": ["09:00"],
        "ft_to": ["12:00"],
    }
    html = client.post(f"/people/{pid}/edit", data={**form, "action": "suggest"}).get_data(
        as_text=True
    )
    text = _text(html)
    assert "Free: Tuesdays after 14:00 (“Free on Tuesdays after 2”)" in text
    assert "Saturday" not in text.split("Suggested from the notes")[1].split("Interests")[0]
    box = re.search(r'<input type="checkbox"[^>]*name="free_from_notes"[^>]*>', html)
    assert box is not None and "checked" not in box.group(0)
    value = re.search(r'value="([^"]*)"', box.group(0))
    assert value is not None and value.group(1) == "tu@14:00-23:59"
    client.post(f"/people/{pid}/edit", data=form)  # not ticked: nothing added
    with app.app_context():
        stored = get_session().get(Person, pid)
        assert stored is not None
        assert stored.free_times == [{"day": "we", "from": "09:00", "to": "12:00"}]
    client.post(f"/people/{pid}/edit", data={**form, "free_from_notes": value.group(1)})
    with app.app_context():
        stored = get_session().get(Person, pid)
        assert stored is not None
        assert stored.free_times == [
            {"day": "we", "from": "09:00", "to": "12:00"},
            {"day": "tu", "from": "14:00", "to": "23:59"},
        ]
    again = client.post(f"/people/{pid}/edit", data={**form, "action": "suggest"})
    assert "Free: Tuesdays" in _text(again.get_data(as_text=True))  # not among the rows sent
    edit = client.get(f"/people/{pid}/edit").get_data(as_text=True)
    assert 'name="ft_from" value="14:00"' in edit
    shown = client.post(
        f"/people/{pid}/edit",
        data={**client_form_of(edit), "notes": note, "action": "suggest"},
    ).get_data(as_text=True)
    assert "Free: Tuesdays" not in _text(shown)  # given already: not suggested again


def client_form_of(html: str) -> dict[str, list[str]]:
    """The free-time rows and label of an edit page, as a form would send them."""
    out: dict[str, list[str]] = {"label": ["J."], "where": ["N7 6QT"]}
    for name in ("ft_from", "ft_to"):
        out[name] = re.findall(rf'name="{name}" value="([^"]*)"', html)
    out["ft_day"] = re.findall(r'<option value="(\w\w)" selected>', html)
    return out


def test_a_ticked_time_stays_as_a_row_when_the_form_comes_back(app, client, practitioner) -> None:
    directory(app)
    pid = add_person(app, free_times=[])
    form = {
        "label": "",  # a problem: the form comes back
        "notes": "Can do Tuesday mornings.",
        "free_from_notes": "tu@09:00-12:00",
    }
    html = client.post(f"/people/{pid}/edit", data=form).get_data(as_text=True)
    assert 'id="ft-from-0" name="ft_from" value="09:00"' in html
    assert re.search(r'id="ft-day-0".*?<option value="tu" selected>', html, re.S)
    with app.app_context():
        stored = get_session().get(Person, pid)
        assert stored is not None and stored.free_times == []


def test_a_day_with_its_own_clock_time_is_a_pair_of_its_own():
    # "weds" is also a word: a time after it says it is the day ("weds 10-2").
    assert [f.windows for f in read_free_times("Free tues mornings, and weds 10-2.")] == [
        (("tu", "09:00", "12:00"),),
        (("we", "10:00", "14:00"),),
    ]
    assert [f.label for f in read_free_times("Free weds 10-2.")] == [
        "Free: Wednesdays 10:00 to 14:00"
    ]
    assert read_free_times("Free: sat 3 times a week she walks") == []


def test_free_times_of_one_day_that_overlap_are_offered_once():
    found = read_free_times("Free Tuesday mornings. Also free Tuesdays 10-2.")
    assert [(f.label, f.phrase) for f in found] == [
        ("Free: Tuesdays 09:00 to 14:00", "free tuesday mornings; free tuesdays 10-2")
    ]
    # Other days, or hours apart, stay apart.
    apart = read_free_times("Free Tuesday mornings. Also free Tuesdays after 6.")
    assert [f.label for f in apart] == [
        "Free: Tuesday mornings (09:00 to 12:00)",
        "Free: Tuesdays after 18:00",
    ]


def test_free_times_made_one_quote_each_of_the_notes_own_words(app, client, practitioner) -> None:
    directory(app)
    pid = add_person(app, free_times=[])
    note = "Free Tuesday mornings. Also free Tuesdays 10-2."
    form = {"label": "J.", "where": "N7 6QT", "notes": note, "action": "suggest"}
    text = _text(client.post(f"/people/{pid}/edit", data=form).get_data(as_text=True))
    assert "Free: Tuesdays 09:00 to 14:00 (“Free Tuesday mornings; free Tuesdays 10-2”)" in text
