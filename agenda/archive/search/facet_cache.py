"""What recent searches found, kept until the archive changes: the facet counts of a search — a common word
matches most of the archive, and counting eight facets over tens of thousands of matches is the largest part of
such a search after the engine (docs/benchmarks.md, "Archive search, design A2 in the app") — and each page of
hits asked for, with its snippets and marked titles (docs/benchmarks.md, "Archive search, the hits' pages in one
statement"): a search asked again, or the next page of it, answers from memory. The keys hold the archive's
generation (its fingerprint, :mod:`.status`), the day, the audience, the words, the numbers and the filters (a
page: also which page, its size, the sort): a change to the archive makes every key new. At most :data:`SIZE`
of each are kept, the least recent dropped first."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

SIZE = 256

Facets = dict[str, list[tuple[Any, int]]]
T = TypeVar("T")


class Kept(Generic[T]):
    """The :data:`SIZE` most recently asked values, by key."""

    def __init__(self) -> None:
        self._kept: OrderedDict[Hashable, T] = OrderedDict()
        self._guard = threading.Lock()

    def get(self, key: Hashable) -> T | None:
        with self._guard:
            known = self._kept.get(key)
            if known is not None:
                self._kept.move_to_end(key)
            return known

    def put(self, key: Hashable, value: T) -> T:
        with self._guard:
            self._kept[key] = value
            while len(self._kept) > SIZE:
                self._kept.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._guard:
            self._kept.clear()


FACETS: Kept[Facets] = Kept()


def counted(key: Hashable, count: Callable[[], Facets]) -> Facets:
    """The counts kept for ``key``, else ``count()`` kept."""
    known = FACETS.get(key)
    return known if known is not None else FACETS.put(key, count())
