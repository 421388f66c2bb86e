"""Several bot processes sharing one Redis, in one event loop.

Each *process* is what ``BOT_ROLE`` starts: receivers (``app/wiring/receiver.py``)
contending for the receiver lock, and workers (``app/wiring/worker.py``), each
with its own wired services and its own Telegram test client. The production
classes run; only the network is replaced:

- ``FakeTelegram`` is Telegram's side of the updates. It numbers each update
  (``pts``), keeps every one (for ``getDifference``), and pushes it into the
  connected receiver's client through Kurigram's own ``handle_updates``. While
  no receiver is connected it only keeps them, as Telegram does.
- A worker replies through its own ``TelegramHarness``; ``Cluster.sent``
  merges what every worker sent.

Waiting is on events: ``settle`` returns once the workers have acknowledged
(handled or skipped) the given number of updates.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import time
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from pyrogram import Client, raw, types
from pyrogram.storage import UpdateState
from redis.asyncio import Redis

from app.wiring.bootstrap import open_services
from app.wiring.bot import all_routes, install_handlers
from app.wiring.context import Services
from app.wiring.receiver import ForwardingQueue, Receiver
from app.wiring.roles import RECEIVER_LOCK_KEY
from app.wiring.worker import StreamWorker
from infra.config import Settings
from infra.leader import RedisLeaderLock
from infra.streams.updates import UpdateStream
from tests.harness.telegram import BOT_ID, Sent, TelegramHarness, new_client, roundtrip

SETTLE_TIMEOUT = 30.0  # seconds: a bound on a hang, never a wait


class FakeTelegram:
    """Updates as Telegram's servers hold them for one bot."""

    def __init__(self) -> None:
        self.bot_user = raw.types.User(
            id=BOT_ID,
            is_self=True,
            bot=True,
            bot_info_version=1,
            access_hash=1,
            first_name="Drama Bot",
            username="dramatest_bot",
        )
        self.users: dict[int, raw.types.User] = {BOT_ID: self.bot_user}
        self.kept: list[tuple[int, Any]] = []  # (pts, update) of every message update
        self.receiver: Client | None = None
        self.pts = 0
        self._ids = itertools.count(10_000)
        self._query_ids = itertools.count(1)
        self.differences: list[int] = []  # the pts of each getDifference asked
        self.connected = asyncio.Event()  # set when a receiver connects

    # -- what users do ----------------------------------------------------
    async def send_text(self, user: raw.types.User, text: str) -> int:
        self.users[user.id] = user
        entities = []
        if text.startswith("/"):
            entities = [raw.types.MessageEntityBotCommand(offset=0, length=len(text.split()[0]))]
        msg_id = next(self._ids)
        message = raw.types.Message(
            id=msg_id,
            peer_id=raw.types.PeerUser(user_id=user.id),
            date=int(time.time()),
            message=text,
            entities=entities or None,
        )
        self.pts += 1
        update = raw.types.UpdateNewMessage(message=message, pts=self.pts, pts_count=1)
        self.kept.append((self.pts, update))
        await self._push(update)
        return msg_id

    async def inline(self, user: raw.types.User, query: str) -> int:
        self.users[user.id] = user
        query_id = next(self._query_ids)
        update = raw.types.UpdateBotInlineQuery(
            query_id=query_id,
            user_id=user.id,
            query=query,
            offset="",
            peer_type=raw.types.InlineQueryPeerTypePM(),
        )
        await self._push(update)
        return query_id

    async def _push(self, update: Any) -> None:
        if self.receiver is None:
            return  # nobody connected: Telegram keeps it for getDifference
        updates = raw.types.Updates(
            updates=[update],
            users=list(self.users.values()),
            chats=[],
            date=int(time.time()),
            seq=0,
        )
        await self.receiver.handle_updates(roundtrip(updates))

    # -- the receiver's connection ----------------------------------------
    def _state(self) -> Any:
        return raw.types.updates.State(
            pts=self.pts, qts=0, date=int(time.time()), seq=0, unread_count=0
        )

    async def answer(self, query: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(query, raw.functions.updates.GetState):
            return self._state()
        if isinstance(query, raw.functions.updates.GetDifference):
            self.differences.append(query.pts)
            missed = [u for pts, u in self.kept if pts > query.pts]
            if not missed:
                return raw.types.updates.DifferenceEmpty(date=int(time.time()), seq=0)
            return roundtrip(
                raw.types.updates.Difference(
                    new_messages=[u.message for u in missed],
                    new_encrypted_messages=[],
                    other_updates=[],
                    chats=[],
                    users=list(self.users.values()),
                    state=self._state(),
                )
            )
        raise NotImplementedError(f"the receiver does not send {type(query).__name__}")

    async def connect(self, queue: ForwardingQueue) -> Client:
        """A receiver's connection: a new client, its queue the receiver's."""
        client = new_client(workers=1)
        client.dispatcher.updates_queue = queue
        return await self.start(client)

    async def start(self, client: Client) -> Client:
        """What ``Client.start`` does for a receiver, against this fake."""
        await client.storage.open()
        await client.storage.user_id(BOT_ID)
        await client.storage.is_bot(True)
        client.is_connected = True
        client.invoke = self.answer  # type: ignore[method-assign]
        state = self._state()
        if not await client.storage.get_update_states(0):
            await client.storage.set_update_state(
                UpdateState(0, state.pts, state.qts, state.date, state.seq)
            )
        client.me = await types.User._parse(client, roundtrip(self.bot_user))
        await client.dispatcher.start()
        self.receiver = client
        self.connected.set()
        return client

    async def disconnect(self, client: Client) -> None:
        if self.receiver is client:
            self.receiver = None
        await client.dispatcher.stop()
        client.is_connected = False
        await client.storage.close()


@dataclass
class WorkerProcess:
    name: str
    services: Services
    tg: TelegramHarness
    worker: StreamWorker
    stack: AsyncExitStack
    alive: bool = True

    async def kill(self) -> None:
        """Dies mid-work: nothing it holds is acknowledged, its lookups are cut."""
        self.alive = False
        await self.worker.kill()
        dispatcher = self.tg.client.dispatcher
        for task in dispatcher.handler_worker_tasks:
            task.cancel()
        await asyncio.gather(*dispatcher.handler_worker_tasks, return_exceptions=True)
        dispatcher.handler_worker_tasks.clear()


@dataclass
class ReceiverProcess:
    name: str
    receiver: Receiver
    task: asyncio.Task[None]
    stop: asyncio.Event

    async def kill(self) -> None:
        """Dies: the lock is not released; it expires after RECEIVER_LOCK_TTL."""
        self.task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self.task


@dataclass
class Cluster:
    settings: Settings
    redis: Redis
    telegram: FakeTelegram = field(default_factory=FakeTelegram)
    workers: list[WorkerProcess] = field(default_factory=list)
    receivers: list[ReceiverProcess] = field(default_factory=list)
    outcomes: Counter[str] = field(default_factory=Counter)
    handled: list[tuple[str, str]] = field(default_factory=list)  # (worker, identity)
    _changed: asyncio.Event = field(default_factory=asyncio.Event)
    _names: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def stream(self) -> UpdateStream:
        s = self.settings
        return UpdateStream(self.redis, s.stream_maxlen, s.stream_claim_after, s.stream_dedupe_ttl)

    def _observer(self, name: str) -> Any:
        def observe(outcome: str, identity: str) -> None:
            self.outcomes[outcome] += 1
            if outcome == "handled":
                self.handled.append((name, identity))
            self._changed.set()

        return observe

    async def add_worker(self, concurrency: int = 50) -> WorkerProcess:
        name = f"worker-{next(self._names)}"
        stack = AsyncExitStack()
        settings = self.settings.model_copy(
            update={"worker_id": name, "data_dir": self.settings.data_dir / name}
        )
        services = await stack.enter_async_context(open_services(settings))
        services.role = "worker"
        tg = TelegramHarness(new_client(workers=concurrency))
        worker = StreamWorker(
            self.stream(), tg.client, name, concurrency, observe=self._observer(name), block=0.05
        )
        services.stream = worker.stream
        tg.queue = worker.queue  # the dispatcher's queue is the worker's
        install_handlers(tg.client, services, all_routes())
        await tg.start()
        await worker.start()
        process = WorkerProcess(name, services, tg, worker, stack)
        self.workers.append(process)
        return process

    async def add_receiver(self) -> ReceiverProcess:
        name = f"receiver-{next(self._names)}"
        ttl = self.settings.receiver_lock_ttl
        lock = RedisLeaderLock(self.redis, RECEIVER_LOCK_KEY, ttl)
        receiver = Receiver(
            self.stream(), lock, self.telegram.connect, self.telegram.disconnect, ttl
        )
        stop = asyncio.Event()
        task = asyncio.create_task(receiver.run(stop), name=name)
        process = ReceiverProcess(name, receiver, task, stop)
        self.receivers.append(process)
        return process

    async def settle(self, acknowledged: int) -> None:
        """Until the workers have handled or skipped ``acknowledged`` updates in all."""

        def done() -> bool:
            return self.outcomes["handled"] + self.outcomes["duplicate"] >= acknowledged

        async with asyncio.timeout(SETTLE_TIMEOUT):
            while not done():
                self._changed.clear()
                await self._changed.wait()

    def sent(self) -> list[Sent]:
        return [s for w in self.workers for s in w.tg.order]

    def sent_to(self, chat_id: int) -> list[Sent]:
        return [s for s in self.sent() if s.chat_id == chat_id]

    async def close(self) -> None:
        for process in self.receivers:
            process.stop.set()
        for process in self.receivers:
            with contextlib.suppress(asyncio.CancelledError):
                await process.task
        for w in self.workers:
            if w.alive:
                await w.worker.stop()
            with contextlib.suppress(Exception):
                await w.tg.stop()
            await w.stack.aclose()


@asynccontextmanager
async def cluster(settings: Settings) -> AsyncIterator[Cluster]:
    assert settings.redis_url is not None
    redis = Redis.from_url(settings.redis_url.get_secret_value())
    running = Cluster(settings, redis)
    try:
        yield running
    finally:
        try:
            await running.close()
        finally:
            await redis.aclose()
