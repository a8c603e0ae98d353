"""Places in a search request: postcodes, gazetteer names, distances, "near me", fillers."""

from __future__ import annotations

import re
from dataclasses import replace

from directory.models.base import is_postcode_district, normalise_postcode
from directory.understand.costs import NUMBER_WORDS, POUND_WORDS, said_after, said_before
from directory.understand.when import activity_at, activity_before
from directory.understand.words import (
    LINK_WORDS,
    MAX_PLACE_WORDS,
    MAX_RADIUS_KM,
    PLACE_WORDS,
    VOCABULARY_PHRASES,
    Chip,
    Lookup,
    Understood,
    Words,
    ordinary_english,
    word_at,
)


def postcode_at(words: Words, i: int) -> tuple[str, int] | None:
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


def _reach_at(words: Words, start: int, end: int) -> tuple[re.Match[str], str] | None:
    """The words from start to end read as how far, and the radius in km they say; or None."""
    if not words.free(start, end - start):
        return None
    found = _REACH.fullmatch(" ".join(words.plain[start:end]))
    if found is None:
        return None
    many = _HOW_MANY.get(found["many"]) or float(found["many"])
    km = many * (KM_PER_MILE if found["unit"][0] == "m" else 1)
    return found, f"{km:.1f}".removesuffix(".0")


def _reach_before(words: Words, i: int) -> tuple[int, str] | None:
    """How many words just before word i say how far from it, and the radius in km; or None."""
    # The radius in km, as the search form takes it.
    for length in range(min(i, 8), 0, -1):
        if reach := _reach_at(words, i - length, i):
            return length, reach[1]
    return None


def read_reach_alone(out: Understood, words: Words) -> None:
    """How far, said with no place to measure from ("within 2 miles"): said, not searched."""
    # "5k run", "2 mile walk" say no distance to travel: only a bound or "away" makes one.
    for start in range(len(words.raw)):
        for end in range(min(start + 8, len(words.raw)), start, -1):
            reach = _reach_at(words, start, end)
            # "within 2 miles of Nowhereville": a place not known, the words searched
            tied = reach is None or reach[0]["of"] or word_at(words.plain, end) in REACH_TIES
            if not tied and reach and (reach[0]["bound"] or reach[0]["away"]):
                out.unmeasured.append(words.take(start, end - start)[0])
                break


def _place_chip(words: Words, start: int, end: int, label: str) -> Chip:
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


def read_places(out: Understood, words: Words, lookup: Lookup) -> None:
    """Read the place to search near: a postcode, a known place after "in", "near" or a distance."""
    for i in range(len(words.raw)):
        if not words.free(i, 1):
            continue
        found = postcode_at(words, i)
        if found:
            lead = said_before(words, i, PLACE_WORDS)
            out.chips.append(_place_chip(words, i - lead, i + found[1], found[0]))
            return
    for start in range(len(words.raw)):  # the first place named is searched, others said
        lead = said_after(words, start, (*PLACE_WORDS, "of", "from"))
        after = start + lead
        placed = " ".join(words.plain[start:after]) in PLACE_WORDS
        spoken = lead and (placed or _reach_before(words, start + 1))
        for length in range(MAX_PLACE_WORDS, 0, -1) if spoken else ():
            name = " ".join(words.raw[after : after + length]).strip(".,;:!?")
            # Not "Armley or", which a place like it is found for: "or" joins another
            whole = word_at(words.plain, after + length - 1) not in JOINING_WORDS
            if words.free(after, length) and whole and (label := lookup(name)):
                out.chips.append(_place_chip(words, start, after + length, label))
                _venue_after(words, after + length)
                return
    _place_alone(out, words, lookup)
    if not any(key == "near" for key, _ in out.args()):
        _unknown_after_near(out, words)


def _unknown_after_near(out: Understood, words: Words) -> None:
    """Note a name after "near" that is no place known: its words stay searched (a group may be
    named after it), and the page says the results are not near it."""
    for i in range(len(words.plain) - 1):
        name = words.raw[i + 1].strip(".,;:!?()")
        if words.plain[i] in ("near", "nr") and words.free(i + 1, 1) and name[:1].isalpha():
            if not ordinary_english(words.plain[i + 1]):
                out.unknown_places.append(name)
            return


def _venue_after(words: Words, i: int) -> None:
    """Keep the kind of place after a place's name ("near Armley Library") a word to search."""
    # Not an interest's synonym ("library" is reading's): a venue's name says where, not what.
    if i < len(words.raw) and words.free(i, 1) and words.plain[i] in VENUE_WORDS:
        words.taken[i] = True
        words.searched.add(i)


def _add_place(out: Understood, words: Words, start: int, end: int, label: str) -> None:
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


