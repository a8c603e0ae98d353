"""Free-text notes → suggested interests and facts, each with the words it came from.

Nothing read here changes a ranking by itself: the practitioner accepts or rejects each
suggestion on the profile form, and only accepted ones are kept (matcher/facts.py).

A note is read clause by clause. Each clause is about the person or about someone else ("his
mum goes to church"); inside it, a negation ("not", "doesn't", "no history of") reaches up to
the next break ("but", a comma before a new verb); and the last cue before a word says its role:
enjoys now, used to, wants to try, or could teach. Words are lemmatised with simplemma, so
"fished", "fishes" and "fishing" all meet the lexicon's "fish" (matcher/lexicon.py).

Before that, shorthand is spelt out ("w/", "ppl", "hx") and a slip in an unknown word is
corrected. An ambiguous word counts only as the object of a cue, never as a place ("at the
library"). A trade ("ex-joiner") is a skill; a clause that names nothing new may turn down
("won't go back"), take up again ("would like to get back into it") or offer to teach what the
sentence before named.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from matcher.reader.cues import (
    _AGAIN,
    _AGREE,
    _DISOWN,
    _DONE_IT,
    _DONE_WITH,
    _FOR_SOMEONE_ELSE,
    _HELP_CODES,
    _KEEN,
    _NEGATION,
    _NEVER_DONE_IT,
    _NO_PASTIME,
    _ONLY_WANTED,
    _REJECT,
    _RETURNING,
    _SHARE_UNNAMED,
    _WANT,
    _WORK_ON_IT,
    WISH_TURNED_DOWN,
    Cue,
    cues,
    negation_at,
)
from matcher.reader.dislikes import disliked_spans
from matcher.reader.hits import Hit, hits
from matcher.reader.kinds import DEFAULT, HEDGE, INTEREST, PAST, SKILL, WANT
from matcher.reader.roles import _AND, _DETERMINER, _GROUPS, _KNOWING, _LIKING, role_of
from matcher.reader.skills import (
    _FOR_OTHERS,
    _LAPSE,
    _MADE_TO_SELL,
    _OTHERS_THINGS,
    _OTHERS_THINGS_AFTER,
    _SOLD_AFTER,
    _SOLD_BEFORE,
    _TRY,
    _described_doer,
)
from matcher.reader.text import Clause, clauses
from matcher.reader.tongue import english_alone, speaks_another_tongue
from matcher.reader.words import Token


@dataclass(frozen=True)
class Suggestion:
    """One vocabulary term found in a note, with how it was said."""

    code: str
    kind: str  # interest | past | want | skill
    phrase: str  # the words in the note


@dataclass
class _Reading:
    """What has been read of a note so far."""

    found: dict[tuple[str, str], Suggestion]
    uncued: set[tuple[str, str]]
    named: list[Suggestion]  # interests named in the latest clause that named any
    before: list[tuple[str, str]] = field(default_factory=list)  # past ones, sentence before
    now: list[tuple[str, str]] = field(default_factory=list)  # past ones, this sentence
    named_now: list[tuple[str, str]] = field(default_factory=list)  # all, this sentence
    named_before: list[tuple[str, str]] = field(default_factory=list)  # all, sentence before
    offered: list[tuple[str, str]] = field(default_factory=list)  # put to them, awaiting a yes
    offered_before: list[tuple[str, str]] = field(default_factory=list)
    theirs: list[tuple[str, str]] = field(default_factory=list)  # someone else's doings
    theirs_before: list[tuple[str, str]] = field(default_factory=list)  # the sentence before
    another_tongue: bool = False  # the note says English is not their first language
    vague_wish: bool = False  # the clause before wished for "something creative": which, next

    def new_sentence(self) -> None:
        """Move on to the next sentence: only the one before stays in reach."""
        self.before, self.now = self.now, []
        self.named_before, self.named_now = self.named_now, []
        self.offered_before, self.offered = self.offered, []
        self.theirs_before, self.theirs = self.theirs, []

    def recent(self) -> list[tuple[str, str]]:
        """Past interests of this sentence and the one before, then forgotten."""
        keys = self.before + self.now
        self.before, self.now = [], []
        return keys

    def unsure(self) -> list[tuple[str, str]]:
        """Terms of this sentence and the one before named with no cue ('Discussed swimming')."""
        return [k for k in self.named_before + self.named_now if k in self.uncued]

    def take_up_offers(self) -> None:
        """'I suggested swimming and she said she'd try it': what was put to them is a wish."""
        for code, words in self.offered_before + self.offered:
            self.add(code, WANT, words)
        self.offered_before, self.offered = [], []

    def recast(self, keys: list[tuple[str, str]], kind: str, only: str = "") -> None:
        """Give terms already read another role (only those in role `only`, when given)."""
        for key in keys:
            was = self.found.get(key)
            if was is not None and (not only or was.kind == only):
                self.found[key] = Suggestion(was.code, kind, was.phrase)

    def add_all(self, codes: frozenset[str], kind: str, words: str) -> None:
        """Add each of several terms in the same role."""
        for code in sorted(codes):
            self.add(code, kind, words)

    def add(self, code: str, kind: str, words: str) -> None:
        """Keep a reading of a term unless an earlier cued one exists (the first wins)."""
        slot = SKILL if kind == SKILL else INTEREST
        key = (code, slot)
        was = self.found.get(key)
        # something done before and wished for again is a past interest, never a wish to try
        # ("used to fish ... would like to get back into it"): a past reading outlasts a wish
        if was is not None and was.kind == PAST and kind == WANT:
            return
        again = was is not None and was.kind == WANT and kind == PAST
        # a thing named plainly in an earlier sentence is something they do: a wish for it
        # later ("would love to find a quilting group") is not a wish to try something new
        done = key in self.uncued and kind == WANT and key not in self.named_now
        if was is None or key in self.uncued and kind != DEFAULT and not done or again:
            self.found[key] = Suggestion(code, INTEREST if kind == DEFAULT else kind, words)
            self.uncued.discard(key)
            if kind == DEFAULT:
                self.uncued.add(key)
            self.named_now.append(key)
            if kind == PAST:
                self.now.append(key)


