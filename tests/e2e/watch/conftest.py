"""A bot wired to the fakes with TMDB configured (the fake TMDB server of tests/fakes/tmdb.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from infra.config import Settings
from tests.conftest import BotUnderTest, bot_settings, running_bot
from tests.fakes.imdb import FakeImdb
from tests.fakes.kuryana import FakeKuryana
from tests.fakes.tmdb import API_KEY, FakeTmdb, tmdb

__all__ = ["tmdb"]  # the fake server's fixture


def tmdb_settings(
    tmp_path: Path, kuryana: FakeKuryana, fake: FakeTmdb, **overrides: object
) -> Settings:
    values: dict[str, object] = {
        "tmdb_api_key": API_KEY,
        "tmdb_api_url": fake.url,
        "default_region": "US",
    }
    values.update(overrides)
    return bot_settings(tmp_path, kuryana, **values)


@pytest.fixture
async def tmdb_bot(
    tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb, tmdb: FakeTmdb
) -> AsyncIterator[BotUnderTest]:
    settings = tmdb_settings(tmp_path, kuryana, tmdb)
    async with running_bot(settings, kuryana, imdb) as running:
        yield running
