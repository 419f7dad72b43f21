"""A flood of wrong passwords can neither stall a vote nor keep a delegate out — the attacks themselves.

The flood runs against a real server (uvicorn, as in production) while twenty delegates vote over their
websockets; the delays are then tried over HTTP from several addresses (as the tablets of a hall are)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from argon2 import PasswordHasher
from starlette.testclient import TestClient

from agenda import db as storage
from agenda.accounts import users
from agenda.accounts.throttle import Policy, Throttle
from agenda.accounts.users import UserInput
from session_server.app import create_app
from session_server.settings import Settings
from tests.agenda.sitting.test_sitting import build_hall
from tests.conftest import DELEGATE, SECRETARY, Browser, running
from tests.session_server.realtime.test_realtime import PASSWORD, opened_with

TABLET, ATTACKER, NEW_TABLET = "10.0.0.21", "10.0.0.99", "10.0.0.22"
HALL = 20
FLOODERS = 16
ARGON2_SECONDS = 0.5  # what a real Argon2id verify costs on a busy server (the tests use the cheapest one)


def slow_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on, checking a password takes as long as in production (without burning the CPU)."""
    verify = PasswordHasher.verify

    def slow(self: PasswordHasher, stored: str | bytes, password: str | bytes) -> bool:
        time.sleep(ARGON2_SECONDS)
        return verify(self, stored, password)

    monkeypatch.setattr(PasswordHasher, "verify", slow)


@pytest.fixture
def hall_of_twenty(database_url: str, factory: Any) -> Iterator[tuple[Any, dict[str, Any]]]:
    hall = build_hall(factory, HALL)
    with storage.transaction(factory) as db:
        for i, person in enumerate(hall["people"]):
            values = {"username": f"daibieu{i + 1:02d}", "display_name": f"Đại biểu {i + 1:02d}"}
            users.create_user(
                db,
                UserInput.parse({**values, "password": PASSWORD, "roles": ["delegate"], "person_id": person}),
            )
        users.create_user(
            db,
            UserInput.parse(
                {"username": "thuky2", "display_name": "Thư ký", "password": PASSWORD, "roles": ["secretary"]}
            ),
        )
    settings = Settings(database_url=database_url, secret_key="test-secret", trust_forwarded_for=True)
    yield create_app(settings), hall


def flood(base_url: str, stop: threading.Event, statuses: list[int], n: int, signed_in: bool = False) -> None:
    """One client sending wrong passwords for the delegates' accounts as fast as it is answered, from the
    attacker's machine (the tablets are at the proxy's own address, 127.0.0.1) — anonymous, or
    (``signed_in``) from a browser signed in already, whose cookie names a sign-in session."""
    with httpx.Client(base_url=base_url, timeout=30, headers={"x-forwarded-for": ATTACKER}) as client:
        csrf = client.get("/api/me").json()["csrf_token"]
        if signed_in:
            own = {"username": f"daibieu{n % HALL + 1:02d}", "password": PASSWORD}
            response = client.post("/api/auth/login", json=own, headers={"x-csrf-token": csrf})
            assert response.status_code == 200, response.text
            csrf = response.json()["csrf_token"]
        tries = 0
        while not stop.is_set():
            tries += 1
            response = client.post(
                "/api/auth/login",
                json={"username": f"daibieu{(n + tries) % HALL + 1:02d}", "password": "doan-bua"},
                headers={"x-csrf-token": csrf},
            )
            statuses.append(response.status_code)


def answer(tablet: Any, ref: str) -> dict[str, Any]:
    """The ack or error of the ballot sent as ``ref`` (however late: lateness is not what is asserted)."""
    while True:
        message = json.loads(tablet.ws.recv(timeout=120))
        if message.get("id") == ref and message["type"] in ("ack", "error"):
            return dict(message)


def until(condition: Callable[[], bool], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)


