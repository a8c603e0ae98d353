"""The full edit form for a resource, declared with WTForms: every fact a team keeps.

The form only reads what a person typed into the shape the API and import submit; the rules
are ResourceUpdate's (one set for forms, API and import), and their refusals come back onto the
field they belong to.
"""

from __future__ import annotations

import contextlib
import re
from datetime import date, datetime
from typing import Any

import wtforms
from wtforms.fields.choices import SelectChoice

from directory import clock, vocabulary
from directory.models import DAY_NAMES, HowToJoin, Setting, Status
from directory.models.base import DAYS, normalise_postcode
from directory.models.resource import CostKind, CostUnit
from directory.validation import email_problem, phone_problem, stale_prices, url_problem

SECTIONS = ("sessions", "costs", "locations", "phones", "interests", "access", "flags")
FREQS = [
    ("weekly", "Every week"),
    ("fortnightly", "Every 2 weeks"),
    ("every-n", "Every few weeks"),
    ("monthly", "Once a month, on a set day"),
]
ORDINALS = [("", "Which one?"), ("1", "First"), ("2", "Second"), ("3", "Third")]
ORDINALS += [("4", "Fourth"), ("-1", "Last")]
KINDS = [
    (CostKind.STANDARD.value, "Everyone pays"),
    (CostKind.CONCESSION.value, "Concession (a lower price for some people)"),
    (CostKind.PAY_WHAT_YOU_CAN.value, "Pay what you can"),
]
UNITS = [
    (CostUnit.SESSION.value, "each session"),
    (CostUnit.WEEK.value, "a week"),
    (CostUnit.MONTH.value, "a month"),
    (CostUnit.COURSE.value, "for the whole course"),
]
_MONEY = re.compile(r"^(-)?\s*£?\s*(\d{1,4})(?:\.(\d{1,2}))?\s*(?:p)?$")
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d %B %Y", "%d %b %Y")


def _choices(values: list[str]) -> list[SelectChoice]:
    return [SelectChoice(v, v.replace("-", " ").capitalize()) for v in values]


