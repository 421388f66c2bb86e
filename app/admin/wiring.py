"""Wiring of access control, rate limits, force-subscribe, broadcasts and statistics.

Part of the composition root: ``bootstrap.open_services`` calls ``open_administration``
and hands the result to every handler as ``services.admin``.
"""

from __future__ import annotations

from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import aiohttp
import structlog

from adapters.storage.sqlite import SqliteDatabase
from adapters.storage.sqlite_admin import (
    SqliteAccessRepository,
    SqliteBroadcastRepository,
    SqliteLookupStats,
    SqliteUserDirectory,
)
from app.admin.forcesub import ForceSubscribe
from app.admin.gate import Gatekeeper, Limits
from app.admin.probes import Probe, upstream_probes
from app.admin.voices import OwnerVoices
from app.broadcast.runner import BroadcastService
from domain.admin.authorisation import AccessControl, UserFinder
from domain.admin.lookup_stats import BufferedLookupStats
from domain.admin.ports import AccessRepository, LookupStatsRepository
from domain.admin.stats import UserStatistics
from domain.breaker import CircuitBreaker
from domain.broadcast.ports import BroadcastRepository
from domain.errors import StorageUnavailable
from domain.ports import Cache, Clock, SettingsRepository, UserRepository
from infra.cache.batch import UpdateWrites
from infra.cache.counters import HitCounter
from infra.config import Settings
from infra.metrics import Metrics
from infra.ratelimit import open_rate_limiters

if TYPE_CHECKING:
    from adapters.storage.mongo import MongoDatabase
    from adapters.storage.mongo_admin import MongoUserDirectory

log = structlog.get_logger(__name__)

BAN_NOTICE_RATE = "1/hour"


@dataclass(frozen=True, slots=True)
class AdminRepos:
    access: AccessRepository
    directory: SqliteUserDirectory | MongoUserDirectory  # UserDirectory and RecipientSource
    broadcasts: BroadcastRepository
    lookup_stats: LookupStatsRepository

    @classmethod
    def sqlite(cls, db: SqliteDatabase) -> AdminRepos:
        return cls(
            SqliteAccessRepository(db),
            SqliteUserDirectory(db),
            SqliteBroadcastRepository(db),
            SqliteLookupStats(db),
        )

    @classmethod
    def mongo(cls, db: MongoDatabase) -> AdminRepos:
        # Imported here: PyMongo costs ~25 MB, and most deployments run on SQLite.
        from adapters.storage.mongo_admin import (
            MongoAccessRepository,
            MongoBroadcastRepository,
            MongoLookupStats,
            MongoUserDirectory,
        )

        return cls(
            MongoAccessRepository(db),
            MongoUserDirectory(db),
            MongoBroadcastRepository(db),
            MongoLookupStats(db),
        )


@dataclass(slots=True)
class Administration:
    access: AccessControl
    gatekeeper: Gatekeeper
    forcesub: ForceSubscribe
    broadcasts: BroadcastService
    repos: AdminRepos
    finder: UserFinder
    statistics: UserStatistics
    probes: dict[str, Probe] = field(default_factory=dict)
    # Owners' languages outside an update; set once the languages exist (bootstrap).
    voices: OwnerVoices | None = None

    def speak_to_owners_with(self, voices: OwnerVoices) -> None:
        self.voices = self.broadcasts.voices = voices

    async def aclose(self) -> None:
        await self.broadcasts.shutdown()


def _hit_counters(cache: object) -> list[HitCounter]:
    """The backends' own counters, also behind the layers (local, then Redis or memory)."""
    cache = getattr(cache, "inner", cache)
    shared = getattr(cache, "shared", None)
    backends = [
        cache,
        getattr(cache, "local", None),
        shared,
        getattr(shared, "primary", None),
        getattr(shared, "fallback", None),
    ]
    counters = [getattr(backend, "counter", None) for backend in backends]
    return [c for c in counters if isinstance(c, HitCounter)]


async def _flush_quietly(stats: BufferedLookupStats) -> None:
    try:
        await stats.flush()
    except StorageUnavailable:
        log.warning("lookup_stats_lost_at_shutdown")


def open_administration(
    settings: Settings,
    repos: AdminRepos,
    users: UserRepository,
    bot_settings: SettingsRepository,
    cache: Cache,
    clock: Clock,
    metrics: Metrics,
    http: aiohttp.ClientSession | None,
    breakers: list[CircuitBreaker],
    stack: AsyncExitStack,
) -> Administration:
    access = AccessControl(
        repos.access,
        bot_settings,
        clock,
        frozenset(settings.owner_ids),
        settings.public_mode,
        settings.access_contact,
    )
    # The limiters' "now" is the bot's clock, so waits agree with everything else.
    writes = cache if isinstance(cache, UpdateWrites) else None
    limiter = open_rate_limiters(settings, writes, lambda: clock.now().timestamp())

    limits = Limits(
        lookups=limiter(settings.rate_limit, "lookup"),
        inline=limiter(settings.inline_rate_limit, "inline"),
        lookup_notices=limiter(settings.rate_limit, "lookup-notice", amount=1),
        ban_notices=limiter(BAN_NOTICE_RATE, "ban-notice"),
    )
    lookup_stats = BufferedLookupStats(repos.lookup_stats, clock)
    forcesub = ForceSubscribe(settings.force_sub_channel, settings.force_sub_link, cache)
    for counter in _hit_counters(cache):
        metrics.watched.watch_cache(counter)
    metrics.watched.watch_breakers(breakers)
    administration = Administration(
        access=access,
        gatekeeper=Gatekeeper(access, forcesub, limits, lookup_stats, clock, metrics),
        forcesub=forcesub,
        broadcasts=BroadcastService(
            repos.broadcasts, repos.directory, users, clock, metrics, settings.broadcast_rate
        ),
        repos=repos,
        finder=UserFinder(users, repos.directory),
        statistics=UserStatistics(users, repos.directory, lookup_stats, clock),
        probes=upstream_probes(http, settings.mdl_api_urls),
    )
    stack.push_async_callback(administration.aclose)
    # Registered after the database was opened, so it runs before the database closes.
    stack.push_async_callback(_flush_quietly, lookup_stats)
    return administration
