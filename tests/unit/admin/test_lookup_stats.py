"""Lookup statistics gathered in memory and written in batches."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

import pytest

from domain.admin.lookup_stats import FLUSH_AT, BufferedLookupStats
from domain.errors import StorageUnavailable
from tests.fakes.clock import SettableClock


class Store:
    def __init__(self) -> None:
        self.batches: list[tuple[dict[str, int], dict[str, tuple[int, datetime]]]] = []
        self.fail = False

    async def record(self, source: str, query: str, at: datetime) -> None:
        raise AssertionError("one write per lookup is what the buffer is for")

    async def add(
        self, sources: Mapping[str, int], queries: Mapping[str, tuple[int, datetime]]
    ) -> None:
        if self.fail:
            raise StorageUnavailable("down")
        self.batches.append((dict(sources), dict(queries)))

    async def by_source(self) -> dict[str, int]:
        totals: dict[str, int] = {}
        for sources, _ in self.batches:
            for name, count in sources.items():
                totals[name] = totals.get(name, 0) + count
        return totals

    async def top_queries(self, limit: int) -> list[tuple[str, int]]:
        return []


async def test_lookups_are_written_together_and_before_any_read() -> None:
    store, clock = Store(), SettableClock()
    stats = BufferedLookupStats(store, clock)
    for _ in range(3):
        await stats.record("mdl", "goblin", clock.now())
    await stats.record("imdb", "", clock.now())
    assert store.batches == []
    assert await stats.by_source() == {"mdl": 3, "imdb": 1}
    assert len(store.batches) == 1
    assert store.batches[0][1] == {"goblin": (3, clock.now())}


async def test_a_batch_is_written_after_a_few_seconds_or_many_lookups() -> None:
    store, clock = Store(), SettableClock()
    stats = BufferedLookupStats(store, clock)
    await stats.record("mdl", "a", clock.now())
    clock.advance(6)
    await stats.record("mdl", "b", clock.now())
    assert len(store.batches) == 1
    for _ in range(FLUSH_AT):
        await stats.record("imdb", "", clock.now())
    assert len(store.batches) == 2


async def test_a_failed_write_keeps_the_counts_for_the_next_one() -> None:
    store, clock = Store(), SettableClock()
    stats = BufferedLookupStats(store, clock)
    await stats.record("mdl", "goblin", clock.now())
    store.fail = True
    with pytest.raises(StorageUnavailable):
        await stats.flush()
    store.fail = False
    await stats.record("mdl", "goblin", clock.now())
    await stats.flush()
    assert store.batches == [({"mdl": 2}, {"goblin": (2, clock.now())})]
