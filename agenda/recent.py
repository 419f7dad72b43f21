"""What was read from the database moments ago, kept for the next request that asks the same thing.

At the start of a sitting every tablet asks for the same things at the same moment: the session pack, the
live session's snapshot. :class:`RecentlyRead` lets one request read it — the others that ask meanwhile
wait for that one read (single flight) — and keeps the answer ``ttl`` seconds.

Keys are tuples whose first element is the session's id. The server drops a session's answers when one of
its events arrives (from this process or, through Redis, from another) and every answer after any change
made through this process's HTTP API (``session_server/hub.py``: ``Hub.on_change``); ``ttl`` bounds what
neither reaches — a change made through another process that emits no event (a council renamed, a draft
session edited). An answer read while a change was being made is not kept.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")
Key = tuple[Hashable, ...]  # (session id, …)


class RecentlyRead(Generic[V]):
    def __init__(
        self, ttl: float = 2.0, clock: Callable[[], float] = time.monotonic, keep: int = 256
    ) -> None:
        self.ttl, self.clock, self.keep = ttl, clock, keep
        self._answers: dict[Key, tuple[V, float]] = {}
        self._generation = 0
        self._lock = threading.Lock()
        self._reading: dict[Key, threading.Lock] = {}

    def __len__(self) -> int:
        with self._lock:
            return len(self._answers)

    def get(self, key: Key) -> V | None:
        with self._lock:
            entry = self._answers.get(key)
        return entry[0] if entry is not None and entry[1] > self.clock() else None

    def generation(self) -> int:
        return self._generation

    def put(self, key: Key, value: V, generation: int) -> None:
        """Keep ``value``, unless something changed since ``generation()`` was taken before reading it."""
        with self._lock:
            if generation != self._generation:
                return
            if len(self._answers) >= self.keep:
                now = self.clock()
                self._answers = {k: v for k, v in self._answers.items() if v[1] > now}
                if len(self._answers) >= self.keep:
                    self._answers.clear()
            self._answers[key] = (value, self.clock() + self.ttl)

    def get_or_read(self, key: Key, read: Callable[[], V]) -> V:
        """The answer kept for ``key``, else ``read()`` — once, when many ask at the same moment. What
        ``read`` raises reaches the caller and is not kept."""
        value = self.get(key)
        if value is not None:
            return value
        with self._lock:
            reading = self._reading.setdefault(key, threading.Lock())
        with reading:
            value = self.get(key)
            if value is None:
                generation = self._generation
                value = read()
                self.put(key, value, generation)
        with self._lock:
            if self._reading.get(key) is reading and not reading.locked():
                del self._reading[key]
        return value

    def forget(self, session_id: int | None = None) -> None:
        """Drop the answers about ``session_id`` (None: all of them)."""
        with self._lock:
            self._generation += 1
            if session_id is None:
                self._answers.clear()
            else:
                for key in [k for k in self._answers if k[0] == session_id]:
                    del self._answers[key]
