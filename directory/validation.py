"""Turn validation errors into short messages a person can act on."""

from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError

FIELD_LABELS = {
    "name": "Name",
    "amount_pence": "Cost",
    "postcode": "Postcode",
    "start": "Start time",
    "end": "End time",
    "day": "Day",
    "min_age": "Minimum age",
    "max_age": "Maximum age",
    "told_by": "Who told you",
    "interval": "Every how many weeks",
}


def messages(exc: ValidationError) -> dict[str, str]:
    """Map each failing field path ('sessions.0.end', or '' for the whole form) to a message."""
    found: dict[str, str] = {}
    for err in exc.errors():
        path = ".".join(str(p) for p in err["loc"])
        text = str(err["msg"])
        if text.startswith("Value error, "):
            text = text[len("Value error, ") :]
        ctx = err.get("ctx") or {}
        if err["type"] == "greater_than_equal" and ctx.get("ge") == 0:
            text = "cannot be below 0 (enter 0 or free for nothing)"
        elif err["type"] == "string_too_long":
            text = f"use {ctx['max_length']} characters or fewer (this has {len(err['input'])})"
        elif err["type"] == "string_too_short":
            text = f"use at least {ctx['min_length']} characters"
        elif err["type"] in ("less_than_equal", "greater_than_equal"):
            most = err["type"] == "less_than_equal"
            text = f"enter {ctx['le'] if most else ctx['ge']} or {'less' if most else 'more'}"
        elif err["type"] in ("int_parsing", "int_from_float", "float_parsing"):
            text = (
                "enter a whole number, for example 2" if "int" in err["type"] else "enter a number"
            )
        last = str(err["loc"][-1]) if err["loc"] else ""
        label = FIELD_LABELS.get(last, last.replace("_", " ").capitalize())
        if label and err["type"] != "value_error":
            text = f"{label}: {text[0].lower()}{text[1:]}"
        found.setdefault(path, text)
    return found


# Team members write local numbers ("0113 496 0000"); a number with + carries its own country.
PHONE_REGION = "GB"


def phone_problem(number: str) -> str:
    """Why a typed phone number cannot be one ('' when it can), by libphonenumber's lengths."""
    import phonenumbers  # noqa: PLC0415 - loaded when a form has a number: see tests/test_start_up.py

    try:
        possible = phonenumbers.is_possible_number(phonenumbers.parse(number, PHONE_REGION))
    except phonenumbers.NumberParseException:
        possible = False
    return "" if possible else "Enter a phone number, for example 0113 496 0000 or +44 113 496 0000"


def tel_link(number: str) -> str:
    """A phone number as a tel: link (RFC 3966), its extension marked ('tel:+44-113-…;ext=2')."""
    import phonenumbers  # noqa: PLC0415 - loaded when a page shows a number: see tests/test_start_up.py

    try:
        parsed = phonenumbers.parse(number, PHONE_REGION)
    except phonenumbers.NumberParseException:
        return "tel:" + "".join(c for c in number if c.isdigit() or c == "+")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.RFC3966)


def url_problem(address: str) -> str:
    """Why a typed web address cannot be one ('' when it can): the rule the HSDS feed keeps."""
    from directory.hsds.mapping import url_of  # noqa: PLC0415 - directory.hsds imports this module

    return "" if url_of(address) else "Enter a web address, for example www.example.org"


def email_problem(address: str) -> str:
    """Why a typed e-mail address cannot be one ('' when it can): the rule the HSDS feed keeps."""
    from directory.hsds.mapping import email_of  # noqa: PLC0415 - directory.hsds imports this module

    return "" if email_of(address) else "Enter an e-mail address, for example name@example.org"


_POUNDS = re.compile(r"£\s?(\d{1,4}(?:\.\d{2})?)\b")
_FREE = re.compile(r"^\W*(it'?s |it is )?(free|free of charge|no charge)\W*$", re.IGNORECASE)


def stale_prices(note: str, before: list[dict[str, Any]], after: list[dict[str, Any]]) -> list[str]:
    """The prices a cost note gives that the record's cost rows had and no longer have ('£7')."""
    # Only amounts the old prices had: "£20 for a block of six" was never one, and stays.
    old = {row.get("amount_pence") or 0 for row in before}
    new = {row.get("amount_pence") or 0 for row in after}
    out = ["free"] if _FREE.match(note) and not any(old) and any(new) else []
    for found in _POUNDS.finditer(note):
        pence = round(float(found.group(1)) * 100)
        if pence in old and pence not in new and found.group(0) not in out:
            out.append(found.group(0))
    return out
