"""Trades and doers: a term naming what someone does or did for a living or for others."""

from __future__ import annotations

import re

from matcher.reader.cues import _AGENT
from matcher.reader.hits import Hit, hits
from matcher.reader.kinds import INTEREST, PAST
from matcher.reader.text import Clause


def _agentive(clause: Clause, hit: Hit) -> bool:
    """Whether a hit names someone who does the activity ('joiner', 'angler', 'chef')."""
    toks = clause.tokens
    word = toks[hit.last].raw
    nxt = toks[hit.last + 1].raw if hit.last + 1 < len(toks) else ""
    # "a yoga instructor", "the football coach": the activity and the one who teaches it
    return (
        word in _AGENT or word.endswith(("er", "or", "ist", "ian", "ess", "ant")) or nxt in _TEACHER
    )


_TEACHER = frozenset(["teacher", "instructor", "tutor", "coach", "trainer", "leader"])


_TRADE_BEFORE = re.compile(
    r"\b(ex|former|formerly|retired|trained|qualified|professional|time-served|"
    r"(work|worked|works|working|job|career|years|life|spent \w+ \w+|trained|qualified|time) "
    r"as an?|"
    # "was a chef", "was ship's cook", and a post with no article: "was head chef"
    r"(was|were|is|became|used to be|has been|had been)(?: (an?|the|[a-z]+'s)|(?= (head|senior|"
    r"chief|sous|lead|deputy|assistant|trainee|apprentice)\b)))"
    # "a wedding photographer", "a pastry chef": what kind of trade, not how keen
    r"(?P<kind>([\s-](?!(keen|avid|big|huge|great|enthusiastic|passionate|regular|real|mad|"
    r"massive|lifelong|devoted|dedicated|committed|occasional|casual|amateur|fair-weather|hobby|weekend|"
    r"very|really|bit|fan|decent|talented|brilliant|good|\w+est)\b)[a-z']+){0,2})[\s-]*$"
)
_TRADE_AFTER = re.compile(
    r"^[\s,]*(by trade|professionally|for (the council|\w+ years|a living))\b"
)
# Said after any shareable field, it is their work: "made dresses for a living".
_LIVING_AFTER = re.compile(r"^[\w' ]{0,30}?\b(for a living|professionally|by trade)\b")


# Working in a field, or running a business in it ("worked in kitchens", "ran his own garage").
_FIELD_BEFORE = re.compile(
    r"\b((worked|works|working|employed|career|years|decades|"
    r"spent (\w+ ){0,3}(years|decades|life|career)) (in|at|on)|"
    # "spent years mending boats": the years spent doing it are their work
    r"spent (\w+ ){0,3}(years|decades|(his|her|their) (working )?life)|"
    r"(ran|runs|running|owned|owns|set up|started|managed|manages) (a|an|the|his|her|their) "
    r"(own )?(\w+ )?|"
    r"(had|has) (his|her|their) own )"
    r"( (a|an|the|his|her|their))?( local| small| busy| big)?[\s-]*$"
)
_ENROLLED = re.compile(r"\b(started|starting|starts|began|begun|joined|enrolled on) (a|an|the) $")
_PAPERS = re.compile(r"^ (claim|application|form|appeal|review|assessment)s?\b")
_LEARNING = re.compile(r"^ (course|courses|class|classes|lessons?|evening class|workshop)\b")
# Said in the description of a job ("worked 9 years as a TA running maths groups"): the work.
_JOB_BEFORE = re.compile(
    r"\b(worked|employed|(his|her|their) (job|career)) (\w+ ){0,3}(as|in|at|for)\b[^,;]{0,60}$"
)
# A rank or kind of post before a doer ("head chef", "site joiner") says it was their work.
_RANKS = frozenset(
    ["head", "senior", "junior", "sous", "commis", "chief", "master", "site", "staff", "trainee",
     "apprentice", "qualified", "professional", "lead", "assistant", "deputy", "self-employed",
     "freelance", "commercial", "industrial", "agency", "army", "school", "hospital", "pastry"]
)  # fmt: skip
# Fields whose work is a skill someone could share (a library job is not a reading skill).
_SHAREABLE = frozenset(
    ["cooking", "gardening", "repair", "woodwork", "crafts", "painting", "music", "photography",
     "coding", "digital-skills", "money-advice", "animals", "fitness", "swimming", "pottery",
     "languages", "maths-english", "dance", "theatre", "singing", "guitar"]
)  # fmt: skip


