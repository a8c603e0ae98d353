"""English words read from simplemma's low-memory form answer as its default dictionary does."""

from __future__ import annotations

import random

import simplemma
from simplemma.strategies.dictionaries import DEFAULT_DICTIONARY_FACTORY

from core import english

# Words the search, the request parser and the notes reader ask about: lemmas, proper names
# (capitalised lemmas), slips and words a dropped g leaves.
ASKED = ["walking", "swam", "fished", "gardening", "allotment", "Leeds", "leeds", "York", "park"]
ASKED += ["wlak", "readign", "swiming", "walkin", "closed", "autism", "art", "alert"]


def test_known_words_and_lemmas_are_the_default_dictionarys():
    held = sorted(DEFAULT_DICTIONARY_FACTORY.get_dictionary("en"))
    words = ASKED + random.Random(3).sample(held, 5000)
    for word in words:
        assert english.known(word) == simplemma.is_known(word, lang="en"), word
        assert english.lemma(word) == simplemma.lemmatize(word, lang="en"), word
    assert english.lemma("swam") == "swim" and english.lemma("Leeds")[:1].isupper()
    assert english.known("walking") and not english.known("wlak")
