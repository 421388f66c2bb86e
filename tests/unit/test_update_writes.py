"""An update's small writes wait for its end and leave together; lookups never wait."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

from domain.errors import CacheUnavailable
from infra.cache.batch import PipelineStep, UpdateWrites, Write
from infra.cache.memory import MemoryCache


class RecordingCache(MemoryCache):
    def __init__(self) -> None:
        super().__init__()
        self.batches: list[tuple[list[Write], int]] = []
        self.down = False

    async def write_batch(self, writes: Sequence[Write], steps: Sequence[PipelineStep]) -> None:
        if self.down:
            raise CacheUnavailable("redis batch failed: ConnectionError")
        self.batches.append((list(writes), len(steps)))
        await super().write_batch(writes, steps)


class Step:
    def __init__(self) -> None:
        self.outcome = ""

    def queue(self, pipe: Any) -> int:
        return 0

    def done(self, results: list[Any]) -> None:
        self.outcome = "done"

    def failed(self) -> None:
        self.outcome = "failed"


async def test_session_writes_wait_for_the_end_and_are_read_back_meanwhile() -> None:
    inner = RecordingCache()
    cache = UpdateWrites(inner)
    async with cache.update():
        await cache.set("session", "ab", b"1", 60)
        await cache.set_many("session", [("ab/1/2", b"1"), ("cd", b"2")], 60)
        await cache.set("recent", "7:mdl", b"goblin", 60)
        assert await cache.get("session", "ab") == b"1"  # this update sees its own write
        assert await inner.get("session", "ab") is None  # nobody else has it yet
        assert inner.batches == []
    assert len(inner.batches) == 1
    assert {(w.namespace, w.key) for w in inner.batches[0][0]} == {
        ("session", "ab"),
        ("session", "ab/1/2"),
        ("session", "cd"),
        ("recent", "7:mdl"),
    }
    assert await inner.get("session", "cd") == b"2"


async def test_lookup_results_are_written_at_once_for_other_updates_to_read() -> None:
    inner = RecordingCache()
    cache = UpdateWrites(inner)
    async with cache.update():
        await cache.set("mdl:search", "goblin", b"hits", 60)
        assert await inner.get("mdl:search", "goblin") == b"hits"
    assert inner.batches == []  # nothing was waiting


async def test_outside_an_update_everything_goes_straight_through() -> None:
    inner = RecordingCache()
    cache = UpdateWrites(inner)
    await cache.set("session", "ab", b"1", 60)
    assert await inner.get("session", "ab") == b"1"
    step = Step()
    await cache.run(step)
    assert step.outcome == "failed"  # memory has no Redis to run it on
    assert len(inner.batches) == 1


async def test_a_deleted_key_is_not_written_later() -> None:
    inner = RecordingCache()
    cache = UpdateWrites(inner)
    async with cache.update():
        await cache.set("session", "ab", b"1", 60)
        await cache.delete("session", "ab")
    assert await inner.get("session", "ab") is None and inner.batches == []


async def test_a_failed_batch_tells_its_steps_and_the_update_still_ends() -> None:
    inner = RecordingCache()
    inner.down = True
    cache = UpdateWrites(inner)
    step = Step()
    async with cache.update():
        await cache.set("session", "ab", b"1", 60)
        await cache.run(step)
    assert step.outcome == "failed"


async def test_updates_in_flight_together_keep_their_writes_apart() -> None:
    inner = RecordingCache()
    cache = UpdateWrites(inner)

    async def one(key: str) -> bytes | None:
        async with cache.update():
            await cache.set("session", key, key.encode(), 60)
            await asyncio.sleep(0)
            other = "b" if key == "a" else "a"
            return await cache.get("session", other)

    # "a" cannot see what "b" has not sent yet; "b", reading after "a" ended, can.
    assert await asyncio.gather(one("a"), one("b")) == [None, b"a"]
    assert len(inner.batches) == 2
