"""The compact parts of the search facts order and read what they hold as the plain ones did."""

from __future__ import annotations

import bisect
import random

from directory.search.common import SortedKeys


def test_sorted_keys_place_names_where_a_sorted_list_of_the_texts_would():
    rng = random.Random(3)
    letters = "abcz éüß日本ǅ😀 -'"
    texts = sorted("".join(rng.choices(letters, k=rng.randint(0, 8))) for _ in range(500))
    keys = SortedKeys(texts)
    assert len(keys) == len(texts)
    assert [keys[i].decode() for i in range(len(keys))] == texts
    for _ in range(500):
        probe = "".join(rng.choices(letters, k=rng.randint(0, 8)))
        assert bisect.bisect_left(keys, probe.encode()) == bisect.bisect_left(texts, probe)
    assert bisect.bisect_left(SortedKeys([]), b"x") == 0
