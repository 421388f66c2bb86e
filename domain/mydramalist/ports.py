"""What MyDramaList lookups need from the outside world."""

from __future__ import annotations

from typing import Protocol

from domain.titles import Drama, DramaCast, DramaEpisodes, DramaHit


class DramaSource(Protocol):
    """MyDramaList. Raises ``NotFound`` or ``UpstreamUnavailable``, never returns None."""

    async def search(self, query: str) -> list[DramaHit]:
        """Hits in upstream order; an empty list when nothing matches."""
        ...

    async def details(self, slug: str) -> Drama: ...

    async def cast(self, slug: str) -> DramaCast: ...

    async def episodes(self, slug: str) -> DramaEpisodes: ...
