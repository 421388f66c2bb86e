"""Rate limits: each process's own window, and all processes' hits counted in Redis.

The Redis count rides in the update's one round trip (infra/cache/batch.py),
so these tests hit the limiters inside an update scope, as the middleware does.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from pathlib import Path

import pytest
from redis.asyncio import Redis

from app.wiring.bootstrap import _open_cache
from domain.breaker import BreakerState, CircuitBreaker
from domain.ports import RateLimiter
from infra.cache.batch import UpdateWrites
from infra.ratelimit import KEY_PREFIX, open_rate_limiters
from tests.conftest import make_settings
from tests.harness.hung_redis import hung_redis


def key() -> str:
    return uuid.uuid4().hex  # a fresh user for each test, even on a shared server


async def hits(writes: UpdateWrites, limiter: RateLimiter, user: str, n: int) -> list[bool]:
    """``n`` requests, each its own update: True where it was allowed."""
    allowed = []
    for _ in range(n):
        async with writes.update():
            allowed.append(await limiter.hit(user) is None)
    return allowed


class Process:
    """One bot process's cache and limiters, as bootstrap builds them."""

    def __init__(self, writes: UpdateWrites, breaker: CircuitBreaker | None) -> None:
        self.writes = writes
        self.breaker = breaker


async def open_process(stack: AsyncExitStack, tmp_path: Path, url: str, **extra: object) -> Process:
    settings = make_settings(tmp_path, redis_url=url, **extra)
    writes, breaker = await _open_cache(settings, stack)
    return Process(writes, breaker)


def limiter_of(process: Process, rate: str, namespace: str, url: str | None) -> RateLimiter:
    settings = make_settings(Path("."), redis_url=url)
    return open_rate_limiters(settings, process.writes, time.time)(rate, namespace)


@pytest.fixture
async def stack() -> AsyncIterator[AsyncExitStack]:
    async with AsyncExitStack() as stack:
        yield stack


async def test_one_process_on_redis_keeps_the_limit_exactly(
    redis_url: str, tmp_path: Path, stack: AsyncExitStack
) -> None:
    process = await open_process(stack, tmp_path, redis_url)
    limiter = limiter_of(process, "3/minute", "lookup", redis_url)
    first, second = key(), key()

    assert await hits(process.writes, limiter, first, 5) == [True] * 3 + [False] * 2
    assert await hits(process.writes, limiter, second, 1) == [True]  # users apart
    client = Redis.from_url(redis_url)
    stack.push_async_callback(client.aclose)
    stored = [k async for k in client.scan_iter(match=f"{KEY_PREFIX}:*{first}")]
    assert len(stored) == 1 and await client.zcard(stored[0]) == 3  # refusals are not hits


async def test_processes_share_one_allowance_through_redis(
    redis_url: str, tmp_path: Path, stack: AsyncExitStack
) -> None:
    one = await open_process(stack, tmp_path / "a", redis_url)
    two = await open_process(stack, tmp_path / "b", redis_url)
    on_one = limiter_of(one, "4/minute", "lookup", redis_url)
    on_two = limiter_of(two, "4/minute", "lookup", redis_url)
    user = key()

    assert await hits(one.writes, on_one, user, 3) == [True] * 3
    # The second process has not seen this user: its first request is allowed and
    # counted (the fourth, the last of the allowance); from then on it knows.
    assert await hits(two.writes, on_two, user, 3) == [True, False, False]
    assert await hits(one.writes, on_one, user, 1) == [True]  # one over: the documented bound
    assert await hits(one.writes, on_one, user, 2) == [False, False]
    async with two.writes.update():
        wait = await on_two.hit(user)
    assert wait is not None and 55 < wait <= 60


async def test_a_users_reset_clears_this_process_and_redis(
    redis_url: str, tmp_path: Path, stack: AsyncExitStack
) -> None:
    process = await open_process(stack, tmp_path, redis_url)
    limiter = limiter_of(process, "1/hour", "lookup", redis_url)
    user = key()
    assert await hits(process.writes, limiter, user, 2) == [True, False]
    await limiter.reset(user)  # outside an update, as the owner's command does: at once
    client = Redis.from_url(redis_url)
    stack.push_async_callback(client.aclose)
    assert [k async for k in client.scan_iter(match=f"{KEY_PREFIX}:*{user}")] == []
    assert await hits(process.writes, limiter, user, 2) == [True, False]


async def test_a_redis_that_is_down_still_limits_from_memory(
    tmp_path: Path, stack: AsyncExitStack
) -> None:
    url = "redis://127.0.0.1:9/0"
    process = await open_process(stack, tmp_path, url)
    limiter = limiter_of(process, "1/hour", "x", url)
    allowed = await hits(process.writes, limiter, "u", 3)
    assert allowed == [True, False, False]  # never fails open
    assert process.breaker is not None and process.breaker.state is BreakerState.OPEN


async def test_a_hung_redis_is_asked_once_then_limits_come_from_memory(
    tmp_path: Path, stack: AsyncExitStack
) -> None:
    redis = await stack.enter_async_context(hung_redis())
    process = await open_process(
        stack, tmp_path, redis.url, redis_timeout=0.1, redis_retry_after=60
    )
    limiter = limiter_of(process, "3/minute", "x", redis.url)
    started = time.perf_counter()
    allowed = await hits(process.writes, limiter, "u", 10)
    assert allowed == [True] * 3 + [False] * 7
    assert redis.connections == 1
    assert process.breaker is not None and process.breaker.state is BreakerState.OPEN
    assert time.perf_counter() - started < 2  # one timeout, not one per request


async def test_counts_go_back_to_redis_when_it_answers_again(
    redis_url: str, tmp_path: Path, stack: AsyncExitStack
) -> None:
    process = await open_process(stack, tmp_path, redis_url, redis_retry_after=0)
    assert process.breaker is not None
    process.breaker.record_failure()  # as after an outage: the next call probes Redis
    limiter = limiter_of(process, "5/minute", "back", redis_url)
    user = key()
    assert await hits(process.writes, limiter, user, 1) == [True]
    client = Redis.from_url(redis_url)
    stack.push_async_callback(client.aclose)
    stored = [k.decode() async for k in client.scan_iter(match=f"{KEY_PREFIX}:*{user}")]
    assert len(stored) == 1 and stored[0].startswith(f"{KEY_PREFIX}:")
    assert process.breaker.state is BreakerState.CLOSED


async def test_a_redis_that_lost_the_script_counts_again_from_the_next_request(
    redis_url: str, tmp_path: Path, stack: AsyncExitStack
) -> None:
    process = await open_process(stack, tmp_path, redis_url)
    limiter = limiter_of(process, "3/minute", "lookup", redis_url)
    user = key()
    client = Redis.from_url(redis_url)
    stack.push_async_callback(client.aclose)
    assert await hits(process.writes, limiter, user, 1) == [True]
    await client.script_flush()  # as after a restart of Redis without its data
    # Missed by Redis once (this process still counts it), then sent whole again.
    assert await hits(process.writes, limiter, user, 2) == [True, True]
    stored = [k async for k in client.scan_iter(match=f"{KEY_PREFIX}:*{user}")]
    assert await client.zcard(stored[0]) == 2
    assert await hits(process.writes, limiter, user, 1) == [False]
    assert process.breaker is not None and process.breaker.state is BreakerState.CLOSED
