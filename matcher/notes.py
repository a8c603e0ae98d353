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
from dataclasses import dataclass, field
from functools import cache, lru_cache

from rapidfuzz import fuzz, process

from directory import vocabulary
from directory.search.common import stem as porter
from matcher.lexicon import LEXICON

INTEREST, PAST, WANT, SKILL = "interest", "past", "want", "skill"
DEFAULT = "default"  # an interest named with no cue: any cued reading of the term wins over it
HEDGE = "hedge"  # a cue that makes what follows no one's stated wish ("staff suggested")
RELAY = "relay"  # a cue that carries on the one before it ("wants help with")


@dataclass(frozen=True)
class Suggestion:
    """One vocabulary term found in a note, with how it was said."""

    code: str
    kind: str  # interest | past | want | skill
    phrase: str  # the words in the note


@dataclass(frozen=True)
class Token:
    """A word (or a comma) of a clause, with its lemma and where it starts."""

    raw: str
    lemma: str
    start: int
    end: int


@dataclass(frozen=True)
class Clause:
    """Part of a sentence with one subject."""

    text: str  # lower case, look-alike phrases blanked out
    raw: str  # lower case, as written
    tokens: tuple[Token, ...]
    other: bool  # about someone other than the person
    sentence: str


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


# Phrases that contain a lexicon word but, in a note about a person, mean something else.
_LOOK_ALIKES = re.compile(
    r"\b(social (anxiety|worker|services|care|phobia|isolation|prescrib\w*|security|housing)|"
    r"gr(ow|ows|ew|own) up|writing to|drawn (to|towards)|(after|from|since|having) (reading|read)|"
    r"(support|key|care|social) "
    r"workers?|food ?banks?|food parcels?|walking (frame|stick|aid)|walks? with a (stick|frame)|"
    r"mental health|(medical|forensic|psychiatric) history|family history of|"
    r"family history (?=(mother|father|mum|dad|brother|sister|parents|none|nil|unknown|"
    r"significant|includes)\b)|history of (\w+ )?"
    r"(psychos[ie]s|depression|anxiety|self[- ]harm\w*|mental|illness|"
    r"violence|abuse|drug|alcohol|substance|offending|overdos\w*|suicid\w*|admissions?|trauma|"
    r"schizo\w*|bipolar|eating|low mood)|"
    r"(runs?|ran|running) (out|down|late|errands|up)|car (boot|park|crash|accident|insurance)s?|"
    r"quiz (shows?|programmes?)|(walks?|walked|walking) (to|from) (the )?"
    r"(shops?|bus( stop)?|station|post office|chemist|pharmacy|gp|surgery|appointments?|work|"
    r"school|college)|at this stage|weight loss|lost weight|"
    r"(day|evening|night) shifts?|(bus|train) pass|drop[- ]in|key ring|pool of|"
    r"(his|her|their) (own )?company|in company|sign language|breathing (problems|difficulties)|"
    r"at length|(run|runs|running|ran|lead|leads) (a|the|this|that) (session|group|class|club|"
    r"workshop|stall)|(his|her|their|own) work\b|work ?mates?|(universal credit|online) journal|"
    r"(arts|leisure|community|day|sports|resource) centre|(play(s|ed|ing)?|game of|shoot(s|ing)?) "
    r"pool|pool (table|cue|hall)|"
    # idioms built on an activity's verb that say nothing of the activity
    r"walk(s|ed|ing)? with a limp|walk-in|walk(s|ed|ing)? out (of|on)|"
    r"(draw|draws|drew|drawn|drawing) (up|on|attention|a line|benefits?|a pension|breath)|"
    r"(paint|paints|painted|painting) (a|an|the) (\w+ )?picture|"
    r"(paint|paints|painted|painting) (his|her|their|my) (nails|toenails)|"
    r"(sing|sings|sang|sung|singing) (the|his|her|their) praises|"
    r"(box|boxes|boxed|boxing) up|fish(es|ed|ing)? for (compliments|information|reassurance)|"
    r"run of (\w+ )?luck|run[- ]up|in the running|run[- ]down|"
    r"(plays?|played|playing) (down|up|along|on (the fact|his|her|their))|"
    r"(dance|dances|danced|dancing) around (the|it|this|that)|"
    r"(cook|cooks|cooked|cooking) the books|swim(s|ming)? against the tide|"
    # a phone as the way someone is reached, not a device they want to learn
    r"(answer\w*|pick\w* up|switched off|turned off) (the |his |her |their |my )?phones?|"
    r"(on|over|by) the phone|phone (number|contact|appointment|review)|"
    # walking, cooking and shopping as getting by day to day, not pastimes
    r"(able|unable|ability) to walk|walk\w* (short |long |longer |further )?distances?|"
    r"(walks?|walked|walking) (to|from) (the |a )?(local |corner |nearest )?(shops?|supermarket)|"
    r"escorted (walks?|leave)|(section 17|s17) leave|mobilis\w*|"
    r"(manag\w*|independent with|prompt\w* (to|with)|help with|support with|assist\w* with) "
    r"(his |her |their )?(own )?(cooking|meals|shopping)"
    r"((,| and| or) (cooking|meals|shopping|cleaning|housework|laundry|washing|dressing))*|"
    r"(cook\w*|meals?|make\w*) (\w+ ){0,2}for (himself|herself|themselves)|"
    r"(writ\w*|wrote) (\w+ )?(letters?|emails?|complaints?)"
    r"( of complaint| to (the |his |her |their )?(council|gp|mp|landlord|housing|dwp|bank|"
    r"solicitor|court|hospital|doctor|school))?)\b"
)
# Going to or from work is a journey, not a wish for a job ("wants to cycle to work").
_COMMUTE = re.compile(
    r"\b(cycl\w*|walk\w*|driv\w*|travel\w*|commut\w*|bus|train|lift|way) (to|from|into) work\b"
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+|;\s*|:\s+|\s[-\u2013\u2014]+\s|\(|\)")
_CLAUSE = re.compile(
    r",?\s+(?=(?:but|though|although|however|whereas|yet|except|apart from)\b)|"
    r",\s*(?=who\b|whose\b)|(?:,|,? and)\s+(?=(?:he|she|they|su|pt)\b)|"
    r"(?:,|,? and|,? while)\s+(?=(?:the )?(?:others?|everyone|everybody) )|"
    r",\s+(?=(?:his |her |their )?(?:brother|sister|son|daughter|wife|husband|partner|mum|dad|"
    r"friend|neighbour)s?\b)|"
    r"(?:(?<=\bsays)|(?<=\bsaid)|(?<=thinks)|(?<=reckons)|(?<=\bfeels)|(?<=believes)|"
    r"(?<=suggests)|(?<=suggested)|(?<=tells me)|(?<=told me)|(?<=tells us)|(?<=told us)|"
    r"(?<=reports)|(?<=reported))\s+(?:that\s+)?(?=(?:he|she|they|"
    r"mum|mam|mother|dad|father|nan|gran|grandma|grandad|grandfather|grandmother)\b)|"
    # "lives with her son who plays in a band": the relative's own clause, comma or not
    r"(?:(?<=\bson)|(?<=\bdaughter)|(?<=\bbrother)|(?<=\bsister)|(?<=\bhusband)|(?<=\bwife)|"
    r"(?<=\bpartner)|(?<=\bfriend)|(?<=\bmum)|(?<=\bdad)|(?<=\bneighbour)|(?<=\bgrandson)|"
    r"(?<=\bgranddaughter)|(?<=\bchildren)|(?<=\bkids)|(?<=\bmother)|(?<=\bfather)|"
    r"(?<=\bparents)|(?<=\bnan)|(?<=\bgran)|(?<=\buncle)|(?<=\baunt)|(?<=\bcousin)|"
    r"(?<=\bneighbours)|(?<=\bmate)|(?<=\bcarer)|(?<=\bgirlfriend)|(?<=\bboyfriend))"
    r"\s+(?=who\b)"
)
# Reported by a child or grandchild, "mum" or "nan" is the person the note is about.
_REPORTERS = frozenset(["son", "daughter", "children", "kids", "grandson", "granddaughter"])
_ELDERS = frozenset(
    ["mum", "mam", "mother", "dad", "father", "nan", "gran", "grandma", "grandad", "grandfather"]
)
_REPORTING = re.compile(
    r"\b(says|said|thinks|reckons|feels|believes|suggests|suggested|tells me|told me|tells us|"
    r"told us|reports|reported)\W*$"
)
_KIN = frozenset(
    [
        "mum",
        "mother",
        "mam",
        "dad",
        "father",
        "wife",
        "husband",
        "partner",
        "son",
        "daughter",
        "brother",
        "sister",
        "child",
        "children",
        "kids",
        "family",
        "friend",
        "friends",
        "neighbour",
        "neighbours",
        "girlfriend",
        "boyfriend",
        "grandson",
        "granddaughter",
        "grandchildren",
        "nan",
        "gran",
        "grandma",
        "grandad",
        "grandfather",
        "grandmother",
        "aunt",
        "uncle",
        "cousin",
        "carer",
        "carers",
        "niece",
        "nephew",
        "stepdad",
        "stepmum",
        "fiance",
        "fiancee",
        "flatmate",
        "eldest",
        "youngest",
        "oldest",
        "stepson",
        "stepdaughter",
        "twins",
        "baby",
        "toddler",
        "in-laws",
        "parents",
        "mate",
        "mates",
        "pal",
        "housemate",
        "lodger",
        "landlord",
        "colleague",
        # staff and others around the person
        "staff",
        "leader",
        "tutor",
        "coordinator",
        "nurse",
        "doctor",
        "therapist",
        "counsellor",
        "facilitator",
        "worker",
        "manager",
        "ot",
        "gp",
        "hca",
        "physio",
        "physiotherapist",
        "psychiatrist",
        "psychologist",
        "consultant",
        "cpn",
        "keyworker",
        "practitioner",
        "clinician",
        "officer",
        "we",  # the writer and colleagues ("we went through her forms")
    ]
)
_SELF = frozenset(
    [
        "he",
        "she",
        "they",
        "i",
        "su",
        "pt",
        "client",
        "patient",
        "service",
        "user",
        "mr",
        "mrs",
        "ms",
        "miss",
    ]
)
_LEADING = frozenset(
    [
        "but",
        "though",
        "although",
        "however",
        "whereas",
        "yet",
        "except",
        "also",
        "and",
        "so",
        "as",
        "because",
        "since",
        "while",
        "who",
        "whose",
        # reporting words before what is reported ("said the neighbours play music")
        "says",
        "said",
        "reports",
        "reported",
        "mentioned",
        "that",
        "his",
        "her",
        "their",
        "my",
        "the",
        "a",
        "an",
    ]
)


# Words that describe a relative without changing who it is ("her foster carer", "his late dad").
_KIN_MODIFIERS = frozenset(
    ["foster", "late", "step", "older", "younger", "elder", "twin", "own", "best", "close", "old",
     "group", "support", "key", "club", "team", "class", "session", "course", "activities",
     "activity", "care", "social", "ward", "link", "community", "housing",
     "occupational", "duty", "named", "senior", "healthcare", "mental", "health"]
)  # fmt: skip
# A setting as the subject ("the ward has a piano", "there is a garden at the hostel"): what it
# has is not something the person does.
_SETTINGS = frozenset(
    ["ward", "unit", "hostel", "home", "house", "flat", "centre", "building", "scheme", "room",
     "lounge", "site", "there", "estate", "area", "library", "college", "school"]
)  # fmt: skip
_IS_HAS = frozenset(["is", "are", "was", "were", "has", "have", "had", "'s", "offers", "runs"])
_ONE_OF = (["older"], ["younger"], ["elder"], ["eldest"], ["youngest"], ["little"], ["middle"])
_HE = frozenset(["dad", "father", "husband", "son", "brother", "grandad", "grandfather", "uncle"])
_SHE = frozenset(["mum", "mother", "mam", "wife", "daughter", "sister", "nan", "gran", "grandma"])


def _subject(toks: tuple[Token, ...]) -> str:
    """'other' when the clause opens on someone else, 'self' on the person, '' when unsaid."""
    words = [t.raw for t in toks[:5] if t.raw != ","]
    for i, w in enumerate(words[:-1]):
        if w.endswith("'s") and (words[i + 1] in _KIN or words[i + 1] in _KIN_MODIFIERS):
            return "other"  # "Mrs Z's granddaughter teaches yoga"
    for i, w in enumerate(words):
        if w == "ex" and (i > 0 or words[i + 1 : i + 2] in (["partner"], ["husband"], ["wife"])):
            return "other"  # "her ex", "ex partner" (but an "ex-chef" is the person)
        if w in _KIN or w.rstrip("s'") in _KIN or w == "one" and words[i - 1 : i] in _ONE_OF:
            return "other"  # "the older one loves her swimming lessons": a child
        if w in _SELF:
            return "self"
        then = words[i + 1] if i + 1 < len(words) else ""
        if w.split("'")[0] in _SETTINGS and (w.endswith("'s") or then in _IS_HAS):
            return "other"  # "the ward has a piano": the place, not the person
        if w in ("other", "others", "everyone", "everybody"):
            return "other"  # "other patients join in", "the others play"
        # "Q's wife", "her foster carer": a possessive or a describing word before the relative
        if w not in _LEADING and w not in _KIN_MODIFIERS and not w.endswith("'s"):
            return ""
    return ""


# Shorthand common in practitioners' notes, spelt out before reading (word boundaries only).
_SHORTHAND = {
    "w/": "with",
    "w/o": "without",
    "&": "and",
    "ppl": "people",
    "yrs": "years",
    "yr": "year",
    "wk": "week",
    "wks": "weeks",
    "wkly": "weekly",
    "wknd": "weekend",
    "wknds": "weekends",
    "grp": "group",
    "grps": "groups",
    "mtg": "meeting",
    "mtgs": "meetings",
    "hx": "history",
    "dx": "diagnosis",
    "mh": "mental health",
    "bro": "brother",
    "sis": "sister",
    "dtr": "daughter",
    "gf": "girlfriend",
    "bf": "boyfriend",
    "uc": "universal credit",
    "v": "very",
    "wd": "would",
    "cd": "could",
    "shd": "should",
    "b/c": "because",
    "doesnt": "doesn't",
    "dosnt": "doesn't",
    "dont": "don't",
    "didnt": "didn't",
    "isnt": "isn't",
    "wasnt": "wasn't",
    "cant": "can't",
    "wont": "won't",
    "hasnt": "hasn't",
    "havent": "haven't",
    "wouldnt": "wouldn't",
    "couldnt": "couldn't",
    "prev.": "previously",
    "prev": "previously",
    "incl.": "including",
    "incl": "including",
    "inc.": "including",
    "esp.": "especially",
    "approx.": "about",
    "tho": "though",
    "atm": "at the moment",
    "abt": "about",
    "b4": "before",
    "thru": "through",
    "refd": "referred",
    "ref'd": "referred",
}
_SHORT = re.compile(
    r"(?<![\w/&])("
    + "|".join(re.escape(k) for k in sorted(_SHORTHAND, key=len, reverse=True))
    + r")(?![\w/&])"
)


# "Enjoys: knitting", "Dislikes: crowds": a short heading reads on into what follows it.
_LABEL = re.compile(r"(^|[.!?;\n]\s*)([a-z][a-z' ]{0,24}?):\s+")


_TWO = re.compile(
    r"\b(like|love|want|wants|wanted|used|going|go|got|has|have|had|able|need|needs|keen|hoping|"
    r"hopes|trying|plans|happy|willing) 2 (?=[a-z])"
)


# A capitalised doer inside a sentence is a name ("Mrs Walker", "lives in Walker, Newcastle"):
# many surnames and places are trades and pastimes.
_NAMED_DOER = re.compile(r"(?<=[a-z,;] )(?P<word>[A-Z][a-z]+ers?)\b(?![-'])(?P<next> [a-z]+)?")


def _proper_name(found: re.Match[str]) -> str:
    """A doer's word written as a name, kept out of the lexicon ('Walker' → 'name'), unless
    it begins a phrase of the lexicon ('Singer machine')."""
    word, after = found.group("word").lower(), found.group("next") or ""
    if (word, after.strip()) in _index()[0] or (word,) not in _index()[0]:
        return found.group(0)
    return "name" + after


def normalise(text: str) -> str:
    """Lower case, straight quotes, shorthand spelt out and slips of spelling corrected."""
    text = re.sub(r"\s*\([A-Z][a-z]+( [A-Z][a-z]+)?\)", "", text)  # "Partner (Sam)": a name
    text = _NAMED_DOER.sub(_proper_name, text)
    low = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    low = re.sub(r"(^|[\s(])'(?=[a-z])", r"\1", low)  # an opening quote mark is no apostrophe
    low = _SHORT.sub(lambda m: _SHORTHAND[m.group(1)], low)
    low = _TWO.sub(r"\1 to ", low)  # "wd like 2 try"
    low = re.sub(r"\b(e\.g|i\.e)\.?(?=\s)|\beg(?=\s)", "such as", low)  # no sentence break
    # "new things like cooking": an example, not a liking
    low = re.sub(
        r"\b(things|stuff|something|activities|hobbies|groups|sports|anything) like\b",
        r"\1 such as",
        low,
    )
    low = _LABEL.sub(r"\1\2 ", low)
    low = re.sub(r"\b([a-z])\.([a-z])\.([a-z])\b\.?", r"\1\2\3", low)  # "d.i.y"
    low = re.sub(r"\b[a-z]{3,}in\b", lambda m: _dropped_g(m.group(0)), low)
    return re.sub(r"[a-z]{6,}", lambda m: _respelt(m.group(0)), low)


def clauses(text: str) -> list[Clause]:
    """The note as clauses, each marked with whether it is about someone else."""
    out: list[Clause] = []
    for sentence in _SENTENCE.split(normalise(text)):
        if not sentence or not sentence.strip():
            continue
        other, kin_before, reported_by_child, reporter = False, False, False, ""
        for part in _CLAUSE.split(sentence):
            if not part.strip():
                continue
            blanked = _LOOK_ALIKES.sub(lambda m: " " * len(m.group(0)), part)
            blanked = _COMMUTE.sub(lambda m: m.group(0)[:-4] + "    ", blanked)
            toks = tokens(blanked)
            who = _subject(toks)
            if toks and toks[0].raw in ("who", "whose") and kin_before:
                who = "other"  # "her brother, who she is close to, plays in a band"
            if toks and toks[0].raw in _ELDERS and reported_by_child:
                who = "self"  # "daughter says mum was a seamstress"
            pronoun = toks[0].raw.split("'")[0] if toks else ""
            if pronoun in _OTHER_SEX and reporter == _OTHER_SEX[pronoun]:
                who = "self"  # "wife says he's a keen angler": the person, reported
            other = (who == "other") if who else other
            kin_before = any(t.raw in _KIN for t in toks)
            reported_by_child = bool(
                _REPORTING.search(part) and {t.raw for t in toks[:3]} & _REPORTERS
            )
            reporter = _reporter(part, toks)
            out.append(Clause(blanked, part, toks, other, sentence))
    return _carry_pronouns(out)


def _reporter(part: str, toks: tuple[Token, ...]) -> str:
    """'his' or 'her' for a relative of that sex reporting ('wife says'), else ''."""
    if not _REPORTING.search(part):
        return ""
    words = {t.raw for t in toks[:3]}
    return "his" if words & _HE else "her" if words & _SHE else ""


def _carry_pronouns(found: list[Clause]) -> list[Clause]:
    """'Son visited - he coaches football': a 'he' or 'she' right after a sentence opening on a
    relative of that sex is the relative."""
    out: list[Clause] = []
    for i, clause in enumerate(found):
        before = found[i - 1] if i else None
        first = clause.tokens[0].raw if clause.tokens else ""
        if before and before.other and before.sentence != clause.sentence:
            kin = {t.raw for t in before.tokens[:3]}
            words = {t.raw for t in clause.tokens}
            # "Wife is the crafty one - the house is full of her quilts": whose, said by sex
            theirs = not _subject(clause.tokens) and (
                "her" in words and kin & _SHE or "his" in words and kin & _HE
            )
            if first in ("he", "she") and kin & (_HE if first == "he" else _SHE) or theirs:
                clause = Clause(clause.text, clause.raw, clause.tokens, True, clause.sentence)
        out.append(clause)
    return out


@cache
def _index() -> tuple[dict[tuple[str, ...], tuple[frozenset[str], bool]], ...]:
    """Raw and lemma word sequences → (codes, strong) for every lexicon phrase (built at first
    use: lemmatising the lexicon loads simplemma's dictionary, which a web worker that never
    reads notes does not need)."""
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
)  # fmt: skip


