"""The Whoosh backend keeps each term's documents as the bits of an int: nothing lost or added."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from directory.search.whoosh_backend import members, to_bits

DOCS = st.sets(st.integers(min_value=0, max_value=200_000), max_size=300)


@given(DOCS)
def test_a_set_of_documents_comes_back_whole_and_in_order(docs: set[int]) -> None:
    assert members(to_bits(docs)) == sorted(docs)


@given(DOCS, DOCS)
def test_and_or_and_counts_are_those_of_the_sets(a: set[int], b: set[int]) -> None:
    assert members(to_bits(a) & to_bits(b)) == sorted(a & b)
    assert members(to_bits(a) | to_bits(b)) == sorted(a | b)
    assert (to_bits(a) & to_bits(b)).bit_count() == len(a & b)
