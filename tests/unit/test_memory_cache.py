"""The in-process cache keeps to its byte bound, least recently used entries out first."""

from __future__ import annotations

from infra.cache.memory import MemoryCache

KIB = 1024


async def test_large_entries_are_bounded_by_bytes_not_only_by_count() -> None:
    cache = MemoryCache(max_entries=1000, max_bytes=10 * KIB)
    for n in range(20):  # 20 KiB of values into a 10 KiB cache
        await cache.set("mdl:cast", f"k{n}", b"x" * KIB, ttl=60)
        assert cache.bytes <= 10 * KIB
    assert await cache.get("mdl:cast", "k19") is not None  # the newest stay
    assert await cache.get("mdl:cast", "k0") is None  # the oldest went first


async def test_a_read_keeps_an_entry_and_the_byte_count_follows_every_change() -> None:
    cache = MemoryCache(max_entries=1000, max_bytes=4 * KIB)
    await cache.set("ns", "kept", b"k" * KIB, ttl=60)
    await cache.set("ns", "other", b"o" * KIB, ttl=60)
    await cache.get("ns", "kept")  # used recently: "other" is now the oldest
    await cache.set("ns", "new", b"n" * (2 * KIB), ttl=60)
    assert await cache.get("ns", "kept") is not None
    assert await cache.get("ns", "other") is None

    await cache.set("ns", "kept", b"k", ttl=60)  # replacing shrinks it
    await cache.delete("ns", "new")
    await cache.clear("ns")
    assert cache.bytes == 0


async def test_a_value_larger_than_the_whole_cache_is_not_kept() -> None:
    cache = MemoryCache(max_entries=10, max_bytes=KIB)
    await cache.set("ns", "small", b"s", ttl=60)
    await cache.set("ns", "huge", b"h" * (2 * KIB), ttl=60)
    assert await cache.get("ns", "huge") is None
    assert await cache.get("ns", "small") == b"s"  # nothing else was thrown out for it
