"""Updates ending together share one Redis round trip, and each hears only of its own commands."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
from redis.asyncio import Redis

from domain.errors import CacheUnavailable
from infra.cache.batch import Write
from infra.cache.redis import RedisCache
from infra.redis_pool import redis_client
from tests.harness.hung_redis import hung_redis


class Echo:
    """A step whose command's answer names it: ``ECHO name``."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.answers: list[Any] | None = None
        self.missed = False

    def queue(self, pipe: Any) -> int:
        pipe.execute_command("ECHO", self.name)
        pipe.execute_command("ECHO", self.name + "!")
        return 2

    def done(self, results: list[Any]) -> None:
        self.answers = results

    def failed(self) -> None:
        self.missed = True


class Refused:
    """A step Redis refuses (no such script): the step hears it, its batch still lands."""

    def __init__(self) -> None:
        self.answers: list[Any] | None = None

    def queue(self, pipe: Any) -> int:
        pipe.evalsha("0" * 40, 0)
        return 1

    def done(self, results: list[Any]) -> None:
        self.answers = results

    def failed(self) -> None:
        raise AssertionError("not a failure of the trip")


@pytest.fixture
async def cache(redis_url: str) -> AsyncIterator[tuple[RedisCache, Redis]]:
    client = redis_client(redis_url, 20)
    try:
        yield RedisCache(client, prefix=f"test-{uuid.uuid4().hex[:8]}"), client
    finally:
        await client.aclose()


async def round_trips(client: Redis) -> int:
    return int((await client.info("stats"))["total_reads_processed"])


async def test_batches_of_a_burst_leave_in_one_trip_and_each_step_gets_its_answers(
    cache: tuple[RedisCache, Redis],
) -> None:
    redis_cache, client = cache
    steps = [Echo(f"u{n}") for n in range(40)]
    before = await round_trips(client)
    await asyncio.gather(
        *(
            redis_cache.write_batch([Write("session", f"s{n}", b"%d" % n, 60)], [step])
            for n, step in enumerate(steps)
        )
    )
    trips = await round_trips(client) - before - 1  # less the INFO itself
    assert trips == 1
    assert redis_cache.pipeline.trips == 1
    for n, step in enumerate(steps):
        assert step.answers == [f"u{n}".encode(), f"u{n}!".encode()]
        assert await redis_cache.get("session", f"s{n}") == b"%d" % n


async def test_a_batch_alone_still_goes_at_once(cache: tuple[RedisCache, Redis]) -> None:
    redis_cache, _ = cache
    await asyncio.wait_for(redis_cache.write_batch([Write("recent", "1", b"x", 60)], []), 1.0)
    assert await redis_cache.get("recent", "1") == b"x"


async def test_a_refused_step_reaches_only_that_step(cache: tuple[RedisCache, Redis]) -> None:
    redis_cache, _ = cache
    refused, echo = Refused(), Echo("next")
    await asyncio.gather(
        redis_cache.write_batch([Write("session", "a", b"1", 60)], [refused]),
        redis_cache.write_batch([Write("session", "b", b"2", 60)], [echo]),
    )
    assert refused.answers is not None and isinstance(refused.answers[0], Exception)
    assert echo.answers == [b"next", b"next!"]
    assert await redis_cache.get("session", "a") == b"1"
    assert await redis_cache.get("session", "b") == b"2"


async def test_a_caller_cancelled_mid_trip_leaves_its_neighbours_their_answers(
    cache: tuple[RedisCache, Redis],
) -> None:
    redis_cache, _ = cache
    kept = Echo("kept")
    gone = asyncio.ensure_future(
        redis_cache.write_batch([Write("session", "gone", b"1", 60)], [Echo("gone")])
    )
    stays = asyncio.ensure_future(
        redis_cache.write_batch([Write("session", "stays", b"2", 60)], [kept])
    )
    await asyncio.sleep(0)  # both handed in; the trip leaves at the end of this turn
    gone.cancel()
    await stays
    assert kept.answers == [b"kept", b"kept!"]
    assert await redis_cache.get("session", "stays") == b"2"
    with pytest.raises(asyncio.CancelledError):
        await gone


async def test_a_hung_redis_fails_every_batch_of_the_trip_within_the_deadline() -> None:
    async with hung_redis() as redis:
        client = redis_client(redis.url, 4)
        try:
            redis_cache = RedisCache(client, timeout=0.1)
            steps = [Echo(str(n)) for n in range(5)]
            results = await asyncio.wait_for(
                asyncio.gather(
                    *(redis_cache.write_batch([], [step]) for step in steps),
                    return_exceptions=True,
                ),
                2.0,
            )
            assert all(isinstance(r, CacheUnavailable) for r in results)
            assert len({id(r) for r in results}) == len(results)  # one exception each
            assert all(step.answers is None for step in steps)
            assert redis.connections == 1  # one trip, not one per batch
        finally:
            await client.aclose()
