"""Brokers: how a committed event — or the end of sign-in sessions — reaches the hub of every server process:
directly (one process), or through Redis pub/sub (several processes behind one address; each delivers what it
hears to its clients)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from session_server.realtime.hub import Hub

log = logging.getLogger("kyhop.hub")


CHANNEL_PREFIX = "kyhop:session:"
SIGNOUT_CHANNEL = "kyhop:signout"  # the ids of sign-in sessions ended, comma-separated


class Broker:
    async def publish(self, session_id: int, version: int, text: str) -> None:
        raise NotImplementedError

    async def sign_out(self, signin_ids: list[int]) -> None:
        raise NotImplementedError

    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        return None


class LocalBroker(Broker):
    """One server process: deliver straight to this process's clients."""

    def __init__(self, hub: Hub) -> None:
        self.hub = hub

    async def publish(self, session_id: int, version: int, text: str) -> None:
        self.hub.deliver(session_id, version, text)

    async def sign_out(self, signin_ids: list[int]) -> None:
        self.hub.end_signins(signin_ids)


class RedisBroker(Broker):
    """Several server processes: publish to Redis; each process delivers what it hears to its clients."""

    def __init__(self, hub: Hub, url: str) -> None:
        import redis.asyncio as redis

        self.hub = hub
        self.redis = redis.from_url(url)
        self.task: asyncio.Task[None] | None = None
        self.ready = asyncio.Event()

    async def publish(self, session_id: int, version: int, text: str) -> None:
        await self.redis.publish(f"{CHANNEL_PREFIX}{session_id}", f"{version}|{text}")

    async def sign_out(self, signin_ids: list[int]) -> None:
        await self.redis.publish(SIGNOUT_CHANNEL, ",".join(map(str, signin_ids)))

    async def start(self) -> None:
        self.task = asyncio.create_task(self._listen())
        await asyncio.wait_for(self.ready.wait(), timeout=10)

    async def _listen(self) -> None:
        while True:
            try:
                pubsub = self.redis.pubsub()
                await pubsub.psubscribe(f"{CHANNEL_PREFIX}*")
                await pubsub.subscribe(SIGNOUT_CHANNEL)
                self.ready.set()
                async for message in pubsub.listen():
                    if message.get("type") == "message" and message["channel"].decode() == SIGNOUT_CHANNEL:
                        ids = message["data"].decode().split(",")
                        self.hub.end_signins([int(i) for i in ids if i.isdigit()])
                        continue
                    if message.get("type") != "pmessage":
                        continue
                    channel = message["channel"].decode()
                    payload = message["data"].decode()
                    version, _, text = payload.partition("|")
                    self.hub.deliver(int(channel[len(CHANNEL_PREFIX) :]), int(version), text)
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 - keep listening through Redis restarts
                log.exception("Redis subscription lost; reconnecting")
                await asyncio.sleep(1)

    async def stop(self) -> None:
        if self.task is not None:
            self.task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.task
        await self.redis.aclose()
