"""Read a search request as people type it ("free art classes near LS12 on Saturday mornings")
into the search form's filters, keeping the words that are not a filter as search words."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from rapidfuzz.distance import OSA

from directory import clock, vocabulary
from directory.hsds import languages
from directory.models.base import DAYS, is_postcode_district, normalise_postcode
from directory.search.common import english

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
class _Words:
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

    def find(self, phrase: str) -> int | None:
        """The start of the first free occurrence of a phrase of whole words."""
        parts = phrase.split()
        plain = self.plain
        for i in range(len(plain) - len(parts) + 1):
            if plain[i : i + len(parts)] == parts and self.free(i, len(parts)):
                return i
        return None


def _add(out: Understood, chip: Chip) -> None:
    """Add a chip, or its words to the chip that already sets the same filters."""
    for i, other in enumerate(out.chips):
        if set(chip.args) <= set(other.args):
            out.chips[i] = replace(other, words=f"{other.words} {chip.words}")
            return
    out.chips.append(chip)


def _phrases(out: Understood, words: _Words, table: dict[str, str], key: str, scheme: str) -> None:
    for phrase in sorted(table, key=lambda p: -len(p.split())):
        while (start := words.find(phrase)) is not None:
            said, at = words.take(start, len(phrase.split()))
            code = table[phrase]
            _add(out, Chip(vocabulary.label(scheme, code), ((key, code),), said, at))


def _interests(out: Understood, words: _Words) -> None:
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
            _add(out, Chip(label.lower(), tuple(("interest", c) for c in codes), said, at))


def _free_and_cost(out: Understood, words: _Words) -> None:
    _cost(out, words)  # a price said ("under £3") before "cheap", which names none
    _low_cost(out, words)
    for phrase in FREE_PHRASES:
        start = words.find(phrase)
        if start is not None:
            said, at = words.take(start, len(phrase.split()))
            out.chips.append(Chip("free", (("free", "1"),), said, at))
            break


# "Cheap" names no price, so it is read as the "low cost" band many UK community directories
# use (Free / Low cost: under £5 / Paid); the chip says the number, so nothing is set unseen.
LOW_COST_POUNDS = "5"
LOW_COST_LABEL = f"low cost: at most £{LOW_COST_POUNDS}"
LOW_COST_PHRASES = ("not too expensive", "not very expensive", "not expensive", "low cost",
                    "low-cost", "affordable", "inexpensive", "cheapest", "cheaper", "cheapish",
                    "cheap")  # fmt: skip
AND_FREE = (("free", "or"), ("free", "and"), ("or", "free"), ("and", "free"))


def _low_cost(out: Understood, words: _Words) -> None:
    """'Cheap', 'low cost', 'affordable': at most the low-cost band's price, unless one is said."""
    for phrase in LOW_COST_PHRASES:
        start = words.find(phrase)
        if start is None:
            continue
        size = len(phrase.split())
        # "free or cheap" is all at most £5: free is in it, not a narrower filter beside it
        lead = 2 if _said_before(words, start, tuple(map(" ".join, AND_FREE[:2]))) else 0
        tail = 2 if _said_after(words, start + size, tuple(map(" ".join, AND_FREE[2:]))) else 0
        said, at = words.take(start - lead, lead + size + tail)
        priced = [i for i, c in enumerate(out.chips) if c.args[0][0] == "max_cost"]
        if priced:  # "cheap, under £3": the price said is the limit, "cheap" its words too
            chip = out.chips[priced[0]]
            out.chips[priced[0]] = replace(chip, words=f"{chip.words} {said}")
        else:
            out.chips.append(Chip(LOW_COST_LABEL, (("max_cost", LOW_COST_POUNDS),), said, at))
        return


# Words around a price that say it is the most to pay ("under £3", "£3 or less"); a price
# alone ("£2.50") says the same.
COST_BEFORE = ("no more than", "not more than", "less than", "cheaper than", "up to", "at most",
               "under", "below", "max", "maximum", "upto")  # fmt: skip
COST_AFTER = ("or less", "or under", "and under", "or below", "or cheaper", "at most", "max",
              "maximum", "tops")  # fmt: skip
POUND_WORDS = ("pounds", "pound", "quid")
# What a price is for, said after it ("£3 a session", "under 5 pounds per week"): the price's words.
PER_UNIT = tuple(f"{per} {unit}" for per in ("per", "a", "an", "each") for unit in (
    "session", "sessions", "class", "lesson", "visit", "time", "go", "week", "month", "hour",
    "day", "person", "head", "meeting", "term")) + ("each", "pp")  # fmt: skip
_POUNDS = re.compile(r"£(\d{1,4})(?:\.(\d{1,2}))?")
_PENCE = re.compile(r"(\d{1,2})p")
_AMOUNT = re.compile(r"\d{1,4}(\.\d{1,2})?")
# Numbers said in words before a money word ("five pounds"), and the notes people name.
NUMBER_WORDS = {word: n for n, word in enumerate((
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
    "twenty"), start=1)}  # fmt: skip
NOTES = {"fiver": "5", "tenner": "10"}


def _price_at(plain: list[str], i: int) -> tuple[str, int] | None:
    """A price starting at word i ('£2.50', '£ 3', '50p', '3 pounds 50') in pounds, its length."""
    word, nxt = _at(plain, i), _at(plain, i + 1)  # past the end after "£2 or": no price
    if word == "a" and nxt in NOTES:  # "a fiver"
        return NOTES[nxt], 2
    if word in NOTES:
        return NOTES[word], 1
    if word in NUMBER_WORDS and nxt in POUND_WORDS:
        word = str(NUMBER_WORDS[word])
    if word == "£" and _AMOUNT.fullmatch(nxt):
        word, length = "£" + nxt, 2
    elif _AMOUNT.fullmatch(word) and nxt in POUND_WORDS:
        word, length = "£" + word, 2
    else:
        length = 1
    if pence := _PENCE.fullmatch(word):
        return f"0.{int(pence.group(1)):02d}", length
    pounds = _POUNDS.fullmatch(word)
    if pounds is None:
        return None
    whole, part = pounds.groups()
    # After "£2" only pence said in words ("£2 seventy five"): "£3 50" may be £3 for 50 people.
    said_pence = None if part else _pence_at(plain, i + length, in_words=length == 1)
    if said_pence:  # "2 pounds 50", "3 quid 50p", "two pounds fifty", "£2 seventy-five"
        return f"{whole}.{said_pence[0]:02d}", length + said_pence[1]
    return (f"{whole}.{part.ljust(2, '0')}" if part else whole), length


# The pence said in words after a number of pounds ("two pounds fifty", "3 quid seventy five").
TENS = {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
        "ninety": 90}  # fmt: skip
TENS_SAID = {"twenty": 20, **TENS}
PENCE_WORDS = ("p", "pence")


def _pence_in_words(word: str, nxt: str, teens: bool) -> tuple[int, int] | None:
    """Pence said in words ('fifty', 'seventy five', 'seventy-five'; 'ten' if teens), its length."""
    tens, _, unit = word.partition("-")
    if tens in TENS_SAID and NUMBER_WORDS.get(unit, 10) < 10:  # "seventy-five"
        return TENS_SAID[tens] + NUMBER_WORDS[unit], 1
    if word in TENS_SAID:
        if NUMBER_WORDS.get(nxt, 10) < 10:  # "seventy five"
            return TENS_SAID[word] + NUMBER_WORDS[nxt], 2
        return TENS_SAID[word], 1
    # "ten" to "nineteen" only after "pounds": "£5 ten pin bowling" is no £5.10
    return (NUMBER_WORDS[word], 1) if teens and NUMBER_WORDS.get(word, 0) >= 10 else None


def _pence_at(plain: list[str], i: int, in_words: bool = False) -> tuple[int, int] | None:
    """The pence said from word i after a number of pounds ('50', '50p', 'fifty'), its length."""
    # in_words: only pence said in words count (after "£2", where "50" may count something).
    word, nxt = _at(plain, i), _at(plain, i + 1)
    if (found := re.fullmatch(r"(\d{2})p?|(\d)p", word)) and not in_words:
        pence, length = int(found.group(1) or found.group(2)), 1
    elif said := _pence_in_words(word, nxt, teens=not in_words):
        pence, length = said
    else:
        return None
    if not word.endswith("p") and _at(plain, i + length) in PENCE_WORDS:
        length += 1  # "2 pounds 50 pence", "two pounds fifty p"
    counted = _at(plain, i + length) in COUNTED  # "3 pounds 50 minutes' walk"
    return None if counted else (pence, length)


