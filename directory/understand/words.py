"""A search request's words and what has been read of them: chips, the words taken."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from core import english as english_words
from directory import vocabulary
from directory.models.base import DAYS

DAY_WORDS = {
    "monday": "mo", "tuesday": "tu", "wednesday": "we", "thursday": "th", "friday": "fr",
    "saturday": "sa", "sunday": "su", "mon": "mo", "tue": "tu", "tues": "tu", "wed": "we",
    "thu": "th", "thur": "th", "thurs": "th", "fri": "fr", "sat": "sa", "sun": "su",
}  # fmt: skip
# Days said from today, with the usual misspellings of "tomorrow"; "tonight" is also evening.
RELATIVE_DAYS = {"today": 0, "tonight": 0, "tomorrow": 1, "tomorow": 1, "tommorow": 1,
                 "tommorrow": 1, "tmrw": 1}  # fmt: skip
DAY_NAMES = dict(zip(DAYS, ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
                            "Sunday"), strict=True))  # fmt: skip
MAX_COST_POUNDS = 1000  # the most to pay a search takes; a higher price is no limit
MAX_RADIUS_KM = 200.0  # the furthest radius a search takes
# Parts of the day as the search form's time window (the activity starts and ends inside it).
PARTS_OF_DAY = {
    "morning": ("09:00", "12:00"),
    "afternoon": ("12:00", "17:00"),
    "evening": ("17:00", "23:59"),  # an evening session may run on past ten
    "night": ("17:00", "23:59"),
    "lunchtime": ("11:30", "14:00"),
}
# Said just after a day ("sat am", "weds pm"): its morning or afternoon.
AFTER_A_DAY = {"am": "morning", "a.m": "morning", "pm": "afternoon", "p.m": "afternoon",
               "eve": "evening", "eves": "evening"}  # fmt: skip
# The end of a working day, as people say it: the time it usually is. ("After school" is not
# here: an "after school club" is a kind of service.)
DAY_ENDS = {"after work": "17:00"}
FREE_PHRASES = ("free of charge", "no cost", "costs nothing", "free")
# Phrases for an access need or a setting, beyond the vocabulary's own names and synonyms.
EXTRA_ACCESS_PHRASES = {
    "step free": "step-free", "step-free": "step-free", "wheelchair accessible": "step-free",
    "wheelchair": "step-free", "wheelchair user": "step-free", "wheelchair users": "step-free",
    "women only": "women-only", "women-only": "women-only", "for women": "women-only",
    "womens only": "women-only", "women's only": "women-only", "womens-only": "women-only",
    "ladies only": "women-only", "ladies-only": "women-only",
    "hearing loop": "hearing-loop", "quiet": "quiet-space", "bsl": "bsl",
    "sign language": "bsl", "lgbt": "lgbtq-plus", "lgbtq": "lgbtq-plus", "lgbtq+": "lgbtq-plus",
}  # fmt: skip
# "Over 60s", "over-70s": a group for over-50s is for them too (the vocabulary names no older
# band), so these ask for it.
EXTRA_ACCESS_PHRASES |= {
    f"over{gap}{age}{end}": "over-50s"
    for age in range(55, 100, 5)
    for gap in (" ", "-")
    for end in ("s", "'s")
}


def _access_phrases() -> dict[str, str]:
    """The access vocabulary's names and its synonyms of two or more words, and the extras."""
    # Not one-word synonyms: "loop", "calm", "carer" or "beginners" say too little alone to
    # narrow a search by them.
    table: dict[str, str] = {}
    for code, term in vocabulary.TERMS[vocabulary.ACCESS].items():
        for phrase in (term.name, *term.synonyms):
            said = phrase.lower()
            if len(said.split()) > 1 or "-" in said:
                table[said] = code
    return {**table, **EXTRA_ACCESS_PHRASES}


ACCESS_PHRASES = _access_phrases()
SETTING_PHRASES = {"online": "online", "on line": "online", "virtual": "online", "zoom": "online"}
PLACE_WORDS = ("near to", "close to", "near", "around", "in", "nr")
# Words that only join a part of a request to the rest ("on Tuesday", "every Tuesday", "this
# Sunday"): taken with the part they lead into.
LINK_WORDS = frozenset({"on", "at", "for", "a", "an", "the", "any", "and", "in", "during", "of",
                        "this", "next", "every", "each", "or"})  # fmt: skip
