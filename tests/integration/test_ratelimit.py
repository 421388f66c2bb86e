"""The rate limiter over both ``limits`` storages: in-process memory and a real Redis."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from pathlib import Path

import pytest
from limits.aio.storage import MemoryStorage, RedisStorage, Storage
from redis.asyncio import Redis

from infra.ratelimit import KEY_PREFIX, LimitsRateLimiter, open_limits_storage, rate_item
from tests.conftest import make_settings


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


async def test_a_redis_that_is_down_lets_requests_through(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, redis_url="redis://127.0.0.1:9/0")
    async with AsyncExitStack() as stack:
        limiter = LimitsRateLimiter(open_limits_storage(settings, stack), rate_item("1/hour", "x"))
        assert await limiter.hit("u") is None
        assert await limiter.hit("u") is None  # fails open: never locks users out


async def test_the_bot_keeps_its_limits_under_its_own_prefix(
    redis_url: str, tmp_path: Path
) -> None:
    settings = make_settings(tmp_path, redis_url=redis_url)
    user = key()
    async with AsyncExitStack() as stack:
        limiter = LimitsRateLimiter(
            open_limits_storage(settings, stack), rate_item("5/minute", "l")
        )
        await limiter.hit(user)
        client = Redis.from_url(redis_url)
        stack.push_async_callback(client.aclose)
        keys = [k.decode() async for k in client.scan_iter(match=f"{KEY_PREFIX}:*{user}*")]
        await limiter.reset(user)
    assert len(keys) == 1
