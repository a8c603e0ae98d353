"""What a note says the person is not interested in, each with the words it came from.

"Not interested in football", "hates sport", "not a big reader", "no longer into football":
said of the person (never of their family) and of now (not "didn't like sport at school").
A broad word names a group of the vocabulary ("sport": its "Sport and movement" terms). Turning
down only a group ("no interest in walking groups") says nothing of the activity itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from directory import vocabulary
from matcher.reader.cues import negation_at
from matcher.reader.hits import Hit, hits
from matcher.reader.roles import _AND, _GROUPS
from matcher.reader.text import Clause, clauses

# A cue of no interest, ending just before what it is about (a few words may come between).
_NO = r"(?:\bnot|n'?t|\bnever|\bno longer)"
_DEGREE = (
    r"(?: (?:really|very|that|too|at all|particularly|remotely|overly|much|all that|so|been))*"
)
_CUE = re.compile(
    rf"(?:{_NO}{_DEGREE} (?:interested in|into|keen on|bothered (?:about|with|by)|"
    r"fussed (?:about|on|with)|a (?:big |great |huge )?fan of|fond of|one for|big on)|"
    rf"{_NO}{_DEGREE} (?:like|enjoy|care (?:for|about)|fancy)|"
    r"\b(?:dislik(?:es?|ed|ing)|hat(?:es?|ed|ing)|detests?|loathes?|"
    r"(?:can'?t|cannot|could ?n'?t) (?:stand|bear|abide)|"
    r"(?:no|little|zero) (?:real |great |particular )?interest (?:at all )?in|"
    r"lost (?:all |any |his |her |their )?interest in|gone off|bored (?:by|of|with)))\b"
)
# "not a big reader", "not much of a reader", "not a football fan", "not sporty".
_NOT_A = re.compile(
    rf"{_NO}(?: really| been)? (?:a|an|much of an?|the)(?: (?:big|great|keen|huge|real|massive))?"
    r" ?$"
)
_DOER = re.compile(r"^(?: (?:fan|person|lover|type|man|woman|guy|girl|lad|sort)s?\b)?")
# Words that may come between the cue and what it is about ("not interested in playing football").
_BETWEEN = re.compile(
    r"^(?:(?:playing|watching|doing|going|trying|any|anything|the|a|an|all|much|to|with|on|"
    r"kind|kinds|sort|sorts|type|types|of|to do|any more|anymore|taking up|getting into)\s+){0,4}$"
)
# Another thing of the same list ("football, cricket or rugby").
_LIST = re.compile(r"^[\s,/&]*(?:\b(?:and|or|nor)\b)?[\s,]*(?:(?:any|the|much)\s+)?$")
# Said of the past ("didn't like sport at school", "used to hate football"), unless of now too.
_PAST = re.compile(
    r"\b(used to|wasn'?t|was not|weren'?t|were not|didn'?t|did not|hated|disliked|"
    r"as a (child|kid|boy|girl|teenager|youngster|young (man|woman|lad|girl))|at school|"
    r"in (his|her|their) youth|when (he|she|they) (was|were)|back then|years ago|in the past|"
    r"growing up)\b"
)
_NOW = re.compile(r"\b(any ?more|no longer|now|these days|nowadays|still|at the moment)\b")
# Any cue at all: most clauses have none, and are not read further.
_ANY_CUE = re.compile(rf"{_NO}|\b(dislik|hat|detest|loath|interest|gone off|bored)")
# Broad words that name one of the vocabulary's groups of interests, and its name there.
_BROAD = re.compile(r"\b(?<!team )(?<!contact )(?<!ball )(?<!water )(?<!racket )(sports?|sporty)\b")
BROAD_GROUPS = {"sport": "Sport and movement", "sports": "Sport and movement",
                "sporty": "Sport and movement"}  # fmt: skip
# Exceptions named after a broad word ("not into sport apart from swimming").
_EXCEPT = re.compile(r"\b(except|apart from|other than|besides|bar|but)\b")


def group_codes(group: str) -> tuple[str, ...]:
    """The interest codes of one of the vocabulary's groups (empty for no such group)."""
    return tuple(t.code for t in vocabulary.TERMS[vocabulary.INTEREST].values() if t.group == group)


@dataclass(frozen=True)
class Dislike:
    """Interest codes the person is not interested in, and the words of the note that say so."""

    codes: tuple[str, ...]
    phrase: str


def _cue_before(text: str, at: int) -> re.Match[str] | None:
    """The cue of no interest that reaches the words at `at`, or None."""
    before = text[max(0, at - 80) : at]
    found = None
    for m in _CUE.finditer(before):
        gap = before[m.end() :].strip()
        if _BETWEEN.match(gap + " " if gap else ""):
            found = m
    return found


def _of_now(clause: Clause) -> bool:
    """Whether the clause says how things are now, not how they were."""
    return not _PAST.search(clause.raw) or bool(_NOW.search(clause.raw))


