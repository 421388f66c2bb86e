"""Single-flight across processes: N processes missing one key make one upstream call."""

from __future__ import annotations

import asyncio
from typing import Any

from redis.asyncio import Redis

from domain.breaker import CircuitBreaker
from domain.errors import NotFound
from domain.lookup import CachedLookup, Freshness
from infra.cache.redis import RedisCache
from infra.codec import JsonCodec
from infra.flights import RedisFlights
from tests.fakes.clock import SettableClock

FRESH = Freshness(fresh=3600, stale=3600, not_found=300)
CODEC: JsonCodec[str] = JsonCodec(str)


class Upstream:
    """Counts calls; each waits for ``open`` so several are in flight at once."""

    def __init__(self, answer: str | None = "Goblin") -> None:
        self.calls = 0
        self.open = asyncio.Event()
        self.called = asyncio.Event()
        self.answer = answer

    async def load(self) -> str:
        self.calls += 1
        self.called.set()
        await self.open.wait()
        if self.answer is None:
            raise NotFound("No drama matches <b>x</b>")
        return self.answer


def process(redis: Redis, clock: SettableClock, breaker: CircuitBreaker | None = None) -> Any:
    flights = RedisFlights(redis, hold_for=5, wait_for=5, timeout=1, poll=0.01, breaker=breaker)
    return CachedLookup(RedisCache(redis, prefix="flights-test"), clock, shared=flights), flights


async def test_four_processes_missing_one_key_make_one_upstream_call(redis_url: str) -> None:
    clock = SettableClock()
    clients = [Redis.from_url(redis_url) for _ in range(4)]
    processes = [process(client, clock) for client in clients]
    upstream = Upstream()
    try:
        calls = [
            asyncio.create_task(lookup.get("mdl:search", "goblin", upstream.load, CODEC, FRESH))
            for lookup, _ in processes
        ]
        await upstream.called.wait()
        upstream.open.set()
        answers = await asyncio.gather(*calls)
    finally:
        for client in clients:
            await client.aclose()

    assert [a.value for a in answers] == ["Goblin"] * 4
    assert upstream.calls == 1
    assert sum(flights.waits for _, flights in processes) == 3  # the others waited for it


async def test_a_not_found_is_shared_too(redis_url: str) -> None:
    clock = SettableClock()
    first, second = Redis.from_url(redis_url), Redis.from_url(redis_url)
    (a, _), (b, _) = process(first, clock), process(second, clock)
    upstream = Upstream(answer=None)
    try:
        leader = asyncio.create_task(a.get("mdl:search", "x", upstream.load, CODEC, FRESH))
        await upstream.called.wait()
        follower = asyncio.create_task(b.get("mdl:search", "x", upstream.load, CODEC, FRESH))
        upstream.open.set()
        results = await asyncio.gather(leader, follower, return_exceptions=True)
    finally:
        await first.aclose()
        await second.aclose()

    assert all(isinstance(r, NotFound) for r in results)
    assert upstream.calls == 1


async def test_redis_unreachable_each_process_calls_once_on_its_own() -> None:
    clock = SettableClock()
    nowhere = Redis.from_url("redis://127.0.0.1:9/0", socket_connect_timeout=0.2)
    breaker = CircuitBreaker("Redis", failure_threshold=1, reset_after=60)
    lookup, flights = process(nowhere, clock, breaker)
    upstream = Upstream()
    upstream.open.set()
    try:
        together = await asyncio.gather(
            *(lookup.get("imdb:search", "matrix", upstream.load, CODEC, FRESH) for _ in range(3))
        )
    finally:
        await nowhere.aclose()

    assert [a.value for a in together] == ["Goblin"] * 3
    assert upstream.calls == 1  # local single-flight still holds
    assert not breaker.allow()  # and the next miss does not even try Redis
    async with flights.hold("imdb:search", "other") as waited:
        assert waited is False
