"""The receiver: the one connection that gets updates, forwarding each to the stream.

Receivers elect one holder with the Redis lock (``infra/leader.py``,
``RECEIVER_LOCK_TTL``). Only the holder is connected to Telegram; the others
wait and try the lock every TTL / 3, so one takes over within the TTL of the
holder's death. A new holder first sets its update state to what the last
holder had streamed (kept beside the stream) and asks Telegram for what
happened since (Kurigram's ``recover_gaps``, i.e. ``getDifference``): an
update sent during the gap is still answered, and one fetched twice is
removed by the workers' dedupe.

Kurigram puts every update (pushed, or recovered) on its dispatcher's
queue; on the receiver that queue is a ``ForwardingQueue``, which hands the
updates to the stream in order instead of to handlers.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable
from typing import Any

import structlog
from pyrogram import Client
from pyrogram.storage import UpdateState
from redis.exceptions import RedisError

from app.telegram.update_codec import Packet, encode, identity
from domain.clock import Sleep, sleep_or_stop
from domain.ports import LeaderLock
from infra.streams.updates import UpdateStream

log = structlog.get_logger("app.receiver")

BATCH = 200  # updates appended in one round trip, at most
RETRY = 0.5  # seconds between attempts to append while Redis fails


def _state_of(update: Any, state: dict[str, int]) -> None:
    """Advance the common (non-channel) update state by ``update``."""
    message = getattr(update, "message", None)
    channel = getattr(getattr(message, "peer_id", None), "channel_id", None) or getattr(
        update, "channel_id", None
    )
    if channel:
        return
    for name in ("pts", "qts"):
        value = getattr(update, name, None)
        if isinstance(value, int) and value > state.get(name, 0):
            state[name] = value
    date = getattr(message, "date", None)
    if isinstance(date, int) and date > state.get("date", 0):
        state["date"] = date


class ForwardingQueue(asyncio.Queue):
    """The dispatcher's queue on a receiver: packets go to the stream, not to handlers.

    ``None`` (the dispatcher's stop signal to its own tasks) passes through.
    """

    def __init__(self, stream: UpdateStream, retry: float = RETRY) -> None:
        super().__init__()
        self._stream = stream
        self._retry = retry
        self._pending: asyncio.Queue[Packet] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None
        self.forwarded = 0

    def put_nowait(self, item: Any) -> None:
        if item is None:
            super().put_nowait(None)
            return
        self._pending.put_nowait(item)
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._forward())

    async def _forward(self) -> None:
        while not self._pending.empty():
            batch: list[Packet] = []
            while not self._pending.empty() and len(batch) < BATCH:
                batch.append(self._pending.get_nowait())
            state: dict[str, int] = {}
            items = []
            for update, users, chats in batch:
                items.append((identity(update), encode(update, users, chats)))
                _state_of(update, state)
            while True:
                try:
                    await self._stream.append(items, state)
                    break
                except (RedisError, OSError, TimeoutError) as exc:
                    # Kept in memory, in order; Telegram's own copy covers a crash meanwhile.
                    log.warning("stream_append_failed", error=type(exc).__name__, held=len(items))
                    await asyncio.sleep(self._retry)
            self.forwarded += len(items)

    async def drain(self) -> None:
        """Wait until every packet queued so far is on the stream."""
        while self._task is not None and not self._task.done():
            await asyncio.shield(self._task)


Connect = Callable[[ForwardingQueue], Awaitable[Client | None]]
Disconnect = Callable[[Client], Awaitable[None]]


class Receiver:
    def __init__(
        self,
        stream: UpdateStream,
        lock: LeaderLock,
        connect: Connect,
        disconnect: Disconnect,
        ttl: float,
        sleep: Sleep = asyncio.sleep,
        max_gap: float = 3600.0,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stream = stream
        self._max_gap = max_gap
        self._ttl = ttl
        self._now = now
        self._lock = lock
        self._connect = connect
        self._disconnect = disconnect
        self._every = ttl / 3
        self._sleep = sleep
        self.holding = False
        self.took_over = asyncio.Event()  # set each time this process becomes the receiver
        self.queue: ForwardingQueue | None = None
        self.since: float | None = None  # monotonic time it became the receiver

    async def run(self, stop: asyncio.Event) -> None:
        """Contend for the lock and receive while holding it, until ``stop``."""
        while not stop.is_set():
            if not await self._lock.acquire():
                await sleep_or_stop(self._sleep, self._every, stop)
                continue
            queue = ForwardingQueue(self.stream)
            client = await self._connect(queue)
            if client is None:  # stopped while connecting
                break
            self.queue = queue
            try:
                await self._hold(client, queue, stop)
            finally:
                self.holding = False
                with contextlib.suppress(Exception):
                    await queue.drain()
                await self._disconnect(client)
        await self._lock.release()

    async def _hold(self, client: Client, queue: ForwardingQueue, stop: asyncio.Event) -> None:
        """Receive while the lock is ours. One renewal that fails is tried again: nobody
        else can hold the lock before its TTL ran out. Two in a row (2/3 of the TTL gone)
        and another may take it soon: stop receiving. Should both receive for a moment
        (Redis lost the key), the workers' dedupe answers each update once."""
        self.holding, self.since = True, time.monotonic()
        log.info("receiver_took_over")
        await self.stream.setup()
        await self._catch_up(client)
        self.took_over.set()
        renewed = self._now()
        while not stop.is_set():
            await sleep_or_stop(self._sleep, self._every, stop)
            if stop.is_set():
                break
            if await self._lock.acquire():
                renewed = self._now()
                continue
            if self._now() - renewed >= self._ttl * 2 / 3:
                log.warning("receiver_lock_lost")
                return
            log.warning("receiver_lock_not_renewed")

    async def _catch_up(self, client: Client) -> None:
        """From where the last receiver left the stream, ask Telegram for what followed.

        With no saved state (the first receiver ever) nothing is fetched, as one
        process skips what came while it was down; nor past ``max_gap`` seconds,
        beyond which dedupe has forgotten what was handled.
        """
        try:
            state = await self.stream.state()
        except (RedisError, OSError, TimeoutError) as exc:
            log.warning("receiver_state_unavailable", error=type(exc).__name__)
            return
        pts, date = state.get("pts"), state.get("date") or 0
        if not pts:
            return
        if time.time() - date > self._max_gap:
            log.warning("receiver_gap_too_old", since=date)
            return
        await client.storage.set_update_state(UpdateState(0, pts, state.get("qts"), date, None))
        try:
            messages, others = await client.recover_gaps(0)
        except Exception as exc:  # Telegram refused or dropped: live updates still flow
            log.warning("receiver_catch_up_failed", error=type(exc).__name__)
            return
        log.info("receiver_caught_up", messages=messages, other_updates=others)
