"""The shared lookup policy: read-through cache, stale on failure, single-flight."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from domain.errors import CacheUnavailable, NotFound, UpstreamUnavailable
from domain.lookup import CachedLookup, Freshness
from infra.cache.memory import MemoryCache
from infra.codec import JsonCodec

FRESHNESS = Freshness(fresh=3600, stale=86400, not_found=300)
CODEC: JsonCodec[list[str]] = JsonCodec(list[str])


class FakeClock:
    def __init__(self) -> None:
        self.at = datetime(2026, 1, 1, tzinfo=UTC)

    def now(self) -> datetime:
        return self.at

    def advance(self, seconds: float) -> None:
        self.at += timedelta(seconds=seconds)


class Upstream:
    def __init__(self) -> None:
        self.calls = 0
        self.fail: BaseException | None = None
        self.gate: asyncio.Event | None = None

    async def load(self) -> list[str]:
        self.calls += 1
        if self.gate is not None:
            await self.gate.wait()
        if self.fail is not None:
            raise self.fail
        return [f"v{self.calls}"]


class Recorder:
    def __init__(self) -> None:
        self.seen: list[str] = []

    def observe(self, namespace: str, outcome: str) -> None:
        self.seen.append(outcome)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def cache(clock: FakeClock) -> MemoryCache:
    return MemoryCache(clock=lambda: clock.now().timestamp())


async def test_second_lookup_is_served_from_cache(cache: MemoryCache, clock: FakeClock) -> None:
    up, lookup = Upstream(), CachedLookup(cache, clock)
    first = await lookup.get("ns", "Goblin", up.load, CODEC, FRESHNESS)
    second = await lookup.get("ns", "  goblin ", up.load, CODEC, FRESHNESS)
    assert first.value == second.value == ["v1"]
    assert up.calls == 1


async def test_entry_is_refreshed_after_the_fresh_period(
    cache: MemoryCache, clock: FakeClock
) -> None:
    up, lookup = Upstream(), CachedLookup(cache, clock)
    await lookup.get("ns", "k", up.load, CODEC, FRESHNESS)
    clock.advance(3601)
    again = await lookup.get("ns", "k", up.load, CODEC, FRESHNESS)
    assert again.value == ["v2"] and not again.stale
    assert up.calls == 2


async def test_stale_copy_is_served_when_the_upstream_fails(
    cache: MemoryCache, clock: FakeClock
) -> None:
    up, seen = Upstream(), Recorder()
    lookup = CachedLookup(cache, clock, seen)
    await lookup.get("ns", "k", up.load, CODEC, FRESHNESS)
    clock.advance(7200)
    up.fail = UpstreamUnavailable("MyDramaList", "500")
    served = await lookup.get("ns", "k", up.load, CODEC, FRESHNESS)
    assert served.value == ["v1"] and served.stale
    assert "stale" in seen.seen


async def test_without_a_stale_copy_the_failure_reaches_the_caller(
    cache: MemoryCache, clock: FakeClock
) -> None:
    up, lookup = Upstream(), CachedLookup(cache, clock)
    up.fail = UpstreamUnavailable("MyDramaList", "timeout")
    with pytest.raises(UpstreamUnavailable):
        await lookup.get("ns", "k", up.load, CODEC, FRESHNESS)


async def test_stale_copies_expire_too(cache: MemoryCache, clock: FakeClock) -> None:
    up, lookup = Upstream(), CachedLookup(cache, clock)
    await lookup.get("ns", "k", up.load, CODEC, FRESHNESS)
    clock.advance(3600 + 86400 + 1)
    up.fail = UpstreamUnavailable("MyDramaList")
    with pytest.raises(UpstreamUnavailable):
        await lookup.get("ns", "k", up.load, CODEC, FRESHNESS)


async def test_not_found_is_cached_briefly(cache: MemoryCache, clock: FakeClock) -> None:
    up, lookup = Upstream(), CachedLookup(cache, clock)
    up.fail = NotFound("no such drama")
    for _ in range(3):
        with pytest.raises(NotFound, match="no such drama"):
            await lookup.get("ns", "k", up.load, CODEC, FRESHNESS)
    assert up.calls == 1
    clock.advance(301)
    up.fail = None
    assert (await lookup.get("ns", "k", up.load, CODEC, FRESHNESS)).value == ["v2"]


async def test_a_cached_not_found_keeps_its_message_and_values_never_a_translation(
    cache: MemoryCache, clock: FakeClock
) -> None:
    """Each reader has it said in their own language: the cache holds only the English
    message and the values that fill it (app/wiring/errors.py translates it)."""
    up, lookup = Upstream(), CachedLookup(cache, clock)
    up.fail = NotFound("No dramas found for “{query}”.", query="gob{lin}")
    for _ in range(2):
        with pytest.raises(NotFound) as raised:
            await lookup.get("ns", "k", up.load, CODEC, FRESHNESS)
        assert raised.value.message == "No dramas found for “{query}”."
        assert raised.value.values == {"query": "gob{lin}"}
        assert str(raised.value) == "No dramas found for “gob{lin}”."
    assert up.calls == 1
    # A plain message (what every adapter raises) comes back as it went in, braces and all.
    up.fail = NotFound("MyDramaList has no {such} page")
    for _ in range(2):
        with pytest.raises(NotFound) as raised:
            await lookup.get("ns", "plain", up.load, CODEC, FRESHNESS)
        assert (raised.value.message, raised.value.values) == ("MyDramaList has no {such} page", {})
    assert up.calls == 2


async def test_100_concurrent_identical_lookups_make_one_upstream_call(
    cache: MemoryCache, clock: FakeClock
) -> None:
    up, lookup = Upstream(), CachedLookup(cache, clock)
    up.gate = asyncio.Event()
    tasks = [
        asyncio.create_task(lookup.get("ns", "Goblin", up.load, CODEC, FRESHNESS))
        for _ in range(100)
    ]
    await asyncio.sleep(0)
    up.gate.set()
    results = await asyncio.gather(*tasks)
    assert up.calls == 1
    assert all(r.value == ["v1"] for r in results)


async def test_concurrent_failures_share_one_upstream_call_too(
    cache: MemoryCache, clock: FakeClock
) -> None:
    up, lookup = Upstream(), CachedLookup(cache, clock)
    up.gate, up.fail = asyncio.Event(), UpstreamUnavailable("IMDb")
    tasks = [
        asyncio.create_task(lookup.get("ns", "k", up.load, CODEC, FRESHNESS)) for _ in range(20)
    ]
    await asyncio.sleep(0)
    up.gate.set()
    results = await asyncio.gather(*tasks, return_exceptions=True)
    assert up.calls == 1
    assert all(isinstance(r, UpstreamUnavailable) for r in results)


async def test_a_cancelled_caller_does_not_cancel_the_shared_call(
    cache: MemoryCache, clock: FakeClock
) -> None:
    up, lookup = Upstream(), CachedLookup(cache, clock)
    up.gate = asyncio.Event()
    impatient = asyncio.create_task(lookup.get("ns", "k", up.load, CODEC, FRESHNESS))
    patient = asyncio.create_task(lookup.get("ns", "k", up.load, CODEC, FRESHNESS))
    await asyncio.sleep(0)
    impatient.cancel()
    up.gate.set()
    assert (await patient).value == ["v1"]


class BrokenCache(MemoryCache):
    async def get(self, namespace: str, key: str) -> bytes | None:
        raise CacheUnavailable("down")

    async def set(self, namespace: str, key: str, value: bytes, ttl: float) -> None:
        raise CacheUnavailable("down")


async def test_a_broken_cache_does_not_break_lookups(clock: FakeClock) -> None:
    up, seen = Upstream(), Recorder()
    lookup = CachedLookup(BrokenCache(), clock, seen)
    assert (await lookup.get("ns", "k", up.load, CODEC, FRESHNESS)).value == ["v1"]
    assert "cache_error" in seen.seen


async def test_a_corrupt_entry_is_a_miss(cache: MemoryCache, clock: FakeClock) -> None:
    up, lookup = Upstream(), CachedLookup(cache, clock)
    await cache.set("ns", "k", b"garbage without header", 100)
    assert (await lookup.get("ns", "k", up.load, CODEC, FRESHNESS)).value == ["v1"]
