"""The update stream on a real Redis: claiming, dedupe, acknowledgement, stats."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis

from infra.streams.updates import UpdateStream

CLAIM_AFTER = 0.05  # seconds


@pytest.fixture
async def redis(redis_url: str) -> AsyncIterator[Redis]:
    client = Redis.from_url(redis_url)
    try:
        yield client
    finally:
        await client.aclose()


def stream(redis: Redis, claim_after: float = 3600.0) -> UpdateStream:
    return UpdateStream(redis, maxlen=1000, claim_after=claim_after, dedupe_ttl=60)


async def idle(redis: Redis, s: UpdateStream, consumer: str, entry_id: str) -> None:
    """Make an entry look abandoned: its idle time set past STREAM_CLAIM_AFTER."""
    await redis.xclaim(s.key, s.group, consumer, 0, [entry_id], idle=10_000, justid=True)


async def test_an_entry_finished_before_its_ack_was_lost_is_skipped_when_claimed(
    redis: Redis,
) -> None:
    s = stream(redis, CLAIM_AFTER)
    await s.setup()
    await s.append([("msg:u1:5:0", b"tl")])
    [entry] = await s.read("a", 10, None)
    assert await s.begin(entry)
    # "a" handled it and marked it done, then died before its XACK reached Redis.
    await redis.set(f"{s.key}:seen:msg:u1:5:0", "done")
    await idle(redis, s, "a", entry.id)

    [claimed] = await s.read("b", 10, None)
    assert claimed.id == entry.id and claimed.claimed
    assert not await s.begin(claimed)  # handled at most once
    await s.skip(claimed)
    assert (await s.stats()).pending == 0
    assert s.claims == 1 and s.duplicates == 1


async def test_an_entry_whose_worker_died_mid_update_is_taken_over_once(redis: Redis) -> None:
    s = stream(redis, CLAIM_AFTER)
    await s.setup()
    await s.append([("cb:9", b"tl")])
    [entry] = await s.read("a", 10, None)
    assert await s.begin(entry)
    await idle(redis, s, "a", entry.id)  # "a" died without finishing

    [claimed] = await s.read("b", 10, None)
    assert await s.begin(claimed)  # its own mark: the update runs again, on "b"
    await s.finish([claimed])
    assert await s.read("c", 10, 0.01) == []  # acknowledged: nobody else gets it
    assert (await s.stats()).pending == 0


async def test_a_second_copy_of_an_update_is_skipped_while_or_after_the_first_runs(
    redis: Redis,
) -> None:
    s = stream(redis)
    await s.setup()
    await s.append([("iq:1", b"one"), ("iq:1", b"again"), ("iq:2", b"other")])
    first, copy, other = await s.read("a", 10, None)
    assert await s.begin(first)
    assert not await s.begin(copy)  # the first is still running
    assert await s.begin(other)
    await s.finish([first])
    await s.append([("iq:1", b"late")])
    [late] = await s.read("a", 10, None)
    assert not await s.begin(late)  # finished: remembered until STREAM_DEDUPE_TTL
    ttl = await redis.pttl(f"{s.key}:seen:iq:1")
    assert 0 < ttl <= 60_000


async def test_a_live_worker_keeps_its_entries_from_being_claimed(redis: Redis) -> None:
    s = stream(redis, CLAIM_AFTER)
    await s.setup()
    await s.append([("msg:u1:1:0", b"tl")])
    [entry] = await s.read("a", 10, None)
    await idle(redis, s, "a", entry.id)
    await s.touch("a", [entry.id])  # still handling it
    assert await s.read("b", 10, 0.01) == []


async def test_stats_count_length_pending_and_lag_and_the_stream_is_capped(
    redis: Redis,
) -> None:
    s = UpdateStream(redis, maxlen=100, claim_after=60, dedupe_ttl=60)
    await s.setup()
    await s.setup()  # idempotent: a second process starting does not fail
    await s.append([(f"x:{i}", b"tl") for i in range(5)], {"pts": 7, "date": 1})
    taken = await s.read("a", 2, None)
    stats = await s.stats()
    assert (stats.length, stats.pending, stats.lag) == (5, 2, 3)
    assert await s.state() == {"pts": 7, "date": 1}
    await s.finish(taken)
    assert (await s.stats()).pending == 0

    await s.append([(f"y:{i}", b"tl") for i in range(1000)])
    assert await redis.xlen(s.key) < 400  # MAXLEN ~ 100 trims as it goes
