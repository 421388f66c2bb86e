"""Wiring of /today and /season (part of the composition root)."""

from __future__ import annotations

from adapters.fuzzy import RapidfuzzMatcher
from adapters.mydramalist.calendar import KuryanaCalendar
from adapters.mydramalist.client import KuryanaClient
from domain.discover.calendar import Airing, SeasonTitle
from domain.discover.ports import TopQueries
from domain.discover.service import Discovery
from domain.discover.suggest import CachedTitles, DidYouMean, SeenTitles
from domain.lookup import CachedLookup, Freshness
from domain.ports import Clock
from domain.titles import Drama, DramaHit, Movie, MovieHit
from infra.codec import JsonCodec
from infra.config import Settings

# MyDramaList's episode calendar changes during the day (times announced, episodes
# moved): a short fresh period, and the saved copy for outages.
SCHEDULE_FRESH = 15 * 60


def open_discovery(settings: Settings, kuryana: KuryanaClient, lookup: CachedLookup) -> Discovery:
    stale, not_found = settings.cache_stale_ttl, settings.cache_not_found_ttl
    return Discovery(
        KuryanaCalendar(kuryana),
        lookup,
        JsonCodec(list[Airing]),
        JsonCodec(list[SeasonTitle]),
        Freshness(SCHEDULE_FRESH, stale, not_found),
        Freshness(settings.cache_search_ttl, stale, not_found),
    )


def open_suggestions(
    seen: SeenTitles, lookup: CachedLookup, top_queries: TopQueries, clock: Clock
) -> DidYouMean:
    codecs = CachedTitles(
        JsonCodec(list[DramaHit]), JsonCodec(list[MovieHit]), JsonCodec(Drama), JsonCodec(Movie)
    )
    return DidYouMean(seen, RapidfuzzMatcher(), top_queries, lookup, codecs, clock)
