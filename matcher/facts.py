"""Facts a note suggests beyond interests (conditions, faith, work, caring, preferences).

Each is a suggestion with the words it came from. Only the ones a practitioner accepts are kept
on the person (Person.accepted_facts) and reach the ranking, as Hints.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from directory import vocabulary
from matcher.notes import CONDITIONS, FAITHS, clauses, negation_at


@dataclass(frozen=True)
class Hints:
    """Soft preferences the practitioner accepted: they shape the ranking, never exclude."""

    prefer_access: frozenset[str] = frozenset()
    avoid_topics: frozenset[str] = frozenset()
    evenings: bool = False
    stays_home: bool = False
    wants_company: bool = False
    signs: bool = False
    faith: str = ""  # a faith tradition (a FAITHS key)
    conditions: frozenset[str] = frozenset()  # CONDITIONS keys
    small_groups: bool = False
    retired: bool = False  # past working life: job clubs are not for them


@dataclass(frozen=True)
class Fact:
    """One fact suggested by a note: its code and the words it came from."""

    code: str
    phrase: str

    @property
    def label(self) -> str:
        """The fact in words."""
        return label(self.code)


_CONDITION_WORDS = {
    "voices": "Hears voices or has had psychosis",
    "eating": "Has an eating disorder",
    "bipolar": "Has bipolar disorder",
    "ocd": "Has OCD",
    "hoarding": "Hoards",
    "dementia": "Has dementia or memory loss",
    "autism": "Is autistic",
    "addiction": "Is recovering from an addiction",
    "bereavement": "Is bereaved",
    "breathing": "Has a lung or breathing condition",
    "carers": "Cares for someone (an unpaid carer)",
}
_TOPIC_WORDS = {
    "alcohol": "Keeps away from pubs and drink",
    "gym": "Keeps away from gyms",
    "diet": "Keeps away from diets and weight talk",
    "crowds": "Keeps away from crowds and noise",
}
_FLAG_WORDS = {
    "home": "Rarely gets out: online or by phone suits",
    "company": "Lonely or isolated: would like company",
    "signs": "Uses sign language",
    "evenings": "Evenings suit",
    "small-groups": "Prefers small groups",
    "work:retired": "Retired",
}
ACCESS_PREFERENCES = (
    "hearing-loop",
    "quiet-space",
    "lgbtq-plus",
    "women-only",
    "young-adults-16-25",
    "step-free",
    "accessible-toilet",
    "can-bring-support-worker",
)


def label(code: str) -> str:
    """A fact code in words ('faith:muslim' → 'Faith: Muslim')."""
    kind, _, key = code.partition(":")
    if kind == "condition":
        return _CONDITION_WORDS.get(key, key)
    if kind == "faith":
        return f"Faith: {key.capitalize()}"
    if kind == "avoid":
        return _TOPIC_WORDS.get(key, key)
    if kind == "access":
        return f"Would like: {vocabulary.label(vocabulary.ACCESS, key).lower()}"
    return _FLAG_WORDS.get(code, code)


KNOWN: frozenset[str] = frozenset(
    [
        *(f"condition:{k}" for k in CONDITIONS),
        *(f"faith:{k}" for k in FAITHS),
        *(f"avoid:{k}" for k in _TOPIC_WORDS),
        *(f"access:{k}" for k in ACCESS_PREFERENCES),
        *_FLAG_WORDS,
    ]
)


def hints_from(codes: Iterable[str]) -> Hints:
    """The ranking's hints from accepted fact codes (unknown codes are ignored)."""
    kept = [c for c in codes if c in KNOWN]

    def keys(kind: str) -> frozenset[str]:
        return frozenset(c.partition(":")[2] for c in kept if c.startswith(kind + ":"))

    faiths = sorted(keys("faith"))
    return Hints(
        prefer_access=keys("access"),
        avoid_topics=keys("avoid"),
        evenings="evenings" in kept,
        stays_home="home" in kept,
        wants_company="company" in kept,
        signs="signs" in kept,
        faith=faiths[0] if len(faiths) == 1 else "",
        conditions=keys("condition"),
        small_groups="small-groups" in kept,
        retired="work:retired" in kept,
    )


