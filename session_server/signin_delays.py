"""Where the sign-in delays (:mod:`agenda.accounts.throttle`) keep their counts: this process's memory, or —
when the server runs with Redis (several processes behind one address) — Redis, so that every process counts
the same tries and a secretary's lifting of a delay reaches them all.

In Redis each count is a key that expires with the rule (``Policy.forget_after``; ``trusted_for`` for the
time an account last signed in from an address); accounts and addresses appear in key names only hashed.
A try reads and writes its keys in one optimistic transaction (``WATCH``/``MULTI``). If Redis cannot be
reached, the process counts in its own memory until it can again: sign-in goes on, delays per process.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import time
from typing import TypeVar

import redis

from agenda.accounts.throttle import Change, Count, Counts, MemoryStore, Policy, Throttle
from session_server.settings import Settings

log = logging.getLogger("kyhop.signin")
T = TypeVar("T")
PREFIX = "kyhop:signin:"
RETRY_REDIS_AFTER = 30.0  # seconds


def make_throttle(settings: Settings) -> Throttle:
    """The sign-in delays of a server: shared through Redis when it runs with Redis (clocks then agree: the
    wall clock), else in memory (the monotonic clock)."""
    policy = Policy()
    if settings.redis_url:
        client = redis.Redis.from_url(settings.redis_url, socket_connect_timeout=2, socket_timeout=2)
        return Throttle(time.time, policy, RedisStore(client, policy))
    return Throttle(time.monotonic, policy)


def _h(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


class RedisStore:
    """The counts in Redis (see the module's docstring)."""

    def __init__(self, client: redis.Redis, policy: Policy, prefix: str = PREFIX) -> None:
        self.client = client
        self.prefix = prefix
        self.forget = max(1, math.ceil(policy.forget_after))
        self.trust = max(1, math.ceil(policy.trusted_for))
        self.fallback = MemoryStore()
        self.down_until = 0.0  # after a failure, Redis is left alone for a while: no wait on every try

    def _names(self, account: str, address: str) -> tuple[str, str, str, str]:
        a, b, p = _h(account), _h(address), self.prefix
        return f"{p}pair:{a}:{b}", f"{p}address:{b}", f"{p}account:{a}", f"{p}trusted:{a}:{b}"

    def update(self, account: str, address: str, change: Change[T]) -> T:
        if time.monotonic() >= self.down_until:
            try:
                return self._update(account, address, change)
            except redis.RedisError:
                self.down_until = time.monotonic() + RETRY_REDIS_AFTER
                log.warning("Redis unreachable: sign-in delays counted in this process only", exc_info=True)
        return self.fallback.update(account, address, change)

    def _update(self, account: str, address: str, change: Change[T]) -> T:
        names = self._names(account, address)
        with self.client.pipeline() as pipe:
            while True:
                try:
                    pipe.watch(*names)  # type: ignore[no-untyped-call]
                    pair, by_address, by_account, trusted = pipe.mget(names)
                    before = Counts(_count(pair), _count(by_address), _count(by_account), _time(trusted))
                    after, result = change(before)
                    pipe.multi()
                    values = (after.pair, after.address, after.account)
                    for name, old, new in zip(
                        names, (before.pair, before.address, before.account), values, strict=False
                    ):
                        if new == old:
                            continue
                        if new is None:
                            pipe.delete(name)
                        else:
                            text = json.dumps(
                                {"failures": new.failures, "last": new.last, "address": address}
                            )
                            pipe.set(name, text, ex=self.forget)
                    if after.trusted_since != before.trusted_since:
                        if after.trusted_since is None:
                            pipe.delete(names[3])
                        else:
                            pipe.set(names[3], repr(after.trusted_since), ex=self.trust)
                    pipe.execute()
                    return result
                except redis.WatchError:
                    continue  # another try of the same keys came in between: read them again

    def clear(self, account: str) -> None:
        self.fallback.clear(account)
        try:
            pairs = list(self.client.scan_iter(match=f"{self.prefix}pair:{_h(account)}:*", count=500))
            names = [f"{self.prefix}account:{_h(account)}", *pairs]
            for raw in self.client.mget(pairs) if pairs else []:
                if raw is not None:
                    names.append(f"{self.prefix}address:{_h(json.loads(raw)['address'])}")
            self.client.delete(*names)
        except redis.RedisError:
            log.warning("Redis unreachable: the sign-in delay was lifted in this process only", exc_info=True)


def _count(raw: bytes | str | None) -> Count | None:
    if raw is None:
        return None
    data = json.loads(raw)
    return Count(int(data["failures"]), float(data["last"]))


def _time(raw: bytes | str | None) -> float | None:
    return None if raw is None else float(raw)
