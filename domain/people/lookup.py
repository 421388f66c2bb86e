"""People on both sources through the shared lookup policy.

Searching reuses each source's own search (cached, single-flight, with its
breaker): kuryana and IMDb both return people beside titles. Person pages are
cached per source and key; they change rarely, so their fresh period is long
(``PERSON_FRESH``, 7 days by default).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from domain.errors import DomainError, NotFound, UpstreamUnavailable
from domain.i18n import gettext
from domain.imdb.lookup import MovieLookup
from domain.lookup import CachedLookup, Codec, Fetched, Freshness
from domain.mydramalist.lookup import DramaLookup
from domain.people.merge import PeopleRow, merge_people
from domain.people.models import IMDB, MDL, SOURCE_NAMES, Person, PersonHit, split_ref
from domain.people.ports import PersonPages
from domain.titles import DramaHit, MovieHit

# Same-named people on both sources whose pages are read to compare birth years.
MAX_PAIRS_CHECKED = 3


@dataclass(frozen=True, slots=True)
class SideResult:
    hits: list[PersonHit]
    error: DomainError | None = None
    stale: bool = False


@dataclass(frozen=True, slots=True)
class PeopleFound:
    rows: list[PeopleRow]
    mdl: SideResult
    imdb: SideResult

    @property
    def stale(self) -> bool:
        return self.mdl.stale or self.imdb.stale

    def missing(self) -> list[str]:
        """Sources that did not answer (not those that answered with nobody)."""
        return [
            SOURCE_NAMES[source]
            for source, side in ((MDL, self.mdl), (IMDB, self.imdb))
            if isinstance(side.error, UpstreamUnavailable)
        ]


def mdl_person_hits(hits: list[DramaHit]) -> list[PersonHit]:
    return [
        PersonHit(MDL, h.slug.removeprefix("people/"), h.title, h.type, h.thumb)
        for h in hits
        if h.person
    ]


def imdb_person_hits(hits: list[MovieHit]) -> list[PersonHit]:
    return [PersonHit(IMDB, h.imdb_id, h.title, h.kind, h.cover_url) for h in hits if h.person]


class PeopleLookup:
    def __init__(
        self,
        dramas: DramaLookup,
        movies: MovieLookup,
        pages: dict[str, PersonPages],
        lookup: CachedLookup,
        codec: Codec[Person],
        freshness: Freshness,
    ) -> None:
        self._dramas = dramas
        self._movies = movies
        self._pages = pages
        self._lookup = lookup
        self._codec = codec
        self._freshness = freshness

    async def person(self, ref: str) -> Fetched[Person]:
        """The page of ``ref`` ("m:<slug>" or "i:nm…"); ``NotFound`` for a malformed one."""
        parsed = split_ref(ref)
        if parsed is None:
            raise NotFound(gettext("No such person."))
        source, key = parsed
        return await self._lookup.get(
            f"{source}:person",
            key,
            lambda: self._pages[source].person(key),
            self._codec,
            self._freshness,
        )

    async def search_mdl(self, query: str) -> SideResult:
        try:
            fetched = await self._dramas.search(query)
        except DomainError as exc:
            return SideResult([], exc)
        return SideResult(mdl_person_hits(self._dramas.people(query)), stale=fetched.stale)

    async def search_imdb(self, query: str) -> SideResult:
        try:
            fetched = await self._movies.search(query)
        except DomainError as exc:
            return SideResult([], exc)
        return SideResult(imdb_person_hits(self._movies.people(query)), stale=fetched.stale)

    async def search(self, query: str) -> PeopleFound:
        """Both sources at once, one list; a person on both is one row (name and birth year)."""
        mdl, imdb = await asyncio.gather(self.search_mdl(query), self.search_imdb(query))
        years = await self._birth_years(mdl.hits, imdb.hits)
        return PeopleFound(merge_people(mdl.hits, imdb.hits, years), mdl, imdb)

    async def _birth_years(
        self, mdl: list[PersonHit], imdb: list[PersonHit]
    ) -> dict[str, int | None]:
        """Birth years of the same-named pairs, read from their (cached) pages."""
        names = {_name_key(h.name) for h in imdb}
        pairs = [h for h in mdl if _name_key(h.name) in names][:MAX_PAIRS_CHECKED]
        wanted = {_name_key(h.name) for h in pairs}
        hits = pairs + [h for h in imdb if _name_key(h.name) in wanted][:MAX_PAIRS_CHECKED]
        found = await asyncio.gather(*(self._year_of(h.ref) for h in hits))
        return dict(zip((h.ref for h in hits), found, strict=True))

    async def _year_of(self, ref: str) -> int | None:
        try:
            return (await self.person(ref)).value.birth_year
        except DomainError:
            return None


def _name_key(name: str) -> str:
    return " ".join(name.casefold().replace("-", " ").split())
