from __future__ import annotations

import asyncio

import pytest

from domain.breaker import BreakerState, CircuitBreaker
from domain.errors import InvalidInput, NotFound, UpstreamUnavailable


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Upstream:
    """Counts calls and answers with whatever the test queued."""

    def __init__(self) -> None:
        self.calls = 0
        self.error: BaseException | None = None

    async def __call__(self) -> str:
        self.calls += 1
        if self.error is not None:
            raise self.error
        return "ok"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def breaker(clock: FakeClock) -> CircuitBreaker:
    return CircuitBreaker("kuryana", failure_threshold=3, reset_after=30.0, clock=clock)


async def fail(breaker: CircuitBreaker, upstream: Upstream, times: int) -> None:
    upstream.error = UpstreamUnavailable("kuryana", "HTTP 500")
    for _ in range(times):
        with pytest.raises(UpstreamUnavailable):
            await breaker.call(upstream)


async def test_stays_closed_below_the_threshold(breaker: CircuitBreaker) -> None:
    upstream = Upstream()
    await fail(breaker, upstream, 2)
    assert breaker.state is BreakerState.CLOSED
    upstream.error = None
    assert await breaker.call(upstream) == "ok"
    await fail(breaker, upstream, 2)  # the success reset the count
    assert breaker.state is BreakerState.CLOSED


async def test_opens_at_the_threshold_and_fails_fast(breaker: CircuitBreaker) -> None:
    upstream = Upstream()
    await fail(breaker, upstream, 3)
    assert breaker.state is BreakerState.OPEN
    upstream.error = None
    with pytest.raises(UpstreamUnavailable) as caught:
        await breaker.call(upstream)
    assert caught.value.reason == "circuit open"
    assert upstream.calls == 3  # the open breaker did not call through
    assert breaker.retry_in == 30.0


async def test_half_open_after_cool_down_lets_exactly_one_probe(
    breaker: CircuitBreaker, clock: FakeClock
) -> None:
    upstream = Upstream()
    await fail(breaker, upstream, 3)
    clock.now += 29.9
    assert breaker.state is BreakerState.OPEN
    clock.now += 0.1
    assert breaker.state is BreakerState.HALF_OPEN
    assert breaker.retry_in == 0.0

    started, gate = asyncio.Event(), asyncio.Event()

    async def slow_probe() -> str:
        started.set()
        await gate.wait()
        return "probed"

    probe = asyncio.create_task(breaker.call(slow_probe))
    await started.wait()  # the probe holds its slot
    with pytest.raises(UpstreamUnavailable):
        await breaker.call(upstream)  # a second caller during the probe fails fast
    assert upstream.calls == 3
    gate.set()
    assert await probe == "probed"
    assert breaker.state is BreakerState.CLOSED


async def test_successful_probe_closes(breaker: CircuitBreaker, clock: FakeClock) -> None:
    upstream = Upstream()
    await fail(breaker, upstream, 3)
    clock.now += 30
    upstream.error = None
    assert await breaker.call(upstream) == "ok"
    assert breaker.state is BreakerState.CLOSED
    await fail(breaker, upstream, 2)
    assert breaker.state is BreakerState.CLOSED  # the count starts again from zero


async def test_failed_probe_reopens_for_another_cool_down(
    breaker: CircuitBreaker, clock: FakeClock
) -> None:
    upstream = Upstream()
    await fail(breaker, upstream, 3)
    clock.now += 30
    await fail(breaker, upstream, 1)
    assert breaker.state is BreakerState.OPEN
    assert breaker.retry_in == 30.0
    clock.now += 30
    assert breaker.state is BreakerState.HALF_OPEN


@pytest.mark.parametrize("answer", [NotFound("no such title"), InvalidInput("bad", "hint")])
async def test_an_answer_counts_as_healthy(
    breaker: CircuitBreaker, clock: FakeClock, answer: Exception
) -> None:
    upstream = Upstream()
    await fail(breaker, upstream, 2)
    upstream.error = answer
    with pytest.raises(type(answer)):
        await breaker.call(upstream)
    await fail(breaker, upstream, 2)
    assert breaker.state is BreakerState.CLOSED  # NotFound reset the failure count

    await fail(breaker, upstream, 1)
    clock.now += 30
    upstream.error = answer
    with pytest.raises(type(answer)):
        await breaker.call(upstream)  # the probe got an answer
    assert breaker.state is BreakerState.CLOSED


async def test_cancelled_probe_frees_the_probe_slot(
    breaker: CircuitBreaker, clock: FakeClock
) -> None:
    upstream = Upstream()
    await fail(breaker, upstream, 3)
    clock.now += 30
    upstream.error = asyncio.CancelledError()
    with pytest.raises(asyncio.CancelledError):
        await breaker.call(upstream)
    assert breaker.state is BreakerState.HALF_OPEN
    upstream.error = None
    assert await breaker.call(upstream) == "ok"  # a new probe is allowed


async def test_unexpected_errors_do_not_count(breaker: CircuitBreaker) -> None:
    upstream = Upstream()
    upstream.error = RuntimeError("bug")
    for _ in range(5):
        with pytest.raises(RuntimeError):
            await breaker.call(upstream)
    assert breaker.state is BreakerState.CLOSED