def choices(pairs: Any) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choices."""
    return [SelectChoice(value, text) for value, text in pairs]


class SessionForm(wtforms.Form):
    """One regular session."""

    freq = wtforms.SelectField("How often", choices=choices(FREQS), default="weekly")
    interval = wtforms.StringField("Every how many weeks", default="")
    day = wtforms.SelectField("Day", choices=choices([("", "Choose a day"), *DAY_NAMES.items()]))
    ordinal = wtforms.SelectField("Which one in the month", choices=choices(ORDINALS), default="")
    anchor = wtforms.StringField("Start date", render_kw={"type": "date"})
    start = wtforms.StringField("Starts", render_kw={"size": 10})
    end = wtforms.StringField("Ends (if known)", render_kw={"size": 10})
    valid_from = wtforms.StringField("Runs from", render_kw={"type": "date"})
    valid_to = wtforms.StringField("Runs until", render_kw={"type": "date"})
    cancelled = wtforms.StringField("Not meeting on (one-off breaks)")
    note = wtforms.StringField("Note")
    remove = wtforms.BooleanField("Remove this session")


class CostForm(wtforms.Form):
    """One price."""

    kind = wtforms.SelectField("Price", choices=choices(KINDS), default=CostKind.STANDARD.value)
    label = wtforms.StringField("Who it is for")
    amount = wtforms.StringField("Amount", render_kw={"size": 8})
    unit = wtforms.SelectField("For", choices=choices(UNITS), default=CostUnit.SESSION.value)
    remove = wtforms.BooleanField("Remove this price")


class PlaceForm(wtforms.Form):
    """One place it meets."""

    name = wtforms.StringField("Venue name")
    address = wtforms.StringField("Address")
    postcode = wtforms.StringField("Postcode", render_kw={"size": 9})
    latitude = wtforms.HiddenField()
    longitude = wtforms.HiddenField()
    located = wtforms.HiddenField()  # the postcode the coordinates belong to
    remove = wtforms.BooleanField("Remove this place")


class PhoneForm(wtforms.Form):
    """One phone number and what it is for."""

    label = wtforms.StringField("What it is for", render_kw={"placeholder": "Bookings"})
    number = wtforms.StringField("Number", render_kw={"type": "tel"})
    remove = wtforms.BooleanField("Remove this number")


class EditForm(wtforms.Form):
    """Every fact of a resource a team member can change."""

    version = wtforms.HiddenField()
    team_notes_version = wtforms.HiddenField()
    base = wtforms.HiddenField()  # the record as the form was filled from (editing.state_text)
    has = wtforms.FieldList(wtforms.HiddenField())  # the sections this form holds
    name = wtforms.StringField("Name")
    description = wtforms.TextAreaField("Description")
    status = wtforms.SelectField("Is it running?", choices=_choices([s.value for s in Status]))
    organisation = wtforms.StringField("Organisation that runs it")
    setting = wtforms.SelectField("Setting", choices=_choices([s.value for s in Setting]))
    sessions = wtforms.FieldList(wtforms.FormField(SessionForm))
    costs = wtforms.FieldList(wtforms.FormField(CostForm))
    fees_description = wtforms.TextAreaField("Anything else about the cost")
    locations = wtforms.FieldList(wtforms.FormField(PlaceForm))
    venue = wtforms.StringField("Use a place already in the directory")
    access = wtforms.SelectMultipleField("Access", choices=[], validate_choice=False)
    interests = wtforms.FieldList(wtforms.StringField("Interest"))
    min_age = wtforms.StringField("Youngest age", render_kw={"inputmode": "numeric", "size": 4})
    max_age = wtforms.StringField("Oldest age", render_kw={"inputmode": "numeric", "size": 4})
    eligibility = wtforms.TextAreaField("Who it is for")
    how_to_join = wtforms.SelectField("How to join", choices=_choices([h.value for h in HowToJoin]))
    join_details = wtforms.TextAreaField("How to join, in a sentence")
    phones = wtforms.FieldList(wtforms.FormField(PhoneForm))
    email = wtforms.StringField("Email", render_kw={"type": "email"})
    url = wtforms.StringField("Website")
    is_public = wtforms.BooleanField("Show it on the public pages")
    source = wtforms.StringField("Where we heard of it")
    told_by = wtforms.StringField("Who told us")
    team_notes = wtforms.TextAreaField("Team notes")
    team_contact = wtforms.StringField("Team contact")
    team_notes_shared = wtforms.BooleanField("Share these notes with every team")


def interest_name(code: str) -> str:
    """An interest's name as the form shows it."""
    return vocabulary.label(vocabulary.INTEREST, code)


def interest_codes(typed: str) -> list[str]:
    """The interest codes a typed name or synonym means ([] when none)."""
    key = " ".join(typed.lower().split())
    exact = [
        t.code for t in vocabulary.TERMS[vocabulary.INTEREST].values() if t.name.lower() == key
    ]
    return exact or sorted(vocabulary.synonym_index(vocabulary.INTEREST).get(key, set()))


def read_pence(text: str) -> int:
    """A price typed as '3', '£2.50', '50p', 'free' or '-1', in pence; ValueError if unreadable."""
    text = text.strip().lower()
    if text in ("free", "nothing", "0"):
        return 0
    match = _MONEY.match(text)
    if not match:
        raise ValueError("Enter the amount in pounds, for example 3, 2.50 or free")
    sign, whole, part = match.groups()
    pence = int(whole) if text.endswith("p") and part is None else 0
    if not pence:
        pence = int(whole) * 100 + int((part or "0").ljust(2, "0"))
    return -pence if sign else pence


def read_date(text: str) -> date | None:
    """A typed date (2027-06-01, 1/6/2027 or 1 June 2027), None when empty; ValueError if not."""
    text = " ".join(text.split())
    if not text:
        return None
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"'{text}' is not a date: write it as 1/6/2027 or 1 June 2027")


def read_age(text: str) -> int | None:
    """A typed age in years, None when empty; ValueError if not a whole number."""
    text = text.strip()
    if not text:
        return None
    if not text.isdigit():
        raise ValueError("Enter the age as a whole number of years, for example 18")
    return int(text)


def read_postcode(text: str) -> str:
    """A postcode in its usual form, or as typed when it is not one (validation says so)."""
    try:
        return normalise_postcode(text) if text.strip() else ""
    except ValueError:
        return text.strip()


