"""What both search backends share: query plans, the public text of a resource, snippets.

Each engine filters, ranks, counts facets and pages itself (SQL on PostgreSQL, Whoosh queries
on the embedded default); nothing of the directory is held here.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from rapidfuzz.distance import OSA
from whoosh.analysis import STOP_WORDS

from core import english as english_words
from directory import vocabulary
from directory.hsds.languages import NAMES
from directory.search import Ask, SearchResult

MAX_PHRASE = 4
SNIPPET_WORDS = 30
_WORD = re.compile(r"[^\W_]+")
INTEREST_CODES = tuple(vocabulary.TERMS[vocabulary.INTEREST])
# Every English name of each language code ("zh": "cantonese mandarin chinese").
LANGUAGE_NAMES = {
    code: " ".join(name for name, named in NAMES.items() if named == code)
    for code in dict.fromkeys(NAMES.values())
}


def words(text: str) -> list[str]:
    """Lower-case words of a text (letters and digits; hyphens and apostrophes split)."""
    return _WORD.findall(text.lower())


def _phrase_index() -> dict[str, frozenset[str]]:
    """Vocabulary phrases (as space-joined words) -> interest codes they name."""
    index: dict[str, set[str]] = {}
    for phrase, codes in vocabulary.synonym_index(vocabulary.INTEREST).items():
        index.setdefault(" ".join(words(phrase)), set()).update(codes)
    return {k: frozenset(v) for k, v in index.items() if k}


PHRASES = _phrase_index()
# Vocabulary phrases run together ("bookclub", "boardgames"): no entry's text holds them.
RUN_TOGETHER = {p.replace(" ", "") + s: p.split() for p in PHRASES if " " in p for s in ("", "s")}


def _spelt_apart(word: str) -> list[str]:
    """A vocabulary phrase run together as its words, unless a word itself ("birdwatching")."""
    apart = RUN_TOGETHER.get(word)
    return apart if apart and word not in PHRASES and not english(word) else [word]


@dataclass(frozen=True)
class Group:
    """One part of a query: its words (all needed), or any of the interest codes it names."""

    words: tuple[str, ...]
    codes: frozenset[str] = frozenset()
    corrected: str | None = None  # a likely intended word when this one is unknown


@dataclass
class QueryPlan:
    """A query split into groups, every group needed unless the search is relaxed."""

    groups: list[Group]

    @property
    def codes(self) -> set[str]:
        """Every interest code the query names."""
        return {c for g in self.groups for c in g.codes}

    def searched(self) -> str:
        """The groups' words as searched: each unknown word as its likely spelling."""
        return " ".join(g.corrected or " ".join(g.words) for g in self.groups)

    def suggestion(self) -> str | None:
        """The query with unknown words replaced by their likely spelling, if any changed."""
        return self.searched() if any(g.corrected for g in self.groups) else None


def plan_query(query: str) -> QueryPlan:
    """Split a query into groups, joining vocabulary phrases ("walking football") into one."""
    tokens = [w for word in words(query)[:32] for w in _spelt_apart(word)]
    groups: list[Group] = []
    i = 0
    while i < len(tokens):
        for n in range(min(MAX_PHRASE, len(tokens) - i), 0, -1):
            phrase = " ".join(tokens[i : i + n])
            if phrase in PHRASES:
                kept = tuple(w for w in tokens[i : i + n] if w not in STOP_WORDS)
                groups.append(Group(kept or tuple(tokens[i : i + n]), PHRASES[phrase]))
                i += n
                break
        else:
            if tokens[i] not in STOP_WORDS:
                groups.append(Group((tokens[i],)))
            i += 1
    return QueryPlan(groups)


# Words for a kind of gathering, which nearly every entry is: kept needed, they find everything.
GATHERINGS = frozenset({"group", "groups", "club", "clubs", "class", "classes", "session",
                        "sessions", "meeting", "meetings", "meetup", "course", "courses",
                        "workshop", "workshops", "activity", "activities"})  # fmt: skip


def _beyond_gatherings(plan: QueryPlan) -> list[Group]:
    """The groups that say more than a kind of gathering."""
    return [g for g in plan.groups if not set(g.words) <= GATHERINGS]


def topics(plan: QueryPlan) -> QueryPlan | None:
    """The groups naming an interest (else those that are more than a kind of gathering), when
    others are beside them: what no entry having every group keeps needed ("gardening club for
    my dad": gardening, not any club; "widows group": widows, not any group)."""
    kept = [g for g in plan.groups if g.codes] or _beyond_gatherings(plan)
    return QueryPlan(kept) if kept and len(kept) < len(plan.groups) else None


