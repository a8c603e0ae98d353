"""The role of a lexicon term in its clause, and the checks that say it is not the person's."""

from __future__ import annotations

import re

from matcher.reader.cues import (
    _ARTICLES,
    _BUT_KEEN,
    _FREQUENCY,
    _HELP_CODES,
    _WANT,
    Cue,
    negation_at,
)
from matcher.reader.hits import Hit, _index, hits
from matcher.reader.kinds import DEFAULT, HEDGE, INTEREST, PAST, SKILL, WANT
from matcher.reader.skills import _describes_doer, _trade
from matcher.reader.text import _KIN, _OTHER_SEX, _SELF, Clause
from matcher.reader.words import Token

_PLACE = frozenset(["at", "in", "on", "from", "along", "near", "by", "around", "round", "behind"])
_DETERMINER = frozenset(["the", "a", "an", "his", "her", "their", "my", "its", "our", "local"])


_GROUPS = frozenset(["band", "team", "club", "group", "choir"])  # "in a band" is no place
_AND = frozenset(["and", "or", ",", "including", "plus"])
_OWNS = frozenset(["has", "have", "had", "owns", "owned", "keeps", "uses", "got"])


_QUANTITY = frozenset(["kinds", "kind", "sorts", "sort", "lots", "lot", "types", "plenty", "loads"])


def _is_place(toks: tuple[Token, ...], at: int) -> bool:
    """A preposition of place, or an 'of' after a thing ('laps of the park', not 'lots of')."""
    if toks[at].raw in _PLACE:
        return True
    return toks[at].raw == "of" and at > 0 and toks[at - 1].raw not in _QUANTITY


# Where an activity itself happens or what it is done on: being there is doing it.
_HOME = frozenset(["garden", "kitchen", "shed", "workshop", "pool", "bike", "allotment"])
# Words that say only how much or how gladly they are there ("spends hours in the garden").
_LIGHT = frozenset(
    ["being", "hours", "time", "most", "all", "day", "days", "out", "lots", "whole", "every",
     "morning", "mornings", "afternoon", "afternoons", "always", "busy", "happily", "happy",
     "pottering", "working"]
)  # fmt: skip


def _being_there(toks: tuple[Token, ...], hit: Hit, cue_end: int) -> bool:
    """'Happiest in his shed', 'always out on his bike': the liking is for being there."""
    i = hit.first
    while i > 0 and toks[i - 1].raw in _DETERMINER:
        i -= 1
    between = [t for t in toks[: i - 1] if t.start >= cue_end]
    return toks[hit.last].lemma in _HOME and all(t.raw in _LIGHT for t in between)


# Verbs of taking part in something, whatever it is ("played", "went", "has been out on").
_TAKING_PART = frozenset(
    ["be", "play", "go", "do", "make", "spend", "take", "enjoy", "love", "like"]
)


def _activity_cue(cue: Cue) -> bool:
    """Whether a cue says the person took part: any but a bare past verb of something else."""
    # 'phoned about his bike' is no cycling; 'rode his bike' is.
    if not cue.verb:
        return True
    return cue.verb in _TAKING_PART or (cue.verb,) in _index()[1]


_BE_HAVE = frozenset(["was", "is", "were", "are", "has", "had", "got", "gets"])


def _weak_counts(clause: Clause, hit: Hit, before: list[Cue]) -> bool:
    """Whether an ambiguous word counts, as the object of a cue a few words before it."""
    # Or of a list after one ('loves walks, dogs and being outdoors'), and never as the place or
    # means of something else ('pictures from the canal', 'on his phone').
    toks = clause.tokens
    i = hit.first
    while i > 0 and toks[i - 1].raw in _DETERMINER:
        i -= 1
    if not before or not _activity_cue(before[-1]):
        return False
    cue_end = before[-1].end
    place = i > 0 and toks[i - 1].start >= cue_end and _is_place(toks, i - 1)
    if place and toks[hit.last].raw not in _GROUPS and not _being_there(toks, hit, cue_end):
        return False
    between = [t for t in toks[:i] if t.start >= cue_end]
    if len(between) <= 3:
        return True
    # a list goes on after a liking or a wish ("teach" or "was" do not reach that far)
    last_and = max((n for n, t in enumerate(between) if t.raw in _AND), default=-1)
    owns = any(t.raw in _OWNS for t in between[last_and + 1 :])
    if owns and before[-1].kind == INTEREST:
        return False  # "ties flies and has a shed": owning a thing is not liking it
    # "used to" governs a list of verbs as a liking does ("used to fish the canal, fix things
    # and cycle everywhere"), not the subject of another verb ("used to DJ, laptop was nicked");
    # other past cues ("was") do not reach that far.
    subject = hit.last + 1 < len(toks) and toks[hit.last + 1].raw in _BE_HAVE
    habit = clause.text[before[-1].start : before[-1].end] == "used to" and not subject
    reaches = before[-1].kind in (INTEREST, WANT) or habit
    return reaches and len(between) - last_and - 1 <= 3


