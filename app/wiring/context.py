"""What the composition root hands to every handler."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from app.admin.wiring import Administration
from app.airing.wiring import Watching
from app.i18n.languages import Languages
from app.telegram.sessions import SessionStore
from app.watch.wiring import Streaming
from app.wiring.commands import CommandRegistry
from app.wiring.database_watch import DatabaseWatch
from domain.breaker import CircuitBreaker
from domain.discover.service import Discovery
from domain.discover.suggest import DidYouMean
from domain.imdb.lookup import MovieLookup
from domain.mydramalist.dramalist import DramaLists
from domain.mydramalist.lookup import DramaLookup
from domain.mydramalist.reviews import ReviewLookup
from domain.people.lookup import PeopleLookup
from domain.ports import Clock, SettingsRepository, UserRepository
from domain.templates.per_user import UserTemplates
from domain.templates.recent import RecentTitles
from infra.cache.batch import UpdateWrites
from infra.config import Settings
from infra.metrics import Metrics
from infra.safe_fetch import SafeFetcher
from infra.streams.updates import UpdateStream

HealthCheck = Callable[[], Awaitable[None]]


@dataclass(slots=True)
class Services:
    settings: Settings
    users: UserRepository
    bot_settings: SettingsRepository
    cache: UpdateWrites
    clock: Clock
    metrics: Metrics
    registry: CommandRegistry
    dramas: DramaLookup
    movies: MovieLookup
    sessions: SessionStore
    templates: UserTemplates
    recent: RecentTitles
    # Access, rate limits, force-subscribe, broadcasts, statistics (app/admin/wiring.py).
    admin: Administration
    # Watchlists, time zones and the airing scheduler (app/airing/wiring.py).
    watching: Watching
    # Actors, directors and writers on both sources (domain/people).
    people: PeopleLookup
    # /today and /season: MyDramaList's calendars (domain/discover/service.py).
    discovery: Discovery
    # "Did you mean" for searches that find nothing (domain/discover/suggest.py).
    suggestions: DidYouMean
    # Review pages of MyDramaList titles (the cards' 📝 Reviews view).
    reviews: ReviewLookup
    # MyDramaList users' public drama lists (/import).
    dramalists: DramaLists
    # The language each update is answered in, and /language (app/i18n/).
    languages: Languages
    # Downloads posters Telegram refused: public https images only (infra/safe_fetch.py).
    http: SafeFetcher | None = None
    breakers: list[CircuitBreaker] = field(default_factory=list)
    health_checks: dict[str, HealthCheck] = field(default_factory=dict)
    # Tells the owners when the database goes away under the running bot (on_startup).
    database_watch: DatabaseWatch | None = None
    started_at: float = field(default_factory=time.monotonic)
    # Lookups left running after their answer went out (/search past its budget).
    background: set[asyncio.Task[Any]] = field(default_factory=set)
    # Several processes (app/wiring/roles.py): this process's role, the update stream
    # (None in one process without Redis), and whether it holds the receiver lock now.
    role: str = "all"
    stream: UpdateStream | None = None
    receiving: Callable[[], bool] | None = None
    # TMDB: where to watch, trailers, backup cards (app/watch/); None without TMDB_API_KEY.
    tmdb: Streaming | None = None

    @property
    def owners(self) -> frozenset[int]:
        return frozenset(self.settings.owner_ids)

    def is_owner(self, user_id: int | None) -> bool:
        return user_id is not None and user_id in self.settings.owner_ids