def read_clock(start: str, end: str, prefix: str) -> tuple[str, str]:
    """Start and end times read as people write them ('10am', '12.30', '2-4pm')."""
    # The end may be left empty when it is not known.
    reading = clock.read_times(start, end, f"{prefix}-start", f"{prefix}-end", end_optional=True)
    return reading.start, reading.end


# --- from a record to the form -----------------------------------------------------------


def _session_values(row: dict[str, Any]) -> dict[str, Any]:
    interval = int(row.get("interval") or 1)
    freq = row.get("freq") or "weekly"
    if freq == "weekly" and interval > 1:
        freq = "fortnightly" if interval == 2 else "every-n"
    return {
        **{k: row.get(k) or "" for k in ("day", "anchor", "start", "end", "note")},
        **{k: row.get(k) or "" for k in ("valid_from", "valid_to")},
        "freq": freq,
        "interval": str(interval) if interval > 2 else "",
        "ordinal": str(row.get("ordinal") or ""),
        "cancelled": ", ".join(row.get("cancelled") or ()),
    }


def _cost_values(row: dict[str, Any]) -> dict[str, Any]:
    pence = int(row.get("amount_pence") or 0)
    amount = "free" if pence == 0 else f"{pence // 100}.{pence % 100:02d}".removesuffix(".00")
    if row.get("kind") == CostKind.PAY_WHAT_YOU_CAN.value and pence == 0:
        amount = ""
    return {**row, "amount": amount}


def _place_values(row: dict[str, Any]) -> dict[str, Any]:
    located = row.get("postcode") if row.get("latitude") is not None else ""
    coords = {k: "" if row.get(k) is None else str(row[k]) for k in ("latitude", "longitude")}
    return {**row, **coords, "located": located or ""}


def _in_the_week(row: dict[str, Any]) -> tuple[int, str]:
    """A session row's place in the week: its day, then its start."""
    day = str(row.get("day") or "")
    return (DAYS.index(day) if day in DAYS else len(DAYS), str(row.get("start") or ""))


def form_values(state: dict[str, Any], organisation: str) -> dict[str, Any]:
    """The form's values from a record's snapshot (and the editor's own notes in it)."""
    values = {k: v for k, v in state.items() if k not in ("sessions", "costs", "locations")}
    values.update(
        organisation=organisation,
        # in the week's order, as the entry's page lists them (the snapshot's order is the codes')
        sessions=[_session_values(r) for r in sorted(state["sessions"], key=_in_the_week)],
        costs=[_cost_values(r) for r in state["costs"]],
        locations=[_place_values(r) for r in state["locations"]],
        interests=[interest_name(c) for c in state["interests"]],
        # a record written before numbers had labels keeps its number in `phone` alone
        phones=state["phones"]
        or ([{"label": "", "number": state["phone"]}] if state["phone"] else []),
        min_age="" if state.get("min_age") is None else str(state["min_age"]),
        max_age="" if state.get("max_age") is None else str(state["max_age"]),
        has=list(SECTIONS),
    )
    return values


def with_blank_rows(form: EditForm) -> EditForm:
    """The form with an empty interest row, and an empty place, price and session if none."""
    # Empty rows are left out when saving.
    if not form.interests.entries or form.interests.entries[-1].data:
        form.interests.append_entry()
    for section in (form.sessions, form.costs, form.phones):
        if not section.entries:
            section.append_entry()
    return form


# --- from the form to a submission -------------------------------------------------------

Errors = dict[str, str]


def _blank(values: dict[str, Any], keys: tuple[str, ...]) -> bool:
    return not any(str(values.get(k) or "").strip() for k in keys)


def _read_every_n(v: dict[str, str], entry: Any, out: dict[str, Any], errors: Errors) -> None:
    """Every N weeks: how many, and (asked for together) the start date that fixes which."""
    out["freq"] = "weekly"
    if v["interval"].isdigit():
        out["interval"] = v["interval"]
        return
    errors[entry.form.interval.id] = "Say every how many weeks it meets, for example 3"
    if not v["anchor"]:  # both said at once, not one after the other
        errors[f"{entry.id}-anchor"] = (
            "Give the start date (the first day it meets), so the weeks it meets are known"
        )