def _in_a_name(words: Words, start: int, end: int) -> bool:
    """Tell whether a place's words begin a name capitalised with the word after them."""
    # Only a place that begins a name ("Leeds Mind", "Armley Helping Hands"): one after the words
    # is where they are wanted ("Art Classes Armley"), and an organisation named so ("Age UK
    # Leeds") is still found by its other words near that place.
    plain, word = words.plain, word_at(words.plain, end)
    if not word or not words.free(end, 1) or word in LINK_WORDS or word in FILLERS:
        return False
    if activity_at(plain, end) or activity_before(plain, end + 1):
        return False  # "Leeds Coffee Morning": a place and what to do there
    return _named(words, start, end + 1)


# Words that join another place to the one read ("near Armley or Bramley", "LS12 and LS13").
PLACE_JOINS = ("or", "and", "&", "/", "nor")
JOINING_WORDS = LINK_WORDS | frozenset(PLACE_JOINS)


def read_places_aside(out: Understood, words: Words, lookup: Lookup) -> None:
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
    words: Words, spans: list[tuple[int, int]], lookup: Lookup
) -> tuple[int, int, str] | None:
    """Another place, after or before one read ("or Bramley", "armley or"): start, size, name."""
    plain = words.plain
    for start, end in spans:
        join = word_at(plain, end) in PLACE_JOINS
        if words.free(end, join + 1) and (after := _place_from(words, end + join, lookup)):
            return end, join + after[1], after[0]
        join = word_at(plain, start - 1) in PLACE_JOINS and words.free(start - 1, 1)
        for size in range(1, min(MAX_PLACE_WORDS, start - join) + 1):  # "armley or" Bramley
            begin = start - join - size
            lead = said_before(words, begin, PLACE_WORDS)
            if label := _known(words, begin, size, lookup, bool(lead)):
                return begin - lead, lead + size + join, label
    for i in range(len(plain)):  # "yoga in Armley, chess in Bramley"
        if said_after(words, i, PLACE_WORDS) and (other := _place_from(words, i, lookup)):
            return i, other[1], other[0]
    return None


def _place_from(words: Words, i: int, lookup: Lookup) -> tuple[str, int] | None:
    """A known place or a postcode named from word i, after "in" or "near" or not; its size."""
    lead = said_after(words, i, PLACE_WORDS)
    if words.free(i + lead, 1) and (postcode := postcode_at(words, i + lead)):
        return postcode[0], lead + postcode[1]
    for size in range(MAX_PLACE_WORDS, 0, -1):
        if label := _known(words, i + lead, size, lookup, bool(lead)):
            return label, lead + size
    return None


def _known(words: Words, start: int, size: int, lookup: Lookup, led: bool = False) -> str | None:
    """The known place the free words from start name, or None; led: said after "in" or "near"."""
    end = start + size
    if not words.free(start, size) or word_at(words.plain, end - 1) in JOINING_WORDS:
        return None
    # Without "in" or "near", everyday words are no place unless written as a name
    everyday = not led and all(map(ordinary_english, words.plain[start:end]))
    if everyday and not _named(words, start, end):
        return None
    name = " ".join(words.raw[start:end]).strip(".,;:!?()")
    label = lookup(name)
    return label if label and not _respelt_word(name, label) else None


def _place_alone(out: Understood, words: Words, lookup: Lookup) -> None:
    """A request that is only a known place's name ("Armley") asks for what is near it."""
    length = len(words.raw)
    if 0 < length <= MAX_PLACE_WORDS and words.free(0, length):
        name = " ".join(words.raw).strip(".,;:!?")
        if (label := lookup(name)) and not _respelt_word(name, label):
            said, at = words.take(0, length)
            out.chips.append(Chip(f"near {label}", (("near", label),), said, at))


# After a place at the start of a request, the kind of place it names: "Armley Library",
# "Armley Leisure Centre" are a venue's name, searched as words.
VENUE_WORDS = frozenset({"library", "centre", "center", "hall", "baths", "museum", "church",
                         "chapel", "park", "leisure", "community", "mosque", "temple", "gurdwara",
                         "synagogue", "school", "college", "hospital", "hub"})  # fmt: skip
# Before a place at the end, words that tie it to the rest otherwise than "in": "history of
# Leeds", "bus to Armley", "yoga from Armley" are no search near it.
NOT_NEAR_BEFORE = frozenset({"from", "of", "to", "by", "with", "and", "or", "&", "via"})


def _named(words: Words, start: int, end: int) -> bool:
    """Tell whether the span's words are capitalised as a name, not as a request's first word."""
    raw = [w.strip(".,;:!?()\"'") for w in words.raw[start:end]]
    shouted = all(w.upper() == w for w in words.raw)  # "SWIMMING LS12": capitals say nothing
    sentence = start == 0 and end - start == 1  # "Park yoga": a request's first word
    return not shouted and not sentence and all(w[:1].isupper() for w in raw)


