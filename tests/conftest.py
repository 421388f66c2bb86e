"""Fixtures shared by every test layer."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.wiring.bootstrap import open_services
from app.wiring.bot import all_routes, install_handlers
from app.wiring.context import Services
from domain.ports import Clock
from infra.config import Settings
from tests.fakes.imdb import FakeImdb
from tests.fakes.kuryana import FakeKuryana, kuryana
from tests.harness.telegram import People, TelegramHarness, new_client

__all__ = ["kuryana"]  # a fixture, re-exported so every test can use it

OWNER_ID = 1001


def make_settings(tmp_path: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "bot_token": "123456:" + "A" * 35,
        "api_id": 12345,
        "api_hash": "f" * 32,
        "owner_ids": [OWNER_ID],
        "data_dir": tmp_path / "data",
        "health_port": 0,
        "mdl_api_urls": ["http://127.0.0.1:9"],
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path)


@pytest.fixture
def people() -> People:
    return People()


@pytest.fixture
def imdb(tmp_path: Path) -> Iterator[FakeImdb]:
    fake = FakeImdb().install(cookie_dir=tmp_path / "imdb-cookies")
    try:
        yield fake
    finally:
        fake.uninstall()


@dataclass
class BotUnderTest:
    tg: TelegramHarness
    services: Services
    kuryana: FakeKuryana
    imdb: FakeImdb


@asynccontextmanager
async def running_bot(
    settings: Settings, kuryana: FakeKuryana, imdb: FakeImdb, clock: Clock | None = None
) -> AsyncIterator[BotUnderTest]:
    """The whole wired application behind the Telegram test client."""
    async with open_services(settings, clock=clock) as services:
        client = new_client()
        harness = TelegramHarness(client)
        install_handlers(client, services, all_routes())
        await harness.start()
        try:
            yield BotUnderTest(harness, services, kuryana, imdb)
        finally:
            await harness.stop()


def bot_settings(tmp_path: Path, kuryana: FakeKuryana, **overrides: object) -> Settings:
    """Settings for a bot wired to the fakes, with retries quick enough for tests."""
    values: dict[str, object] = {
        "mdl_api_urls": [kuryana.url],
        "upstream_backoff": 0.01,
        "upstream_retry_budget": 1.0,
        "imdb_timeout": 2.0,
        "http_timeout": 2.0,
    }
    values.update(overrides)
    return make_settings(tmp_path, **values)


@pytest.fixture
async def bot(tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb) -> AsyncIterator[BotUnderTest]:
    async with running_bot(bot_settings(tmp_path, kuryana), kuryana, imdb) as running:
        yield running
