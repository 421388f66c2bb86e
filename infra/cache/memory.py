"""In-process cache: the default when ``REDIS_URL`` is unset."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence

from domain.models import NamespaceStats
from infra.cache.batch import PipelineStep, Write
from infra.cache.counters import HitCounter

# Rough per-entry overhead of the dict, tuple and key strings, for memory stats.
_ENTRY_OVERHEAD = 200


DEFAULT_MAX_BYTES = 256 * 1024 * 1024  # MEMORY_CACHE_MB


def _size(item: tuple[str, str], value: bytes) -> int:
    return len(item[0]) + len(item[1]) + len(value) + _ENTRY_OVERHEAD


class MemoryCache:
    """An LRU with per-key expiry, bounded by entries and by bytes.

    A count alone let a few thousand large entries (a long cast, a season of
    episodes) grow the process far; the byte bound, kept as entries come and
    go, evicts the least recently used ones first.
    """

    def __init__(
        self,
        max_entries: int = 50_000,
        clock: Callable[[], float] = time.monotonic,
        max_bytes: int = DEFAULT_MAX_BYTES,
    ) -> None:
        self._data: OrderedDict[tuple[str, str], tuple[float, bytes]] = OrderedDict()
        self._max = max_entries
        self._max_bytes = max_bytes
        self.bytes = 0  # what the entries take, as ``stats`` counts it
        self._clock = clock
        self.counter = HitCounter()

    def _drop(self, item: tuple[str, str]) -> None:
        entry = self._data.pop(item, None)
        if entry is not None:
            self.bytes -= _size(item, entry[1])

    def _live(self, item: tuple[str, str]) -> bytes | None:
        entry = self._data.get(item)
        if entry is None:
            return None
        expires, value = entry
        if expires <= self._clock():
            self._drop(item)
            return None
        return value

    async def get(self, namespace: str, key: str) -> bytes | None:
        value = self._live((namespace, key))
        if value is not None:
            self._data.move_to_end((namespace, key))
        self.counter.record(namespace, value is not None)
        return value

    async def set(self, namespace: str, key: str, value: bytes, ttl: float) -> None:
        self.put(namespace, key, value, ttl)

    def put(self, namespace: str, key: str, value: bytes, ttl: float) -> None:
        """``set`` without a coroutine, for callers on the cached path (a mirror copy)."""
        item = (namespace, key)
        self._drop(item)
        if _size(item, value) > self._max_bytes:
            return  # larger than the whole cache: not kept, a miss next time
        self._data[item] = (self._clock() + ttl, value)
        self.bytes += _size(item, value)
        while len(self._data) > self._max or self.bytes > self._max_bytes:
            oldest = next(iter(self._data))
            self._drop(oldest)

    async def set_many(
        self, namespace: str, items: Sequence[tuple[str, bytes]], ttl: float
    ) -> None:
        for key, value in items:
            await self.set(namespace, key, value, ttl)

    async def write_batch(self, writes: Sequence[Write], steps: Sequence[PipelineStep]) -> None:
        for w in writes:
            await self.set(w.namespace, w.key, w.value, w.ttl)
        for step in steps:
            step.failed()  # no Redis to run them on

    async def delete(self, namespace: str, key: str) -> None:
        self.discard(namespace, key)

    def discard(self, namespace: str, key: str) -> None:
        """``delete`` without a coroutine, like ``put``."""
        self._drop((namespace, key))

    async def clear(self, namespace: str) -> int:
        doomed = [item for item in self._data if item[0] == namespace]
        for item in doomed:
            self._drop(item)
        return len(doomed)

    async def stats(self, namespaces: Iterable[str]) -> list[NamespaceStats]:
        result = []
        for ns in namespaces:
            live = [(k, v) for (n, k), (_, v) in list(self._data.items()) if n == ns]
            live = [(k, v) for k, v in live if self._live((ns, k)) is not None]
            memory = sum(_size((ns, k), v) for k, v in live)
            result.append(
                NamespaceStats(
                    ns, self.counter.hits[ns], self.counter.misses[ns], len(live), memory
                )
            )
        return result

    async def ttls(self, namespace: str) -> list[tuple[str, float, int]]:
        """(key, seconds left, size) of every live key in the namespace.

        Async like ``RedisCache.ttls``, so callers need not know the backend.
        """
        now = self._clock()
        return [
            (k, expires - now, len(v))
            for (n, k), (expires, v) in list(self._data.items())
            if n == namespace and expires > now
        ]

    async def ping(self) -> None:
        return None
