"""The bot's send budget in Redis, shared by every process (the ``SendBudget`` port).

Telegram allows a bot about 30 messages a second in all and about one a second
per chat, whichever process sends them. One Lua call reserves the next slot
against both the bot's pace and the chat's, so two processes together never
exceed either; a FloodWait seen by one process moves the bot's next slot past
the wait, so every process honours it.

Times are the caller's (epoch seconds from its clock). When Redis fails or is
silent, this process paces itself alone (``Pacer``) until Redis answers again:
one process's share of the rate is never more than the whole.
"""

from __future__ import annotations

import asyncio

import structlog
from redis.asyncio import Redis
from redis.exceptions import RedisError

from domain.pacing import Pacer

log = structlog.get_logger("infra.send_budget")

KEY = "dramabot:send"
PER_CHAT = 1.0  # seconds between two messages to one chat
TIMEOUT = 1.0  # seconds a reservation may wait for Redis

# KEYS[1] the bot's next free time, KEYS[2] the chat's (or "" for none);
# ARGV now, bot interval, chat interval, key lifetime in ms.  Returns the wait, as text.
_RESERVE = """
local now = tonumber(ARGV[1])
local at = math.max(now, tonumber(redis.call('get', KEYS[1]) or '0'))
if KEYS[2] ~= '' then
    at = math.max(at, tonumber(redis.call('get', KEYS[2]) or '0'))
    redis.call('set', KEYS[2], tostring(at + tonumber(ARGV[3])), 'PX', ARGV[4])
end
redis.call('set', KEYS[1], tostring(at + tonumber(ARGV[2])), 'PX', ARGV[4])
return tostring(at - now)
"""
# KEYS[1] the bot's next free time; ARGV the time the pause ends, key lifetime in ms.
_PAUSE = """
local current = tonumber(redis.call('get', KEYS[1]) or '0')
if tonumber(ARGV[1]) > current then
    redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2])
end
return 1
"""


class RedisSendBudget:
    def __init__(
        self,
        redis: Redis,
        rate: float,
        per_chat: float = PER_CHAT,
        key: str = KEY,
        timeout: float = TIMEOUT,
    ) -> None:
        self._redis = redis
        self._interval = 1.0 / rate
        self._per_chat = per_chat
        self._key = key
        self._timeout = timeout
        self._reserve = redis.register_script(_RESERVE)
        self._pause = redis.register_script(_PAUSE)
        self._alone = Pacer(rate)  # while Redis is unreachable
        self.degraded = False

    def _lifetime_ms(self, seconds: float) -> int:
        # Long enough to outlive every slot reserved; short enough to clean up after itself.
        return max(1000, int((seconds + 60) * 1000))

    async def reserve(self, now: float, chat_id: int | None = None) -> float:
        chat_key = f"{self._key}:chat:{chat_id}" if chat_id is not None else ""
        try:
            async with asyncio.timeout(self._timeout):
                wait = await self._reserve(
                    keys=[f"{self._key}:next", chat_key],
                    args=[repr(now), repr(self._interval), repr(self._per_chat), 3_600_000],
                )
        except (RedisError, OSError, TimeoutError) as exc:
            if not self.degraded:
                log.warning("send_budget_alone", error=type(exc).__name__)
            self.degraded = True
            return self._alone.wait(now)
        self.degraded = False
        return max(0.0, float(wait))

    async def pause(self, now: float, seconds: float) -> None:
        self._alone.pause(now, seconds)
        try:
            async with asyncio.timeout(self._timeout):
                await self._pause(
                    keys=[f"{self._key}:next"],
                    args=[repr(now + seconds), self._lifetime_ms(seconds)],
                )
        except (RedisError, OSError, TimeoutError) as exc:
            log.warning("send_budget_pause_not_shared", error=type(exc).__name__)
