"""Prices, "free", low cost and spoken languages in a search request."""

from __future__ import annotations

import re
from dataclasses import replace

from directory.hsds import languages
from directory.understand.words import (
    COUNTED,
    FREE_PHRASES,
    MAX_COST_POUNDS,
    Chip,
    Understood,
    Words,
    add_chip,
    an_age,
    is_counted,
    word_at,
)


def read_free_and_cost(out: Understood, words: Words) -> None:
    """Read prices, low cost and "free" (free of charge) as chips."""
    read_cost(out, words)  # a price said ("under £3") before "cheap", which names none
    read_low_cost(out, words)
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


def read_low_cost(out: Understood, words: Words) -> None:
    """'Cheap', 'low cost', 'affordable': at most the low-cost band's price, unless one is said."""
    for phrase in LOW_COST_PHRASES:
        start = words.find(phrase)
        if start is None:
            continue
        size = len(phrase.split())
        # "free or cheap" is all at most £5: free is in it, not a narrower filter beside it
        lead = 2 if said_before(words, start, tuple(map(" ".join, AND_FREE[:2]))) else 0
        tail = 2 if said_after(words, start + size, tuple(map(" ".join, AND_FREE[2:]))) else 0
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
    word, nxt = word_at(plain, i), word_at(plain, i + 1)  # past the end after "£2 or": no price
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
    word, nxt = word_at(plain, i), word_at(plain, i + 1)
    if (found := re.fullmatch(r"(\d{2})p?|(\d)p", word)) and not in_words:
        pence, length = int(found.group(1) or found.group(2)), 1
    elif said := _pence_in_words(word, nxt, teens=not in_words):
        pence, length = said
    else:
        return None
    if not word.endswith("p") and word_at(plain, i + length) in PENCE_WORDS:
        length += 1  # "2 pounds 50 pence", "two pounds fifty p"
    counted = word_at(plain, i + length) in COUNTED  # "3 pounds 50 minutes' walk"
    return None if counted else (pence, length)


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


def _bare_price(words: Words, i: int) -> tuple[str, int] | None:
    """A number without a money word after a bound that makes it a price ('under 3.50')."""
    plain = words.plain
    amount = _AMOUNT.fullmatch(plain[i])
    bound = next((b for b in COST_BEFORE if said_before(words, i, (b,))), "")
    if amount is None or not bound or not (amount.group(1) or bound in WHOLE_PRICE_BEFORE):
        return None
    before = i - len(bound.split()) - 1  # who it is for, before the bound: "kids up to 11"
    if (
        is_counted(plain, i + 1)
        or an_age(plain, before)
        or word_at(plain, i + 1) in NOT_MONEY_AFTER
    ):
        return None
    whole, _, part = plain[i].partition(".")
    return (f"{whole}.{part.ljust(2, '0')}" if part else whole), 1


_WITH_PENCE = re.compile(r"\d{1,4}\.\d{2}")


def unread_amounts(text: str) -> list[str]:
    """Amounts in pounds and pence among words to search ("3.50"): no price, said bare."""
    # Without "£", a money word or a bound ("under 3.50") an amount is no price: "yoga 3.50" may
    # as well be ten to four. The page says how to ask for either.
    raw = text.split()
    plain = Words(raw, [False] * len(raw)).plain
    return [
        word
        for i, word in enumerate(plain)
        if _WITH_PENCE.fullmatch(word) and not is_counted(plain, i + 1)
        and word_at(plain, i + 1) not in NOT_MONEY_AFTER
    ]  # fmt: skip


def said_before(words: Words, i: int, phrases: tuple[str, ...]) -> int:
    """How many free words just before word i are one of the phrases (0: none)."""
    for phrase in phrases:
        size = len(phrase.split())
        if i >= size and words.plain[i - size : i] == phrase.split():
            return size if words.free(i - size, size) else 0
    return 0


def said_after(words: Words, i: int, phrases: tuple[str, ...]) -> int:
    """How many free words from word i on are one of the phrases (0: none)."""
    for phrase in phrases:
        size = len(phrase.split())
        if words.plain[i : i + size] == phrase.split():
            return size if words.free(i, size) else 0
    return 0


def read_cost(out: Understood, words: Words) -> None:
    """The most a person will pay: a price, with or without 'under' or 'or less' around it."""
    plain = words.plain
    for i in range(len(plain)):
        price = _price_at(plain, i) or _bare_price(words, i)
        if price is None or not words.free(i, price[1]):
            continue
        value, length = price
        if float(value) > MAX_COST_POUNDS:
            return  # more than any price the search takes: the words are searched, as typed
        lead = said_before(words, i, COST_BEFORE) or said_before(words, i, ("between",))
        upper = _upper_price(words, i + length)
        if upper is not None:  # "between £2 and £4", "£2 to £4": at most the higher
            value, length = max((value, upper[0]), key=float), length + upper[1]
        tail = said_after(words, i + length, COST_AFTER)
        tail += said_after(words, i + length + tail, PER_UNIT)
        said, at = words.take(i - lead, lead + length + tail)
        out.chips.append(Chip(f"up to £{value}", (("max_cost", value),), said, at))
        return


def _upper_price(words: Words, i: int) -> tuple[str, int] | None:
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


def read_languages(out: Understood, words: Words) -> None:
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
            add_chip(out, Chip(label, (("language", code),), said, at))
        for i in words.skipped:
            words.taken[i] = False
        words.skipped.clear()
    hyphened = [i for i, w in enumerate(words.plain) if w.endswith("-speaking")]
    for i in hyphened:
        spoken = languages.NAMES.get(words.plain[i].removesuffix("-speaking"))
        if spoken and spoken != ASSUMED and words.free(i, 1):
            said, at = words.take(i, 1)
            add_chip(
                out, Chip(f"in {languages.name_of(spoken)}", (("language", spoken),), said, at)
            )