def _at(plain: list[str], i: int) -> str:
    """Word i of a request, or '' past its end."""
    return plain[i] if 0 <= i < len(plain) else ""


# After these, a number alone is the most to pay ("up to 4", "less than 2.50"); after the
# other bounds ("under 5", "max 8") only a price in pounds and pence is, as a whole number
# there is as often an age or a group's size.
WHOLE_PRICE_BEFORE = ("no more than", "not more than", "less than", "cheaper than", "up to",
                      "upto", "at most")  # fmt: skip
# Said after a number, what it counts when that is not money ("up to 4 times", "under 2.5 hrs").
NOT_MONEY_AFTER = frozenset({
    "times", "day", "days", "hour", "hr", "min", "minute", "week", "month", "months", "person",
    "kids", "children", "adults", "places", "spaces", "members", "players", "am", "pm", "k",
    "kms", "mi", "m", "metres", "meters", "steps", "%", "percent", "a.m", "p.m", "o'clock",
    "oclock",
})  # fmt: skip


def _bare_price(words: _Words, i: int) -> tuple[str, int] | None:
    """A number without a money word after a bound that makes it a price ('under 3.50')."""
    plain = words.plain
    amount = _AMOUNT.fullmatch(plain[i])
    bound = next((b for b in COST_BEFORE if _said_before(words, i, (b,))), "")
    if amount is None or not bound or not (amount.group(1) or bound in WHOLE_PRICE_BEFORE):
        return None
    before = i - len(bound.split()) - 1  # who it is for, before the bound: "kids up to 11"
    if _counted(plain, i + 1) or _an_age(plain, before) or _at(plain, i + 1) in NOT_MONEY_AFTER:
        return None
    whole, _, part = plain[i].partition(".")
    return (f"{whole}.{part.ljust(2, '0')}" if part else whole), 1


_WITH_PENCE = re.compile(r"\d{1,4}\.\d{2}")


def unread_amounts(text: str) -> list[str]:
    """Amounts in pounds and pence among words to search ("3.50"): no price, said bare."""
    # Without "£", a money word or a bound ("under 3.50") an amount is no price: "yoga 3.50" may
    # as well be ten to four. The page says how to ask for either.
    raw = text.split()
    plain = _Words(raw, [False] * len(raw)).plain
    return [
        word
        for i, word in enumerate(plain)
        if _WITH_PENCE.fullmatch(word) and not _counted(plain, i + 1)
        and _at(plain, i + 1) not in NOT_MONEY_AFTER
    ]  # fmt: skip


def _said_before(words: _Words, i: int, phrases: tuple[str, ...]) -> int:
    """How many free words just before word i are one of the phrases (0: none)."""
    for phrase in phrases:
        size = len(phrase.split())
        if i >= size and words.plain[i - size : i] == phrase.split():
            return size if words.free(i - size, size) else 0
    return 0


def _said_after(words: _Words, i: int, phrases: tuple[str, ...]) -> int:
    """How many free words from word i on are one of the phrases (0: none)."""
    for phrase in phrases:
        size = len(phrase.split())
        if words.plain[i : i + size] == phrase.split():
            return size if words.free(i, size) else 0
    return 0


def _cost(out: Understood, words: _Words) -> None:
    """The most a person will pay: a price, with or without 'under' or 'or less' around it."""
    plain = words.plain
    for i in range(len(plain)):
        price = _price_at(plain, i) or _bare_price(words, i)
        if price is None or not words.free(i, price[1]):
            continue
        value, length = price
        if float(value) > MAX_COST_POUNDS:
            return  # more than any price the search takes: the words are searched, as typed
        lead = _said_before(words, i, COST_BEFORE) or _said_before(words, i, ("between",))
        upper = _upper_price(words, i + length)
        if upper is not None:  # "between £2 and £4", "£2 to £4": at most the higher
            value, length = max((value, upper[0]), key=float), length + upper[1]
        tail = _said_after(words, i + length, COST_AFTER)
        tail += _said_after(words, i + length + tail, PER_UNIT)
        said, at = words.take(i - lead, lead + length + tail)
        out.chips.append(Chip(f"under £{value}", (("max_cost", value),), said, at))
        return


def _upper_price(words: _Words, i: int) -> tuple[str, int] | None:
    """The second price of a range said from word i ("and £4", "to 4 pounds"), its length."""
    plain = words.plain
    if i >= len(plain) or plain[i] not in ("and", "to", "-", "–", "or"):
        return None
    price = _price_at(plain, i + 1)
    if price is None or not words.free(i, price[1] + 1) or float(price[0]) > MAX_COST_POUNDS:
        return None
    return price[0], price[1] + 1


SPEAKING_AFTER = ("speaking", "speakers", "speaker", "spoken")
SPEAKING_BEFORE = ("in", "speaks", "speak", "speaking")
ASSUMED = "en"  # the language a session is in unless its entry says otherwise


def _languages(out: Understood, words: _Words) -> None:
    """'Spanish speaking', 'Urdu-speaking', 'in Polish', 'speaks Arabic': a spoken language."""
    for name in sorted(languages.NAMES, key=lambda n: -len(n.split())):
        if languages.NAMES[name] == ASSUMED:
            continue  # "conversation in English": words to search, as few entries record English
        size = len(name.split())
        while (start := words.find(name)) is not None:
            plain = words.plain
            after = plain[start + size] if start + size < len(plain) else ""
            before = plain[start - 1] if start > 0 and words.free(start - 1, 1) else ""
            if after in SPEAKING_AFTER and words.free(start + size, 1):
                said, at = words.take(start, size + 1)
            elif before in SPEAKING_BEFORE:
                said, at = words.take(start - 1, size + 1)
            else:
                words.taken[start] = True  # looked at: not a spoken language here
                words.skipped.append(start)
                continue
            code = languages.NAMES[name]
            label = f"in {languages.name_of(code)}"
            _add(out, Chip(label, (("language", code),), said, at))
        for i in words.skipped:
            words.taken[i] = False
        words.skipped.clear()
    hyphened = [i for i, w in enumerate(words.plain) if w.endswith("-speaking")]
    for i in hyphened:
        spoken = languages.NAMES.get(words.plain[i].removesuffix("-speaking"))
        if spoken and spoken != ASSUMED and words.free(i, 1):
            said, at = words.take(i, 1)
            _add(out, Chip(f"in {languages.name_of(spoken)}", (("language", spoken),), said, at))


def _day_of(word: str, today: int | None) -> str | None:
    """The day code a word names: a weekday, or today and tomorrow when today is known."""
    day = DAY_WORDS.get(word.removesuffix("s")) or DAY_WORDS.get(word)
    if day is None and today is not None and word in RELATIVE_DAYS:
        day = DAYS[(today + RELATIVE_DAYS[word]) % 7]
    return day or _misspelt_day(word)


# Short forms of days that are also everyday words ("sun cream", "sat nav", "newly wed"): as
# the free-time reader (matcher/free_times.py) reads them, a day only where the request says
# one there. "mon", "tue", "thu" and "fri" are no everyday words: days wherever they are.
WORDLIKE_DAYS = frozenset({"sun", "sat", "wed"})
# Said just before a day ("on sat", "every wed", "this sun", "until sat").
DAY_LEADS = frozenset({"on", "every", "each", "this", "next", "from", "until", "till", "til"})
# Said before a noun or a verb ("no sun", "the sun", "we sat"): what follows them is no day.
WORD_LEADS = frozenset({"the", "a", "an", "no", "some", "more", "much", "less", "enough", "of",
                        "my", "your", "his", "her", "its", "our", "their", "that", "i", "we",
                        "you", "he", "she", "they", "who"})  # fmt: skip
# Between days of a list or a run ("sat or sun", "mon, wed or fri", "wed to sun").
DAYS_BETWEEN = ("or", "and", "&", "nor", "/", "to", "-", "–")
WEEK_WORDS = frozenset({"weekend", "weekends", "weekday", "weekdays"})


