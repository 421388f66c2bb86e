"""Watching dramas: /watch, /unwatch, /watchlist and /timezone as one use case."""

from __future__ import annotations

from dataclasses import dataclass

from domain.airing.ports import AiringRepository, TimezoneRepository, WatchRepository
from domain.airing.schedule import can_watch, first_state
from domain.airing.text import nothing_to_watch
from domain.airing.timezones import DEFAULT_ZONE, resolve_zone
from domain.airing.watches import AiringState, Watch
from domain.errors import InvalidInput, NotFound
from domain.i18n import gettext, ngettext
from domain.mydramalist.lookup import DramaLookup
from domain.ports import Clock
from domain.titles import Drama, drama_key


@dataclass(frozen=True, slots=True)
class Watched:
    drama: Drama
    added: bool  # False when the user already watched it


class Watchlists:
    def __init__(
        self,
        watches: WatchRepository,
        airing: AiringRepository,
        zones: TimezoneRepository,
        dramas: DramaLookup,
        clock: Clock,
        limit: int,
    ) -> None:
        self._watches = watches
        self._airing = airing
        self._zones = zones
        self._dramas = dramas
        self._clock = clock
        self.limit = limit

    async def slug_of_query(self, query: str) -> tuple[str, str]:
        """The top MyDramaList hit for ``query``: (slug, title)."""
        hits = (await self._dramas.search(query)).value
        if not hits:
            raise NotFound(
                gettext(
                    "No dramas found for “{query}”. Try /watch with a MyDramaList link.",
                    query=query,
                )
            )
        return hits[0].slug, hits[0].title

    async def watch(self, user_id: int, slug: str) -> Watched:
        try:
            drama = (await self._dramas.details(slug)).value
        except NotFound:
            raise NotFound(
                gettext("MyDramaList has no title at “{slug}”. Check the link.", slug=slug)
            ) from None
        if not can_watch(drama):
            raise InvalidInput(nothing_to_watch(drama))
        now = self._clock.now()
        # By title, not slug: "18452" and "18452-goblin" are one drama.
        already = {drama_key(w.slug) for w in await self._watches.of_user(user_id)}
        if drama_key(drama.slug) not in already and len(already) >= self.limit:
            raise InvalidInput(
                ngettext(
                    "You already watch {n} drama, the most I keep per person.",
                    "You already watch {n} dramas, the most I keep per person.",
                    len(already),
                ),
                hint=gettext("Make room with /watchlist (Unwatch buttons) or /unwatch <link>."),
            )
        # The airing state first: a watch never exists without something to refresh.
        if await self._airing.get(drama.slug) is None:
            await self._airing.save(first_state(drama, now))
        added = await self._watches.add(Watch(user_id, drama.slug, drama.title, now))
        return Watched(drama, added)

    async def unwatch(self, user_id: int, slug: str) -> Watch | None:
        """The watch removed, or None when the user did not watch ``slug``."""
        key = drama_key(slug)
        mine = await self._watches.of_user(user_id)
        found = next((w for w in mine if drama_key(w.slug) == key), None)
        if found is None or not await self._watches.remove(user_id, slug):
            return None
        if not await self._watches.watchers(slug):
            await self._airing.delete(slug)  # nobody left: stop refreshing it
        return found

    async def entries(self, user_id: int) -> list[tuple[Watch, AiringState | None]]:
        return [(w, await self._airing.get(w.slug)) for w in await self._watches.of_user(user_id)]

    async def zone(self, user_id: int) -> str:
        return await self._zones.get(user_id) or DEFAULT_ZONE

    async def set_zone(self, user_id: int, text: str) -> str:
        zone = resolve_zone(text)
        await self._zones.set(user_id, zone)
        return zone