_OBJECT_PRONOUNS = frozenset(["him", "her", "them", "me", "us", "it"])


def _habitual(clause: Clause, hit: Hit) -> bool:
    """Whether a habit said in the clause makes an ambiguous word count ('pool on Fridays')."""
    # Only when it is the first thing the clause names, never the place, means or object of
    # another ('chess on his phone most nights', 'laps of the park').
    toks = clause.tokens
    if not _FREQUENCY.search(clause.text) or _modifier(clause, hit):
        return False
    after = toks[hit.last + 1] if hit.last + 1 < len(toks) else None
    if after and after.raw in _OBJECT_PRONOUNS:
        return False  # "phone him once a week": a verb of something else
    if hit.first == 0 and after and after.raw.endswith("s") and after.raw != after.lemma:
        return False  # "Social: sees his brother weekly": a heading or the subject of a verb
    return all(h.first >= hit.first for h in hits(toks))


def _habit_role(before: list[Cue]) -> str:
    """The role of something done by habit: a wish or another's idea, past, or theirs now."""
    # A wish or another's idea stays so; said in the past tense it is past ('used to go every
    # Sunday'); otherwise theirs now ('told me he is at the pool most mornings').
    if not before:
        return INTEREST
    last = before[-1]
    if last.kind in (WANT, HEDGE):
        return last.kind
    return PAST if last.kind == PAST and _activity_cue(last) else INTEREST


def _negated_role(clause: Clause, hit: Hit) -> str | None:
    """The role a negation gives ('' for none, want or past), or None when nothing negates it."""
    negated = negation_at(clause, clause.tokens[hit.first].start)
    if negated == "untried":
        # "never tried it but keen", "hasn't done any, would like to"
        keen = _WANT.search(clause.sentence) or _BUT_KEEN.search(clause.sentence)
        return WANT if keen else ""
    if negated == "stopped":
        return PAST
    return "" if negated else None


def _opens_clause(clause: Clause, hit: Hit) -> bool:
    """The hit is what the clause says the person does: "Knits constantly", "SU volunteers"."""
    toks = clause.tokens
    return (
        hit.first == 0
        or hit.first in (1, 2)
        and (toks[0].raw in _SELF or len(toks[0].raw) == 1)
        and all(t.raw in _REFLEXIVE for t in toks[1 : hit.first])
        or toks[hit.first - 1].raw in ("and", "also")  # "watches films and reads a lot"
        or hit.first > 0
        and toks[hit.first - 1].raw in ("he", "she", "they")  # "said he volunteers"
    )


_ONE_WORD = re.compile(r"\s*([\w'-]+\s+)?")


def _role_from_cues(clause: Clause, hit: Hit, before: list[Cue]) -> str:
    """The role the nearest cue before the hit gives it."""
    last = before[-1]
    # "used to love", "was a keen", "was an active member": a liking said in the past is past
    # ("as a teenager and loves cooking" joins a new verb of the present)
    if last.kind == INTEREST and any(
        c.kind == PAST
        and _ONE_WORD.fullmatch(clause.text, c.end, last.start)
        and clause.text[c.end : last.start].strip() not in ("and", "but", "now")
        for c in before
    ):
        return PAST
    if last.kind == SKILL and _where_shared(clause, hit, last):
        return INTEREST
    if last.kind == HEDGE and _asked_for(clause, before):
        return WANT  # "wants info on tai chi classes": information they ask for is a wish
    if last.kind == HEDGE or last.kind == PAST and _need_now(clause, hit, last):
        return HEDGE
    # "enjoys trying new recipes": trying is what they like doing, not a wish
    if last.kind == WANT and any(
        c.kind == INTEREST and 0 <= last.start - c.end <= 1 and _LIKING.match(clause.text, c.start)
        for c in before
    ):
        return INTEREST
    return last.kind


