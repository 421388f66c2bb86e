"""One receiver and N workers sharing a real Redis: every update answered once.

Each worker is a whole wired bot with its own Telegram test client; the
receiver gets the updates from a fake Telegram that also keeps them for
``getDifference`` (tests/harness/cluster.py).
"""

from __future__ import annotations

import asyncio
from collections import Counter

import pytest
from redis.asyncio import Redis

from tests.fakes.imdb import FakeImdb
from tests.fakes.kuryana import FakeKuryana
from tests.harness.cluster import Cluster
from tests.harness.telegram import People, make_user

TAKE_OVER = 10.0  # seconds: a bound on a hang, never a wait


def greetings(bots: Cluster, user_id: int) -> list[str]:
    return [s.html.split("\n")[0] for s in bots.sent_to(user_id) if "Hello" in s.text]


@pytest.mark.parametrize("workers", [1, 2, 4])
async def test_every_update_is_answered_exactly_once(
    bots: Cluster, imdb: FakeImdb, workers: int
) -> None:
    for _ in range(workers):
        await bots.add_worker()
    receiver = await bots.add_receiver()
    await asyncio.wait_for(receiver.receiver.took_over.wait(), TAKE_OVER)

    users = [make_user(7000 + i, f"User{i}") for i in range(5)]
    for round_ in range(8):
        for user in users:
            await bots.telegram.send_text(user, "/start")
        if round_ == 3:
            await bots.telegram.inline(users[0], "")
    await bots.settle(41)

    for user in users:
        assert greetings(bots, user.id) == [f"👋 Hello, <b>{user.first_name}</b>!"] * 8
    identities = [identity for _, identity in bots.handled]
    assert len(identities) == 41 and len(set(identities)) == 41
    assert bots.outcomes["duplicate"] == 0
    inline = [a for w in bots.workers for a in w.tg.inline_answers]
    assert len(inline) == 1  # the inline query too, by exactly one worker


async def test_a_worker_killed_mid_update_leaves_it_to_another(
    bots: Cluster, imdb: FakeImdb, kuryana: FakeKuryana, people: People
) -> None:
    first = await bots.add_worker()
    receiver = await bots.add_receiver()
    await asyncio.wait_for(receiver.receiver.took_over.wait(), TAKE_OVER)

    kuryana.hold()
    await bots.telegram.send_text(people.alice, "/mdl goblin")
    await kuryana.wait_in_flight(1)  # the first worker is in the middle of it
    await first.kill()
    kuryana.release()
    assert bots.sent_to(people.alice.id) == []

    second = await bots.add_worker()
    await bots.settle(1)  # claimed after STREAM_CLAIM_AFTER, handled by the second

    assert bots.handled == [(second.name, bots.handled[0][1])]
    assert bots.outcomes["claimed"] == 1
    replies = bots.sent_to(people.alice.id)
    assert len(replies) == 1 and "Goblin" in replies[0].text


async def test_the_receiver_dies_another_takes_over_and_the_gap_is_answered(
    bots: Cluster, imdb: FakeImdb, people: People
) -> None:
    await bots.add_worker()
    first = await bots.add_receiver()
    await asyncio.wait_for(first.receiver.took_over.wait(), TAKE_OVER)
    standby = await bots.add_receiver()
    for _ in range(3):
        await bots.telegram.send_text(people.alice, "/start")
    await bots.settle(3)

    await first.kill()  # its lock is not released: it expires after RECEIVER_LOCK_TTL
    await bots.telegram.send_text(people.alice, "/start")  # sent while nobody receives
    await bots.telegram.send_text(people.bob, "/start")
    assert not standby.receiver.took_over.is_set()

    await asyncio.wait_for(standby.receiver.took_over.wait(), TAKE_OVER)
    await bots.settle(5)

    assert bots.telegram.differences == [3]  # caught up from where the stream stood
    assert len(greetings(bots, people.alice.id)) == 4
    assert len(greetings(bots, people.bob.id)) == 1
    assert bots.outcomes["duplicate"] == 0


async def test_updates_fetched_again_after_a_failover_are_answered_once(
    bots: Cluster, imdb: FakeImdb, people: People
) -> None:
    await bots.add_worker()
    await bots.add_worker()
    first = await bots.add_receiver()
    await asyncio.wait_for(first.receiver.took_over.wait(), TAKE_OVER)
    for _ in range(3):
        await bots.telegram.send_text(people.alice, "/start")
    await bots.settle(3)
    # The state beside the stream lags behind (say its write was lost), so the next
    # receiver asks Telegram for everything again.
    await bots.redis.hset(first.receiver.stream.state_key, "pts", 1)

    await first.kill()
    standby = await bots.add_receiver()
    await asyncio.wait_for(standby.receiver.took_over.wait(), TAKE_OVER)
    await bots.settle(5)

    assert bots.telegram.differences == [1]
    assert bots.outcomes["duplicate"] == 2  # the two re-fetched, skipped
    assert len(greetings(bots, people.alice.id)) == 3


async def test_an_undecodable_entry_is_dropped_and_the_next_still_answered(
    bots: Cluster, imdb: FakeImdb, people: People, redis_url: str
) -> None:
    await bots.add_worker()
    receiver = await bots.add_receiver()
    await asyncio.wait_for(receiver.receiver.took_over.wait(), TAKE_OVER)
    await receiver.receiver.stream.append([("forged:1", b"\x00" * 7 + b"<script>")])
    await bots.telegram.send_text(people.alice, "/start")
    await bots.settle(1)
    # Both acknowledged: nothing stays pending for another worker to trip on.
    client = Redis.from_url(redis_url)
    try:
        stats = await receiver.receiver.stream.stats()
    finally:
        await client.aclose()
    assert Counter(bots.outcomes)["undecodable"] == 1
    assert stats.pending == 0 and stats.lag == 0
    assert len(greetings(bots, people.alice.id)) == 1


async def test_a_busy_worker_leaves_the_next_updates_to_the_others(
    bots: Cluster, imdb: FakeImdb, kuryana: FakeKuryana, people: People
) -> None:
    """A worker holds at most STREAM_PREFETCH updates; the rest wait in the stream."""
    workers = [await bots.add_worker(concurrency=2) for _ in range(2)]
    receiver = await bots.add_receiver()
    await asyncio.wait_for(receiver.receiver.took_over.wait(), TAKE_OVER)
    kuryana.hold()
    for title in ("goblin", "parasite", "mouse", "signal"):
        await bots.telegram.send_text(people.alice, f"/mdl {title}")
    await kuryana.wait_in_flight(4)
    await bots.telegram.send_text(people.bob, "/mdl vincenzo")
    assert receiver.receiver.queue is not None
    await receiver.receiver.queue.drain()

    stats = await receiver.receiver.stream.stats()
    assert [len(w.worker._inflight) for w in workers] == [2, 2]
    assert (stats.pending, stats.lag) == (4, 1)  # the fifth waits for a free worker
    kuryana.release()
    await bots.settle(5)
    assert len(bots.sent_to(people.alice.id)) == 4 and len(bots.sent_to(people.bob.id)) == 1
