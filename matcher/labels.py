"""Labels for the people a team supports and their ties: never what looks like a full name."""

from __future__ import annotations

import re

# Two capitalised words in a row ("Sam Hughes") look like a full name.
_FULL_NAME = re.compile(r"\b[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)?\s+(?:[A-Z]')?[A-Z][a-z]{2,}\b")
FULL_NAME = "That looks like a full name."
PERSON_INSTEAD = (
    " People are known by a label, not their full name: use initials, a first name "
    "or a nickname, such as 'J.S.' or 'Tuesday walker'."
)
TIE_INSTEAD = " Use a first name, initials or a description, such as 'Sam from choir'."


def looks_like_full_name(label: str) -> bool:
    """Whether a label looks like someone's full name (privacy by default)."""
    return _FULL_NAME.search(label) is not None
