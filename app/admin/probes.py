"""Live probes of the upstreams for the owner's /health.

Kept apart from ``Services.health_checks`` on purpose: those decide readiness,
and the bot stays useful (cached and stale answers) while an upstream is down.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping

import aiohttp

from infra.config import display_host

Probe = Callable[[], Awaitable[None]]
PROBE_TIMEOUT = 3.0
IMDB_URL = "https://www.imdb.com/"


def http_probe(http: aiohttp.ClientSession, url: str) -> Probe:
    """Up when the server answers at all below 500: reachability and latency, not content."""

    async def probe() -> None:
        timeout = aiohttp.ClientTimeout(total=PROBE_TIMEOUT)
        async with http.head(url, timeout=timeout, allow_redirects=False) as response:
            if response.status >= 500:
                raise ConnectionError(f"HTTP {response.status}")

    return probe


def upstream_probes(http: aiohttp.ClientSession | None, mdl_urls: list[str]) -> dict[str, Probe]:
    if http is None:
        return {}
    # Named by host alone: a URL's user:password@ must not reach the owner's chat.
    probes = {f"MyDramaList ({display_host(u)})": http_probe(http, u) for u in mdl_urls}
    probes["IMDb"] = http_probe(http, IMDB_URL)
    return probes


async def run_probes(probes: Mapping[str, Probe]) -> dict[str, dict[str, object]]:
    """Every probe at once, each bounded; the same shape as ``check_dependencies``."""

    async def one(name: str, probe: Probe) -> tuple[str, dict[str, object]]:
        started = time.perf_counter()
        try:
            await asyncio.wait_for(probe(), PROBE_TIMEOUT)
        except Exception as exc:  # any failure means "down"; the type says why
            state: dict[str, object] = {"ok": False, "error": type(exc).__name__}
        else:
            state = {"ok": True}
        state["latency_ms"] = round((time.perf_counter() - started) * 1000, 1)
        return name, state

    return dict(await asyncio.gather(*(one(n, p) for n, p in probes.items())))