def _a_day_here(words: _Words, i: int) -> bool:
    """Tell whether word i, a day's name, names a day: a short form that is a word needs more."""
    plain = words.plain
    if plain[i].removesuffix("s") not in WORDLIKE_DAYS:
        return True
    before = _at(plain, i - 1)
    lead = _at(plain, i - 2) if before in ("a", "the") else before  # "on a sat"
    if lead in DAY_LEADS or any(_ends_with(plain, i, p) for p in ANY_DAY_BUT):
        return True
    if _beside_a_day(plain, i) or _time_size(words, i + 1):  # "sat or sun", "sun 10am"
        return True
    if _activity_at(plain, i + 1):  # "sat yoga"
        return True
    # Last of what is left to read ("fishing club sat"), a part of its own ("yoga, sat,") or
    # after an activity ("yoga sat armley", but "yoga sun cream"), unless it is a noun ("no sun")
    last = all(words.taken[i + 1 :]) or i > 0 and words.raw[i][-1] in ",;"
    after = _activity_before(plain, i) and not _ordinary_english(_at(plain, i + 1))
    return (last or after) and before not in WORD_LEADS


def _ends_with(plain: list[str], i: int, phrase: str) -> bool:
    """Tell whether the words just before word i are the phrase."""
    said = phrase.split()
    return i >= len(said) and plain[i - len(said) : i] == said


def _beside_a_day(plain: list[str], i: int) -> bool:
    """Tell whether a day is named next to word i, or a joining word away ('sat or sun')."""
    for step in (-1, 1):
        j = i + step
        j += step if _at(plain, j) in DAYS_BETWEEN else 0
        if _day_of(_at(plain, j), None) or _at(plain, j) in WEEK_WORDS:
            return True
    return False


def _activity_at(plain: list[str], i: int) -> bool:
    """Tell whether the words from word i name an activity or a need the vocabulary knows."""
    return any(" ".join(plain[i : i + n]) in VOCABULARY_PHRASES for n in range(1, 4))


def _activity_before(plain: list[str], i: int) -> bool:
    """Tell whether the words just before word i name an activity or a need the vocabulary knows."""
    return any(" ".join(plain[i - n : i]) in VOCABULARY_PHRASES for n in range(1, 4) if n <= i)


MIN_SLIPPED_LETTERS = 6  # shorter words near a day ("frida", "sundy") are as often another word


def _misspelt_day(word: str) -> str | None:
    """The day a misspelt day name means ("wensday", "thrusday", "tusday"), or None."""
    # Slips rarely touch the first letter ("Funday" is a fun day); the long names take two, as
    # "wensday" is still nearer no other day. An English word ("sundry") is meant as typed.
    said = word.removesuffix("s")
    if len(said) < MIN_SLIPPED_LETTERS or not said.isalpha():
        return None
    near = sorted(
        (OSA.distance(said, name.lower()), code)
        for code, name in DAY_NAMES.items()
        if name[0].lower() == said[0]
    )
    if not near or len(near) > 1 and near[1][0] == near[0][0]:
        return None
    slips, code = near[0]
    if slips > (2 if len(DAY_NAMES[code]) >= 8 else 1) or english(word):
        return None
    return code


def from_today(word: str) -> str:
    """How a word names a day counted from today, spelt out ("tomorrow" for "tmrw"); or ''."""
    if word not in RELATIVE_DAYS:
        return ""
    return "tomorrow" if RELATIVE_DAYS[word] == 1 else word


def said_from_today(text: str, day: str, today: int) -> str:
    """The word a request named the day by counted from today ("tomorrow"), or ''."""
    raw = text.split()
    for word in _Words(raw, [False] * len(raw)).plain:
        if word in RELATIVE_DAYS and DAYS[(today + RELATIVE_DAYS[word]) % 7] == day:
            return from_today(word)
    return ""


WEEKEND = ("sa", "su")
WEEKDAYS = ("mo", "tu", "we", "th", "fr")
WEEKDAY_PHRASES = ("during the week", "in the week", "monday to friday", "mon to fri", "mon-fri",
                   "weekdays", "weekday")  # fmt: skip
# Ways to say "on Saturday or Sunday" (link words before them, "at the", are taken anyway).
WEEKEND_PHRASES = ("over the weekend", "this weekend", "next weekend", "every weekend",
                   "weekends", "weekend")  # fmt: skip
DAY_JOINERS = ("or", "and", "&")  # "saturday or sunday", "mon and wed": either day will do


def days_in_words(days: tuple[str, ...] | list[str], part: str = "") -> str:
    """Days (and a part of them) as a chip says them: 'weekends', 'Monday or Wednesday'."""
    # Also 'Tuesday'; with a part: 'weekend mornings', 'Saturday mornings'.
    if tuple(days) in (WEEKEND, WEEKDAYS):
        kind = "weekend" if tuple(days) == WEEKEND else "weekday"
        return f"{kind} {part}s" if part else f"{kind}s"
    names = _runs(days, grouped=not part)
    said = " or ".join([", ".join(names[:-1]), names[-1]] if len(names) > 2 else names)
    return f"{said} {part}s" if part else said


MIN_RUN = 3  # days in a row said as one run ("Tuesday to Sunday"); two are named each


def _runs(days: tuple[str, ...] | list[str], grouped: bool = True) -> list[str]:
    """Days by name, three or more in a row first as a run: ['Monday to Thursday', 'weekends']."""
    runs: list[list[str]] = []
    for day in days:
        follows = runs and day in DAYS and runs[-1][-1] in DAYS
        if follows and DAYS.index(day) == DAYS.index(runs[-1][-1]) + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    said: list[str] = []
    for n, run in enumerate(runs):
        # "weekdays or Sunday"; but "Monday to Thursday, Saturday or Sunday mornings"
        if grouped and tuple(run) in (WEEKEND, WEEKDAYS) and len(runs) > 1:
            said.append("weekends" if tuple(run) == WEEKEND else "weekdays")
        elif len(run) >= MIN_RUN and n == 0:  # not "Monday or Wednesday to Friday"
            said.append(f"{DAY_NAMES[run[0]]} to {DAY_NAMES[run[-1]]}")
        else:
            said += [DAY_NAMES.get(d, d) for d in run]
    return said


def _days_at(words: _Words, i: int, today: int | None) -> tuple[tuple[str, ...], int] | None:
    """The days named from word i (the weekend, or two joined by "or") and their word count."""
    plain = words.plain
    for days, phrases in ((WEEKEND, WEEKEND_PHRASES), (WEEKDAYS, WEEKDAY_PHRASES)):
        for phrase in phrases:
            size = len(phrase.split())
            if " ".join(plain[i : i + size]) == phrase and words.free(i, size):
                return days, size
    first = _day_of(plain[i], today)
    if first is None or i + 2 >= len(plain) or plain[i + 1] not in DAY_JOINERS:
        return None
    second = _day_of(plain[i + 2], today)
    if second is None or second == first or not words.free(i, 3):
        return None
    return tuple(sorted((first, second), key=DAYS.index)), 3


def _part_after(plain: list[str], i: int) -> str:
    """The part of the day word i names after a day ("mornings", "am"), or ''."""
    word = plain[i] if i < len(plain) else ""
    return AFTER_A_DAY.get(word) or part_of_day(word)


def part_of_day(word: str) -> str:
    """The part of the day a word names ("mornings", "evenng" slipped), or the word as it is."""
    said = word.removesuffix("s")
    if said in PARTS_OF_DAY or len(said) < MIN_SLIPPED_LETTERS or not said.isalpha():
        return said
    # One slip in a long word ("evenng", "mornign", "afternon"), when it is no English word.
    near = [part for part in PARTS_OF_DAY if OSA.distance(said, part) <= 1]
    return near[0] if len(near) == 1 and not english(word) else said


def _several_days(out: Understood, words: _Words, today: int | None) -> None:
    """'At the weekend', 'saturday or sunday', 'mon or wed': one chip for a session on any."""
    # A part of the day after them counts too ("weekend mornings").
    plain = words.plain
    for i in range(len(plain)):
        found = _days_at(words, i, today)
        if found is None:
            continue
        days, size = found
        part = _part_after(plain, i + size)
        if part not in PARTS_OF_DAY or not words.free(i + size, 1):
            part = ""
        said, at = words.take(i, size + (1 if part else 0))
        pairs = tuple(("day", d) for d in days)
        if part:
            pairs += (("from", PARTS_OF_DAY[part][0]), ("to", PARTS_OF_DAY[part][1]))
        out.chips.append(Chip(days_in_words(days, part), pairs, said, at))
        return


