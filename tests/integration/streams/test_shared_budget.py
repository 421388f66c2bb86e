"""Two processes, one Telegram budget: the send rate and FloodWaits are shared in Redis.

Time is virtual: every process reads one ``SettableClock``, and a sleep only
records when its send would go out (the clock moves only when a test says so),
so the figures are exact and nothing races.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from itertools import pairwise

import pytest
from redis.asyncio import Redis

from domain.pacing import Delivery, DeliveryKind, PacedSender
from infra.send_budget import RedisSendBudget
from tests.fakes.clock import SettableClock

RATE = 25.0


class Recorder:
    """A process's sleep: notes the virtual time its send goes out at."""

    def __init__(self, clock: SettableClock) -> None:
        self.clock = clock
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)

    def times(self) -> list[float]:
        base = self.clock.now().timestamp()
        return [base + wait for wait in self.waits]


@pytest.fixture
async def redis(redis_url: str) -> AsyncIterator[Redis]:
    client = Redis.from_url(redis_url)
    try:
        yield client
    finally:
        await client.aclose()


def process(redis: Redis | None, clock: SettableClock) -> tuple[PacedSender, Recorder]:
    budget = RedisSendBudget(redis, RATE) if redis is not None else None
    return PacedSender(clock, RATE, budget=budget), Recorder(clock)


def most_in_one_second(times: list[float]) -> int:
    times = sorted(times)
    return max(sum(1 for t in times if start <= t < start + 1.0) for start in times)


async def test_two_processes_together_never_exceed_the_rate(redis_url: str) -> None:
    clock = SettableClock()
    first_redis, second_redis = Redis.from_url(redis_url), Redis.from_url(redis_url)
    (a, a_sleep), (b, b_sleep) = process(first_redis, clock), process(second_redis, clock)
    for user_id in range(100):  # a burst from both at the same instant, interleaved
        await a.slot(a_sleep, 10_000 + user_id)
        await b.slot(b_sleep, 20_000 + user_id)
    await first_redis.aclose()
    await second_redis.aclose()

    together = a_sleep.times() + b_sleep.times()
    assert len(together) == 200
    assert most_in_one_second(together) <= RATE
    gaps = [y - x for x, y in pairwise(sorted(together))]
    assert min(gaps) >= 1 / RATE - 1e-6


async def test_without_the_shared_budget_two_processes_would_send_twice_the_rate() -> None:
    clock = SettableClock()
    (a, a_sleep), (b, b_sleep) = process(None, clock), process(None, clock)
    for user_id in range(100):
        await a.slot(a_sleep, user_id)
        await b.slot(b_sleep, user_id)

    assert most_in_one_second(a_sleep.times() + b_sleep.times()) >= 2 * RATE


async def test_one_chat_gets_at_most_one_message_a_second_from_all_processes(
    redis: Redis,
) -> None:
    clock = SettableClock()
    (a, a_sleep), (b, b_sleep) = process(redis, clock), process(redis, clock)
    for _ in range(3):
        await a.slot(a_sleep, 42)
        await b.slot(b_sleep, 42)

    times = sorted(a_sleep.times() + b_sleep.times())
    assert [round(y - x, 6) for x, y in pairwise(times)] == [1.0] * 5


async def test_a_flood_wait_seen_by_one_process_pauses_the_other(redis: Redis) -> None:
    clock = SettableClock()
    (a, a_sleep), (b, b_sleep) = process(redis, clock), process(redis, clock)
    answers = [Delivery(DeliveryKind.RETRY, "FloodWait", wait=7.0), Delivery(DeliveryKind.SENT)]

    async def attempt() -> Delivery:
        return answers.pop(0)

    delivered = await a.send(attempt, a_sleep)
    assert delivered.kind is DeliveryKind.SENT
    assert a_sleep.waits == [0.0, 7.0]  # its own slot, then Telegram's wait

    await b.slot(b_sleep, 99)
    assert b_sleep.waits == [pytest.approx(7.0)]  # the other process waits it out too

    clock.advance(7.0)
    await b.slot(b_sleep, 100)
    assert b_sleep.waits[-1] == pytest.approx(1 / RATE)  # then the normal pace again


async def test_with_redis_unreachable_a_process_paces_itself_alone() -> None:
    clock = SettableClock()
    nowhere = Redis.from_url("redis://127.0.0.1:9/0", socket_connect_timeout=0.2)
    budget = RedisSendBudget(nowhere, RATE, timeout=0.5)
    paced, sleep = PacedSender(clock, RATE, budget=budget), Recorder(clock)
    for user_id in range(3):
        await paced.slot(sleep, user_id)
    await nowhere.aclose()

    assert budget.degraded
    assert sleep.waits == pytest.approx([0.0, 1 / RATE, 2 / RATE])