def _not_a(clause: Clause, hit: Hit) -> bool:
    """'Not a big reader', 'not a football fan': the person is not someone who does it."""
    toks = clause.tokens
    start, end = toks[hit.first].start, toks[hit.last].end
    if not _NOT_A.search(clause.text[max(0, start - 30) : start]):
        return False
    doer = toks[hit.last].raw.endswith(("er", "ers", "y"))
    return doer or bool(_DOER.match(clause.text[end:]).group(0))  # type: ignore[union-attr]


def _group_only(clause: Clause, hit: Hit) -> bool:
    """Whether only a group of it is turned down ('no interest in walking groups')."""
    after: list[str] = []
    for t in clause.tokens[hit.last : hit.last + 3]:
        if after and t.raw in _AND:  # "football or team sports": another thing, not a group
            break
        after.append(t.raw.rstrip("s"))
    return bool(set(after) & (_GROUPS | {"clas", "class", "session", "lesson"}))


# Places of an activity whose dislike is a fact of its own ("hates gyms": keep away from gyms,
# matcher/facts.py), not of the activity: "wants to get fitter but hates gyms".
_PLACES_ONLY = frozenset(["gym", "gyms"])


def _place_only(clause: Clause, hit: Hit) -> bool:
    """Whether only a place the activity is done in is turned down ('hates gyms')."""
    return {t.raw for t in clause.tokens[hit.first : hit.last + 1]} <= _PLACES_ONLY


def _words(raw: str, begin: int, end: int) -> str:
    """The note's words from `begin` (widened to the start of its word) to `end`."""
    while begin > 0 and (raw[begin - 1].isalpha() or raw[begin - 1] == "'"):
        begin -= 1
    return raw[begin:end].strip()


def _hits_said(clause: Clause) -> list[tuple[Hit, str]]:
    """The hits of a clause the person is said not to be interested in, with the words."""
    out: list[tuple[Hit, str]] = []
    toks = clause.tokens
    last: tuple[int, re.Match[str] | None] = (-1, None)
    for hit in hits(toks):
        start, end = toks[hit.first].start, toks[hit.last].end
        cue = _cue_before(clause.text, start)
        listed = last[0] >= 0 and _LIST.match(clause.text[last[0] : start]) is not None
        if cue is None and not _not_a(clause, hit) and not listed:
            continue
        if not negation_at(clause, start) or _group_only(clause, hit) or _place_only(clause, hit):
            continue
        not_a = _NOT_A.search(clause.text[max(0, start - 30) : start])
        if cue:
            begin = max(0, start - 80) + cue.start()
        else:
            begin = max(0, start - 30) + not_a.start() if not_a else start
            end += len(_DOER.match(clause.text[end:]).group(0)) if not_a else 0  # type: ignore[union-attr]
        out.append((hit, _words(clause.raw, begin, end)))
        last = (end, cue)
    return out


def _broad(clause: Clause) -> list[Dislike]:
    """A broad word turned down ('not interested in sport'): its group, less any exception."""
    out: list[Dislike] = []
    for m in _BROAD.finditer(clause.text):
        cue = _cue_before(clause.text, m.start())
        not_a = _NOT_A.search(clause.text[max(0, m.start() - 30) : m.start()])
        plain = re.search(rf"{_NO}{_DEGREE} $", clause.text[max(0, m.start() - 40) : m.start()])
        said = cue or not_a or (plain if m.group(1) == "sporty" else None)
        if said is None or not negation_at(clause, m.start()):
            continue
        codes = group_codes(BROAD_GROUPS[m.group(1)])
        if exception := _EXCEPT.search(clause.text, m.end()):
            spared = _named_after(clause, exception.start())
            codes = tuple(c for c in codes if c not in spared)
        begin = max(0, m.start() - (80 if cue else 40 if plain and not not_a else 30))
        out.append(Dislike(codes, _words(clause.raw, begin + said.start(), m.end())))
    return out


def _named_after(clause: Clause, at: int) -> set[str]:
    """Interest codes named in the clause after position `at`."""
    return {c for h in hits(clause.tokens) if clause.tokens[h.first].start >= at for c in h.codes}


def disliked_spans(clause: Clause) -> set[tuple[int, int]]:
    """The (first, last) tokens of the hits the clause says the person is not interested in."""
    if clause.other or not _of_now(clause) or not _ANY_CUE.search(clause.text):
        return set()
    return {(h.first, h.last) for h, _ in _hits_said(clause)}


def dislikes(text: str) -> list[Dislike]:
    """What the note says the person is not interested in now, in the order it says so."""
    out: list[Dislike] = []
    said = clauses(text)
    for k, clause in enumerate(said):
        if clause.other or not _of_now(clause):
            continue
        out += [Dislike(tuple(sorted(h.codes)), words) for h, words in _hits_said(clause)]
        for broad in _broad(clause):
            # "not into sport, apart from swimming", "not sporty but loves a walk": spared
            after = [c for c in said[k + 1 :] if c.sentence == clause.sentence]
            spared = {code for c in after if _EXCEPT.match(c.text) for code in _named_after(c, 0)}
            out.append(Dislike(tuple(c for c in broad.codes if c not in spared), broad.phrase))
    return [d for d in out if d.codes]