def _day_and_time(out: Understood, words: _Words, today: int | None) -> None:
    plain = words.plain
    for i, word in enumerate(plain):
        day = _day_of(word, today)
        if day is None or not words.free(i, 1) or not _a_day_here(words, i):
            continue
        part = _part_after(plain, i + 1)
        length = 2 if part in PARTS_OF_DAY and words.free(i + 1, 1) else 1
        if length == 1:
            part = "evening" if word == "tonight" else ""
        said, at = words.take(i, length)
        pairs: tuple[tuple[str, str], ...] = (("day", day),)
        if part:
            pairs += (("from", PARTS_OF_DAY[part][0]), ("to", PARTS_OF_DAY[part][1]))
        label = days_in_words((day,), part)
        if relative := from_today(word):
            label = f"{label} ({relative})"
        out.chips.append(Chip(label, pairs, said, at))
        break
    if any(key == "from" for key, _ in out.args()):
        return
    for i, word in enumerate(words.plain):
        part = part_of_day(word)
        if part in PARTS_OF_DAY and words.free(i, 1) and not _names_an_event(words.plain, i):
            said, at = words.take(i, 1)
            start, end = PARTS_OF_DAY[part]
            out.chips.append(Chip(f"{part}s", (("from", start), ("to", end)), said, at))
            break


# Kinds of event the interests name by a part of the day ("coffee morning", "games night").
EVENT_NAMES = frozenset(
    phrase
    for phrase in vocabulary.synonym_index(vocabulary.INTEREST)
    if len(phrase.split()) > 1 and phrase.split()[-1] in PARTS_OF_DAY
)


def _names_an_event(plain: list[str], i: int) -> bool:
    """Tell whether a part of the day ends a kind of event an interest names ("coffee mornings")."""
    # A noun and a part of the day after it name a kind of event, which is searched for, not
    # a time of day. A part of the day before a noun says when ("evening class").
    lead = plain[max(i - 2, 0) : i]
    said = [*lead, part_of_day(plain[i])]
    return any(" ".join(said[-size:]) in EVENT_NAMES for size in (2, 3) if len(said) >= size)


def time_in_words(days: tuple[str, ...] | list[str], start: str, end: str) -> str:
    """Days and a time window in words: 'Saturday mornings', 'evenings', 'Sunday after 18:00'."""
    for part, window in PARTS_OF_DAY.items():
        if window == (start, end):
            return days_in_words(days, part) if days else f"{part}s"
    clock = f"{start} to {end}" if start and end else f"after {start}" if start else ""
    clock = clock or (f"before {end}" if end else "")
    return " ".join(said for said in (days_in_words(days) if days else "", clock) if said)


def _time_of(args: list[tuple[str, str]]) -> tuple[tuple[str, ...], str, str]:
    """The days and the time window (earliest, latest; '' when open) a reading sets."""
    window = dict(pair for pair in args if pair[0] in ("from", "to"))
    days = tuple(d for d in DAYS if ("day", d) in args)
    return days, window.get("from", ""), window.get("to", "")


def _joined(words: _Words, at: int) -> bool:
    """Tell whether the words from `at` are joined to what comes before ("or", "and", a comma)."""
    before = words.raw[at - 1] if at > 0 else ""
    return (
        words.plain[at] in DAY_JOINERS
        or (at > 0 and words.plain[at - 1] in DAY_JOINERS)
        or before.endswith((",", ";", "/"))
    )


def _next_time(words: _Words, today: int | None) -> Understood | None:
    """The next day or time of day, when it is joined to what comes before it; or None."""
    taken = list(words.taken)
    more = Understood()
    _several_days(more, words, today)
    _day_and_time(more, words, today)
    _clock_times(more, words)
    more.chips.sort(key=lambda chip: chip.at)
    if not more.chips or not _joined(words, more.chips[0].at):
        words.taken = taken  # "coffee morning on friday evening": the words of an interest
        return None
    return more


def _other_time(out: Understood, words: _Words, today: int | None) -> None:
    """Other days or times of day joined to the first ("sunday evening and saturday morning")."""
    # The form holds one set of days and one window: the same window on other days is more
    # days; each other window is kept aside in `others`, for the page to offer as a search.
    days, start, end = _time_of(out.args())
    if not (days or start or end):
        return
    while (more := _next_time(words, today)) is not None:
        other_days, other_start, other_end = _time_of(more.args())
        if (other_start, other_end) == (start, end):
            out.chips += more.chips  # "saturday morning and sunday morning": either day
        else:
            # "sunday morning and afternoon": Sunday afternoons
            out.others.append(_aside(words, more, other_days or days, other_start, other_end))


def _aside(words: _Words, more: Understood, days: tuple[str, ...], start: str, end: str) -> Chip:
    """The chip of a time of day kept aside for its own search, with the joining word."""
    pairs = tuple(("day", d) for d in days)
    pairs += tuple((k, v) for k, v in (("from", start), ("to", end)) if v)
    said = " ".join(chip.words for chip in more.chips)
    at = more.chips[0].at
    if at > 0 and words.plain[at - 1] in DAY_JOINERS and words.free(at - 1, 1):
        words.taken[at - 1], said, at = True, f"{words.raw[at - 1]} {said}", at - 1  # "&"
    return Chip(time_in_words(days, start, end), pairs, said, at)


# "after 6pm", "before 10am", "from 2", "between 10am and 2pm", "10am-2pm": a time window,
# read by directory/clock.py as the add-a-session form reads a typed time.
_NAMED_TIMES = r"(?:12 )?(?:noon|midday)"
_CLOCK = rf"\d{{1,2}}(?:[:.]\d{{2}})? ?(?:am|pm|a\.m\.?|p\.m\.?)?|{_NAMED_TIMES}"
# A clock time said as one, not a bare number: after "up to", "up to 4" is a price.
_STATED = rf"\d{{1,2}}(?:[:.]\d{{2}})? ?(?:am|pm|a\.m\.?|p\.m\.?)|\d{{1,2}}:\d{{2}}|{_NAMED_TIMES}"
# Said before the latest a session may end, as well as "before" and "until".
LATEST_BEFORE = ("up to", "upto", "no later than", "not later than")
_TIMES = re.compile(
    rf"(?:(?P<after>after|from|since)|(?P<before>before|by|until|till|til)) (?P<at>{_CLOCK})|"
    rf"(?:{'|'.join(LATEST_BEFORE)}) (?P<by>{_STATED})|"
    rf"(?:between |from )?(?P<start>{_CLOCK}) ?(?:-|–|to|and|till|until) ?(?P<end>{_CLOCK})|"
    # a time alone, said with am or pm or named ("at 7pm", "6.30pm", "noon"): sessions from then
    r"(?:at |around |about )?"
    rf"(?P<alone>\d{{1,2}}(?:[:.]\d{{2}})? ?(?:am|pm|a\.m\.?|p\.m\.?)|{_NAMED_TIMES})"
)


def _window(found: re.Match[str]) -> tuple[tuple[tuple[str, str], ...], str] | None:
    """The form's time window a request's clock times set, and its label; None if unreadable."""
    try:
        if found["after"] or found["alone"]:
            start = clock.read_time(found["at"] or found["alone"])
            return (("from", start),), f"after {start}"
        if found["before"] or found["by"]:
            end = clock.read_time(found["at"] or found["by"])
            return (("to", end),), f"before {end}"
        reading = clock.read_range(found["start"], found["end"], "from", "to")
    except clock.TimeError:
        return None
    return (("from", reading.start), ("to", reading.end)), f"{reading.start} to {reading.end}"


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


def _an_age(plain: list[str], before: int) -> bool:
    """Tell whether the word at `before`, just before a bound, makes the number after it an age."""
    # "ages 18 up to 25", "aged from 16 up to 25": a first age between the age word and the bound
    if re.fullmatch(r"\d{1,2}", _at(plain, before)):
        before -= 2 if _at(plain, before - 1) == "from" else 1
    word = _at(plain, before)
    return word in PEOPLE_BEFORE or _DECADES.fullmatch(word) is not None


def _counted(plain: list[str], after: int, before: int = -1) -> bool:
    """Tell whether the word after a span (or an age word before it) names what it counts."""
    return (
        after < len(plain)
        and plain[after] in COUNTED
        or (before >= 0 and plain[before] in AGES_BEFORE)
    )