def _could_be_place(words: Words, start: int, end: int) -> bool:
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
    return respelt and any(ordinary_english(w.strip(".,;:!?()\"'")) for w in name.split())


def read_place_at_edge(out: Understood, words: Words, lookup: Lookup) -> None:
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
            everyday = [w for w in words.plain[start:end] if ordinary_english(w)] if label else []
            # A name of several words needs one that is no everyday word ("calder yard").
            named = len(everyday) < length or _named(words, start, end)
            if label and named and not _respelt_word(name, label):
                _add_place(out, words, start, end, label)
                return


def read_place_within(out: Understood, words: Words, lookup: Lookup) -> None:
    """A known place between other words no filter took ("yoga armley beginners")."""
    # Only a place's name as spelt in the gazetteer, with a word that is no everyday English:
    # "walks park lane group" or a slip that respells a word into a place are words to search.
    if any(key == "near" for key, _ in out.args()):
        return
    left = [i for i in range(len(words.raw)) if not words.taken[i]]
    for length in range(MAX_PLACE_WORDS, 0, -1):
        for start in left[1:]:
            end = start + length
            venue = word_at(words.plain, end) in VENUE_WORDS  # "yoga armley library group"
            if end > left[-1] or venue or not words.free(start, length):
                continue
            everyday = all(map(ordinary_english, words.plain[start:end]))
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
FOR_WHOM = (
    "mum", "mam", "mom", "mother", "dad", "father", "son", "daughter", "wife", "husband",
    "partner", "friend", "mate", "brother", "sister", "nan", "gran", "grandma", "grandad",
    "grandfather", "grandmother", "aunt", "auntie", "uncle", "neighbour", "client", "patient",
    "service user", "son's", "kids", "children", "child", "family", "parents",
)  # fmt: skip
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
    # Whom it is for, before what they live with ("walks for people with anxiety"): "people" is in
    # most entries' text, and the condition after it is searched.
    "for people with", "for people who have", "for those with", "for anyone with",
    "for someone with", "for somebody with",
    *NEAR_ME, "locally", "local",
    # Whom the searcher asks for ("yoga for my mum", "something for a client"): it narrows nothing,
    # and "mum" is in no entry's text.
    *(f"for {whose} {who}" for whose in ("my", "our", "a") for who in FOR_WHOM),
    "for me", "for myself", "for him", "for her", "for them", "for us", "for someone",
    "for somebody",
)  # fmt: skip


def names_near_me(text: str) -> bool:
    """Tell whether a request asks for somewhere near the person ("near me", "nearby")."""
    raw = text.split()
    return bool(near_me_spans(Words(raw, [False] * len(raw))))


def near_me_spans(words: Words) -> list[tuple[int, int]]:
    """Take the words asking for somewhere near the person, with how far ("a mile of me")."""
    # Taken before places are looked for: "here" or "me" is never a place's name.
    spans = words.take_every(NEAR_ME)
    for i in range(1, len(words.raw)):
        size = said_after(words, i, HERE_WORDS)
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


def _ruled_out_at(words: Words, i: int) -> bool:
    """Tell whether word i begins what a filter or a denial took as ruled out ("no stairs")."""
    return words.plain[i] == "no" and words.taken[i] and i not in words.searched


def read_fillers(out: Understood, words: Words, near_me: list[tuple[int, int]]) -> None:
    """Take the words that only ask for any activity ("things to do", "stuff") as no filter."""
    # Only when the request says something besides them or is two of them: alone ("Things") one
    # may be a name.
    # near_me: the words asking for somewhere near the person, taken already, are among them.
    spans = [*near_me, *words.take_every(FILLERS)]
    # "yoga with no stairs": "with" goes with what a filter or a denial took after it, as in
    # "choir with no audition" (denials.kept_as_words).
    for i in range(1, len(words.raw)):
        if words.plain[i - 1] == "with" and words.free(i - 1, 1) and _ruled_out_at(words, i):
            words.taken[i - 1] = True
            spans.append((i - 1, 1))
    # A filler taken as a link word before an interest ("any yoga") is not searched either.
    for i in sorted(words.searched):
        if words.plain[i] in LINK_WORDS and words.plain[i] in FILLERS:
            words.searched.discard(i)
            spans.append((i, 1))
    if not out.chips and all(words.taken) and len(spans) < 2:  # "Something for my mum": two
        for start, size in spans:
            words.taken[start : start + size] = [False] * size
        return
    out.fillers = [" ".join(words.raw[start : start + size]) for start, size in sorted(spans)]
