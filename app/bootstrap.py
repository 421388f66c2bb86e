"""The composition root: settings in, a wired set of services out.

Everything that holds a connection is opened here, inside one exit stack, and
closed in reverse order when the stack unwinds. Nothing connects at import.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager

import aiohttp
from pymongo import AsyncMongoClient
from redis.asyncio import Redis

from adapters.storage.mongo import MongoDatabase, MongoSettingsRepository, MongoUserRepository
from adapters.storage.sqlite import SqliteDatabase, SqliteSettingsRepository, SqliteUserRepository
from app.bot import all_routes, build_registry
from app.context import HealthCheck, Services
from domain.clock import SystemClock
from domain.ports import Cache, Clock, SettingsRepository, UserRepository
from infra.cache.memory import MemoryCache
from infra.cache.redis import RedisCache
from infra.config import Settings
from infra.metrics import Metrics

SQLITE_FILE = "bot.sqlite3"


async def _open_storage(
    settings: Settings, stack: AsyncExitStack
) -> tuple[UserRepository, SettingsRepository, HealthCheck]:
    if settings.mongo_uri is not None:
        client: AsyncMongoClient[dict[str, object]] = AsyncMongoClient(
            settings.mongo_uri.get_secret_value(),
            tz_aware=True,
            serverSelectionTimeoutMS=5000,
            appname="dramabot",
        )
        stack.push_async_callback(client.close)
        mongo = MongoDatabase(client[settings.db_name])
        await mongo.ensure_indexes()
        return MongoUserRepository(mongo), MongoSettingsRepository(mongo), mongo.ping
    sqlite = SqliteDatabase(settings.data_dir / SQLITE_FILE)
    await sqlite.open()
    stack.push_async_callback(sqlite.close)
    return SqliteUserRepository(sqlite), SqliteSettingsRepository(sqlite), sqlite.ping


def _open_cache(settings: Settings, stack: AsyncExitStack) -> Cache:
    if settings.redis_url is None:
        return MemoryCache()
    redis = Redis.from_url(
        settings.redis_url.get_secret_value(),
        max_connections=settings.max_connections,
        socket_timeout=2.0,
        socket_connect_timeout=2.0,
        health_check_interval=30,
    )
    stack.push_async_callback(redis.aclose)
    return RedisCache(redis)


@asynccontextmanager
async def open_services(settings: Settings, clock: Clock | None = None) -> AsyncIterator[Services]:
    async with AsyncExitStack() as stack:
        users, bot_settings, database_ping = await _open_storage(settings, stack)
        cache = _open_cache(settings, stack)
        http = aiohttp.ClientSession(
            timeout=aiohttp.ClientTimeout(total=settings.http_timeout),
            connector=aiohttp.TCPConnector(limit=settings.max_connections, ttl_dns_cache=300),
            headers={"User-Agent": "dramabot/0.1"},
        )
        stack.push_async_callback(http.close)
        services = Services(
            settings=settings,
            users=users,
            bot_settings=bot_settings,
            cache=cache,
            clock=clock or SystemClock(),
            metrics=Metrics(),
            registry=build_registry(all_routes()),
            http=http,
        )
        services.health_checks["database"] = database_ping
        services.health_checks["cache"] = cache.ping
        yield services