def _read_session(entry: Any, errors: Errors) -> dict[str, Any] | None:
    """One session row as submitted, or None when empty or removed."""
    row = entry.form
    v = {k: str(f.data or "").strip() for k, f in row._fields.items() if k != "remove"}
    if row.remove.data or _blank(v, ("day", "start", "end", "anchor")):
        return None
    out: dict[str, Any] = {"day": v["day"], "note": v["note"], "freq": v["freq"]}
    if v["freq"] == "every-n":
        _read_every_n(v, entry, out, errors)
    if v["freq"] == "monthly":
        out["ordinal"] = v["ordinal"] or None
    if not v["day"]:
        errors[row.day.id] = "Choose the day it meets"
    try:
        out["start"], out["end"] = read_clock(v["start"], v["end"], entry.id)
    except clock.TimeError as exc:
        errors[exc.field] = exc.message
    for name in ("anchor", "valid_from", "valid_to"):
        try:
            out[name] = read_date(v[name])
        except ValueError as exc:
            errors[f"{entry.id}-{name}"] = str(exc)
    try:
        found = [read_date(d) for d in re.split(r"[,;\n]+", v["cancelled"]) if d.strip()]
        out["cancelled"] = [d for d in found if d is not None]
    except ValueError as exc:
        errors[row.cancelled.id] = str(exc)
    return out


def _read_cost(entry: Any, errors: Errors) -> dict[str, Any] | None:
    """One price row as submitted, or None when empty or removed."""
    row = entry.form
    kind, amount = row.kind.data, str(row.amount.data or "").strip()
    if row.remove.data or (not amount and kind != CostKind.PAY_WHAT_YOU_CAN.value):
        return None
    out = {"kind": kind, "label": str(row.label.data or "").strip(), "unit": row.unit.data}
    try:
        out["amount_pence"] = read_pence(amount) if amount else 0
    except ValueError as exc:
        errors[row.amount.id] = str(exc)
    if kind == CostKind.CONCESSION.value and not out["label"]:
        errors[row.label.id] = "Say who the concession is for, for example people on benefits"
    return out


def _read_place(entry: Any) -> dict[str, Any] | None:
    """One place row as submitted (coordinates kept only for the postcode they belong to)."""
    row = entry.form
    v = {k: str(f.data or "").strip() for k, f in row._fields.items() if k != "remove"}
    if row.remove.data or _blank(v, ("name", "address", "postcode")):
        return None
    out: dict[str, Any] = {k: v[k] for k in ("name", "address")}
    out["postcode"] = read_postcode(v["postcode"])
    if v["latitude"] and v["longitude"] and v["located"] == out["postcode"]:
        # A tampered hidden field is dropped: the place is looked up again from its postcode.
        with contextlib.suppress(ValueError):
            out["latitude"], out["longitude"] = float(v["latitude"]), float(v["longitude"])
    return out


def _read_phone(entry: Any, errors: Errors) -> dict[str, Any] | None:
    """One phone row as submitted, or None when empty or removed."""
    row = entry.form
    label, number = str(row.label.data or "").strip(), str(row.number.data or "").strip()
    if row.remove.data or not (label or number):
        return None
    if not number:
        errors[row.number.id] = "Enter the number, or clear what it is for"
    elif problem := phone_problem(number):
        errors[row.number.id] = problem
    return {"label": label, "number": number}


def _read_interests(form: EditForm, errors: Errors) -> list[str]:
    codes: list[str] = []
    for entry in form.interests.entries:
        typed = str(entry.data or "").strip()
        if not typed:
            continue
        found = interest_codes(typed)
        if not found:
            errors[entry.id] = (
                f"Interests: {clock.shown(typed)} is not in the list of interests. "
                "Choose one of the suggestions, or leave it out"
            )
        codes += [c for c in found if c not in codes]
    return codes


READERS = {"sessions": _read_session, "costs": _read_cost, "phones": _read_phone}
SCALARS = (
    "name",
    "description",
    "status",
    "setting",
    "fees_description",
    "eligibility",
    "how_to_join",
    "join_details",
    "email",
    "url",
    "source",
    "told_by",
    "team_notes",
    "team_contact",
)