_INFO = re.compile(r"(leaflets?|details|info\w*|flyers?)\b")
_ASKING = re.compile(r"(wants?|wanted|would|'d|asked|asks|asking|keen|hoping|hopes)\b")


def _asked_for(clause: Clause, before: list[Cue]) -> bool:
    """Whether the last cue is information the person asks for ('would like details of')."""
    if len(before) < 2 or before[-2].kind != WANT or not _INFO.match(clause.text, before[-1].start):
        return False
    if not _ASKING.match(clause.text, before[-2].start):
        return False  # "agreed: share info on the course": the worker's part, not their ask
    return len(clause.text[before[-2].end : before[-1].start].split()) <= 2


def _need_now(clause: Clause, hit: Hit, cue: Cue) -> bool:
    """'Arrived last year, speaks little English': a need said now, after a past cue of its own."""
    # The past cue is about another verb: a present one ("speaks", "has") stands between.
    if not hit.codes <= _NEEDS:
        return False
    between = [t for t in clause.tokens[: hit.first] if t.start >= cue.end]
    return any(t.raw in _PRESENT or t.raw != t.lemma and t.raw.endswith("s") for t in between)


_PRESENT = frozenset(["is", "has", "are", "am", "needs", "finds", "struggles"])


def _not_a_pastime(clause: Clause, hit: Hit) -> bool:
    """Paperwork, a style, one episode, a thing owned or pictures shown: no activity done."""
    return any(
        test(clause, hit) for test in (_paperwork, _style, _episode, _owned_unused, _pictures_shown)
    )


def role_of(clause: Clause, hit: Hit, found: list[Cue]) -> str:
    """The role of a lexicon hit in its clause, or '' when it is not about an interest."""
    at = clause.tokens[hit.first].start
    if _not_theirs(clause, hit) or _describes_doer(clause, hit) or _not_a_pastime(clause, hit):
        return ""
    negated = _negated_role(clause, hit)
    if negated is not None:
        return negated
    # A need named with its own verb ("is learning English"): the verb's cue counts, unless a
    # cue before governs it ("used to learn English", "teaches adults to read").
    own = hit.codes <= _NEEDS and not any(c.start < at for c in found)
    before = [c for c in found if c.start < at or c.start == at and (c.kind == PAST or own)]
    wished = bool(before) and before[-1].kind == WANT  # "keen to do a maths qualification"
    had = _had_already(clause, hit, wished)
    if had is not None:
        return had
    word = clause.tokens[hit.first]
    # What they do now; a need they are working on ("Works shifts" says they have a job, not
    # that they want help finding one).
    if (
        word.raw != word.lemma
        and word.raw.endswith("s")
        and _opens_clause(clause, hit)
        # "fixes bikes for his mates and cycles everywhere": a new verb of the same subject
        and (not before or clause.tokens[hit.first - 1].raw == "and" and hit.first > 1)
    ):
        return HEDGE if hit.codes & _HELP_CODES else INTEREST
    strong = hit.strong or _made(clause, hit)
    if not strong and (_modifier(clause, hit) or not _weak_counts(clause, hit, before)):
        if _liked_after(clause, hit, found):
            return INTEREST
        return _habit_role(before) if _habitual(clause, hit) else ""
    if before:
        return _role_from_cues(clause, hit, before)
    # the first cue after it says how it is held ("a coding course and loved it, wants to
    # finish it": loved, not a wish to try)
    # (a cue word inside the phrase itself, the "now" of "a call now and then", is none)
    after = [c for c in found if c.start >= clause.tokens[hit.last].end]
    if after and after[0].kind in (WANT, SKILL, HEDGE):
        return after[0].kind
    if not strong:
        return ""
    # A need named plainly ("rent arrears", "on benefits") is no wish until they ask for help.
    return HEDGE if hit.codes <= _NEEDS else DEFAULT


