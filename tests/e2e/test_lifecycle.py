"""Start-up and shutdown of the whole bot through ``app.__main__.run``."""

from __future__ import annotations

import asyncio
import gc
import os
import signal
from pathlib import Path

from pyrogram import Client, raw

from app.__main__ import run
from app.wiring.event_loop import run_loop
from infra.config import Settings
from tests.conftest import OWNER_ID, bot_settings
from tests.fakes.imdb import FakeImdb
from tests.fakes.kuryana import FakeKuryana
from tests.harness.telegram import People, TelegramHarness, bot_commands_set, new_client


class Runner:
    """``run`` with the Telegram test client standing in for the network."""

    def __init__(self, settings: Settings, people: People) -> None:
        self.client: Client = new_client()
        self.tg = TelegramHarness(self.client)
        self.started = asyncio.Event()
        self.stopping = asyncio.Event()
        self.people = people
        self.settings = settings
        self.client.start = self._start  # type: ignore[method-assign]
        self.client.stop = self._stop  # type: ignore[method-assign]

    async def _start(self) -> Client:
        await self.tg.start()
        await self.client.fetch_peers([self.people.owner])  # the owner has a chat with the bot
        self.started.set()
        return self.client

    async def _stop(self) -> Client:
        self.stopping.set()
        await self.tg.stop()  # stops taking updates; waits for the handlers in flight
        return self.client

    def factory(self, settings: Settings) -> Client:
        assert settings is self.settings
        return self.client


async def test_start_publishes_menus_and_stop_finishes_work_in_flight(
    tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb, people: People
) -> None:
    settings = bot_settings(tmp_path, kuryana)
    runner = Runner(settings, people)
    stop = asyncio.Event()
    task = asyncio.create_task(run(settings, runner.factory, stop))
    await runner.started.wait()

    kuryana.hold()
    await runner.tg.send_text(people.alice, "/mdl goblin", settle=False)
    await kuryana.wait_in_flight(1)
    stop.set()
    await runner.stopping.wait()
    kuryana.release()
    await asyncio.wait_for(task, timeout=30)

    # The lookup that was running when the stop came still got its answer.
    assert "Goblin" in runner.tg.last_to(people.alice.id).text
    menus = {type(scope).__name__: names for scope, names in bot_commands_set(runner.tg)}
    assert set(menus) == {"BotCommandScopeDefault", "BotCommandScopePeer"}
    public = menus["BotCommandScopeDefault"]
    assert public[:3] == ["search", "start", "help"]
    assert {"mdl", "mdlurl", "imdb", "imdburl"} <= set(public)
    owner_scope = next(
        scope
        for scope, _ in bot_commands_set(runner.tg)
        if isinstance(scope, raw.types.BotCommandScopePeer)
    )
    assert owner_scope.peer.user_id == OWNER_ID


async def test_sigterm_stops_the_bot(
    tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb, people: People
) -> None:
    settings = bot_settings(tmp_path, kuryana)
    runner = Runner(settings, people)
    task = asyncio.create_task(run(settings, runner.factory))
    await runner.started.wait()
    os.kill(os.getpid(), signal.SIGTERM)
    await asyncio.wait_for(task, timeout=30)
    assert runner.stopping.is_set()


async def test_an_owner_who_never_opened_the_bot_does_not_stop_start_up(
    tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb, people: People
) -> None:
    settings = bot_settings(tmp_path, kuryana, owner_ids=[OWNER_ID, 424242])
    runner = Runner(settings, people)
    stop = asyncio.Event()
    task = asyncio.create_task(run(settings, runner.factory, stop))
    await runner.started.wait()
    await runner.tg.send_text(people.alice, "/start")
    stop.set()
    await asyncio.wait_for(task, timeout=30)
    assert "Hello" in runner.tg.last_to(people.alice.id).text


async def test_what_start_up_built_is_kept_out_of_later_garbage_collections(
    tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb, people: People
) -> None:
    settings = bot_settings(tmp_path, kuryana)
    runner = Runner(settings, people)
    stop = asyncio.Event()
    before = gc.get_freeze_count()
    task = asyncio.create_task(run(settings, runner.factory, stop))
    try:
        await runner.started.wait()
        await runner.tg.send_text(people.alice, "/mdl goblin")  # serving: start-up is over
        # Modules, pools, settings and the client are alive for the whole run; a full
        # collection walking them would pause every update for nothing.
        assert gc.get_freeze_count() > before
        assert "Goblin" in runner.tg.last_to(people.alice.id).text
    finally:
        stop.set()
        await asyncio.wait_for(task, timeout=30)
        gc.unfreeze()  # the rest of the test session collects as usual


def test_the_bot_runs_on_uvloop_where_it_is_installed() -> None:
    async def loop_type() -> str:
        return type(asyncio.get_running_loop()).__module__

    assert run_loop(loop_type()).startswith("uvloop")


async def test_a_connection_lost_while_publishing_menus_does_not_stop_the_bot(
    tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb, people: People
) -> None:
    settings = bot_settings(tmp_path, kuryana)
    runner = Runner(settings, people)
    runner.tg.fail_next(raw.functions.bots.SetBotCommands, ConnectionResetError("lost"))
    stop = asyncio.Event()
    task = asyncio.create_task(run(settings, runner.factory, stop))
    try:
        await runner.started.wait()
        await runner.tg.send_text(people.alice, "/mdl goblin")
        assert "Goblin" in runner.tg.last_to(people.alice.id).text  # serving all the same
        assert not task.done()
    finally:
        stop.set()
        await asyncio.wait_for(task, timeout=30)