def _trade(clause: Clause, hit: Hit) -> bool:
    """Whether a hit is their trade ('ex-joiner', 'was a chef', 'worked in kitchens')."""
    # A trade ('a plumber by trade') is a skill they could share.
    start, end = clause.tokens[hit.first].start, clause.tokens[hit.last].end
    before, after = clause.text[max(0, start - 40) : start], clause.text[end : end + 30]
    if _ENROLLED.search(before) and _LEARNING.match(after):
        return False  # "started a pottery course": a course begun, not a business
    if _PAPERS.match(after):
        return False  # "started an Attendance Allowance claim": paperwork, not a business
    if hit.codes <= _SHAREABLE and (
        _FIELD_BEFORE.search(before)
        or _LIVING_AFTER.match(after)
        or _JOB_BEFORE.search(clause.text[:start])
    ):
        return True
    if not _agentive(clause, hit):
        return False
    said = _TRADE_BEFORE.search(before)
    # "a pastry chef" names a kind of trade; "a county cricketer" a level of play; but a post
    # ("a qualified yoga teacher", "a senior swimming coach") is their work whatever its field
    kind = set(said.group("kind").split()) if said else set()
    if said and kind and not hit.codes <= _SHAREABLE and not kind & _RANKS:
        said = None
    return bool(said or _TRADE_AFTER.search(after))


def _describes_doer(clause: Clause, hit: Hit) -> bool:
    """Whether a word describes the doer of the same activity named next ('pastry chef')."""
    # Such a word is read with the doer ('football' in 'football coach').
    following = hits(clause.tokens[hit.last + 1 : hit.last + 2])
    if not following or not following[0].codes & hit.codes:
        return False
    doer = Hit(following[0].codes, following[0].strong, hit.last + 1, hit.last + 1)
    return _agentive(clause, doer)


def _described_doer(clause: Clause, hit: Hit) -> str:
    """The role of a pastime done well ('was a self-taught baker'): past, interest or ''."""
    # A doer with a describing word, and no word of work, may be a trade or a pastime done well.
    start = clause.tokens[hit.first].start
    said = _TRADE_BEFORE.search(clause.text[max(0, start - 40) : start])
    if said is None or not said.group("kind") or " as a" in said.group(0):
        return ""
    if set(said.group("kind").split()) & _RANKS:
        return ""  # "was a head chef": their work, a skill, not a pastime done well
    return INTEREST if said.group(0).startswith(("is ", "has been")) else PAST


_LAPSE = re.compile(
    r"\b(has ?n[o']t|have ?n[o']t|not) (been|gone|done it|done any)( \w+){0,3} (since|in (years|"
    r"ages|months|a while|a long time))\b|\bstopped going\b|\bno longer goes\b"
)
_TRY = re.compile(r"\b(try|trying|give it a (go|try)|have a go|try it)\b(?! \w)")
_FOR_OTHERS = re.compile(
    # (not their own family: "knitted for her children", "baked for her brother's birthday")
    r"^[\w' ]{0,40}?\bfor (?!(his|her|their|my) (own )?(children|kids|grandchildren|grandkids|"
    r"family|son|daughter|husband|wife|partner|brother|sister|mum|dad|mother|father|nan|gran|"
    r"grandson|granddaughter)('s)?\b)"
    # (nor a side played for: "opened the batting for his village side" is membership)
    r"(?!(the |his |her |their |a |an |local )?(\w+ ){0,2}(side|team|squad|eleven|xi)\b)"
    r"(the |his |her |their |a |an |local )?((\w+ ){0,2}(neighbours|"
    r"friends|mates|pals|others|people|everyone|everybody|community|families|residents|club|group|church|mosque|temple|"
    r"gurdwara|masjid|chapel|synagogue|langar|congregation|food ?bank|soup kitchen|"
    r"shelter|hospice|unit|ward|charity|street|estate|village|fete|fair|bazaar|"
    r"jubilee|parties|events?|crews?|customers|kids|children|youngsters|lads|ladies|women|men|"
    r"panto|productions?)|"
    r"other \w+|half the \w+|the whole (street|estate|village|road)|"
    # cooking or making for a crowd: "cooks for hundreds on a Sunday"
    r"hundreds|dozens|(a couple of |two |three |several )?hundred( people)?|\d+ (people|guests)|"
    r"(his|her|their) \w+'s)\b"
)
# Done to others' things: "fixes the neighbours' washing machines", "sorts everyone's phones".
_OTHERS_THINGS = re.compile(
    r"\b(neighbours|friends|mates|pals|lads|family|kids|others|people|everyone|everybody|residents|"
    r"members)'?s?\s+((?!(and|or|but|then)\b)\w+\s+)?$"
)
# Made for others to buy, see or read: "sells her jewellery", "her paintings were exhibited".
_SOLD_BEFORE = re.compile(
    r"\b(sells|selling|sold|exhibits|exhibited|exhibiting)( (his|her|their))?\s+$"
)
_MADE_TO_SELL = frozenset(["cooking", "crafts", "pottery", "woodwork", "painting", "photography"])
_SOLD_AFTER = re.compile(
    r"^[\w' ]{0,25}?\b(been|were|was|get|gets|got) "
    r"(exhibited|sold|commissioned|published|displayed)|"
    # "makes amigurumi animals and sells them", "takes pictures - and sells prints at the market"
    r"^[\w'’, –-]{0,60}?(\band|&) (sells|sold|selling) "
    r"(them|it|some|a few|loaves|prints|\w+ (to|on|at))\b"
)
_OTHERS_THINGS_AFTER = re.compile(
    r"^\s+(out )?(the |other |his |her |their )?(neighbours|friends|mates|pals|lads|kids|others|"
    r"people|everyone|everybody|residents|members)'?s?\s"
)