_LITERACY = frozenset(["maths-english"])
# Reading as an ability to build ("better at reading", "help with their reading"), not a pastime.
_ABILITY = re.compile(r"\b(better at|improv\w+|with (his|her|their|my)|practis\w+|learn\w* to)\s+$")


def _literacy(clause: Clause, hit: Hit) -> bool:
    """'Get better at reading', 'help adults with their reading': literacy, not a pastime."""
    start = clause.tokens[hit.first].start
    return bool(_ABILITY.search(clause.text[max(0, start - 25) : start]))


def _said_yes(text: str) -> bool:
    """Whether words say yes to something put to the person ('which she accepted')."""
    agree = _AGREE.search(text)
    # a negation inside the yes is part of it ("wouldn't mind"): only one before it counts
    return agree is not None and not _NEGATION.search(text, 0, agree.start())


def _agreed(reading: _Reading, clause: Clause, hit: Hit) -> str:
    """WANT when the person says yes later in the clause to what was put to them, else ''."""
    # Until then what was put to them waits (in `offered`) for a yes in what follows.
    end = clause.tokens[hit.last].end
    if _said_yes(clause.text[end:]):
        return WANT
    words = clause.text[clause.tokens[hit.first].start : end]
    reading.offered.extend((code, words) for code in sorted(hit.codes))
    return ""


# Why they want it comes after these, and says nothing of having done it ("so he doesn't get
# behind again").
_REASON = re.compile(r"\b(so|because|in case)\b")


def _returning(text: str, end: int) -> bool:
    """Whether a wish for the thing ending at `end` is to go back to it."""
    # "keen to get back into running", "to swim again"; not "to get fit again, and learn to cook"
    # nor "to learn coding to get back into work": going back, said after it, is to what it
    # names next, unless that is the thing again ("would like to get back to it")
    reason = _REASON.search(text)
    stop = reason.start() if reason else len(text)
    after = re.split(r"\b(and|or|but)\b", text[end:stop], maxsplit=1)[0]
    back = _RETURNING.search(text, 0, stop)
    if back and back.start() >= end and not _BACK_TO_IT.match(text, back.end(), stop):
        back = None
    return bool(back or _AGAIN.match(after))


# "get back to it", and a trade's own idiom for it: "back on the tools"
_BACK_TO_IT = re.compile(r"\s*((it|them|that|this|those|the tools)\b|\W*$)")


def _past_help(cued: list[Cue], at: int) -> bool:
    """Whether the cue of helping before `at` is said of the past ('used to help run')."""
    before = [c for c in cued if c.start < at]
    return len(before) > 1 and before[-2].kind == PAST and before[-1].start - before[-2].end <= 1


def _role_read(reading: _Reading, clause: Clause, hit: Hit, cued: list[Cue]) -> str:
    """A hit's role in the reading so far ('' for none); a doer described may add a pastime."""
    kind = role_of(clause, hit, cued)
    if kind == HEDGE:
        kind = _agreed(reading, clause, hit)
    at, end = clause.tokens[hit.first].start, clause.tokens[hit.last].end
    if kind == WANT and _returning(clause.text, end) and not hit.codes <= _HELP_CODES:
        kind = PAST  # "keen to get back into running": done before, so a past interest
    also = _described_doer(clause, hit) if kind == SKILL else ""
    words = clause.text[at:end]
    if also:
        reading.add_all(hit.codes, also, words)
    if kind == SKILL and hit.codes == {"volunteering"}:
        # offering to help is a wish to volunteer; volunteering is no skill, and helping run
        # something in the past ("used to help run the Scouts") is volunteering done before
        kind = PAST if _past_help(cued, at) else WANT
    return kind


# Sports and games, played for a side: membership, not something done for others.
_GAMES = frozenset(
    ["football", "running", "cycling", "swimming", "cricket", "racket-sports", "table-tennis",
     "chess", "dance", "fitness"]
)  # fmt: skip
_PLAYED_FOR = re.compile(
    r"^[\w' ]{0,25}?\bfor (a |the |his |her |their |my |local )?(\w+ ){0,2}(club|county|"
    r"region|country|school|college|uni|university|works|borough|city|town)\b"
)


