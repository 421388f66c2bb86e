"""What the TMDB capability needs from the outside world."""

from __future__ import annotations

from typing import Protocol

from domain.tmdb.models import TmdbCandidate, TmdbRef, TmdbTitle


class TitleDatabase(Protocol):
    """TMDB. Raises ``NotFound`` or ``UpstreamUnavailable`` (a refused key is the latter)."""

    async def find_imdb(self, imdb_id: str) -> TmdbRef:
        """The title with this IMDb id; ``NotFound`` when TMDB has none."""
        ...

    async def search(self, kind: str, query: str, year: int | None) -> list[TmdbCandidate]: ...

    async def details(self, ref: TmdbRef) -> TmdbTitle:
        """Details with offers of every country and the trailer, in one call."""
        ...


class MatchRepository(Protocol):
    """MyDramaList title (``drama_key``) → its TMDB title, kept once matched for sure."""

    async def get(self, title_key: str) -> TmdbRef | None: ...

    async def put(self, title_key: str, ref: TmdbRef) -> None: ...


class RegionRepository(Protocol):
    """Each user's country for "where to watch" (ISO 3166-1 alpha-2, upper case)."""

    async def get(self, user_id: int) -> str | None: ...

    async def set(self, user_id: int, region: str) -> None: ...

    async def delete(self, user_id: int) -> None: ...
