"""IMDb lookups through the shared cache policy."""

from __future__ import annotations

from dataclasses import dataclass

from domain.imdb.ports import MovieSource
from domain.lookup import CachedLookup, Codec, Fetched, Freshness
from domain.titles import Movie, MovieHit

MAX_PEOPLE_QUERIES = 1_000


def _titles(hits: list[MovieHit]) -> list[MovieHit]:
    return [hit for hit in hits if not hit.person]


@dataclass(frozen=True, slots=True)
class MovieCodecs:
    hits: Codec[list[MovieHit]]
    movie: Codec[Movie]


class MovieLookup:
    def __init__(
        self,
        source: MovieSource,
        lookup: CachedLookup,
        codecs: MovieCodecs,
        search_freshness: Freshness,
        details_freshness: Freshness,
    ) -> None:
        self._source = source
        self._lookup = lookup
        self._codecs = codecs
        self._search = search_freshness
        self._details = details_freshness
        self._people: dict[str, list[MovieHit]] = {}

    async def search(self, query: str, year: int | None = None) -> Fetched[list[MovieHit]]:
        """Hits for ``query``; with a year that matches nothing, the plain query's hits.

        A trailing number is sometimes part of the title ("wonder woman 1984" is
        found either way, "apollo 13" only without a year filter).
        """
        hits = await self._search_once(query, year)
        if year is not None and not _titles(hits.value):
            hits = await self._search_once(query, None)
        # People are kept apart for ``people``: every caller here wants titles.
        self._people[query] = [hit for hit in hits.value if hit.person]
        if len(self._people) > MAX_PEOPLE_QUERIES:
            del self._people[next(iter(self._people))]
        return Fetched(_titles(hits.value), hits.stale)

    def people(self, query: str) -> list[MovieHit]:
        """The people matched by the last ``search`` of ``query`` (same answer, no call)."""
        return list(self._people.get(query, ()))

    async def _search_once(self, query: str, year: int | None) -> Fetched[list[MovieHit]]:
        key = f"{query}|{year or ''}"
        return await self._lookup.get(
            "imdb:search",
            key,
            lambda: self._source.search(query, year),
            self._codecs.hits,
            self._search,
        )

    async def details(self, imdb_id: str) -> Fetched[Movie]:
        return await self._lookup.get(
            "imdb:title",
            imdb_id,
            lambda: self._source.details(imdb_id),
            self._codecs.movie,
            self._details,
        )
