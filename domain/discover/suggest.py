"""Did you mean: close titles for a search that found nothing.

Suggestions come only from titles an upstream has given the bot, each with the
id its card opens by, so a suggestion always exists: titles seen in this
process (search hits and cards, recorded as the sources answer), the hits
cached for the most asked queries (read from the cache, never asked again),
and the asker's own last cards. A fuzzy-matching library scores them.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from domain.discover.ports import TitleMatcher, TopQueries
from domain.errors import StorageUnavailable
from domain.lookup import CachedLookup, Codec, normalise_key
from domain.ports import Clock
from domain.titles import Drama, DramaHit, Movie, MovieHit, drama_key

MDL = "mdl"
IMDB = "imdb"
LIMIT = 3
MAX_SEEN = 20_000
TOP_QUERIES = 100
TOP_REFRESH = 300.0  # seconds between readings of the top queries' cached hits
MIN_QUERY_CHARS = 3
MAX_QUERY_CHARS = 100


@dataclass(frozen=True, slots=True)
class Suggestion:
    source: str  # MDL or IMDB
    ident: str  # the slug or IMDb id the card opens by
    title: str
    year: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return self.source, drama_key(self.ident) if self.source == MDL else self.ident


def from_drama_hits(hits: Iterable[DramaHit]) -> list[Suggestion]:
    return [
        Suggestion(MDL, h.slug, h.title, str(h.year or ""))
        for h in hits
        if not h.person and h.title
    ]


def from_movie_hits(hits: Iterable[MovieHit]) -> list[Suggestion]:
    return [
        Suggestion(IMDB, h.imdb_id, h.title, str(h.year or ""))
        for h in hits
        if not h.person and h.title
    ]


class SeenTitles:
    """The titles upstreams gave this process, the most recent kept (bounded)."""

    def __init__(self, limit: int = MAX_SEEN) -> None:
        self._limit = limit
        self._titles: OrderedDict[tuple[str, str], Suggestion] = OrderedDict()

    def remember(self, suggestions: Iterable[Suggestion]) -> None:
        for suggestion in suggestions:
            self._titles[suggestion.key] = suggestion
            self._titles.move_to_end(suggestion.key)
        while len(self._titles) > self._limit:
            self._titles.popitem(last=False)

    def all(self) -> list[Suggestion]:
        return list(self._titles.values())


@dataclass(frozen=True, slots=True)
class CachedTitles:
    """How to read titles already in the cache (the namespaces and codecs of the lookups)."""

    drama_hits: Codec[list[DramaHit]]
    movie_hits: Codec[list[MovieHit]]
    drama: Codec[Drama]
    movie: Codec[Movie]


class DidYouMean:
    def __init__(
        self,
        seen: SeenTitles,
        matcher: TitleMatcher,
        top_queries: TopQueries,
        lookup: CachedLookup,
        codecs: CachedTitles,
        clock: Clock,
    ) -> None:
        self._seen = seen
        self._matcher = matcher
        self._top = top_queries
        self._lookup = lookup
        self._codecs = codecs
        self._clock = clock
        self._popular: list[Suggestion] = []
        self._popular_at: datetime | None = None

    async def suggest(
        self, query: str, sources: Sequence[str], recent: Sequence[tuple[str, str]] = ()
    ) -> list[Suggestion]:
        """Up to three titles close to ``query`` from ``sources``, best first.

        ``recent``: (source, id) of the asker's last cards, read from the cache.
        """
        wanted = normalise_key(query)
        if not MIN_QUERY_CHARS <= len(wanted) <= MAX_QUERY_CHARS:
            return []
        pool: dict[tuple[str, str], Suggestion] = {}
        for suggestion in [
            *await self._recent(recent),
            *await self._popular_titles(),
            *self._seen.all(),
        ]:
            if suggestion.source in sources:
                pool[suggestion.key] = suggestion
        candidates = list(pool.values())
        picked: list[Suggestion] = []
        labels: set[tuple[str, str, str]] = set()
        for index in self._matcher.closest(wanted, [c.title for c in candidates], LIMIT * 3):
            candidate = candidates[index]
            label = (candidate.source, candidate.title.casefold(), candidate.year)
            if label in labels:  # one title under two ids: shown once
                continue
            labels.add(label)
            picked.append(candidate)
            if len(picked) == LIMIT:
                break
        return picked

    async def _recent(self, recent: Sequence[tuple[str, str]]) -> list[Suggestion]:
        found = []
        for source, ident in recent:
            if source == MDL:
                drama = await self._lookup.peek("mdl:title", drama_key(ident), self._codecs.drama)
                if drama is not None and drama.title:
                    found.append(Suggestion(MDL, drama.slug or ident, drama.title, drama.year))
            elif source == IMDB:
                movie = await self._lookup.peek("imdb:title", ident, self._codecs.movie)
                if movie is not None and movie.title:
                    year = str(movie.year or "")
                    found.append(Suggestion(IMDB, movie.imdb_id or ident, movie.title, year))
        return found

    async def _popular_titles(self) -> list[Suggestion]:
        """The cached hits of the most asked queries, read again every few minutes."""
        now = self._clock.now()
        if self._popular_at is not None and (now - self._popular_at).total_seconds() < TOP_REFRESH:
            return self._popular
        self._popular_at = now
        try:
            queries = await self._top.top_queries(TOP_QUERIES)
        except StorageUnavailable:  # bookkeeping storage down: suggest from what else is known
            return self._popular
        found: list[Suggestion] = []
        for query, _ in queries:
            dramas = await self._lookup.peek("mdl:search", query, self._codecs.drama_hits)
            movies = await self._lookup.peek("imdb:search", f"{query}|", self._codecs.movie_hits)
            found += from_drama_hits(dramas or [])
            found += from_movie_hits(movies or [])
        self._popular = found
        return found
