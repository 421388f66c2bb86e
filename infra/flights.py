"""Single-flight across processes (the ``SharedFlights`` port) on redis-py's ``Lock``.

A miss takes a short lock per key (``SET NX PX``, released by token); a
process that finds it taken waits (redis-py polls every ``poll`` seconds) until
the holder releases it, then reads the holder's answer from the shared cache.
The lock expires after ``hold_for`` seconds, so a holder that died never
blocks a key for long, and a waiter gives up after ``wait_for`` and calls the
upstream itself. When Redis fails or is silent the flight is local only
(``CachedLookup`` still shares one call among this process's callers).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import structlog
from redis.asyncio import Redis
from redis.exceptions import LockError, RedisError

from domain.breaker import CircuitBreaker

log = structlog.get_logger("infra.flights")

PREFIX = "dramabot:flight"


class RedisFlights:
    def __init__(
        self,
        redis: Redis,
        hold_for: float,
        wait_for: float,
        timeout: float,
        poll: float = 0.05,
        prefix: str = PREFIX,
        breaker: CircuitBreaker | None = None,
    ) -> None:
        self._redis = redis
        self._hold_for = hold_for
        self._wait_for = wait_for
        self._timeout = timeout
        self._poll = poll
        self._prefix = prefix
        # The cache's Redis breaker: while it is open, flights stay local at no cost.
        self._breaker = breaker
        self.waits = 0  # flights this process waited for instead of calling

    @contextlib.asynccontextmanager
    async def hold(self, namespace: str, key: str) -> AsyncIterator[bool]:
        lock = self._redis.lock(
            f"{self._prefix}:{namespace}:{key}",
            timeout=self._hold_for,
            sleep=self._poll,
            blocking_timeout=self._wait_for,
        )
        held, waited = False, False
        if self._breaker is not None and not self._breaker.allow():
            yield False
            return
        try:
            async with asyncio.timeout(self._timeout):
                held = await lock.acquire(blocking=False)
            if not held:
                waited = True
                self.waits += 1
                held = await lock.acquire()  # until the holder lands (or wait_for)
        except (RedisError, OSError, TimeoutError) as exc:
            log.warning("shared_flight_unavailable", error=type(exc).__name__)
            if self._breaker is not None:
                self._breaker.record_failure()
        try:
            yield waited
        finally:
            if held:
                with contextlib.suppress(LockError, RedisError, OSError, TimeoutError):
                    async with asyncio.timeout(self._timeout):
                        await lock.release()
