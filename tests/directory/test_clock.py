"""Times read as people write them (directory.clock)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from directory.clock import EndBeforeStart, TimeError, read_range, read_time, read_times

SINGLE = [
    ("10am", "10:00"),
    ("10 am", "10:00"),
    ("10AM", "10:00"),
    ("10 a.m.", "10:00"),
    ("10.30", "10:30"),
    ("10:30", "10:30"),
    ("10.30am", "10:30"),
    ("12.30", "12:30"),
    ("12:30pm", "12:30"),
    ("12.30 pm", "12:30"),
    ("12am", "00:00"),
    ("12pm", "12:00"),
    ("noon", "12:00"),
    ("12 noon", "12:00"),
    ("midday", "12:00"),
    ("twelve midday", "12:00"),
    ("midnight", "00:00"),
    ("4:00 PM", "16:00"),
    ("4pm", "16:00"),
    ("4 p.m.", "16:00"),
    ("7.45pm", "19:45"),
    ("09:00", "09:00"),
    ("9", "09:00"),
    ("9:15", "09:15"),
    ("0930", "09:30"),
    ("1930", "19:30"),
    ("19:30", "19:30"),
    ("14:00", "14:00"),
    ("7", "19:00"),  # 1 to 7 without am/pm: afternoon or evening
    ("3", "15:00"),
    ("11", "11:00"),  # 8 to 11 without am/pm: morning
    ("7am", "07:00"),
    ("half seven", "19:30"),
    ("half 7", "19:30"),
    ("half seven in the evening", "19:30"),
    ("half seven in the morning", "07:30"),
    ("half past seven", "19:30"),
    ("half past ten", "10:30"),
    ("quarter past 2", "14:15"),
    ("quarter past two in the afternoon", "14:15"),
    ("quarter past 9", "09:15"),
    ("quarter to 3", "14:45"),
    ("quarter to 1", "12:45"),
    ("ten to twelve", "11:50"),
    ("twenty past 7", "19:20"),
    ("20 past 7", "19:20"),
    ("twenty-five past nine", "09:25"),
    ("seven thirty", "19:30"),
    ("seven thirty pm", "19:30"),
    ("ten fifteen", "10:15"),
    ("7 o'clock", "19:00"),
    ("seven o'clock in the evening", "19:00"),
    ("10h30", "10:30"),
    ("at 10am", "10:00"),
    ("  10 am  ", "10:00"),
    ("2 in the afternoon", "14:00"),
    ("8 at night", "20:00"),
]

RANGES = [
    ("2-4pm", "14:00", "16:00"),
    ("2 - 4 pm", "14:00", "16:00"),
    ("2pm-4pm", "14:00", "16:00"),
    ("10–12", "10:00", "12:00"),
    ("10—12", "10:00", "12:00"),
    ("10-12", "10:00", "12:00"),
    ("10am-12", "10:00", "12:00"),
    ("10am to 12pm", "10:00", "12:00"),
    ("11:00 to 14:00", "11:00", "14:00"),
    ("11:00-14:00", "11:00", "14:00"),
    ("7-9 in the evening", "19:00", "21:00"),
    ("7-9", "19:00", "21:00"),
    ("7-9pm", "19:00", "21:00"),
    ("7-9am", "07:00", "09:00"),
    ("8-10pm", "20:00", "22:00"),
    ("half seven to nine in the evening", "19:30", "21:00"),
    ("half seven to nine", "19:30", "21:00"),
    ("from 10am to 12", "10:00", "12:00"),
    ("from 10 till 12", "10:00", "12:00"),
    ("10 until 2", "10:00", "14:00"),
    ("between 2 and 4", "14:00", "16:00"),
    ("noon-2", "12:00", "14:00"),
    ("noon to 2pm", "12:00", "14:00"),
    ("11-1", "11:00", "13:00"),
    ("11am-1pm", "11:00", "13:00"),
    ("9-5", "09:00", "17:00"),
    ("10-2 in the afternoon", "10:00", "14:00"),
    ("1930-2100", "19:30", "21:00"),
    ("6.30-8.30pm", "18:30", "20:30"),
    ("10.30-12.30", "10:30", "12:30"),
    ("9.30am – 11.30am", "09:30", "11:30"),
    ("quarter past 2 to 4", "14:15", "16:00"),
]

TWO_FIELDS = [
    ("10", "12", "10:00", "12:00"),
    ("quarter past 2", "4pm", "14:15", "16:00"),
    ("7", "9", "19:00", "21:00"),
    ("10am", "noon", "10:00", "12:00"),
    ("19:00", "21:00", "19:00", "21:00"),
    ("08:00", "22:00", "08:00", "22:00"),  # long, but 24-hour times leave nothing to choose
    ("half ten", "half twelve", "10:30", "12:30"),
]


@pytest.mark.parametrize(("typed", "expected"), SINGLE)
def test_one_time(typed: str, expected: str) -> None:
    assert read_time(typed) == expected


@pytest.mark.parametrize(("typed", "start", "end"), RANGES)
def test_a_range_in_one_field(typed: str, start: str, end: str) -> None:
    reading = read_times(typed)
    assert (reading.start, reading.end) == (start, end)


@pytest.mark.parametrize(("start_text", "end_text", "start", "end"), TWO_FIELDS)
def test_start_and_end_in_two_fields(start_text: str, end_text: str, start: str, end: str) -> None:
    reading = read_times(start_text, end_text)
    assert (reading.start, reading.end) == (start, end)


@pytest.mark.parametrize(
    ("typed", "guessed"),
    [("7-9", True), ("8-10", True), ("2-4pm", False), ("7-9 in the evening", False)],
)
def test_a_choice_between_two_plausible_readings_is_said(typed: str, guessed: bool) -> None:
    assert read_times(typed).guessed is guessed


@pytest.mark.parametrize(
    ("start", "end", "field", "words"),
    [
        ("banana", "12", "start", "could not read “banana”"),
        ("10", "later", "end", "could not read “later”"),
        ("13pm", "14:00", "start", "use 1pm or 13:00"),
        ("25:00", "26:00", "start", "not a time"),
        ("10:75", "11:00", "start", "not a time"),
        ("14:00", "13:00", "end", "The end time (13:00) is before it starts (14:00)"),
        ("14:00", "14:00", "end", "before it starts"),
        ("", "12:00", "start", "Enter when it starts"),
        ("10am", "", "end", "Enter when it ends"),
        ("2-4pm", "5pm", "end", "The start box says 14:00 to 16:00"),
        ("4pm-2pm", "", "start", "before it starts"),
        ("in the evening", "9pm", "start", "could not read"),
        ("x" * 500, "", "start", "…”"),
    ],
)
def test_a_refusal_names_its_field(start: str, end: str, field: str, words: str) -> None:
    with pytest.raises(TimeError) as caught:
        read_times(start, end)
    assert caught.value.field == field
    assert words in caught.value.message
    assert len(caught.value.message) < 120


@given(st.integers(0, 23), st.integers(0, 59))
def test_every_printed_time_reads_back_as_itself(hour: int, minute: int) -> None:
    printed = f"{hour:02d}:{minute:02d}"
    assert read_time(printed) == printed


@given(st.integers(0, 23 * 60 + 58), st.integers(1, 24 * 60 - 1))
def test_printed_ranges_read_back_unguessed(start: int, length: int) -> None:
    end = min(start + length, 24 * 60 - 1)
    first, last = f"{start // 60:02d}:{start % 60:02d}", f"{end // 60:02d}:{end % 60:02d}"
    reading = read_times(first, last)
    assert (reading.start, reading.end, reading.guessed) == (first, last, False)


@given(st.text(max_size=60))
def test_any_text_is_read_or_refused_with_a_message(text: str) -> None:
    try:
        reading = read_times(text, "")
    except TimeError as exc:
        assert exc.field in ("start", "end") and exc.message.strip()
    else:
        assert reading.start < reading.end


def test_an_end_at_midnight_is_told_how_to_write_it() -> None:
    with pytest.raises(EndBeforeStart, match=r"ends at midnight, enter 23:59"):
        read_range("noon", "midnight", "start", "end")