_NEEDS = frozenset(["esol", "money-advice", "maths-english"])
_SPEAKING = frozenset(["speak", "speaks", "speaking", "spoke", "fluent", "native", "also", "both"])


def _had_already(clause: Clause, hit: Hit, wished: bool) -> str | None:
    """SKILL or '' for a language they speak, a trade or experience; None for anything else."""
    # '' when the language is only named in a wish to meet its speakers.
    if wished and (_spoken(clause, hit) or _speakers(clause, hit)):
        return ""  # "would like to meet other Polish speakers": a language they have already
    if _speakers(clause, hit) or _spoken(clause, hit):
        # "Speaks Gujarati", "Welsh first language": their own tongue is no pastime, and a
        # skill to share only when they use it for others ("interprets for neighbours")
        return SKILL if _LENDS.search(clause.sentence) else ""
    if _trade(clause, hit) or _experience(clause, hit) and not wished:
        return SKILL
    return None


# (an interpreter "used" or "booked" is there for the person: only their own interpreting lends)
_LENDS = re.compile(
    r"\b(interpret(s|ed|ing)?|(is|was|as) an interpreter|translat\w*|help\w*|teach\w*|tutor\w*|"
    r"show\w*|fluent\w*)\b"
)


def _speakers(clause: Clause, hit: Hit) -> bool:
    """'Other Urdu speakers', 'Arabic-speaking families': a language named as people's own."""
    toks = clause.tokens
    nxt = [t.raw for t in toks[hit.last + 1 : hit.last + 3]]
    return hit.codes == {"languages"} and (
        nxt[:1] in (["speaker"], ["speakers"], ["speaking"]) or nxt == ["first", "language"]
    )


def _spoken(clause: Clause, hit: Hit) -> bool:
    """'Speaks Urdu and Punjabi', 'can speak fluent Polish': another language they could share."""
    toks = clause.tokens
    if hit.codes != {"languages"}:
        return False
    i = hit.first
    while i > 0 and toks[i - 1].raw in _SPEAKING - {"speak", "speaks", "speaking", "spoke"}:
        i -= 1
    return i > 0 and toks[i - 1].lemma == "speak"


# Knowing a subject well: they could share it, and it is theirs ("knows a lot about birds").
_KNOWING = re.compile(
    r"knowledgeable|\bknows\b|\bexpert\b|\bfascinated\b|"
    r"((?<=\bis )|(?<=\bis a )|(?<=\bis an ))(an? )?(very |highly )?"
    r"(skilled|talented|gifted|accomplished)\b"
)

_LIMITS = frozenset(["limited", "restricted", "difficult", "impossible", "hard", "tricky"])


def _where_shared(clause: Clause, hit: Hit, cue: Cue) -> bool:
    """Whether a hit is the place where a skill is shared ('teaches Urdu at the mosque')."""
    # The place is somewhere they belong, not the skill itself; another term between the cue
    # and the place is what is taught.
    toks = clause.tokens
    i = hit.first
    while i > 0 and toks[i - 1].raw in _DETERMINER:
        i -= 1
    if i == 0 or toks[i - 1].raw not in _PLACE:
        return False
    # what is taught comes before the place or after it ("helps people at church with forms")
    taught = [h for h in hits(toks[:i]) if toks[h.first].start >= cue.end]
    rest = toks[hit.last + 1 :]
    with_at = next((n for n, t in enumerate(rest) if t.raw == "with"), None)
    return bool(taught or with_at is not None and hits(rest[with_at:]))


_SERVING = frozenset(["coach", "run", "manage", "train", "teach", "help", "lead"])


