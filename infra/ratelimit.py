"""Per-key rate limits with the ``limits`` library: Redis when configured, memory otherwise.

The moving-window strategy counts the requests of the last period exactly
(no burst of twice the limit at a window edge), and its window statistics
give the exact wait until the oldest request leaves the window.

A failing or hung Redis must neither take lookups down nor lift the limits:
each call to it is bounded by the Redis timeout, and while the Redis breaker
(shared with the cache) is open the same limits are counted in process
memory. Counts start afresh in memory, so an outage can at worst double one
user's allowance for one period.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import AsyncExitStack
from dataclasses import dataclass
from typing import Any

import structlog
from limits import RateLimitItem, parse
from limits.aio.storage import MemoryStorage, RedisStorage, Storage
from limits.aio.strategies import MovingWindowRateLimiter

from domain.breaker import CircuitBreaker
from domain.ports import RateLimiter
from infra.config import Settings
from infra.redis_pool import DEFAULT_TIMEOUT, bounded, redis_client

log = structlog.get_logger("infra.ratelimit")
KEY_PREFIX = "dramabot:limits"


def rate_item(rate: str, namespace: str, amount: int | None = None) -> RateLimitItem:
    """``rate`` ("20/minute") under ``namespace``; ``amount`` overrides how many per period."""
    item = parse(rate)
    return type(item)(
        item.amount if amount is None else amount, item.multiples, namespace=namespace
    )


class LimitsRateLimiter:
    """The ``RateLimiter`` port on one storage: None when allowed, else the wait in seconds.

    Storage errors propagate; ``FallbackRateLimiter`` decides what they mean.
    """

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
        if await self._strategy.hit(self._item, key):
            return None
        stats = await self._strategy.get_window_stats(self._item, key)
        return max(0.0, stats.reset_time - self._now())

    async def reset(self, key: str) -> None:
        await self._strategy.clear(self._item, key)


class FallbackRateLimiter:
    """Redis first; process memory while Redis fails, times out, or its breaker is open."""

    def __init__(
        self,
        primary: LimitsRateLimiter,
        fallback: LimitsRateLimiter,
        breaker: CircuitBreaker,
        timeout: float,
    ) -> None:
        self.primary = primary
        self.fallback = fallback
        self._breaker = breaker
        self._timeout = timeout

    async def hit(self, key: str) -> float | None:
        if self._breaker.allow():
            try:
                wait = await bounded(lambda: self.primary.hit(key), self._timeout)
            except Exception as exc:  # any storage failure: count in memory instead
                self._breaker.record_failure()
                log.warning("rate_limit_on_memory", error=type(exc).__name__)
            else:
                self._breaker.record_success()
                return wait
        return await self.fallback.hit(key)

    async def reset(self, key: str) -> None:
        await self.fallback.reset(key)
        if self._breaker.allow():
            try:
                await bounded(lambda: self.primary.reset(key), self._timeout)
            except Exception as exc:
                self._breaker.record_failure()
                log.warning("rate_limit_reset_on_memory", error=type(exc).__name__)
            else:
                self._breaker.record_success()


@dataclass(frozen=True, slots=True)
class RateLimiters:
    """Builds every limiter of the bot on one storage (and one fallback)."""

    storage: Storage
    now: Callable[[], float]
    breaker: CircuitBreaker | None = None
    timeout: float = DEFAULT_TIMEOUT
    memory: Storage | None = None

    def __call__(self, rate: str, namespace: str, amount: int | None = None) -> RateLimiter:
        item = rate_item(rate, namespace, amount)
        limiter = LimitsRateLimiter(self.storage, item, self.now)
        if self.breaker is None or self.memory is None:
            return limiter
        return FallbackRateLimiter(
            limiter, LimitsRateLimiter(self.memory, item, self.now), self.breaker, self.timeout
        )


def open_rate_limiters(
    settings: Settings,
    stack: AsyncExitStack,
    now: Callable[[], float],
    redis_breaker: CircuitBreaker | None,
) -> RateLimiters:
    """Redis (sharing nothing with the cache's pool) when ``REDIS_URL`` is set."""
    if settings.redis_url is None or redis_breaker is None:
        return RateLimiters(MemoryStorage(), now)
    redis = redis_client(
        settings.redis_url.get_secret_value(), settings.max_connections, settings.redis_timeout
    )
    stack.push_async_callback(redis.aclose)
    # The URI only picks the implementation; connections come from the pool given
    # (typed loosely by ``limits``, hence the dict).
    pool: dict[str, Any] = {"connection_pool": redis.connection_pool}
    storage = RedisStorage(
        "async+redis://", implementation="redispy", key_prefix=KEY_PREFIX, **pool
    )
    return RateLimiters(storage, now, redis_breaker, settings.redis_timeout, MemoryStorage())
