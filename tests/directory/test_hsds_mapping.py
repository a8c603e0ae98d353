"""The pure HSDS field mappings: times, schedules, costs, statuses, how to join."""

from __future__ import annotations

from directory.hsds import mapping as m


def test_times_in_the_forms_real_feeds_use() -> None:
    assert m.parse_time("18:00") == "18:00"
    assert m.parse_time("10:00:00") == "10:00"
    assert m.parse_time("4:00 PM") == "16:00"
    assert m.parse_time("3pm") == "15:00"
    assert m.parse_time("12am") == "00:00"
    assert m.parse_time("25:00") is None and m.parse_time("soon") is None


def test_weekly_schedule_gives_one_session_per_day_and_monthly_keeps_ordinals() -> None:
    notes: list[str] = []
    weekly = {"freq": "WEEKLY", "byday": "MO,WE", "opens_at": "10:00", "closes_at": "12:00"}
    assert [(s["day"], s.get("freq", "weekly")) for s in m.sessions_of(weekly, notes)] == [
        ("mo", "weekly"),
        ("we", "weekly"),
    ]
    monthly = {"freq": "MONTHLY", "byday": "2SA,-1SU", "opens_at": "10:00", "closes_at": "12:00"}
    assert [(s["day"], s["ordinal"]) for s in m.sessions_of(monthly, notes)] == [
        ("sa", 2),
        ("su", -1),
    ]
    assert notes == []
    backwards = {"byday": "MO", "opens_at": "12:00", "closes_at": "10:00"}
    assert m.sessions_of(backwards, notes) == [] and "before it opens" in notes[-1]


def test_cost_options_map_to_standard_and_concession_in_pence() -> None:
    notes: list[str] = []
    assert m.cost_of({"option": "free", "amount": 0}, notes) == {
        "kind": m.CostKind.STANDARD,
        "amount_pence": 0,
        "label": "",
        "currency": "",
        "amount_description": "",
    }
    conc = m.cost_of({"option": "concession: people receiving benefits", "amount": 1.5}, notes)
    assert conc == {
        "kind": m.CostKind.CONCESSION,
        "amount_pence": 150,
        "label": "people receiving benefits",
        "currency": "",
        "amount_description": "",
    }
    assert m.cost_option_label("concession", "people receiving benefits", 150) == (
        "concession: people receiving benefits"
    )
    assert m.cost_option_label("standard", "", 0) == "free"


def test_statuses_and_how_to_join() -> None:
    notes: list[str] = []
    assert m.status_of("temporarily closed", notes) == "temporarily-closed"
    assert m.status_of("defunct", notes) == m.status_of("inactive", notes) == "closed"
    assert m.how_to_join_of("Referral from your care team.") == "referral"
    # Saying how to get in touch is not saying "just turn up": the way in stays unknown.
    assert m.how_to_join_of("Self-refer by phone or email.") == "unknown"
    assert m.how_to_join_of("Call for information.") == "unknown"
    assert m.how_to_join_of("") == "unknown"
    assert m.how_to_join_of("Book a place - courses fill up.") == "booking"
    assert m.how_to_join_of("Just drop in or book a slot.") == "drop-in"


def test_times_keep_their_utc_offset_and_repeats() -> None:
    notes: list[str] = []
    schedule = {"freq": "WEEKLY", "byday": "TU", "opens_at": "10:00+01:00",
                "closes_at": "12:00+01:00", "interval": 2, "valid_from": "2026-01-01",
                "until": "2026-06-30", "count": 10}  # fmt: skip
    (row,) = m.sessions_of(schedule, notes)
    assert (row["start"], row["end"], row["timezone"]) == ("10:00", "12:00", "+01:00")
    assert (row["interval"], row["valid_from"], row["until"], row["count"]) == (
        2, "2026-01-01", "2026-06-30", 10)  # fmt: skip
    (utc,) = m.sessions_of({"byday": "MO", "opens_at": "09:00Z", "closes_at": "10:00Z"}, notes)
    assert utc["timezone"] == "+00:00"
    (hours,) = m.sessions_of({**schedule, "opens_at": "10:00", "closes_at": "11:00",
                              "timezone": -5}, notes)  # fmt: skip
    assert hours["timezone"] == "-05:00"
    assert m.sessions_of({**schedule, "interval": "x"}, notes) == [] and "interval" in notes[-1]


def test_ids_are_stable_uuids() -> None:
    assert m.hsds_id("service", "12", "a") == m.hsds_id("service", "12", "a")
    assert m.hsds_id("service", "12", "a") != m.hsds_id("service", "12", "b")
    uid = "0ac3dd3b-2a60-5dac-8b50-eaaacda52193"
    assert m.hsds_id("service", uid.upper()) == uid


def test_a_schedule_with_no_closing_time_keeps_its_start_alone() -> None:
    notes: list[str] = []
    (found,) = m.sessions_of({"byday": "TH", "opens_at": "18:00"}, notes)
    assert (found["day"], found["start"], found["end"]) == ("th", "18:00", "") and notes == []
    assert m.sessions_of({"byday": "TH", "opens_at": "18:00", "closes_at": "later"}, notes) == []
    assert "unreadable closing time" in notes[-1]