def _for_others(clause: Clause, hit: Hit, cued: list[Cue]) -> bool:
    """'Bakes for the fete', 'mends the neighbours' bikes': done for others, unless liked."""
    at = clause.tokens[hit.first].start
    end = clause.tokens[hit.first].end  # "cooks for": the hit ends in "for"
    # up to the next cue: "swam as a teenager and loves cooking for others" is the cooking's
    after = clause.text[end : min([c.start for c in cued if c.start > end], default=None)]
    if hit.codes & _MADE_TO_SELL and (
        _SOLD_BEFORE.search(clause.text[max(0, at - 30) : at]) or _SOLD_AFTER.search(after)
    ):
        return True  # "enjoys crochet and sells what she makes": liked, and good enough to buy
    # "loves cooking for the family" is a liking; "still mends nets for the crews" is not
    if any(
        c.kind == INTEREST and c.start < at and _LIKING.match(clause.text, c.start) for c in cued
    ):
        return False
    if hit.codes <= _GAMES and _PLAYED_FOR.match(after):
        return False  # "swam for a club till 16", "ran for the county": a side, not a service
    return bool(
        _FOR_OTHERS.search(after)
        or _OTHERS_THINGS.search(clause.text[max(0, at - 30) : at])
        or _OTHERS_THINGS_AFTER.search(after)
    )


# "would like to learn to swim - and to make friends": the wish before reaches on
_AND_TO = re.compile(r"^\W*(and|or)( also)? to [a-z]")
# A wish for "something creative" (or active, social, new): the next clause, with no cue of its
# own, says which ("keen to try something creative - mentioned pottery or painting").
_VAGUE = re.compile(r"\bsomething( \w+){1,2}\W*$")
# Help from someone in the same boat, or a visitor, is what is wanted, not company in general.
_COMPANY = frozenset(["befriending", "peer-support"])


def _one_wish(clause: Clause, hit: Hit, company: list[Hit], cued: list[Cue]) -> bool:
    """Whether a word of company is said in the same breath as a befriender or peers."""
    # The same breath: no new cue between them ('a befriender for a chat', not 'a befriender
    # and asked about clubs').
    toks = clause.tokens
    for other in company:
        first, last = sorted([hit, other], key=lambda h: h.first)
        if last.first - first.last > 6:
            continue
        gap = (toks[first.last].end, toks[last.first].start)
        if not any(gap[0] <= c.start < gap[1] for c in cued):
            return True
    return False


# The people or body someone volunteers with ("with the park rangers", "with the Trust").
_BODIES = frozenset(["rangers", "wardens", "trust", "society", "charity", "council", "project"])


def _body_served(toks: tuple[Token, ...], hit: Hit, done: list[Hit]) -> bool:
    """Whether a hit is the body volunteered with ('volunteer with the park rangers')."""
    # The body is whom they would help, not a pastime; "volunteer with animals" is the work.
    if not done or done[-1].codes != {"volunteering"} or "volunteering" in hit.codes:
        return False
    if toks[hit.last].raw not in _BODIES:
        return False
    before = [t.raw for t in toks[done[-1].last + 1 : hit.first]]
    return bool(before) and before[0] == "with" and len(before) <= 3


def _where_done(clause: Clause, hit: Hit, done: list[Hit]) -> bool:
    """Whether a hit is the place (or company) of an activity already read, not a pastime."""
    # 'Did karaoke at the social club', 'pottery at art school', 'sings in the church choir': a
    # place of worship where something else is done is its venue, as faith is no pastime until
    # the person is said to practise it.
    toks = clause.tokens
    if "faith" in hit.codes and any("faith" in d.codes for d in done):
        return False  # "leads the prayers at the mosque": the faith practised there
    i = hit.first
    while i > 0 and toks[i - 1].raw in _DETERMINER:
        i -= 1
    # "at the Methodist chapel", "in St Mary's church hall": the place's own name before it
    named = i
    while named > 0 and hit.first - named < 3 and toks[named - 1].raw not in ("at", "in", *_AND):
        named -= 1
    if "faith" in hit.codes and named > 0 and toks[named - 1].raw in ("at", "in"):
        i = named
    if _body_served(toks, hit, done):
        return True
    # "plays cards with his friends": the company it is done in
    company = ["with"] if hit.codes == {"socialising"} else []
    # "run a cooking session for the men's group": the group it is done for
    company += ["for"] if toks[hit.last].raw in _GROUPS else []
    if not done or i == 0 or toks[i - 1].raw not in ("at", "in", *company):
        return False
    if toks[i - 1].raw == "in" and toks[hit.last].raw in _GROUPS:
        return False  # "plays guitar in a band": a group joined, not a place
    between = toks[done[-1].last + 1 : i - 1]
    return len(between) <= 4 and not any(t.raw in _AND for t in between)