def _clock_times(out: Understood, words: _Words) -> None:
    """A time window said in clock times, when no part of the day has set one."""
    if any(key in ("from", "to") for key, _ in out.args()):
        return
    for phrase, start in DAY_ENDS.items():
        if (i := words.find(phrase)) is not None:
            raw, at = words.take(i, 2)
            out.chips.append(Chip(f"after {start}", (("from", start),), raw, at))
            return
    plain = words.plain
    for i in range(len(plain)):
        if hour := _hour_after_day(words, i):
            out.chips.append(hour)
            return
        for length in (6, 5, 4, 3, 2, 1):  # "no later than 4 pm", "from 10 am to 2 pm"
            said = " ".join(plain[i : i + length])
            found = _TIMES.fullmatch(said)
            if found is None or not words.free(i, length) or _counted(plain, i + length, i - 1):
                continue
            window = _window(found)
            if window is None:
                continue
            pairs, label = window
            raw, at = words.take(i, length)
            out.chips.append(Chip(label, pairs, raw, at))
            return


HOUR_LEADS = frozenset({"at", "around", "about", "round"})
_HOUR = re.compile(r"\d{1,2}(?:[:.]\d{2})?")


def _hour_at(plain: list[str], i: int) -> bool:
    """Tell whether the words from word i say an hour without am or pm ('at 6', 'about 7.30')."""
    # Only a time after a day ("mondays at 6"): alone, "at 6" may be a table for six.
    if _at(plain, i) not in HOUR_LEADS or not _HOUR.fullmatch(_at(plain, i + 1)):
        return False
    if _counted(plain, i + 2) or _at(plain, i + 2) in NOT_MONEY_AFTER:
        return False  # "at 6 pm" is a time said whole; "at 2 miles" no time
    try:
        clock.read_time(plain[i + 1])
    except clock.TimeError:
        return False
    return True


def _hour_after_day(words: _Words, i: int) -> Chip | None:
    """An hour said just after a day read ('mondays at 6', as the session form reads '6')."""
    plain = words.plain
    after_a_day = i > 0 and words.taken[i - 1] and _names_a_day(plain, i - 1)
    if not (after_a_day and words.free(i, 2) and _hour_at(plain, i)):
        return None
    start = clock.read_time(plain[i + 1])
    raw, at = words.take(i, 2)
    return Chip(f"after {start}", (("from", start),), raw, at)


def _names_a_day(plain: list[str], i: int) -> bool:
    """Tell whether word i is a day's name, the weekend's, or a day said from today."""
    word = _at(plain, i)
    return _day_of(word, None) is not None or word in WEEK_WORDS or word in RELATIVE_DAYS


def _postcode_at(words: _Words, i: int) -> tuple[str, int] | None:
    """A postcode, outward code or postcode sector starting at word i, and its length."""
    plain = words.plain
    inward = plain[i + 1] if i + 1 < len(plain) else ""
    candidates = [(f"{plain[i]} {inward}", 2)] if re.fullmatch(r"\d[a-z]{2}", inward) else []
    if re.fullmatch(r"[a-z]{1,2}\d[a-z\d]?\d[a-z]{2}", plain[i]):
        candidates.append((plain[i], 1))
    for text, length in candidates:
        try:
            return normalise_postcode(text), length
        except ValueError:
            pass
    if is_postcode_district(plain[i].upper()):
        digit = i + 1 < len(plain) and re.fullmatch(r"\d", plain[i + 1]) is not None
        sector = digit and (plain[i + 2] if i + 2 < len(plain) else "") not in POUND_WORDS
        return plain[i].upper(), 2 if sector else 1
    return None


# "within 2 km of", "less than 3 miles from", "5km from", "within a mile of", "two miles away
# from": how far, said just before a place.
_HOW_MANY = {"a": 1.0, "an": 1.0, "half a": 0.5, **{w: float(n) for w, n in NUMBER_WORDS.items()}}
_REACH = re.compile(
    r"(?P<bound>(?:within|under|less than|up to|no more than) )?"
    rf"(?P<many>\d{{1,3}}(?:\.\d)?|{'|'.join(_HOW_MANY)}) ?"
    r"(?P<unit>km|kms|k|kilometres|kilometers|miles?|mi)(?P<away> away)?"
    r"(?P<of> (?:of|from|around))?"
)
KM_PER_MILE = 1.609344
REACH_TIES = ("of", "from", "around")  # after how far, the place it is from


def _reach_at(words: _Words, start: int, end: int) -> tuple[re.Match[str], str] | None:
    """The words from start to end read as how far, and the radius in km they say; or None."""
    if not words.free(start, end - start):
        return None
    found = _REACH.fullmatch(" ".join(words.plain[start:end]))
    if found is None:
        return None
    many = _HOW_MANY.get(found["many"]) or float(found["many"])
    km = many * (KM_PER_MILE if found["unit"][0] == "m" else 1)
    return found, f"{km:.1f}".removesuffix(".0")


def _reach_before(words: _Words, i: int) -> tuple[int, str] | None:
    """How many words just before word i say how far from it, and the radius in km; or None."""
    # The radius in km, as the search form takes it.
    for length in range(min(i, 8), 0, -1):
        if reach := _reach_at(words, i - length, i):
            return length, reach[1]
    return None


def _reach_alone(out: Understood, words: _Words) -> None:
    """How far, said with no place to measure from ("within 2 miles"): said, not searched."""
    # "5k run", "2 mile walk" say no distance to travel: only a bound or "away" makes one.
    for start in range(len(words.raw)):
        for end in range(min(start + 8, len(words.raw)), start, -1):
            reach = _reach_at(words, start, end)
            # "within 2 miles of Nowhereville": a place not known, the words searched
            tied = reach is None or reach[0]["of"] or _at(words.plain, end) in REACH_TIES
            if not tied and reach and (reach[0]["bound"] or reach[0]["away"]):
                out.unmeasured.append(words.take(start, end - start)[0])
                break


def _place_chip(words: _Words, start: int, end: int, label: str) -> Chip:
    """The chip of a place whose words run from start to end, with a radius said before it."""
    words.places.append((start, end))
    reach = _reach_before(words, start)
    if reach is None:
        said, at = words.take(start, end - start)
        return Chip(f"near {label}", (("near", label),), said, at)
    said, at = words.take(start - reach[0], end - start + reach[0])
    if not 0 < float(reach[1]) <= MAX_RADIUS_KM:
        # "within 500 miles of Armley", "within 0 km": no radius the search takes, so near it
        return Chip(f"near {label}", (("near", label),), said, at)
    return Chip(
        f"within {reach[1]} km of {label}", (("near", label), ("radius", reach[1])), said, at
    )


def _places(out: Understood, words: _Words, lookup: Lookup) -> None:
    for i in range(len(words.raw)):
        if not words.free(i, 1):
            continue
        found = _postcode_at(words, i)
        if found:
            lead = _said_before(words, i, PLACE_WORDS)
            out.chips.append(_place_chip(words, i - lead, i + found[1], found[0]))
            return
    for start in range(len(words.raw)):  # the first place named is searched, others said
        lead = _said_after(words, start, (*PLACE_WORDS, "of", "from"))
        after = start + lead
        placed = " ".join(words.plain[start:after]) in PLACE_WORDS
        spoken = lead and (placed or _reach_before(words, start + 1))
        for length in range(MAX_PLACE_WORDS, 0, -1) if spoken else ():
            name = " ".join(words.raw[after : after + length]).strip(".,;:!?")
            # Not "Armley or", which a place like it is found for: "or" joins another
            whole = _at(words.plain, after + length - 1) not in JOINING_WORDS
            if words.free(after, length) and whole and (label := lookup(name)):
                out.chips.append(_place_chip(words, start, after + length, label))
                _venue_after(words, after + length)
                return
    _place_alone(out, words, lookup)


def _venue_after(words: _Words, i: int) -> None:
    """Keep the kind of place after a place's name ("near Armley Library") a word to search."""
    # Not an interest's synonym ("library" is reading's): a venue's name says where, not what.
    if i < len(words.raw) and words.free(i, 1) and words.plain[i] in VENUE_WORDS:
        words.taken[i] = True
        words.searched.add(i)


