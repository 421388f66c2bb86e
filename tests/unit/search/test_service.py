"""Both sources at once within a budget: hand-written fake sources, the real lookup policy.

No wall-clock: a "slow" source waits on an event the test controls, and the
budget is zero, so "past the budget" is where every such search starts.
"""

from __future__ import annotations

import asyncio
import gc
from typing import Any

import pytest

from domain.clock import SystemClock
from domain.errors import InvalidInput, NotFound, UpstreamUnavailable
from domain.imdb.lookup import MovieCodecs, MovieLookup
from domain.lookup import CachedLookup, Freshness
from domain.mydramalist.lookup import DramaCodecs, DramaLookup
from domain.search.merge import Status
from domain.search.service import BOTH, CombinedSearch, settle
from domain.titles import Drama, DramaCast, DramaEpisodes, DramaHit, Movie, MovieHit
from infra.cache.memory import MemoryCache
from infra.codec import JsonCodec

FRESH = Freshness(fresh=3600, stale=86400, not_found=300)
GENEROUS = 60.0  # a budget nothing in these tests comes near


class Source:
    """A search that answers ``hits``, raises ``error``, or waits for ``release`` first."""

    def __init__(self, hits: list[Any], error: BaseException | None = None) -> None:
        self.hits = hits
        self.error = error
        self.release = asyncio.Event()
        self.release.set()
        self.calls: list[tuple[Any, ...]] = []
        self.started = asyncio.Event()
        self.finished = asyncio.Event()

    def hold(self) -> None:
        self.release.clear()

    async def search(self, *args: Any) -> list[Any]:
        self.calls.append(args)
        self.started.set()
        try:
            await self.release.wait()
            if self.error is not None:
                raise self.error
            return self.hits
        finally:
            self.finished.set()

    async def details(self, key: str) -> Any:
        raise NotImplementedError

    cast = episodes = details


def wire(
    mdl: Source, imdb: Source, budget: float = GENEROUS
) -> tuple[CombinedSearch, set[asyncio.Task[Any]], CachedLookup]:
    lookup = CachedLookup(MemoryCache(), SystemClock())
    dramas = DramaLookup(
        mdl,
        lookup,
        DramaCodecs(
            JsonCodec(list[DramaHit]),
            JsonCodec(Drama),
            JsonCodec(DramaCast),
            JsonCodec(DramaEpisodes),
        ),
        FRESH,
        FRESH,
    )
    movies = MovieLookup(
        imdb, lookup, MovieCodecs(JsonCodec(list[MovieHit]), JsonCodec(Movie)), FRESH, FRESH
    )
    background: set[asyncio.Task[Any]] = set()
    return CombinedSearch(dramas, movies, budget, background), background, lookup


PARASITE_DRAMA = DramaHit("28311-parasite", "Parasite", 2019, "Korean Movie", 8.9)
PARASITE_MOVIE = MovieHit("tt6751668", "Parasite", 2019, "movie", 8.5)
HOST = MovieHit("tt0468492", "The Host", 2006, "movie", 7.1)


async def test_both_answer_and_the_same_title_is_one_row() -> None:
    mdl, imdb = Source([PARASITE_DRAMA]), Source([PARASITE_MOVIE, HOST])
    finder, background, _ = wire(mdl, imdb)

    combined = await finder.search("parasite")

    assert [(r.drama, r.movie) for r in combined.rows] == [
        (PARASITE_DRAMA, PARASITE_MOVIE),
        (None, HOST),
    ]
    assert combined.mdl.status is Status.ANSWERED and combined.imdb.status is Status.ANSWERED
    assert not background


async def test_a_year_goes_to_imdb_as_a_filter_and_the_whole_query_to_mydramalist() -> None:
    mdl, imdb = Source([]), Source([PARASITE_MOVIE])
    finder, _, _ = wire(mdl, imdb)

    await finder.search("parasite 2019")

    assert mdl.calls == [("parasite 2019",)]
    assert imdb.calls == [("parasite", 2019)]


async def test_a_source_that_fails_is_reported_and_the_other_answers() -> None:
    mdl, imdb = Source([PARASITE_DRAMA]), Source([], UpstreamUnavailable("IMDb", "waf"))
    finder, _, _ = wire(mdl, imdb)

    combined = await finder.search("parasite")

    assert combined.imdb.status is Status.DOWN
    assert [r.drama for r in combined.rows] == [PARASITE_DRAMA]