_WORSHIP_PLACES = frozenset(
    ["church", "chapel", "mosque", "temple", "gurdwara", "synagogue", "mandir", "shul", "parish"]
)


def _venue_named_first(clause: Clause, hit: Hit, clause_hits: list[Hit]) -> bool:
    """A place of worship naming where the next activity is done ('the chapel choir')."""
    # As 'sings in the church choir' (_where_done), with the place said before the activity:
    # "church organist", "the temple kitchen".
    if clause.tokens[hit.last].raw not in _WORSHIP_PLACES:
        return False
    return any(h.first == hit.last + 1 and "faith" not in h.codes for h in clause_hits)


# "So (that) she can", "so as to": what follows is why they want what came before.
_SO_THAT = re.compile(
    r"\bso (that )?(he|she|they|i|we|it) (can|could|will|would|is able)\b|"
    r"\bso as to\b"
)


# Work and volunteering are goals in their own right (Connecting People counts both among a
# person's social outcomes): named as the reason for a wish, they are wished for too.
_GOALS = frozenset({"employment-skills", "volunteering"})


def _purpose(clause: Clause, hit: Hit, done: list[Hit]) -> bool:
    """Whether a hit is the reason for a wish already read ('so that he can fill in forms')."""
    # The reason is not a second wish, unless it is work or volunteering.
    if not done or hit.codes & _GOALS:
        return False
    start, end = clause.tokens[done[-1].last].end, clause.tokens[hit.first].start
    return bool(_SO_THAT.search(clause.text, start, end))


_INTERESTED = re.compile(r"(interested|keen)\b")


def _interested(clause: Clause, cued: list[Cue], at: int) -> bool:
    """Whether the cue governing the words at `at` is being interested in or keen on them."""
    before = [c for c in cued if c.start < at]
    return bool(before) and bool(_INTERESTED.match(clause.text, before[-1].start))


def _code_kind(code: str, kind: str, interested: bool, lent: bool, known: bool) -> str:
    """The role a term of a hit takes in the role the hit was read in ('' for none)."""
    if code == "befriending" and kind == INTEREST or code in _ONLY_WANTED and interested:
        # "keen on a befriender", "interested in part-time work": interest in help is a wish
        return WANT
    if code in _ONLY_WANTED and kind != WANT:
        return ""  # a job or a visitor is help they want, never a pastime they have
    if code in _NO_PASTIME and kind in (DEFAULT, INTEREST, PAST):
        return ""  # "had a benefits appointment": a need, not something they enjoy
    if code == "languages" and lent and kind in (DEFAULT, INTEREST, PAST):
        return SKILL  # "translates for neighbours": a language lent, not a pastime
    if code == "faith" and kind == SKILL and not known:
        return INTEREST  # "her church choir, where she led the altos": faith practised
    return kind


def _add_hit(reading: _Reading, clause: Clause, hit: Hit, read: str, cued: list[Cue]) -> None:
    """Add each term of a hit read in a role, and the skill it shows when done for others."""
    words = clause.text[clause.tokens[hit.first].start : clause.tokens[hit.last].end]
    at = clause.tokens[hit.first].start
    for_others = _for_others(clause, hit, cued)
    lent = _FOR_OTHERS.search(clause.text[clause.tokens[hit.last].end :])
    known = [c for c in cued if c.start < at and c.kind == SKILL]
    knows = read == SKILL and bool(known) and _KNOWING.match(clause.text, known[-1].start)
    codes = _LITERACY if hit.codes == {"reading"} and _literacy(clause, hit) else hit.codes
    if reading.another_tongue and english_alone(clause, hit):
        codes = frozenset(["esol"])  # "speaks Farsi ... wants to get better at English"
    interested = read == INTEREST and _interested(clause, cued, at)
    for code in sorted(codes):
        kind = _code_kind(code, read, interested, bool(lent), bool(known))
        if not kind:
            continue
        reading.add(code, kind, words)
        # (worship is no skill, though it may be where one is shared: "cooks at the gurdwara
        # for hundreds")
        lends = for_others and code != "faith" and kind in (DEFAULT, INTEREST, PAST)
        if lends or knows and kind == SKILL:
            # "fixes everything for the neighbours": a skill they already share
            reading.add(code, SKILL, words)
        if knows:
            reading.add(code, INTEREST, words)  # "knows a lot about birds": theirs too


# The means by which something is done ("a breathing app", "a cooking channel").
_MEDIA = frozenset(
    ["app", "apps", "website", "websites", "channel", "channels", "video", "videos", "podcast",
     "podcasts", "magazine", "magazines", "programme", "programmes", "book", "books", "ipad",
     "ipads", "tablet", "laptop", "computer"]
)  # fmt: skip


def _medium(clause: Clause, hit: Hit, clause_hits: list[Hit]) -> bool:
    """Whether a hit is a medium named just after an activity ('the relaxation app')."""
    # A medium is the activity's means, not a second activity ('beats on a phone app').
    toks = clause.tokens
    if hit.first != hit.last or toks[hit.first].raw not in _MEDIA:
        return False
    return any(0 < hit.first - h.last <= 4 and not h.codes & hit.codes for h in clause_hits)