MAX_PLACE_WORDS = 3
Lookup = Callable[[str], "str | None"]


@dataclass(frozen=True)
class Chip:
    """One filter read from the request: the form field(s) it sets and the words it came from."""

    label: str
    args: tuple[tuple[str, str], ...]
    words: str
    at: int = 0  # where its words start in the request


@dataclass
class Understood:
    """The filters read from a request and the words left to search for."""

    chips: list[Chip] = field(default_factory=list)
    # Other days or times of day than the one searched, each of which needs its own search.
    others: list[Chip] = field(default_factory=list)
    leftover: str = ""  # the words to search for: those no filter took, and interest words
    fillers: list[str] = field(default_factory=list)  # words that ask for any activity at all
    denied: list[str] = field(default_factory=list)  # what the request rules out, not searched
    unmeasured: list[str] = field(default_factory=list)  # how far, said with no place: unread
    # A name after "near" that is no place known ("near Zorbleton"): searched as a word, and said.
    unknown_places: list[str] = field(default_factory=list)
    # Other places than the one searched ("near Armley or Bramley"): the search takes one.
    places_aside: list[Chip] = field(default_factory=list)

    @property
    def other(self) -> Chip | None:
        """The second day or time of day, which needs another search; None if there is none."""
        return self.others[0] if self.others else None

    @property
    def filters_beyond_topic(self) -> bool:
        """Tell whether the request names a filter other than an interest (free, a place...)."""
        return any(key != "interest" for key, _ in self.args())

    def args(self) -> list[tuple[str, str]]:
        """Every query-string argument the chips set."""
        return [pair for chip in self.chips for pair in chip.args]


@dataclass
class Words:
    """The request split into words, with which of them a chip has taken."""

    raw: list[str]
    taken: list[bool]
    searched: set[int] = field(default_factory=set)  # taken, but still searched for
    skipped: list[int] = field(default_factory=list)  # held while one phrase is looked for
    places: list[tuple[int, int]] = field(default_factory=list)  # where places read start, end

    @property
    def plain(self) -> list[str]:
        """Lower-case words without surrounding punctuation (£ and + kept)."""
        return [w.lower().strip(".,;:!?()\"'") for w in self.raw]

    def free(self, start: int, length: int) -> bool:
        """Tell whether none of the words in the span is taken yet."""
        end = start + length
        return end <= len(self.raw) and not any(self.taken[start:end])

    def take(self, start: int, length: int) -> tuple[str, int]:
        """Mark the span as taken, with link words just before it; its words and start."""
        for _ in range(2):
            if start > 0 and not self.taken[start - 1] and self.plain[start - 1] in LINK_WORDS:
                start, length = start - 1, length + 1
        for i in range(start, start + length):
            self.taken[i] = True
        return " ".join(self.raw[start : start + length]), start

    def take_every(self, phrases: Iterable[str]) -> list[tuple[int, int]]:
        """Mark each free occurrence of the phrases as taken, in turn; their (start, length)."""
        spans = []
        for phrase in phrases:
            size = len(phrase.split())
            while (start := self.find(phrase)) is not None:
                self.taken[start : start + size] = [True] * size
                spans.append((start, size))
        return spans

    def find(self, phrase: str) -> int | None:
        """The start of the first free occurrence of a phrase of whole words."""
        parts = phrase.split()
        plain = self.plain
        for i in range(len(plain) - len(parts) + 1):
            if plain[i : i + len(parts)] == parts and self.free(i, len(parts)):
                return i
        return None


def add_chip(out: Understood, chip: Chip) -> None:
    """Add a chip, or its words to the chip that already sets the same filters."""
    for i, other in enumerate(out.chips):
        if set(chip.args) <= set(other.args):
            out.chips[i] = replace(other, words=f"{other.words} {chip.words}")
            return
    out.chips.append(chip)


def read_phrases(
    out: Understood, words: Words, table: dict[str, str], key: str, scheme: str
) -> None:
    """Read the phrases of a table (access, setting) as chips of that filter, longest first."""
    for phrase in sorted(table, key=lambda p: -len(p.split())):
        while (start := words.find(phrase)) is not None:
            said, at = words.take(start, len(phrase.split()))
            code = table[phrase]
            add_chip(out, Chip(vocabulary.label(scheme, code), ((key, code),), said, at))


