"""The HTTP side port an orchestrator and Prometheus talk to."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from aiohttp.test_utils import TestClient, TestServer

from adapters.storage.sqlite import SqliteDatabase
from app.admin.health import health_app
from app.admin.probes import upstream_probes
from app.wiring.bootstrap import open_services
from app.wiring.context import Services
from domain.errors import StorageUnavailable
from infra.cache.fallback import FallbackCache
from infra.cache.layered import LayeredCache
from infra.cache.memory import MemoryCache
from infra.cache.redis import RedisCache
from tests.conftest import make_settings


@pytest.fixture
async def services(tmp_path: Path) -> AsyncIterator[Services]:
    async with open_services(make_settings(tmp_path)) as opened:
        yield opened


@pytest.fixture
async def http(services: Services) -> AsyncIterator[TestClient]:
    async with TestClient(TestServer(health_app(services))) as client:
        yield client


async def test_liveness_answers_with_uptime(http: TestClient) -> None:
    response = await http.get("/health")

    assert response.status == 200
    body = await response.json()
    assert body["status"] == "ok"
    assert isinstance(body["uptime_s"], int | float) and body["uptime_s"] >= 0


async def test_readiness_checks_every_dependency(http: TestClient, services: Services) -> None:
    assert isinstance(services.cache.inner, MemoryCache)  # no REDIS_URL: the in-process cache

    response = await http.get("/health/ready")

    assert response.status == 200
    body = await response.json()
    assert body["status"] == "ready"
    assert set(body["checks"]) == {"database", "cache"}
    for state in body["checks"].values():
        assert state["ok"] is True
        assert isinstance(state["latency_ms"], int | float) and state["latency_ms"] >= 0


async def test_a_failing_check_makes_readiness_503_and_names_it(
    http: TestClient, services: Services
) -> None:
    async def broken() -> None:
        raise StorageUnavailable("disk on fire")

    services.health_checks["archive"] = broken

    response = await http.get("/health/ready")

    assert response.status == 503
    body = await response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["archive"] == {
        "ok": False,
        "error": "StorageUnavailable",
        "latency_ms": body["checks"]["archive"]["latency_ms"],
    }
    assert body["checks"]["database"]["ok"] is True
    assert "disk on fire" not in await response.text()  # the type says why; details stay in logs


async def test_a_closed_database_fails_readiness(http: TestClient, services: Services) -> None:
    database = getattr(services.health_checks["database"], "__self__", None)
    assert isinstance(database, SqliteDatabase)  # the check is the database's own ping
    await database.close()

    response = await http.get("/health/ready")

    assert response.status == 503
    body = await response.json()
    assert body["checks"]["database"]["ok"] is False
    assert body["checks"]["cache"]["ok"] is True


async def test_readiness_feeds_the_dependency_gauge(http: TestClient, services: Services) -> None:
    async def down() -> None:
        raise ConnectionError("nope")

    services.health_checks["telegram"] = down
    await http.get("/health/ready")

    text = await (await http.get("/metrics")).text()

    assert 'bot_dependency_up{dependency="database"} 1.0' in text
    assert 'bot_dependency_up{dependency="telegram"} 0.0' in text


async def test_metrics_are_prometheus_text(http: TestClient, services: Services) -> None:
    services.metrics.updates.labels("command", "ok").inc()
    services.metrics.handler_seconds.labels("command").observe(0.02)

    response = await http.get("/metrics")

    assert response.status == 200
    assert response.content_type == "text/plain"
    text = await response.text()
    assert "# TYPE bot_updates_total counter" in text
    assert 'bot_updates_total{kind="command",outcome="ok"} 1.0' in text
    assert "# TYPE bot_handler_seconds histogram" in text
    assert 'bot_handler_seconds_count{kind="command"} 1.0' in text


async def test_redis_url_selects_redis_and_readiness_passes(tmp_path: Path, redis_url: str) -> None:
    async with open_services(make_settings(tmp_path, redis_url=redis_url)) as services:
        layered = services.cache.inner
        assert isinstance(layered, LayeredCache)
        assert isinstance(layered.shared, FallbackCache)
        assert isinstance(layered.shared.primary, RedisCache)
        async with TestClient(TestServer(health_app(services))) as client:
            response = await client.get("/health/ready")

            assert response.status == 200
            body = await response.json()
            assert body["checks"]["cache"]["ok"] is True
            assert body["checks"]["database"]["ok"] is True


async def test_credentials_in_mdl_api_urls_are_not_in_metrics_or_probe_names(
    tmp_path: Path,
) -> None:
    url = "https://op:p4ss-w0rd@kuryana.example:8443/base"
    async with open_services(make_settings(tmp_path, mdl_api_urls=[url])) as services:
        async with TestClient(TestServer(health_app(services))) as client:
            metrics = await (await client.get("/metrics")).text()
            ready = await (await client.get("/health/ready")).text()
        async with aiohttp.ClientSession() as session:
            probe_names = list(upstream_probes(session, services.settings.mdl_api_urls))
    assert 'bot_breaker_state{breaker="kuryana.example:8443"}' in metrics
    assert probe_names == ["MyDramaList (kuryana.example:8443)", "IMDb"]
    for shown in (metrics, ready, *probe_names):
        assert "p4ss-w0rd" not in shown and "op:" not in shown
