"""The in-process cache under 100,000 distinct titles: its peak in bytes against its bound.

    .venv/bin/python bench/cache_memory.py               # 100k titles, MEMORY_CACHE_MB=256 and 64
    .venv/bin/python bench/cache_memory.py --quick       # 5k titles, for CI

With no Redis configured the in-process cache holds every lookup. Each title
is looked up the way users reach it: a search that finds three dramas, the
details card of each, then the cast and the episodes of the first. Entries are
the real ones: kuryana's answers (the fixtures, renamed per title) parsed by
the real adapter and encoded by the real codec, through the real cache policy
(``CachedLookup`` over the cache ``open_services`` builds), without HTTP in
between, since the subject is the cache and not the transport.

Printed: bytes written in all, the cache's peak held (its own accounting of
keys, values and per-entry overhead), the bound, entries held at the end, the
process's RSS before, at peak and after, and what a bound of 50,000 entries
alone (the bound before this one) would have let the same entries take.
Exit status 1 when the cache held more than its bound.
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import gc
import json
import sys
from collections.abc import Sequence
from contextlib import AsyncExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from adapters.mydramalist.parse import (
    parse_cast,
    parse_drama,
    parse_episodes,
    parse_search,
)
from app.wiring.bootstrap import _freshness, _open_cache
from bench.support import rss_mb
from domain.clock import SystemClock
from domain.lookup import CachedLookup
from domain.mydramalist.lookup import DramaCodecs, DramaLookup
from domain.titles import Drama, DramaCast, DramaEpisodes, DramaHit
from infra.cache.memory import MemoryCache
from infra.codec import JsonCodec
from infra.config import Settings
from tests.fakes.kuryana import FIXTURES

ENTRY_BOUND_BEFORE = 50_000


def _fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


class SyntheticKuryana:
    """kuryana's answers for title ``n``, made on demand from the fixtures (holding 100k
    titles' JSON in the fake itself would dwarf the cache being measured)."""

    def __init__(self) -> None:
        self._search = _fixture("search_goblin.json")
        self._drama = _fixture("drama_goblin.json")["data"]
        self._cast = _fixture("cast_goblin.json")["data"]
        self._episodes = _fixture("episodes_goblin.json")["data"]

    async def search(self, query: str) -> list[DramaHit]:
        n = int(query.rsplit(" ", 1)[1])
        body = copy.deepcopy(self._search)
        dramas = body["results"]["dramas"][:3]
        for i, hit in enumerate(dramas):
            hit["slug"] = f"{n * 10 + i}-bench-title-{n}-{i}"
            hit["title"] = f"Bench Title {n} part {i}"
        body["results"]["dramas"] = dramas
        return parse_search(body)

    async def details(self, slug: str) -> Drama:
        data = copy.deepcopy(self._drama)
        data.update(title=f"Bench {slug}", link=f"https://mydramalist.com/{slug}")
        data["synopsis"] = f"{data.get('synopsis', '')} ({slug})"
        return parse_drama(data, slug)

    async def cast(self, slug: str) -> DramaCast:
        return parse_cast(copy.deepcopy(self._cast), slug)

    async def episodes(self, slug: str) -> DramaEpisodes:
        return parse_episodes(copy.deepcopy(self._episodes), slug)


@dataclass
class Figures:
    titles: int
    bound_mb: int
    written: int = 0  # bytes of every entry written, as the cache counts them
    writes: int = 0
    peak: int = 0
    held: int = 0
    entries: int = 0
    rss_before: float = 0.0
    rss_peak: float = 0.0
    rss_after: float = 0.0

    @property
    def mean_entry(self) -> float:
        return self.written / max(1, self.writes)


class CountingMemory(MemoryCache):
    """The real cache; it also adds up what was written to it and its highest holding."""

    figures: Figures

    def put(self, namespace: str, key: str, value: bytes, ttl: float) -> None:
        super().put(namespace, key, value, ttl)
        self.figures.written += len(namespace) + len(key) + len(value) + 200
        self.figures.writes += 1
        self.figures.peak = max(self.figures.peak, self.bytes)


def memory_of(stack_cache: Any) -> MemoryCache:
    inner = stack_cache.inner
    assert isinstance(inner, MemoryCache), "bench runs without Redis"
    return inner


async def run(titles: int, bound_mb: int) -> Figures:
    values = {"BOT_TOKEN": "1:bench", "API_ID": 1, "API_HASH": "0" * 32}
    settings = Settings(_env_file=None, **values, MEMORY_CACHE_MB=bound_mb)  # type: ignore[call-arg, arg-type]
    figures = Figures(titles, bound_mb)
    gc.collect()
    figures.rss_before = rss_mb()[0]
    async with AsyncExitStack() as stack:
        cache, _ = await _open_cache(settings, stack)
        memory = memory_of(cache)
        memory.__class__ = CountingMemory
        memory.figures = figures  # type: ignore[attr-defined]
        search, details = _freshness(settings)
        dramas = DramaLookup(
            SyntheticKuryana(),
            CachedLookup(cache, SystemClock()),
            DramaCodecs(
                JsonCodec(list[DramaHit]),
                JsonCodec(Drama),
                JsonCodec(DramaCast),
                JsonCodec(DramaEpisodes),
            ),
            search,
            details,
        )
        for n in range(titles):
            hits = (await dramas.search(f"bench title {n}")).value
            for hit in hits:
                await dramas.details(hit.slug)
            await dramas.cast(hits[0].slug)
            await dramas.episodes(hits[0].slug)
            if n % 5000 == 0:
                figures.rss_peak = max(figures.rss_peak, rss_mb()[0])
        figures.held = memory.bytes
        figures.entries = len(memory._data)
        figures.rss_peak = max(figures.rss_peak, rss_mb()[0])
    gc.collect()
    figures.rss_after = rss_mb()[0]
    return figures


def mib(n: float) -> str:
    return f"{n / 2**20:.1f}"


def report(f: Figures) -> str:
    bound = f.bound_mb * 2**20
    by_count = min(f.writes, ENTRY_BOUND_BEFORE) * f.mean_entry
    return (
        f"MEMORY_CACHE_MB={f.bound_mb}: {f.titles} titles, {f.writes} entries written "
        f"({mib(f.written)} MiB, {f.mean_entry / 1024:.1f} KiB each); peak held "
        f"{mib(f.peak)} MiB of {mib(bound)} MiB, {f.entries} entries at the end; "
        f"RSS {f.rss_before:.0f} / {f.rss_peak:.0f} / {f.rss_after:.0f} MiB "
        f"(before / peak / after); a 50k-entry bound alone would hold {mib(by_count)} MiB"
    )


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="5,000 titles, for CI")
    parser.add_argument("--titles", type=int)
    parser.add_argument("--mb", type=int, action="append", help="MEMORY_CACHE_MB (repeatable)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    titles = args.titles or (5_000 if args.quick else 100_000)
    bounds = args.mb or ([16] if args.quick else [256, 64])
    runs = [asyncio.run(run(titles, mb)) for mb in bounds]
    for f in runs:
        print(report(f))
    over = [f for f in runs if f.peak > f.bound_mb * 2**20]
    pairs = " ".join(
        f"cache_peak_mb_{f.bound_mb}={f.peak / 2**20:.1f} rss_peak_mb_{f.bound_mb}={f.rss_peak:.0f}"
        for f in runs
    )
    print(
        f"titles={titles} entries_written={runs[0].writes} "
        f"written_mb={runs[0].written / 2**20:.1f} {pairs} over_bound={len(over)}"
    )
    return 1 if over else 0


if __name__ == "__main__":
    raise SystemExit(main())
