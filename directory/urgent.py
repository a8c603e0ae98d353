"""Words in a search that may mean the person searching needs urgent help now."""

from __future__ import annotations

import re

# The words of suicide and self-harm that risk guidance (NHS, Samaritans) asks services to
# answer with where to get help at once, whatever else the search finds.
_URGENT = re.compile(
    r"\b(suicid\w*|kill(?:ing)?\s+(?:my|him|her|them)sel(?:f|ves)|end(?:ing)?\s+(?:my\s+life|"
    r"it\s+all)|(?:want|wants|wanted|wanting)\s+to\s+die|(?:do\s+not|don'?t)\s+want\s+to\s+"
    r"(?:live|be\s+here)|self[\s-]?harm\w*|(?:hurt|hurting|harm|harming|cut|cutting)\s+"
    r"(?:my|him|her)self|overdos\w*|no\s+reason\s+to\s+live|crisis)\b",
    re.IGNORECASE,
)


def urgent(text: str) -> bool:
    """Whether the words may mean someone needs help now: suicide, self-harm, a crisis."""
    return bool(_URGENT.search(text))
