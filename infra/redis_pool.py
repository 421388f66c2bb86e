"""Redis clients that wait for a free connection instead of failing.

redis-py's default pool raises "Too many connections" the moment it is
exhausted; with hundreds of handlers in flight that happened under a burst,
and the cache took it for an outage. A blocking pool makes a busy moment
wait briefly (back-pressure); only a real failure raises.
"""

from __future__ import annotations

from redis.asyncio import BlockingConnectionPool, Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff

POOL_WAIT = 2.0  # seconds a command may wait for a connection


def redis_client(url: str, max_connections: int) -> Redis:
    pool = BlockingConnectionPool.from_url(
        url,
        max_connections=max_connections,
        timeout=POOL_WAIT,
        socket_timeout=1.0,
        socket_connect_timeout=1.0,
        health_check_interval=30,
        # One quick retry: a Redis that is down must cost a lookup milliseconds, not seconds.
        retry=Retry(NoBackoff(), 1),
    )
    return Redis(connection_pool=pool)
