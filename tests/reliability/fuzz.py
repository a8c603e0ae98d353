"""Hypothesis strategies for hostile input (the fuzz tests and bench/reliability_fuzz.py)."""

from __future__ import annotations

import os
from typing import Any

from hypothesis import strategies as st

EXAMPLES = int(os.environ.get("COMMONGROUND_FUZZ_EXAMPLES", "1000"))
END_TO_END = int(os.environ.get("COMMONGROUND_FUZZ_END_TO_END", "100"))

# Text as people and attackers type it: any Unicode (NUL, surrogates' neighbours, RTL marks),
# markup, SQL, very long strings.
nasty_text = st.one_of(
    st.text(max_size=20),
    # Long text built by repetition: drawing thousands of characters one by one is slow.
    st.builds(lambda piece, n: piece * n, st.text(min_size=1, max_size=4), st.integers(50, 2000)),
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "<script>alert(1)</script>",
            "' OR 1=1 --",
            "../../etc/passwd",
            "25:99",
            "-1",
            "1e309",
            "NaN",
            "£2.50",
            "mo",
            "SW1A 1AA",
            "\u202e\u0000\ufeff",
        ]
    ),
)
json_scalar = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    nasty_text,
)
CHILD_KEYS = [  # the keys of locations, sessions, costs and free times, so rows get deep
    "name",
    "address",
    "postcode",
    "latitude",
    "longitude",
    "freq",
    "day",
    "ordinal",
    "start",
    "end",
    "note",
    "kind",
    "amount_pence",
    "label",
    "from",
    "to",
]
json_value = st.one_of(
    json_scalar,
    st.lists(json_scalar, max_size=3),
    st.lists(st.dictionaries(st.sampled_from(CHILD_KEYS), json_scalar, max_size=6), max_size=2),
    st.dictionaries(st.text(max_size=6), json_scalar, max_size=3),
)
BATCH = 25  # values tried per Hypothesis example: drawing is the slow part, so draw in batches


def batches(values: st.SearchStrategy[Any]) -> st.SearchStrategy[list[Any]]:
    """BATCH values at a time."""
    return st.lists(values, min_size=BATCH, max_size=BATCH)


def examples_for(values: int) -> int:
    """Hypothesis examples needed to try this many values."""
    return max(1, -(-values // BATCH))


def clear(fields: dict[str, str], field: str) -> str | None:
    """Why a rejection's messages are not clear enough for the field, or None if they are."""
    if not fields:
        return "rejected with no message"
    for path, message in fields.items():
        if not str(message).strip() or "Traceback" in str(message):
            return f"empty or internal message for {path!r}"
    if not any(p == "" or p.split(".")[0] == field for p in fields):
        return f"no message names {field!r}: {fields}"
    return None


def settings_kwargs(examples: int) -> dict[str, Any]:
    """Hypothesis settings for a fuzz run: no deadline, no example database."""
    from hypothesis import HealthCheck

    return {
        "max_examples": examples,
        "deadline": None,
        "database": None,
        "suppress_health_check": list(HealthCheck),
    }