def read_interests(out: Understood, words: Words) -> None:
    """Read the interests the vocabulary names as chips (synonyms included)."""
    index = vocabulary.synonym_index(vocabulary.INTEREST)
    # A phrase of several words may be said in the plural ("coffee mornings", "lunch clubs").
    said_as = [(p, p) for p in index] + [(f"{p}s", p) for p in index if " " in p]
    for typed, phrase in sorted(said_as, key=lambda p: -len(p[0].split())):
        while (start := words.find(typed)) is not None:
            said, at = words.take(start, len(phrase.split()))
            # Why: the words also rank the matches ("walking football" first among football).
            words.searched.update(range(at, start + len(phrase.split())))
            codes = sorted(index[phrase])
            label = " or ".join(vocabulary.label(vocabulary.INTEREST, c) for c in codes)
            add_chip(out, Chip(label.lower(), tuple(("interest", c) for c in codes), said, at))


def word_at(plain: list[str], i: int) -> str:
    """Word i of a request, or '' past its end."""
    return plain[i] if 0 <= i < len(plain) else ""


# Numbers of something else ("8 to 12 year olds", "2 to 5 miles"): no clock times.
COUNTED = frozenset({"year", "years", "yr", "yrs", "year-olds", "yo", "miles", "mile", "km",
                     "mins", "minutes", "hours", "hrs", "people", "pounds",
                     "quid", "weeks"})  # fmt: skip


# Said before numbers that are ages ("kids 8-12", "aged 8 to 12"): no clock times.
AGES_BEFORE = frozenset({"kids", "children", "ages", "aged", "age", "years", "yrs"})


# Said before a bound and a number, who the number's age is ("kids up to 11", "young people up
# to 25", "adults up to 65", "over 50s up to 70"): the number is an age, not a price.
PEOPLE_BEFORE = AGES_BEFORE | frozenset({
    "people", "person", "persons", "adults", "adult", "young", "youth", "youths", "youngsters",
    "teens", "teenagers", "child", "children", "boys", "girls", "men", "women", "lads", "ladies",
    "pupils", "students", "folk", "folks", "anyone", "everyone", "those", "olds", "year-olds",
    "babies", "toddlers", "seniors", "elders", "juniors", "aged", "old",
})  # fmt: skip
_DECADES = re.compile(r"(?:over-|under-)?\d{2}s")  # "over 50s", "under-25s"


def an_age(plain: list[str], before: int) -> bool:
    """Tell whether the word at `before`, just before a bound, makes the number after it an age."""
    # "ages 18 up to 25", "aged from 16 up to 25": a first age between the age word and the bound
    if re.fullmatch(r"\d{1,2}", word_at(plain, before)):
        before -= 2 if word_at(plain, before - 1) == "from" else 1
    word = word_at(plain, before)
    return word in PEOPLE_BEFORE or _DECADES.fullmatch(word) is not None


def is_counted(plain: list[str], after: int, before: int = -1) -> bool:
    """Tell whether the word after a span (or an age word before it) names what it counts."""
    return (
        after < len(plain)
        and plain[after] in COUNTED
        or (before >= 0 and plain[before] in AGES_BEFORE)
    )


# The words of the vocabulary: never a place named without "in" or "near" ("yoga", "church").
VOCABULARY_PHRASES = (
    frozenset(
        phrase
        for scheme in (vocabulary.INTEREST, vocabulary.ACCESS, vocabulary.SETTING)
        for phrase in vocabulary.synonym_index(scheme)
    )
    | frozenset(ACCESS_PHRASES)
    | frozenset(SETTING_PHRASES)
)


def ordinary_english(word: str) -> bool:
    """Tell whether a word is everyday English rather than a proper name ("park", not "leeds")."""
    # simplemma knows many town names, with a capital ("Leeds", "York"): those are names. "" is a
    # mark alone (","), which simplemma refuses.
    if not word or not english_words.known(word):
        return False
    return not english_words.lemma(word)[:1].isupper()


# "Any day but Friday", "every day except Sundays": a day ruled out, as "not on Fridays" is.
ANY_DAY_BUT = tuple(f"{anyday} {but}" for anyday in ("any day", "every day", "everyday",
                                                     "all days", "any time", "anytime")
                    for but in ("but", "except", "except for", "apart from",
                                "other than"))  # fmt: skip