def _someone_elses(clause: Clause, hit: Hit) -> bool:
    """Whether a hit belongs to someone else ('he is banned from her sewing room')."""
    # His clause, her thing; a relative's is someone else's too ('his grandson's football
    # match', 'his mate's garage').
    toks = clause.tokens
    # but after an article it names whom a group is for: "taught the children's choir"; and a
    # side coached or run is the one they served: "coached his lad's U11 football team"
    owners = [
        toks[n].raw
        for n in range(max(0, hit.first - 2), hit.first)
        if (n == 0 or toks[n - 1].raw not in _ARTICLES)
        and (n < 2 or toks[n - 2].lemma not in _SERVING)
    ]
    if any(o.endswith("'s") and o[:-2] in _KIN for o in owners):
        return True
    subject = next((t.raw for t in toks[: hit.first] if t.raw in _OTHER_SEX), "")
    return bool(subject) and hit.first > 0 and toks[hit.first - 1].raw == _OTHER_SEX[subject]


def _organised(clause: Clause, hit: Hit) -> bool:
    """'Could run a sewing session', 'runs the tuck shop': run with an object is organising."""
    toks = clause.tokens
    nxt = toks[hit.last + 1].raw if hit.last + 1 < len(toks) else ""
    after = toks[hit.last + 2].raw if hit.last + 2 < len(toks) else ""
    tried = nxt == "a" and after in ("go", "try")  # "giving running a go"
    return (
        hit.first == hit.last
        and toks[hit.first].lemma == "run"
        and nxt in _DETERMINER
        and not tried
    )


# Verbs whose object names the activity: what is made by hand ("making flatbreads"), and the
# animals someone keeps ("has two cats").
_MAKING = frozenset(["make", "bake", "cook", "prepare", "grow", "knit", "sew", "build", "mend"])
_HANDMADE = frozenset(["cooking", "gardening", "crafts", "woodwork", "pottery", "repair"])
_KEEPING = frozenset(["have", "own", "keep", "adopt", "rescue", "breed"])
_COUNT = frozenset(["two", "three", "four", "five", "several", "some", "few", "couple", "of"])


def _made(clause: Clause, hit: Hit) -> bool:
    """An ambiguous word as the thing made or kept ('baking bread', 'has two cats')."""
    toks = clause.tokens
    i = hit.first
    while i > 0 and (toks[i - 1].raw in _DETERMINER or toks[i - 1].raw in _COUNT):
        i -= 1
    verb = toks[i - 1].lemma if i > 0 else ""
    # "out with her dog": an animal of their own that goes about with them is one they keep
    own = verb == "with" and toks[i].raw in ("his", "her", "their", "my")
    return (
        bool(hit.codes & _HANDMADE)
        and verb in _MAKING
        or hit.codes == {"animals"}
        and (verb in _KEEPING or own)
    )


_EXPERIENCE = frozenset(["experience", "expertise", "qualification", "qualifications", "know-how"])


def _experience(clause: Clause, hit: Hit) -> bool:
    """'Years of carpentry experience': what they have done long enough to share."""
    toks = clause.tokens
    return hit.last + 1 < len(toks) and toks[hit.last + 1].raw in _EXPERIENCE


def _helper(clause: Clause, hit: Hit) -> bool:
    """'Would welcome a volunteer to visit': the volunteer is someone else, there to help."""
    toks = clause.tokens
    before = [t.raw for t in toks[max(0, hit.first - 2) : hit.first]]
    nxt = toks[hit.last + 1].raw if hit.last + 1 < len(toks) else ""
    return (
        hit.codes == {"volunteering"}
        and before[-1:] in (["a"], ["the"])
        and before[:1] not in (["be"], ["become"], ["as"])
        and nxt in ("to", "who")
    )


# What is written or read for everyday business, not for the pleasure of it.
_PAPERWORK = frozenset(
    ["cv", "letter", "email", "e-mail", "form", "application", "report", "cheque", "list",
     "program", "code", "text", "message", "statement", "complaint", "invoice", "bill",
     "résumé", "resume", "note", "essay", "assignment", "paperwork", "address", "number"]
)  # fmt: skip


def _paperwork(clause: Clause, hit: Hit) -> bool:
    """'Writes a CV', 'write little programs': writing as business, not as a pastime."""
    if hit.codes != {"creative-writing"} or clause.tokens[hit.last].lemma != "write":
        return False
    return any(t.lemma in _PAPERWORK for t in clause.tokens[hit.last + 1 : hit.last + 5])