def vote_during_flood(
    app: Any,
    hall: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
    *,
    until_refused: bool = False,
    signed_in: bool = False,
) -> tuple[list[dict[str, Any]], list[int]]:
    """Twenty ballots cast while sixteen clients flood the sign-in: each ballot's answer, and the answers
    the flood got (``until_refused``: the flood goes on until it is refused)."""
    with running(app) as url:
        console, tablets = opened_with(url, hall["session_id"], HALL)
        slow_argon2(monkeypatch)
        vote_id = console.act("vote.open", title="Biểu quyết giữa cơn mưa đăng nhập")["result"]["vote_id"]
        stop, statuses = threading.Event(), list[int]()
        threads = [
            threading.Thread(target=flood, args=(url, stop, statuses, n, signed_in)) for n in range(FLOODERS)
        ]
        for thread in threads:
            thread.start()
        try:
            until(lambda: len(statuses) >= 1)  # every client past its first request: the flood is on
            for i, tablet in enumerate(tablets):
                message = {"type": "ballot", "id": f"b{i}", "vote_id": vote_id, "ballot_id": f"flood-{i:03d}"}
                tablet.ws.send(json.dumps({**message, "choice": "yes"}))
            answers = [answer(tablet, f"b{i}") for i, tablet in enumerate(tablets)]
            if until_refused:
                until(lambda: 429 in statuses)
        finally:
            stop.set()
            for thread in threads:
                thread.join(timeout=60)
        for screen in [console, *tablets]:
            screen.close()
    return answers, statuses


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
def test_a_flood_of_wrong_passwords_does_not_make_a_ballot_unavailable(
    hall_of_twenty: tuple[Any, dict[str, Any]], monkeypatch: pytest.MonkeyPatch, signed_in: bool
) -> None:
    """With no delay at all (so that only where the password is checked is tried): before, every sign-in
    held SQLite's write lock for its Argon2 check, and ballots waited past the busy timeout — also from a
    browser signed in already, whose request looked its caller up (and so took the lock) first."""
    app, hall = hall_of_twenty
    unlimited = Policy(pair_free=10**9, address_free=10**9, account_free=10**9)
    app.state.signin_throttle = Throttle(time.monotonic, unlimited)
    answers, statuses = vote_during_flood(app, hall, monkeypatch, signed_in=signed_in)
    assert [a.get("error", {}).get("code") for a in answers if a["type"] == "error"] == []
    assert all(a["result"]["recorded"] for a in answers)
    assert len(statuses) >= FLOODERS and set(statuses) == {401}  # the flood ran, and was only refused


