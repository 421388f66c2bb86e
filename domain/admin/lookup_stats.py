"""Lookup statistics counted in memory and written in batches.

Counting every lookup with its own database write was a large share of a
cached lookup's cost. Counts now gather in memory and are added in one
write every few seconds (or sooner when many are waiting), before any read,
and at shutdown; a crash loses at most those few seconds of statistics.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import datetime

from domain.admin.ports import LookupStatsRepository
from domain.ports import Clock

FLUSH_EVERY = 5.0  # seconds
FLUSH_AT = 500  # pending lookups


class BufferedLookupStats:
    def __init__(self, repo: LookupStatsRepository, clock: Clock) -> None:
        self._repo = repo
        self._clock = clock
        self._sources: Counter[str] = Counter()
        self._queries: dict[str, tuple[int, datetime]] = {}
        self._pending = 0
        self._since: datetime | None = None

    async def record(self, source: str, query: str, at: datetime) -> None:
        self._sources[source] += 1
        if query:
            count, _ = self._queries.get(query, (0, at))
            self._queries[query] = (count + 1, at)
        self._pending += 1
        self._since = self._since or at
        if self._pending >= FLUSH_AT or (at - self._since).total_seconds() >= FLUSH_EVERY:
            await self.flush()

    async def add(
        self, sources: Mapping[str, int], queries: Mapping[str, tuple[int, datetime]]
    ) -> None:
        await self.flush()
        await self._repo.add(sources, queries)

    async def flush(self) -> None:
        if not self._pending:
            return
        sources, queries = dict(self._sources), dict(self._queries)
        self._sources, self._queries, self._pending, self._since = Counter(), {}, 0, None
        try:
            await self._repo.add(sources, queries)
        except Exception:
            # Put them back: the next flush tries again, nothing is counted twice.
            self._sources.update(sources)
            for query, (count, at) in queries.items():
                old, _ = self._queries.get(query, (0, at))
                self._queries[query] = (old + count, at)
            self._pending += sum(sources.values())
            raise

    async def by_source(self) -> dict[str, int]:
        await self.flush()
        return await self._repo.by_source()

    async def top_queries(self, limit: int) -> list[tuple[str, int]]:
        await self.flush()
        return await self._repo.top_queries(limit)
