"""Fixtures shared by every test layer."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.bootstrap import open_services
from app.bot import all_routes, install_handlers
from app.context import Services
from infra.config import Settings
from tests.harness.telegram import People, TelegramHarness, new_client

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


@dataclass
class BotUnderTest:
    tg: TelegramHarness
    services: Services


@pytest.fixture
async def bot(settings: Settings) -> AsyncIterator[BotUnderTest]:
    async with open_services(settings) as services:
        client = new_client()
        harness = TelegramHarness(client)
        install_handlers(client, services, all_routes())
        await harness.start()
        try:
            yield BotUnderTest(harness, services)
        finally:
            await harness.stop()
