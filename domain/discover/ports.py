"""What discovery needs from the outside world."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from domain.discover.calendar import Airing, SeasonTitle


class CalendarSource(Protocol):
    """MyDramaList's calendars. Raises ``UpstreamUnavailable``; never returns None."""

    async def schedule(self) -> list[Airing]:
        """Every episode on the episode calendar (several days around today)."""
        ...

    async def season(self, year: int, quarter: int) -> list[SeasonTitle]:
        """The quarter's titles; an empty list when MyDramaList lists none."""
        ...


class TitleMatcher(Protocol):
    """Fuzzy matching of a query against known titles (a library does the scoring)."""

    def closest(self, query: str, titles: Sequence[str], limit: int) -> list[int]:
        """Indices of up to ``limit`` of ``titles`` close enough to ``query``, best first."""
        ...


class TopQueries(Protocol):
    """The most asked queries (normalised), with how often each was asked."""

    async def top_queries(self, limit: int) -> list[tuple[str, int]]: ...
