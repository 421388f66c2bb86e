"""Redis clients that wait briefly for a free connection, and never for long on Redis.

redis-py's default pool raises "Too many connections" the moment it is
exhausted; with hundreds of handlers in flight that happened under a burst,
and the cache took it for an outage. A blocking pool makes a busy moment
wait briefly (back-pressure); only a real failure raises.

A Redis that accepts connections and never answers (paused, or a network
that drops packets) must cost a lookup a fraction of a second: every caller
puts one ``asyncio.timeout`` around each call (``REDIS_TIMEOUT`` on an
update's path), which bounds pool wait, retry and read together. The pool
sets no socket timeout of its own on purpose: with one, redis-py wraps every
command's send in ``asyncio.wait_for``, a task per command on Python 3.11,
which was the largest single cost of a cached answer after Kurigram.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from redis.asyncio import BlockingConnectionPool, Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import RedisError

OPEN_AHEAD_WAIT = 2.0  # seconds start-up may spend opening connections ahead
POOL_WAIT = 2.0  # seconds a command may wait for a connection, outside a hot path
DEFAULT_TIMEOUT = 0.25  # seconds; REDIS_TIMEOUT
T = TypeVar("T")


def redis_client(url: str, max_connections: int, timeout: float = DEFAULT_TIMEOUT) -> Redis:
    pool = BlockingConnectionPool.from_url(
        url,
        max_connections=max_connections,
        timeout=POOL_WAIT,
        # None, not redis-py 8's default of 5 s: see the module docstring.
        socket_timeout=None,
        socket_connect_timeout=timeout,
        health_check_interval=30,
        # One quick retry, for a connection Redis closed while it sat in the pool.
        retry=Retry(NoBackoff(), 1),
    )
    return Redis(connection_pool=pool)


async def open_ahead(redis: Redis, count: int, first_wait: float) -> int:
    """Open ``count`` of the pool's connections now; how many are open afterwards.

    redis-py connects lazily, so the first burst after a start paid for up to
    ``max_connections`` connects and handshakes at once, on a loop already
    busy with the burst (measured: 65 connects during the first 300 cached
    answers, which ran at 0.17 of the echo ceiling instead of 0.22). Best
    effort: the first connection gets ``first_wait`` (a Redis down or hung
    at start-up costs no more, and the cache finds the outage on its first
    command as it would have anyway), the rest ``OPEN_AHEAD_WAIT``.
    """
    pool = redis.connection_pool
    taken: list[Any] = []

    async def take() -> None:
        taken.append(await pool.get_connection())

    try:
        async with asyncio.timeout(first_wait):
            await take()
        async with asyncio.timeout(OPEN_AHEAD_WAIT):
            await asyncio.gather(*(take() for _ in range(count - 1)), return_exceptions=True)
    except (TimeoutError, RedisError, OSError):
        pass
    finally:
        for connection in taken:
            await pool.release(connection)
    return len(taken)


# A timeout that fired this late was held up by our own event loop (a burst keeps
# every callback waiting), not by Redis: an idle loop runs timers within a few ms.
BUSY_LATENESS = 0.05  # seconds
BUSY_RETRY = 4  # the second attempt, after a busy timeout, may take this many timeouts


async def bounded(op: Callable[[], Awaitable[T]], seconds: float) -> T:
    """``op()`` within ``seconds``; raises ``TimeoutError`` when Redis did not answer.

    When the timeout itself ran late, this process was too busy to read the
    answer in time (a saturated loop, every connection of the pool taken), and
    calling Redis down for that would send a healthy cache to memory under
    load; so the call is tried once more, with ``BUSY_RETRY`` times the time.
    """
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout(seconds) as deadline:
            return await op()
    except TimeoutError:
        when = deadline.when()
        if when is None or loop.time() - when < BUSY_LATENESS:
            raise
    async with asyncio.timeout(seconds * BUSY_RETRY):
        return await op()