@cache
def _spellings() -> list[str]:
    """Long single-word lexicon phrases and the cue words: what a slip is corrected to."""
    singles = {k[0] for k, v in _index()[0].items() if len(k) == 1 and v[1] and len(k[0]) >= 6}
    return sorted(singles | set(_CUE_WORDS))


@lru_cache(maxsize=16384)
def _respelt(word: str) -> str:
    """A long unknown word one slip away from a lexicon or cue word, corrected ('swiming')."""
    import simplemma

    if simplemma.is_known(word, lang="en"):
        return word
    # one slip in a long word ("allotmnet") costs less of its likeness than in a short one
    cutoff = 85 if len(word) >= 8 else 90
    best = process.extractOne(word, _spellings(), scorer=fuzz.ratio, score_cutoff=cutoff)
    return word if best is None else str(best[0])


@lru_cache(maxsize=4096)
def _dropped_g(word: str) -> str:
    """'walkin', 'swimmin': a word written without its final g, spelt out."""
    import simplemma

    if simplemma.is_known(word, lang="en") or not simplemma.is_known(word + "g", lang="en"):
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
    """Lexicon phrases in a clause, never overlapping: at each position the longest, unless one
    as long starts inside it and reaches further (English puts the head last: "meet other
    carers" is about carers, not meeting)."""
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


