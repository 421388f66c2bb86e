"""A Redis call's deadline: Redis silent means down; this process too busy to listen does not."""

from __future__ import annotations

import asyncio
import time

import pytest

from infra.redis_pool import bounded


async def test_a_silent_redis_times_out_once_on_an_idle_loop() -> None:
    attempts = 0

    async def silent() -> None:
        nonlocal attempts
        attempts += 1
        await asyncio.Event().wait()  # accepts, never answers

    with pytest.raises(TimeoutError):
        await bounded(silent, 0.05)
    assert attempts == 1  # the timer ran on time: that was Redis, no second try


async def test_a_deadline_missed_because_the_loop_was_blocked_gets_a_second_try() -> None:
    attempts = 0

    async def answered_late() -> str:
        nonlocal attempts
        attempts += 1
        await asyncio.sleep(0)
        if attempts == 1:
            time.sleep(0.2)  # noqa: ASYNC251 - the point: a burst holds the loop past the deadline
            await asyncio.sleep(0.01)  # the answer, read a moment later
        return "OK"

    assert await bounded(answered_late, 0.05) == "OK"
    assert attempts == 2