def test_the_flood_is_slowed_down_with_429_while_the_vote_goes_on(
    hall_of_twenty: tuple[Any, dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    app, hall = hall_of_twenty
    answers, statuses = vote_during_flood(app, hall, monkeypatch, until_refused=True)
    assert all(a["type"] == "ack" and a["result"]["recorded"] for a in answers)
    assert 429 in statuses and statuses.count(401) <= Policy().address_free + FLOODERS


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(app: Any) -> Clock:
    """The sign-in delays of ``app`` on a clock the test moves."""
    clock = Clock()
    app.state.signin_throttle = Throttle(clock)
    return clock


@pytest.fixture
def at(app: Any) -> Iterator[Any]:
    """``at(address)``: a fresh browser calling from ``address``."""
    clients: list[TestClient] = []

    def make(address: str, **headers: str) -> Browser:
        client = TestClient(app, client=(address, 50000), headers=headers)
        clients.append(client)
        return Browser(client)

    yield make
    for client in clients:
        client.close()


def sign_in(browser: Browser, password: str, username: str = DELEGATE[0]) -> Any:
    response = browser.post("/api/auth/login", {"username": username, "password": password})
    if response.status_code == 200:
        browser.csrf = response.json()["csrf_token"]
    return response


def test_wrong_passwords_get_a_growing_delay_said_in_both_languages(at: Any, clock: Clock) -> None:
    attacker = at(ATTACKER)
    assert [sign_in(attacker, "doan-bua").status_code for _ in range(5)] == [401] * 5
    refused = sign_in(attacker, DELEGATE[1])  # even the right password: it is not even checked
    assert refused.status_code == 429 and refused.headers["retry-after"] == "1"
    error = refused.json()["error"]
    assert error["code"] == "too_many_attempts" and error["retry_after"] == 1
    assert error["message"] == "Đăng nhập sai quá nhiều lần, vui lòng thử lại sau 1 giây."
    assert error["message_en"] == "Too many failed sign-ins, please try again in 1 second."
    english = attacker.post(
        "/api/auth/login", {"username": DELEGATE[0], "password": "x"}, params={"lang": "en"}
    )
    assert english.json()["error"]["message"] == "Too many failed sign-ins, please try again in 1 second."
    waits = []
    for _ in range(3):
        clock.now += int(sign_in(attacker, "doan-bua").headers["retry-after"])
        assert sign_in(attacker, "doan-bua").status_code == 401
        waits.append(int(sign_in(attacker, "doan-bua").headers["retry-after"]))
    assert waits == [2, 4, 8]


def test_a_delegate_under_attack_still_signs_in_on_their_tablet_and_with_their_card(
    at: Any, clock: Clock
) -> None:
    tablet = at(TABLET)
    assert sign_in(tablet, DELEGATE[1]).status_code == 200  # this morning
    for n in range(60):  # then wrong passwords from many addresses
        attacker = at(f"10.0.1.{n}")
        for _ in range(5):
            assert sign_in(attacker, "doan-bua").status_code in (401, 429)
        clock.now += 1
    last = at("10.0.1.250")
    while (tried := sign_in(last, "doan-bua")).status_code == 429:  # as fast as they are let in
        clock.now += int(tried.headers["retry-after"])
    assert sign_in(at("10.0.2.1"), "doan-bua").status_code == 429  # guessing the account is slowed down
    again = at(TABLET)  # the tablet's browser was closed: signing in again, from the same address
    assert sign_in(again, DELEGATE[1]).status_code == 200
    secretary = at("10.0.0.2").login(SECRETARY)
    user_id = next(
        u["id"] for u in secretary.get("/api/users").json()["users"] if u["username"] == DELEGATE[0]
    )
    issued = secretary.post(f"/api/users/{user_id}/cards", {})
    new_tablet = at(NEW_TABLET)
    assert sign_in(new_tablet, DELEGATE[1]).status_code == 429  # a tablet never used: the account waits…
    card = new_tablet.post("/api/auth/card", {"token": issued.json()["signin_url"].split("#card=")[1]})
    assert card.status_code == 200  # …but the card signs it in at once
    assert secretary.delete(f"/api/users/{user_id}/sign-in-delay").status_code == 200
    assert sign_in(at("10.0.0.23"), DELEGATE[1]).status_code == 200  # and after the secretary lifts it


def test_a_right_password_starts_the_count_again(at: Any, clock: Clock) -> None:
    tablet = at(TABLET)
    for _ in range(3):
        for _ in range(4):
            assert sign_in(tablet, "go-sai-mat-khau").status_code == 401  # typos…
        assert sign_in(tablet, DELEGATE[1]).status_code == 200  # …then right: never a delay


def test_only_who_may_act_on_an_account_lifts_its_delay(
    at: Any, clock: Clock, small_council: dict[str, Any]
) -> None:
    """Lifting it again and again would let a secretary guess an administrator's password."""
    ids = small_council["user_ids"]
    delegate, secretary = at(TABLET).login(DELEGATE), at("10.0.0.2").login(SECRETARY)
    assert delegate.delete(f"/api/users/{ids['daibieu']}/sign-in-delay").status_code == 403
    assert secretary.delete(f"/api/users/{ids['quantri']}/sign-in-delay").status_code == 403
    assert secretary.delete(f"/api/users/{ids['daibieu']}/sign-in-delay").status_code == 200


def test_a_made_up_forwarded_address_does_not_escape_the_delay(app: Any, at: Any, clock: Clock) -> None:
    """X-Forwarded-For is believed only when a setting says a proxy writes it."""
    for n in range(Policy().address_free):  # many accounts guessed, a new forwarded address each time
        forged = at(ATTACKER, **{"x-forwarded-for": f"192.0.2.{n}"})
        assert sign_in(forged, "doan-bua", f"khach{n}").status_code == 401
    assert sign_in(at(ATTACKER, **{"x-forwarded-for": "192.0.2.250"}), "x", "thuky").status_code == 429
    app.state.settings = Settings(app.state.settings.database_url, "test-secret", trust_forwarded_for=True)
    proxy = "10.0.0.1"
    behind = at(proxy, **{"x-forwarded-for": f"192.0.2.250, {TABLET}"})  # the proxy wrote the last one
    assert sign_in(behind, "doan-bua", "thuky").status_code == 401
    for _ in range(5):
        sign_in(at(proxy, **{"x-forwarded-for": ATTACKER}), "doan-bua")
    assert sign_in(at(proxy, **{"x-forwarded-for": ATTACKER}), "doan-bua").status_code == 429
    assert sign_in(behind, DELEGATE[1]).status_code == 200  # the proxy's other clients are not delayed


def test_guessing_the_current_password_to_change_it_is_delayed_too(at: Any, clock: Clock) -> None:
    thief = at(ATTACKER).login(DELEGATE)  # a tablet left signed in
    change = {"current_password": "doan-bua", "new_password": "mat-khau-cua-ke-trom"}
    assert [thief.post("/api/auth/password", change).status_code for _ in range(5)] == [400] * 5
    refused = thief.post("/api/auth/password", {**change, "current_password": DELEGATE[1]})
    assert refused.status_code == 429 and refused.headers["retry-after"] == "1"
    assert sign_in(at(TABLET), DELEGATE[1]).status_code == 200  # the password is unchanged


def test_a_client_that_does_not_wait_hears_its_refusal_after_a_pause(
    at: Any, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A flood that ignores Retry-After cannot have hundreds of refusals a second answered: each 429 comes
    after a pause (asyncio's, costing the server nothing), while a wrong password is answered at once."""
    from session_server.http import endpoints

    monkeypatch.setattr(endpoints, "TARPIT_SECONDS", 0.4)
    attacker = at(ATTACKER)
    while (response := sign_in(attacker, "doan-bua")).status_code == 401:
        pass
    assert response.status_code == 429
    started = time.perf_counter()
    assert sign_in(attacker, "doan-bua").status_code == 429
    assert time.perf_counter() - started >= 0.4
