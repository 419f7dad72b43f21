"""The sign-in delays: growing after wrong passwords, never a lock-out of the delegate's own tablet."""

from __future__ import annotations

import pytest

from agenda.accounts.throttle import MemoryStore, Policy, Throttle, TooManyAttempts

TABLET, ATTACKER = "10.0.0.21", "10.0.0.99"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def throttle(**policy: float) -> tuple[Throttle, Clock]:
    clock = Clock()
    return Throttle(clock, Policy(**policy)), clock  # type: ignore[arg-type]


def fail(t: Throttle, times: int, account: str = "daibieu", address: str = ATTACKER) -> None:
    """``times`` wrong passwords, each sent as soon as the rule lets it (the clock moves on to then)."""
    clock = t.clock
    assert isinstance(clock, Clock)
    for _ in range(times):
        clock.now += t.wait(account, address)
        t.attempt(account, address)  # never followed by succeeded: a wrong password


def test_the_delay_grows_1_2_4_seconds_after_the_free_tries_and_stops_at_the_cap() -> None:
    t, clock = throttle(pair_free=3, pair_cap=5)
    fail(t, 3)
    assert t.wait("daibieu", ATTACKER) == 1.0
    with pytest.raises(TooManyAttempts) as refused:
        t.attempt("daibieu", ATTACKER)
    assert refused.value.status == 429 and refused.value.retry_after == 1
    assert refused.value.vi == "Đăng nhập sai quá nhiều lần, vui lòng thử lại sau 1 giây."
    assert refused.value.en == "Too many failed sign-ins, please try again in 1 second."
    waits = []
    for _ in range(4):
        clock.now += t.wait("daibieu", ATTACKER)
        t.attempt("daibieu", ATTACKER)
        waits.append(t.wait("daibieu", ATTACKER))
    assert waits == [2.0, 4.0, 5.0, 5.0]


def test_a_refused_try_does_not_count_and_the_counts_are_forgotten_after_a_while() -> None:
    t, clock = throttle(pair_free=2, forget_after=60)
    fail(t, 2)
    for _ in range(10):
        with pytest.raises(TooManyAttempts):
            t.attempt("daibieu", ATTACKER)
    assert t.wait("daibieu", ATTACKER) == 1.0  # still the delay after two, not after twelve
    clock.now += 60
    assert t.wait("daibieu", ATTACKER) == 0.0
    t.attempt("daibieu", ATTACKER)
    assert t.wait("daibieu", ATTACKER) == 0.0  # counting again from one


def test_tries_sent_at_once_are_counted_before_any_is_checked() -> None:
    t, _ = throttle(pair_free=5)
    for _ in range(5):
        t.attempt("daibieu", ATTACKER)  # five in flight at once, none answered yet
    with pytest.raises(TooManyAttempts):
        t.attempt("daibieu", ATTACKER)


def test_an_attack_on_an_account_from_one_address_does_not_delay_its_tablet() -> None:
    t, clock = throttle()
    fail(t, 40)
    assert t.wait("daibieu", ATTACKER) == t.policy.pair_cap  # the attacker: five minutes between tries
    assert t.wait("daibieu", TABLET) <= t.policy.account_cap  # a new tablet: seconds at most
    clock.now += t.wait("daibieu", TABLET)
    t.attempt("daibieu", TABLET)
    t.succeeded("daibieu", TABLET)
    fail(t, 40)
    assert t.wait("daibieu", TABLET) == 0.0  # and from then on, nothing


def test_an_address_that_signed_in_before_never_waits_for_other_addresses() -> None:
    t, clock = throttle(account_free=10, address_free=10)
    t.attempt("daibieu", TABLET)
    t.succeeded("daibieu", TABLET)
    for i in range(100):  # many addresses, a few tries each
        fail(t, 3, address=f"10.1.0.{i}")
    assert t.wait("daibieu", "10.2.0.1") > 0  # a stranger guessing the account waits
    assert t.wait("daibieu", TABLET) == 0.0  # the delegate's tablet does not
    clock.now += t.policy.trusted_for
    for i in range(100):
        fail(t, 3, address=f"10.1.1.{i}")
    assert t.wait("daibieu", TABLET) > 0  # trusted for a sitting, not for ever


def test_a_right_password_starts_the_count_of_its_address_again() -> None:
    t, _ = throttle(pair_free=3)
    fail(t, 2, address=TABLET)  # two typos on the tablet
    t.attempt("daibieu", TABLET)
    t.succeeded("daibieu", TABLET)
    fail(t, 2, address=TABLET)
    assert t.wait("daibieu", TABLET) == 0.0  # two typos again are free again


def test_one_address_guessing_many_accounts_waits() -> None:
    t, _ = throttle(address_free=10)
    for i in range(10):
        t.attempt(f"user{i}", ATTACKER)
    assert t.wait("someone-else", ATTACKER) == 1.0
    assert t.wait("someone-else", TABLET) == 0.0


def test_a_secretary_clears_every_delay_of_an_account() -> None:
    t, _ = throttle(address_free=10)
    fail(t, 12)
    fail(t, 12, address=TABLET)
    t.clear("daibieu")
    assert t.wait("daibieu", TABLET) == 0.0 and t.wait("daibieu", ATTACKER) == 0.0
    assert t.wait("daibieu", "10.0.0.50") == 0.0


def test_made_up_account_names_do_not_grow_the_memory_without_bound() -> None:
    store = MemoryStore(max_entries=1000)
    t = Throttle(Clock(), store=store)
    for i in range(5000):
        t.attempt(f"random-{i}", f"10.3.{i // 250}.{i % 250}")
    assert len(store) <= 1001


def test_password_checks_never_take_every_core(monkeypatch: pytest.MonkeyPatch) -> None:
    """However many sign-ins arrive at once, at most cores − 1 Argon2 checks run together (one lane each),
    below the server's priority: the live session keeps a core, and comes first on a server held to one."""
    import os
    import threading
    import time as clock_time

    from argon2 import PasswordHasher

    from agenda.accounts import passwords

    running, most = 0, 0
    guard = threading.Lock()
    verify = PasswordHasher.verify
    mine = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    niceness: set[int] = set()

    def observed(self: PasswordHasher, stored: str, password: str) -> bool:
        nonlocal running, most
        niceness.add(os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))
        with guard:
            running += 1
            most = max(most, running)
        clock_time.sleep(0.05)
        with guard:
            running -= 1
        return verify(self, stored, password)

    stored = passwords.hash_password("mat-khau-dung")
    monkeypatch.setattr(PasswordHasher, "verify", observed)
    threads = [threading.Thread(target=passwords.matches, args=(stored, "mat-khau-sai")) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert most == max(1, (os.cpu_count() or 2) - 1)
    assert niceness == {min(19, mine + passwords.ARGON2_NICENESS)}  # below the server's threads
