"""Redis clients that wait briefly for a free connection, and never for long on Redis.

redis-py's default pool raises "Too many connections" the moment it is
exhausted; with hundreds of handlers in flight that happened under a burst,
and the cache took it for an outage. A blocking pool makes a busy moment
wait briefly (back-pressure); only a real failure raises.

A Redis that accepts connections and never answers (paused, or a network
that drops packets) must cost a lookup a fraction of a second, not the
seconds a socket timeout and a retry add up to: callers on the hot path put
one ``asyncio.timeout`` of ``timeout`` around each call, which bounds pool
wait, retries and reads together.
"""

from __future__ import annotations

from redis.asyncio import BlockingConnectionPool, Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff

POOL_WAIT = 2.0  # seconds a command may wait for a connection, outside a hot path
DEFAULT_TIMEOUT = 0.25  # seconds; REDIS_TIMEOUT


def redis_client(url: str, max_connections: int, timeout: float = DEFAULT_TIMEOUT) -> Redis:
    pool = BlockingConnectionPool.from_url(
        url,
        max_connections=max_connections,
        timeout=POOL_WAIT,
        # Backstops for calls made without an outer timeout (e.g. the leader lock).
        socket_timeout=timeout,
        socket_connect_timeout=timeout,
        health_check_interval=30,
        # One quick retry, for a connection Redis closed while it sat in the pool.
        retry=Retry(NoBackoff(), 1),
    )
    return Redis(connection_pool=pool)
