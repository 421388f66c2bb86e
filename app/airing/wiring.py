"""Wiring of watchlists and the airing scheduler (part of the composition root).

``open_watching`` builds the storage-independent part at start-up; the
scheduler needs the Telegram client, so ``Watching.start`` builds and starts
it once the client is connected (``app/wiring/lifecycle.py``), and ``stop`` ends it
before the client disconnects.
"""

from __future__ import annotations

import asyncio
from contextlib import AsyncExitStack
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pyrogram import Client
from redis.asyncio import Redis

from adapters.storage.sqlite import SqliteDatabase
from adapters.storage.watch_sqlite import (
    SqliteAiringRepository,
    SqliteNoticeLedger,
    SqliteTimezoneRepository,
    SqliteWatchRepository,
    create_watch_tables,
)
from app.airing.formats import BABEL_FORMATS
from app.airing.runner import SchedulerRunner
from app.i18n.languages import Languages
from app.telegram.delivery import TelegramText
from domain.airing.notifier import AiringScheduler, Ports
from domain.airing.ports import AiringRepository, NoticeLedger, TimezoneRepository, WatchRepository
from domain.airing.watchlist import Watchlists
from domain.i18n import Speech
from domain.mydramalist.lookup import DramaLookup
from domain.pacing import PacedSender, Sleep
from domain.ports import Clock, LeaderLock, UserRepository
from infra.config import Settings
from infra.leader import MemoryLeaderLock, MemoryLockBoard, RedisLeaderLock
from infra.metrics import Metrics
from infra.redis_pool import redis_client

LOCK_KEY = "dramabot:scheduler:leader"

if TYPE_CHECKING:
    from adapters.storage.mongo import MongoDatabase


@dataclass(frozen=True, slots=True)
class WatchRepos:
    watches: WatchRepository
    airing: AiringRepository
    zones: TimezoneRepository
    ledger: NoticeLedger

    @classmethod
    async def sqlite(cls, db: SqliteDatabase) -> WatchRepos:
        await create_watch_tables(db)
        return cls(
            SqliteWatchRepository(db),
            SqliteAiringRepository(db),
            SqliteTimezoneRepository(db),
            SqliteNoticeLedger(db),
        )

    @classmethod
    async def mongo(cls, db: MongoDatabase) -> WatchRepos:
        # Imported here: PyMongo costs ~25 MB, and most deployments run on SQLite.
        from adapters.storage.watch_mongo import (
            MongoAiringRepository,
            MongoNoticeLedger,
            MongoTimezoneRepository,
            MongoWatchRepository,
            create_watch_indexes,
        )

        await create_watch_indexes(db)
        return cls(
            MongoWatchRepository(db),
            MongoAiringRepository(db),
            MongoTimezoneRepository(db),
            MongoNoticeLedger(db),
        )


class RecipientVoices:
    """``Voices``: each notice in its recipient's language (app/i18n/languages.py)."""

    def __init__(self, languages: Languages) -> None:
        self._languages = languages

    async def speech_for(self, user_id: int, language_code: str | None) -> Speech:
        languages = self._languages
        return languages.speech(await languages.code_for_id(user_id, language_code))


class Watching:
    def __init__(
        self,
        settings: Settings,
        repos: WatchRepos,
        users: UserRepository,
        dramas: DramaLookup,
        clock: Clock,
        metrics: Metrics,
        paced: PacedSender,
        stack: AsyncExitStack,
        languages: Languages,
    ) -> None:
        self._settings = settings
        self._voices = RecipientVoices(languages)
        self.repos = repos
        self._users = users
        self._dramas = dramas
        self._clock = clock
        self._metrics = metrics
        self._paced = paced
        self.watchlists = Watchlists(
            repos.watches, repos.airing, repos.zones, dramas, clock, settings.watch_limit
        )
        self._board = MemoryLockBoard()  # without Redis: one scheduler per process
        self._redis: Redis | None = None
        if settings.redis_url is not None:
            self._redis = redis_client(settings.redis_url.get_secret_value(), 4)
            stack.push_async_callback(self._redis.aclose)
        self._runner: SchedulerRunner | None = None
        stack.push_async_callback(self.stop)

    def lock(self) -> LeaderLock:
        """A new contender for the scheduler lock (its own token)."""
        ttl = self._settings.scheduler_lock_ttl
        if self._redis is not None:
            return RedisLeaderLock(self._redis, LOCK_KEY, ttl)
        return MemoryLeaderLock(self._board, LOCK_KEY, ttl, lambda: self._clock.now().timestamp())

    def runner(self, client: Client, sleep: Sleep = asyncio.sleep) -> SchedulerRunner:
        """A scheduler that sends through ``client``; ``sleep`` paces sends and rounds."""
        scheduler = AiringScheduler(
            Ports(self.repos.watches, self.repos.airing, self.repos.ledger, self._users),
            self._dramas,
            TelegramText(client),
            self._paced,
            self._clock,
            self._metrics,
            self._settings.notify_missed_window,
            sleep,
            voices=self._voices,
            formats=BABEL_FORMATS,
        )
        return SchedulerRunner(
            scheduler,
            self.repos.airing,
            self.lock(),
            self._clock,
            self._metrics,
            self._settings.scheduler_lock_ttl,
            sleep,
        )

    def start(self, client: Client) -> None:
        if self._settings.scheduler_enabled and self._runner is None:
            self._runner = self.runner(client)
            self._runner.start()

    async def stop(self) -> None:
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.stop()
