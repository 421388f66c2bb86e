"""Several processes, one bot: ``BOT_ROLE`` with Redis (see the README).

- ``receiver``: contends for the receiver lock; the holder's connection gets the
  updates and puts them on the update stream (``app/wiring/receiver.py``).
- ``worker``: handles the stream's updates and replies through its own session,
  started without updates (``app/wiring/worker.py``); it also runs what must run
  once for the bot (a broadcast to resume, the airing scheduler), each behind
  its own Redis lock.
- ``all``: both in one process.

Each connection has its own session file, ``{SESSION_NAME}-receiver-{WORKER_ID}``
and ``{SESSION_NAME}-worker-{WORKER_ID}``: Telegram refuses two connections on
one auth key.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable

import structlog
from pyrogram import Client
from redis.asyncio import Redis

from app.wiring.bot import all_routes, create_client, install_handlers, publish_menus
from app.wiring.context import Services
from app.wiring.lifecycle import on_shutdown, on_startup
from app.wiring.receiver import ForwardingQueue, Receiver
from app.wiring.telegram_link import Sleep, TelegramLink
from app.wiring.worker import StreamWorker
from infra.config import Settings
from infra.leader import RedisLeaderLock, RedisStopSignal
from infra.redis_pool import redis_client
from infra.send_budget import RedisSendBudget
from infra.streams.updates import UpdateStream

log = structlog.get_logger("app.roles")

RECEIVER_LOCK_KEY = "dramabot:receiver:leader"
BROADCAST_LOCK_KEY = "dramabot:broadcast:runner"
BROADCAST_LOCK_TTL = 60.0  # seconds: a dead process's broadcast is taken over after this
# (settings, session name, no_updates) -> a client; tests pass one that builds test clients.
RoleClientFactory = Callable[[Settings, str, bool], Client]


def uses_stream(settings: Settings) -> bool:
    """Without Redis there is one process and no stream: the bot runs as it always did."""
    return settings.redis_url is not None


def share_across_processes(services: Services, redis: Redis, settings: Settings) -> None:
    """What must be one for the whole bot lives in Redis: the send budget (broadcasts and
    airing notifications share it) and the claim on the running broadcast. The airing
    scheduler already takes its own Redis lock (app/airing/wiring.py)."""
    broadcasts = services.admin.broadcasts
    broadcasts.paced.budget = RedisSendBudget(redis, settings.broadcast_rate)
    broadcasts.claim = RedisLeaderLock(redis, BROADCAST_LOCK_KEY, BROADCAST_LOCK_TTL)
    broadcasts.claim_ttl = BROADCAST_LOCK_TTL
    broadcasts.remote_stop = RedisStopSignal(redis, BROADCAST_LOCK_KEY, BROADCAST_LOCK_TTL)


def session_for(settings: Settings, part: str) -> str:
    return f"{settings.session_name}-{part}-{settings.worker_id}"


def default_role_client(settings: Settings, session_name: str, no_updates: bool) -> Client:
    # The receiver's dispatcher only forwards: one handler task is plenty.
    workers = None if no_updates else 1
    return create_client(settings, session_name, no_updates=no_updates, workers=workers)


async def serve_roles(
    settings: Settings,
    services: Services,
    stop: asyncio.Event,
    sleep: Sleep = asyncio.sleep,
    client_factory: RoleClientFactory = default_role_client,
) -> None:
    """Serve this process's role until ``stop``; shuts down in reverse order."""
    assert settings.redis_url is not None
    redis = redis_client(settings.redis_url.get_secret_value(), settings.max_connections)
    stream = UpdateStream(
        redis, settings.stream_maxlen, settings.stream_claim_after, settings.stream_dedupe_ttl
    )
    services.role, services.stream = settings.bot_role, stream
    share_across_processes(services, redis, settings)
    receiver: Receiver | None = None
    receiving: asyncio.Task[None] | None = None
    worker: StreamWorker | None = None
    client: Client | None = None
    try:
        if settings.bot_role in ("all", "worker"):
            client = client_factory(settings, session_for(settings, "worker"), True)
            worker = await _start_worker(settings, services, stream, client, stop, sleep)
            if worker is None:
                return  # stopped before Telegram was reached
        if settings.bot_role in ("all", "receiver"):
            receiver = _receiver(settings, stream, redis, client_factory, stop, sleep)
            services.receiving = lambda: receiver.holding if receiver else False
            receiving = asyncio.create_task(receiver.run(stop), name="receiver")
        log.info("roles_started", role=settings.bot_role, worker_id=settings.worker_id)
        await stop.wait()
        log.info("bot_stopping")
    finally:
        if receiving is not None:
            with contextlib.suppress(Exception):
                await receiving
        if client is not None and worker is not None:
            await on_shutdown(services)
            await worker.stop()
            with contextlib.suppress(Exception):
                await client.stop()
        await redis.aclose()


async def _start_worker(
    settings: Settings,
    services: Services,
    stream: UpdateStream,
    client: Client,
    stop: asyncio.Event,
    sleep: Sleep,
) -> StreamWorker | None:
    link = TelegramLink(client, stop, sleep)
    services.health_checks["telegram"] = link.check
    install_handlers(client, services, all_routes())
    worker = StreamWorker(
        stream,
        client,
        settings.worker_id,
        min(settings.stream_prefetch, settings.bot_workers),
        observe=services.metrics.stream_outcome,
    )
    worker.install()
    if not await link.connect():
        return None
    await publish_menus(client, services)
    await on_startup(client, services)
    services.admin.broadcasts.watch(client)  # take over one whose process died
    # A client started without updates runs no dispatcher tasks of its own.
    await worker.start(handler_tasks=settings.bot_workers if client.no_updates else 0)
    return worker


def _receiver(
    settings: Settings,
    stream: UpdateStream,
    redis: Redis,
    client_factory: RoleClientFactory,
    stop: asyncio.Event,
    sleep: Sleep,
) -> Receiver:
    async def connect(queue: ForwardingQueue) -> Client | None:
        client = client_factory(settings, session_for(settings, "receiver"), False)
        # Before it connects: no update may reach the default queue.
        client.dispatcher.updates_queue = queue
        if not await TelegramLink(client, stop, sleep).connect():
            return None
        return client

    async def disconnect(client: Client) -> None:
        with contextlib.suppress(Exception):
            await client.stop()

    lock = RedisLeaderLock(redis, RECEIVER_LOCK_KEY, settings.receiver_lock_ttl)
    ttl = settings.receiver_lock_ttl
    return Receiver(stream, lock, connect, disconnect, ttl, sleep, settings.stream_dedupe_ttl)