# Cues, written from ordinary English. Each is searched in a clause; the last one before a word
# gives its role.
_WANT = re.compile(
    r"\b(wants?|wanted|wanting) (to|a|an|some)\b|"
    r"(\bwould|'d) ((really|quite|very much|so|also|dearly|genuinely) )?(like|love|prefer)|"
    r"\b(would|'d) (give anything|value|appreciate|benefit from)\b|\blongs? (to|for)\b|"
    r"\byearns?\b|\bdesperate (to|for)\b|"
    r"\b(keen|eager|hoping|hopes?|plans?|planning|aims?|aiming|motivated|determined) to\b|"
    r"\bkeen on (trying|starting|joining|learning|getting|doing)|\bfanc(y|ies|ied)\b|"
    r"\binterested in (trying|learning|starting|joining|doing|taking|getting|finding|meeting|"
    r"going|becoming|attending|visiting|having|volunteering|helping)|"
    r"\bcurious about|\bthinking (about|of)|\bconsidering|\bwondering about|"
    r"\b(try|trying|learn|learning|start|join|joining|explore|exploring)\b|"
    r"\b(have|has|having|give it|giving it) a go\b|\b(give|gives|giving) (\w+ ){1,5}a (go|try)\b|"
    r"\b(take|taking) up\b|"
    r"\b(get|getting) (back )?(into|to)\b|\balways wanted|\bwish(es)?\b|\bopen to\b|"
    r"\blooking (for|to|into|forward to)\b|\bdreams? of|\bcan'?t wait\b|\bexcited about|"
    r"\bready to\b|"
    r"\bwill (try|join|start)\b|\bw(ou)?ld (like|love)\b|"
    r"\bexpressed (an )?interest|"
    r"\b(asked|asking|enquired|inquired|requested) (\w+ ){0,2}(about|re|regarding|for info\w*|"
    r"for details|info\w* (on|about))\b|\b(booked|signed up|put (his|her|their) name down) (\w+ )?"
    r"(on|onto|in|into|for)\b|"
    r"\bambitions?\b|\baspir(es?|ations?) to\b|\btempted (by|to)\b|"
    r"\b(would ?n't|would not|'d not) (mind|say no to)\b|"
    r"\b(get|getting|become|becoming|be) (better|good|more confident|confident) (at|with)\b|"
    r"\basked (\w+ ){0,2}to (find out|look (into|for|up)|get|send|check|see)\b|"
    # intentions and plans of their own
    r"\b(has been|have been|'s been) meaning to\b|\b(decided|going|intends?|intending) to "
    r"(try|start|join|take up|learn|give|have a go|do|get|find|look)\b|"
    r"\bhop(e|es|ing) for\b|\bexcited (to|for)\b|\b(dream|wish|hope) (is|would be) to\b|"
    r"\bbucket list\b|\b(on|joined|put on) (a|the) waiting list\b|\bwanted (info\w*|details)\b|"
    r"\blooking at (joining|doing|trying|getting|starting)\b|"
    r"\bwants?\b|\b(would|'d) (consider|enjoy|be up for|welcome)\b|\bup for\b|\bgoals?\b|"
    r"\b(would|'d) (happily |definitely |probably |gladly )?(do|try|join|attend) (a|an|the|some)\b|"
    r"\bkeen for\b|\bnew to\b|\baims?\b|\bnext steps?\b|\bfind (a|an|some)\b|"
    r"\b(would|'d) jump at\b|\b(like|love|welcome) the chance\b|\basked (if|whether)\b|"
    r"\b(would|'d) be (interested|keen)\b|"
    r"\b(likes?|liked|loves?|loved) the (idea|sound|thought|look) of\b|\bwilling to\b|"
    r"\b(interested in|keen on)( (a|an|the|some))?"
    r"(?=( [\w']+){0,3} (group|class|club|course|session|shed|choir|team|project|scheme|"
    r"workshop)(e?s)?\b)|"
    r"\b(asked|asks|asking) for (help|support|advice|a|an|some|more|details|info\w*)\b|"
    # a referral is made with the person's consent (signposting is only information)
    r"\b(referral|referred) (to|for)\b|\b(agreed|accepted)\b|"
    r"\bas a way (of|to)\b|\bin order to\b|"
    r"^\W*(maybe|perhaps|possibly)\b"
)
# "Help with", "support to": wanted after a wish ("wants help with"), a need after a need.
_RELAY = re.compile(r"\b(help|support|advice|assistance) (with|about|on|to)\b")
# "Never tried it but keen": a yes after a contrast, with nothing else named.
_BUT_KEEN = re.compile(
    r"\b(but|though|although|yet)\b[\w ]{0,20}?\b(keen|interested|up for it|curious|tempted)\b"
)
# Someone else's idea, a mere possibility, or a need: nothing the person said they want ("staff
# suggested", "was offered", "might enjoy", "could be good for her", "signposted to", "struggling
# with her bills") until they say yes to it (_AGREE).
_HEDGE = re.compile(
    r"\b(suggest(s|ed|ion)?|encourag(e|es|ed|ing)|recommend(s|ed)?|advis(e|es|ed)|prompt(s|ed)?|"
    r"(was|were|been|being|is|are) (offered|given|told|shown|approached|invited)|"
    r"offered (him|her|them|a place)|"
    r"undecided|unsure|(might|may|could) (like|enjoy|be|benefit|suit)|"
    r"(would|might|could) (be )?(good|helpful|useful|nice) for|worth (trying|a try|exploring)|"
    # what the worker put to them: talked over, handed over, pointed to
    r"discuss(ed|ing)|(i|we) (talked|spoke|chatted) (about|through)|(i|we) (mentioned|raised)|"
    r"explored|went through (the |some )?options|options (including|such as)|"
    r"(gave|given|giving|provided|handed|sent|passed) (\w+ ){0,2}(leaflets?|details|info\w*|"
    r"numbers?|contacts?|links?|flyers?)|(leaflets?|details|info\w*|flyers?) (about|on|for|of|re)|"
    r"signpost(ed|ing|s)?|pointed (him|her|them) (to|towards)|"
    # a need, said as a need: help wanted only when they ask for it
    r"(struggl(e|es|ed|ing)|difficult(y|ies)|problems?|trouble|issues?) (with|to|around|over)|"
    r"needs? (\w+ ){0,2}(help|support|advice|assistance|input))\b"
)
# Saying yes to what was put to them ("which she accepted", "agreed to try it", "was keen").
_AGREE = re.compile(
    r"\b(agreed|agrees|accepted|accepts|said yes|keen|interested|up for (it|that)|"
    r"wants? to|would (like|love)|'d (like|love)|(happy|willing|glad) to (try|go|give|attend|join|"
    r"start|be referred)|give it a (go|try)|have a go|signed up|sign up|liked the (idea|sound))\b"
)
_PAST = re.compile(
    r"\bused to\b|\bin (his|her|their) (youth|younger days|teens|twenties|thirties|day)\b|"
    r"\bas an? (boy|girl|child|kid|lad|lass|teenager|young (man|woman)|youngster|student)\b|"
    r"\bwhen (he|she|they|i) (was|were) (younger|young|little|at school|a \w+)\b|"
    r"\b(years|decades|a long time) ago\b|\bback in the day\b|\bat school\b|"
    r"\b(before|prior to) (his|her|their|the) (illness|breakdown|accident|stroke|diagnosis|"
    r"injury|operation|admission)\b|(?<!never )\bmiss(es|ed)?\b|\bformer(ly)?\b|\bex-|\bretired\b|"
    r"\bonce\b(?! (a|an|per|every) (day|week|fortnight|month|year)\b)|"
    r"(?<!there )(?<!it )\b(was|were) (a|an|in|into|on|part of|big on|really into)\b|"
    r"\b(had|ran|kept) (a|an|his|her)\b|"
    r"\bpreviously\b|\bin the past\b|\bback home\b|\bgrowing up\b|\bin (his|her|their) prime\b|"
    r"\bbefore (he|she|they) (\w+ )?(retired|moved|got|became|lost|fell)\b"
)
_SKILL = re.compile(
    r"\b(?<!self )(?<!self-)((teach|teaching|teaches|taught)"
    r"(?! (himself|herself|themselves|myself))|tutor|tutoring|tutored|mentor|mentoring|coach|"
    r"coaching|instruct)\b|"
    r"\bpass(es|ing)? (\w+ ){0,4}on\b|\bshow (others|people|someone|younger)\b|"
    r"\bshar(e|es|ing) (his|her|their) (skills?|knowledge|experience|expertise|love|passion)|"
    r"\bshar(e|es|ing) what\b|\boffer(s|ed|ing)? to (help|teach|show|run|lead)\b|"
    r"\bhelp(s|ed|ing)? (the |other |younger |older |new |fellow |\w+ ){0,2}(others|people|"
    r"beginners|newcomers|learners|adults|children|kids|youngsters|pupils|anyone|those|lads|"
    r"girls|guys|men|women|residents|members|tenants|patients|pts|students|volunteers|"
    r"neighbours|everyone)\b( who (is|are) \w+)?( (at|in|on) (the |a )?\w+)?"
    r"( (to )?(learn|try|start|improve|practise|get into|fix|mend|make|sort|set up))?|"
    r"\b(qualifications?|certificate|diploma|degree|nvq|city and guilds|btec) (in|as)\b|"
    r"\b(lead|leads|leading|led) (a|an|the|sessions|groups?|walks)\b|\bhelp (to )?run (a|an|the)\b|"
    r"\b(runs|ran|leads|led|hosts|hosted) (a|an)\b|"
    r"\b(show(s|ing|ed)?|showed) (\w+ ){0,3}how to\b|"
    r"\b(gives?|giving|gave|given) (\w+ ){0,3}(?=(lessons|classes|tips|talks|demonstrations|"
    r"workshops|advice)\b)|\b((well[- ])?known|famous|renowned) (\w+ ){0,4}for (his|her|their)\b|"
    r"\bshar(e|es|ing) (his|her|their)\b"
    r"(?= (\w+ ){1,2}(skills?|knowledge|expertise|know-how|tips)\b)|"
    r"\b(could|can|will|would like to|happy to|willing to|glad to|offer(s|ed)? to) help "
    r"(with|at|out|run)\b|\bskills? to share\b|\bgive (lessons|tips)\b|"
    r"\b(knowledgeable|expert|skilled|experienced) (about|in|on|at|with)\b|"
    r"(?<!\bget )(?<!\bgetting )(?<!\bbecome )(?<!\bbe )\b(good|great|handy|brilliant) (with|at)\b|"
    r"\b(talented|gifted|accomplished|fluent)( (in|at|with))?\b|"
    r"\ban? (very |highly )?(skilled|experienced|expert)\b|\bskilled\b|"
    r"\bknows (a lot|lots|loads|plenty|a great deal|everything) about\b|\ba knack (for|with)\b|"
    r"\b(a dab hand|a whizz|(real |natural )?talent for|a natural (at|with)|gift for)\b|"
    r"\b(excellent|brilliant|fantastic|superb|amazing|decent|good|great|fine|gifted) "
    r"(?=[a-z]+(er|or|ist|ess|ian)\b|cook\b)|"
    r"\b(could|would|might) (be|make|become) an?\b"
    r"(?=( [\w-]+){1,2} (leader|teacher|instructor|coach|mentor|tutor)s?\b)"
)
_LIKE = re.compile(
    r"\b(likes?|loves?|enjoys?|enjoying|loving|adores?|into|keen|fan of|passion(ate)?|hobby|"
    r"hobbies|happiest|happy|spends|favourite|plays|goes|attends|does|member|regular|avid|"
    r"mad (about|on)|obsessed|still|most days|every|weekly|often|always|currently|now|"
    r"is an?(?! (very |highly )?(skilled|talented|gifted|accomplished|experienced|expert)\b)|"
    r"interested in|proud of|dotes? on|devoted to|fascinated by|absorbed in|"
    r"continu(es|ing) (with|to)|carries on|keeps up|follows|watches|happier|pride and joy|"
    r"lives for|lights? up|(took|taken|has taken) up|got into|prefers|preferring|"
    r"(teach|teaching|teaches) (himself|herself|themselves|myself)|self[- ]taught|"
    # "has been playing", "'s been going": doing it now
    r"(has|have|'s|'ve) been (\w+ly )?(?=\w+ing\b)|drawn to)\b"
)
# A negation and the kind it is: strong dislike, stopped (a past interest), or never tried.
_NEGATION = re.compile(
    r"\b(does ?n[o']t|do ?n[o']t|did ?n[o']t|is ?n[o']t|are ?n[o']t|was ?n[o']t|not|no|never|"
    r"nor|neither|without|can'?t|cannot|won'?t|wouldn'?t|has ?n[o']t|have ?n[o']t|"
    r"dislik(e|es|ed)|hat(e|es|ed)|avoid(s|ed|ing)?|steers? clear|refus(e|es|ed)|gone off|"
    r"lost interest|put off|denies|denied|free of|stopped|gave up|given up|quit|sat out|"
    r"declin(e|es|ed)|turned down|opted out|had enough|fed up|sick of|"
    r"(had|has|have) to (stop|give up|quit)|too (anxious|scared|nervous|shy|frightened) to|"
    r"unable to|no longer able to)\b"
)
_NOT_NEGATION = re.compile(
    r"\b(not (sure|only|just|yet|always|least|much else)|no (matter|problem|doubt)|"
    r"never (misses|miss)|can'?t wait|without fail|not a day|"
    r"would ?n't (mind|say no)|would not (mind|say no))\b"
)
_DISLIKE = re.compile(
    r"\b(dislik|hat(e|es|ed)\b|avoid|steers? clear|can'?t stand|cannot stand|refus|gone off|"
    r"lost interest|put off|not (interested|keen|into|a fan|a big|much of|bothered|fussed)|"
    r"no interest|does ?n[o']t (like|enjoy|want|care)|do ?n[o']t (like|enjoy|want|care)|"
    r"won'?t|wouldn'?t|denie|free of|sat out|declin|turned down|opted out|had enough|fed up|"
    r"sick of|never (been )?(interested|keen|into|bothered|a fan)|be bothered|"
    r"no longer (wants?|likes?|enjoys?|interested|keen))"
)
_LAPSED = re.compile(r"\b(in|for) (years|ages|a long time|a while|decades)\b|\bsince\b")
_STOPPED = re.compile(
    r"\b(no longer|stopped|gave up|given up|quit|to stop|at the moment|at present|currently|"
    r"these days|lately|right now|for now)\b|\bany ?more\b"
)
_UNTRIED = re.compile(
    r"\b(never|not|n't|yet to|has ?n[o']t|have ?n[o']t)\s+(\w+\s+)?(tried|done|"
    r"been(?! (interested|keen|into|bothered|a fan|fussed))|had a go|"
    r"learn[te]d?|had the chance|got round)\b"
)
# Where a negation stops: a new verb or subject after a comma or "and".
_SCOPE_END = re.compile(
    r"(,|\band)\s+(?=(he|she|they|i|su|pt|still|now|also|instead|prefers?|enjoys?|loves?|"
    r"likes?|would|wants?|is|has|plays|goes|does|used|keen|happy)\b)|"
    r"\b(still|instead|rather|prefers?)\b"
)
# Offering what they know without naming it: the skill is their trade or past interest.
_SHARE_UNNAMED = re.compile(
    r"\b(pass(es|ing)? on|shar(e|es|ing)|teach(es|ing)?|show(s|ing)? (others|people))\b"
    r"[\w' ]{0,30}\b(what (he|she|they) knows?|knowledge|skills?|experience|expertise|trade|"
    r"know-how)\b|\bpass(es|ing)? (it|that|this|them) on\b|"
    r"\b(teach|show|coach)(es|s|ing)? (the |other )?(others|people|them|younger \w+|juniors|"
    r"kids|children|youngsters|beginners|newcomers|novices|group|class)\b|"
    r"\boffer(s|ed|ing)? to (teach|show|coach|run|lead)\b|\bshow(s|ing)? (\w+ ){1,3}how to\b|"
    r"\b(happy|willing|glad|keen) to (teach|show|coach|run|lead)\b|"
    r"\b(teach|coach)(es|ing)? (it|that|this)\b|"
    r"\bhelp (others|people|beginners|newcomers) (to )?learn\b|"
    r"\b(is|was|are|were|well) known (\w+ ){0,4}for\b"  # known on the estate for fixing bikes
)
_AFTER_NOT = re.compile(
    r"\b(off the list|off limits|(is ?n't|is not|not) (really )?for (me|him|her|them)|is out|"
    r"is a no|not (my|his|her|their) (thing|cup of tea)|for toffee)\b"
)
# Turning down going back to something tried or done before ("says he won't go back").
_REJECT = re.compile(
    r"\b(won'?t|will not|not going to|does ?n[o']t want to|no (desire|wish|plans?) to|refus\w*"
    r" to) (go|going) (back|again)\b|\b(did ?n[o']t|never) (like|enjoy)|\bdone with\b|"
    r"\bnot for (me|him|her|them)\b|\bhated it\b|\bnever again\b|"
    r"\b(not|is ?n't|wasn't) (keen|interested|bothered)\b(?! (about|in|on|with|by)\b)|"
    r"\bdeclined\b|\brefused\b"
)
# Going back to something done before ("get back into", "try again", "return to").
_RETURNING = re.compile(
    r"(?<!give )(?<!gives )(?<!giving )(?<!pay )\bback (in)?to\b|\bback (out|on)\b|\bagain\b|"
    r"\breturn(s|ing)? to\b|\bresum\w*|\bonce more\b|\banother go\b"
)
# Having done it before, said of what the sentence named ("played it as a kid", "misses it").
_DONE_IT = re.compile(
    r"\b(used to|did|played|done|tried|had a go|enjoyed|loved|went|misses|missed)\b( \w+)? "
    r"(it|one|them|that|this|before|as an? \w+|when (he|she|they) (was|were)|years ago|back home|"
    r"in (his|her|their) (youth|day|teens|younger days))\b"
)
# Saying yes to something put to them, with nothing named ("- pt keen").
_KEEN = re.compile(
    r"^\W*(\w+ )?(\w+ )?(seemed |seems |is |was |sounded |very |v |quite |really )*(keen|"
    r"interested|up for it|agreed|happy to (try|go|give it a go))\b"
)
# Help someone may want, never something they enjoy, did or could teach.
_ONLY_WANTED = frozenset(["employment-skills", "befriending"])
# Needs, not interests: going back to work is still help wanted.
_HELP_CODES = frozenset(["esol", "money-advice", "maths-english", "employment-skills"])