def _add_place(out: Understood, words: _Words, start: int, end: int, label: str) -> None:
    """Read a place named without "in" or "near", still searched when it is part of a name."""
    # "Leeds Mind": capitalised together with a word no filter took and the vocabulary does not
    # name, the place begins an organisation's name; "Mind" alone finds every entry about mental
    # health. The chip then takes none of the name's words, which are searched.
    named = _in_a_name(words, start, end)
    chip = _place_chip(words, start, end, label)
    if named:
        words.searched.update(range(start, end))
        chip = replace(chip, words=" ".join(chip.words.split()[: start - end]))
    out.chips.append(chip)


def _in_a_name(words: _Words, start: int, end: int) -> bool:
    """Tell whether a place's words begin a name capitalised with the word after them."""
    # Only a place that begins a name ("Leeds Mind", "Armley Helping Hands"): one after the words
    # is where they are wanted ("Art Classes Armley"), and an organisation named so ("Age UK
    # Leeds") is still found by its other words near that place.
    plain, word = words.plain, _at(words.plain, end)
    if not word or not words.free(end, 1) or word in LINK_WORDS or word in FILLERS:
        return False
    if _activity_at(plain, end) or _activity_before(plain, end + 1):
        return False  # "Leeds Coffee Morning": a place and what to do there
    return _named(words, start, end + 1)


# Words that join another place to the one read ("near Armley or Bramley", "LS12 and LS13").
PLACE_JOINS = ("or", "and", "&", "/", "nor")
JOINING_WORDS = LINK_WORDS | frozenset(PLACE_JOINS)


def _places_aside(out: Understood, words: _Words, lookup: Lookup) -> None:
    """Set aside the places named besides the one read, joined to it or after "in" or "near"."""
    # The search measures from one place. Left as a word, another place would find only the
    # entries that name it, and nothing would say it was not searched.
    spans = list(words.places)
    while spans and (found := _place_beside(words, spans, lookup)):
        start, size, label = found
        words.taken[start : start + size] = [True] * size
        said = " ".join(words.raw[start : start + size])
        out.places_aside.append(Chip(f"near {label}", (("near", label),), said, start))
        spans.append((start, start + size))


def _place_beside(
    words: _Words, spans: list[tuple[int, int]], lookup: Lookup
) -> tuple[int, int, str] | None:
    """Another place, after or before one read ("or Bramley", "armley or"): start, size, name."""
    plain = words.plain
    for start, end in spans:
        join = _at(plain, end) in PLACE_JOINS
        if words.free(end, join + 1) and (after := _place_from(words, end + join, lookup)):
            return end, join + after[1], after[0]
        join = _at(plain, start - 1) in PLACE_JOINS and words.free(start - 1, 1)
        for size in range(1, min(MAX_PLACE_WORDS, start - join) + 1):  # "armley or" Bramley
            begin = start - join - size
            lead = _said_before(words, begin, PLACE_WORDS)
            if label := _known(words, begin, size, lookup, bool(lead)):
                return begin - lead, lead + size + join, label
    for i in range(len(plain)):  # "yoga in Armley, chess in Bramley"
        if _said_after(words, i, PLACE_WORDS) and (other := _place_from(words, i, lookup)):
            return i, other[1], other[0]
    return None


def _place_from(words: _Words, i: int, lookup: Lookup) -> tuple[str, int] | None:
    """A known place or a postcode named from word i, after "in" or "near" or not; its size."""
    lead = _said_after(words, i, PLACE_WORDS)
    if words.free(i + lead, 1) and (postcode := _postcode_at(words, i + lead)):
        return postcode[0], lead + postcode[1]
    for size in range(MAX_PLACE_WORDS, 0, -1):
        if label := _known(words, i + lead, size, lookup, bool(lead)):
            return label, lead + size
    return None


def _known(words: _Words, start: int, size: int, lookup: Lookup, led: bool = False) -> str | None:
    """The known place the free words from start name, or None; led: said after "in" or "near"."""
    end = start + size
    if not words.free(start, size) or _at(words.plain, end - 1) in JOINING_WORDS:
        return None
    # Without "in" or "near", everyday words are no place unless written as a name
    everyday = not led and all(map(_ordinary_english, words.plain[start:end]))
    if everyday and not _named(words, start, end):
        return None
    name = " ".join(words.raw[start:end]).strip(".,;:!?()")
    label = lookup(name)
    return label if label and not _respelt_word(name, label) else None


def _place_alone(out: Understood, words: _Words, lookup: Lookup) -> None:
    """A request that is only a known place's name ("Armley") asks for what is near it."""
    length = len(words.raw)
    if 0 < length <= MAX_PLACE_WORDS and words.free(0, length):
        name = " ".join(words.raw).strip(".,;:!?")
        if (label := lookup(name)) and not _respelt_word(name, label):
            said, at = words.take(0, length)
            out.chips.append(Chip(f"near {label}", (("near", label),), said, at))


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
# After a place at the start of a request, the kind of place it names: "Armley Library",
# "Armley Leisure Centre" are a venue's name, searched as words.
VENUE_WORDS = frozenset({"library", "centre", "center", "hall", "baths", "museum", "church",
                         "chapel", "park", "leisure", "community", "mosque", "temple", "gurdwara",
                         "synagogue", "school", "college", "hospital", "hub"})  # fmt: skip
# Before a place at the end, words that tie it to the rest otherwise than "in": "history of
# Leeds", "bus to Armley", "yoga from Armley" are no search near it.
NOT_NEAR_BEFORE = frozenset({"from", "of", "to", "by", "with", "and", "or", "&", "via"})


def _ordinary_english(word: str) -> bool:
    """Tell whether a word is everyday English rather than a proper name ("park", not "leeds")."""
    # simplemma knows many town names, with a capital ("Leeds", "York"): those are names.
    if not word or not english(word):  # "" is a mark alone (","), which simplemma refuses
        return False
    import simplemma  # loaded already by english()

    return not simplemma.lemmatize(word, lang="en")[:1].isupper()


def _named(words: _Words, start: int, end: int) -> bool:
    """Tell whether the span's words are capitalised as a name, not as a request's first word."""
    raw = [w.strip(".,;:!?()\"'") for w in words.raw[start:end]]
    shouted = all(w.upper() == w for w in words.raw)  # "SWIMMING LS12": capitals say nothing
    sentence = start == 0 and end - start == 1  # "Park yoga": a request's first word
    return not shouted and not sentence and all(w[:1].isupper() for w in raw)


def _could_be_place(words: _Words, start: int, end: int) -> bool:
    """Tell whether words at a request's edge may be a place named without "in" or "near"."""
    plain = words.plain[start:end]
    if " ".join(plain) in VOCABULARY_PHRASES or any(w in VOCABULARY_PHRASES for w in plain):
        return False
    after = words.plain[end] if end < len(words.plain) else ""
    if start == 0 and after in VENUE_WORDS:
        return False
    return not (start > 0 and words.plain[start - 1] in NOT_NEAR_BEFORE)


def _respelt_word(name: str, label: str) -> bool:
    """Tell whether a place was found only by respelling an everyday word ("army", "bramble")."""
    # A slip in a place's name ("armly") is worth correcting; a word spelt right is meant.
    respelt = " ".join(label.lower().split()) != " ".join(name.lower().split())
    return respelt and any(_ordinary_english(w.strip(".,;:!?()\"'")) for w in name.split())


def _place_at_edge(out: Understood, words: _Words, lookup: Lookup) -> None:
    """A known place first or last among the words no filter took ("yoga armley", "armley yoga")."""
    if any(key == "near" for key, _ in out.args()):
        return
    left = [i for i in range(len(words.raw)) if not words.taken[i]]
    # The place may be all that is left when filters took the rest ("cheap armley"); a request
    # of only a place's name is _place_alone's.
    most = len(left) if any(words.taken) else len(left) - 1
    for length in range(min(MAX_PLACE_WORDS, most), 0, -1):
        for span in (left[:length], left[-length:]):
            start, end = span[0], span[-1] + 1
            if end - start != length or not _could_be_place(words, start, end):
                continue
            name = " ".join(words.raw[start:end]).strip(".,;:!?()")
            label = lookup(name)
            everyday = [w for w in words.plain[start:end] if _ordinary_english(w)] if label else []
            # A name of several words needs one that is no everyday word ("calder yard").
            named = len(everyday) < length or _named(words, start, end)
            if label and named and not _respelt_word(name, label):
                _add_place(out, words, start, end, label)
                return