def any_of(plan: QueryPlan) -> QueryPlan:
    """The groups any one of which will do when no entry has them all: every group, but for a
    kind of gathering beside words that name no interest ("womans group": not every group)."""
    if any(g.codes for g in plan.groups):
        return plan
    return QueryPlan(_beyond_gatherings(plan) or plan.groups)


def correctable(group: Group) -> bool:
    """Tell whether a group is a single ordinary word worth a spelling check."""
    # As spelling tools leave words with digits alone: "ls13" is not a slip for "ls11".
    word = group.words[0] if len(group.words) == 1 else ""
    return not group.codes and word.isalpha()


def english(word: str) -> bool:
    """Whether the word is an English word (simplemma's list): a word, not a slip, when unknown."""
    # Spelling tools flag only words missing from their dictionary: "closed" is not a slip for
    # "cooked", nor "autism" for "artist".
    return english_words.known(word)


def edits_allowed(word: str) -> int:
    """How many edits a correction of the word may make: none to 2 letters, one to 5, two beyond."""
    # The usual rule of spelling tools: a short word two edits away is another ("alert", "art").
    return 0 if len(word) <= 2 else 1 if len(word) <= 5 else 2


def swaps(word: str) -> list[str]:
    """The word with each pair of neighbouring letters swapped ("wlak": "lwak", "walk", "wlka")."""
    # The commonest slip of a typist, and one neither engine's candidates reliably hold: an edit
    # distance counts it as two, and a short word's trigrams barely overlap ("wlak", "walk").
    return [word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)]


def closest(word: str, candidates: list[str]) -> str | None:
    """The candidate fewest edits away (a swap counts one), within the edits allowed."""
    limit = edits_allowed(word)
    scored = [(OSA.distance(word, c), i, c) for i, c in enumerate(candidates) if c != word]
    best = min((s for s in scored if s[0] <= limit), default=None)
    return best[2] if best else None


def with_corrections(plan: QueryPlan, fixes: dict[str, str]) -> QueryPlan:
    """The plan with corrections attached to the words that had them."""
    return QueryPlan(
        [
            Group(g.words, g.codes, fixes.get(g.words[0])) if correctable(g) else g
            for g in plan.groups
        ]
    )


def place_codes(postcode: str) -> set[str]:
    """The keys a postcode is asked for by: whole without spaces or hyphens, and its first part."""
    # "LS12 3AA": ls123aa and ls12; a ZIP+4 "21215-3104": 212153104 and 21215.
    parts = words(postcode)
    return {"".join(parts), parts[0]} if parts else set()


def postcode_keys(plan: QueryPlan) -> dict[int, list[str]]:
    """By group: the postcode keys its word may be (a word with a digit, alone or with the next)."""
    # With the next group's word: "ls12 3aa". So services at that postcode rank above mentions.
    out: dict[int, list[str]] = {}
    for i, group in enumerate(plan.groups):
        if len(group.words) != 1 or not any(c.isdigit() for c in group.words[0]):
            continue
        keys = [group.words[0]]
        after = plan.groups[i + 1].words if i + 1 < len(plan.groups) else ()
        if len(after) == 1:
            keys.append(group.words[0] + after[0])
        out[i] = keys
    return out


def new_result(plan: QueryPlan, ask: Ask) -> SearchResult:
    """The page asked for with no hits yet, suggesting the query with its words corrected."""
    fixed = plan.suggestion()
    return SearchResult([], 0, ask.page, ask.per_page, suggestions=[fixed] if fixed else [])


def add_hit(result: SearchResult, plan: QueryPlan, hit: Hit, text: bool) -> None:
    """Add one hit to the page: its id, distance, highlighted snippet and matched interests."""
    result.ids.append(hit.id)
    if hit.km is not None and hit.km != float("inf"):
        result.distances_km[hit.id] = round(float(hit.km), 2)
    if text and plan.groups:
        result.snippets[hit.id] = hit.snippet
    found = [code for code in INTEREST_CODES if code in plan.codes and code in hit.interests]
    if found:
        result.matched_terms[hit.id] = [vocabulary.label(vocabulary.INTEREST, c) for c in found]


@dataclass(frozen=True)
class Hit:
    """What a page shows of one match."""

    id: str
    km: float | None
    interests: frozenset[str]
    snippet: str  # the engine's highlighted excerpt, HTML-escaped but for <mark>


def lead(text: str) -> str:
    """The start of a text, HTML-escaped, for a hit whose own words are not in it."""
    shown = text.split()
    return html.escape(
        " ".join(shown[:SNIPPET_WORDS]) + (" …" if len(shown) > SNIPPET_WORDS else "")
    )