# Lemmas of mending ("fixes" lemmatises as "fixe").
_MENDING = frozenset(
    [
        "fix",
        "fixe",
        "mend",
        "repair",
        "restore",
        "service",
        "refurbish",
        "rewire",
        "sort",
        "rebuild",
    ]
)


_OUTSIDE = frozenset([",", "for", "with", "to", "at", "in", "on", "from", "by", "when", "while"])


def _mended(clause: Clause, hit: Hit) -> bool:
    """Whether a hit is the thing mended ('fixes the neighbours' lawnmowers')."""
    # What the mending is done to ('doing up old bikes') is not a pastime of its own.
    if "repair" in hit.codes or hit.codes & _HELP_CODES:
        return False  # "sorting out his rent arrears" is help with them
    # Up to "fixes all the neighbours' lawn mowers and bikes", within the list mended: not past
    # a comma or a preposition ("fixes bikes for his mates and cycles everywhere")
    toks = clause.tokens[max(0, hit.first - 7) : hit.first]
    toks = toks[max((i + 1 for i, t in enumerate(toks) if t.raw in _OUTSIDE), default=0) :]
    words = [t.raw for t in toks]
    said = clause.tokens[hit.first], clause.tokens[hit.first + 1 : hit.last + 2]
    return any(
        t.lemma in _MENDING and not _another_doing(t, toks[i + 1 :], *said)
        for i, t in enumerate(toks)
    ) or any(
        a in ("do", "does", "doing", "did", "done") and b == "up"
        for a, b in zip(words, words[1:], strict=False)
    )


def _another_doing(
    verb: Token, between: Sequence[Token], word: Token, after: Sequence[Token]
) -> bool:
    """Whether the word (`after`: the words after it) is a second thing done, past an object."""
    # "fixing radios and cycling", "fix things and cycle": the verb's own form again, past a list
    # word that follows what was mended, is the person's next activity, not a second thing mended
    # ("fixing bikes and sewing machines": a plural after it makes it a thing).
    listed = any(t.raw in _AND for t in between[1:])
    same_form = (verb.raw.endswith("ing") and word.raw.endswith("ing")) or (
        verb.raw == verb.lemma and word.raw == word.lemma and not word.raw.endswith("s")
    )
    thing = any(t.raw.endswith("s") and t.raw != t.lemma for t in after)
    return listed and same_form and not thing


def _in_context(reading: _Reading, hit: Hit) -> Hit:
    """The hit as the term the note has already named, when its single word names several."""
    # 'chords' is of the term already named; a phrase such as 'nature walks' names both.
    named = {code for code, _ in reading.found} & hit.codes
    if len(hit.codes) < 2 or hit.first != hit.last or not named or named == hit.codes:
        return hit
    return Hit(frozenset(named), hit.strong, hit.first, hit.last)


def _disowned(clause: Clause, hit: Hit) -> bool:
    """Whether the clause turns the person against the hit ('done with dancing')."""
    # Not when it is only the group that is turned down ("no interest in walking groups").
    at = clause.tokens[hit.first].start
    named = {t.raw.rstrip("s") for t in clause.tokens[hit.last : hit.last + 2]}
    if named & (_GROUPS | {"class", "session"}) or not _DONE_WITH.search(clause.text, 0, at):
        return False
    return negation_at(clause, at) == "dislike"


def _drop_liking(reading: _Reading, hit: Hit) -> None:
    """'Used to love football ... not interested in it any more': the last word on it stands."""
    for code in hit.codes:
        reading.found.pop((code, INTEREST), None)


def _devices_mended(reading: _Reading, clause: Clause, found: list[Hit], cued: list[Cue]) -> None:
    """'Sorts out the neighbours' laptops': others' devices set right, a digital skill shared."""
    # The thing mended is no pastime (_mended), but setting others' devices right is IT help.
    for h in found:
        if h.codes == {"digital-skills"} and _mended(clause, h) and _for_others(clause, h, cued):
            words = clause.text[clause.tokens[h.first].start : clause.tokens[h.last].end]
            reading.add("digital-skills", SKILL, words)


_STATING = frozenset(["is", "are", "was", "were", "has", "have", "had", "does", "did"])


def _names_only(clause: Clause) -> bool:
    """Whether a clause only names things ('mentioned pottery or painting'), saying no more."""
    return len(clause.tokens) <= 6 and not any(t.raw in _STATING for t in clause.tokens)