# Past forms that describe the person now, not something they did.
_STATE_ED = frozenset(
    [
        "interested",
        "involved",
        "motivated",
        "engaged",
        "isolated",
        "retired",
        "qualified",
        "experienced",
        "skilled",
        "talented",
        "used",
        "tired",
        "bored",
        "scared",
        "worried",
        "pleased",
        "excited",
        "limited",
        "supported",
        "based",
        "called",
        "named",
        "diagnosed",
        "referred",
        "admitted",
        "discharged",
        "prescribed",
        "medicated",
        "housed",
        "married",
        "divorced",
        "separated",
        "widowed",
        "unemployed",
        "employed",
        "self-employed",
        "disabled",
        "detained",
        "sectioned",
        "registered",
        "signed",
        "settled",
        "determined",
        "committed",
        "dedicated",
        "attached",
        "struggled",
        # Reporting and note-taking verbs: a note in the past tense is not about the past.
        "talked",
        "asked",
        "mentioned",
        "reported",
        "explained",
        "discussed",
        "stated",
        "expressed",
        "agreed",
        "described",
        "shared",
        "noted",
        "seemed",
        "appeared",
        "presented",
        "started",
        "joined",
        "attended",
        "enquired",
        "requested",
        "identified",
        "suggested",
        "offered",
    ]
)
_IRREGULAR_PAST = frozenset(
    [
        "did",
        "went",
        "swam",
        "sang",
        "ran",
        "rode",
        "drew",
        "wrote",
        "made",
        "spent",
        "took",
        "caught",
        "built",
        "won",
        "fought",
        "sold",
        "kept",
        "led",
        "grew",
        "knew",
        "taught",
        "flew",
        "sat",
        "stood",
        "threw",
    ]
)
_PERFECT = frozenset(["has", "have", "'s", "'ve", "always"])
# Having, keeping or meeting something is not doing it ("has kept the allotment on").
_HAVING = frozenset(["kept", "had", "got", "made", "found", "lost", "left", "seen", "heard"])
_PARTICIPLES = frozenset(
    ["done", "grown", "sung", "swum", "written", "drawn", "ridden", "sewn", "knitted", "been"]
)
_AGENT = frozenset(["chef", "cook", "mechanic", "handyman", "coach"])


