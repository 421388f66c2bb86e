"""Redis (or Valkey) cache: shared by every bot process, survives restarts."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from functools import partial
from typing import TypeVar

from redis.asyncio import Redis
from redis.exceptions import RedisError

from domain.errors import CacheUnavailable
from domain.models import NamespaceStats
from infra.cache.batch import PipelineStep, Write
from infra.cache.counters import HitCounter
from infra.cache.shared_pipeline import SharedPipeline
from infra.redis_pool import DEFAULT_TIMEOUT, bounded

T = TypeVar("T")
_BATCH = 500
SCAN_TIMEOUT = 30.0  # seconds for a whole scan (/cache_stats, /cachereload): the owner waits


class RedisCache:
    """Key operations run under ``timeout``; scans for the owner's reports do not.

    The timeout bounds pool wait, retry and read together (cancelling a command
    makes redis-py drop that connection, so a late answer is never read as the
    reply to the next command); a timeout is an outage like a refusal.
    """

    def __init__(
        self, client: Redis, prefix: str = "dramabot", timeout: float = DEFAULT_TIMEOUT
    ) -> None:
        self._redis = client
        self._prefix = prefix
        self._timeout = timeout
        self.counter = HitCounter()
        self.pipeline = SharedPipeline(
            partial(client.pipeline, transaction=False),
            partial(self._call, "batch"),
            self._key,
        )

    def _key(self, namespace: str, key: str) -> str:
        return f"{self._prefix}:{namespace}:{key}"

    async def _call(self, what: str, op: Callable[[], Awaitable[T]]) -> T:
        """``op`` under the key-operation deadline; any failure is ``CacheUnavailable``."""
        try:
            return await bounded(op, self._timeout)
        except (RedisError, TimeoutError) as exc:
            raise CacheUnavailable(f"redis {what} failed: {type(exc).__name__}") from exc

    async def get(self, namespace: str, key: str) -> bytes | None:
        value = await self._call("get", lambda: self._redis.get(self._key(namespace, key)))
        self.counter.record(namespace, value is not None)
        return value.encode() if isinstance(value, str) else value

    async def set(self, namespace: str, key: str, value: bytes, ttl: float) -> None:
        px = max(1, int(ttl * 1000))
        await self._call("set", lambda: self._redis.set(self._key(namespace, key), value, px=px))

    async def set_many(
        self, namespace: str, items: Sequence[tuple[str, bytes]], ttl: float
    ) -> None:
        await self.write_batch([Write(namespace, key, value, ttl) for key, value in items], ())

    async def write_batch(self, writes: Sequence[Write], steps: Sequence[PipelineStep]) -> None:
        """One round trip, shared with the batches handed in during the same loop turn
        (infra/cache/shared_pipeline.py). A step's command that Redis refused reaches that
        step as the exception (e.g. a script Redis no longer has); a refused write fails
        the batch."""
        await self.pipeline.send(writes, steps)

    async def delete(self, namespace: str, key: str) -> None:
        await self._call("delete", lambda: self._redis.delete(self._key(namespace, key)))

    async def delete_many(self, items: Iterable[tuple[str, str]]) -> None:
        """Delete many (namespace, key) pairs, a few hundred per round trip."""
        keys = [self._key(namespace, key) for namespace, key in items]
        for start in range(0, len(keys), _BATCH):
            batch = keys[start : start + _BATCH]
            await self._call("delete", partial(self._redis.unlink, *batch))

    async def _keys(self, namespace: str) -> AsyncIterator[list[bytes]]:
        batch: list[bytes] = []
        async for key in self._redis.scan_iter(match=self._key(namespace, "*"), count=_BATCH):
            batch.append(key)
            if len(batch) >= _BATCH:
                yield batch
                batch = []
        if batch:
            yield batch

    async def clear(self, namespace: str) -> int:
        deleted = 0
        try:
            async with asyncio.timeout(SCAN_TIMEOUT):
                async for batch in self._keys(namespace):
                    deleted += int(await self._redis.unlink(*batch))
        except (RedisError, TimeoutError) as exc:
            raise CacheUnavailable(f"redis clear failed: {type(exc).__name__}") from exc
        return deleted

    async def stats(self, namespaces: Iterable[str]) -> list[NamespaceStats]:
        result = []
        try:
            async with asyncio.timeout(SCAN_TIMEOUT):
                for ns in namespaces:
                    keys = memory = 0
                    async for batch in self._keys(ns):
                        pipe = self._redis.pipeline(transaction=False)
                        for key in batch:
                            pipe.memory_usage(key)
                        sizes = await pipe.execute()
                        keys += len(batch)
                        memory += sum(int(s or 0) for s in sizes)
                    hits, misses = self.counter.hits[ns], self.counter.misses[ns]
                    result.append(NamespaceStats(ns, hits, misses, keys, memory))
        except (RedisError, TimeoutError) as exc:
            raise CacheUnavailable(f"redis stats failed: {type(exc).__name__}") from exc
        return result

    async def ttls(self, namespace: str) -> list[tuple[str, float, int]]:
        """(key, seconds left or -1 when none, size) of every key in the namespace."""
        out: list[tuple[str, float, int]] = []
        strip = len(self._key(namespace, ""))
        try:
            async with asyncio.timeout(SCAN_TIMEOUT):
                async for batch in self._keys(namespace):
                    pipe = self._redis.pipeline(transaction=False)
                    for key in batch:
                        pipe.pttl(key)
                        pipe.strlen(key)
                    answers = await pipe.execute()
                    for i, key in enumerate(batch):
                        pttl, size = int(answers[2 * i]), int(answers[2 * i + 1])
                        if pttl == -2:  # expired or deleted since the scan saw it
                            continue
                        left = pttl / 1000 if pttl >= 0 else -1.0
                        out.append((key.decode()[strip:], left, size))
        except (RedisError, TimeoutError) as exc:
            raise CacheUnavailable(f"redis scan failed: {type(exc).__name__}") from exc
        return out

    async def ping(self) -> None:
        await self._call("ping", self._redis.ping)
