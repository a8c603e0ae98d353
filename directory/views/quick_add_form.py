"""Reading the quick-add form: a name, a time as people write it, a price and a place."""

from __future__ import annotations

import re
from typing import Any

from flask import (
    render_template,
)
from pydantic import ValidationError
from werkzeug.datastructures import MultiDict

from core.db import get_session
from directory import clock, geo
from directory.models import (
    DAY_NAMES,
    HowToJoin,
    Resource,
    ResourceCreate,
    Setting,
    normalise_postcode,
)
from directory.stewardship import editing
from directory.stewardship.editing import place_typed_note
from directory.validation import messages, phone_problem, url_problem

# How often a group meets: every week, or one week of each month (the session's ordinal).
OFTEN = {
    "": "Every week",
    "1": "First in the month",
    "2": "Second in the month",
    "3": "Third in the month",
    "4": "Fourth in the month",
    "-1": "Last in the month",
}
MONTH_IN_TIME = "Give only the time here, and choose how often under ‘How often’"
_MONEY = re.compile(r"^£?\s*(\d{1,4})(?:\.(\d{1,2}))?$")
# A price typed with its concession in one box: "£2.50 or free if on benefits",
# "£3, £1.50 concessions", "4 (2 with benefits)".
_WITH_CONCESSION = re.compile(
    r"^(?P<usual>[^,(/]+?)\s*(?:,|/|\(|\bor\b)\s*(?P<concession>free|£?\s*\d{1,4}(?:\.\d{1,2})?)"
    r"\s*(?:(?:if|when|for people|for those)\s+)?(?:(?:on|with|receiving|getting)\s+)?"
    r"(?:benefits?|concessions?|conc\.?)\s*\)?$",
    re.IGNORECASE,
)


PLACE_KEYS = ("name", "address", "postcode", "latitude", "longitude")  # a place as kept


def _pence(text: str, field: str, errors: dict[str, str]) -> int | None:
    """A price typed as '3', '£2.50' or 'free', in pence."""
    text = text.strip().lower()
    if not text:
        return None
    if text in {"free", "0"}:
        return 0
    if text.startswith("-") and _MONEY.match(text[1:].strip()):
        errors[field] = "A cost cannot be below 0: enter 0 or free for nothing"
        return None
    match = _MONEY.match(text)
    if not match:
        errors[field] = "Enter the cost in pounds, for example 3 or 2.50"
        return None
    return int(match.group(1)) * 100 + int((match.group(2) or "0").ljust(2, "0"))


def _field_for(path: str) -> str:
    """The quick-add form field a validation error belongs to."""
    head, *rest = path.split(".")
    if head == "sessions" and rest and rest[-1] in ("start", "end"):
        return rest[-1]
    return {
        "locations": "place",
        "sessions": "day",
        "costs": "cost",
        "": "place",
    }.get(head, head)


def _costs(form: Any, errors: dict[str, str]) -> list[dict[str, Any]]:
    """The usual cost and the concession as typed ("£2", "1.50"), as cost rows."""
    usual, reduced = form.get("cost", ""), form.get("concession", "")
    both = _WITH_CONCESSION.match(usual.strip())
    if both and reduced.strip():
        errors["cost"] = "Put the price with benefits in its own box, or only here"
        return []
    if both:
        usual, reduced = both.group("usual"), both.group("concession")
    standard = _pence(usual, "cost", errors)
    concession = _pence(reduced, "concession", errors)
    costs: list[dict[str, Any]] = []
    if standard is not None:
        costs.append({"amount_pence": standard})
    if concession is not None:
        if standard is None and not usual.strip():  # (an unreadable one is said on its box)
            errors["concession"] = "Give the usual cost too"
        elif standard is not None and concession > standard:
            errors["concession"] = "The price with benefits is more than the usual cost: check both"
        costs.append(
            {"kind": "concession", "amount_pence": concession, "label": "people receiving benefits"}
        )
    return costs


def parse_quick_add(
    form: Any, notes: list[str] | None = None, into: Resource | None = None
) -> tuple[ResourceCreate | None, dict[str, str]]:
    """A quick-add form as a validated submission, or the errors by field."""
    # `into`: what was heard about this record, whose place stands when none was heard.
    # What the team member is told once it is saved (a district's centre used) goes into `notes`.
    errors: dict[str, str] = {}
    data: dict[str, Any] = {
        "name": form.get("name", "").strip(),
        "description": form.get("description", "").strip(),
        "told_by": form.get("told_by", "").strip(),
        "phone": form.get("phone", "").strip(),
        "url": form.get("url", "").strip(),
        "source": "word of mouth",
        # Word of mouth rarely says how to join: "unknown", never a guessed drop-in.
        "how_to_join": HowToJoin.UNKNOWN.value,
    }
    if not data["name"]:
        errors["name"] = "Enter what it is called"
    _read_where(form, data, errors, notes, into)
    session = _session(form, errors)
    if session is not None:
        data["sessions"] = [session]
    data["costs"] = _costs(form, errors)
    if data["phone"] and (problem := phone_problem(data["phone"])):
        errors["phone"] = problem
    if data["url"] and (problem := url_problem(data["url"])):
        errors["url"] = problem
    try:  # checked even when a field above has failed: every problem is said at once
        created = ResourceCreate(**data)
    except ValidationError as exc:
        for path, message in messages(exc).items():
            errors.setdefault(_field_for(path), message)
        return None, _in_form_order(errors)
    return (None, _in_form_order(errors)) if errors else (created, {})


