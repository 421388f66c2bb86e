"""A broadcast runs in exactly one process; resumed after a crash, it is resumed once."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from redis.asyncio import Redis

from app.wiring.roles import BROADCAST_LOCK_KEY, share_across_processes
from domain.broadcast.job import BroadcastStatus
from infra.leader import RedisLeaderLock, RedisStopSignal
from tests.conftest import BotUnderTest
from tests.e2e.admin_support import Crash, FakeSleep, admin_bot, carry_over, forwards_to
from tests.fakes.clock import SettableClock
from tests.fakes.imdb import FakeImdb
from tests.fakes.kuryana import FakeKuryana
from tests.harness.telegram import People, make_user

FANS = [make_user(6001 + i, f"Fan{i:02d}") for i in range(12)]


def shared(bot: BotUnderTest, redis: Redis, clock: SettableClock) -> None:
    share_across_processes(bot.services, redis, bot.services.settings)
    bot.services.admin.broadcasts.sleep = FakeSleep(clock)


async def test_two_processes_resuming_one_broadcast_send_each_recipient_once(
    tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb, people: People, redis_url: str
) -> None:
    clock = SettableClock()
    redis = Redis.from_url(redis_url)
    async with admin_bot(tmp_path, kuryana, imdb, clock=clock, redis_url=redis_url) as first:
        shared(first, redis, clock)
        for fan in FANS:
            await first.tg.send_text(fan, "/start")
        first.services.admin.broadcasts.sleep = FakeSleep(clock, crash_on=7)
        await first.tg.send_text(people.owner, "/broadcast <b>News</b>")
        prompt = first.tg.last_to(people.owner.id)
        await first.tg.press(people.owner, prompt, button="Confirm")
        with pytest.raises(Crash):
            await first.services.admin.broadcasts.wait()
        before = first.tg
    done_before = {fan.id for fan in FANS if forwards_to(before, fan.id)}
    assert 2 <= len(done_before) <= 10  # it stopped in the middle

    # Two processes start over the same database and Redis, and both try to resume it.
    async with (
        admin_bot(tmp_path, kuryana, imdb, clock=clock, redis_url=redis_url) as second,
        admin_bot(tmp_path, kuryana, imdb, clock=clock, redis_url=redis_url) as third,
    ):
        for bot in (second, third):
            shared(bot, redis, clock)
            await carry_over(before, bot.tg)
        resumed = await asyncio.gather(
            second.services.admin.broadcasts.resume(second.tg.client),
            third.services.admin.broadcasts.resume(third.tg.client),
        )
        assert sum(job is not None for job in resumed) == 1
        runner = second if resumed[0] is not None else third
        job = await runner.services.admin.broadcasts.wait()
        idle = third if runner is second else second
        assert await idle.services.admin.broadcasts.wait() is None

        assert job is not None and job.status is BroadcastStatus.DONE
        for fan in FANS:
            tries = sum(len(forwards_to(tg, fan.id)) for tg in (before, second.tg, third.tg))
            assert tries == 1, fan.id
        # Finished: the claim is free for the next broadcast.
        assert await redis.get(BROADCAST_LOCK_KEY) is None
    await redis.aclose()


async def test_a_broadcast_running_in_another_process_refuses_a_second(
    tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb, people: People, redis_url: str
) -> None:
    clock = SettableClock()
    redis = Redis.from_url(redis_url)
    elsewhere = RedisLeaderLock(redis, BROADCAST_LOCK_KEY, 60)
    assert await elsewhere.acquire()  # another worker is broadcasting
    async with admin_bot(tmp_path, kuryana, imdb, clock=clock, redis_url=redis_url) as bot:
        shared(bot, redis, clock)
        await bot.tg.send_text(people.alice, "/start")
        await bot.tg.send_text(people.owner, "/broadcast Hello")
        await bot.tg.press(people.owner, bot.tg.last_to(people.owner.id), button="Confirm")

        assert await bot.services.admin.broadcasts.wait() is None  # nothing started here
        assert forwards_to(bot.tg, people.alice.id) == []
        texts = [s.text for s in bot.tg.messages_to(people.owner.id)] + [
            a.text for a in bot.tg.callback_answers
        ]
        assert any("already running" in text for text in texts), texts
    await elsewhere.release()
    await redis.aclose()


class SeenStop(RedisStopSignal):
    """The stop flag, telling the test when the running process picked it up."""

    def __init__(self, redis: Redis) -> None:
        super().__init__(redis, BROADCAST_LOCK_KEY, 60)
        self.seen = asyncio.Event()

    async def requested(self) -> bool:
        found = await super().requested()
        if found:
            self.seen.set()
        return found


async def test_stop_broadcast_sent_to_another_process_stops_it(
    tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb, people: People, redis_url: str
) -> None:
    clock = SettableClock()
    redis = Redis.from_url(redis_url)
    async with (
        admin_bot(tmp_path, kuryana, imdb, clock=clock, redis_url=redis_url) as running,
        admin_bot(tmp_path, kuryana, imdb, clock=clock, redis_url=redis_url) as other,
    ):
        for bot in (running, other):
            shared(bot, redis, clock)
        broadcasts = running.services.admin.broadcasts
        seen = SeenStop(redis)
        broadcasts.remote_stop, broadcasts.stop_poll = seen, 0.01
        for fan in FANS:
            await running.tg.send_text(fan, "/start")
        await other.tg.send_text(people.owner, "/stop_broadcast")
        assert "No broadcast is running" in other.tg.last_to(people.owner.id).text

        gate = FakeSleep(clock)
        gate.gate_on = 4  # the pacing pause before the 4th recipient
        broadcasts.sleep = gate
        await running.tg.send_text(people.owner, "/broadcast Hello")
        await running.tg.press(people.owner, running.tg.last_to(people.owner.id), button="Confirm")
        await gate.reached.wait()

        await other.tg.send_text(people.owner, "/stop_broadcast")  # handled by the other one
        assert "Stopping after the message in flight" in other.tg.last_to(people.owner.id).text
        await asyncio.wait_for(seen.seen.wait(), 10)
        gate.released.set()
        job = await broadcasts.wait()

    assert job is not None and job.status is BroadcastStatus.STOPPED
    assert job.sent <= 4 < len(FANS)
    assert await redis.get(BROADCAST_LOCK_KEY) is None
    await redis.aclose()
