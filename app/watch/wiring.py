"""Wiring of TMDB (part of the composition root): nothing at all without ``TMDB_API_KEY``."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import aiohttp
import structlog

from adapters.tmdb.client import TmdbClient
from domain.breaker import CircuitBreaker
from domain.errors import StorageUnavailable
from domain.lookup import CachedLookup, Fetched, Freshness
from domain.tmdb.lookup import TmdbCodecs, TmdbLookup
from domain.tmdb.models import TmdbRef, TmdbTitle
from domain.tmdb.ports import MatchRepository, RegionRepository
from domain.tmdb.regions import region_from_language
from infra.codec import JsonCodec
from infra.config import Settings

log = structlog.get_logger("app.tmdb")
# A match between a MyDramaList (or IMDb) title and TMDB's does not change: kept a month.
MATCH_FRESH = 30 * 86400
STARTUP_CHECK = 5.0


@dataclass(slots=True)
class Streaming:
    lookup: TmdbLookup
    client: TmdbClient
    regions: RegionRepository
    default_region: str
    card_budget: float

    @property
    def active(self) -> bool:
        """False once TMDB refused the key: the bot then behaves as without one."""
        return not self.client.key_refused

    @property
    def breaker(self) -> CircuitBreaker:
        return self.client.breaker

    async def region_of(self, user_id: int, language_code: str | None) -> tuple[str, str]:
        """(country, why): "set" by /region, "language" from Telegram, else "default"."""
        try:
            stored = await self.regions.get(user_id)
        except StorageUnavailable:
            stored = None  # the database is away: the language or the default still answer
        if stored:
            return stored, "set"
        from_language = region_from_language(language_code)
        if from_language:
            return from_language, "language"
        return self.default_region, "default"

    async def verify(self) -> None:
        """Prove the key once at start-up: a refused key is one clear warning, never a crash."""
        try:
            problem = await asyncio.wait_for(self.client.check(), STARTUP_CHECK)
        except TimeoutError:
            problem = "no answer at start-up"
        if problem is None:
            log.info("tmdb_ready")
        elif self.client.key_refused:
            log.warning(
                "tmdb_key_refused_at_startup",
                advice="TMDB_API_KEY was refused: check it (a v3 API key or a v4 read-access "
                "token). The bot runs on without TMDB until it is fixed and restarted.",
            )
        else:
            log.warning("tmdb_unavailable_at_startup", problem=problem)

    async def probe(self) -> None:
        """For the owner's /health: TMDB answers, and accepts the key."""
        problem = await self.client.check()
        if problem is not None:
            raise ConnectionError(problem)

    async def title(self, key: str) -> Fetched[TmdbTitle]:
        """The title a view's session names, marked stale when it is TMDB's saved copy."""
        kind, _, number = key.partition(":")
        return await self.lookup.title(TmdbRef(kind, int(number)))


def open_streaming(
    settings: Settings,
    http: aiohttp.ClientSession,
    lookup: CachedLookup,
    regions: RegionRepository,
    details: Freshness,
    matches: MatchRepository | None = None,
) -> Streaming | None:
    if settings.tmdb_api_key is None:
        return None
    breaker = CircuitBreaker("TMDB", settings.breaker_failures, settings.breaker_reset)
    client = TmdbClient(
        http,
        settings.tmdb_api_url,
        settings.tmdb_api_key.get_secret_value().strip(),
        breaker,
        timeout=settings.http_timeout,
        concurrency=settings.tmdb_concurrency,
        attempts=settings.upstream_retries,
        retry_budget=settings.upstream_retry_budget,
        backoff_initial=settings.upstream_backoff,
    )
    match = Freshness(MATCH_FRESH, details.stale, details.not_found)
    codecs = TmdbCodecs(JsonCodec(TmdbRef), JsonCodec(TmdbTitle))
    tmdb = TmdbLookup(client, lookup, codecs, details, match, matches)
    return Streaming(tmdb, client, regions, settings.default_region, settings.tmdb_card_budget)
