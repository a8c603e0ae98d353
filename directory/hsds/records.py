"""Records an import reads more than once: a list, or a file read afresh on every pass."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any


class Records:
    """Records yielded anew by `read` on every pass; the length is counted once, on first asking."""

    # Read anew so an import's passes (checks, then writes) never hold a whole large file.

    def __init__(self, read: Callable[[], Iterator[Any]]) -> None:
        self.read = read
        self._count: int | None = None

    def __iter__(self) -> Iterator[Any]:
        return self.read()

    def __len__(self) -> int:
        if self._count is None:
            self._count = sum(1 for _ in self.read())
        return self._count


Items = list[Any] | Records
Collection = dict[str, Items]  # "services", "organizations", "taxonomies", "taxonomy_terms"
