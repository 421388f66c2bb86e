"""Did you mean, below the bot: where suggestions come from, and what is never suggested."""

from __future__ import annotations

import pytest

from adapters.fuzzy import RapidfuzzMatcher
from domain.discover.suggest import (
    IMDB,
    MDL,
    CachedTitles,
    DidYouMean,
    SeenTitles,
    Suggestion,
)
from domain.errors import StorageUnavailable
from domain.lookup import CachedLookup, Freshness
from domain.titles import Drama, DramaHit, Movie, MovieHit
from infra.cache.memory import MemoryCache
from infra.codec import JsonCodec
from tests.fakes.clock import SettableClock

FRESH = Freshness(3600, 7 * 86400, 60)
CODECS = CachedTitles(
    JsonCodec(list[DramaHit]), JsonCodec(list[MovieHit]), JsonCodec(Drama), JsonCodec(Movie)
)


class Top:
    def __init__(self, queries: list[tuple[str, int]], down: bool = False) -> None:
        self.queries, self.down, self.calls = queries, down, 0

    async def top_queries(self, limit: int) -> list[tuple[str, int]]:
        self.calls += 1
        if self.down:
            raise StorageUnavailable("database down")
        return self.queries[:limit]


def make(
    top: Top, seen: SeenTitles | None = None
) -> tuple[DidYouMean, CachedLookup, SettableClock]:
    clock = SettableClock()
    lookup = CachedLookup(MemoryCache(), clock)
    return (
        DidYouMean(seen or SeenTitles(), RapidfuzzMatcher(), top, lookup, CODECS, clock),
        lookup,
        clock,
    )


async def hits(*found: DramaHit) -> list[DramaHit]:
    return list(found)


async def test_the_cached_hits_of_top_queries_are_suggested_without_asking_again() -> None:
    suggester, lookup, _ = make(Top([("goblin", 40)]))
    goblin = DramaHit("18452-goblin", "Goblin", 2016)
    person = DramaHit("people/1-gong-yoo", "Gong Yoo", person=True)
    await lookup.get("mdl:search", "goblin", lambda: hits(goblin, person), CODECS.drama_hits, FRESH)

    found = await suggester.suggest("gobline", [MDL])
    assert found == [Suggestion(MDL, "18452-goblin", "Goblin", "2016")]
    assert await suggester.suggest("gong yo", [MDL]) == []  # people are not titles
    assert await suggester.suggest("gobline", [IMDB]) == []  # only the sources asked


async def test_top_queries_are_read_every_few_minutes_and_an_outage_costs_nothing() -> None:
    top = Top([("goblin", 3)])
    seen = SeenTitles()
    seen.remember([Suggestion(IMDB, "tt0133093", "The Matrix", "1999")])
    suggester, _, clock = make(top, seen)
    await suggester.suggest("the matrx", [IMDB])
    await suggester.suggest("the matrx", [IMDB])
    assert top.calls == 1
    clock.advance(301)
    top.down = True
    found = await suggester.suggest("the matrx", [IMDB])
    assert top.calls == 2 and [s.title for s in found] == ["The Matrix"]


@pytest.mark.parametrize("query", ["go", "", "x" * 101])
async def test_too_short_or_too_long_queries_get_no_suggestions(query: str) -> None:
    seen = SeenTitles()
    seen.remember([Suggestion(MDL, "1-go", "Go", "")])
    suggester, _, _ = make(Top([]), seen)
    assert await suggester.suggest(query, [MDL]) == []


async def test_at_most_three_best_first_each_title_once() -> None:
    seen = SeenTitles()
    seen.remember(
        [
            Suggestion(MDL, "1-moon-river", "Moon River", "2026"),
            Suggestion(MDL, "1", "Moon River", "2026"),  # the same title by bare id
            Suggestion(MDL, "2-moon-rivers", "Moon Rivers", "2020"),
            Suggestion(MDL, "3-moon-river", "Moon River", "1999"),  # a remake: its own year
            Suggestion(MDL, "4-moon-rider", "Moon Rider", ""),
            Suggestion(MDL, "5-goblin", "Goblin", ""),
        ]
    )
    suggester, _, _ = make(Top([]), seen)
    found = await suggester.suggest("moon rivr", [MDL])
    assert len(found) == 3 and found[0].title == "Moon River"
    assert len({(s.title, s.year) for s in found}) == 3


def test_the_seen_book_is_bounded_and_keeps_the_newest() -> None:
    seen = SeenTitles(limit=2)
    seen.remember([Suggestion(MDL, f"{n}-t", f"T{n}") for n in range(1, 4)])
    assert [s.ident for s in seen.all()] == ["2-t", "3-t"]
