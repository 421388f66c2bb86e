"""The sources, remembering the titles they return (for "did you mean").

Each wraps a source port and hands its answers on unchanged; what it answered
is recorded in ``SeenTitles``, so every remembered title is one an upstream gave.
"""

from __future__ import annotations

from domain.discover.suggest import (
    IMDB,
    MDL,
    SeenTitles,
    Suggestion,
    from_drama_hits,
    from_movie_hits,
)
from domain.imdb.ports import MovieSource
from domain.mydramalist.ports import DramaSource
from domain.titles import Drama, DramaCast, DramaEpisodes, DramaHit, Movie, MovieHit


class RememberingDramas:
    def __init__(self, source: DramaSource, seen: SeenTitles) -> None:
        self._source = source
        self._seen = seen

    async def search(self, query: str) -> list[DramaHit]:
        hits = await self._source.search(query)
        self._seen.remember(from_drama_hits(hits))
        return hits

    async def details(self, slug: str) -> Drama:
        drama = await self._source.details(slug)
        if drama.title:
            self._seen.remember([Suggestion(MDL, drama.slug or slug, drama.title, drama.year)])
        return drama

    async def cast(self, slug: str) -> DramaCast:
        return await self._source.cast(slug)

    async def episodes(self, slug: str) -> DramaEpisodes:
        return await self._source.episodes(slug)


class RememberingMovies:
    def __init__(self, source: MovieSource, seen: SeenTitles) -> None:
        self._source = source
        self._seen = seen

    async def search(self, query: str, year: int | None = None) -> list[MovieHit]:
        hits = await self._source.search(query, year)
        self._seen.remember(from_movie_hits(hits))
        return hits

    async def details(self, imdb_id: str) -> Movie:
        movie = await self._source.details(imdb_id)
        if movie.title:
            year = str(movie.year or "")
            self._seen.remember([Suggestion(IMDB, movie.imdb_id or imdb_id, movie.title, year)])
        return movie
