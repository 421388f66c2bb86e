"""While Redis is down the cache lives in memory; what was written then never goes stale later."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence

import pytest
from redis.asyncio import Redis

from domain.breaker import CircuitBreaker
from domain.errors import CacheUnavailable
from infra.cache.batch import PipelineStep, Write
from infra.cache.fallback import FallbackCache
from infra.cache.memory import MemoryCache
from infra.cache.redis import RedisCache


class SwitchableRedis(RedisCache):
    """A real Redis cache that can be made to fail like a Redis that went away."""

    down = False

    async def get(self, namespace: str, key: str) -> bytes | None:
        if self.down:
            raise CacheUnavailable("redis get failed: ConnectionError")
        return await super().get(namespace, key)

    async def set(self, namespace: str, key: str, value: bytes, ttl: float) -> None:
        if self.down:
            raise CacheUnavailable("redis set failed: ConnectionError")
        await super().set(namespace, key, value, ttl)

    async def write_batch(self, writes: Sequence[Write], steps: Sequence[PipelineStep]) -> None:
        if self.down:
            raise CacheUnavailable("redis batch failed: ConnectionError")
        await super().write_batch(writes, steps)


@pytest.fixture
async def redis(redis_url: str) -> AsyncIterator[Redis]:
    client = Redis.from_url(redis_url)
    yield client
    leftovers = [key async for key in client.scan_iter(match="fallback-test:*")]
    if leftovers:
        await client.delete(*leftovers)
    await client.aclose()


async def test_a_value_written_during_an_outage_wins_over_the_older_one_in_redis(
    redis: Redis,
) -> None:
    primary = SwitchableRedis(redis, prefix="fallback-test")
    cache = FallbackCache(primary, MemoryCache(), CircuitBreaker("Redis", 1, reset_after=0))
    await cache.set("tpl", "1:mdl", b"old", 3600)

    primary.down = True
    await cache.set("tpl", "1:mdl", b"new", 3600)  # lands in memory
    assert await cache.get("tpl", "1:mdl") == b"new"
    assert cache.switches == 1

    primary.down = False
    assert await cache.get("other", "k") is None  # Redis answers again
    # The entry Redis still held from before the outage is gone, never served;
    # the outage's own write still is, until it expires (a session made during
    # the outage keeps its buttons working).
    assert await redis.get("fallback-test:tpl:1:mdl") is None
    assert await cache.get("tpl", "1:mdl") == b"new"


async def test_after_an_outage_a_new_write_replaces_the_outage_copy(redis: Redis) -> None:
    primary = SwitchableRedis(redis, prefix="fallback-test")
    cache = FallbackCache(primary, MemoryCache(), CircuitBreaker("Redis", 1, reset_after=0))
    primary.down = True
    await cache.set("s", "k", b"during", 3600)
    primary.down = False
    await cache.set("s", "k", b"after", 3600)  # reaches Redis, drops the memory copy
    assert await cache.get("s", "k") == b"after"
    await cache.delete("s", "k")
    assert await cache.get("s", "k") is None  # deleted everywhere, not resurrected


async def test_several_writes_in_an_outage_stay_readable_and_replace_redis_after_it(
    redis: Redis,
) -> None:
    primary = SwitchableRedis(redis, prefix="fallback-test")
    cache = FallbackCache(primary, MemoryCache(), CircuitBreaker("Redis", 1, reset_after=0))
    await cache.set("s", "a", b"before", 3600)
    primary.down = True
    await cache.set_many("s", [("a", b"during"), ("a/1/2", b"1")], 3600)
    primary.down = False
    assert await cache.get("other", "k") is None  # Redis answers again
    assert await redis.get("fallback-test:s:a") is None  # the older copy is gone
    assert await cache.get("s", "a") == b"during"
    assert await cache.get("s", "a/1/2") == b"1"
    await cache.set_many("s", [("a", b"after")], 3600)
    assert await redis.get("fallback-test:s:a") == b"after"  # not erased by the clean-up
