"""Helpers for the access, admin and broadcast end-to-end tests."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from pyrogram import raw

from tests.conftest import BotUnderTest, bot_settings, running_bot
from tests.fakes.clock import SettableClock
from tests.fakes.imdb import FakeImdb
from tests.fakes.kuryana import FakeKuryana
from tests.harness.telegram import TelegramHarness


def limits_follow(clock: SettableClock, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the ``limits`` in-memory storage read the test's clock instead of the wall clock.

    ``limits`` calls ``time.time()`` inside its storage module; that module's
    ``time`` is the one edge patched here, so windows pass without sleeping.
    """
    import limits.aio.storage.memory as memory

    monkeypatch.setattr(memory, "time", SimpleNamespace(time=lambda: clock.now().timestamp()))


class Crash(Exception):
    """Stands for the process dying: raised from inside the broadcast, nothing cleans up."""


class FakeSleep:
    """Records every sleep and moves the clock instead of waiting.

    ``crash_on`` makes the n-th call raise ``Crash``; ``gate_on`` makes the
    n-th call wait for ``released`` (to act while a broadcast is mid-way).
    """

    def __init__(self, clock: SettableClock, crash_on: int | None = None) -> None:
        self.clock = clock
        self.calls: list[float] = []
        self.crash_on = crash_on
        self.gate_on: int | None = None
        self.reached = asyncio.Event()
        self.released = asyncio.Event()

    async def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)
        if self.crash_on is not None and len(self.calls) == self.crash_on:
            raise Crash("the process died")
        if self.gate_on is not None and len(self.calls) == self.gate_on:
            self.reached.set()
            await self.released.wait()
        self.clock.advance(seconds)
        await asyncio.sleep(0)  # let other tasks run, as a real sleep would


@asynccontextmanager
async def admin_bot(
    tmp_path: Path,
    kuryana: FakeKuryana,
    imdb: FakeImdb,
    clock: SettableClock | None = None,
    **settings: object,
) -> AsyncIterator[BotUnderTest]:
    async with running_bot(
        bot_settings(tmp_path, kuryana, **settings), kuryana, imdb, clock=clock
    ) as bot:
        yield bot


def forwards_to(tg: TelegramHarness, chat_id: int) -> list[Any]:
    """Copies (ForwardMessages) the bot made into ``chat_id``."""
    return [
        call
        for call in tg.calls_of(raw.functions.messages.ForwardMessages)
        if getattr(call.to_peer, "user_id", None) == chat_id
    ]


async def carry_over(old: TelegramHarness, new: TelegramHarness) -> None:
    """What Telegram keeps across a bot restart: chats, messages, known users."""
    new.users.update(old.users)
    new.raw_messages.update(old.raw_messages)
    new.sent.update(old.sent)
    await new.client.fetch_peers(list(old.users.values()))
    new._ids = itertools.count(max(old.raw_messages, default=1000) + 1)
