"""MyDramaList lookups through the shared cache policy."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, replace

from domain.lookup import CachedLookup, Codec, Fetched, Freshness, normalise_key
from domain.mydramalist.links import mdl_url
from domain.mydramalist.ports import DramaSource
from domain.titles import Drama, DramaCast, DramaEpisodes, DramaHit, drama_key, richer_slug

MAX_NAMES = 50_000  # about 3 MB of slugs at most
MAX_PEOPLE_QUERIES = 1_000


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
        # The named slug of each title id seen in a search or a request, so a
        # card opened by bare id links to the named page (kuryana never says).
        self._names: OrderedDict[str, str] = OrderedDict()
        self._people: OrderedDict[str, list[DramaHit]] = OrderedDict()

    def _remember(self, slug: str) -> str:
        """The best slug known for ``slug``'s title, after learning from it."""
        key = drama_key(slug)
        best = richer_slug(self._names.get(key, slug), slug)
        self._names[key] = best
        self._names.move_to_end(key)
        while len(self._names) > MAX_NAMES:
            self._names.popitem(last=False)
        return best

    async def search(self, query: str) -> Fetched[list[DramaHit]]:
        """The titles a search found (people are left out: see ``people``)."""
        fetched = await self._lookup.get(
            "mdl:search", query, lambda: self._source.search(query), self._codecs.hits, self._search
        )
        titles = [hit for hit in fetched.value if not hit.person]
        for hit in titles:
            self._remember(hit.slug)
        key = normalise_key(query)
        self._people[key] = [hit for hit in fetched.value if hit.person]
        self._people.move_to_end(key)
        while len(self._people) > MAX_PEOPLE_QUERIES:
            self._people.popitem(last=False)
        return Fetched(titles, fetched.stale)

    def people(self, query: str) -> list[DramaHit]:
        """The people matched by the last ``search`` of ``query`` (same answer, no call)."""
        return list(self._people.get(normalise_key(query), ()))

    # Titles are cached by MyDramaList id: "18452" and "18452-goblin" share one
    # entry (and one upstream call), whichever was asked first.
    async def details(self, slug: str) -> Fetched[Drama]:
        fetched = await self._lookup.get(
            "mdl:title",
            drama_key(slug),
            lambda: self._source.details(slug),
            self._codecs.drama,
            self._details,
        )
        return _named(fetched, self._remember(slug))

    async def refresh(self, slug: str) -> Fetched[Drama]:
        """Details fetched again past the fresh period (the airing scheduler's call).

        Same cache entry and single-flight as ``details``: the new copy serves
        every lookup, and an outage answers with the cached copy marked stale.
        """
        fetched = await self._lookup.reload(
            "mdl:title",
            drama_key(slug),
            lambda: self._source.details(slug),
            self._codecs.drama,
            self._details,
        )
        return _named(fetched, self._remember(slug))

    async def cast(self, slug: str) -> Fetched[DramaCast]:
        return await self._lookup.get(
            "mdl:cast",
            drama_key(slug),
            lambda: self._source.cast(slug),
            self._codecs.cast,
            self._details,
        )

    async def episodes(self, slug: str) -> Fetched[DramaEpisodes]:
        return await self._lookup.get(
            "mdl:episodes",
            drama_key(slug),
            lambda: self._source.episodes(slug),
            self._codecs.episodes,
            self._details,
        )


def _named(fetched: Fetched[Drama], asked: str) -> Fetched[Drama]:
    """The drama under the slug that names it, and its link to match.

    A title first fetched by bare id ("18452") carries that id as slug and
    kuryana's link to it; asked again by "18452-goblin", the name is known.
    """
    drama = fetched.value
    slug = richer_slug(drama.slug, asked)
    if slug == drama.slug:
        return fetched
    bare_link = drama.link in ("", mdl_url(drama.slug))
    link = mdl_url(slug) if bare_link else drama.link
    return Fetched(replace(drama, slug=slug, link=link), fetched.stale)
