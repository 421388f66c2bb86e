"""TMDB lookups through the shared cache policy (fresh, stale-on-failure, single-flight).

Three kinds of entry: an IMDb id's TMDB title (``tmdb:find``), a MyDramaList
title's match (``tmdb:match``, kept long: a match does not change), and the
details with offers and videos (``tmdb:title``). A title TMDB lacks is a
cached ``NotFound``, like any other source's.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.errors import NotFound, UpstreamUnavailable
from domain.lookup import CachedLookup, Codec, Fetched, Freshness
from domain.titles import drama_key
from domain.tmdb.matching import TitleFacts, choose
from domain.tmdb.models import TmdbRef, TmdbTitle
from domain.tmdb.ports import TitleDatabase

NO_MATCH = "TMDB has no title that surely is this one"


@dataclass(frozen=True, slots=True)
class TmdbCodecs:
    ref: Codec[TmdbRef]
    title: Codec[TmdbTitle]


class TmdbLookup:
    def __init__(
        self,
        source: TitleDatabase,
        lookup: CachedLookup,
        codecs: TmdbCodecs,
        details_freshness: Freshness,
        match_freshness: Freshness,
    ) -> None:
        self._source = source
        self._lookup = lookup
        self._codecs = codecs
        self._details = details_freshness
        self._match = match_freshness

    async def for_imdb(self, imdb_id: str) -> Fetched[TmdbTitle]:
        ref = await self._lookup.get(
            "tmdb:find",
            imdb_id,
            lambda: self._source.find_imdb(imdb_id),
            self._codecs.ref,
            self._match,
        )
        return await self._title(ref)

    async def for_drama(self, slug: str, want: TitleFacts) -> Fetched[TmdbTitle]:
        """The TMDB title of a MyDramaList title; ``NotFound`` when no match is sure."""

        async def match() -> TmdbRef:
            found = []
            for title in want.titles[:3]:
                found += await self._source.search(want.kind, title, want.year)
            chosen = choose(found, want)
            if chosen is None:
                raise NotFound(NO_MATCH)
            return chosen.ref

        ref = await self._lookup.get(
            "tmdb:match", drama_key(slug), match, self._codecs.ref, self._match
        )
        return await self._title(ref)

    async def matched_drama(self, slug: str) -> Fetched[TmdbTitle]:
        """The title matched earlier for ``slug`` (kuryana may be down now); ``NotFound``."""

        async def unknown() -> TmdbRef:
            # Not a "not found" (that would be cached over a later real match): the
            # lookup serves the stored match, or lets this through.
            raise UpstreamUnavailable("TMDB", "no stored match")

        try:
            ref = await self._lookup.get(
                "tmdb:match", drama_key(slug), unknown, self._codecs.ref, self._match
            )
        except UpstreamUnavailable as exc:
            if exc.reason != "no stored match":
                raise
            raise NotFound(NO_MATCH) from None
        return await self._title(ref)

    async def title(self, ref: TmdbRef) -> Fetched[TmdbTitle]:
        return await self._lookup.get(
            "tmdb:title",
            ref.key,
            lambda: self._source.details(ref),
            self._codecs.title,
            self._details,
        )

    async def _title(self, ref: Fetched[TmdbRef]) -> Fetched[TmdbTitle]:
        title = await self.title(ref.value)
        return Fetched(title.value, title.stale or ref.stale)
