"""Per-key rate limits: each process counts its own, and all of them are counted in Redis.

Rates are written as ``limits`` parses them ("20/minute"). The window is a
moving one, exact over the last period (no burst of twice the limit at a
window edge), and the wait it gives is until the oldest request leaves it.

With Redis configured, the processes' hits are also counted there, but the
answer is not waited for: the count rides in the update's one round trip
(``infra/cache/batch.py``), and what it says stops the next request. A
cached answer so costs no Redis round trip of its own for its limit, which
was the largest share of its time in redis-py. A failing or hung Redis
neither takes lookups down nor lifts the limits: the batch is bounded by
the Redis timeout and falls to memory with the cache's breaker, and each
process's own window holds the limit meanwhile.
"""

from __future__ import annotations

import hashlib
import itertools
import secrets
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from limits import RateLimitItem, parse
from redis.exceptions import NoScriptError

from domain.ports import RateLimiter
from infra.cache.batch import UpdateWrites
from infra.config import Settings

KEY_PREFIX = "dramabot:limits"


def rate_item(rate: str, namespace: str, amount: int | None = None) -> RateLimitItem:
    """``rate`` ("20/minute") under ``namespace``; ``amount`` overrides how many per period."""
    item = parse(rate)
    return type(item)(
        item.amount if amount is None else amount, item.multiples, namespace=namespace
    )


class LocalWindow:
    """The ``RateLimiter`` port in this process: per key, the times of its last ``limit`` hits.

    A moving window kept as a log of at most ``limit`` times is exact: a hit
    is allowed when fewer than ``limit`` hits are in the log, or when the
    oldest of them has left the window, whose leaving is also the wait. Not
    ``limits``' in-memory storage: its expiry sweep walks every key with a
    thread hop each, on the request path, which cost a cached answer more
    than the Redis round trip it replaces. Idle keys are dropped when the
    table has doubled since the last sweep, so memory follows active users.
    """

    def __init__(self, item: RateLimitItem, now: Callable[[], float] = time.time) -> None:
        self._limit = item.amount
        self._period = float(item.get_expiry())
        self._now = now
        self._hits: dict[str, deque[float]] = {}
        self._sweep_at = SWEEP_MIN

    @property
    def period(self) -> float:
        return self._period

    async def hit(self, key: str) -> float | None:
        now = self._now()
        hits = self._hits.get(key)
        if hits is None:
            if len(self._hits) >= self._sweep_at:
                self._sweep(now)
            hits = self._hits[key] = deque(maxlen=self._limit)
        elif len(hits) == self._limit:
            wait = hits[0] + self._period - now
            if wait > 0:
                return wait
        hits.append(now)
        return None

    async def reset(self, key: str) -> None:
        self._hits.pop(key, None)

    def _sweep(self, now: float) -> None:
        edge = now - self._period
        self._hits = {k: h for k, h in self._hits.items() if h and h[-1] > edge}
        self._sweep_at = max(SWEEP_MIN, 2 * len(self._hits))


SWEEP_MIN = 10_000


# A sorted set per key, scored by time: drop what left the window, add this hit,
# count, and when the window is full answer the time of the hit whose leaving frees
# the next place. One script, so that the client packs and parses one command.
COUNT_SCRIPT = """
local key, now = KEYS[1], tonumber(ARGV[1])
local period, limit = tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - period)
redis.call('ZADD', key, now, ARGV[4])
redis.call('PEXPIRE', key, math.ceil(period * 1000) + 1000)
local count = redis.call('ZCARD', key)
if count < limit then
  return {count}
end
local edge = redis.call('ZRANGE', key, -limit, -limit, 'WITHSCORES')
return {count, edge[2]}
"""
COUNT_SHA = hashlib.sha1(COUNT_SCRIPT.encode(), usedforsecurity=False).hexdigest()


