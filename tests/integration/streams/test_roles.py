"""``python -m app`` with Redis: BOT_ROLE wires a receiver and a worker, each its own session."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from pyrogram import Client, raw

from app.__main__ import run
from infra.config import Settings
from tests.fakes.imdb import FakeImdb
from tests.fakes.kuryana import FakeKuryana
from tests.harness.cluster import FakeTelegram
from tests.harness.telegram import People, TelegramHarness, new_client
from tests.integration.streams.conftest import stream_settings

TIMEOUT = 10.0  # seconds: a bound on a hang, never a wait


class Clients:
    """The role client factory: test clients, and which sessions were asked for."""

    def __init__(self, telegram: FakeTelegram) -> None:
        self.telegram = telegram
        self.asked: list[tuple[str, bool]] = []
        self.worker: TelegramHarness | None = None
        self.replied = asyncio.Event()

    def __call__(self, settings: Settings, session_name: str, no_updates: bool) -> Client:
        self.asked.append((session_name, no_updates))
        client = new_client()
        if not no_updates:  # the receiver's connection
            client.start = lambda: self.telegram.start(client)  # type: ignore[method-assign]
            client.stop = lambda: self.telegram.disconnect(client)  # type: ignore[method-assign]
            return client
        client.no_updates = True
        tg = self.worker = TelegramHarness(client)
        answer = tg._invoke

        async def invoke(query: Any, *args: Any, **kwargs: Any) -> Any:
            result = await answer(query, *args, **kwargs)
            if isinstance(query, raw.functions.messages.SendMessage):
                self.replied.set()
            return result

        tg._invoke = invoke  # type: ignore[method-assign]

        async def start() -> Client:
            await tg.start()
            return client

        async def stop() -> Client:
            await tg.stop()
            return client

        client.start = start  # type: ignore[method-assign]
        client.stop = stop  # type: ignore[method-assign]
        return client


@pytest.mark.parametrize("role", ["all", "worker"])
async def test_roles_start_their_parts_answer_and_stop_cleanly(
    tmp_path: Path,
    kuryana: FakeKuryana,
    imdb: FakeImdb,
    people: People,
    redis_url: str,
    role: str,
) -> None:
    settings = stream_settings(tmp_path, kuryana, redis_url, bot_role=role, worker_id="w1")
    telegram = FakeTelegram()
    clients = Clients(telegram)
    stop = asyncio.Event()
    task = asyncio.create_task(run(settings, stop=stop, role_client_factory=clients))
    receiver: asyncio.Task[Any] | None = None
    if role == "worker":  # a receiver elsewhere: another process's
        other = stream_settings(tmp_path, kuryana, redis_url, bot_role="receiver", worker_id="r")
        receiver = asyncio.create_task(run(other, stop=stop, role_client_factory=clients))
    await asyncio.wait_for(telegram.connected.wait(), TIMEOUT)

    await telegram.send_text(people.alice, "/start")
    await asyncio.wait_for(clients.replied.wait(), TIMEOUT)
    stop.set()
    await asyncio.wait_for(task, TIMEOUT)
    if receiver is not None:
        await asyncio.wait_for(receiver, TIMEOUT)

    assert clients.worker is not None
    reply = clients.worker.last_to(people.alice.id)
    assert "Hello, <b>Alice</b>" in reply.html
    receiver_session = "dramabot-receiver-w1" if role == "all" else "dramabot-receiver-r"
    assert sorted(clients.asked) == sorted(
        [("dramabot-worker-w1", True), (receiver_session, False)]
    )
    assert telegram.receiver is None  # the receiver disconnected on the way out
