"""The directory side: words, faiths and conditions named in resource names and descriptions."""

from __future__ import annotations

import re
from functools import lru_cache

from whoosh.lang.porter import stem as porter

from directory import vocabulary
from matcher.reader.words import lemma

# The directory side: words in resource names and descriptions (matcher/features.py).
# Single words too ambiguous in a description ("played football" is not theatre).
_AMBIGUOUS = {"plays"}
_FILLER = {"his", "her", "their", "my", "a", "an", "the", "some", "own"}


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A word's lemma (simplemma: 'swam' is 'swim') under the search's Porter stem."""
    # So that 'danced', 'dancing' and 'dance' agree here as they do in a search.
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
