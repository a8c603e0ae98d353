"""Lexicon terms found in a clause's tokens, and the spellings a slip is corrected to."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

from rapidfuzz import fuzz, process

from core import english as english_words
from matcher.lexicon import LEXICON
from matcher.reader.words import Token, tokens


@cache
def _index() -> tuple[dict[tuple[str, ...], tuple[frozenset[str], bool]], ...]:
    """Raw and lemma word sequences → (codes, strong) for every lexicon phrase."""
    # Built at first use: lemmatising the lexicon loads simplemma's dictionary, which a web
    # worker that never reads notes does not need.
    raw: dict[tuple[str, ...], tuple[set[str], bool]] = {}
    lem: dict[tuple[str, ...], tuple[set[str], bool]] = {}
    for code, phrases in LEXICON.items():
        for phrase in phrases:
            strong = not phrase.startswith("~")
            toks = [t for t in tokens(phrase.lstrip("~=")) if t.raw != ","]
            keys = [(raw, tuple(t.raw for t in toks))]
            if "=" not in phrase[:2]:  # "~=phone": ambiguous, and only as written
                keys.append((lem, tuple(t.lemma for t in toks)))
            for table, key in keys:
                codes, was = table.get(key, (set(), True))
                codes.add(code)
                table[key] = (codes, was and strong) if key in table else (codes, strong)
    return (
        {k: (frozenset(c), s) for k, (c, s) in raw.items()},
        {k: (frozenset(c), s) for k, (c, s) in lem.items()},
    )


@cache
def _longest() -> int:
    """The most words in a lexicon phrase."""
    return max(len(k) for k in _index()[0])


@dataclass(frozen=True)
class Hit:
    """A lexicon phrase found at tokens [first, last]."""

    codes: frozenset[str]
    strong: bool
    first: int
    last: int


# Long words of the cues below, so that a slip in them ("intrested") is read too.
_CUE_WORDS = (
    "interested", "interest", "enjoys", "enjoyed", "enjoying", "favourite", "passionate",
    "wanting", "would", "teaching", "teaches", "volunteers", "volunteered", "previously",
    "formerly", "retired", "thinking", "considering", "hoping", "struggles", "knowledgeable",
    "hobbies", "making",
)  # fmt: skip


@cache
def _spellings() -> list[str]:
    """Long single-word lexicon phrases and the cue words: what a slip is corrected to."""
    singles = {k[0] for k, v in _index()[0].items() if len(k) == 1 and v[1] and len(k[0]) >= 6}
    return sorted(singles | set(_CUE_WORDS))


@cache
def _spelt() -> frozenset[str]:
    """The spellings a slip is corrected to, for looking up."""
    return frozenset(_spellings())


def _swapped(word: str) -> str:
    """The spelling the word is with two neighbouring letters swapped back, or ''."""
    for i in range(len(word) - 1):
        back = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        if back != word and back in _spelt():
            return back
    return ""


@lru_cache(maxsize=16384)
def _respelt(word: str) -> str:
    """A long unknown word one slip away from a lexicon or cue word, corrected ('swiming')."""
    if english_words.known(word):
        return word
    swapped = _swapped(word)
    if swapped:
        return swapped  # two letters typed the wrong way round ("readign"): one slip
    # one slip in a long word ("allotmnet") costs less of its likeness than in a short one
    cutoff = 85 if len(word) >= 8 else 90
    best = process.extractOne(word, _spellings(), scorer=fuzz.ratio, score_cutoff=cutoff)
    return word if best is None else str(best[0])


@lru_cache(maxsize=4096)
def _dropped_g(word: str) -> str:
    """'walkin', 'swimmin': a word written without its final g, spelt out."""
    if english_words.known(word) or not english_words.known(word + "g"):
        return word
    return word + "g"


def _longest_at(toks: tuple[Token, ...], i: int) -> Hit | None:
    """The longest lexicon phrase starting at token i."""
    raw, lem = _index()
    for size in range(min(_longest(), len(toks) - i), 0, -1):
        part = toks[i : i + size]
        if any(t.raw == "," for t in part):
            continue
        # a word as written wins over its lemma ("batting" is cricket, not "bat" the animal)
        found = raw.get(tuple(t.raw for t in part)) or lem.get(tuple(t.lemma for t in part))
        if found:
            return Hit(found[0], found[1], i, i + size - 1)
    return None


def hits(toks: tuple[Token, ...]) -> list[Hit]:
    """Lexicon phrases in a clause, never overlapping: the longest at each position."""
    # Unless one as long starts inside it and reaches further: English puts the head last
    # ("meet other carers" is about carers, not meeting).
    out: list[Hit] = []
    i = 0
    while i < len(toks):
        found = _longest_at(toks, i)
        if found is None:
            i += 1
            continue
        size = found.last - found.first
        inside = (_longest_at(toks, j) for j in range(i + 1, found.last + 1))
        longer = next(
            (h for h in inside if h and h.last - h.first >= size and h.last > found.last), None
        )
        if longer is not None:
            i = longer.first
            continue
        out.append(found)
        i = found.last + 1
    return out
