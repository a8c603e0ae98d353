"""The words of a note: tokens, each with its lemma and where it starts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from core import english as english_words


@dataclass(frozen=True)
class Token:
    """A word (or a comma) of a clause, with its lemma and where it starts."""

    raw: str
    lemma: str
    start: int
    end: int


@lru_cache(maxsize=16384)
def lemma(word: str) -> str:
    """The dictionary form of an English word ('fished' → 'fish', 'swam' → 'swim')."""
    return english_words.lemma(word).lower()


_WORD = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*|,")


def tokens(text: str) -> tuple[Token, ...]:
    """Words and commas with their lemmas and spans."""
    return tuple(
        Token(m.group(0), lemma(m.group(0)), m.start(), m.end()) for m in _WORD.finditer(text)
    )