def _read_clause(reading: _Reading, clause: Clause) -> list[Hit]:
    """Add a clause's terms to the reading, each with its role; the clause's hits."""
    cued = cues(clause)
    if _AND_TO.match(clause.text) or (reading.vague_wish and not cued and _names_only(clause)):
        cued = [Cue(0, 0, WANT), *cued]
    reading.vague_wish = any(c.kind == WANT for c in cued) and bool(_VAGUE.search(clause.text))
    clause_hits = hits(clause.tokens)
    # "meet other people who've been through it", "a befriender for a chat": one wish
    company = [h for h in clause_hits if h.codes & _COMPANY]
    clause_hits = [
        h
        for h in clause_hits
        if h.codes != {"socialising"} or not _one_wish(clause, h, company, cued)
    ]
    _devices_mended(reading, clause, clause_hits, cued)
    clause_hits = [
        h for h in clause_hits if not _medium(clause, h, clause_hits) and not _mended(clause, h)
    ]
    done: list[Hit] = []
    not_now = disliked_spans(clause)
    for hit in clause_hits:
        hit = _in_context(reading, hit)
        if (hit.first, hit.last) in not_now:
            _drop_liking(reading, hit)  # a fact to suggest (matcher/facts.py), no interest
            continue
        if (
            _where_done(clause, hit, done)
            or _purpose(clause, hit, done)
            or _venue_named_first(clause, hit, clause_hits)
        ):
            continue
        kind = _role_read(reading, clause, hit, cued)
        if not kind and _disowned(clause, hit):
            # "stopped going to salsa ... done with dancing": the last word on it stands
            for code in hit.codes:
                was = reading.found.get((code, INTEREST))
                if was is not None and was.kind in (INTEREST, PAST):
                    del reading.found[(code, INTEREST)]
        if not kind:
            continue
        if not hit.codes <= _ONLY_WANTED:
            done.append(hit)  # "worked in kitchens": work names the field, not a pastime
        _add_hit(reading, clause, hit, kind, cued)
    return clause_hits


def _for_someone_else(reading: _Reading, text: str, clause_hits: list[Hit]) -> None:
    """Drop what was just named when it was asked about for someone else."""
    # "asked about the Kurdish class - for his granddaughter, not for him"
    if not clause_hits and _FOR_SOMEONE_ELSE.search(text):
        for key in reading.named_before + reading.named_now:
            reading.found.pop(key, None)


# "Music therapy referral declined", "art group - offer refused": what was just named, put to
# them and turned down.
_DECLINED_AFTER = re.compile(
    r"^\W*(therapy )?((referral|offer|place|invite|invitation|suggestion|leaflet)s? )?"
    r"(was |were |is )?(offered\W+(but |and )?)?(declined|refused|turned down)\b"
)


def _turned_down(
    reading: _Reading, clause: Clause, clause_hits: list[Hit], known: set[tuple[str, str]]
) -> None:
    """Drop what this clause newly named when the words right after it say it was turned down."""
    # Only what this clause added: "loves walking ... walking group referral declined" keeps it.
    last_hit = max((clause.tokens[h.last].end for h in clause_hits), default=-1)
    if not clause_hits or not _DECLINED_AFTER.match(clause.text[last_hit:]):
        return
    for h in clause_hits:
        for code in h.codes:
            if (code, INTEREST) not in known:
                reading.found.pop((code, INTEREST), None)


def _wish_refused(reading: _Reading, text: str, clause_hits: list[Hit], last_hit: int) -> None:
    """Drop a wish read in this clause that its end turns down ("… and doesn't want to")."""
    refused = WISH_TURNED_DOWN.search(text)
    if refused is None or refused.start() <= last_hit:
        return
    for key in [(c, INTEREST) for h in clause_hits for c in h.codes]:
        if key in reading.found and reading.found[key].kind == WANT:
            del reading.found[key]


def _look_back(reading: _Reading, clause: Clause, clause_hits: list[Hit]) -> None:
    """Turn down, take up again or offer to teach what came before, as the clause says."""
    # A clause that names nothing new may do so ("used to fish, would like to get back into it").
    text = clause.text
    last_hit = max((clause.tokens[h.last].end for h in clause_hits), default=-1)
    disown = _DISOWN.search(text)
    reject = _REJECT.search(text) or disown
    if reject and reject.start() > last_hit:
        unsure = [] if clause_hits else reading.unsure()  # "Discussed swimming - not keen"
        disowned = reading.named_now if disown and not clause_hits else []
        for key in reading.recent() + unsure + disowned:
            reading.found.pop(key, None)
    _wish_refused(reading, text, clause_hits, last_hit)
    _for_someone_else(reading, text, clause_hits)
    if not clause_hits and _DONE_IT.search(text) and not _NEGATION.search(text):
        # "would like to try cricket - played it as a kid": a wish to go back to it
        reading.recast(reading.named_before + reading.named_now, PAST, WANT)
    never = _NEVER_DONE_IT.search(text)
    if never and not clause_hits:  # "none of which he has done": of this sentence only
        said = [] if "which" in never.group(0) else reading.named_before
        reading.recast(said + reading.named_now, WANT, INTEREST)
    elif never and never.start() > last_hit:  # "might come to the craft night, never done owt"
        reading.recast([(c, INTEREST) for h in clause_hits for c in h.codes], WANT, INTEREST)
    if not clause_hits and _LAPSE.search(text):
        # "has an allotment but hasn't been since the winter"
        reading.recast(reading.named_before + reading.named_now, PAST, INTEREST)
    first_hit = min((clause.tokens[h.first].start for h in clause_hits), default=len(text))
    if _said_yes(text) and not clause_hits or _WORK_ON_IT.search(text, 0, first_hit):
        reading.take_up_offers()  # "his English is poor; he is keen to improve it so ..."
    if not clause_hits and _KEEN.search(text) and not _NEGATION.search(text):
        # "Discussed swimming - pt keen": what was put to them, they would like
        reading.recast(reading.unsure(), WANT)
        reading.uncued.difference_update(reading.named_before + reading.named_now)
    if not clause_hits and _TRY.search(text) and _WANT.search(text):
        # "not sure about yoga but willing to try": the thing just named is to be tried
        reading.recast([k for k in reading.named_now if k in reading.uncued], WANT)
        reading.uncued.difference_update(reading.named_now)
    _share_back(reading, text, last_hit)