def _place_within(out: Understood, words: _Words, lookup: Lookup) -> None:
    """A known place between other words no filter took ("yoga armley beginners")."""
    # Only a place's name as spelt in the gazetteer, with a word that is no everyday English:
    # "walks park lane group" or a slip that respells a word into a place are words to search.
    if any(key == "near" for key, _ in out.args()):
        return
    left = [i for i in range(len(words.raw)) if not words.taken[i]]
    for length in range(MAX_PLACE_WORDS, 0, -1):
        for start in left[1:]:
            end = start + length
            venue = _at(words.plain, end) in VENUE_WORDS  # "yoga armley library group"
            if end > left[-1] or venue or not words.free(start, length):
                continue
            everyday = all(map(_ordinary_english, words.plain[start:end]))
            if everyday or not _could_be_place(words, start, end):
                continue
            name = " ".join(words.raw[start:end]).strip(".,;:!?()")
            label = lookup(name)
            if label and label.lower().split() == name.lower().split():
                _add_place(out, words, start, end, label)
                return


# "Near me" names no place: the search page asks for one (the words are not searched either).
NEAR_ME = ("near me", "near to me", "close to me", "nearby", "near by", "round here",
           "around here", "in my area", "near here", "near to here", "close to here",
           "close by")  # fmt: skip
# Said after how far ("within a mile of me", "2 miles from here"): where the person is, no place.
HERE_WORDS = ("here", "me", "us", "my home", "my house", "home", "where i live", "where i am")
# Everyday English for "an activity, any activity" and for asking ("is there", "looking for"):
# they narrow nothing, so they are not searched for (nor spelling-corrected).
FILLER_PHRASES = (
    "something to do", "anything to do", "things to do", "thing to do", "stuff to do",
    "what to do", "somewhere to go", "anywhere to go", "places to go", "place to go",
    "where to go", "what's on", "what’s on", "whats on", "what is on", "anything on",
    "something on", "things on", "stuff on", "what's happening", "what’s happening",
    "whats happening", "anything happening", "something happening", "things happening",
    "anything going on", "something going on", "things going on", "stuff going on",
    "what's going on", "what’s going on", "any groups", "any group", "any clubs", "any club",
    "any activities", "any classes", "any events", "any sessions", "is there", "are there",
    "looking for", "i'm looking for", "i’m looking for", "im looking for",
    "i am looking for", "show me", "find me", "something", "anything", "stuff", "things",
    "activities", "activity", "somewhere", "anywhere", "events", "any", "what's", "what’s",
    "whats", "only",
    *NEAR_ME, "locally", "local",
)  # fmt: skip


def names_near_me(text: str) -> bool:
    """Tell whether a request asks for somewhere near the person ("near me", "nearby")."""
    raw = text.split()
    return bool(_near_me(_Words(raw, [False] * len(raw))))


def _near_me(words: _Words) -> list[tuple[int, int]]:
    """Take the words asking for somewhere near the person, with how far ("a mile of me")."""
    # Taken before places are looked for: "here" or "me" is never a place's name.
    spans = []
    for phrase in NEAR_ME:
        size = len(phrase.split())
        while (start := words.find(phrase)) is not None:
            words.taken[start : start + size] = [True] * size
            spans.append((start, size))
    for i in range(1, len(words.raw)):
        size = _said_after(words, i, HERE_WORDS)
        reach = _reach_before(words, i) if size and words.plain[i - 1] in REACH_TIES else None
        if reach:  # "within 2 miles from here", "a mile of me"
            start = i - reach[0]
            words.taken[start : i + size] = [True] * (i + size - start)
            spans.append((start, i + size - start))
    return spans


def _without_link_words(phrase: str) -> str:
    """A filler phrase without the link words at its end, which a filter after it may take."""
    # "stuff going on" before "this weekend": 'on this weekend' is the day's.
    parts = phrase.split()
    while len(parts) > 1 and parts[-1] in LINK_WORDS:
        parts.pop()
    return " ".join(parts)


FILLERS = sorted({*FILLER_PHRASES, *map(_without_link_words, FILLER_PHRASES)},
                 key=lambda p: -len(p.split()))  # fmt: skip


def _fillers(out: Understood, words: _Words, near_me: list[tuple[int, int]]) -> None:
    """Take the words that only ask for any activity ("things to do", "stuff") as no filter."""
    # Only when the request says something besides them: alone ("Things") they may be a name.
    # near_me: the words asking for somewhere near the person, taken already, are among them.
    spans = list(near_me)
    for phrase in FILLERS:
        size = len(phrase.split())
        while (start := words.find(phrase)) is not None:
            words.taken[start : start + size] = [True] * size
            spans.append((start, size))
    # A filler taken as a link word before an interest ("any yoga") is not searched either.
    for i in sorted(words.searched):
        if words.plain[i] in LINK_WORDS and words.plain[i] in FILLERS:
            words.searched.discard(i)
            spans.append((i, 1))
    if not out.chips and all(words.taken):
        for start, size in spans:
            words.taken[start : start + size] = [False] * size
        return
    out.fillers = [" ".join(words.raw[start : start + size]) for start, size in sorted(spans)]


# Words that deny what follows ("not on mondays", "not online"): what they deny is no filter.
NEGATIONS = frozenset({"not", "no", "without", "except", "excluding", "never"})
# "Any day but Friday", "every day except Sundays": a day ruled out, as "not on Fridays" is.
ANY_DAY_BUT = tuple(f"{anyday} {but}" for anyday in ("any day", "every day", "everyday",
                                                     "all days", "any time", "anytime")
                    for but in ("but", "except", "except for", "apart from",
                                "other than"))  # fmt: skip
# Said before days ruled out, besides NEGATIONS: "apart from sundays", "except for mondays".
DAYS_OUT_BEFORE = ("except for", "apart from", "other than", *sorted(NEGATIONS))
# Words between those and the days ("not on a monday", "not at the weekend", "or on fridays").
DAYS_OUT_LINKS = frozenset({"on", "at", "the", "a", "an", "any", "for", "during", "over", "every",
                            "each"})  # fmt: skip
# Said after days, a time of them: "not monday mornings", "not sundays after 6pm" rule out
# only part of a day, which the other days cannot say.
TIMES_OF_A_DAY = frozenset(
    {"after", "before", "until", "till", "til", "between", "from", *AFTER_A_DAY}
)
LIST_JOINERS = ("or", "and", "&", "nor", "/")  # "not mondays or fridays": neither day
JOINS = ("and", "but")  # what is denied ends at these ("not free but cheap")
# Link words a denial takes before what it denies ("not in a church", "not at the library").
DENIAL_LINKS = frozenset({"in", "on", "at", "a", "an", "the", "any", "for", "during", "of"})
# "Gluten free", "judgement free": free of something, not free of charge.
FREE_OF = frozenset({"gluten", "dairy", "sugar", "alcohol", "booze", "drink", "smoke", "drug",
                     "judgement", "judgment", "stigma", "stress", "pressure", "commitment",
                     "obligation", "scent", "fragrance", "nut", "meat", "jargon", "hassle",
                     "screen", "caffeine", "clutter"})  # fmt: skip


@dataclass(frozen=True)
class _DaysOut:
    """Days a request rules out ("not on mondays"), with the words that do."""

    days: frozenset[str]
    said: str  # the words ruling them out, as the page quotes them
    words: str  # with the word joining them to the rest ("but not on mondays")
    at: int


def _days_named(words: _Words, i: int) -> tuple[tuple[str, ...], int] | None:
    """The days word i names as a weekday ("mondays"), the weekend or weekdays; its length."""
    plain = words.plain
    for days, phrases in ((WEEKEND, WEEKEND_PHRASES), (WEEKDAYS, WEEKDAY_PHRASES)):
        for phrase in phrases:
            if plain[i : i + len(phrase.split())] == phrase.split():
                return days, len(phrase.split())
    day = _day_of(_at(plain, i), None)
    return ((day,), 1) if day and _a_day_here(words, i) else None


def _days_item(words: _Words, i: int) -> tuple[tuple[str, ...], int] | None:
    """The days named from word i after up to two link words ("on a monday"); their length."""
    for skip in range(3):
        if skip and _at(words.plain, i + skip - 1) not in DAYS_OUT_LINKS:
            return None
        if found := _days_named(words, i + skip):
            return found[0], found[1] + skip
    return None


