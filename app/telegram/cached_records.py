"""Small typed records kept in the cache beside a message (sessions, saved rows).

They are conveniences for buttons, not data of record: when the cache fails,
saving is skipped and loading finds nothing, so the buttons say "expired"
while the answer itself still goes out.
"""

from __future__ import annotations

import contextlib
from typing import Any, Generic, TypeVar

from domain.errors import CacheUnavailable
from domain.ports import Cache
from infra.codec import JsonCodec

T = TypeVar("T")


class CachedRecords(Generic[T]):
    def __init__(self, cache: Cache, namespace: str, type_: Any, ttl: float) -> None:
        self._cache = cache
        self._namespace = namespace
        self._ttl = ttl
        self._codec: JsonCodec[T] = JsonCodec(type_)

    def encode(self, record: T) -> bytes:
        return self._codec.encode(record)

    async def save(self, key: str, record: T) -> None:
        with contextlib.suppress(CacheUnavailable):
            await self._cache.set(self._namespace, key, self._codec.encode(record), self._ttl)

    async def load(self, key: str) -> T | None:
        try:
            data = await self._cache.get(self._namespace, key)
        except CacheUnavailable:
            return None
        if data is None:
            return None
        try:
            return self._codec.decode(data)
        except ValueError:  # a record from an older format
            return None
