"""What IMDb lookups need from the outside world."""

from __future__ import annotations

from typing import Protocol

from domain.titles import Movie, MovieHit


class MovieSource(Protocol):
    """IMDb. Raises ``NotFound``, ``InvalidInput`` or ``UpstreamUnavailable``."""

    async def search(self, query: str, year: int | None = None) -> list[MovieHit]: ...

    async def details(self, imdb_id: str) -> Movie: ...