_JOIN_THEM = re.compile(
    r"\b(keen|wants?|wanted|like|love|hoping|asked|asking|asks) to (go|come|join|tag)( along)? "
    r"with (her|him|them)\b|"
    # tagging along is always with someone: the one just said to do it
    r"\b(keen|wants?|wanted|like|love|hoping|asked|asking|asks|might|may|could) to tag along\b"
)


def _joins(text: str, start: int) -> bool:
    """Whether the text after start says the person would go along with them, unnegated."""
    join = _JOIN_THEM.search(text, start)
    return join is not None and not _NEGATION.search(text, start, join.start())


def _join_them(reading: _Reading, clause: Clause, clause_hits: list[Hit]) -> None:
    """A wish to go along with someone else: a wish for what they were just said to do."""
    # "Her brother plays football. She would like to go with him."
    if not clause_hits and _joins(clause.text, 0):
        for code, words in reading.theirs_before + reading.theirs:
            reading.add(code, WANT, words)


def _share_back(reading: _Reading, text: str, last_hit: int) -> None:
    """Add what the sentence named as a skill, when it offers to teach without naming it."""
    # 'Plays guitar and could teach others': the skill is what the sentence named; 'would like
    # to pass on what he knows': their trade, or what they last talked about.
    share = _SHARE_UNNAMED.search(text)
    # Its verb may itself read as a term ("runs the beginners' session"): what ends after the
    # last term is said of it.
    if not share or share.end() <= last_hit:
        return
    if any(s.kind == SKILL for s in reading.found.values()):
        return
    for s in reading.named:
        # "could teach the songs of her church choir": the songs; "volunteers at the youth
        # club, helping the younger ones": volunteering is no skill
        if s.code not in ("faith", "volunteering"):
            reading.add(s.code, SKILL, s.phrase)


# Wishing to help, or offering help at a place or to an organisation, is a wish to volunteer
# ("would like to help other families", "offered to help at the cafe"); being glad to help
# others with something is a skill to share, said elsewhere.
_PLACES = (
    r"(charity|centre|group|club|shop|cafe|project|church|mosque|temple|gurdwara|hospice|library|"
    r"school|event|garden|staff|team|rangers|wardens|organisers|volunteers|trust)"
)
_HELP_WISH = re.compile(
    r"\b((would|'d) (really )?(like|love)|wants?|wanting|keen|hoping|hopes) to help\b"
    r"(?! (to )?(run|lead|teach|show|coach)\b)|"
    # "would be up for helping the warden": a soft offer to help is still one (helping people
    # at something is sharing a skill)
    r"\b(up for|open to|would ?n't mind|'d not mind) helping\b"
    r"(?! (to )?(run|lead|teach|show|coach|people|others|anyone|folk|someone|beginners)\b)|"
    r"\b(willing|offered|offers|offering) to help (at|out|in)\b"
    r"(?! (to )?(run|lead|teach|show|coach)\b)|"
    # offering to help people is a skill they share, offering to help a place is volunteering
    rf"\b(willing|offered|offers|offering) to help (the|a|an) (\w+ )?{_PLACES}\b|"
    # "would fix things at the community centre": odd jobs offered to a place are volunteering
    r"\b(would|'d|willing to|happy to|offered to|offers to) (fix|mend|repair|paint|decorate|"
    # (a community centre is blanked before this is read: a blank after "the" is such a place)
    rf"clean|do (odd )?jobs)( \w+){{0,2}} (at|for) (the|a|an) ((\w+ )?{_PLACES}\b|\s{{3,}})"
)


def _wish_to_help(reading: _Reading, clause: Clause) -> None:
    """A wish or an offer to help, with no volunteering named: a wish to volunteer."""
    wish = _HELP_WISH.search(clause.text)
    if wish and not _NEGATION.search(clause.text, 0, wish.start()):
        reading.add("volunteering", WANT, wish.group(0).strip())


