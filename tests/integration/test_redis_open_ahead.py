"""Start-up opens the cache's Redis connections, so the first burst does not; a bad Redis
at start-up costs at most one timeout."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from redis.asyncio import Redis

from app.wiring.bootstrap import open_services
from tests.conftest import make_settings
from tests.harness.hung_redis import hung_redis

WORKERS = 12


async def connections_received(url: str) -> int:
    probe = Redis.from_url(url)
    try:
        stats = await probe.info("stats")
        return int(stats["total_connections_received"]) - 1  # less the probe's own
    finally:
        await probe.aclose()


async def test_a_burst_right_after_start_up_opens_no_connection(
    tmp_path: Path, redis_url: str
) -> None:
    settings = make_settings(tmp_path, redis_url=redis_url, bot_workers=WORKERS)
    before = await connections_received(redis_url)
    async with open_services(settings) as services:
        opened = await connections_received(redis_url) - before
        # Every worker's connection is ready (the probe's second connection adds one).
        assert opened >= WORKERS + 1

        async def cached_answer(n: int) -> bytes | None:
            async with services.cache.update():
                return await services.cache.get("details", f"mdl:not-cached-{n}")

        after_start = await connections_received(redis_url)
        await asyncio.gather(*(cached_answer(n) for n in range(WORKERS)))
        assert await connections_received(redis_url) == after_start + 1  # the probe only


async def test_a_closed_redis_port_does_not_hold_start_up(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, redis_url="redis://127.0.0.1:9/0", redis_timeout=0.2)
    started = time.perf_counter()
    async with open_services(settings) as services:
        assert time.perf_counter() - started < 2.0
        await services.cache.set("details", "k", b"kept", 60)
        assert await services.cache.get("details", "k") == b"kept"  # from memory


async def test_a_hung_redis_costs_start_up_one_timeout_and_one_connection(tmp_path: Path) -> None:
    async with hung_redis() as redis:
        settings = make_settings(tmp_path, redis_url=redis.url, redis_timeout=0.2)
        started = time.perf_counter()
        async with open_services(settings) as services:
            assert time.perf_counter() - started < 1.5
            # Not a hundred connections parked on a server that never answers...
            assert redis.connections == 1
            # ...and start-up's timeout was the outage's first failure: the first
            # update goes to memory at once instead of waiting out a timeout of its own.
            asked = time.perf_counter()
            async with services.cache.update():
                await services.cache.set("details", "k", b"kept", 60)
                assert await services.cache.get("details", "k") == b"kept"
            assert time.perf_counter() - asked < 0.1
            assert redis.connections == 1
