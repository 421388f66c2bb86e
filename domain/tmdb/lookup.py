"""TMDB lookups through the shared cache policy (fresh, stale-on-failure, single-flight).

Three kinds of entry: an IMDb id's TMDB title (``tmdb:find``), a MyDramaList
title's match (``tmdb:match``, kept long: a match does not change; also kept in
the database when one is given), and the
details with offers and videos (``tmdb:title``). A title TMDB lacks is a
cached ``NotFound``, like any other source's.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from domain.errors import NotFound, StorageUnavailable, UpstreamUnavailable
from domain.lookup import CachedLookup, Codec, Fetched, Freshness
from domain.titles import drama_key
from domain.tmdb.matching import TitleFacts, choose, known_as, near
from domain.tmdb.models import TmdbCandidate, TmdbRef, TmdbTitle
from domain.tmdb.ports import MatchRepository, TitleDatabase

NO_MATCH = "TMDB has no title that surely is this one"
MAX_ALTERNATIVE_CHECKS = 3


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
        matches: MatchRepository | None = None,
    ) -> None:
        self._source = source
        self._lookup = lookup
        self._codecs = codecs
        self._details = details_freshness
        self._match = match_freshness
        self._matches = matches

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
        key = drama_key(slug)
        stored = await self._stored(key)
        if stored is not None:
            return await self._title(Fetched(stored))

        async def match() -> TmdbRef:
            found = []
            for title in want.titles[:3]:
                found += await self._source.search(want.kind, title, want.year)
            chosen = choose(found, want)
            ref = chosen.ref if chosen is not None else await self._by_alternatives(found, want)
            if ref is None:
                raise NotFound(NO_MATCH)
            if self._matches is not None:
                with contextlib.suppress(StorageUnavailable):
                    await self._matches.put(key, ref)
            return ref

        ref = await self._lookup.get("tmdb:match", key, match, self._codecs.ref, self._match)
        return await self._title(ref)

    async def _by_alternatives(
        self, found: list[TmdbCandidate], want: TitleFacts
    ) -> TmdbRef | None:
        """Search results carry TMDB's main and original titles only: a title known there
        under another name is checked against its alternative titles (in its details)."""
        fitting = []
        for candidate in near(found, want)[:MAX_ALTERNATIVE_CHECKS]:
            details = await self.title(candidate.ref)
            if known_as(details.value.also_known_as, want):
                fitting.append(candidate.ref)
        return fitting[0] if len(fitting) == 1 else None

    async def _stored(self, key: str) -> TmdbRef | None:
        if self._matches is None:
            return None
        try:
            return await self._matches.get(key)
        except StorageUnavailable:
            return None

    async def matched_drama(self, slug: str) -> Fetched[TmdbTitle]:
        """The title matched earlier for ``slug`` (kuryana may be down now); ``NotFound``."""
        stored = await self._stored(drama_key(slug))
        if stored is not None:
            return await self._title(Fetched(stored))

        async def unknown() -> TmdbRef:
            # Not a "not found" (that would be cached over a later real match): the
            # lookup serves a cached match, or lets this through.
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
