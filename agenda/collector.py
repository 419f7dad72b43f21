"""Computing over many records at once — the force of a whole archive (100,000 resolutions), a dashboard's
table over a term (:mod:`agenda.metrics`): Python's cycle collector paused meanwhile.

Reading and computing such an answer makes hundreds of thousands of small tuples that live until the answer is
built and form no cycle; each few hundred of them set off a collection, and as the heap grows, full collections
of everything the process holds — about half the time of the whole computation. Paused, nothing is lost: what
is garbage is collected at the next collection after it resumes.

The collector is one per process, shared by the server's threads: the pauses are counted, and the last thread
out turns it back on — only if it was on before the first one came in."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class _Pauses:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.count = 0
        self.resume = False


_PAUSES = _Pauses()


@contextmanager
def collector_paused() -> Iterator[None]:
    with _PAUSES.lock:
        if _PAUSES.count == 0:
            _PAUSES.resume = gc.isenabled()
            gc.disable()
        _PAUSES.count += 1
    try:
        yield
    finally:
        with _PAUSES.lock:
            _PAUSES.count -= 1
            if _PAUSES.count == 0 and _PAUSES.resume:
                gc.enable()
