"""Per-key rate limits with the ``limits`` library: Redis when configured, memory otherwise.

The moving-window strategy counts the requests of the last period exactly
(no burst of twice the limit at a window edge), and its window statistics
give the exact wait until the oldest request leaves the window.

A failing Redis must not take lookups down with it: the limiter then lets
requests through and says so in the log.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import AsyncExitStack
from typing import Any

import structlog
from limits import RateLimitItem, parse
from limits.aio.storage import MemoryStorage, RedisStorage, Storage
from limits.aio.strategies import MovingWindowRateLimiter

from infra.config import Settings
from infra.redis_pool import redis_client

log = structlog.get_logger("infra.ratelimit")
KEY_PREFIX = "dramabot:limits"


def rate_item(rate: str, namespace: str, amount: int | None = None) -> RateLimitItem:
    """``rate`` ("20/minute") under ``namespace``; ``amount`` overrides how many per period."""
    item = parse(rate)
    return type(item)(
        item.amount if amount is None else amount, item.multiples, namespace=namespace
    )


class LimitsRateLimiter:
    """The ``RateLimiter`` port: ``hit`` answers None when allowed, else the wait in seconds."""

    def __init__(
        self, storage: Storage, item: RateLimitItem, now: Callable[[], float] = time.time
    ) -> None:
        self._strategy = MovingWindowRateLimiter(storage)
        self._item = item
        self._now = now

    @property
    def period(self) -> float:
        return float(self._item.get_expiry())

    async def hit(self, key: str) -> float | None:
        try:
            if await self._strategy.hit(self._item, key):
                return None
            stats = await self._strategy.get_window_stats(self._item, key)
        except Exception as exc:  # the storage failed: fail open, never lock users out
            log.warning("rate_limit_unavailable", error=type(exc).__name__)
            return None
        return max(0.0, stats.reset_time - self._now())

    async def reset(self, key: str) -> None:
        await self._strategy.clear(self._item, key)


def open_limits_storage(settings: Settings, stack: AsyncExitStack) -> Storage:
    """Redis (sharing nothing with the cache's pool) when ``REDIS_URL`` is set."""
    if settings.redis_url is None:
        return MemoryStorage()
    redis = redis_client(settings.redis_url.get_secret_value(), settings.max_connections)
    stack.push_async_callback(redis.aclose)
    # The URI only picks the implementation; connections come from the pool given
    # (typed loosely by ``limits``, hence the dict).
    pool: dict[str, Any] = {"connection_pool": redis.connection_pool}
    return RedisStorage("async+redis://", implementation="redispy", key_prefix=KEY_PREFIX, **pool)
