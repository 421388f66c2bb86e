"""The rate limiter over both ``limits`` storages: in-process memory and a real Redis."""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from pathlib import Path

import pytest
from limits.aio.storage import MemoryStorage, RedisStorage, Storage
from redis.asyncio import Redis

from domain.breaker import BreakerState, CircuitBreaker
from infra.ratelimit import KEY_PREFIX, LimitsRateLimiter, open_rate_limiters, rate_item
from tests.conftest import make_settings
from tests.harness.hung_redis import hung_redis


@pytest.fixture(params=["memory", "redis"])
async def storage(request: pytest.FixtureRequest) -> AsyncIterator[Storage]:
    if request.param == "memory":
        yield MemoryStorage()
        return
    url: str = request.getfixturevalue("redis_url")
    client = Redis.from_url(url)
    yield RedisStorage(
        "async+redis://",
        implementation="redispy",
        key_prefix=f"test-{uuid.uuid4().hex[:8]}",
        connection_pool=client.connection_pool,
    )
    await client.aclose()


def key() -> str:
    return uuid.uuid4().hex  # a fresh user for each test, even on a shared server


async def test_allows_the_rate_then_says_how_long_to_wait(storage: Storage) -> None:
    limiter = LimitsRateLimiter(storage, rate_item("3/minute", "lookup"))
    user = key()

    assert [await limiter.hit(user) for _ in range(3)] == [None, None, None]
    wait = await limiter.hit(user)

    assert wait is not None and 55 < wait <= 60
    assert limiter.period == 60


async def test_users_are_limited_separately(storage: Storage) -> None:
    limiter = LimitsRateLimiter(storage, rate_item("1/minute", "lookup"))
    first, second = key(), key()
    assert await limiter.hit(first) is None
    assert await limiter.hit(first) is not None
    assert await limiter.hit(second) is None


async def test_namespaces_do_not_share_counts(storage: Storage) -> None:
    user = key()
    lookups = LimitsRateLimiter(storage, rate_item("1/minute", "lookup"))
    notices = LimitsRateLimiter(storage, rate_item("20/minute", "notice", amount=1))
    assert await lookups.hit(user) is None
    assert await notices.hit(user) is None  # one notice per period...
    assert await notices.hit(user) is not None  # ...and no second one


async def test_reset_recovers_at_once(storage: Storage) -> None:
    limiter = LimitsRateLimiter(storage, rate_item("1/hour", "lookup"))
    user = key()
    await limiter.hit(user)
    assert await limiter.hit(user) is not None
    await limiter.reset(user)
    assert await limiter.hit(user) is None


async def test_a_redis_that_is_down_still_limits_from_memory(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, redis_url="redis://127.0.0.1:9/0")
    breaker = CircuitBreaker("Redis", failure_threshold=1, reset_after=60)
    async with AsyncExitStack() as stack:
        limiter = open_rate_limiters(settings, stack, time.time, breaker)("1/hour", "x")
        assert await limiter.hit("u") is None
        wait = await limiter.hit("u")
    assert wait is not None and 3500 < wait <= 3600  # never fails open
    assert breaker.state is BreakerState.OPEN


async def test_a_hung_redis_is_asked_once_then_limits_come_from_memory(tmp_path: Path) -> None:
    breaker = CircuitBreaker("Redis", failure_threshold=1, reset_after=60)
    async with hung_redis() as redis, AsyncExitStack() as stack:
        settings = make_settings(tmp_path, redis_url=redis.url, redis_timeout=0.1)
        limiter = open_rate_limiters(settings, stack, time.time, breaker)("3/minute", "x")
        allowed = [await limiter.hit("u") is None for _ in range(10)]
        assert allowed == [True] * 3 + [False] * 7
        assert redis.connections == 1
        assert breaker.state is BreakerState.OPEN


async def test_limits_go_back_to_redis_when_it_answers_again(
    redis_url: str, tmp_path: Path
) -> None:
    breaker = CircuitBreaker("Redis", failure_threshold=1, reset_after=0)
    breaker.record_failure()  # as after an outage: the next call probes Redis
    settings = make_settings(tmp_path, redis_url=redis_url)
    user = key()
    async with AsyncExitStack() as stack:
        limiter = open_rate_limiters(settings, stack, time.time, breaker)("5/minute", "back")
        assert await limiter.hit(user) is None
        client = Redis.from_url(redis_url)
        stack.push_async_callback(client.aclose)
        keys = [k async for k in client.scan_iter(match=f"{KEY_PREFIX}:*{user}*")]
        await limiter.reset(user)
    assert len(keys) == 1
    assert breaker.state is BreakerState.CLOSED


async def test_the_bot_keeps_its_limits_under_its_own_prefix(
    redis_url: str, tmp_path: Path
) -> None:
    settings = make_settings(tmp_path, redis_url=redis_url)
    user = key()
    breaker = CircuitBreaker("Redis", failure_threshold=1, reset_after=60)
    async with AsyncExitStack() as stack:
        limiter = open_rate_limiters(settings, stack, time.time, breaker)("5/minute", "l")
        await limiter.hit(user)
        client = Redis.from_url(redis_url)
        stack.push_async_callback(client.aclose)
        keys = [k.decode() async for k in client.scan_iter(match=f"{KEY_PREFIX}:*{user}*")]
        await limiter.reset(user)
    assert len(keys) == 1
