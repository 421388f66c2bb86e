"""Airing notifications end to end: fake clock, fake kuryana, the scheduler ticked by hand."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from pyrogram import errors, raw

from domain.airing.watches import NoticeStatus
from tests.conftest import BotUnderTest
from tests.e2e.admin_support import Crash, FakeSleep, admin_bot, carry_over
from tests.e2e.airing.support import LINK, SLUG, notices_to, scheduler, serve_drama
from tests.fakes.clock import SettableClock
from tests.fakes.imdb import FakeImdb
from tests.fakes.kuryana import FakeKuryana, Fault
from tests.harness.telegram import People

DETAILS = f"/id/{SLUG}"
SETTINGS = {"breaker_failures": 100}  # an outage here must not open the breaker for the test


@dataclass
class Scene:
    bot: BotUnderTest
    clock: SettableClock
    kuryana: FakeKuryana


@pytest.fixture
async def scene(
    tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb, people: People
) -> AsyncIterator[Scene]:
    clock = SettableClock()
    serve_drama(kuryana, airs_at=clock.now() + timedelta(days=1))
    async with admin_bot(tmp_path, kuryana, imdb, clock=clock, **SETTINGS) as bot:
        for user in (people.alice, people.bob):
            await bot.tg.send_text(user, f"/watch {LINK}")
        kuryana.reset_hits()
        yield Scene(bot, clock, kuryana)


async def test_an_airing_notifies_every_watcher_once_for_one_fetch(
    scene: Scene, people: People
) -> None:
    runner = scheduler(scene.bot, scene.clock)
    assert await runner.tick()
    assert scene.kuryana.hits[DETAILS] == 0  # nothing due a day ahead of the airing
    scene.clock.advance(24 * 3600)

    await runner.tick()
    await runner.tick()

    assert scene.kuryana.hits[DETAILS] == 1  # two watchers, one upstream fetch
    for user in (people.alice, people.bob):
        sent = notices_to(scene.bot, user.id)
        assert len(sent) == 1, user.id
        assert "<b>Moon River</b>: episode 5 has aired!" in sent[0]
        assert f'href="{LINK}"' in sent[0]
    metric = scene.bot.services.metrics.notifications.labels("sent")._value.get()
    assert metric == 2


async def test_the_next_episode_is_followed_after_an_airing(scene: Scene, people: People) -> None:
    runner = scheduler(scene.bot, scene.clock)
    scene.clock.advance(24 * 3600)
    serve_drama(scene.kuryana, episode=6, airs_at=scene.clock.now() + timedelta(days=7))
    await runner.tick()

    await scene.bot.tg.send_text(people.alice, "/watchlist")
    assert "episode 6" in scene.bot.tg.last_to(people.alice.id).text
    scene.clock.advance(7 * 24 * 3600)
    serve_drama(scene.kuryana, episode=7, airs_at=scene.clock.now() + timedelta(days=7))
    await runner.tick()
    assert [len(notices_to(scene.bot, u.id)) for u in (people.alice, people.bob)] == [2, 2]


async def test_an_upstream_outage_delays_but_does_not_lose_a_notification(
    scene: Scene, people: People
) -> None:
    runner = scheduler(scene.bot, scene.clock)
    scene.clock.advance(24 * 3600)
    scene.kuryana.fail_always(Fault.SERVER_ERROR, route="details")

    await runner.tick()
    assert notices_to(scene.bot, people.alice.id) == []

    scene.kuryana.heal()
    scene.clock.advance(300)  # the first retry, five minutes on
    await runner.tick()
    assert len(notices_to(scene.bot, people.alice.id)) == 1
    assert len(notices_to(scene.bot, people.bob.id)) == 1


async def test_a_missed_notification_older_than_the_window_is_skipped_and_counted(
    scene: Scene, people: People
) -> None:
    # The bot was down through the airing and well past NOTIFY_MISSED_WINDOW (6 h).
    scene.clock.advance(24 * 3600 + 7 * 3600)
    serve_drama(scene.kuryana, episode=6, airs_at=scene.clock.now() + timedelta(days=6))

    await scheduler(scene.bot, scene.clock).tick()

    assert notices_to(scene.bot, people.alice.id) == []
    assert scene.bot.services.metrics.notifications.labels("skipped")._value.get() == 2
    ledger = scene.bot.services.watching.repos.ledger
    row = await ledger.get((people.alice.id, SLUG, 5))
    assert row is not None and row.status is NoticeStatus.SKIPPED


async def test_a_finished_drama_sends_a_last_message_and_leaves_the_lists(
    scene: Scene, people: People
) -> None:
    scene.clock.advance(24 * 3600)
    serve_drama(scene.kuryana, episode=None, episodes=5, current=5)

    await scheduler(scene.bot, scene.clock).tick()

    for user in (people.alice, people.bob):
        texts = [m.text for m in scene.bot.tg.messages_to(user.id)]
        assert any("episode 5 has aired" in t for t in texts)
        assert "has finished airing" in texts[-1] and "off your watchlist" in texts[-1]
    await scene.bot.tg.send_text(people.alice, "/watchlist")
    assert "Your watchlist is empty" in scene.bot.tg.last_to(people.alice.id).text


async def test_blocked_users_are_marked_and_skipped(scene: Scene, people: People) -> None:
    def to_bob(query: object) -> bool:
        peer = getattr(query, "peer", None)
        return isinstance(query, raw.functions.messages.SendMessage) and (
            getattr(peer, "user_id", None) == people.bob.id
        )

    scene.bot.tg.fail_next(to_bob, errors.UserIsBlocked())
    scene.clock.advance(24 * 3600)
    await scheduler(scene.bot, scene.clock).tick()

    bob = await scene.bot.services.users.get(people.bob.id)
    assert bob is not None and bob.blocked
    ledger = scene.bot.services.watching.repos.ledger
    row = await ledger.get((people.bob.id, SLUG, 5))
    assert row is not None and row.status is NoticeStatus.BLOCKED
    assert len(notices_to(scene.bot, people.alice.id)) == 1


async def test_a_restart_between_aired_and_sent_sends_once(
    tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb, people: People
) -> None:
    clock = SettableClock()
    serve_drama(kuryana, airs_at=clock.now() + timedelta(days=1))
    async with admin_bot(tmp_path, kuryana, imdb, clock=clock) as first:
        for user in (people.alice, people.bob):
            await first.tg.send_text(user, f"/watch {LINK}")
        clock.advance(24 * 3600)
        runner = first.services.watching.runner(first.tg.client, FakeSleep(clock, crash_on=1))
        with pytest.raises(Crash):  # the process dies once the airing is recorded
            await runner.tick()
        assert notices_to(first, people.alice.id) == []

    # New services over the same SQLite data directory: the notices still due go out once.
    async with admin_bot(tmp_path, kuryana, imdb, clock=clock) as second:
        await carry_over(first.tg, second.tg)
        restarted = scheduler(second, clock)
        await restarted.tick()
        await restarted.tick()
        for user in (people.alice, people.bob):
            assert len(notices_to(second, user.id)) == 1, user.id


async def test_the_background_loop_naps_until_due_and_stops_releasing_the_lock(
    scene: Scene,
) -> None:
    sleep = FakeSleep(scene.clock)
    sleep.gate_on = 1
    runner = scene.bot.services.watching.runner(scene.bot.tg.client, sleep)
    runner.start()
    await asyncio.wait_for(sleep.reached.wait(), 10)

    assert runner.leader
    assert sleep.calls == [20.0]  # a day to go: the nap is bounded by lock renewal (TTL / 3)
    await runner.stop()
    assert not runner.leader
    assert await scheduler(scene.bot, scene.clock).tick()  # the lock was given back
