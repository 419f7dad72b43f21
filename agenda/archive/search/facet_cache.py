"""The facet counts of recent searches, kept until the archive changes: a common word matches most of the
archive, and counting eight facets over tens of thousands of matches is the largest part of such a search
after the engine (docs/benchmarks.md, "Archive search, design A2 in the app"). The key holds the archive's
generation (its fingerprint, :mod:`.status`), the day, the audience, the words, the numbers and the filters:
a change to the archive makes every key new. At most :data:`SIZE` searches are kept, the least recent
dropped first."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

SIZE = 256

Facets = dict[str, list[tuple[Any, int]]]

_KEPT: OrderedDict[Hashable, Facets] = OrderedDict()
_GUARD = threading.Lock()


def counted(key: Hashable, count: Callable[[], Facets]) -> Facets:
    """The counts kept for ``key``, else ``count()`` kept."""
    with _GUARD:
        known = _KEPT.get(key)
        if known is not None:
            _KEPT.move_to_end(key)
            return known
    known = count()
    with _GUARD:
        _KEPT[key] = known
        while len(_KEPT) > SIZE:
            _KEPT.popitem(last=False)
    return known
