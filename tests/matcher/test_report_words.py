"""The team report says what it counts: gaps with their reasons, ties as ties, plurals right,
and chart labels that wrap instead of being cut off."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from matcher import features
from matcher.network import bar_chart
from matcher.report import barriers_section, gap_counts, gaps_section, used_section
from tests.matcher.matcher_helpers import person, place, record

REASONS = ("distance", "time", "cost", "other", "several", "none")


def _row(counts, code):
    return [counts[code]["people"], *(counts[code][r] for r in REASONS)]


def test_a_gap_says_how_many_people_and_why_nothing_fits():
    f = features.build(
        [
            record("far", interests=("walking",), places=(place(9.0),)),
            record("sunday", interests=("walking",), sessions=(("su", "10:00", "12:00"),)),
            record("dear", interests=("pottery",), standard_pence=900, concession_pence=800),
            record("both", interests=("chess",), places=(place(9.0),), standard_pence=900,
                   concession_pence=800),
            record("fits", interests=("singing",)),
        ]
    )  # fmt: skip
    people = [
        person(interests=("walking", "singing"), want_to_try=("pottery", "chess", "gardening")),
        person(interests=("walking",), want_to_try=()),
    ]
    counts = gap_counts(people, f)
    assert "singing" not in counts  # something fits: not a gap, however many groups there are
    # Walking: one walk too far, the other on the wrong day, for both people.
    assert _row(counts, "walking") == [2, 2, 2, 0, 0, 0, 0]
    assert _row(counts, "pottery") == [1, 0, 0, 1, 0, 0, 0]
    assert _row(counts, "chess") == [1, 0, 0, 0, 0, 1, 0]  # too far and too dear at once
    assert _row(counts, "gardening") == [1, 0, 0, 0, 0, 0, 1]  # nothing offers it
    section = gaps_section(counts)
    assert section.title == "Interests with nothing that fits the people who have them"
    assert section.headers[:5] == (
        "Interest",
        "People",
        "Too far",
        "Wrong days or times",
        "Costs too much",
    )
    assert section.rows[0][:4] == ("Walking", 2, 2, 2)
    assert section.page_rows[0] == ("Walking", 2, "Too far (2); wrong days or times (2)")
    assert section.desc.startswith("For 4 interests, nothing in the directory fits")
    assert gaps_section({"chess": counts["chess"]}).desc.startswith("For 1 interest, ")


def test_ties_are_reported_as_ties_with_plurals_right():
    tied = barriers_section([("cost", 1, 0, 1), ("transport", 0, 1, 1)])
    assert tied.desc == "Most often cited: cost and transport (1 time each)."
    one = barriers_section([("cost", 2, 1, 3), ("transport", 0, 1, 1)])
    assert one.desc == "Most often cited: cost (3 times)."
    used = used_section([("Canal Singers", 1, 1), ("Far Choir", 1, 0), ("Pottery", 0, 0)])
    assert used.desc == "Most used: Canal Singers and Far Choir (1 person each)."
    assert used_section([("Canal Singers", 2, 1)]).desc == "Most used: Canal Singers (2 people)."


def test_long_chart_labels_wrap_whole_instead_of_being_cut(app):
    label = "Understanding anxiety (Recovery College course)"
    with app.app_context():
        svg = ET.fromstring(str(bar_chart([(label, 3.0), ("Walking", 1.0)], "T", "D", "c")))
    ns = "{http://www.w3.org/2000/svg}"
    lines = [t.text for t in svg.iter(f"{ns}tspan")]
    assert " ".join(lines[:-1]) == label and lines[-1] == "Walking"
    assert all(len(line) <= 24 for line in lines)
    width = float(svg.get("viewBox").split()[2])
    for span in svg.iter(f"{ns}tspan"):  # right-aligned at x: room for 24 characters before it
        assert 24 * 7.5 <= float(span.get("x")) < width
