"""Each user's chosen language (/language): stored, cached, absent until chosen."""

from __future__ import annotations

import contextlib
from typing import Protocol

from domain.errors import CacheUnavailable
from domain.ports import Cache

NAMESPACE = "lang"
_NONE = b"-"  # cached "this user chose none", so updates skip the database either way


class LanguageRepository(Protocol):
    """Raises ``StorageUnavailable`` when the database fails."""

    async def get(self, user_id: int) -> str | None: ...

    async def set(self, user_id: int, code: str) -> None: ...

    async def delete(self, user_id: int) -> None: ...


class UserLanguages:
    """Read on every update, so read through the cache; written only by /language."""

    def __init__(self, repo: LanguageRepository, cache: Cache, ttl: float = 3600) -> None:
        self._repo = repo
        self._cache = cache
        self._ttl = ttl

    async def _remember(self, user_id: int, code: str | None) -> None:
        value = code.encode() if code else _NONE
        with contextlib.suppress(CacheUnavailable):
            await self._cache.set(NAMESPACE, str(user_id), value, self._ttl)

    async def chosen(self, user_id: int) -> str | None:
        """The user's choice, or None. Raises ``StorageUnavailable``."""
        cached = None
        with contextlib.suppress(CacheUnavailable):
            cached = await self._cache.get(NAMESPACE, str(user_id))
        if cached is not None:
            return None if cached == _NONE else cached.decode(errors="replace")
        code = await self._repo.get(user_id)
        await self._remember(user_id, code)
        return code

    async def choose(self, user_id: int, code: str | None) -> None:
        """Store ``code``, or forget the choice with None. Raises ``StorageUnavailable``."""
        if code is None:
            await self._repo.delete(user_id)
        else:
            await self._repo.set(user_id, code)
        await self._remember(user_id, code)