# A style is a look, not the activity ("draws anime style", "a country-style kitchen").
def _style(clause: Clause, hit: Hit) -> bool:
    """The hit names the style of something else ('anime style', 'jazz-style')."""
    nxt = clause.tokens[hit.last + 1].raw if hit.last + 1 < len(clause.tokens) else ""
    return nxt in ("style", "-style", "styled") or clause.tokens[hit.last].raw.endswith("-style")


# Words that make a past progressive a habit ("was swimming twice a week") or a pastime.
_HABIT = re.compile(
    r"\b(every|always|often|regularly|weekly|daily|most|twice|times|usually|used|years|ages|"
    r"lot|loads|constantly|competitively|professionally|enjoy\w*|lov\w*|lik\w*|keen|happ\w*)\b"
)


def _episode(clause: Clause, hit: Hit) -> bool:
    """'Was singing loudly in the corridor at 3am': one episode seen, not a pastime."""
    toks = clause.tokens
    if toks[hit.first].raw == "chatted" and hit.first == hit.last:
        return not _HABIT.search(clause.sentence)  # "Chatted re her old job": the visit's talk
    i = hit.first
    while i > 0 and (toks[i - 1].raw.endswith("ly") or toks[i - 1].raw in ("still", "also")):
        i -= 1
    if i == 0 or toks[i - 1].raw not in ("was", "were") or not toks[hit.first].raw.endswith("ing"):
        return False
    return not _HABIT.search(clause.sentence)


_HAS = frozenset(["has", "have", "owns", "owned", "got", "bought", "kept", "keeps", "inherited"])
# Not using a thing: "he never plays", "hasn't touched it", "gathering dust".
_UNUSED = re.compile(
    r"\b((never|not|n't|no longer|rarely|hardly ever)( \w+)? (play|plays|played|use|uses|used|"
    r"ride|rides|ridden|touch|touches|touched|open|opened|read|wear|worn|picked up)|"
    r"gather\w* dust|sits? in the (loft|cupboard|garage|shed|corner))\b"
)


def _owned_unused(clause: Clause, hit: Hit) -> bool:
    """'Has an old guitar he never plays': owning a thing is not doing the activity."""
    toks = clause.tokens
    i = hit.first
    while i > 0 and (toks[i - 1].raw in _DETERMINER or toks[i - 1].raw in ("old", "new")):
        i -= 1
    if i == 0 or toks[i - 1].raw not in _HAS:
        return False
    end = clause.sentence.find(clause.text[toks[hit.last].start : toks[hit.last].end])
    return bool(_UNUSED.search(clause.sentence, max(end, 0)))


_PICTURES = frozenset(["photo", "photos", "photograph", "photographs", "pictures", "pics", "snaps"])
# Showing, sending or looking at pictures is not taking them.
_SEEING = frozenset(
    ["show", "shows", "showed", "showing", "send", "sends", "sent", "sending", "share", "shares",
     "shared", "sharing", "look", "looks", "looked", "looking", "at", "through", "frame",
     "framed", "everyone", "me", "us", "staff", "him", "her", "them", "old", "family",
     "from"]  # drawn or painted from photos: a model, not pictures taken
)  # fmt: skip


def _pictures_shown(clause: Clause, hit: Hit) -> bool:
    """'Shows everyone photos of her cats', 'looks at old photos': pictures seen, not taken."""
    toks = clause.tokens
    if toks[hit.first].raw not in _PICTURES or hit.first == 0:
        return False
    before = [t.raw for t in toks[max(0, hit.first - 3) : hit.first]]
    return any(w in _SEEING for w in before) and not any(
        w.startswith(("tak", "took", "snap", "shoot", "shot")) for w in before
    )


# Verbs of making a likeness: what is made ("carved an owl", "knitted a teddy bear") is the
# thing made, not an animal kept.
_LIKENESS = frozenset(["make", "made", "carve", "knit", "sew", "build", "draw", "paint", "sculpt"])


