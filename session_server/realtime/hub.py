"""The websocket hub: fan-out of a session's events to every connected screen.

- Each event is encoded to JSON (and UTF-8) **once** and offered to every client: an idle client gets
  it written at once, straight to its connection; a busy one in its own bounded queue. A slow or dead
  client only fills its own queue and never delays the others.
- Overflow policy: when a client's queue is full, its queued events are dropped and it is sent one
  fresh snapshot instead (it loses nothing: the snapshot is the state after those events).
- Order: events of one session get consecutive versions in the database (an event with version *v*
  commits after version *v − 1*, because the version counter is a locked row), but two transactions may
  publish them the other way round; the hub holds an event ahead of a gap for a moment until the
  missing one arrives, and a client's writer sends in version order, reading any remaining gap back
  from the database.
- Between processes: with a Redis URL, events are published to Redis and every process (the publisher
  included) delivers what it receives from Redis to its own clients; without one, delivery is local.
- Signing out: a client knows the sign-in session it connected with; when a transaction ends sign-in
  sessions (``Committed.signed_out``), their ids go the same way as events, to every process, and each
  closes its clients of those sessions at once (``Client.sign_out``, set by the socket).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from session_server.commit import Committed
from session_server.realtime.brokers import Broker, LocalBroker

log = logging.getLogger("kyhop.hub")


QUEUE_SIZE = 256


RESYNC = (-1, "")


REORDER_WAIT = 0.2  # seconds an event ahead of a gap waits for the missing one


@dataclass(eq=False)
class Client:
    """One connected screen. ``send`` writes a text frame (the ASGI way: it may wait for the network);
    the writer task drains the queue into it, one frame at a time under ``lock``.

    ``write_now`` (optional) writes an already encoded frame synchronously, straight to the connection,
    and returns False when it cannot right now (the connection's buffer is full, it is closing). While
    the client is idle — nothing queued, nothing being sent — an event in order goes out through it at
    once, inside ``Hub.deliver``: no task switch, no ASGI layers. Otherwise the event waits in the
    queue as before, so order, the bound on the queue and the overflow policy are unchanged.
    """

    session_id: int
    send: Callable[[str], Awaitable[None]]
    sent_version: int = 0
    queue: asyncio.Queue[tuple[int, str]] = field(default_factory=lambda: asyncio.Queue(QUEUE_SIZE))
    overflowed: int = 0
    write_now: Callable[[bytes], bool] | None = None
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    busy: bool = False  # the writer task holds an event it has not sent yet
    signin_id: int | None = None  # the sign-in session the screen connected with (None: not signed in)
    sign_out: Callable[[], None] = lambda: None  # its sign-in session ended: close the connection

    def offer(self, version: int, text: str, data: bytes | None = None) -> None:
        if (
            self.write_now is not None
            and version == self.sent_version + 1
            and not self.busy
            and self.queue.empty()
            and not self.lock.locked()
            and self.write_now(data if data is not None else text.encode())
        ):
            self.sent_version = version
            return
        try:
            self.queue.put_nowait((version, text))
        except asyncio.QueueFull:
            self.overflowed += 1
            while not self.queue.empty():
                self.queue.get_nowait()
            self.queue.put_nowait(RESYNC)

    async def send_text(self, text: str) -> None:
        """Send one frame after any frame being sent (replies, snapshots, events from the queue)."""
        async with self.lock:
            await self.send(text)

    async def reply(self, text: str) -> None:
        """A reply (ack, error, pong): at once when the connection is idle, else after the frame in flight."""
        if self.write_now is not None and not self.lock.locked() and self.write_now(text.encode()):
            return
        await self.send_text(text)


# Callables the hub needs from the application, run in a worker thread:
#   replay(session_id, after_version) -> list of (version, text) or None when too far behind
#   snapshot(client) -> (version, text)
Replay = Callable[[int, int], list[tuple[int, str]] | None]


class Hub:
    def __init__(self) -> None:
        self.clients: dict[int, set[Client]] = {}
        self.broker: Broker = LocalBroker(self)
        # Reports the tally of votes that received ballots (set by the app: it needs the database).
        self.report_progress: Callable[[int, int], None] = lambda session_id, vote_id: None
        # Reordering (see ``deliver``): per session, the version expected next and the events ahead of it.
        self.reorder_wait = REORDER_WAIT
        self.next_version: dict[int, int] = {}
        self.held: dict[int, dict[int, str]] = {}
        self.timers: dict[int, asyncio.TimerHandle] = {}
        # Told that a session (None: anything) may have changed, for this process's short-lived copies of
        # what the database says (agenda.recent.RecentlyRead): on every event, and after every change
        # made through the HTTP API of this process.
        self.on_change: list[Callable[[int | None], None]] = []

    # -- registry ------------------------------------------------------------------------------

    def add(self, client: Client) -> None:
        self.clients.setdefault(client.session_id, set()).add(client)

    def remove(self, client: Client) -> None:
        group = self.clients.get(client.session_id)
        if group is not None:
            group.discard(client)
            if not group:
                del self.clients[client.session_id]

    def count(self, session_id: int | None = None) -> int:
        if session_id is None:
            return sum(len(g) for g in self.clients.values())
        return len(self.clients.get(session_id, ()))

    # -- fan-out -------------------------------------------------------------------------------

    async def publish(self, committed: Committed) -> None:
        """Fan out what a transaction committed: its events now, tallies soon (batched)."""
        for session_id, version, text in committed.events:
            await self.broker.publish(session_id, version, text)
        for session_id, vote_id in committed.progress:
            self.report_progress(session_id, vote_id)
        if committed.signed_out:
            await self.broker.sign_out(committed.signed_out)

    def changed(self, session_id: int | None) -> None:
        for listener in self.on_change:
            listener(session_id)

    def deliver(self, session_id: int, version: int, text: str) -> None:
        """Hand a committed event to this process's clients of the session, in version order.

        Events can arrive out of order: two transactions (threads here, or two processes through
        Redis) commit v and v + 1 in order but may publish them the other way round. An event ahead of
        a gap is held — for at most ``reorder_wait`` seconds — until the missing one arrives, so that
        one late message does not make every client read the gap back from the database on its own.
        If it never comes (a message lost), the held events go out and each client fills the gap."""
        self.changed(session_id)
        expected = self.next_version.get(session_id)
        if expected is not None and version > expected:
            self.held.setdefault(session_id, {})[version] = text
            if session_id not in self.timers:
                self.timers[session_id] = asyncio.get_running_loop().call_later(
                    self.reorder_wait, self._give_up_waiting, session_id
                )
            return
        self._fan_out(session_id, version, text)
        if expected is None or version == expected:
            self.next_version[session_id] = version + 1
            self._release(session_id)

    def _release(self, session_id: int) -> None:
        held = self.held.get(session_id)
        while held and self.next_version[session_id] in held:
            version = self.next_version[session_id]
            self._fan_out(session_id, version, held.pop(version))
            self.next_version[session_id] = version + 1
        if not held:
            self.held.pop(session_id, None)
            timer = self.timers.pop(session_id, None)
            if timer is not None:
                timer.cancel()

    def _give_up_waiting(self, session_id: int) -> None:
        self.timers.pop(session_id, None)
        held = self.held.pop(session_id, {})
        if held:
            log.warning(
                "session %s: version %s did not arrive within %.2f s; going on without it",
                session_id,
                self.next_version.get(session_id),
                self.reorder_wait,
            )
            for version in sorted(held):
                self._fan_out(session_id, version, held[version])
            self.next_version[session_id] = max(held) + 1

    def end_signins(self, signin_ids: list[int]) -> None:
        """Sign-in sessions ended (in this process or another): close this process's clients of them."""
        ended = set(signin_ids)
        for group in tuple(self.clients.values()):
            for client in tuple(group):
                if client.signin_id is not None and client.signin_id in ended:
                    client.sign_out()

    def _fan_out(self, session_id: int, version: int, text: str) -> None:
        data = text.encode()  # once for every receiver
        for client in tuple(self.clients.get(session_id, ())):
            client.offer(version, text, data)

    async def start(self) -> None:
        await self.broker.start()

    async def stop(self) -> None:
        await self.broker.stop()


async def run_writer(
    client: Client,
    replay: Callable[[int, int], Awaitable[list[tuple[int, str]] | None]],
    snapshot: Callable[[], Awaitable[tuple[int, str]]],
) -> None:
    """Drain one client's queue in version order until the connection fails or the task is cancelled."""
    while True:
        client.busy = False
        version, text = await client.queue.get()
        client.busy = True
        if (version, text) == RESYNC:
            client.sent_version, snap = await snapshot()
            await client.send_text(snap)
            continue
        if version <= client.sent_version:
            continue  # already covered by a snapshot or a replay
        if version > client.sent_version + 1:
            missing = await replay(client.session_id, client.sent_version)
            if missing is None:
                client.sent_version, snap = await snapshot()
                await client.send_text(snap)
                continue
            for v, t in missing:
                if v > version:
                    break
                if v > client.sent_version:
                    await client.send_text(t)
                    client.sent_version = v
            continue
        await client.send_text(text)
        client.sent_version = version