_UNDER_WAY = re.compile(r"\b(is|are|'s|has been|have been|currently|now|already)\s+$")
_DOING = re.compile(r"(learning|trying|joining|exploring|taking up)\b")
# "Mum would like her to try", "encouraged him to join": someone else's wish for the person.
_FOR_THEM = re.compile(r"\s+(him|her|them|pt|su) (to|back)\b")
_OTHERS_WHO = re.compile(
    r"\b(anyone|anybody|people|others|those|someone|everyone|beginners|newcomers|kids|children) "
    r"who (\w+ ){0,2}$"
)


@dataclass(frozen=True)
class Cue:
    """A role cue in a clause: where it starts and ends, and the role it gives."""

    start: int
    end: int
    kind: str
    verb: str = ""  # the lemma, when the cue is a bare past verb ("phoned", "fished")


def _past_verbs(clause: Clause) -> list[Cue]:
    """Simple past verbs ('fished', 'played', 'swam'); a present perfect ('has built bird
    boxes') says what they have been doing, which is theirs now."""
    out: list[Cue] = []
    toks = clause.tokens
    for i, t in enumerate(toks):
        perfect = any(p.raw in _PERFECT for p in toks[max(0, i - 2) : i])
        past = t.raw in _IRREGULAR_PAST or (t.raw.endswith("ed") and t.raw != t.lemma)
        if perfect and t.raw in _PARTICIPLES:
            past = True
        if not past or t.raw in _STATE_ED or perfect and t.raw in _HAVING:
            continue
        out.append(Cue(t.start, t.end, INTEREST if perfect else PAST, t.lemma))
    return out


def cues(clause: Clause) -> list[Cue]:
    """Every role cue in a clause, in order (a longer cue first where two start together)."""
    text = clause.text
    found = [
        Cue(m.start(), m.end(), kind)
        for kind, pattern in (
            (HEDGE, _HEDGE),
            (WANT, _WANT),
            (PAST, _PAST),
            (SKILL, _SKILL),
            (INTEREST, _LIKE),
            (RELAY, _RELAY),
        )
        for m in pattern.finditer(text)
    ]
    found += _past_verbs(clause)
    # "is learning guitar", "has been trying yoga": under way, so theirs now, not a wish
    found = [
        Cue(c.start, c.end, INTEREST)
        if c.kind == WANT and _UNDER_WAY.search(text, 0, c.start) and _DOING.match(text, c.start)
        else c
        for c in found
    ]
    # "happy to teach anyone who wants to learn": the wish is theirs, not the person's
    found = [c for c in found if not (c.kind == WANT and _OTHERS_WHO.search(text, 0, c.start))]
    found = [_whose_wish(text, c) for c in found]
    kept: list[Cue] = []
    for cue in sorted(found, key=lambda c: (c.start, -(c.end - c.start))):
        if kept and cue.start < kept[-1].end:  # "love" inside "would love" is not a cue
            continue
        if cue.kind == RELAY:  # "wants help with": the wish before it reaches on
            if not kept or kept[-1].kind not in (WANT, HEDGE):
                continue
            cue = Cue(cue.start, cue.end, kept[-1].kind)
        kept.append(cue)
    return kept


def _whose_wish(text: str, cue: Cue) -> Cue:
    """A wish for the person ('would like her to try') is someone else's: it names no wish of
    theirs, and neither does the 'try' inside it."""
    if cue.kind != WANT:
        return cue
    if _FOR_THEM.match(text, cue.end) or re.search(
        r"\b(him|her|them|pt|su) to\s+$", text[: cue.start]
    ):
        return Cue(cue.start, cue.end, HEDGE)
    return cue


def negation_at(clause: Clause, at: int) -> str:
    """How a word at this position is negated: '', 'dislike', 'stopped' or 'untried'."""
    text = clause.text
    last: re.Match[str] | None = None
    for m in _NEGATION.finditer(text):
        if m.end() > at:
            break
        if any(n.start() <= m.start() < n.end() for n in _NOT_NEGATION.finditer(text)):
            continue
        end = next((b.start() for b in _SCOPE_END.finditer(text, m.end())), len(text))
        if end >= at:
            last = m
    if last is None:
        return "dislike" if _AFTER_NOT.search(text, at) else ""
    around = text[max(0, last.start() - 12) : at]
    untried = _UNTRIED.search(text, last.start())
    if untried is not None and untried.start() < at:
        # "hasn't been to church in years": lapsed, not never tried
        return "stopped" if _LAPSED.search(text, untried.end()) else "untried"
    if _DISLIKE.search(around):
        return "dislike"
    # "hasn't picked up a brush since the winter": lapsed, so once done
    if _STOPPED.search(text) or _LAPSED.search(text, last.end()):
        return "stopped"
    return "dislike"


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
    """A cue that says the person took part: any but a bare past verb of something else
    ('phoned about his bike' is no cycling; 'rode his bike' is)."""
    if not cue.verb:
        return True
    return cue.verb in _TAKING_PART or (cue.verb,) in _index()[1]


def _weak_counts(clause: Clause, hit: Hit, before: list[Cue]) -> bool:
    """An ambiguous word counts only as the object of a cue a few words before it (or of a list
    after one: 'loves walks, dogs and being outdoors'), and never as the place or means of
    something else ('pictures from the canal', 'on his phone')."""
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
    return before[-1].kind in (INTEREST, WANT) and len(between) - last_and - 1 <= 3


_DAY = r"((mon|tues|wednes|thurs|fri|satur|sun)day|weekend|weekday)"
_TIME = r"(day|morning|afternoon|evening|night|week|weekend|fortnight|month|year|summer|winter)"
# How often they do something, in general English ("on Sundays", "most nights", "twice a week",
# "religiously", "spends her evenings", "is always at"): a habit says a thing or place named in
# the same clause is what they do, not only what they have or where they were.
_FREQUENCY = re.compile(
    rf"\b(on|most|all|every|each) {_DAY}s\b|\b(every|each) (other )?({_TIME}|{_DAY})\b|"
    rf"\bmost {_TIME}s\b|\b(once|twice|(\w+|a few|a couple of) times) (a|an|per|every) {_TIME}\b|"
    r"\b(daily|nightly|weekly|fortnightly|"
    r"regularly|religiously|usually|normally|routinely|habitually|frequently|without fail)\b|"
    rf"\bnever miss(es)?\b|\bof an? {_TIME}\b|\b(at|on|over) (the )?weekends?\b|"
    rf"\bspends? (most |all |much |a lot )?(of )?(his|her|their) (\w+ )?({_TIME}s|time|hours)\b|"
    r"\b(is|are|'s) (always|often|usually|forever|constantly) (at|on|in|down|up|out)\b"
)


_OBJECT_PRONOUNS = frozenset(["him", "her", "them", "me", "us", "it"])


def _habitual(clause: Clause, hit: Hit) -> bool:
    """A habit said in the clause makes an ambiguous word count when it is the first thing the
    clause names ('at the pool on Fridays'), never the place, means or object of another
    ('chess on his phone most nights', 'laps of the park')."""
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
    """The role of something done by habit: a wish or another's idea stays so; said in the
    past tense it is past ('used to go every Sunday'); otherwise theirs now ('told me he is at
    the pool most mornings')."""
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
    )


_ONE_WORD = re.compile(r"\s*([\w'-]+\s+)?")


def _role_from_cues(clause: Clause, hit: Hit, before: list[Cue]) -> str:
    """The role the nearest cue before the hit gives it."""
    last = before[-1]
    # "used to love", "was a keen", "was an active member": a liking said in the past is past
    if last.kind == INTEREST and any(
        c.kind == PAST and _ONE_WORD.fullmatch(clause.text, c.end, last.start) for c in before
    ):
        return PAST
    if last.kind == SKILL and _where_shared(clause, hit, last):
        return INTEREST
    if last.kind == HEDGE:
        return HEDGE
    # "enjoys trying new recipes": trying is what they like doing, not a wish
    if last.kind == WANT and any(
        c.kind == INTEREST and 0 <= last.start - c.end <= 1 and _LIKING.match(clause.text, c.start)
        for c in before
    ):
        return INTEREST
    return last.kind


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
    before = [c for c in found if c.start < at or c.start == at and c.kind == PAST]
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
    after = [c for c in found if c.start > at and c.kind in (WANT, SKILL, HEDGE)]
    if after:
        return after[0].kind
    if not strong:
        return ""
    # A need named plainly ("rent arrears", "on benefits") is no wish until they ask for help.
    return HEDGE if hit.codes <= _NEEDS else DEFAULT