def _likeness(clause: Clause, hit: Hit) -> bool:
    """'Made a rocking horse', 'drew her dog': an animal as the thing made or drawn."""
    toks = clause.tokens
    before = toks[max(0, hit.first - 3) : hit.first]
    return hit.codes == {"animals"} and any(
        t.lemma in _LIKENESS or t.raw in _LIKENESS for t in before
    )


# Coping with "it" is coping with the thing just named, not a coping-skills course.
_COPE_IT = re.compile(r"\s+(it|that|this|them)\b")


def _coping_with_it(clause: Clause, hit: Hit) -> bool:
    """'Isn't sure she could cope with it again': coping with a thing, not a course."""
    toks = clause.tokens
    return toks[hit.last].raw == "with" and bool(_COPE_IT.match(clause.text, toks[hit.last].end))


_CHAT = frozenset(["chat", "chats", "chatted", "chatting", "natter", "catch-up", "talk"])


def _writers_chat(clause: Clause, hit: Hit) -> bool:
    """'I had a long chat with Ken': the visit the note records, not company they keep."""
    toks = clause.tokens
    nxt = toks[hit.last + 1].raw if hit.last + 1 < len(toks) else ""
    return (
        hit.codes == {"socialising"}
        and len(toks) > 1
        and toks[0].raw in ("i", "we")
        and toks[1].raw in ("had", "have", "chatted", "chat")
        and hit.first <= 5
        and toks[hit.last].raw in _CHAT
        and nxt == "with"
    )


def _not_theirs(clause: Clause, hit: Hit) -> bool:
    """The words name something other than the person's own interest or need."""
    checks = (
        _writers_chat,
        _likeness,
        _coping_with_it,
        _organised,
        _limited,
        _someone_elses,
        _job_named,
        _need_met,
        _helper,
        _object_of_other,
        _eaten,
        _watched,
        _compared_with,
    )
    return any(check(clause, hit) for check in checks)


def _compared_with(clause: Clause, hit: Hit) -> bool:
    """Whether the words are what the person is measured against ('knows more than any vet')."""
    before = [t.raw for t in clause.tokens[max(0, hit.first - 4) : hit.first]]
    return "than" in before and not {",", "and", "but"} & set(before[before.index("than") :])


_ADJECTIVES = frozenset(["old", "new", "own", "other", "people's", "all", "some", "any", "local"])


def _object_of_other(clause: Clause, hit: Hit) -> bool:
    """Whether an ambiguous word is the object of another activity's verb ('fixing phones')."""
    # It belongs to that activity ('photographing landscapes', 'mends nets'); an animal kept or
    # walked is still the person's own.
    if hit.strong or hit.codes == {"animals"}:
        return False
    toks = clause.tokens
    i = hit.first
    # "rides 50 miles": a number before it, as a determiner, is still the other verb's object
    while i > 0 and (
        toks[i - 1].raw in _DETERMINER
        or toks[i - 1].raw in _ADJECTIVES
        or toks[i - 1].raw.isdigit()
    ):
        i -= 1
    while i > 1 and toks[i - 1].raw in _AND:  # "fixing phones and laptops": a list of objects
        listed = [h for h in hits(toks[: i - 1]) if h.last == i - 2]
        if not listed or listed[0].strong or listed[0].codes != hit.codes:
            break
        i = listed[0].first
        while i > 0 and (toks[i - 1].raw in _DETERMINER or toks[i - 1].raw in _ADJECTIVES):
            i -= 1
    if i == 0:
        return False
    verb = toks[i - 1]
    # "ran his own garage": running a place is managing it, said elsewhere
    doing = (verb.raw != verb.lemma or verb.raw.endswith("ing")) and verb.lemma != "run"
    before = [h for h in hits(toks[:i]) if h.last == i - 1]
    return doing and bool(before) and not before[0].codes & hit.codes


_FOOD = frozenset(["food", "dinner", "meal", "meals", "lunch", "breakfast", "tea"])


def _eaten(clause: Clause, hit: Hit) -> bool:
    """'Enjoys his food', 'likes the food here': a meal is eaten, not cooked."""
    toks = clause.tokens
    return (
        not hit.strong
        and toks[hit.last].raw in _FOOD
        and hit.first > 0
        and toks[hit.first - 1].raw in ("his", "her", "their", "my", "the")
    )