# Work wished for in its own words: "wants help to get back on site work", "wants to be a
# mechanic", "his qualifications recognised" (work is a goal in its own right: _GOALS).
_WORK_WISH = re.compile(
    r"\b(get|getting|find|finding|apply(ing)? for|look(ing)? for|back (on|into|to)|start|"
    r"starting) (?!(his|her|their|my) )(some |a |an |the |any )?([\w-]+ ){0,2}(work|jobs?|"
    r"employment|career)\b|"
    # (a peer role is volunteering or peer support, not a job: "train as a peer mentor")
    r"\b(be|become|becoming|retrain(ing)? as|train(ing)? (up )?as|work(ing)? as|a job as|"
    r"qualify as) an? (?!(peer|volunteer|better|bigger|stronger|healthier|happier|fitter|"
    r"calmer|braver|kinder|older|younger|other|proper|clever|sober|bit)\b)([\w-]+ )?[\w-]+(er|or|"
    r"ist|ian|ant|ic|chef|nurse|cook)\b|"
    r"\b(qualifications?|degree|training) (\w+ )?recognised\b"
)
_WORK_GAP = 8  # words between the wish and the work it names


def _wish_for_work(reading: _Reading, clause: Clause) -> None:
    """A wish whose object is work named in its own words: a wish for employment help."""
    work = _WORK_WISH.search(clause.text)
    if not work or _NEGATION.search(clause.text, 0, work.start()):
        return  # (the clause's cues are read again only when it names work)
    wishes = [c for c in cues(clause) if c.kind == WANT and c.end <= work.start()]
    if not wishes:
        return
    if len(clause.text[wishes[-1].end : work.start()].split()) <= _WORK_GAP:
        reading.add("employment-skills", WANT, work.group(0).strip())


# Mentoring or sponsoring others, or being a buddy to them: support from someone who has been
# there, a skill they share ("a sponsor to others", "offered to mentor newer lads").
_MENTORS = re.compile(
    r"\b(mentor(s|ing|ed)?|sponsor(s|ing|ed)?|buddy|buddies)\b( (to|for))? (\w+ ){0,2}"
    r"(others|people|lads|men|women|newcomers|members|youngsters|residents)\b|"
    # supporting others through what they went through themselves is the same
    r"\bsupport(s|ing)? (other |younger |young )?(others|people|lads|men|women|mums|dads|"
    r"carers|parents) (through|in|coming out of|who are|going through)\b|"
    r"\b(what|all) (he|she|they) (has|have|'s|'ve) been through to help\b"
)


def _mentoring(reading: _Reading, clause: Clause) -> None:
    """Mentoring others now, or wishing or offering to: a peer-support skill to share."""
    found = _MENTORS.search(clause.text)
    if not found or _NEGATION.search(clause.text, 0, found.start()):
        return
    # a wish to mentor offers what they have lived through; only another's idea is not theirs
    before = [c for c in cues(clause) if c.start < found.start()]
    if before and before[-1].kind == HEDGE:
        return
    reading.add("peer-support", SKILL, found.group(0))


def _offers_by_us(reading: _Reading, clause: Clause) -> None:
    """Hold what the writer or someone else put to the person, to await their yes."""
    # 'We talked about the cookery course', 'her GP suggested yoga'.
    if not clause.tokens:
        return
    cued = cues(clause)
    done: list[Hit] = []
    for hit in hits(clause.tokens):
        if _where_done(clause, hit, done):
            continue  # "her sister goes to yoga at the church": the church is only where
        done.append(hit)
        at = clause.tokens[hit.first].start
        words = clause.text[at : clause.tokens[hit.last].end]
        reading.theirs += [(code, words) for code in sorted(hit.codes)]
        if _joins(clause.text, clause.tokens[hit.last].end):
            reading.add_all(hit.codes, WANT, words)  # "flatmate does yoga, P keen to go with her"
        before = [c for c in cued if c.start < at]
        if before and before[-1].kind == HEDGE and _agreed(reading, clause, hit) == WANT:
            reading.add_all(hit.codes, WANT, words)  # "her GP suggested yoga, she agreed to try"


def extract(text: str) -> list[Suggestion]:
    """The interest terms a note suggests, each with its role and the words it came from."""
    # A term is suggested once as enjoys-now, used-to or wants-to-try (the first reading wins),
    # and may also be suggested as a skill to share.
    said = clauses(text)
    reading = _Reading({}, set(), [], another_tongue=speaks_another_tongue(said))
    sentence = ""
    for clause in said:
        if clause.sentence != sentence:
            sentence = clause.sentence
            reading.new_sentence()
        if clause.other:
            _offers_by_us(reading, clause)
            continue
        known = set(reading.found)
        clause_hits = _read_clause(reading, clause)
        _turned_down(reading, clause, clause_hits, known)
        _wish_to_help(reading, clause)
        _wish_for_work(reading, clause)
        _mentoring(reading, clause)
        named = [
            reading.found[(c, INTEREST)]
            for h in clause_hits
            for c in h.codes
            if (c, INTEREST) in reading.found
        ]
        if named:
            reading.named = named
        _look_back(reading, clause, clause_hits)
        _join_them(reading, clause, clause_hits)
    return list(reading.found.values())


def interests_in(text: str) -> dict[str, set[str]]:
    """The codes a note suggests, by role (interest, past, want, skill)."""
    out: dict[str, set[str]] = {INTEREST: set(), PAST: set(), WANT: set(), SKILL: set()}
    for s in extract(text):
        out[s.kind].add(s.code)
    return out
