"""How often someone may try a password: a growing delay after wrong ones, that an attacker cannot turn
into a lock-out of a delegate.

Every try counts as wrong until it proves right (:meth:`Throttle.attempt`, then
:meth:`Throttle.succeeded`), so that a burst sent at once is counted before any of it is checked. Three
counts of recent wrong tries, each forgotten ``Policy.forget_after`` seconds after its last one:
- per **(account, address)**, strictly: a few free tries, then 1, 2, 4 … seconds between tries, up to
  ``pair_cap``. Only whoever tries this account from this address waits;
- per **address**, across accounts (one client guessing many accounts): more free tries, the same growth
  up to ``address_cap``;
- per **account**, across addresses (many clients guessing one account), *loosely*: many free tries and a
  short cap, so that guessing from many addresses stays slow without a flood keeping the delegate out.

An address that signed in to the account successfully in the last ``trusted_for`` seconds (the delegate's
own tablet) waits only for its own (account, address) count — which that success set to zero. A sign-in
with a QR card never waits here (it proves itself by the card's secret, not by a guess), and a secretary
may :meth:`Throttle.clear` an account at once.

The rule is pure: the clock is given, the counts are kept by a :class:`Store` — this process's memory,
or, when the server runs with Redis, one place all its processes share (``session_server/signin_delays.py``).
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from agenda.errors import DomainError

Clock = Callable[[], float]


@dataclass(frozen=True)
class Policy:
    """The numbers of the rule (seconds and counts of wrong passwords)."""

    pair_free: int = 5
    pair_cap: float = 300.0
    address_free: int = 20
    address_cap: float = 300.0
    account_free: int = 30
    account_cap: float = 15.0
    first_delay: float = 1.0
    forget_after: float = 3600.0
    trusted_for: float = 12 * 3600.0

    def delay(self, failures: int, free: int, cap: float) -> float:
        """How long after the last of ``failures`` wrong passwords the next try may come: none for the
        first ``free``, then ``first_delay`` doubling with each one more, never above ``cap``."""
        if failures < free:
            return 0.0
        return float(min(cap, self.first_delay * 2.0 ** min(failures - free, 32)))


class TooManyAttempts(DomainError):
    """A sign-in refused before its password is even checked: wait ``retry_after`` seconds."""

    status = 429

    def __init__(self, seconds: float) -> None:
        wait = max(1, math.ceil(seconds))
        super().__init__(
            f"Đăng nhập sai quá nhiều lần, vui lòng thử lại sau {wait} giây.",
            f"Too many failed sign-ins, please try again in {wait} second{'' if wait == 1 else 's'}.",
            code="too_many_attempts",
        )
        self.retry_after = wait


@dataclass(frozen=True)
class Count:
    """Recent wrong tries of one kind: how many, and when the last one came (the clock's seconds)."""

    failures: int
    last: float


@dataclass(frozen=True)
class Counts:
    """What the rule reads for a try of an account from an address (None: nothing recent)."""

    pair: Count | None = None
    address: Count | None = None
    account: Count | None = None
    trusted_since: float | None = None  # when the account last signed in from this address


T = TypeVar("T")
Change = Callable[[Counts], tuple[Counts, T]]


class Store(Protocol):
    """Where the counts are kept: this process's memory (:class:`MemoryStore`), or one place every server
    process shares (``session_server/signin_delays.py``)."""

    def update(self, account: str, address: str, change: Change[T]) -> T:
        """Read the counts of a try of ``account`` from ``address`` and keep what ``change`` makes of them,
        as one step (no other try in between); ``change``'s result."""
        ...

    def clear(self, account: str) -> None:
        """Forget the counts of ``account`` from every address, and those of the addresses it was tried
        from."""
        ...


Key = tuple[str, str, str]  # (kind, account, address)


def _keys(account: str, address: str) -> tuple[Key, Key, Key]:
    return ("pair", account, address), ("address", "", address), ("account", account, "")


@dataclass
class MemoryStore:
    """The counts in this process's memory, bounded: past ``max_entries`` the oldest quarter goes (a flood
    of made-up names); safe to share between threads."""

    max_entries: int = 100_000
    _counts: dict[Key, Count] = field(default_factory=dict)
    _trusted: dict[tuple[str, str], float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __len__(self) -> int:
        return len(self._counts) + len(self._trusted)

    def update(self, account: str, address: str, change: Change[T]) -> T:
        keys = _keys(account, address)
        with self._lock:
            pair, by_address, by_account = (self._counts.get(k) for k in keys)
            before = Counts(pair, by_address, by_account, self._trusted.get((account, address)))
            after, result = change(before)
            if after != before:
                for key, count in zip(keys, (after.pair, after.address, after.account), strict=True):
                    if count is None:
                        self._counts.pop(key, None)
                    else:
                        self._counts[key] = count
                if after.trusted_since is None:
                    self._trusted.pop((account, address), None)
                else:
                    self._trusted[(account, address)] = after.trusted_since
                self._bound()
            return result

    def clear(self, account: str) -> None:
        with self._lock:
            pairs = [k for k in self._counts if k[0] == "pair" and k[1] == account]
            for key in [*pairs, *(("address", "", k[2]) for k in pairs), ("account", account, "")]:
                self._counts.pop(key, None)

    def _bound(self) -> None:
        if len(self._counts) > self.max_entries:
            for key in sorted(self._counts, key=lambda k: self._counts[k].last)[: len(self._counts) // 4]:
                del self._counts[key]
        if len(self._trusted) > self.max_entries:
            for pair in sorted(self._trusted, key=self._trusted.__getitem__)[: len(self._trusted) // 4]:
                del self._trusted[pair]


@dataclass
class Throttle:
    """The rule, applied to the counts of a :class:`Store`."""

    clock: Clock
    policy: Policy = field(default_factory=Policy)
    store: Store = field(default_factory=MemoryStore)

    def wait(self, account: str, address: str) -> float:
        """Seconds before ``account`` may be tried from ``address`` (0: now)."""
        now = self.clock()
        return self.store.update(account, address, lambda counts: (counts, self._wait(counts, now)))

    def attempt(self, account: str, address: str) -> None:
        """A password is about to be checked for ``account`` from ``address``: raise
        :class:`TooManyAttempts` if it is too soon, else count it as wrong until :meth:`succeeded` says
        otherwise (so that many tries sent at once are counted before any of them is checked)."""
        now = self.clock()

        def change(c: Counts) -> tuple[Counts, float]:
            left = self._wait(c, now)
            if left > 0:
                return c, left
            return Counts(
                self._add(c.pair, now), self._add(c.address, now), self._add(c.account, now), c.trusted_since
            ), 0.0

        left = self.store.update(account, address, change)
        if left > 0:
            raise TooManyAttempts(left)

    def succeeded(self, account: str, address: str) -> None:
        """The password was right: the (account, address) count starts again, the other two forget this
        try, and the address is trusted for the account (it no longer waits for other addresses' tries)."""
        now = self.clock()

        def change(c: Counts) -> tuple[Counts, None]:
            return Counts(None, _less(c.address), _less(c.account), now), None

        self.store.update(account, address, change)

    def clear(self, account: str) -> None:
        """A secretary lifts every delay on ``account``, from every address (also the counts of the
        addresses it was tried from: a delegate's typos on their tablet end there too)."""
        self.store.clear(account)

    def _wait(self, c: Counts, now: float) -> float:
        p = self.policy
        waits = [self._left(c.pair, p.pair_free, p.pair_cap, now)]
        if c.trusted_since is None or now - c.trusted_since >= p.trusted_for:
            waits.append(self._left(c.address, p.address_free, p.address_cap, now))
            waits.append(self._left(c.account, p.account_free, p.account_cap, now))
        return max(waits)

    def _left(self, count: Count | None, free: int, cap: float, now: float) -> float:
        if count is None or now - count.last >= self.policy.forget_after:
            return 0.0
        return max(0.0, count.last + self.policy.delay(count.failures, free, cap) - now)

    def _add(self, count: Count | None, now: float) -> Count:
        recent = count is not None and now - count.last < self.policy.forget_after
        return Count((count.failures if count is not None and recent else 0) + 1, now)


def _less(count: Count | None) -> Count | None:
    return None if count is None else Count(max(0, count.failures - 1), count.last)
