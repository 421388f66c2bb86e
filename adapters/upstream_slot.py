"""A bounded wait for one of an upstream's connections (kuryana) or threads (IMDb)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable

from domain.errors import UpstreamBusy


@contextlib.asynccontextmanager
async def upstream_slot(
    limit: asyncio.Semaphore, wait: float, source: str, on_busy: Callable[[], None]
) -> AsyncIterator[None]:
    """One of ``limit``'s slots, or ``UpstreamBusy`` (after ``on_busy``) when none comes
    free within ``wait`` seconds: a user is told, rather than kept waiting."""
    try:
        async with asyncio.timeout(wait):
            await limit.acquire()
    except TimeoutError:
        on_busy()
        raise UpstreamBusy(source, wait) from None
    try:
        yield
    finally:
        limit.release()
