"""Turn validation errors into short messages a person can act on."""

from __future__ import annotations

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
}


def messages(exc: ValidationError) -> dict[str, str]:
    """Map each failing field path ('sessions.0.end', or '' for the whole form) to a message."""
    found: dict[str, str] = {}
    for err in exc.errors():
        path = ".".join(str(p) for p in err["loc"])
        text = str(err["msg"])
        if text.startswith("Value error, "):
            text = text[len("Value error, ") :]
        if err["type"] == "greater_than_equal" and (err.get("ctx") or {}).get("ge") == 0:
            text = "cannot be below 0 (enter 0 or free for nothing)"
        last = str(err["loc"][-1]) if err["loc"] else ""
        label = FIELD_LABELS.get(last, last.replace("_", " ").capitalize())
        if label and err["type"] != "value_error":
            text = f"{label}: {text[0].lower()}{text[1:]}"
        found.setdefault(path, text)
    return found
