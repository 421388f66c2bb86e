"""The in-process layer in front of the shared cache holds lookups, and only lookups."""

from __future__ import annotations

from infra.cache.layered import LayeredCache
from infra.cache.memory import MemoryCache


async def test_lookups_are_served_from_the_process_after_one_shared_read() -> None:
    shared, local = MemoryCache(), MemoryCache()
    cache = LayeredCache(shared, local, ttl=30)
    await shared.set("mdl:title", "goblin", b"card", 3600)
    assert await cache.get("mdl:title", "goblin") == b"card"
    await shared.delete("mdl:title", "goblin")  # e.g. another process's /cachereload
    assert await cache.get("mdl:title", "goblin") == b"card"  # held here for ttl
    stats = {s.namespace: s for s in await cache.stats(["mdl:title"])}
    assert stats["mdl:title"].hits == 2


async def test_sessions_and_templates_always_come_from_the_shared_cache() -> None:
    shared, local = MemoryCache(), MemoryCache()
    cache = LayeredCache(shared, local)
    await cache.set("tpl", "1:mdl", b"T<b>{title}</b>", 3600)
    await shared.set("tpl", "1:mdl", b"Tnew", 3600)  # another process changed it
    assert await cache.get("tpl", "1:mdl") == b"Tnew"


async def test_clear_and_delete_reach_both_layers() -> None:
    shared, local = MemoryCache(), MemoryCache()
    cache = LayeredCache(shared, local)
    await cache.set("imdb:title", "tt1", b"x", 3600)
    assert await cache.clear("imdb:title") == 1
    assert await cache.get("imdb:title", "tt1") is None
    await cache.set("imdb:title", "tt2", b"y", 3600)
    await cache.delete("imdb:title", "tt2")
    assert await cache.get("imdb:title", "tt2") is None
