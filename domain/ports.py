"""Ports every capability shares: time, the cache, rate limits, users, settings, leadership.

Each capability declares its own roles in its package's ``ports.py``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import AbstractAsyncContextManager
from datetime import datetime
from typing import Protocol

from domain.models import NamespaceStats, User, UserProfile


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware (UTC)."""
        ...


class UserRepository(Protocol):
    async def record_seen(self, profile: UserProfile, at: datetime) -> None:
        """Insert or update the user; a user who writes to the bot has not blocked it."""
        ...

    async def get(self, user_id: int) -> User | None: ...

    async def set_blocked(self, user_id: int, blocked: bool) -> None: ...

    async def count(self) -> int: ...


class SettingsRepository(Protocol):
    """Bot-wide key/value settings (public mode, broadcast state, ...)."""

    async def get(self, key: str) -> str | None: ...

    async def set(self, key: str, value: str) -> None: ...

    async def delete(self, key: str) -> None: ...


class Cache(Protocol):
    """Byte values under ``namespace``/``key`` with a time to live.

    Implementations raise ``CacheUnavailable`` when the backend fails, so the
    caller decides whether to carry on without it.
    """

    async def get(self, namespace: str, key: str) -> bytes | None: ...

    async def set(self, namespace: str, key: str, value: bytes, ttl: float) -> None: ...

    async def set_many(
        self, namespace: str, items: Sequence[tuple[str, bytes]], ttl: float
    ) -> None:
        """Several ``set`` calls of one namespace and TTL, in one round trip where it matters."""
        ...

    async def delete(self, namespace: str, key: str) -> None: ...

    async def clear(self, namespace: str) -> int:
        """Delete every key of the namespace; returns how many were deleted."""
        ...

    async def stats(self, namespaces: Iterable[str]) -> list[NamespaceStats]: ...

    async def ttls(self, namespace: str) -> list[tuple[str, float, int]]:
        """(key, seconds left or -1 when it never expires, size in bytes) of each key."""
        ...

    async def ping(self) -> None: ...


class RateLimiter(Protocol):
    async def hit(self, key: str) -> float | None:
        """Count one request for ``key``: None when allowed, else seconds until one is."""
        ...


class LeaderLock(Protocol):
    """At most one holder among the processes sharing it; it expires unless renewed."""

    async def acquire(self) -> bool:
        """Take the lock, or renew it when this holder has it; False while another has it."""
        ...

    async def release(self) -> None:
        """Give it up, only if this holder still has it."""
        ...


class SendBudget(Protocol):
    """Telegram's send rate for the bot, shared by every process that sends in bulk.

    Time is the caller's clock (epoch seconds), so every process and a test's
    fake clock agree on it.
    """

    async def reserve(self, now: float, chat_id: int | None = None) -> float:
        """Take the next free slot (for ``chat_id`` too); seconds to wait before it."""
        ...

    async def pause(self, now: float, seconds: float) -> None:
        """Telegram asked for a pause (FloodWait): no slot for anyone before it ends."""
        ...


class SharedFlights(Protocol):
    """Single-flight across processes: one upstream call per key at a time, bot-wide."""

    def hold(self, namespace: str, key: str) -> AbstractAsyncContextManager[bool]:
        """Held while this process calls the upstream for ``key``. Yields True when it
        first waited for another process's call (whose answer the cache may now hold).
        When the shared lock cannot be reached, yields False at once: local single-flight."""
        ...