class SharedWindow:
    """One period's hits of every process, counted in Redis beside the update's other writes.

    The count is one command in the update's pipeline (``infra/cache/batch.py``),
    which ``limits``' own Redis storage cannot join.
    """

    def __init__(self, writes: UpdateWrites, item: RateLimitItem) -> None:
        self._writes = writes
        self._limit = item.amount
        self._period = float(item.get_expiry())
        self._prefix = f"{KEY_PREFIX}:shared:{item.namespace}:{item.amount}/{item.get_expiry()}"
        self._token = secrets.token_hex(4)
        self._serial = itertools.count()
        # key → when the window has room again, as Redis last told this process.
        self.full_until: dict[str, float] = {}
        self.script_loaded = False

    def key(self, key: str) -> str:
        return f"{self._prefix}:{key}"

    async def count(self, key: str, now: float) -> None:
        await self._writes.run(_Count(self, key, now))

    async def clear(self, key: str) -> None:
        self.full_until.pop(key, None)
        await self._writes.run(_Delete(self.key(key)))

    def learn(self, key: str, answer: Any) -> None:
        """What the script answered: [count] or, when the window is full, [count, edge]."""
        if isinstance(answer, NoScriptError):
            self.script_loaded = False  # Redis restarted or flushed: sent whole next time
            return
        if isinstance(answer, Exception) or not isinstance(answer, list) or len(answer) < 2:
            return
        edge = float(answer[1])
        self.full_until[key] = edge + self._period
        if len(self.full_until) > MAX_FULL:
            self._forget_expired(edge)

    def _forget_expired(self, now: float) -> None:
        for key, until in list(self.full_until.items()):
            if until <= now:
                del self.full_until[key]


MAX_FULL = 10_000


@dataclass(slots=True)
class _Count:
    window: SharedWindow
    key: str
    now: float

    def queue(self, pipe: Any) -> int:
        w = self.window
        member = f"{self.now:.6f}:{w._token}:{next(w._serial)}"
        args = (1, w.key(self.key), self.now, w._period, w._limit, member)
        if w.script_loaded:
            pipe.evalsha(COUNT_SHA, *args)
        else:
            # EVAL puts the script in Redis's cache: EVALSHA finds it from then on.
            pipe.eval(COUNT_SCRIPT, *args)
            w.script_loaded = True
        return 1

    def done(self, results: list[Any]) -> None:
        self.window.learn(self.key, results[0])

    def failed(self) -> None:
        """Redis missed this hit: this process's own count still holds the limit."""


@dataclass(slots=True)
class _Delete:
    name: str

    def queue(self, pipe: Any) -> int:
        pipe.delete(self.name)
        return 1

    def done(self, results: list[Any]) -> None:
        pass

    def failed(self) -> None:
        pass


class LocalFirstLimiter:
    """The limit counted in process, and across processes in Redis without a wait for it.

    A request is allowed on this process's own moving window (exact, no round
    trip) unless Redis said, at an earlier request, that the window of all
    processes together is full. The hit is then added to Redis's count in the
    update's one batch. With one process that is exactly the limit; with
    several, a process learns that a user has used their allowance elsewhere
    at its next request from them, so the limit can be passed by one request
    per other process (by at most one period's allowance each, when a burst
    reaches a process before its first count comes back). While Redis is
    down the process's own window keeps the limit, as before.
    """

    def __init__(self, local: LocalWindow, shared: SharedWindow, now: Callable[[], float]) -> None:
        self.local = local
        self.shared = shared
        self._now = now

    async def hit(self, key: str) -> float | None:
        now = self._now()
        until = self.shared.full_until.get(key)
        if until is not None:
            if until > now:
                return until - now
            del self.shared.full_until[key]
        wait = await self.local.hit(key)
        if wait is None:
            await self.shared.count(key, now)
        return wait

    async def reset(self, key: str) -> None:
        await self.local.reset(key)
        await self.shared.clear(key)


@dataclass(frozen=True, slots=True)
class RateLimiters:
    """Builds every limiter of the bot: in memory, and shared through Redis when configured."""

    now: Callable[[], float]
    writes: UpdateWrites | None = None

    def __call__(self, rate: str, namespace: str, amount: int | None = None) -> RateLimiter:
        item = rate_item(rate, namespace, amount)
        local = LocalWindow(item, self.now)
        if self.writes is None:
            return local
        return LocalFirstLimiter(local, SharedWindow(self.writes, item), self.now)


def open_rate_limiters(
    settings: Settings, writes: UpdateWrites | None, now: Callable[[], float]
) -> RateLimiters:
    """Shared through the cache's Redis when ``REDIS_URL`` is set (``writes`` given)."""
    return RateLimiters(now, writes if settings.redis_url is not None else None)