_KIN = r"(wife|husband|partner|son|daughter|mum|dad|mother|father|child|brother|sister|friend)"
_CARING = (
    r"(main|sole|full[- ]time|unpaid|young|only) carer|(is|as) (his|her|their) carer|"
    r"car(es|ing) for (his|her|their) (\w+ )?"
    + _KIN
    + r"s?|looks? after (his|her|their) (\w+ )?"
    + _KIN
    + r"s?|caring (role|responsibilities)"
)
# (fact code, words in a note, whether a negation before it cancels it)
_READ: list[tuple[str, str, bool]] = [
    *((f"condition:{k}", v, True) for k, v in CONDITIONS.items() if k != "carers"),
    ("condition:bereavement", r"lost (his|her|their) " + _KIN, True),
    ("condition:carers", _CARING, True),
    *((f"faith:{k}", "|".join(words), True) for k, words in FAITHS.items()),
    ("work:retired", r"retired|pensioner", True),
    ("access:hearing-loop", r"hearing (loop|aids?|loss)|hard of hearing", False),
    (
        "access:quiet-space",
        r"quiet|crowds?|crowded|overwhelm\w*|loud|noisy|noise|sensory|anxi\w*",
        False,
    ),
    ("access:lgbtq-plus", r"lgbt\w*|queer|gay|lesbian|bisexual|trans", False),
    ("access:women-only", r"women[- ]only|women's (group|space)", False),
    ("access:young-adults-16-25", r"young (people|adults?)", False),
    ("access:step-free", r"wheelchair|walking frame|(manage|climb) (steps|stairs)|mobility", True),
    ("access:accessible-toilet", r"wheelchair", True),
    (
        "access:can-bring-support-worker",
        r"someone to go with|(go|come|goes) with (him|her|them)|on (his|her|their) own",
        False,
    ),
    ("home", r"housebound|rarely (leaves|goes out)|can'?t get out|stuck (at home|indoors)", False),
    ("company", r"lonely|loneliness|isolated|knows nobody|no friends|company|a good chat", True),
    ("signs", r"deaf|sign language|bsl", True),
    ("evenings", r"evenings?", True),
    ("small-groups", r"small (groups?|numbers|classes)|big groups|large groups", False),
]
_PATTERNS = [(code, re.compile(r"\b(" + words + r")\b"), neg) for code, words, neg in _READ]
# Topics the person keeps away from: named in a clause that says so.
_TOPICS: list[tuple[str, re.Pattern[str]]] = [
    ("avoid:alcohol", re.compile(r"\b(pubs?|drink(ing)?|alcohol|bars?|booze)\b")),
    ("avoid:gym", re.compile(r"\bgyms?\b")),
    ("avoid:diet", re.compile(r"\b(diets?|dieting|calories|weight)\b")),
    ("avoid:crowds", re.compile(r"\b(crowds?|crowded|loud|noisy|busy places)\b")),
]
_KEEPS_AWAY = re.compile(
    r"\b(not|no|never|does ?n[o']t|do ?n[o']t|can'?t|won'?t|avoid\w*|steers? clear|stay away|"
    r"keeps? away|off limits|dislik\w*|hates?|overwhelm\w*|triggers?|sober|recovery|"
    r"made things worse)\b"
)
_ALWAYS = [
    ("avoid:alcohol", re.compile(r"\bsober\b|drink problem|alcoholi\w*|alcohol (misuse|use)")),
    ("avoid:diet", re.compile(r"eating disorder|anorexi\w*|bulimi\w*")),
]


def read_facts(text: str) -> list[Fact]:
    """Facts a note suggests about the person (never about their family), each once."""
    found: dict[str, Fact] = {}
    for clause in clauses(text):
        raw = clause.raw
        for code, pattern, negatable in _PATTERNS:
            # A bereavement is the person's own even when the sentence is about who died.
            if clause.other and code != "condition:bereavement":
                continue
            for m in pattern.finditer(raw):
                if negatable and negation_at(clause, m.start()):
                    continue
                found.setdefault(code, Fact(code, m.group(0)))
                break
        if clause.other:
            continue
        topics = _TOPICS if _KEEPS_AWAY.search(raw) else []
        for code, pattern in [*_ALWAYS, *topics]:
            said = pattern.search(raw)
            if said:
                found.setdefault(code, Fact(code, said.group(0)))
    if "evenings" in found and re.search(r"(can'?t|cannot|not|no) (do )?(\w+ )?evenings?", text):
        del found["evenings"]
    return list(found.values())


def read_hints(text: str) -> Hints:
    """The hints a note would give if the practitioner accepted every suggested fact."""
    return hints_from(f.code for f in read_facts(text)) if text.strip() else Hints()