_NEEDS = frozenset(["esol", "money-advice", "maths-english"])
_SPEAKING = frozenset(["speak", "speaks", "speaking", "spoke", "fluent", "native", "also", "both"])


def _had_already(clause: Clause, hit: Hit, wished: bool) -> str | None:
    """A language they speak, a trade or experience: a skill ('' when only named in a wish to
    meet its speakers), or None when the hit is none of these."""
    if wished and (_spoken(clause, hit) or _speakers(clause, hit)):
        return ""  # "would like to meet other Polish speakers": a language they have already
    if _speakers(clause, hit) or _spoken(clause, hit):
        # "Speaks Gujarati", "Welsh first language": their own tongue is no pastime, and a
        # skill to share only when they use it for others ("interprets for neighbours")
        return SKILL if _LENDS.search(clause.sentence) else ""
    if _trade(clause, hit) or _experience(clause, hit) and not wished:
        return SKILL
    return None


_LENDS = re.compile(r"\b(interpret\w*|translat\w*|help\w*|teach\w*|tutor\w*|show\w*|fluent\w*)\b")


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
    """'Teaches Urdu at the mosque': the place where a skill is shared is somewhere they belong,
    not the skill itself (another term between the cue and the place is what is taught)."""
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


_OTHER_SEX = {"he": "her", "she": "his"}


def _someone_elses(clause: Clause, hit: Hit) -> bool:
    """'He is banned from her sewing room': his clause, her thing; it belongs to someone else,
    as does a relative's ('his grandson's football match', 'his mate's garage')."""
    toks = clause.tokens
    owners = [t.raw for t in toks[max(0, hit.first - 2) : hit.first]]
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
    return (
        bool(hit.codes & _HANDMADE)
        and verb in _MAKING
        or hit.codes == {"animals"}
        and verb in _KEEPING
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
     "framed", "everyone", "me", "us", "staff", "him", "her", "them", "old", "family"]
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


def _not_theirs(clause: Clause, hit: Hit) -> bool:
    """The words name something other than the person's own interest or need."""
    checks = (
        _organised,
        _limited,
        _someone_elses,
        _job_named,
        _need_met,
        _helper,
        _object_of_other,
        _eaten,
        _watched,
    )
    return any(check(clause, hit) for check in checks)


_ADJECTIVES = frozenset(["old", "new", "own", "other", "people's", "all", "some", "any", "local"])


def _object_of_other(clause: Clause, hit: Hit) -> bool:
    """'Photographing landscapes', 'fixing phones', 'mends nets': an ambiguous word that is the
    object of another activity's verb belongs to that activity (an animal kept or walked is
    still the person's own)."""
    if hit.strong or hit.codes == {"animals"}:
        return False
    toks = clause.tokens
    i = hit.first
    while i > 0 and (toks[i - 1].raw in _DETERMINER or toks[i - 1].raw in _ADJECTIVES):
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
    """'His spoken English is good': a need named as already met is no need."""
    after = [t.raw for t in clause.tokens[hit.last + 1 : hit.last + 4]]
    while after and after[0] in ("is", "are", "very", "v", "quite", "really", "now", "pretty"):
        after.pop(0)
    return hit.codes <= _NEEDS and bool(after) and after[0] in _MET


def _limited(clause: Clause, hit: Hit) -> bool:
    """'Walking limited', 'swimming is difficult now': a limitation, not a liking."""
    if hit.codes <= _NEEDS:
        return False  # "her English is limited" is a need to work on
    after = [t.raw for t in clause.tokens[hit.last + 1 : hit.last + 4]]
    while after and after[0] in ("is", "are", "very", "v", "quite", "now", "so"):
        after.pop(0)
    return bool(after) and after[0] in _LIMITS


_REFLEXIVE = frozenset(["himself", "herself", "themselves", "myself"])  # "B himself reads"


def _modifier(clause: Clause, hit: Hit) -> bool:
    """'a phone befriender', 'the garden centre': an ambiguous word describing the next one;
    'tape-ball': the end of a compound that names something else."""
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
    r"(was|is|became|used to be|has been|had been) an?)"
    # "a wedding photographer", "a pastry chef": what kind of trade, not how keen
    r"(?P<kind>( (?!(keen|avid|big|huge|great|enthusiastic|passionate|regular|real|mad|"
    r"massive|lifelong|devoted|dedicated|committed|occasional|casual|amateur|fair-weather|hobby|weekend|"
    r"very|really|bit|fan|decent|talented|brilliant|good)\b)[a-z]+){0,2})[\s-]*$"
)
_TRADE_AFTER = re.compile(
    r"^[\s,]*(by trade|professionally|for (the council|\w+ years|a living))\b"
)
# Said after any shareable field, it is their work: "made dresses for a living".
_LIVING_AFTER = re.compile(r"^[\w' ]{0,30}?\b(for a living|professionally|by trade)\b")


# Working in a field, or running a business in it ("worked in kitchens", "ran his own garage").
_FIELD_BEFORE = re.compile(
    r"\b((worked|works|working|employed|career|years|decades|spent [\w ]{1,20}?) (in|at|on)|"
    r"(ran|runs|running|owned|owns|set up|started|managed|manages) (a|an|the|his|her|their) "
    r"(own )?(\w+ )?|"
    r"(had|has) (his|her|their) own )"
    r"( (a|an|the|his|her|their))?( local| small| busy| big)?[\s-]*$"
)
# Fields whose work is a skill someone could share (a library job is not a reading skill).
_SHAREABLE = frozenset(
    ["cooking", "gardening", "repair", "woodwork", "crafts", "painting", "music", "photography",
     "coding", "digital-skills", "money-advice", "animals", "fitness", "swimming", "pottery",
     "languages", "maths-english", "dance", "theatre", "singing", "guitar"]
)  # fmt: skip


def _trade(clause: Clause, hit: Hit) -> bool:
    """'Ex-joiner', 'was a chef', 'a plumber by trade', 'worked in kitchens': their trade, a
    skill they could share."""
    start, end = clause.tokens[hit.first].start, clause.tokens[hit.last].end
    before, after = clause.text[max(0, start - 40) : start], clause.text[end : end + 30]
    if hit.codes <= _SHAREABLE and (_FIELD_BEFORE.search(before) or _LIVING_AFTER.match(after)):
        return True
    if not _agentive(clause, hit):
        return False
    said = _TRADE_BEFORE.search(before)
    # "a pastry chef" names a kind of trade; "a county cricketer" a level of play
    if said and said.group("kind") and not hit.codes <= _SHAREABLE:
        said = None
    return bool(said or _TRADE_AFTER.search(after))


def _describes_doer(clause: Clause, hit: Hit) -> bool:
    """'Pastry' in 'pastry chef', 'football' in 'football coach': a word describing the doer of
    the same activity named next, read with the doer."""
    following = hits(clause.tokens[hit.last + 1 : hit.last + 2])
    if not following or not following[0].codes & hit.codes:
        return False
    doer = Hit(following[0].codes, following[0].strong, hit.last + 1, hit.last + 1)
    return _agentive(clause, doer)


def _described_doer(clause: Clause, hit: Hit) -> str:
    """'Was a self-taught baker': a doer with a describing word, and no word of work, may be a
    trade or a pastime done well; the role of the pastime ('past' or 'interest'), else ''."""
    start = clause.tokens[hit.first].start
    said = _TRADE_BEFORE.search(clause.text[max(0, start - 40) : start])
    if said is None or not said.group("kind") or " as a" in said.group(0):
        return ""
    return INTEREST if said.group(0).startswith(("is ", "has been")) else PAST


_LAPSE = re.compile(
    r"\b(has ?n[o']t|have ?n[o']t|not) (been|gone|done it|done any)( \w+){0,3} (since|in (years|"
    r"ages|months|a while|a long time))\b|\bstopped going\b|\bno longer goes\b"
)
_TRY = re.compile(r"\b(try|trying|give it a (go|try)|have a go|try it)\b(?! \w)")
_FOR_OTHERS = re.compile(
    r"^[\w' ]{0,40}?\bfor (the |his |her |their |a |an |local )?((\w+ ){0,2}(neighbours|"
    r"friends|mates|pals|others|people|everyone|everybody|community|families|residents|club|group|church|mosque|temple|"
    r"gurdwara|shelter|hospice|unit|ward|charity|street|estate|village|fete|fair|bazaar|"
    r"jubilee|parties|events?)|other \w+|half the \w+|the whole (street|estate|village|road))\b"
)
# Done to others' things: "fixes the neighbours' washing machines", "sorts everyone's phones".
_OTHERS_THINGS = re.compile(
    r"\b(neighbours|friends|others|people|everyone|everybody|residents|members)'s?\s+(\w+\s+)?$"
)
# Made for others to buy, see or read: "sells her jewellery", "her paintings were exhibited".
_SOLD_BEFORE = re.compile(
    r"\b(sells|selling|sold|exhibits|exhibited|exhibiting)( (his|her|their))?\s+$"
)
_MADE_TO_SELL = frozenset(["cooking", "crafts", "pottery", "woodwork", "painting", "photography"])
_SOLD_AFTER = re.compile(
    r"^[\w' ]{0,25}?\b(been|were|was|get|gets|got) "
    r"(exhibited|sold|commissioned|published|displayed)"
)
_OTHERS_THINGS_AFTER = re.compile(
    r"^\s+(out )?(the |other )?(neighbours|friends|others|people|everyone|everybody|residents|"
    r"members)'s?\s"
)


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

    def new_sentence(self) -> None:
        """Move on to the next sentence: only the one before stays in reach."""
        self.before, self.now = self.now, []
        self.named_before, self.named_now = self.named_now, []
        self.offered_before, self.offered = self.offered, []

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
    return agree is not None and not _NEGATION.search(text, 0, agree.end())


