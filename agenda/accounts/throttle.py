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

The rule is pure: the clock is given (``time.monotonic`` in the server), the state is this process's
memory, bounded by ``Policy.max_entries``.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

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
    max_entries: int = 100_000

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
            f"Too many failed sign-ins, please try again in {wait} seconds.",
            code="too_many_attempts",
        )
        self.retry_after = wait


@dataclass
class _Count:
    failures: int = 0
    last: float = 0.0


Key = tuple[str, str, str]  # (kind, account, address)


def _keys(account: str, address: str) -> tuple[Key, Key, Key]:
    """The three counts a try adds to: its (account, address), its address, its account."""
    return ("pair", account, address), ("address", "", address), ("account", account, "")


@dataclass
class Throttle:
    """The counts of one server process, and the rule applied to them (safe to share between threads)."""

    clock: Clock
    policy: Policy = field(default_factory=Policy)
    _counts: dict[Key, _Count] = field(default_factory=dict)
    _trusted: dict[tuple[str, str], float] = field(default_factory=dict)  # (account, address) → success time
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def wait(self, account: str, address: str) -> float:
        """Seconds before ``account`` may be tried from ``address`` (0: now)."""
        with self._lock:
            return self._wait(account, address, self.clock())

    def attempt(self, account: str, address: str) -> None:
        """A password is about to be checked for ``account`` from ``address``: raise
        :class:`TooManyAttempts` if it is too soon, else count it as wrong until :meth:`succeeded` says
        otherwise (so that many tries sent at once are counted before any of them is checked)."""
        with self._lock:
            now = self.clock()
            left = self._wait(account, address, now)
            if left > 0:
                raise TooManyAttempts(left)
            self._prune(now)
            for key in _keys(account, address):
                count = self._fresh(key, now)
                count.failures += 1
                count.last = now

    def succeeded(self, account: str, address: str) -> None:
        """The password was right: the (account, address) count starts again, the other two forget this
        try, and the address is trusted for the account (it no longer waits for other addresses' tries)."""
        with self._lock:
            pair, *others = _keys(account, address)
            self._counts.pop(pair, None)
            for key in others:
                count = self._counts.get(key)
                if count is not None:
                    count.failures = max(0, count.failures - 1)
            self._trusted[(account, address)] = self.clock()

    def clear(self, account: str) -> None:
        """A secretary lifts every delay on ``account``, from every address (also the counts of the
        addresses it was tried from: a delegate's typos on their tablet end there too)."""
        with self._lock:
            pairs = [k for k in self._counts if k[1] == account]
            for key in [*pairs, *(("address", "", k[2]) for k in pairs if k[0] == "pair")]:
                self._counts.pop(key, None)

    def _wait(self, account: str, address: str, now: float) -> float:
        p = self.policy
        pair, by_address, by_account = _keys(account, address)
        waits = [self._left(pair, p.pair_free, p.pair_cap, now)]
        since = self._trusted.get((account, address))
        if since is None or now - since >= p.trusted_for:
            waits.append(self._left(by_address, p.address_free, p.address_cap, now))
            waits.append(self._left(by_account, p.account_free, p.account_cap, now))
        return max(waits)

    def _left(self, key: Key, free: int, cap: float, now: float) -> float:
        count = self._counts.get(key)
        if count is None or now - count.last >= self.policy.forget_after:
            return 0.0
        return max(0.0, count.last + self.policy.delay(count.failures, free, cap) - now)

    def _fresh(self, key: Key, now: float) -> _Count:
        count = self._counts.get(key)
        if count is None or now - count.last >= self.policy.forget_after:
            count = self._counts[key] = _Count()
        return count

    def _prune(self, now: float) -> None:
        """Keep the memory bounded: forget what is stale, then (a flood of made-up names) the oldest."""
        p = self.policy
        if len(self._counts) >= p.max_entries:
            for key in [k for k, c in self._counts.items() if now - c.last >= p.forget_after]:
                del self._counts[key]
            for key in sorted(self._counts, key=lambda k: self._counts[k].last)[: len(self._counts) // 4]:
                del self._counts[key]
        if len(self._trusted) >= p.max_entries:
            for pair in [t for t, at in self._trusted.items() if now - at >= p.trusted_for]:
                del self._trusted[pair]
            for pair in sorted(self._trusted, key=self._trusted.__getitem__)[: len(self._trusted) // 4]:
                del self._trusted[pair]
