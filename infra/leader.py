"""``LeaderLock`` implementations: Redis for several processes, memory for one.

Redis: ``SET key token NX PX ttl`` takes it; the holder renews with a
compare-and-``PEXPIRE`` and releases with a compare-and-``DEL`` (both Lua, so
a holder whose lock already expired and was taken can never extend or delete
the new holder's). A holder that dies simply stops renewing: the key expires
after ``ttl`` and another process takes over.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Callable

from redis.asyncio import Redis
from redis.exceptions import RedisError

OP_TIMEOUT = 2.0  # seconds: a lock call that Redis leaves unanswered fails, never hangs

_RENEW = """
if redis.call('get', KEYS[1]) == ARGV[1] then
    return redis.call('pexpire', KEYS[1], ARGV[2])
end
return 0
"""
_RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then
    return redis.call('del', KEYS[1])
end
return 0
"""


class RedisLeaderLock:
    def __init__(self, client: Redis, key: str, ttl: float) -> None:
        self._redis = client
        self._key = key
        self._ttl_ms = max(1, int(ttl * 1000))
        self.token = secrets.token_hex(8)

    async def acquire(self) -> bool:
        """A Redis failure or silence counts as "not held": better no scheduler than two."""
        try:
            async with asyncio.timeout(OP_TIMEOUT):
                renewed = await self._redis.eval(_RENEW, 1, self._key, self.token, self._ttl_ms)
                if renewed:
                    return True
                taken = await self._redis.set(self._key, self.token, nx=True, px=self._ttl_ms)
        except (RedisError, TimeoutError):
            return False
        return bool(taken)

    async def release(self) -> None:
        try:
            async with asyncio.timeout(OP_TIMEOUT):
                await self._redis.eval(_RELEASE, 1, self._key, self.token)
        except (RedisError, TimeoutError):
            return  # it expires on its own


class MemoryLockBoard:
    """Where in-process locks live: key → (holder token, expiry)."""

    def __init__(self) -> None:
        self.held: dict[str, tuple[str, float]] = {}


class MemoryLeaderLock:
    """One process, no Redis: the same semantics on a shared board, time from ``now``."""

    def __init__(
        self, board: MemoryLockBoard, key: str, ttl: float, now: Callable[[], float]
    ) -> None:
        self._board = board
        self._key = key
        self._ttl = ttl
        self._now = now
        self.token = secrets.token_hex(8)

    async def acquire(self) -> bool:
        now = self._now()
        holder = self._board.held.get(self._key)
        if holder is not None and holder[0] != self.token and holder[1] > now:
            return False
        self._board.held[self._key] = (self.token, now + self._ttl)
        return True

    async def release(self) -> None:
        holder = self._board.held.get(self._key)
        if holder is not None and holder[0] == self.token:
            del self._board.held[self._key]


# KEYS[1] the lock, KEYS[2] the stop flag; ARGV the flag's lifetime in ms.
_REQUEST_STOP = """
if redis.call('exists', KEYS[1]) == 1 then
    redis.call('set', KEYS[2], '1', 'PX', ARGV[1])
    return 1
end
return 0
"""


class RedisStopSignal:
    """Asks whichever process holds ``lock_key`` to stop its work (a broadcast).

    ``request`` raises the flag only while someone holds the lock (True then);
    the holder polls ``requested``, which takes the flag down as it reads it.
    """

    def __init__(self, client: Redis, lock_key: str, ttl: float) -> None:
        self._redis = client
        self._lock_key = lock_key
        self._key = f"{lock_key}:stop"
        self._ttl_ms = max(1, int(ttl * 1000))
        self._request = client.register_script(_REQUEST_STOP)

    async def clear(self) -> None:
        try:
            async with asyncio.timeout(OP_TIMEOUT):
                await self._redis.delete(self._key)
        except (RedisError, TimeoutError):
            return

    async def request(self) -> bool:
        try:
            async with asyncio.timeout(OP_TIMEOUT):
                raised = await self._request(keys=[self._lock_key, self._key], args=[self._ttl_ms])
        except (RedisError, TimeoutError):
            return False
        return bool(raised)

    async def requested(self) -> bool:
        try:
            async with asyncio.timeout(OP_TIMEOUT):
                return bool(await self._redis.getdel(self._key))
        except (RedisError, TimeoutError):
            return False
