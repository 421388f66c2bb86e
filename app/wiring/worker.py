"""A worker: handles updates read from the update stream, through Kurigram's dispatcher.

Each entry is decoded and put on the client's dispatcher queue, so the same
filters, parsers and handlers run as in one process. An ``AckingQueue``
knows when a handler task comes back for its next packet, which means the
previous one was handled to the end: only then is its entry acknowledged.
At most ``concurrency`` entries are in flight; while they are, the worker
touches them (``STREAM_CLAIM_AFTER`` / 3) so no other worker claims them.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from typing import Any

import structlog
from pyrogram import Client
from redis.exceptions import RedisError

from app.telegram.update_codec import decode
from infra.streams.updates import Entry, UpdateStream

log = structlog.get_logger("app.worker")

BATCH = 100  # entries read at once, at most
BLOCK = 1.0  # seconds a read waits for new entries (stop is noticed within it)
RETRY = 1.0  # seconds before reading again after Redis failed

Observer = Callable[[str, str], None]  # (outcome, identity)


class Tracked(tuple):
    """A dispatcher packet ``(update, users, chats)`` that says when it is done."""

    done: Callable[[], None]


class AckingQueue(asyncio.Queue):
    """The dispatcher's queue: a handler task asking for its next packet finished the last."""

    def __init__(self) -> None:
        super().__init__()
        self._holding: dict[asyncio.Task[Any], Callable[[], None]] = {}

    async def get(self) -> Any:
        task = asyncio.current_task()
        if task is not None:
            done = self._holding.pop(task, None)
            if done is not None:
                done()
        item = await super().get()
        if isinstance(item, Tracked) and task is not None:
            self._holding[task] = item.done
        return item


def _ignore(outcome: str, identity: str) -> None:
    return None


class StreamWorker:
    def __init__(
        self,
        stream: UpdateStream,
        client: Client,
        consumer: str,
        concurrency: int,
        observe: Observer = _ignore,
        block: float = BLOCK,
    ) -> None:
        self.stream = stream
        self.client = client
        self.consumer = consumer
        self.queue = AckingQueue()
        self._capacity = concurrency
        self._room = asyncio.Event()  # set when an update in flight finished
        self._observe = observe
        self._block = block
        self._inflight: dict[str, Entry] = {}
        self._done: asyncio.Queue[Entry] = asyncio.Queue()
        self._tasks: list[asyncio.Task[None]] = []
        self._handlers: list[asyncio.Task[None]] = []
        self._stopping = asyncio.Event()

    def install(self) -> None:
        """Put the acking queue in the dispatcher, before its handler tasks start."""
        self.client.dispatcher.updates_queue = self.queue

    async def start(self, handler_tasks: int = 0) -> None:
        """Read and handle in the background. ``handler_tasks`` > 0 starts that many
        dispatcher tasks here: a client started with ``no_updates`` has none of its own."""
        self.install()
        await self.stream.setup()
        dispatcher = self.client.dispatcher
        for _ in range(handler_tasks):
            lock = asyncio.Lock()
            dispatcher.locks_list.append(lock)
            self._handlers.append(asyncio.create_task(dispatcher.handler_worker(lock)))
        self._stopping.clear()
        self._tasks = [
            asyncio.create_task(self._read_loop(), name=f"stream-read-{self.consumer}"),
            asyncio.create_task(self._ack_loop(), name=f"stream-ack-{self.consumer}"),
            asyncio.create_task(self._touch_loop(), name=f"stream-touch-{self.consumer}"),
        ]

    async def stop(self) -> None:
        """Stop reading, let the updates in flight finish, acknowledge them."""
        self._stopping.set()
        tasks = self._tasks
        if tasks:
            tasks[0].cancel()  # the reader
            with contextlib.suppress(asyncio.CancelledError):
                await tasks[0]
        for _ in self._handlers:
            self.queue.put_nowait(None)
        for task in self._handlers:
            with contextlib.suppress(Exception):
                await task
        self._handlers.clear()
        for task in tasks[1:]:  # the acker and the toucher
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await self._flush()
        self._tasks = []

    async def kill(self) -> None:
        """Stop at once, leaving what it holds unacknowledged (a crash, for tests)."""
        for task in [*self._tasks, *self._handlers]:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self._tasks, self._handlers = [], []

    async def _read_loop(self) -> None:
        while True:
            free = self._capacity - len(self._inflight)
            if free <= 0:
                self._room.clear()
                await self._room.wait()
                continue
            try:
                entries = await self.stream.read(self.consumer, min(free, BATCH), self._block)
            except (RedisError, OSError, TimeoutError) as exc:
                log.warning("stream_read_failed", error=type(exc).__name__)
                await asyncio.sleep(RETRY)
                continue
            for entry in entries:
                try:
                    await self._take(entry)
                except (RedisError, OSError, TimeoutError) as exc:
                    # Left pending: claimed again (by any worker) after STREAM_CLAIM_AFTER.
                    log.warning("stream_entry_deferred", error=type(exc).__name__)

    async def _take(self, entry: Entry) -> None:
        """Into the dispatcher's hands, unless a copy of it is or was handled."""
        if not await self.stream.begin(entry):
            await self.stream.skip(entry)
            self._observe("duplicate", entry.identity)
            return
        try:
            update, users, chats = decode(entry.payload)
        except ValueError:
            log.error("stream_entry_undecodable", entry=entry.id)
            await self.stream.finish([entry])
            self._observe("undecodable", entry.identity)
            return
        # As the network path does before queueing: the peers of the update become known.
        await self.client.fetch_peers(list(users.values()))
        await self.client.fetch_peers(list(chats.values()))
        if entry.claimed:
            self._observe("claimed", entry.identity)
        packet = Tracked((update, users, chats))
        packet.done = lambda: self._finished(entry)
        self._inflight[entry.id] = entry
        self.queue.put_nowait(packet)

    def _finished(self, entry: Entry) -> None:
        self._inflight.pop(entry.id, None)
        self._room.set()
        self._done.put_nowait(entry)

    async def _ack_loop(self) -> None:
        while True:
            first = await self._done.get()
            batch = [first]
            while not self._done.empty():
                batch.append(self._done.get_nowait())
            await self._ack(batch)

    async def _ack(self, batch: list[Entry]) -> None:
        try:
            await self.stream.finish(batch)
        except (RedisError, OSError, TimeoutError) as exc:
            # Unacknowledged: claimed after STREAM_CLAIM_AFTER, then skipped as "busy"
            # only if its mark is another entry's; its own mark lets it run again.
            log.warning("stream_ack_failed", error=type(exc).__name__, entries=len(batch))
            return
        for entry in batch:
            self._observe("handled", entry.identity)

    async def _flush(self) -> None:
        batch = []
        while not self._done.empty():
            batch.append(self._done.get_nowait())
        await self._ack(batch)

    async def _touch_loop(self) -> None:
        every = self.stream.claim_after_ms / 3000
        while True:
            await asyncio.sleep(every)
            try:
                await self.stream.touch(self.consumer, list(self._inflight))
            except (RedisError, OSError, TimeoutError) as exc:
                log.warning("stream_touch_failed", error=type(exc).__name__)
