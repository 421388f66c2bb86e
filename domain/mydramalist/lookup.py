"""MyDramaList lookups through the shared cache policy."""

from __future__ import annotations

from dataclasses import dataclass

from domain.lookup import CachedLookup, Codec, Fetched, Freshness
from domain.mydramalist.ports import DramaSource
from domain.titles import Drama, DramaCast, DramaEpisodes, DramaHit


@dataclass(frozen=True, slots=True)
class DramaCodecs:
    hits: Codec[list[DramaHit]]
    drama: Codec[Drama]
    cast: Codec[DramaCast]
    episodes: Codec[DramaEpisodes]


class DramaLookup:
    SOURCE = "mdl"

    def __init__(
        self,
        source: DramaSource,
        lookup: CachedLookup,
        codecs: DramaCodecs,
        search_freshness: Freshness,
        details_freshness: Freshness,
    ) -> None:
        self._source = source
        self._lookup = lookup
        self._codecs = codecs
        self._search = search_freshness
        self._details = details_freshness

    async def search(self, query: str) -> Fetched[list[DramaHit]]:
        return await self._lookup.get(
            "mdl:search", query, lambda: self._source.search(query), self._codecs.hits, self._search
        )

    async def details(self, slug: str) -> Fetched[Drama]:
        return await self._lookup.get(
            "mdl:title", slug, lambda: self._source.details(slug), self._codecs.drama, self._details
        )

    async def refresh(self, slug: str) -> Fetched[Drama]:
        """Details fetched again past the fresh period (the airing scheduler's call).

        Same cache entry and single-flight as ``details``: the new copy serves
        every lookup, and an outage answers with the cached copy marked stale.
        """
        return await self._lookup.reload(
            "mdl:title", slug, lambda: self._source.details(slug), self._codecs.drama, self._details
        )

    async def cast(self, slug: str) -> Fetched[DramaCast]:
        return await self._lookup.get(
            "mdl:cast", slug, lambda: self._source.cast(slug), self._codecs.cast, self._details
        )

    async def episodes(self, slug: str) -> Fetched[DramaEpisodes]:
        return await self._lookup.get(
            "mdl:episodes",
            slug,
            lambda: self._source.episodes(slug),
            self._codecs.episodes,
            self._details,
        )