def _agreed(reading: _Reading, clause: Clause, hit: Hit) -> str:
    """What was put to the person is a wish once they say yes to it later in the clause;
    until then it waits for a yes in what follows (WANT or '')."""
    end = clause.tokens[hit.last].end
    if _said_yes(clause.text[end:]):
        return WANT
    words = clause.text[clause.tokens[hit.first].start : end]
    reading.offered.extend((code, words) for code in sorted(hit.codes))
    return ""


def _role_read(reading: _Reading, clause: Clause, hit: Hit, cued: list[Cue]) -> str:
    """A hit's role in the reading so far ('' for none); a doer described may add a pastime."""
    kind = role_of(clause, hit, cued)
    if kind == HEDGE:
        kind = _agreed(reading, clause, hit)
    if kind == WANT and _RETURNING.search(clause.text) and not hit.codes <= _HELP_CODES:
        kind = PAST  # "keen to get back into running": done before, so a past interest
    also = _described_doer(clause, hit) if kind == SKILL else ""
    words = clause.text[clause.tokens[hit.first].start : clause.tokens[hit.last].end]
    for code in sorted(hit.codes) if also else ():
        reading.add(code, also, words)
    if kind == SKILL and hit.codes == {"volunteering"}:
        kind = WANT  # offering to help is a wish to volunteer; volunteering is no skill
    return kind


def _for_others(clause: Clause, hit: Hit, cued: list[Cue]) -> bool:
    """'Bakes for the fete', 'mends the neighbours' bikes': done for others, unless liked."""
    at = clause.tokens[hit.first].start
    if any(c.kind == INTEREST and c.start < at for c in cued):
        return False
    after = clause.text[clause.tokens[hit.first].end :]  # "cooks for": the hit ends in "for"
    return bool(
        _FOR_OTHERS.search(after)
        or _OTHERS_THINGS.search(clause.text[max(0, at - 30) : at])
        or _OTHERS_THINGS_AFTER.search(after)
        or bool(hit.codes & _MADE_TO_SELL)
        and bool(
            _SOLD_BEFORE.search(clause.text[max(0, at - 30) : at]) or _SOLD_AFTER.search(after)
        )
    )


# "would like to learn to swim - and to make friends": the wish before reaches on
_AND_TO = re.compile(r"^\W*(and|or)( also)? to [a-z]")
# Help from someone in the same boat, or a visitor, is what is wanted, not company in general.
_COMPANY = frozenset(["befriending", "peer-support"])


def _one_wish(clause: Clause, hit: Hit, company: list[Hit], cued: list[Cue]) -> bool:
    """Whether a word of company is said in the same breath as a befriender or peers, with no
    new cue between them ('a befriender for a chat', not 'a befriender and asked about clubs')."""
    toks = clause.tokens
    for other in company:
        first, last = sorted([hit, other], key=lambda h: h.first)
        if last.first - first.last > 6:
            continue
        gap = (toks[first.last].end, toks[last.first].start)
        if not any(gap[0] <= c.start < gap[1] for c in cued):
            return True
    return False


def _where_done(clause: Clause, hit: Hit, done: list[Hit]) -> bool:
    """'Did karaoke at the social club', 'pottery at art school': after an activity already
    read, a place it is done at (or the friends it is done with) is not a second pastime (a
    place of worship is still a faith practised there)."""
    toks = clause.tokens
    if "faith" in hit.codes:
        return False
    i = hit.first
    while i > 0 and toks[i - 1].raw in _DETERMINER:
        i -= 1
    # "plays cards with his friends": the company it is done in
    company = ("with",) if hit.codes == {"socialising"} else ()
    if not done or i == 0 or toks[i - 1].raw not in ("at", "in", *company):
        return False
    if toks[i - 1].raw == "in" and toks[hit.last].raw in _GROUPS:
        return False  # "plays guitar in a band": a group joined, not a place
    between = toks[done[-1].last + 1 : i - 1]
    return len(between) <= 4 and not any(t.raw in _AND for t in between)


# "So (that) she can", "so as to": what follows is why they want what came before.
_SO_THAT = re.compile(
    r"\bso (that )?(he|she|they|i|we|it) (can|could|will|would|is able)\b|"
    r"\bso as to\b"
)


# Work and volunteering are goals in their own right (Connecting People counts both among a
# person's social outcomes): named as the reason for a wish, they are wished for too.
_GOALS = frozenset({"employment-skills", "volunteering"})


def _purpose(clause: Clause, hit: Hit, done: list[Hit]) -> bool:
    """'Wants to learn English so that he can fill in forms': the reason for a wish already
    read is not a second wish, unless it is work or volunteering."""
    if not done or hit.codes & _GOALS:
        return False
    start, end = clause.tokens[done[-1].last].end, clause.tokens[hit.first].start
    return bool(_SO_THAT.search(clause.text, start, end))


def _add_hit(reading: _Reading, clause: Clause, hit: Hit, kind: str, cued: list[Cue]) -> None:
    """Add each term of a hit read in a role, and the skill it shows when done for others."""
    words = clause.text[clause.tokens[hit.first].start : clause.tokens[hit.last].end]
    at = clause.tokens[hit.first].start
    for_others = _for_others(clause, hit, cued)
    lent = _FOR_OTHERS.search(clause.text[clause.tokens[hit.last].end :])
    known = [c for c in cued if c.start < at and c.kind == SKILL]
    knows = kind == SKILL and bool(known) and _KNOWING.match(clause.text, known[-1].start)
    codes = _LITERACY if hit.codes == {"reading"} and _literacy(clause, hit) else hit.codes
    for code in sorted(codes):
        if code in _ONLY_WANTED and kind != WANT:
            continue  # a job or a visitor is help they want, never a pastime they have
        if code == "languages" and lent and kind in (DEFAULT, INTEREST, PAST):
            kind = SKILL  # "translates for neighbours": a language lent, not a pastime
        reading.add(code, kind, words)
        if for_others and kind in (DEFAULT, INTEREST, PAST) or knows and kind == SKILL:
            # "fixes everything for the neighbours": a skill they already share
            reading.add(code, SKILL, words)
        if knows:
            reading.add(code, INTEREST, words)  # "knows a lot about birds": theirs too


def _read_clause(reading: _Reading, clause: Clause) -> list[Hit]:
    """Add a clause's terms to the reading, each with its role; the clause's hits."""
    cued = cues(clause)
    if _AND_TO.match(clause.text):
        cued = [Cue(0, 0, WANT), *cued]
    clause_hits = hits(clause.tokens)
    # "meet other people who've been through it", "a befriender for a chat": one wish
    company = [h for h in clause_hits if h.codes & _COMPANY]
    clause_hits = [
        h
        for h in clause_hits
        if h.codes != {"socialising"} or not _one_wish(clause, h, company, cued)
    ]
    done: list[Hit] = []
    for hit in clause_hits:
        if _where_done(clause, hit, done) or _purpose(clause, hit, done):
            continue
        kind = _role_read(reading, clause, hit, cued)
        if not kind:
            continue
        if not hit.codes <= _ONLY_WANTED:
            done.append(hit)  # "worked in kitchens": work names the field, not a pastime
        _add_hit(reading, clause, hit, kind, cued)
    return clause_hits


def _look_back(reading: _Reading, clause: Clause, clause_hits: list[Hit]) -> None:
    """A clause that names nothing new may turn down, take up again or offer to teach what
    came before ("used to fish, would like to get back into it")."""
    text = clause.text
    last_hit = max((clause.tokens[h.last].end for h in clause_hits), default=-1)
    reject = _REJECT.search(text)
    if reject and reject.start() > last_hit:
        unsure = [] if clause_hits else reading.unsure()  # "Discussed swimming - not keen"
        for key in reading.recent() + unsure:
            reading.found.pop(key, None)
    if not clause_hits and _DONE_IT.search(text) and not _NEGATION.search(text):
        # "would like to try cricket - played it as a kid": a wish to go back to it
        reading.recast(reading.named_before + reading.named_now, PAST, WANT)
    if not clause_hits and _LAPSE.search(text):
        # "has an allotment but hasn't been since the winter"
        reading.recast(reading.named_before + reading.named_now, PAST, INTEREST)
    if not clause_hits and _said_yes(text):
        reading.take_up_offers()
    if not clause_hits and _KEEN.search(text) and not _NEGATION.search(text):
        # "Discussed swimming - pt keen": what was put to them, they would like
        reading.recast(reading.unsure(), WANT)
        reading.uncued.difference_update(reading.named_before + reading.named_now)
    if not clause_hits and _TRY.search(text) and _WANT.search(text):
        # "not sure about yoga but willing to try": the thing just named is to be tried
        reading.recast([k for k in reading.named_now if k in reading.uncued], WANT)
        reading.uncued.difference_update(reading.named_now)
    _share_back(reading, text, last_hit)


def _share_back(reading: _Reading, text: str, last_hit: int) -> None:
    """'Plays guitar and could teach others': the skill is what the sentence named; 'would like
    to pass on what he knows': their trade, or what they last talked about."""
    share = _SHARE_UNNAMED.search(text)
    if not share or share.start() <= last_hit:
        return
    if any(s.kind == SKILL for s in reading.found.values()):
        return
    for s in reading.named:
        reading.add(s.code, SKILL, s.phrase)


# Wishing to help, or offering help at a place or to an organisation, is a wish to volunteer
# ("would like to help other families", "offered to help at the cafe"); being glad to help
# others with something is a skill to share, said elsewhere.
_HELP_WISH = re.compile(
    r"\b((would|'d) (really )?(like|love)|wants?|wanting|keen|hoping|hopes) to help\b"
    r"(?! (to )?(run|lead|teach|show|coach)\b)|"
    r"\b(willing|offered|offers|offering) to help (at|out|in)\b"
    r"(?! (to )?(run|lead|teach|show|coach)\b)|"
    # offering to help people is a skill they share, offering to help a place is volunteering
    r"\b(willing|offered|offers|offering) to help (the|a|an) (\w+ )?(charity|centre|group|club|"
    r"shop|cafe|project|church|mosque|temple|gurdwara|hospice|library|school|event|garden|"
    r"staff|team|rangers|wardens|organisers|volunteers|trust)\b"
)


