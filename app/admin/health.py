"""HTTP side port: /health (liveness), /health/ready (dependencies), /metrics."""

from __future__ import annotations

import asyncio
import time

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST

from app.wiring.context import Services

CHECK_TIMEOUT = 3.0
SERVICES_KEY = web.AppKey("services", Services)


async def check_dependencies(services: Services) -> dict[str, dict[str, object]]:
    """Run every registered check concurrently, each bounded by a timeout."""

    async def one(check_name: str) -> tuple[str, dict[str, object]]:
        started = time.perf_counter()
        try:
            await asyncio.wait_for(services.health_checks[check_name](), CHECK_TIMEOUT)
        except Exception as exc:  # any failure means "down"; the type says why
            state: dict[str, object] = {"ok": False, "error": type(exc).__name__}
        else:
            state = {"ok": True}
        state["latency_ms"] = round((time.perf_counter() - started) * 1000, 1)
        services.metrics.up.labels(check_name).set(1 if state["ok"] else 0)
        return check_name, state

    results = await asyncio.gather(*(one(name) for name in services.health_checks))
    return dict(results)


async def stream_state(services: Services) -> dict[str, object] | None:
    """The update stream as this process sees it (None in one process), gauges refreshed."""
    stream = services.stream
    if stream is None:
        return None
    state: dict[str, object] = {}
    if services.receiving is not None:
        holding = services.receiving()
        state["receiving"] = holding
        services.metrics.receiver_holding.set(1 if holding else 0)
    try:
        stats = await asyncio.wait_for(stream.stats(), CHECK_TIMEOUT)
    except Exception as exc:  # Redis down or silent: say so, stay live
        state["error"] = type(exc).__name__
        return state
    metrics = services.metrics
    metrics.stream_length.set(stats.length)
    metrics.stream_pending.set(stats.pending)
    metrics.stream_lag.set(stats.lag)
    state.update(length=stats.length, pending=stats.pending, lag=stats.lag)
    return state


async def _live(request: web.Request) -> web.Response:
    services = request.app[SERVICES_KEY]
    uptime = round(time.monotonic() - services.started_at, 1)
    body: dict[str, object] = {"status": "ok", "uptime_s": uptime, "role": services.role}
    stream = await stream_state(services)
    if stream is not None:
        body["stream"] = stream
    return web.json_response(body)


async def _ready(request: web.Request) -> web.Response:
    checks = await check_dependencies(request.app[SERVICES_KEY])
    ready = all(state["ok"] for state in checks.values())
    return web.json_response(
        {"status": "ready" if ready else "unavailable", "checks": checks},
        status=200 if ready else 503,
    )


async def _metrics(request: web.Request) -> web.Response:
    services = request.app[SERVICES_KEY]
    await stream_state(services)  # the stream's gauges, read now
    body = services.metrics.render()
    return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})


def health_app(services: Services) -> web.Application:
    app = web.Application()
    app[SERVICES_KEY] = services
    app.router.add_get("/health", _live)
    app.router.add_get("/health/ready", _ready)
    app.router.add_get("/metrics", _metrics)
    return app


async def start_health_server(services: Services) -> web.AppRunner:
    runner = web.AppRunner(health_app(services), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, services.settings.health_host, services.settings.health_port)
    await site.start()
    return runner