async def test_both_failing_is_one_unavailable_error_naming_both() -> None:
    mdl = Source([], UpstreamUnavailable("MyDramaList"))
    imdb = Source([], UpstreamUnavailable("IMDb"))
    finder, _, _ = wire(mdl, imdb)

    with pytest.raises(UpstreamUnavailable) as caught:
        await finder.search("parasite")

    assert caught.value.source == BOTH


@pytest.mark.parametrize("error", [NotFound("none"), InvalidInput("no words")])
async def test_nothing_and_unusable_queries_are_answers_without_hits(error: Exception) -> None:
    mdl, imdb = Source([]), Source([], error)
    finder, _, _ = wire(mdl, imdb)

    combined = await finder.search("???")

    assert combined.rows == []
    assert combined.imdb.status is Status.ANSWERED


async def test_a_late_source_is_left_running_and_fills_the_cache() -> None:
    mdl, imdb = Source([PARASITE_DRAMA]), Source([PARASITE_MOVIE])
    imdb.hold()
    finder, background, _ = wire(mdl, imdb, budget=0)

    combined = await finder.search("parasite")

    assert combined.imdb.status is Status.LATE
    assert [r.drama for r in combined.rows] == [PARASITE_DRAMA]
    assert len(background) == 1 and not imdb.finished.is_set()  # not cancelled

    imdb.release.set()
    await settle(background)
    assert not background

    # Next time IMDb's answer comes from the cache: no second call upstream.
    again = await finder.search("parasite")
    assert again.imdb.status is Status.ANSWERED
    assert [(r.drama, r.movie) for r in again.rows] == [(PARASITE_DRAMA, PARASITE_MOVIE)]
    assert len(imdb.calls) == 1


async def test_a_late_failure_is_retrieved_not_left_unobserved() -> None:
    mdl = Source([PARASITE_DRAMA])
    imdb = Source([], UpstreamUnavailable("IMDb"))
    imdb.hold()
    finder, background, _ = wire(mdl, imdb, budget=0)
    loop = asyncio.get_running_loop()
    unobserved: list[dict[str, Any]] = []
    loop.set_exception_handler(lambda _loop, context: unobserved.append(context))
    try:
        combined = await finder.search("parasite")
        assert combined.imdb.status is Status.LATE
        (task,) = background
        imdb.release.set()
        await asyncio.wait({task})  # unlike gather, leaves the error unretrieved
        # Failed, not cancelled; its error is not read here, which would hide the bug.
        assert task.done() and not task.cancelled()
        del task
        gc.collect()  # an unretrieved exception would be reported now, when the task is freed
    finally:
        loop.set_exception_handler(None)
    assert unobserved == []


async def test_past_the_budget_it_waits_for_a_source_that_can_still_answer() -> None:
    mdl = Source([], UpstreamUnavailable("MyDramaList"))
    imdb = Source([PARASITE_MOVIE])
    imdb.hold()
    finder, background, _ = wire(mdl, imdb, budget=0)

    search = asyncio.create_task(finder.search("parasite"))
    await mdl.finished.wait()
    imdb.release.set()
    combined = await search

    assert combined.mdl.status is Status.DOWN
    assert combined.imdb.status is Status.ANSWERED
    assert [r.movie for r in combined.rows] == [PARASITE_MOVIE]
    assert not background


async def test_an_unexpected_error_is_a_bug_and_propagates() -> None:
    mdl, imdb = Source([], RuntimeError("bug")), Source([PARASITE_MOVIE])
    finder, _, _ = wire(mdl, imdb)

    with pytest.raises(RuntimeError, match="bug"):
        await finder.search("parasite")


async def test_a_cancelled_search_leaves_its_lookups_to_finish() -> None:
    mdl, imdb = Source([PARASITE_DRAMA]), Source([PARASITE_MOVIE])
    mdl.hold()
    imdb.hold()
    finder, background, _ = wire(mdl, imdb)

    search = asyncio.create_task(finder.search("parasite"))
    await mdl.started.wait()
    await imdb.started.wait()
    search.cancel()
    with pytest.raises(asyncio.CancelledError):
        await search

    assert len(background) == 2
    mdl.release.set()
    imdb.release.set()
    await settle(background)
    assert not background
