"""Free-text notes → suggested vocabulary terms and soft hints, never applied silently."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from directory import vocabulary

# Words that look like a synonym but, in a note about a person, are something else.
_NOT_INTERESTS = re.compile(
    r"\b(social (anxiety|worker|services)|support worker|food ?bank|works|working|plays|"
    r"at work|work shifts?|(day|evening|night) shifts?|walking (frame|stick)|\w+ heritage$)\b"
)
# Sentences about someone else's doings (an ex-partner's group) are not the person's interests.
_THIRD_PARTY = re.compile(r"\b(ex'?s|ex-partner|ex-husband|ex-wife|her ex|his ex|their ex)\b")
_IRREGULAR = {
    "swam": "swim",
    "sang": "sing",
    "ran": "run",
    "drew": "draw",
    "wrote": "write",
    "gaming": "gaming",
}
# Single words too ambiguous in a note ("played football" is not theatre).
_AMBIGUOUS = {"plays"}
_FILLER = {"his", "her", "their", "my", "a", "an", "the", "some", "own"}

_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "want",
        re.compile(
            r"\b(wants? (to|a|an)|would (like|love) (to|a)|wish(es)? to|fanc(y|ies)|"
            r"curious about|thinking about|keen to|hop(es|ing) to|tr(y|ying)|"
            r"learn(ing)? to|should learn|interested in|get into|get back into|"
            r"up to scratch|improve)\b"
        ),
    ),
    (
        "past",
        re.compile(
            r"\b(used to|was an?|as an? (boy|girl|teenager|child|young (man|woman))|"
            r"when (he|she|they) (was|were) younger|until|misses|missed|loved|played|did|"
            r"sang|danced|drummed|boxed|fished|former|retired)\b"
        ),
    ),
    (
        "skill",
        re.compile(
            r"\b(pass(es)? (\w+ ){0,3}on|teach(ing)?|help(ing|s)? (others|people) with|"
            r"help coach|coach(ing)?|share|sharing)\b"
        ),
    ),
    (
        "not",
        re.compile(
            r"\b(steers? clear( of)?|avoids?|avoiding|(does ?n[o']t|do ?n[o']t) (like|want)|"
            r"dislikes?|hates?|can'?t stand|won'?t|not into|no longer|never)\b"
        ),
    ),
)
_AFTER_NOT = re.compile(r"\b(off the list|off limits|not for (him|her|them)|is out)\b")


@dataclass(frozen=True)
class Suggestion:
    """One vocabulary term found in a note, with how it was said."""

    code: str
    kind: str  # interest | past | want | skill
    phrase: str  # the words in the note


@dataclass(frozen=True)
class Hints:
    """Soft preferences read from notes: they shape the ranking, never exclude anything."""

    prefer_access: frozenset[str] = frozenset()
    avoid_topics: frozenset[str] = frozenset()
    evenings: bool = False
    stays_home: bool = False
    wants_company: bool = False
    signs: bool = False
    faith: str = ""  # a faith tradition the notes name (a FAITHS key)
    conditions: frozenset[str] = frozenset()  # CONDITIONS keys the notes name
    small_groups: bool = False
    retired: bool = False  # past working life: job clubs are not for them


def stem(word: str) -> str:
    """A crude English stem: enough to make 'danced', 'dancing' and 'dance' agree."""
    w = word.lower().strip("'")
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    for suffix in ("ness", "ings", "ing", "ed", "es", "s"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)]
            break
    if w.endswith("e") and len(w) > 3:
        w = w[:-1]
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeiouls":
        w = w[:-1]
    return w


def _tokens(text: str) -> list[tuple[str, int, int]]:
    """Words with their character spans, fillers dropped."""
    return [
        (m.group(0), m.start(), m.end())
        for m in re.finditer(r"[a-z0-9']+", text)
        if m.group(0) not in _FILLER
    ]


@lru_cache(maxsize=1)
def _phrases() -> tuple[dict[tuple[str, ...], frozenset[str]], int, dict[str, frozenset[str]]]:
    """Stemmed phrase → interest codes; the longest phrase; single words for fuzzy matching."""
    index: dict[tuple[str, ...], set[str]] = {}
    for phrase, codes in vocabulary.synonym_index(vocabulary.INTEREST).items():
        if phrase in _AMBIGUOUS:
            continue
        words = tuple(stem(w) for w, _, _ in _tokens(phrase.replace("-", " ")))
        if words:
            index.setdefault(words, set()).update(codes)
    singles: dict[str, set[str]] = {}
    for phrase, codes in vocabulary.synonym_index(vocabulary.INTEREST).items():
        if re.fullmatch(r"[a-z]{5,}", phrase):
            singles.setdefault(phrase, set()).update(codes)
    frozen = {k: frozenset(v) for k, v in index.items()}
    return frozen, max(len(k) for k in frozen), {k: frozenset(v) for k, v in singles.items()}


def _clauses(text: str) -> list[str]:
    """Sentences (and dash-separated asides), lower-cased, with look-alike phrases blanked."""
    text = text.lower().replace("\u2019", "'")
    parts = re.split(r"[.;!?\n]+|\s[-\u2013\u2014]\s", text)
    return [_NOT_INTERESTS.sub(lambda m: " " * len(m.group(0)), p) for p in parts if p.strip()]


def _kind_at(clause: str, start: int) -> str:
    """The kind of the last cue starting at or before a phrase (interest when none)."""
    best, best_at = "interest", -1
    for kind, pattern in _CUES:
        for m in pattern.finditer(clause):
            if best_at < m.start() <= start:
                best, best_at = kind, m.start()
    return best


def extract(text: str) -> list[Suggestion]:
    """Interest terms mentioned in a note, each once, with whether it is past, wanted or a skill."""
    index, longest, singles = _phrases()
    found: dict[str, Suggestion] = {}
    for clause in _clauses(text):
        if _THIRD_PARTY.search(clause):
            continue
        negated_all = bool(_AFTER_NOT.search(clause))
        toks = _tokens(clause.replace("-", " "))
        stems = [stem(t) for t, _, _ in toks]
        i = 0
        while i < len(toks):
            hit: tuple[int, frozenset[str]] | None = None
            for size in range(min(longest, len(toks) - i), 0, -1):
                codes = index.get(tuple(stems[i : i + size]))
                if codes:
                    hit = (size, codes)
                    break
            if hit is None and len(toks[i][0]) >= 6:
                best = process.extractOne(
                    toks[i][0], list(singles), scorer=fuzz.ratio, score_cutoff=86
                )
                if best is not None:
                    hit = (1, singles[best[0]])
            if hit is None:
                i += 1
                continue
            size, codes = hit
            start, end = toks[i][1], toks[i + size - 1][2]
            kind = _kind_at(clause, start)
            if not negated_all and kind != "not":
                for code in sorted(codes):
                    found.setdefault(code, Suggestion(code, kind, clause[start:end]))
            i += size
    return list(found.values())


@lru_cache(maxsize=65536)
def mentioned(text: str) -> frozenset[str]:
    """Interest codes whose words appear anywhere in a text, with no reading of cues."""
    index, longest, _ = _phrases()
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
    "breathing": r"breathless(ness)?|copd|emphysema|long covid|lung (conditions?|disease|health)|"
    r"better breathing",
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
    r"from scratch|from first \w+|beginners'? (\w+ ){0,2}(course|group|class|lessons?)|"
    r"(couch|sofa) to 5k|first steps in|introduction to"
)
NOVICE = re.compile(r"\b(" + NOVICE_WORDS + r")\b")

# Wording of a gentler, adapted form of an activity: suits older people and people with
# mobility needs, and is a poor substitute for the real thing for anyone else.
ADAPTED_WORDS = (
    r"walking (football|netball|rugby|cricket|basketball)|(at|a) walking pace|"
    r"chair[- ](based|yoga|exercises?|aerobics|fitness|dance|dancing)|seated|low[- ]impact|"
    r"gentle,? (\w+ )?version|for people who thought their playing days were over"
)
# Wording of a time bank or skills swap, where someone can offer whatever skill they have.
SKILL_SWAP_WORDS = (
    r"time ?banks?|skills? swaps?|swap (your )?skills|give an hour|share (a|your) skills?|"
    r"teach(ing)? a skill"
)


def is_novice(text: str) -> bool:
    """Whether a description (name on its first line) is of an activity for people new to it."""
    low = text.lower().replace("\u2019", "'")
    return "for beginners" in low.partition("\n")[0] or bool(NOVICE.search(low))


_HINT_ACCESS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("hearing-loop", re.compile(r"hearing (loop|aids?|loss)|hard of hearing|\bloop\b")),
    ("quiet-space", re.compile(r"\bquiet\b|crowd|overwhelm|\bloud\b|noisy|sensory|anxi")),
    ("lgbtq-plus", re.compile(r"lgbt|queer|\bgay\b|lesbian|bisexual|\btrans\b")),
    ("women-only", re.compile(r"women[- ]only|women's (group|space)")),
    ("young-adults-16-25", re.compile(r"young (people|adults?)")),
    ("step-free", re.compile(r"wheelchair|walking frame|manage (steps|stairs)|mobility")),
    ("accessible-toilet", re.compile(r"wheelchair")),
    (
        "can-bring-support-worker",
        re.compile(
            r"support worker (would|will|needs?|has) |someone to go with|"
            r"(go|come) with (him|her|them)|on (his|her|their) own"
        ),
    ),
)
_TOPICS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("alcohol", re.compile(r"\b(pubs?|drink(ing)?|alcohol|bars?)\b")),
    ("gym", re.compile(r"\bgyms?\b")),
    ("diet", re.compile(r"\b(diet|calorie|weight)")),
    ("crowds", re.compile(r"crowd|\bloud\b|noisy")),
)
_ALWAYS_TOPIC = {
    "alcohol": re.compile(r"\bsober\b|drink problem|alcoholi|recovering from (drink|alcohol)"),
    "diet": re.compile(r"eating disorder|anorexi|bulimi"),
    "crowds": re.compile(r"overwhelm"),
}
_NEGATION = _CUES[-1][1]


def read_hints(text: str) -> Hints:
    """Soft preferences a practitioner would notice in a note."""
    if not text or text.isspace():
        return Hints()  # nothing to read (a dozen pattern searches otherwise, on every match)
    low = text.lower().replace("\u2019", "'")
    access = frozenset(code for code, pattern in _HINT_ACCESS if pattern.search(low))
    topics: set[str] = {k for k, p in _ALWAYS_TOPIC.items() if p.search(low)}
    for clause in _clauses(text):
        negated = _NEGATION.search(clause) or _AFTER_NOT.search(clause) or "overwhelm" in clause
        if negated:
            topics.update(k for k, p in _TOPICS if p.search(clause))
    blanked = " . ".join(_clauses(text))
    evenings = bool(re.search(r"\bevenings?\b", blanked)) and not re.search(
        r"(can'?t|cannot|not|no) (do )?(\w+ )?evenings?", blanked
    )
    return Hints(
        prefer_access=access,
        avoid_topics=frozenset(topics),
        evenings=evenings,
        stays_home=bool(
            re.search(
                r"housebound|rarely (leaves|goes out)|can'?t get out|does ?n[o']t go out|"
                r"stuck (at home|indoors)|can'?t leave",
                low,
            )
        ),
        wants_company=bool(
            re.search(r"lonely|isolated|knows nobody|no friends|company|a good chat|natter", low)
        ),
        signs=bool(re.search(r"\bdeaf\b|sign language|\bbsl\b", low)),
        faith=next(
            (k for k, words in FAITHS.items() if re.search(r"\b(" + "|".join(words) + r")\b", low)),
            "",
        ),
        conditions=conditions_named(text),
        small_groups=bool(
            re.search(r"small (groups?|numbers|classes)|big groups|large groups", low)
        ),
        retired=bool(re.search(r"\bretired\b|\bpensioner\b|since (he|she|they) retired", low)),
    )
