"""The update stream: a capped Redis Stream read by one consumer group of workers.

The receiver appends each update (``XADD ... MAXLEN ~``) with its identity;
workers read with ``XREADGROUP`` and acknowledge with ``XACK`` once handled.
Entries a worker took and stopped touching for ``claim_after`` seconds (it
died) are taken over by another worker with ``XAUTOCLAIM``; a live worker
keeps its in-flight entries fresh with ``touch`` (``XCLAIM`` to itself), so a
slow update is never taken from a worker still handling it.

At most once: before handling, a worker marks the update's identity
(``begin``, one Lua call). A mark that exists means a copy of this update (the
receiver re-fetched it after a failover, or another worker has it) is or was
handled, and the entry is skipped; only the entry that made the mark may take
it over, and only when it came back through a claim (its worker died). Marks
expire after ``dedupe_ttl``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import ResponseError

KEY = "dramabot:updates"
GROUP = "workers"

# KEYS[1] mark; ARGV: entry id, claimed (0/1), ttl ms.  1 = handle it, 0 = skip it.
_BEGIN = """
local mark = redis.call('get', KEYS[1])
if not mark then
    redis.call('set', KEYS[1], 'busy ' .. ARGV[1], 'PX', ARGV[3])
    return 1
end
if ARGV[2] == '1' and mark == 'busy ' .. ARGV[1] then
    return 1
end
return 0
"""


@dataclass(frozen=True, slots=True)
class Entry:
    id: str
    identity: str
    payload: bytes
    claimed: bool = False  # taken over from a worker that stopped touching it


@dataclass(frozen=True, slots=True)
class StreamStats:
    length: int
    pending: int  # taken by a worker, not yet acknowledged
    lag: int  # appended, not yet taken by any worker


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


def _entries(raw: Any, claimed: bool) -> list[Entry]:
    found = []
    for entry_id, fields in raw:
        if not fields:  # trimmed away while pending: nothing left to handle
            continue
        identity = fields.get(b"id", b"")
        found.append(Entry(_text(entry_id), _text(identity), fields.get(b"tl", b""), claimed))
    return found


class UpdateStream:
    def __init__(
        self,
        redis: Redis,
        maxlen: int,
        claim_after: float,
        dedupe_ttl: float,
        key: str = KEY,
        group: str = GROUP,
    ) -> None:
        self._redis = redis
        self.key = key
        self.group = group
        self._maxlen = maxlen
        self.claim_after_ms = max(1, int(claim_after * 1000))
        self._ttl_ms = max(1, int(dedupe_ttl * 1000))
        self._begin = redis.register_script(_BEGIN)
        self.claims = 0  # entries this process took over from another worker
        self.duplicates = 0  # entries skipped: their update was already handled

    def _mark(self, identity: str) -> str:
        return f"{self.key}:seen:{identity}"

    @property
    def state_key(self) -> str:
        return f"{self.key}:state"

    async def setup(self) -> None:
        """Create the stream and the group (idempotent); a new group reads from the start."""
        try:
            await self._redis.xgroup_create(self.key, self.group, id="0", mkstream=True)
        except ResponseError as exc:
            if "BUSYGROUP" not in str(exc):
                raise

    async def append(
        self, items: list[tuple[str, bytes]], state: Mapping[str, int] | None = None
    ) -> list[str]:
        """Append ``(identity, payload)`` items in order, and the update state they reach."""
        async with self._redis.pipeline(transaction=True) as pipe:
            for identity, payload in items:
                pipe.xadd(
                    self.key, {"id": identity, "tl": payload}, maxlen=self._maxlen, approximate=True
                )
            if state:
                fields: dict[Any, Any] = dict(state)
                pipe.hset(self.state_key, mapping=fields)
            results = await pipe.execute()
        return [_text(r) for r in results[: len(items)]]

    async def state(self) -> dict[str, int]:
        """The update state (pts, qts, date) the last receiver had streamed up to."""
        raw = await self._redis.hgetall(self.state_key)
        return {_text(k): int(v) for k, v in raw.items()}

    async def read(self, consumer: str, count: int, block: float | None) -> list[Entry]:
        """Entries abandoned by a dead worker first, else new ones (waiting up to ``block`` s)."""
        claimed = await self._redis.xautoclaim(
            self.key, self.group, consumer, self.claim_after_ms, "0-0", count=count
        )
        taken = _entries(claimed[1], claimed=True)
        if taken:
            self.claims += len(taken)
            return taken
        block_ms = None if block is None else max(1, int(block * 1000))
        answer = await self._redis.xreadgroup(
            self.group, consumer, {self.key: ">"}, count=count, block=block_ms
        )
        if not answer:
            return []
        if isinstance(answer, dict):  # RESP3
            return _entries(next(iter(answer.values()))[0], claimed=False)
        return _entries(answer[0][1], claimed=False)

    async def begin(self, entry: Entry) -> bool:
        """True: handle it now. False: a copy is or was handled; ``skip`` it."""
        first = await self._begin(
            keys=[self._mark(entry.identity)],
            args=[entry.id, "1" if entry.claimed else "0", self._ttl_ms],
        )
        if not first:
            self.duplicates += 1
        return bool(first)

    async def finish(self, entries: list[Entry]) -> None:
        """Handled: remember each as done and acknowledge it (one round trip)."""
        if not entries:
            return
        async with self._redis.pipeline(transaction=False) as pipe:
            for entry in entries:
                pipe.set(self._mark(entry.identity), "done", px=self._ttl_ms)
            pipe.xack(self.key, self.group, *(entry.id for entry in entries))
            await pipe.execute()

    async def skip(self, entry: Entry) -> None:
        await self._redis.xack(self.key, self.group, entry.id)

    async def touch(self, consumer: str, ids: list[str]) -> None:
        """Reset the idle time of entries still being handled, so nobody claims them."""
        if ids:
            await self._redis.xclaim(self.key, self.group, consumer, 0, list[Any](ids), justid=True)

    async def stats(self) -> StreamStats:
        length = await self._redis.xlen(self.key)
        pending = lag = 0
        for group in await self._redis.xinfo_groups(self.key):
            name = _text(group.get("name", b""))
            if name == self.group:
                pending = int(group.get("pending") or 0)
                lag = int(group.get("lag") or 0)
        return StreamStats(int(length), pending, lag)
