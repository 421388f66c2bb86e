"""Redis first, and an in-process cache while Redis is down.

A lookup must not fail or slow down because the cache did: after one failure
the breaker sends calls to memory at once, and it probes Redis again after a
short cool-down. Keys written to memory during the outage are deleted from
Redis when it is back, so no entry older than the outage's writes survives,
and they are still read from memory after it (a miss on Redis looks there):
a results message sent during an outage keeps working until it expires.
Otherwise a write that reaches Redis drops the memory copy, except in the
*mirrored* namespaces: what a message's buttons refer to (sessions and their
saved rows) is written once under a fresh random id and never changed, so a
copy of this process's own writes is kept in memory (bounded in bytes like the
rest). Under load a Redis read can time out late and open the breaker; the
buttons this process sent before then still work while it is open, instead of
answering "expired".
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import TypeVar

import structlog

from domain.breaker import CircuitBreaker
from domain.errors import CacheUnavailable
from domain.models import NamespaceStats
from infra.cache.batch import PipelineStep, Write
from infra.cache.memory import MemoryCache
from infra.cache.redis import RedisCache

log = structlog.get_logger(__name__)
T = TypeVar("T")
MAX_DIRTY = 10_000
# Namespaces whose keys are written once and never changed (app/telegram/sessions.py and
# the rows saved beside a session): a memory copy can never be staler than Redis.
MIRRORED = frozenset({"session", "search-rows", "people-rows", "people-notes"})


class FallbackCache:
    def __init__(
        self,
        primary: RedisCache,
        fallback: MemoryCache,
        breaker: CircuitBreaker,
        mirrored: frozenset[str] = MIRRORED,
    ) -> None:
        self.primary = primary
        self._mirrored = mirrored
        self.fallback = fallback
        self.breaker = breaker
        self._dirty: set[tuple[str, str]] = set()
        self.switches = 0  # times the cache moved to memory
        self._on_memory = False

    async def _try(
        self, call: Callable[[], Awaitable[T]], wrote: Iterable[tuple[str, str]] = ()
    ) -> tuple[bool, T | None]:
        """(True, result) from Redis, or (False, None) when it is (or just went) down.

        ``wrote``: the keys this call has just written to Redis; they are current,
        so the clean-up of the outage's keys must leave them alone.
        """
        if not self.breaker.allow():
            # Opened by this cache or by another user of the breaker (the rate limits).
            self._to_memory("breaker open")
            return False, None
        try:
            result = await call()
        except CacheUnavailable as exc:
            self.breaker.record_failure()
            self._to_memory(str(exc))
            return False, None
        self.breaker.record_success()
        self._on_memory = False
        if self._dirty:
            self._dirty.difference_update(wrote)
            await self._forget_outage_writes()
        return True, result

    def _to_memory(self, reason: str) -> None:
        if not self._on_memory:
            self._on_memory = True
            self.switches += 1
            log.warning("cache_fallback_to_memory", error=reason)

    async def _forget_outage_writes(self) -> None:
        dirty, self._dirty = self._dirty, set()
        log.info("cache_back_on_redis", rewritten=len(dirty))
        try:
            await self.primary.delete_many(dirty)
        except CacheUnavailable:
            self._dirty |= dirty  # tried again on the next success

    async def get(self, namespace: str, key: str) -> bytes | None:
        ok, value = await self._try(lambda: self.primary.get(namespace, key))
        if ok and value is not None:
            return value
        return await self.fallback.get(namespace, key)

    async def set(self, namespace: str, key: str, value: bytes, ttl: float) -> None:
        ok, _ = await self._try(
            lambda: self.primary.set(namespace, key, value, ttl), wrote=[(namespace, key)]
        )
        self._remember(ok, Write(namespace, key, value, ttl))

    async def set_many(
        self, namespace: str, items: Sequence[tuple[str, bytes]], ttl: float
    ) -> None:
        await self.write_batch([Write(namespace, key, value, ttl) for key, value in items], ())

    async def write_batch(self, writes: Sequence[Write], steps: Sequence[PipelineStep]) -> None:
        keys = [(w.namespace, w.key) for w in writes]
        ok, _ = await self._try(lambda: self.primary.write_batch(writes, steps), wrote=keys)
        if not ok:
            for step in steps:
                step.failed()
        for w in writes:
            self._remember(ok, w)

    def _remember(self, reached_redis: bool, w: Write) -> None:
        """What memory keeps of a write: nothing once Redis has it (except a mirrored
        namespace's copy), the value itself while Redis is down. No coroutine: it runs for
        each write of every cached answer."""
        if reached_redis and w.namespace not in self._mirrored:
            self.fallback.discard(w.namespace, w.key)
            return
        self.fallback.put(w.namespace, w.key, w.value, w.ttl)
        if not reached_redis and len(self._dirty) < MAX_DIRTY:
            self._dirty.add((w.namespace, w.key))

    async def delete(self, namespace: str, key: str) -> None:
        await self.fallback.delete(namespace, key)
        ok, _ = await self._try(lambda: self.primary.delete(namespace, key))
        if not ok and len(self._dirty) < MAX_DIRTY:
            self._dirty.add((namespace, key))

    async def clear(self, namespace: str) -> int:
        cleared = await self.fallback.clear(namespace)
        ok, count = await self._try(lambda: self.primary.clear(namespace))
        return (count or 0) + cleared if ok else cleared

    async def stats(self, namespaces: Iterable[str]) -> list[NamespaceStats]:
        names = list(namespaces)
        ok, stats = await self._try(lambda: self.primary.stats(names))
        return stats if ok and stats is not None else await self.fallback.stats(names)

    async def ttls(self, namespace: str) -> list[tuple[str, float, int]]:
        ok, ttls = await self._try(lambda: self.primary.ttls(namespace))
        return ttls if ok and ttls is not None else await self.fallback.ttls(namespace)

    async def ping(self) -> None:
        """Health reports Redis itself: serving from memory is a degraded state."""
        await self.primary.ping()
