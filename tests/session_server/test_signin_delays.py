"""The sign-in delays shared by every server process through Redis, and what happens when Redis is away."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import redis
from starlette.testclient import TestClient

from agenda.accounts.throttle import Policy, Throttle
from session_server.app import create_app
from session_server.settings import Settings
from session_server.signin_delays import RedisStore, make_throttle
from tests.conftest import DELEGATE, SECRETARY, Browser

ATTACKER = "10.0.0.99"


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def shared(redis_url: str) -> Iterator[RedisStore]:
    """A store of this test's own in the test Redis (other test runs may share the server)."""
    client = redis.Redis.from_url(redis_url)
    prefix = f"kyhop-test:{uuid.uuid4().hex}:"
    yield RedisStore(client, Policy(), prefix)
    keys = list(client.scan_iter(match=f"{prefix}*"))
    if keys:
        client.delete(*keys)
    client.close()


def two_processes(database_url: str, store: Any, clock: Clock) -> list[Any]:
    apps = [create_app(Settings(database_url=database_url, secret_key="test-secret")) for _ in range(2)]
    for app in apps:
        app.state.signin_throttle = Throttle(clock, Policy(), store)
    return apps


def wrong(browser: Browser) -> int:
    response = browser.post("/api/auth/login", {"username": DELEGATE[0], "password": "doan-bua"})
    return int(response.status_code)


@pytest.mark.redis
def test_every_server_process_counts_the_same_tries_and_a_lifted_delay_is_lifted_in_all(
    database_url: str, small_council: dict[str, Any], shared: RedisStore
) -> None:
    """Else an attacker spreading tries over the processes behind one address gets as many more, and the
    secretary's lifting of a delay reaches one process only."""
    one, other = (
        Browser(TestClient(app, client=(ATTACKER, 50000)))
        for app in two_processes(database_url, shared, Clock())
    )
    assert [wrong(one), wrong(other), wrong(one), wrong(other), wrong(one)] == [401] * 5
    assert wrong(other) == 429 and wrong(one) == 429
    secretary = Browser(TestClient(other.client.app, client=("10.0.0.2", 50000))).login(SECRETARY)
    user_id = small_council["user_ids"][DELEGATE[0]]
    assert secretary.delete(f"/api/users/{user_id}/sign-in-delay").status_code == 200
    assert wrong(one) == 401  # lifted in the other process too


def test_without_redis_a_process_still_delays_on_its_own(
    database_url: str, small_council: dict[str, Any]
) -> None:
    unreachable = RedisStore(redis.Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.2), Policy())
    (app,) = two_processes(database_url, unreachable, Clock())[:1]
    browser = Browser(TestClient(app, client=(ATTACKER, 50000)))
    assert [wrong(browser) for _ in range(6)] == [401] * 5 + [429]
    assert (
        browser.post("/api/auth/login", {"username": "thuky", "password": "thuky-mat-khau"}).status_code
        == 200
    )


def test_a_server_with_redis_shares_its_delays_through_it() -> None:
    with_redis = Settings("sqlite://", "k", redis_url="redis://127.0.0.1:6379/15")
    assert isinstance(make_throttle(with_redis).store, RedisStore)
    assert not isinstance(make_throttle(Settings("sqlite://", "k")).store, RedisStore)