def _days_listed(words: _Words, i: int) -> tuple[frozenset[str], int] | None:
    """The days listed from word i ("mondays or fridays", "mon, tue"), and their length."""
    plain, days, end, j = words.plain, set[str](), i, i
    while (found := _days_item(words, j)) is not None:
        days.update(found[0])
        end = j + found[1]
        j = end + (_at(plain, end) in LIST_JOINERS)
        if j == end and not words.raw[end - 1].endswith(","):
            break
    return (frozenset(days), end - i) if days else None


def _time_size(words: _Words, i: int) -> int:
    """How many words from word i say a time of the days before them ("mornings"); 0: none."""
    plain, word = words.plain, _at(words.plain, i)
    if i >= len(plain) or words.raw[i - 1][-1] in ".,;:!?":
        return 0  # "not mondays, mornings are best": the days end at the comma
    said = " ".join(plain[i : i + 6])
    if clock_time := _TIMES.match(said):
        return len(clock_time.group(0).split())
    if said.startswith(tuple(DAY_ENDS)) or word in TIMES_OF_A_DAY:  # "after work", "after lunch"
        return min(2, len(plain) - i)
    if _hour_at(plain, i):  # "not mondays at 6"
        return 2
    return 1 if part_of_day(word) in PARTS_OF_DAY or word in AFTER_A_DAY else 0


def _days_ruled_out(words: _Words, i: int) -> tuple[frozenset[str] | None, int] | None:
    """The days ruled out from word i ("not on mondays", "any day but friday"), its length."""
    # No days when they are ruled out only at a time ("not monday mornings", "not sundays
    # after 6pm"): the other days would leave out the rest of those days. The length then
    # takes the time too, which is denied with them.
    lead = _said_after(words, i, ANY_DAY_BUT) or _said_after(words, i, DAYS_OUT_BEFORE)
    listed = _days_listed(words, i + lead) if lead else None
    if listed is None:
        return None
    timed = _time_size(words, i + lead + listed[1])
    return (None if timed else listed[0]), lead + listed[1] + timed


def _denied_size(words: _Words, i: int, lead: int) -> int:
    """How many words from word i a denial takes: its lead, link words and two words more."""
    plain, size = words.plain, max(lead, 1)

    def more(at: int) -> bool:  # the next word goes on what is denied: no comma, "and", "but"
        before = words.raw[at - 1]
        return at < len(plain) and plain[at] not in JOINS and before[-1] not in ".,;:!?"

    while more(i + size) and plain[i + size] in DENIAL_LINKS:
        size += 1  # "not in a church": what is denied is "a church", not "in a"
    for _ in range(2):
        size += more(i + size)
    while size > max(lead, 1) and plain[i + size - 1] in DENIAL_LINKS:
        size -= 1  # "not in a church in Armley": "in Armley" is a place, not denied
    return size


def _kept_as_words(words: _Words) -> tuple[list[str], list[_DaysOut]]:
    """Mark what only looks like a filter: what is denied (not searched either), 'gluten free'."""
    # What is denied cannot be searched for ("not online" would find online groups): it is
    # returned, to be said, as the words the search drops. Days ruled out are returned apart:
    # the search can look on the other days.
    plain = words.plain
    denied: list[tuple[int, int]] = []
    days_out: list[tuple[int, int, frozenset[str]]] = []
    readable = (*FREE_PHRASES, *COST_BEFORE, *ACCESS_PHRASES, *SETTING_PHRASES,
                *LOW_COST_PHRASES, *LATEST_BEFORE)  # fmt: skip
    spans: list[tuple[int, int]] = []
    reach = 0  # the end of the last denial
    for i, word in enumerate(plain):
        lead = _said_after(words, i, ANY_DAY_BUT)  # "any day but friday": from "any"
        if i >= reach and (out_days := _days_ruled_out(words, i)):
            days, size = out_days
            denied += [] if days else [(i, size)]
            days_out += [(i, size, days)] if days else []
            reach = i + size
        elif i >= reach and (
            lead or word in NEGATIONS and not " ".join(plain[i:]).startswith(readable)
        ):
            denied.append((i, _denied_size(words, i, lead)))
            reach = sum(denied[-1])
        after = plain[i + 1] if i + 1 < len(plain) else ""
        free_of = i and plain[i - 1] in FREE_OF or after in ("from", "of")
        if word == "free" and free_of and not " ".join(plain[i:]).startswith("free of charge"):
            spans.append((i, 1))
    for start, size in spans:
        words.taken[start : start + size] = [True] * size
        words.searched.update(range(start, start + size))
    said = [_take_denial(words, start, size) for start, size in denied]
    ruled = [_DaysOut(days, *_take_denial(words, start, size)) for start, size, days in days_out]
    return [plain_said for plain_said, _, _ in said], ruled


def _take_denial(words: _Words, start: int, size: int) -> tuple[str, str, int]:
    """Take a denial's words, with a word joining it; its words, those with the join, start."""
    # "cheap but not free": the word joining a denial goes with it, or it is searched alone
    plain = words.plain
    join = start > 0 and plain[start - 1] in ("but", "and", "or") and not words.taken[start - 1]
    words.taken[start - join : start + size] = [True] * (size + join)
    words.searched.difference_update(range(start, start + size))  # "no free of": not "free"
    said = " ".join(words.raw[start : start + size])
    return said, " ".join(words.raw[start - join : start + size]), start - join


def _all_but(out: Understood, ruled: list[_DaysOut]) -> None:
    """Days ruled out as the other days ("not on mondays": Tuesday to Sunday), or refused."""
    # With days named too ("weekends but not sundays") the named days without them. What leaves
    # no day ("thursdays but not thursdays"), or other times of day to search, is refused: said.
    if not ruled:
        return
    gone = frozenset[str]().union(*(r.days for r in ruled))
    named = [c for c in out.chips if any(key == "day" for key, _ in c.args)]
    days, start, end = _time_of([pair for chip in named for pair in chip.args])
    kept = tuple(d for d in (days or DAYS) if d not in gone)
    windows = {tuple(pair for pair in chip.args if pair[0] != "day") for chip in named}
    if not kept or out.others or len(windows) > 1:
        out.denied += [r.said for r in ruled]
        return
    pairs = tuple(("day", d) for d in kept)
    pairs += tuple((key, value) for key, value in (("from", start), ("to", end)) if value)
    parts = sorted([(c.at, c.words) for c in named] + [(r.at, r.words) for r in ruled])
    chip = Chip(time_in_words(kept, start, end), pairs, " ".join(w for _, w in parts), parts[0][0])
    out.chips = [c for c in out.chips if c not in named] + [chip]


SEPARATORS = ",;:/|–-"  # marks that join the parts of a request ("yoga - armley", "a / b")


def _searchable(word: str) -> str:
    """A word to search for without the marks that joined it to a filter ("yoga," or "-")."""
    # Nothing when it is only such marks: "/" between two times is no word to search. Other
    # marks ("%", "🎨") are kept, for the page to say there is no word in them.
    return word.strip(SEPARATORS) if word.strip(SEPARATORS) or not word else ""


def understand(text: str, lookup: Lookup, today: int | None = None) -> Understood:
    """The filters a request names and the words left over."""
    # lookup(name) names a known place; today (Monday 0) lets "today" and "tomorrow" name a day.
    raw = text.split()
    words = _Words(raw, [False] * len(raw))
    out = Understood()
    out.denied, ruled = _kept_as_words(words)
    near_me = _near_me(words)
    _places(out, words, lookup)
    _phrases(out, words, SETTING_PHRASES, "setting", vocabulary.SETTING)
    _phrases(out, words, ACCESS_PHRASES, "access", vocabulary.ACCESS)  # "step free" first
    _free_and_cost(out, words)
    _languages(out, words)
    _several_days(out, words, today)
    _day_and_time(out, words, today)
    _clock_times(out, words)
    _other_time(out, words, today)
    _all_but(out, ruled)
    _place_at_edge(out, words, lookup)
    _place_within(out, words, lookup)
    _places_aside(out, words, lookup)
    if not any(key == "near" for key, _ in out.args()):
        _reach_alone(out, words)
    _interests(out, words)
    _fillers(out, words, near_me)
    out.fillers += out.denied + out.unmeasured + [chip.words for chip in out.places_aside]
    out.leftover = " ".join(
        _searchable(w) for i, (w, taken) in enumerate(zip(raw, words.taken, strict=True))
        if (not taken or i in words.searched) and _searchable(w)
    )  # fmt: skip
    out.chips.sort(key=lambda chip: chip.at)  # in the order the request names them
    return out
