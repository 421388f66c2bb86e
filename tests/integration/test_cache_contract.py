"""One contract for every cache backend: what the lookup path and /cache_stats rely on."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable

import pytest
from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff

from domain.errors import CacheUnavailable
from infra.cache.memory import MemoryCache
from infra.cache.redis import RedisCache
from tests.integration.conftest import CacheUnderTest, FakeClock


async def test_set_then_get_returns_the_bytes(cache: CacheUnderTest) -> None:
    value = "드라마 🎬".encode() + b"\x00\xff"

    await cache.cache.set("details", "mdl:goblin", value, ttl=60)

    assert await cache.cache.get("details", "mdl:goblin") == value


async def test_miss_is_none(cache: CacheUnderTest) -> None:
    assert await cache.cache.get("details", "nothing-here") is None


async def test_namespaces_do_not_share_keys(cache: CacheUnderTest) -> None:
    await cache.cache.set("search", "k", b"search", ttl=60)
    await cache.cache.set("details", "k", b"details", ttl=60)

    assert await cache.cache.get("search", "k") == b"search"
    assert await cache.cache.get("details", "k") == b"details"


async def test_overwrite_replaces_value(cache: CacheUnderTest) -> None:
    await cache.cache.set("details", "k", b"old", ttl=60)
    await cache.cache.set("details", "k", b"new", ttl=60)

    assert await cache.cache.get("details", "k") == b"new"


async def test_delete_removes_only_that_key(cache: CacheUnderTest) -> None:
    await cache.cache.set("details", "a", b"1", ttl=60)
    await cache.cache.set("details", "b", b"2", ttl=60)

    await cache.cache.delete("details", "a")
    await cache.cache.delete("details", "never-set")

    assert await cache.cache.get("details", "a") is None
    assert await cache.cache.get("details", "b") == b"2"


async def test_set_many_writes_every_pair_with_the_ttl(cache: CacheUnderTest) -> None:
    await cache.cache.set("session", "a", b"old", ttl=3600)
    await cache.cache.set_many("session", [("a", b"1"), ("a/1/2", b"bound")], ttl=0.1)

    assert await cache.cache.get("session", "a") == b"1"  # replaced, as ``set`` would
    assert await cache.cache.get("session", "a/1/2") == b"bound"
    await cache.let_expire("session", "a", 0.1)
    assert await cache.cache.get("session", "a") is None
    assert await cache.cache.get("session", "a/1/2") is None


async def test_key_expires_after_its_ttl(cache: CacheUnderTest) -> None:
    ttl = 0.1
    await cache.cache.set("search", "short", b"v", ttl=ttl)
    await cache.cache.set("search", "long", b"v", ttl=3600)

    await cache.let_expire("search", "short", ttl)

    assert await cache.cache.get("search", "short") is None
    assert await cache.cache.get("search", "long") == b"v"


async def test_key_lives_until_its_ttl(cache: CacheUnderTest) -> None:
    await cache.cache.set("search", "k", b"v", ttl=60)
    if cache.clock is not None:
        cache.clock.advance(59)

    assert await cache.cache.get("search", "k") == b"v"
    [(key, left, _)] = await cache.ttls("search")
    assert key == "k" and 0 < left <= 60


async def test_overwrite_renews_the_ttl(cache: CacheUnderTest) -> None:
    await cache.cache.set("details", "k", b"old", ttl=0.1)
    await cache.cache.set("details", "k", b"new", ttl=3600)

    [(_, left, _)] = await cache.ttls("details")

    assert left > 60


async def test_clear_deletes_only_that_namespace_and_counts(cache: CacheUnderTest) -> None:
    for i in range(5):
        await cache.cache.set("search", f"q{i}", b"v", ttl=60)
    await cache.cache.set("details", "keep", b"v", ttl=60)

    assert await cache.cache.clear("search") == 5

    assert await cache.cache.get("search", "q0") is None
    assert await cache.cache.get("details", "keep") == b"v"
    assert await cache.cache.clear("search") == 0


async def test_clear_handles_more_keys_than_one_batch(cache: CacheUnderTest) -> None:
    for i in range(1_234):
        await cache.cache.set("bulk", str(i), b"v", ttl=60)

    assert await cache.cache.clear("bulk") == 1_234
    assert await cache.ttls("bulk") == []


async def test_stats_report_hits_misses_keys_and_memory(cache: CacheUnderTest) -> None:
    await cache.cache.set("search", "a", b"x" * 100, ttl=60)
    await cache.cache.set("search", "b", b"y" * 100, ttl=60)
    await cache.cache.set("details", "c", b"z", ttl=60)
    await cache.cache.get("search", "a")
    await cache.cache.get("search", "a")
    await cache.cache.get("search", "missing")
    await cache.cache.get("details", "missing")

    search, details, empty = await cache.cache.stats(["search", "details", "empty"])

    assert (search.namespace, search.hits, search.misses, search.keys) == ("search", 2, 1, 2)
    assert search.memory_bytes >= 200
    assert search.hit_ratio == pytest.approx(2 / 3)
    assert (details.namespace, details.hits, details.misses, details.keys) == (
        "details",
        0,
        1,
        1,
    )
    assert details.memory_bytes > 0
    assert (empty.hits, empty.misses, empty.keys, empty.memory_bytes) == (0, 0, 0, 0)
    assert empty.hit_ratio == 0.0


async def test_stats_do_not_count_expired_keys(cache: CacheUnderTest) -> None:
    await cache.cache.set("search", "gone", b"v", ttl=0.1)
    await cache.cache.set("search", "kept", b"v", ttl=3600)

    await cache.let_expire("search", "gone", 0.1)

    [stats] = await cache.cache.stats(["search"])
    assert stats.keys == 1


async def test_ttls_list_each_key_with_time_left_and_size(cache: CacheUnderTest) -> None:
    await cache.cache.set("details", "a", b"12345", ttl=100)
    await cache.cache.set("details", "b:with:colons", b"1", ttl=200)
    await cache.cache.set("search", "other", b"1", ttl=300)

    listed = {key: (left, size) for key, left, size in await cache.ttls("details")}

    assert set(listed) == {"a", "b:with:colons"}
    assert 0 < listed["a"][0] <= 100 and listed["a"][1] == 5
    assert 100 < listed["b:with:colons"][0] <= 200 and listed["b:with:colons"][1] == 1


async def test_ping_answers(cache: CacheUnderTest) -> None:
    await cache.cache.ping()


# ------------------------------------------------------------------ backend specifics


async def test_memory_cache_evicts_least_recently_used() -> None:
    cache = MemoryCache(max_entries=3, clock=FakeClock())
    for key in ("a", "b", "c"):
        await cache.set("ns", key, key.encode(), ttl=60)
    await cache.get("ns", "a")  # "a" is now the most recently used

    await cache.set("ns", "d", b"d", ttl=60)

    assert await cache.get("ns", "b") is None
    assert [await cache.get("ns", k) for k in ("a", "c", "d")] == [b"a", b"c", b"d"]
    [stats] = await cache.stats(["ns"])
    assert stats.keys == 3


async def test_memory_cache_bound_spans_namespaces() -> None:
    cache = MemoryCache(max_entries=2, clock=FakeClock())
    await cache.set("search", "a", b"1", ttl=60)
    await cache.set("details", "b", b"2", ttl=60)
    await cache.set("details", "c", b"3", ttl=60)

    assert await cache.get("search", "a") is None
    assert await cache.clear("details") == 2


async def test_redis_keeps_its_keys_under_the_prefix(redis_url: str) -> None:
    client = Redis.from_url(redis_url)
    prefix = f"test-{uuid.uuid4().hex[:12]}"
    try:
        cache = RedisCache(client, prefix=prefix)
        await cache.set("details", "k", b"v", ttl=60)

        assert await client.get(f"{prefix}:details:k") == b"v"
        assert await cache.clear("details") == 1
    finally:
        await client.aclose()


CACHE_OPERATIONS: list[tuple[str, Callable[[RedisCache], Awaitable[object]]]] = [
    ("get", lambda c: c.get("ns", "k")),
    ("set", lambda c: c.set("ns", "k", b"v", 60)),
    ("delete", lambda c: c.delete("ns", "k")),
    ("clear", lambda c: c.clear("ns")),
    ("stats", lambda c: c.stats(["ns"])),
    ("ttls", lambda c: c.ttls("ns")),
    ("ping", lambda c: c.ping()),
]


@pytest.mark.parametrize("operation", [pytest.param(op, id=name) for name, op in CACHE_OPERATIONS])
async def test_unreachable_redis_raises_cache_unavailable(
    operation: Callable[[RedisCache], Awaitable[object]],
) -> None:
    # Port 1 on loopback: nothing listens there, so the connection is refused at once.
    # No client retries: they only delay the same answer (by ~4 s with redis-py's default).
    client = Redis(host="127.0.0.1", port=1, socket_connect_timeout=1, retry=Retry(NoBackoff(), 0))
    try:
        with pytest.raises(CacheUnavailable):
            await operation(RedisCache(client))
    finally:
        await client.aclose()
