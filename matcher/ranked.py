"""Match results kept per process: rank is pure, so the same profile and arrays rank the same.

A practitioner comes back to a person's matches often (after a shortlist change, a relaxed rule
turned off again, the API after the page); at 100k resources each run costs about 9 ms. Results
are kept for one set of directory arrays only: a new directory version (every change, and every
erasure) empties the memo when the arrays are brought up to date (`features.forget_derived`), so
nothing of an erased person outlives the next match run in this process.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict

from matcher import rank
from matcher.features import Features
from matcher.profile import Profile

KEPT = 256  # results kept, least recently used dropped first


class RankMemo:
    """rank(profile, features) answered from memory when both are the same as before."""

    def __init__(self, kept: int = KEPT) -> None:
        self._kept = kept
        self._features: weakref.ReferenceType[Features] | None = None
        self._results: OrderedDict[tuple[Profile, int], rank.Result] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def _for(self, features: Features) -> OrderedDict[tuple[Profile, int], rank.Result]:
        """The kept results, emptied first when the arrays are not the ones they were ranked on."""
        if self._features is None or self._features() is not features:
            # A weak reference: the memo must not keep a superseded version's arrays alive.
            self._features = weakref.ref(features)
            self._results = OrderedDict()
        return self._results

    def rank(self, profile: Profile, features: Features, limit: int = 10) -> rank.Result:
        """The ranking of this profile over these arrays (the top `limit`, with near misses)."""
        key = (profile, limit)
        with self._lock:
            results = self._for(features)
            found = results.get(key)
            if found is not None:
                results.move_to_end(key)
                self.hits += 1
                return found
            self.misses += 1
        result = rank.rank(profile, features, limit)
        with self._lock:
            if self._features is not None and self._features() is features:
                self._results[key] = result
                while len(self._results) > self._kept:
                    self._results.popitem(last=False)
        return result

    def clear(self) -> None:
        """Forget every kept result."""
        with self._lock:
            self._features = None
            self._results = OrderedDict()


memo = RankMemo()
