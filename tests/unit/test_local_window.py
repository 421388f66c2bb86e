"""This process's own moving window: exact at its edge, light on memory."""

from __future__ import annotations

from infra.ratelimit import SWEEP_MIN, LocalWindow, rate_item


class Clock:
    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


async def test_allows_the_rate_then_says_how_long_to_wait() -> None:
    clock = Clock()
    limiter = LocalWindow(rate_item("3/minute", "lookup"), clock)
    assert [await limiter.hit("u") for _ in range(3)] == [None, None, None]
    clock.now += 20
    assert await limiter.hit("u") == 40  # until the first hit leaves the window
    assert limiter.period == 60


async def test_the_window_moves_no_burst_of_twice_the_limit_at_its_edge() -> None:
    clock = Clock()
    limiter = LocalWindow(rate_item("2/minute", "lookup"), clock)
    await limiter.hit("u")
    clock.now += 50
    await limiter.hit("u")
    clock.now += 11  # the first hit has left, the second has not
    assert await limiter.hit("u") is None
    assert await limiter.hit("u") is not None
    clock.now += 60
    assert [await limiter.hit("u") for _ in range(3)] == [None, None, 60.0]


async def test_refusals_are_not_counted_and_users_are_apart() -> None:
    clock = Clock()
    limiter = LocalWindow(rate_item("1/minute", "lookup"), clock)
    assert await limiter.hit("a") is None
    for _ in range(5):
        assert await limiter.hit("a") is not None
    assert await limiter.hit("b") is None
    clock.now += 60
    assert await limiter.hit("a") is None  # the refusals did not push the wait on


async def test_reset_frees_a_user_at_once() -> None:
    limiter = LocalWindow(rate_item("1/hour", "lookup"), Clock())
    await limiter.hit("u")
    await limiter.reset("u")
    assert await limiter.hit("u") is None


async def test_idle_users_are_forgotten_and_active_ones_kept() -> None:
    clock = Clock()
    limiter = LocalWindow(rate_item("1/minute", "lookup"), clock)
    for n in range(SWEEP_MIN - 1):
        await limiter.hit(f"idle{n}")
    clock.now += 30
    await limiter.hit("active")
    clock.now += 31  # the idle users' hits have left the window; "active"'s has not
    await limiter.hit("newcomer")  # the table is full: it is swept first
    assert set(limiter._hits) == {"active", "newcomer"}
    assert await limiter.hit("active") is not None  # still counted