_KIN_WORDS = "|".join(sorted(w for w in _KIN if w.isalpha() and len(w) > 2))
# Watching or taking someone else to an activity: it is theirs ("watches her grandson play
# football", "drives her neighbour to church", "watched the others play").
_WATCHED = re.compile(
    r"\b(watch(es|ed|ing)?|cheer(s|ed|ing)? on|(take|takes|took|taking|drive|drives|drove|"
    r"driving|bring|brings|brought|bringing)(?=[\w' ]+ to\b))\s+((his|her|their|the|my|other)\s+)?"
    r"(\w+\s+)?(" + _KIN_WORDS + r"|him|them|others)(s|'s)?\b[\w' ]{0,20}$"
)


def _watched(clause: Clause, hit: Hit) -> bool:
    """'Watches her grandchildren swim', 'takes his daughter to dance class': someone else's."""
    at = clause.tokens[hit.first].start
    return bool(_WATCHED.search(clause.text[max(0, at - 60) : at]))


def _job_named(clause: Clause, hit: Hit) -> bool:
    """'Worked as an electrician': the work is the trade named next, not a wish for a job."""
    toks = clause.tokens
    nxt = toks[hit.last + 1].raw if hit.last + 1 < len(toks) else ""
    return hit.codes == {"employment-skills"} and toks[hit.last].lemma == "work" and nxt == "as"


_MET = frozenset(["good", "fine", "ok", "okay", "fluent", "excellent", "strong", "great"])


def _need_met(clause: Clause, hit: Hit) -> bool:
    """'His spoken English is good', 'fluent English': a need named as already met is no need."""
    after = [t.raw for t in clause.tokens[hit.last + 1 : hit.last + 4]]
    while after and after[0] in ("is", "are", "very", "v", "quite", "really", "now", "pretty"):
        after.pop(0)
    # "fluent English", "speaks good English": said before it, the same
    said = hit.first > 0 and clause.tokens[hit.first - 1].raw in _MET
    return hit.codes <= _NEEDS and (said or bool(after) and after[0] in _MET)


# "Pain limits how far she can walk", "affects his ability to swim": what the body allows.
_CAPACITY = re.compile(
    r"(\bhow (far|long|much|well) (he|she|they|i) (can|could|is able to|are able to)|"
    r"\b(limits?|limited|restricts?|restricted|affects?|affected|reduces?|reduced|impairs?|"
    r"impaired) (his|her|their|my) (ability|capacity) to)\s+$"
)


def _limited(clause: Clause, hit: Hit) -> bool:
    """'Walking limited', 'swimming is difficult now': a limitation, not a liking."""
    if hit.codes <= _NEEDS:
        return False  # "her English is limited" is a need to work on
    at = clause.tokens[hit.first].start
    if _CAPACITY.search(clause.text[max(0, at - 60) : at]):
        return True
    after = [t.raw for t in clause.tokens[hit.last + 1 : hit.last + 4]]
    while after and after[0] in ("is", "are", "very", "v", "quite", "now", "so"):
        after.pop(0)
    return bool(after) and after[0] in _LIMITS


_REFLEXIVE = frozenset(["himself", "herself", "themselves", "myself"])  # "B himself reads"


def _modifier(clause: Clause, hit: Hit) -> bool:
    """Whether an ambiguous word describes the next ('a phone befriender') or ends a compound."""
    # 'the garden centre' describes; 'tape-ball' is the end of a compound naming something else.
    following = hits(clause.tokens[hit.last + 1 : hit.last + 2])
    start = clause.tokens[hit.first].start
    return bool(following) or clause.text[start - 1 : start] == "-"


def _liked_after(clause: Clause, hit: Hit, found: list[Cue]) -> bool:
    """'two cats she adores': a liking a word or two after the thing liked."""
    end = clause.tokens[hit.last].end
    return any(
        c.kind == INTEREST and 0 < c.start - end <= 8 and _LIKING.match(clause.text, c.start)
        for c in found
    )


_LIKING = re.compile(r"(lik|lov|enjoy|ador|dote|favourite|passion|fan of)")
