"""How alike two resource records are: each signal weighed, summed, and said in words.

The model is Fellegi and Sunter's (1969): for each signal, m is how often it agrees when two
records describe the same activity, u how often it agrees when they do not, and the evidence is
log2(m / u) bits for an agreement and log2((1 - m) / (1 - u)) for a disagreement. Bits add up
when signals are independent, so a record is a likely duplicate when the sum passes SHOW_AT.
The m and u values below are rough priors from record-linkage practice for directories of
small local groups (typing slips, word-of-mouth names, organisations running several things),
not fitted to any judged set. Where a value can be shared by several records (a phone, a venue
postcode) u is the share of the directory that holds that very value (Winkler's frequency-based
u), so a community centre's switchboard number counts for less than a group's own mobile.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from directory.models.base import DAY_NAMES, DAYS, fits_until

# A likelihood ratio of 2**5 = 32: "strong" evidence on Kass and Raftery's scale (20 to 150),
# so a name alike on its own is shown, and so is a shared phone backed by place or time.
SHOW_AT = 5.0
# Words that say what kind of thing a group is, not which one (as record linkage of
# organisation names strips "ltd", "society" and "the"): two names sharing only these are not
# alike. Place names are dropped too, from the gazetteer (dedupe.place_names).
GENERIC_WORDS = frozenset(
    (
        *("a", "an", "and", "at", "by", "for", "from", "in", "of", "on", "the", "to", "with"),
        *("group", "groups", "club", "clubs", "society", "association", "session", "sessions"),
        *("class", "classes", "meet", "meetup", "meeting", "weekly", "monthly", "fortnightly"),
        *("local", "community", "friendly", "drop"),
    )
)
# Long generic words are also known through one typing slip ("comunity", "socity"); short ones
# are not, as a slip there often makes another real word ("class" and "glass").
SLIP_LENGTH = 7
_LONG_GENERIC = tuple(w for w in GENERIC_WORDS if len(w) >= SLIP_LENGTH)


@functools.lru_cache(maxsize=4096)
def generic(word: str) -> bool:
    """Tell whether a folded word only says what kind of thing a group is, slips forgiven."""
    if word in GENERIC_WORDS:
        return True
    if len(word) < SLIP_LENGTH - 1:
        return False
    return any(Levenshtein.distance(word, w, score_cutoff=1) <= 1 for w in _LONG_GENERIC)


@functools.lru_cache(maxsize=4)
def _first_words(places: frozenset[str]) -> frozenset[str]:
    """The first word of each place name (a frozenset caches its hash, so this is cheap)."""
    return frozenset(place.split(" ", 1)[0] for place in places)


def core_name(folded: str, places: frozenset[str] = frozenset()) -> str:
    """The words of a folded name that say which group it is: no generic words, no places."""
    words = folded.split()
    keep = [not generic(w) for w in words]
    firsts = _first_words(places)
    for first, word in enumerate(words):
        if word not in firsts:
            continue
        for size in (3, 2, 1):  # "millgarth green" as a place before "green" alone
            if " ".join(words[first : first + size]) in places:
                keep[first : first + size] = [False] * len(words[first : first + size])
                break
    core = [w for w, k in zip(words, keep, strict=True) if k]
    if core:
        return " ".join(core)
    # A name of only places and generic words ("Moorcross Community Group") is all it has.
    return " ".join(w for w in words if not generic(w)) or folded


def name_likeness(a: str, b: str) -> float:
    """0 to 100: how alike two core names are, in any word order, typing slips forgiven."""
    if not a or not b:
        return 0.0
    # token_set alone calls "yoga" and "chair yoga" the same; token_sort alone punishes an
    # added word hard. Their mean sits between.
    return (
        fuzz.token_sort_ratio(a, b, processor=None) + fuzz.token_set_ratio(a, b, processor=None)
    ) / 2


@dataclass(frozen=True)
class Level:
    """One outcome of a comparison: how often it happens for the same thing (m) and not (u)."""

    m: float
    u: float

    @property
    def bits(self) -> float:
        """The weight of evidence this outcome carries."""
        return math.log2(self.m / self.u)


# Name likeness bands (each column sums to 1). Duplicates' names are mostly alike; different
# groups' names mostly are not, though "Coffee morning" recurs from place to place.
NAME_LEVELS = (
    (95.0, Level(0.60, 0.01)),
    (88.0, Level(0.20, 0.01)),
    (75.0, Level(0.10, 0.04)),
    (60.0, Level(0.05, 0.10)),
    (0.0, Level(0.05, 0.84)),
)
SAME_VENUE_M = 0.75  # the same venue (postcode, or within VENUE_KM) when both give a place
VENUE_KM = 0.1
PLACE_LEVELS = (  # the nearest two places otherwise
    (1.0, Level(0.12, 0.10)),
    (5.0, Level(0.08, 0.45)),
    (math.inf, Level(0.05, 0.43)),
)
SAME_TIME = Level(0.70, 0.08)  # a shared day with overlapping times
SAME_DAY = Level(0.10, 0.07)  # a shared day, times apart
OTHER_DAY = Level(0.20, 0.85)  # no day in common
CONTACT_M = {"phone": 0.7, "email": 0.7, "website": 0.6, "organisation": 0.9}
# How often two different records share a value, before counting how many hold this one: a
# group's own phone, address or web page is rare; organisations and venues host several things.
U_PRIOR = {"phone": 0.005, "email": 0.005, "website": 0.005, "organisation": 0.01, "venue": 0.02}
PSEUDO_RECORDS = 200  # the prior counts as this many records, so a small directory's counts
U_MIN = 0.002  # do not swing it; and no value is rarer than 1 record in 500 (typing slips)
# An organisation's phone and its centre go together: among records sharing a contact, about
# half share a venue too, so a venue agreeing after a contact did says little more (its u is
# the share of that contact's records at that venue, smoothed toward this prior by 2 records).
VENUE_GIVEN_CONTACT = 0.5
CONTACT_DIFFERS = Level(0.3, 0.97)  # each gave a phone, e-mail or website, and none is shared
ORGANISATION_DIFFERS = Level(0.1, 0.9)


@dataclass(frozen=True)
class Slot:
    """A weekly meeting time: day index (Monday 0) and minutes after midnight."""

    day: int
    start: int
    end: int

    @classmethod
    def of(cls, day: str, start: str, end: str) -> Slot:
        """A slot from 'su', '11:00', '14:00' (with no end, the minute it starts)."""
        return cls(DAYS.index(day), _minutes(start), fits_until(start, end))


def _minutes(hhmm: str) -> int:
    hours, _, mins = hhmm.partition(":")
    return int(hours) * 60 + int(mins or 0)


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@dataclass
class Evidence:
    """What a draft and one existing record have in common, as measured by the index."""

    name: float | None = None  # core name likeness, 0 to 100
    live: int = 0  # records in the directory
    venue_count: int | None = None  # records at the shared venue
    venue_and_contact: int = 0  # records at that venue holding the shared contact too
    venue_words: str = ""  # "LS12 3AA" or "60 m apart"
    km: float | None = None  # nearest places otherwise (None: a side has no place)
    shared: dict[str, int] = field(default_factory=dict)  # contact field -> records holding it
    contact_differs: bool = False  # both gave contacts, none shared
    organisation_differs: bool = False
    mine: list[Slot] = field(default_factory=list)
    theirs: list[Slot] = field(default_factory=list)


@dataclass
class Verdict:
    """The summed evidence and what to say about it."""

    bits: float
    reasons: list[str]
    differences: list[str]


def value_u(kind: str, count: int, live: int) -> float:
    """u for one value held by `count` of `live` records: the count smoothed toward the prior."""
    return max((count + PSEUDO_RECORDS * U_PRIOR[kind]) / (live + PSEUDO_RECORDS), U_MIN)


def _name_level(likeness: float) -> Level:
    return next(level for floor, level in NAME_LEVELS if likeness >= floor)


def _contact(e: Evidence, said: list[tuple[float, str]], differs: list[str]) -> float:
    """Bits of evidence from the contacts, weighed as one signal, with what they say in words."""
    # One signal: one organisation's phone, mailbox and website usually go together, so counting
    # each would count one fact several times.
    if e.shared:
        weights = [math.log2(CONTACT_M[k] / value_u(k, n, e.live)) for k, n in e.shared.items()]
        best = max(weights)
        said.append((best, "same " + " and ".join(e.shared)))
        return best
    bits = 0.0
    if e.contact_differs:
        bits += CONTACT_DIFFERS.bits
        differs.append("different contact details")
    if e.organisation_differs:
        bits += ORGANISATION_DIFFERS.bits
        differs.append("different organisation")
    return bits


def _place(e: Evidence, said: list[tuple[float, str]], differs: list[str]) -> float:
    if e.venue_count is not None:
        u = value_u("venue", e.venue_count, e.live)
        if e.shared:
            held = max(e.shared.values())
            u = (e.venue_and_contact + 2 * VENUE_GIVEN_CONTACT) / (held + 2)
        bits = math.log2(SAME_VENUE_M / u)
        said.append((bits, f"same venue ({e.venue_words})"))
        return bits
    if e.km is None:
        return 0.0
    level = next(level for limit, level in PLACE_LEVELS if e.km <= limit)
    distance = f"{round(e.km * 1000)} m" if e.km < 1 else f"{e.km:.1f} km"
    if level.bits > 0:
        said.append((level.bits, f"nearby ({distance} apart)"))
    else:
        differs.append(f"{distance} apart")
    return level.bits


def compare_times(mine: Iterable[Slot], theirs: Iterable[Slot]) -> tuple[Level, str]:
    """The best agreement between two sets of meeting times, in words."""
    mine, theirs = list(mine), list(theirs)
    same_day = [(a, b) for a in mine for b in theirs if a.day == b.day]
    for a, b in sorted(same_day, key=lambda p: abs(p[0].start - p[1].start)):
        day = DAY_NAMES[DAYS[a.day]]
        if a.start == b.start:
            return SAME_TIME, f"{day} {_hhmm(a.start)} both"
        if a.start < b.end and b.start < a.end:
            return SAME_TIME, f"{day}, times overlap ({_hhmm(a.start)} / {_hhmm(b.start)})"
        return SAME_DAY, f"same day, different time ({_hhmm(a.start)} / {_hhmm(b.start)})"
    days = [
        ", ".join(dict.fromkeys(DAY_NAMES[DAYS[s.day]] for s in slots)) for slots in (mine, theirs)
    ]
    return OTHER_DAY, f"different day ({days[0]} / {days[1]})"


def judge(e: Evidence) -> Verdict:
    """Weigh every signal; reasons are the agreements, strongest first, differences the rest."""
    said: list[tuple[float, str]] = []
    differs: list[str] = []
    bits = 0.0
    if e.name is not None:
        level = _name_level(e.name)
        bits += level.bits
        if e.name >= NAME_LEVELS[1][0]:
            said.append((level.bits, "name alike"))
        elif e.name >= NAME_LEVELS[2][0]:
            said.append((level.bits, "name partly alike"))
        elif e.name < NAME_LEVELS[3][0]:
            differs.append("different name")
    bits += _contact(e, said, differs)
    bits += _place(e, said, differs)
    if e.mine and e.theirs:
        level, words = compare_times(e.mine, e.theirs)
        bits += level.bits
        (said.append((level.bits, words)) if level is SAME_TIME else differs.append(words))
    said.sort(key=lambda pair: -pair[0])
    return Verdict(round(bits, 3), [words for _, words in said], differs)