def _wish_to_help(reading: _Reading, clause: Clause) -> None:
    """A wish or an offer to help, with no volunteering named: a wish to volunteer."""
    wish = _HELP_WISH.search(clause.text)
    if wish and not _NEGATION.search(clause.text, 0, wish.start()):
        reading.add("volunteering", WANT, wish.group(0))


# Mentoring or sponsoring others, or being a buddy to them: support from someone who has been
# there, a skill they share ("a sponsor to others", "offered to mentor newer lads").
_MENTORS = re.compile(
    r"\b(mentor(s|ing|ed)?|sponsor(s|ing|ed)?|buddy|buddies)\b( (to|for))? (\w+ ){0,2}"
    r"(others|people|lads|men|women|newcomers|members|youngsters|residents)\b"
)


def _mentoring(reading: _Reading, clause: Clause) -> None:
    """Mentoring others now, or offering to: a peer-support skill (a wish to is said as one)."""
    found = _MENTORS.search(clause.text)
    if not found or _NEGATION.search(clause.text, 0, found.start()):
        return
    before = [c for c in cues(clause) if c.start < found.start()]
    if before and before[-1].kind in (WANT, HEDGE):
        return
    reading.add("peer-support", SKILL, found.group(0))


def _offers_by_us(reading: _Reading, clause: Clause) -> None:
    """'We talked about the cookery course', 'her GP suggested yoga': what the writer or someone
    else put to the person awaits a yes."""
    if not clause.tokens:
        return
    cued = cues(clause)
    for hit in hits(clause.tokens):
        at = clause.tokens[hit.first].start
        before = [c for c in cued if c.start < at]
        if before and before[-1].kind == HEDGE:
            _agreed(reading, clause, hit)


def extract(text: str) -> list[Suggestion]:
    """Interest terms in a note about the person, each with its role and the words it came from.

    A term is suggested once as enjoys-now, used-to or wants-to-try (the first reading wins),
    and may also be suggested as a skill to share.
    """
    reading = _Reading({}, set(), [])
    sentence = ""
    for clause in clauses(text):
        if clause.sentence != sentence:
            sentence = clause.sentence
            reading.new_sentence()
        if clause.other:
            _offers_by_us(reading, clause)
            continue
        clause_hits = _read_clause(reading, clause)
        _wish_to_help(reading, clause)
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
    return list(reading.found.values())


def interests_in(text: str) -> dict[str, set[str]]:
    """The codes a note suggests, by role (interest, past, want, skill)."""
    out: dict[str, set[str]] = {INTEREST: set(), PAST: set(), WANT: set(), SKILL: set()}
    for s in extract(text):
        out[s.kind].add(s.code)
    return out


# The directory side: words in resource names and descriptions (matcher/features.py).
# Single words too ambiguous in a description ("played football" is not theatre).
_AMBIGUOUS = {"plays"}
_FILLER = {"his", "her", "their", "my", "a", "an", "the", "some", "own"}


def stem(word: str) -> str:
    """A word's lemma (simplemma: 'swam' is 'swim') under the search's Porter stem, so that
    'danced', 'dancing' and 'dance' agree here as they do in a search."""
    return porter(lemma(word.lower().strip("'")))


def _tokens(text: str) -> list[tuple[str, int, int]]:
    """Words with their character spans, fillers dropped."""
    return [
        (m.group(0), m.start(), m.end())
        for m in re.finditer(r"[a-z0-9']+", text)
        if m.group(0) not in _FILLER
    ]


@lru_cache(maxsize=1)
def _phrases() -> tuple[dict[tuple[str, ...], frozenset[str]], int]:
    """Stemmed vocabulary phrase → interest codes, and the longest phrase."""
    index: dict[tuple[str, ...], set[str]] = {}
    for phrase, codes in vocabulary.synonym_index(vocabulary.INTEREST).items():
        if phrase in _AMBIGUOUS:
            continue
        words = tuple(stem(w) for w, _, _ in _tokens(phrase.replace("-", " ")))
        if words:
            index.setdefault(words, set()).update(codes)
    frozen = {k: frozenset(v) for k, v in index.items()}
    return frozen, max(len(k) for k in frozen)


@lru_cache(maxsize=65536)
def mentioned(text: str) -> frozenset[str]:
    """Interest codes whose words appear anywhere in a text, with no reading of cues."""
    index, longest = _phrases()
    stems = [stem(t) for t, _, _ in _tokens(text.lower().replace("-", " "))]
    found: set[str] = set()
    for i in range(len(stems)):
        for size in range(1, min(longest, len(stems) - i) + 1):
            found |= index.get(tuple(stems[i : i + size]), frozenset())
    return frozenset(found)


# Words too common in notes and activity names to say anything about one person.
_PLAIN_WORDS = frozenset(
    (
        "with",
        "from",
        "that",
        "this",
        "they",
        "them",
        "their",
        "have",
        "when",
        "what",
        "were",
        "will",
        "would",
        "about",
        "into",
        "over",
        "some",
        "most",
        "more",
        "only",
        "just",
        "like",
        "likes",
        "loves",
        "used",
        "also",
        "been",
        "being",
        "other",
        "others",
        "since",
        "after",
        "before",
        "still",
        "very",
        "much",
        "many",
        "does",
        "could",
        "should",
        "there",
        "here",
        "your",
        "people",
        "group",
        "groups",
        "session",
        "sessions",
        "weekly",
        "week",
        "days",
        "time",
        "times",
        "local",
        "community",
        "friendly",
        "welcome",
        "online",
        "social",
        "club",
        "learn",
        "well",
        "skills",
        "class",
        "classes",
        "drop",
        "centre",
        "free",
        "open",
    )
)


@lru_cache(maxsize=4096)
def own_words(text: str) -> frozenset[str]:
    """Stems of the telling words in a text (four letters or more, common words left out)."""
    return frozenset(
        stem(w)
        for w in re.findall(r"[a-z']+", text.lower().replace("\u2019", "'"))
        if len(w) >= 4 and w not in _PLAIN_WORDS
    )


# Faith traditions, by the words that name them in a note or a description.
FAITHS: dict[str, tuple[str, ...]] = {
    "christian": (
        "church",
        "churches",
        "churchgoer",
        "chapel",
        "parish",
        "catholic",
        "christian",
        "anglican",
        "methodist",
        "baptist",
        "gospel",
        "hymn",
        "hymns",
        "quaker",
    ),
    "muslim": ("mosque", "muslim", "islam", "islamic", "masjid", "ramadan"),
    "sikh": ("gurdwara", "sikh", "langar", "sangat"),
    "hindu": ("mandir", "hindu", "diwali"),
    "jewish": ("synagogue", "jewish", "shul", "shabbat"),
    "buddhist": ("buddhist", "buddhism", "vihara"),
}


# Experiences some groups are specifically for ("a group for voice-hearers"), by the words that
# name them in a note or a description. Broad ones (low mood, anxiety, stress) are left out:
# groups for those welcome most people, whereas a hearing-voices group suits only voice-hearers.
CONDITIONS: dict[str, str] = {
    "voices": r"psychos[ie]s|psychotic|hears? voices|hearing voices|voice[- ]hearers?|schizo\w*",
    "eating": r"eating disorders?|anorexi\w*|bulimi\w*|binge[- ]eating",
    "bipolar": r"bipolar|manic depression",
    "ocd": r"ocd|obsessive[- ]compulsive",
    "hoarding": r"hoard(ing|er|ers)",
    "dementia": r"dementia|alzheimer'?s|memory loss",
    "autism": r"autis(m|tic)|asperger'?s?",
    "addiction": r"addiction|alcoholics|substance (mis)?use|drug and alcohol|sober|drink problem",
    "bereavement": r"bereave\w*|grief|grieving|widow(ed|er)?|"
    r"(wife|husband|partner|son|daughter) died",
    "breathing": r"breathless(ness)?|copd|emphysema|long covid|lung (conditions?|disease|health)",
    "carers": r"for carers|carers' (group|cafe|support)|young carers|unpaid carers?|"
    r"cares for (his|her|their) \w+|caring for (his|her|their) \w+",
}
_CONDITION_PATTERNS = {k: re.compile(r"\b(" + v + r")\b") for k, v in CONDITIONS.items()}


def conditions_named(text: str) -> frozenset[str]:
    """The CONDITIONS a text names."""
    low = text.lower().replace("\u2019", "'")
    return frozenset(k for k, pattern in _CONDITION_PATTERNS.items() if pattern.search(low))


# Wording of an activity designed for people new to it (not merely welcoming beginners);
# "for beginners" counts only in the name (first line), not "coaching for beginners".
NOVICE_WORDS = (
    r"never (learned|learnt|run|ran|swum|swam|played|ridden|done)|who can'?t (swim|ride|cycle)|"
    r"from scratch|beginners'? (\w+ ){0,2}(course|group|class|lessons?)|"
    r"(couch|sofa) to 5k|first steps in|introduction to"
)
NOVICE = re.compile(r"\b(" + NOVICE_WORDS + r")\b")

# Wording of a gentler, adapted form of an activity: suits older people and people with
# mobility needs, and is a poor substitute for the real thing for anyone else.
ADAPTED_WORDS = (
    r"walking (football|netball|rugby|cricket|basketball)|(at|a) walking pace|"
    r"chair[- ](based|yoga|exercises?|aerobics|fitness|dance|dancing)|seated|low[- ]impact|"
    r"(gentle|gentler|adapted|slower)[- ](paced )?(\w+ )?(version|form)"
)
# Wording of a time bank or skills swap, where someone can offer whatever skill they have.
SKILL_SWAP_WORDS = (
    r"time ?banks?|skills? swaps?|swap (your )?skills|share (a|your) skills?|"
    r"teach(ing)? a skill"
)


# In an activity's name only: "Guitar lessons" teach people to play ("coaching for beginners" in
# a description may be one session among others).
NOVICE_NAME = re.compile(r"\b(for beginners|lessons)\b")


def is_novice(text: str) -> bool:
    """Whether a description (name on its first line) is of an activity for people new to it."""
    low = text.lower().replace("\u2019", "'")
    return bool(NOVICE_NAME.search(low.partition("\n")[0]) or NOVICE.search(low))
