"""The rows of a combined results message, kept beside its session for paging.

A combined list mixes two sources and may have been answered while one of them
was late, so a later page is drawn from what the first page was drawn from,
not from a new search whose answer could differ.
"""

from __future__ import annotations

import contextlib

from app.sessions import SESSION_TTL
from domain.combined import Combined
from domain.errors import CacheUnavailable
from domain.ports import Cache
from infra.codec import JsonCodec

NAMESPACE = "search-rows"


class SavedResults:
    def __init__(self, cache: Cache, ttl: float = SESSION_TTL) -> None:
        self._cache = cache
        self._ttl = ttl
        self._codec: JsonCodec[Combined] = JsonCodec(Combined)

    async def save(self, session_id: str, combined: Combined) -> None:
        # Without the cache the page buttons say "expired"; the answer itself still goes out.
        with contextlib.suppress(CacheUnavailable):
            await self._cache.set(NAMESPACE, session_id, self._codec.encode(combined), self._ttl)

    async def load(self, session_id: str) -> Combined | None:
        try:
            data = await self._cache.get(NAMESPACE, session_id)
        except CacheUnavailable:
            return None
        if data is None:
            return None
        try:
            return self._codec.decode(data)
        except ValueError:
            return None