def _read_where(
    form: Any,
    data: dict[str, Any],
    errors: dict[str, str],
    notes: list[str] | None,
    into: Resource | None,
) -> None:
    """Where it is: online, the place typed, or (said of a record) the record's own."""
    place = form.get("place", "").strip()
    if form.get("online") and place:  # neither is dropped unsaid
        errors["place"] = (
            f"You ticked 'Online' and gave a place ({clock.shown(place)}): untick 'Online', or "
            "clear the place"
        )
    elif form.get("online"):
        data["setting"] = Setting.ONLINE.value
    elif not place and into is not None:
        data.update(_where_it_is(into))
    elif not place:
        errors["place"] = "Enter a postcode or place, or tick 'Online'"
    else:
        data["locations"] = [location := _location(place, notes)]
        asked = form.get("place_seen", "") == place  # asked about it already: kept as typed
        # A postcode the gazetteer does not hold is kept, with a note: it is an address still.
        if "latitude" in location or location.get("postcode") or asked:
            return
        likely = _likely_place(place)
        maybe = f" Did you mean {likely}?" if likely else ""
        errors["place"] = (
            f"We could not find {clock.shown(place)} on the map.{maybe} Correct it or give its "
            "postcode, or save again to keep it as typed (it will be in no search by distance)."
        )


def _where_it_is(resource: Resource) -> dict[str, Any]:
    """A record's own place (or its being online), as a submission gives it."""
    if not resource.locations:
        return {"setting": resource.setting}
    return {"locations": [{k: getattr(loc, k) for k in PLACE_KEYS} for loc in resource.locations]}


# The quick-add fields top to bottom: the error summary lists problems in this order.
FIELD_ORDER: tuple[str, ...] = (
    *("name", "description", "place", "day", "often", "start", "end"),
    *("cost", "concession", "told_by", "phone", "url"),
)


def _in_form_order(errors: dict[str, str]) -> dict[str, str]:
    """The errors in the order their fields are on the page (any others last)."""
    rank = {name: i for i, name in enumerate(FIELD_ORDER)}
    return dict(sorted(errors.items(), key=lambda item: rank.get(item[0], len(rank))))


def quick_add_times(form: Any, errors: dict[str, str] | None = None) -> clock.Reading | None:
    """The quick-add form's start and end times as read; None when empty or unreadable."""
    # The reason goes into `errors` under the field it belongs to.
    start, end = form.get("start", ""), form.get("end", "")
    if not (start.strip() or end.strip()):
        return None
    try:
        return clock.read_times(start, end, end_optional=True)
    except clock.TimeError as exc:
        if errors is not None:
            errors[exc.field] = exc.message
        return None


def _session(form: Any, errors: dict[str, str]) -> dict[str, str] | None:
    """The one session a quick-add gives (day, start, end), or None when none or wrong."""
    day = form.get("day", "").strip()
    reading = quick_add_times(form, errors)
    typed = form.get("start", "").strip() or form.get("end", "").strip()
    if not day and typed:
        errors["day"] = "Choose the day too, or leave the times empty"
    elif day and day not in DAY_NAMES:
        errors["day"] = "Choose the day from the list"
    elif day and reading is None and "start" not in errors and "end" not in errors:
        # Only the day was given: the refusal sits where the team member made a choice.
        errors["day"] = "Add when it starts, or choose 'Not sure' for the day"
    often = form.get("often", "").strip()
    if often not in OFTEN:
        errors["often"] = "Choose how often from the list"
    for name in ("start", "end"):
        if name in errors and "month" in form.get(name, "").lower():
            errors[name] = MONTH_IN_TIME
    if reading is None or not day or often not in OFTEN:
        return None
    when: dict[str, Any] = {"day": day, "start": reading.start, "end": reading.end}
    if often:
        when.update(freq="monthly", ordinal=int(often))
    return when


def as_read(form: Any, reading: clock.Reading | None) -> Any:
    """The form with its times as they were read, for the team member to check."""
    if reading is None:
        return form
    shown = MultiDict(form)
    shown.setlist("start", [reading.start])
    shown.setlist("end", [reading.end])
    return shown


def quick_add_page(
    form: Any,
    errors: dict[str, str],
    candidates: list[Any],
    status: int = 200,
    checking: bool = False,
    into: Resource | None = None,
    notes: list[str] | None = None,
) -> tuple[str, int]:
    """The quick-add form (or, `into` a record, what was heard), saying how times were read."""
    # Times are explained only when they were read; `notes` say a district stands in for a place.
    reading = quick_add_times(form) if form else None
    page = render_template(
        "workspace/quick_add.html",
        form=form,
        errors=errors,
        candidates=candidates,
        reading=reading,
        checking=checking,
        into=into,
        often=OFTEN,
        place_notes=notes or [],
    )
    return page, status


def _likely_place(text: str) -> str:
    """The known place a typed one the gazetteer did not place is likely a slip for, or ''."""
    likely = geo.suggest(get_session(), text)  # "Armly": Armley
    return likely if likely and geo.place_key(likely) != geo.place_key(text) else ""


def _location(text: str, notes: list[str] | None = None) -> dict[str, Any]:
    """A typed place: looked up in the gazetteer, else kept as an address."""
    try:
        postcode = normalise_postcode(text)
    except ValueError:
        postcode = ""
    found = geo.lookup(get_session(), text)
    venue = editing.find_venue(get_session(), text) if found is None and not postcode else None
    if venue is not None and venue[0].latitude is not None:
        # A venue the directory knows by this name ("Holbrook Community Centre"): its place.
        return {k: getattr(venue[0], k) for k in PLACE_KEYS}
    if notes is not None and (note := place_typed_note(text, postcode, found)):
        notes.append(note)
    location: dict[str, Any] = {"postcode": postcode}
    if not postcode:
        location["address" if found is None else "name"] = text
    if found is not None:
        location.update(latitude=found.lat, longitude=found.lon)
    return location
