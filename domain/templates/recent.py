"""The last title each user looked up per source, for template previews."""

from __future__ import annotations

import contextlib

from domain.errors import CacheUnavailable
from domain.ports import Cache

NAMESPACE = "recent"
TTL = 30 * 24 * 3600


class RecentTitles:
    def __init__(self, cache: Cache) -> None:
        self._cache = cache

    async def record(self, user_id: int, source: str, title_id: str) -> None:
        with contextlib.suppress(CacheUnavailable):
            await self._cache.set(NAMESPACE, f"{user_id}:{source}", title_id.encode(), TTL)

    async def last(self, user_id: int, source: str) -> str | None:
        with contextlib.suppress(CacheUnavailable):
            value = await self._cache.get(NAMESPACE, f"{user_id}:{source}")
            return value.decode() if value else None
        return None
