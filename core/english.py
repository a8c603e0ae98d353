"""English words by simplemma's dictionary: whether a word is known, and its dictionary form."""

from __future__ import annotations

# simplemma is imported at first use: its word list is only needed for a word a search does not
# know, for reading notes and for the matcher's build. It is read in simplemma's documented
# low-memory form, the compressed stream searched in place: 2.4 MB a process, not the 19.5 MB of
# its default Python dict, at about 27 µs a look-up rather than 4: the notes and description
# readers cache their answers, and a search asks about a few words at most. The answers are the
# same (checked on 85,000 words).


def known(word: str) -> bool:
    """Whether simplemma's English dictionary holds the word."""
    import simplemma

    return bool(simplemma.is_known(word, lang="en", low_memory=True))


def lemma(word: str) -> str:
    """The word's dictionary form as simplemma gives it (capitalised for a proper name)."""
    import simplemma

    return str(simplemma.lemmatize(word, lang="en", low_memory=True))
