"""/health says the process's role and the stream's lag; /metrics exports the stream."""

from __future__ import annotations

from pathlib import Path

from aiohttp.test_utils import TestClient, TestServer
from redis.asyncio import Redis

from app.admin.health import health_app
from app.wiring.bootstrap import open_services
from infra.streams.updates import UpdateStream
from tests.conftest import make_settings


async def test_health_and_metrics_show_role_lag_pending_and_claims(
    tmp_path: Path, redis_url: str
) -> None:
    settings = make_settings(tmp_path, redis_url=redis_url, bot_role="worker")
    redis = Redis.from_url(redis_url)
    async with open_services(settings) as services:
        stream = UpdateStream(redis, 1000, claim_after=0.01, dedupe_ttl=60)
        await stream.setup()
        services.role, services.stream = "worker", stream
        await stream.append([(f"msg:u1:{i}:0", b"tl") for i in range(4)])
        taken = await stream.read("w1", 1, None)
        services.metrics.stream_outcome("claimed", taken[0].identity)
        async with TestClient(TestServer(health_app(services))) as http:
            body = await (await http.get("/health")).json()
            metrics = await (await http.get("/metrics")).text()
            # Redis gone: still live, the stream part says why.
            nowhere = Redis.from_url("redis://127.0.0.1:9/0", socket_connect_timeout=0.5)
            services.stream = UpdateStream(nowhere, 1000, claim_after=1, dedupe_ttl=60)
            gone = await (await http.get("/health")).json()
            await nowhere.aclose()
    await redis.aclose()

    assert body["role"] == "worker"
    assert body["stream"] == {"length": 4, "pending": 1, "lag": 3}
    assert "bot_stream_length 4.0" in metrics
    assert "bot_stream_pending 1.0" in metrics
    assert "bot_stream_lag 3.0" in metrics
    assert "bot_stream_claims_total 1.0" in metrics
    assert gone["status"] == "ok" and "error" in gone["stream"]


async def test_one_process_without_redis_says_all_and_has_no_stream(tmp_path: Path) -> None:
    async with (
        open_services(make_settings(tmp_path)) as services,
        TestClient(TestServer(health_app(services))) as http,
    ):
        body = await (await http.get("/health")).json()
    assert body["role"] == "all" and "stream" not in body
