"""The composition root: settings in, a wired set of services out.

Everything that holds a connection or a thread is opened here, inside one exit
stack, and closed in reverse order when the stack unwinds. Nothing connects at
import time.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass

import aiohttp
import structlog

from adapters.imdb import ImdbClient, configure_imdbinfo, make_imdb_executor
from adapters.imdb.people import ImdbPeople
from adapters.mydramalist.client import KuryanaClient
from adapters.mydramalist.people import KuryanaPeople
from adapters.storage.language_sqlite import SqliteLanguageRepository, create_language_table
from adapters.storage.region_sqlite import (
    SqliteMatchRepository,
    SqliteRegionRepository,
    create_region_table,
)
from adapters.storage.sqlite import (
    SqliteDatabase,
    SqliteSettingsRepository,
    SqliteTemplateRepository,
    SqliteUserRepository,
)
from app.admin.voices import OwnerVoices
from app.admin.wiring import AdminRepos, open_administration
from app.airing.wiring import Watching, WatchRepos
from app.discover.wiring import open_discovery, open_suggestions
from app.i18n.languages import open_languages
from app.telegram.sessions import SessionStore
from app.watch.wiring import open_streaming
from app.wiring.bot import all_routes, build_registry
from app.wiring.context import HealthCheck, Services
from domain.breaker import CircuitBreaker
from domain.clock import SystemClock
from domain.discover.recording import RememberingDramas, RememberingMovies
from domain.discover.suggest import SeenTitles
from domain.imdb.lookup import MovieCodecs, MovieLookup
from domain.languages import LanguageRepository, UserLanguages
from domain.lookup import CachedLookup, Freshness
from domain.mydramalist.dramalist import DramaList, DramaLists
from domain.mydramalist.lookup import DramaCodecs, DramaLookup
from domain.mydramalist.reviews import DramaReviews, ReviewLookup
from domain.people.lookup import PeopleLookup
from domain.people.models import Person
from domain.ports import Clock, SettingsRepository, UserRepository
from domain.seen_users import ThrottledUsers
from domain.templates.per_user import UserTemplates
from domain.templates.ports import TemplateRepository
from domain.templates.recent import RecentTitles
from domain.titles import Drama, DramaCast, DramaEpisodes, DramaHit, Movie, MovieHit
from domain.tmdb.ports import MatchRepository, RegionRepository
from infra.cache.batch import UpdateWrites
from infra.cache.fallback import FallbackCache
from infra.cache.layered import LayeredCache
from infra.cache.memory import MemoryCache
from infra.cache.redis import RedisCache
from infra.codec import JsonCodec
from infra.config import Settings
from infra.flights import RedisFlights
from infra.metrics import Metrics
from infra.private_files import private_dir
from infra.redis_pool import open_ahead, redis_client
from infra.safe_fetch import SafeFetcher

SQLITE_FILE = "bot.sqlite3"

log = structlog.get_logger(__name__)


@dataclass(frozen=True, slots=True)
class Storage:
    users: UserRepository
    settings: SettingsRepository
    templates: TemplateRepository
    ping: HealthCheck
    admin: AdminRepos
    watch: WatchRepos
    regions: RegionRepository  # where-to-watch countries (app/watch/)
    matches: MatchRepository  # MyDramaList titles' TMDB matches (app/watch/)
    languages: LanguageRepository  # users' /language choices (app/i18n/)


async def _open_mongo(settings: Settings, uri: str, stack: AsyncExitStack) -> Storage:
    # Imported only when MongoDB is configured: PyMongo costs ~25 MB of memory.
    from pymongo import AsyncMongoClient

    from adapters.storage.language_mongo import MongoLanguageRepository
    from adapters.storage.mongo import (
        MongoDatabase,
        MongoSettingsRepository,
        MongoTemplateRepository,
        MongoUserRepository,
    )
    from adapters.storage.region_mongo import MongoMatchRepository, MongoRegionRepository

    client: AsyncMongoClient[dict[str, object]] = AsyncMongoClient(
        uri, tz_aware=True, serverSelectionTimeoutMS=5000, appname="dramabot"
    )
    stack.push_async_callback(client.close)
    mongo = MongoDatabase(client[settings.db_name])
    await mongo.ensure_indexes()
    return Storage(
        MongoUserRepository(mongo),
        MongoSettingsRepository(mongo),
        MongoTemplateRepository(mongo),
        mongo.ping,
        AdminRepos.mongo(mongo),
        await WatchRepos.mongo(mongo),
        MongoRegionRepository(mongo),
        MongoMatchRepository(mongo),
        MongoLanguageRepository(mongo),
    )


async def _open_storage(settings: Settings, stack: AsyncExitStack) -> Storage:
    if settings.mongo_uri is not None:
        return await _open_mongo(settings, settings.mongo_uri.get_secret_value(), stack)
    sqlite = SqliteDatabase(settings.data_dir / SQLITE_FILE)
    await sqlite.open()
    stack.push_async_callback(sqlite.close)
    return Storage(
        SqliteUserRepository(sqlite),
        SqliteSettingsRepository(sqlite),
        SqliteTemplateRepository(sqlite),
        sqlite.ping,
        AdminRepos.sqlite(sqlite),
        await WatchRepos.sqlite(sqlite),
        await _sqlite_regions(sqlite),
        SqliteMatchRepository(sqlite),
        await _sqlite_languages(sqlite),
    )


async def _sqlite_regions(sqlite: SqliteDatabase) -> SqliteRegionRepository:
    await create_region_table(sqlite)
    return SqliteRegionRepository(sqlite)


async def _sqlite_languages(sqlite: SqliteDatabase) -> SqliteLanguageRepository:
    await create_language_table(sqlite)
    return SqliteLanguageRepository(sqlite)


async def _open_cache(
    settings: Settings, stack: AsyncExitStack
) -> tuple[UpdateWrites, CircuitBreaker | None]:
    """Redis when configured (falling back to memory while it is down), else memory.

    Either way behind ``UpdateWrites``, which sends each update's small writes
    (and the shared rate-limit counts) in one round trip at its end.
    """

    def memory() -> MemoryCache:
        return MemoryCache(max_bytes=settings.memory_cache_mb * 1024 * 1024)

    if settings.redis_url is None:
        return UpdateWrites(memory()), None
    redis = redis_client(
        settings.redis_url.get_secret_value(), settings.max_connections, settings.redis_timeout
    )
    stack.push_async_callback(redis.aclose)
    # One failure (or timeout) moves the cache, and the rate limits, to memory;
    # Redis is probed again after the cool-down.
    breaker = CircuitBreaker("Redis", failure_threshold=1, reset_after=settings.redis_retry_after)
    # As many connections as updates in flight can use (each holds one briefly),
    # so a burst right after a start does not also open them. A Redis that is
    # down or hung now is that first failure: no update waits on it to find out.
    workers = min(settings.max_connections, settings.bot_workers)
    if not await open_ahead(redis, workers, settings.redis_timeout):
        breaker.record_failure()
        log.warning("redis_unreachable_at_start", retry_after=settings.redis_retry_after)
    primary = RedisCache(redis, timeout=settings.redis_timeout)
    fallback = FallbackCache(primary, memory(), breaker)
    return UpdateWrites(LayeredCache(fallback, memory())), breaker


def _open_flights(
    settings: Settings, stack: AsyncExitStack, breaker: CircuitBreaker | None
) -> RedisFlights | None:
    """With Redis (several processes may share it): one upstream call per key bot-wide,
    held at most as long as one upstream call may take."""
    if settings.redis_url is None:
        return None
    redis = redis_client(
        settings.redis_url.get_secret_value(), settings.max_connections, settings.redis_timeout
    )
    stack.push_async_callback(redis.aclose)
    longest = settings.upstream_retry_budget + settings.http_timeout
    return RedisFlights(redis, longest, longest, timeout=settings.redis_timeout, breaker=breaker)


def _freshness(settings: Settings) -> tuple[Freshness, Freshness]:
    stale, not_found = settings.cache_stale_ttl, settings.cache_not_found_ttl
    return (
        Freshness(settings.cache_search_ttl, stale, not_found),
        Freshness(settings.cache_details_ttl, stale, not_found),
    )


@asynccontextmanager
async def open_services(settings: Settings, clock: Clock | None = None) -> AsyncIterator[Services]:
    clock = clock or SystemClock()
    metrics = Metrics()
    # Before anything writes into it: the database, imdbinfo's cookie and the session.
    private_dir(settings.data_dir)
    async with AsyncExitStack() as stack:
        storage = await _open_storage(settings, stack)
        cache, redis_breaker = await _open_cache(settings, stack)
        http = aiohttp.ClientSession(
            timeout=aiohttp.ClientTimeout(total=settings.http_timeout),
            connector=aiohttp.TCPConnector(limit=settings.max_connections, ttl_dns_cache=300),
            headers={"User-Agent": "dramabot/0.1"},
        )
        stack.push_async_callback(http.close)
        # Poster URLs are upstream data: downloaded only through the guarded fetcher.
        posters = SafeFetcher()
        stack.push_async_callback(posters.close)
        executor = make_imdb_executor(settings.imdb_workers)
        # Threads stuck in a slow IMDb call must not hold shutdown hostage.
        stack.callback(executor.shutdown, wait=False, cancel_futures=True)
        configure_imdbinfo(settings.data_dir)

        kuryana = KuryanaClient(
            http,
            settings.mdl_api_urls,
            timeout=settings.http_timeout,
            concurrency=settings.mdl_concurrency,
            queue_wait=settings.upstream_queue_wait,
            attempts=settings.upstream_retries,
            retry_budget=settings.upstream_retry_budget,
            backoff_initial=settings.upstream_backoff,
            breaker_threshold=settings.breaker_failures,
            breaker_reset=settings.breaker_reset,
        )
        imdb_breaker = CircuitBreaker("IMDb", settings.breaker_failures, settings.breaker_reset)
        imdb = ImdbClient(
            executor,
            timeout=settings.imdb_timeout,
            breaker=imdb_breaker,
            attempts=settings.upstream_retries,
            backoff=settings.upstream_backoff,
            concurrency=settings.imdb_workers,
            queue_wait=settings.upstream_queue_wait,
        )
        lookup = CachedLookup(
            cache, clock, metrics, shared=_open_flights(settings, stack, redis_breaker)
        )
        search, details = _freshness(settings)
        seen = SeenTitles()  # what the sources answered, for "did you mean"
        dramas = DramaLookup(
            RememberingDramas(kuryana, seen),
            lookup,
            DramaCodecs(
                JsonCodec(list[DramaHit]),
                JsonCodec(Drama),
                JsonCodec(DramaCast),
                JsonCodec(DramaEpisodes),
            ),
            search,
            details,
        )
        movies = MovieLookup(
            RememberingMovies(imdb, seen),
            lookup,
            MovieCodecs(JsonCodec(list[MovieHit]), JsonCodec(Movie)),
            search,
            details,
        )
        streaming = open_streaming(
            settings, http, lookup, storage.regions, details, storage.matches
        )
        breakers = [*kuryana.breakers.values(), imdb.breaker]
        if streaming is not None:
            breakers.append(streaming.breaker)
        if redis_breaker is not None:
            breakers.append(redis_breaker)
        users = ThrottledUsers(storage.users)
        admin = open_administration(
            settings,
            storage.admin,
            users,
            storage.settings,
            cache,
            clock,
            metrics,
            http,
            breakers,
            stack,
        )
        languages = open_languages(
            UserLanguages(storage.languages, cache),
            settings.default_language,
            settings.preview_languages,
        )
        services = Services(
            settings=settings,
            users=users,
            bot_settings=storage.settings,
            cache=cache,
            clock=clock,
            metrics=metrics,
            registry=build_registry(
                [r for r in all_routes() if streaming is not None or r.spec.name != "region"]
            ),
            dramas=dramas,
            movies=movies,
            sessions=SessionStore(cache),
            templates=UserTemplates(storage.templates, cache, clock),
            recent=RecentTitles(cache),
            admin=admin,
            people=PeopleLookup(
                dramas,
                movies,
                {"mdl": KuryanaPeople(kuryana), "imdb": ImdbPeople(imdb)},
                lookup,
                JsonCodec(Person),
                Freshness(
                    settings.cache_person_ttl,
                    settings.cache_stale_ttl,
                    settings.cache_not_found_ttl,
                ),
            ),
            reviews=ReviewLookup(kuryana, lookup, JsonCodec(DramaReviews), details),
            dramalists=DramaLists(kuryana, lookup, JsonCodec(DramaList)),
            languages=languages,
            watching=Watching(
                settings,
                storage.watch,
                users,
                dramas,
                clock,
                metrics,
                admin.broadcasts.paced,
                stack,
                languages,
            ),
            discovery=open_discovery(settings, kuryana, lookup),
            suggestions=open_suggestions(seen, lookup, storage.admin.lookup_stats, clock),
            http=posters,
            breakers=breakers,
            tmdb=streaming,
        )
        if streaming is not None:
            admin.probes["TMDB"] = streaming.probe
            await streaming.verify()
        services.health_checks["database"] = storage.ping
        services.health_checks["cache"] = cache.ping
        admin.speak_to_owners_with(OwnerVoices(services.languages, users))
        yield services
