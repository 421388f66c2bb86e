"""The scheduler's ``LeaderLock``: one holder, renewal, compare-and-delete, expiry takeover."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis

from infra.leader import MemoryLeaderLock, MemoryLockBoard, RedisLeaderLock

DEADLINE = 5.0  # seconds bounded polling waits for Redis to expire a lock


@pytest.fixture
async def redis(redis_url: str) -> AsyncIterator[Redis]:
    client = Redis.from_url(redis_url)
    try:
        yield client
    finally:
        await client.aclose()


async def test_redis_lock_has_one_holder_and_only_the_holder_releases(redis: Redis) -> None:
    key = f"test-lock-{uuid.uuid4().hex[:12]}"
    first, second = RedisLeaderLock(redis, key, 30), RedisLeaderLock(redis, key, 30)

    assert await first.acquire()
    assert await first.acquire()  # renewal by the holder
    assert not await second.acquire()
    await second.release()  # not the holder: nothing happens
    assert await redis.get(key) == first.token.encode()

    await first.release()
    assert await redis.get(key) is None
    assert await second.acquire()
    await second.release()


async def test_redis_lock_expires_when_the_holder_dies(redis: Redis) -> None:
    key = f"test-lock-{uuid.uuid4().hex[:12]}"
    holder, heir = RedisLeaderLock(redis, key, 0.3), RedisLeaderLock(redis, key, 0.3)
    assert await holder.acquire()
    assert not await heir.acquire()

    loop = asyncio.get_running_loop()
    deadline = loop.time() + DEADLINE
    while not await heir.acquire():  # the holder no longer renews: bounded wait for expiry
        assert loop.time() < deadline, "the lock never expired"
        await asyncio.sleep(0.05)

    assert not await holder.acquire()  # too late: the heir has it now
    await holder.release()
    assert await redis.get(key) == heir.token.encode()


async def test_redis_down_means_not_the_leader() -> None:
    client = Redis.from_url("redis://127.0.0.1:9/0", socket_connect_timeout=0.2)
    try:
        assert not await RedisLeaderLock(client, "k", 1).acquire()
        await RedisLeaderLock(client, "k", 1).release()  # does not raise
    finally:
        await client.aclose()


async def test_memory_lock_follows_the_injected_clock() -> None:
    now = [1000.0]
    board = MemoryLockBoard()
    first = MemoryLeaderLock(board, "k", 60, lambda: now[0])
    second = MemoryLeaderLock(board, "k", 60, lambda: now[0])

    assert await first.acquire() and not await second.acquire()
    now[0] += 59
    assert await first.acquire()  # renewed: good for another 60 s
    now[0] += 59
    assert not await second.acquire()
    now[0] += 2
    assert await second.acquire()
    assert not await first.acquire()
    await first.release()
    assert not await first.acquire()