class Reading:
    """A posted edit form read into a submission: the data, errors by field id, and its rows."""

    # `rows` says which form row each submitted row came from, so a refusal lands on the row typed.

    def __init__(self) -> None:
        self.data: dict[str, Any] = {}
        self.errors: Errors = {}
        self.rows: dict[str, list[str]] = {}
        self.new_organisation = ""  # a name typed that no organisation has yet
        self.notes: list[str] = []  # what to tell the editor once it is saved

    def add_rows(self, name: str, entries: list[Any], read: Any) -> None:
        """Read a list section's rows, keeping the ids of those submitted."""
        found, ids = [], []
        for entry in entries:
            row = read(entry, self.errors) if name in READERS else read(entry)
            if row is not None:
                found.append(row)
                ids.append(entry.id)
        self.data[name], self.rows[name] = found, ids


def _read_fields(form: EditForm, formdata: Any, reading: Reading) -> None:
    """The single fields that were posted (the ages read as people write them)."""
    for name in SCALARS:
        if name in formdata:
            reading.data[name] = str(form[name].data or "").strip()
    for name, problem in (("email", email_problem), ("url", url_problem)):
        typed = reading.data.get(name) if name in formdata else ""
        if typed and (said := problem(typed)):
            reading.errors[name] = said
    for name in ("min_age", "max_age"):
        if name in formdata:
            try:
                reading.data[name] = read_age(str(form[name].data or ""))
            except ValueError as exc:
                reading.errors[name] = str(exc)


def _read_sections(form: EditForm, sections: set[str], reading: Reading) -> None:
    """The sections the form showed: rows of sessions, costs, phones and places, and lists."""
    for name in ("sessions", "costs", "phones"):
        if name in sections:
            reading.add_rows(name, form[name].entries, READERS[name])
    if "locations" in sections:
        reading.add_rows("locations", form.locations.entries, _read_place)
    if "interests" in sections:
        reading.data["interests"] = _read_interests(form, reading.errors)
    if "access" in sections:
        reading.data["access"] = [c for c in form.access.data or [] if c]
    if "flags" in sections:
        reading.data["is_public"] = bool(form.is_public.data)
    if "phones" in sections:
        phones = reading.data["phones"]
        reading.data["phone"] = phones[0]["number"] if phones else ""


def read_form(form: EditForm, base: dict[str, Any], formdata: Any) -> Reading:
    """The posted form over `base` (the record as saved): fields and sections not posted stay."""
    reading = Reading()
    reading.data.update(base)
    _read_fields(form, formdata, reading)
    _read_sections(form, {str(h) for h in form.has.data}, reading)
    _check_cost_note(base, reading)
    return reading


def _check_cost_note(base: dict[str, Any], reading: Reading) -> None:
    """Refuse a cost note that still gives the prices this edit changed."""
    # "£6, £4 with benefits. £7 a session; £4 for people on benefits" on the public page.
    note = str(reading.data.get("fees_description") or "")
    if stale := stale_prices(note, base.get("costs") or [], reading.data.get("costs") or []):
        said = " and ".join(stale)
        reading.errors["fees_description"] = (
            f"This still says {said}, which the prices above no longer are. "
            "Change it to match them, or clear it"
        )


def field_id(path: str, reading: Reading) -> str:
    """The form field a validation error's path ('sessions.0.end') belongs to."""
    head, *rest = path.split(".")
    if head in reading.rows:
        ids = reading.rows[head]
        if not rest or not rest[0].isdigit() or int(rest[0]) >= len(ids):
            return f"{ids[0]}-{_FIRST[head]}" if ids else "venue" if head == "locations" else head
        row, name = ids[int(rest[0])], rest[1] if len(rest) > 1 else _FIRST[head]
        return f"{row}-{_RENAMED.get(name, name)}"
    if head in ("interests",):
        return "interests-0"
    return {"": "setting", "organisation_id": "organisation", "version": "name"}.get(head, head)


_FIRST = {"sessions": "day", "costs": "amount", "locations": "postcode", "phones": "number"}
_RENAMED = {"amount_pence": "amount"}
