"""The in-process layer in front of the shared cache holds lookups and templates, nothing else."""

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


async def test_sessions_always_come_from_the_shared_cache() -> None:
    shared, local = MemoryCache(), MemoryCache()
    cache = LayeredCache(shared, local)
    await cache.set("session", "ab12cd34", b"old", 3600)
    await shared.set("session", "ab12cd34", b"new", 3600)  # another process wrote it
    assert await cache.get("session", "ab12cd34") == b"new"


async def test_another_process_template_change_shows_here_within_the_layer_ttl() -> None:
    now = [0.0]
    shared, local = MemoryCache(), MemoryCache(clock=lambda: now[0])
    cache = LayeredCache(shared, local, ttl=30)
    await cache.set("tpl", "1:mdl", b"T<b>{title}</b>", 3600)
    await shared.set("tpl", "1:mdl", b"Tnew", 3600)  # another process changed it
    assert await cache.get("tpl", "1:mdl") == b"T<b>{title}</b>"  # this process's copy
    now[0] = 31
    assert await cache.get("tpl", "1:mdl") == b"Tnew"
    await cache.set("tpl", "1:mdl", b"Tmine", 3600)  # changed here: seen here at once
    assert await cache.get("tpl", "1:mdl") == b"Tmine"


async def test_clear_and_delete_reach_both_layers() -> None:
    shared, local = MemoryCache(), MemoryCache()
    cache = LayeredCache(shared, local)
    await cache.set("imdb:title", "tt1", b"x", 3600)
    assert await cache.clear("imdb:title") == 1
    assert await cache.get("imdb:title", "tt1") is None
    await cache.set("imdb:title", "tt2", b"y", 3600)
    await cache.delete("imdb:title", "tt2")
    assert await cache.get("imdb:title", "tt2") is None
