"""A saturated upstream: a user waits at most UPSTREAM_QUEUE_WAIT for a free connection,
then hears that the source is busy (or gets the saved copy), and the breaker, which
guards against a failing upstream, is not fooled by the bot's own queue."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from pyrogram import raw

from domain.breaker import BreakerState
from tests.conftest import bot_settings, running_bot
from tests.fakes.clock import SettableClock
from tests.fakes.imdb import FakeImdb
from tests.fakes.kuryana import FakeKuryana
from tests.harness.telegram import People, Sent, TelegramHarness

WAIT = 0.3
BUSY = "busy right now"


async def ask(tg: TelegramHarness, user: raw.types.User, text: str) -> tuple[Sent, float]:
    """The bot's answer to ``text`` and how long it took, while other requests stay held
    (so the harness cannot wait for the bot to fall idle)."""
    before = len(tg.messages_to(user.id))
    started = time.perf_counter()
    await tg.send_text(user, text, settle=False)
    for _ in range(1000):
        answers = tg.messages_to(user.id)
        if len(answers) > before:
            return answers[-1], time.perf_counter() - started
        await asyncio.sleep(0.005)
    raise AssertionError(f"no answer to {text!r} within 5 s")


async def test_a_user_behind_a_full_queue_hears_busy_in_time_and_nothing_breaks(
    tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb, people: People
) -> None:
    settings = bot_settings(tmp_path, kuryana, mdl_concurrency=1, upstream_queue_wait=WAIT)
    async with running_bot(settings, kuryana, imdb) as bot:
        tg = bot.tg
        kuryana.hold()
        await tg.send_text(people.alice, "/mdl goblin", settle=False)
        await kuryana.wait_in_flight(1)
        for _ in range(6):  # more than BREAKER_FAILURES, all turned away by our queue
            answer, waited = await ask(tg, people.bob, "/mdl parasite")
            assert BUSY in answer.text and "MyDramaList" in answer.text, answer.text
            assert WAIT * 0.9 <= waited < WAIT + 1.0
        assert all(b.state is BreakerState.CLOSED for b in bot.services.breakers)
        kuryana.release()
        await tg.settle()
        assert "Goblin" in tg.last_to(people.alice.id).text
        await tg.send_text(people.bob, "/mdl parasite")
        assert "Parasite" in tg.last_to(people.bob.id).text


async def test_a_busy_source_serves_the_saved_copy_when_there_is_one(
    tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb, people: People
) -> None:
    clock = SettableClock()
    settings = bot_settings(tmp_path, kuryana, mdl_concurrency=1, upstream_queue_wait=WAIT)
    async with running_bot(settings, kuryana, imdb, clock=clock) as bot:
        tg = bot.tg
        await tg.send_text(people.bob, "/mdl parasite")
        clock.advance(2 * 3600)  # past the search's fresh hour: a refresh is due
        kuryana.hold()
        await tg.send_text(people.alice, "/mdl goblin", settle=False)
        await kuryana.wait_in_flight(1)
        answer, _ = await ask(tg, people.bob, "/mdl parasite")
        assert "Parasite" in answer.text and "saved copy" in answer.text, answer.text
        assert answer.button("1.")
        kuryana.release()
        await tg.settle()


async def test_imdb_calls_wait_for_a_thread_at_most_the_queue_wait(
    tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb, people: People
) -> None:
    imdb.delay = 1.5
    settings = bot_settings(tmp_path, kuryana, imdb_workers=1, upstream_queue_wait=WAIT)
    async with running_bot(settings, kuryana, imdb) as bot:
        tg = bot.tg
        await tg.send_text(people.alice, "/imdb the matrix", settle=False)
        for _ in range(500):  # until its call holds the one thread
            if imdb.call_count:
                break
            await asyncio.sleep(0.01)
        answer, waited = await ask(tg, people.bob, "/imdb parasite")
        assert BUSY in answer.text and "IMDb" in answer.text, answer.text
        assert waited < 1.2  # told before the call ahead of it even finished
        await tg.settle()
        assert "Matrix" in tg.last_to(people.alice.id).text
