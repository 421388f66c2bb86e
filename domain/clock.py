"""Time: the system clock, and sleeps that a stop request cuts short."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

# Every waiting caller takes its sleep as an argument, so tests can pass one that
# moves a fake clock instead of waiting.
Sleep = Callable[[float], Awaitable[None]]


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


async def sleep_or_stop(sleep: Sleep, seconds: float, stop: asyncio.Event) -> None:
    """``sleep(seconds)``, ended at once when ``stop`` is set (or already is)."""
    sleeping = asyncio.ensure_future(sleep(seconds))
    stopping = asyncio.ensure_future(stop.wait())
    try:
        await asyncio.wait({sleeping, stopping}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in (sleeping, stopping):
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
