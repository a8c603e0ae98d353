"""The words of a note: tokens, each with its lemma and where it starts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


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
    import simplemma  # loaded at first use: a worker that never reads notes does not need it

    return str(simplemma.lemmatize(word, lang="en")).lower()


_WORD = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*|,")


def tokens(text: str) -> tuple[Token, ...]:
    """Words and commas with their lemmas and spans."""
    return tuple(
        Token(m.group(0), lemma(m.group(0)), m.start(), m.end()) for m in _WORD.finditer(text)
    )
