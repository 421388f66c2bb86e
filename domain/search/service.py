"""Asking MyDramaList and IMDb at once, and answering within a time budget.

Both searches start together. The answer waits up to ``budget`` seconds for
both; past it, it waits only until one source has answered (a search never
fails as a whole while a source can still answer). A search still running
then is left to finish in the background, so its result lands in the cache
for next time: it is never cancelled, it is kept in ``background`` (a strong
reference, as asyncio requires) until it ends, and its outcome is always
retrieved, so a late failure is never reported as an unobserved exception.
"""

from __future__ import annotations

import asyncio
from typing import Any, TypeVar

from domain.errors import InvalidInput, NotFound, UpstreamUnavailable
from domain.i18n import N_
from domain.imdb.links import split_year
from domain.imdb.lookup import MovieLookup
from domain.lookup import Fetched
from domain.mydramalist.lookup import DramaLookup
from domain.search.merge import Combined, SourceState, Status, combine

T = TypeVar("T")
# Translators: both sources, as the outage message names them ("… are not answering").
BOTH = N_("MyDramaList and IMDb")


class CombinedSearch:
    def __init__(
        self,
        dramas: DramaLookup,
        movies: MovieLookup,
        budget: float,
        background: set[asyncio.Task[Any]],
    ) -> None:
        self._dramas = dramas
        self._movies = movies
        self._budget = budget
        self._background = background

    async def search(self, query: str) -> Combined:
        """Both sources' best hits for ``query``, merged.

        Raises ``UpstreamUnavailable`` only when both sources failed; the rows
        are empty when both answered with nothing.
        """
        title, year = split_year(query)
        mdl = asyncio.create_task(self._dramas.search(query))
        imdb = asyncio.create_task(self._movies.search(title, year))
        try:
            await self._wait(mdl, imdb)
        finally:
            for task in (mdl, imdb):
                if task.done():
                    _observe(task)
                else:
                    self._keep(task)
        mdl_state, dramas = _outcome(mdl)
        imdb_state, movies = _outcome(imdb)
        if mdl_state.status is Status.DOWN and imdb_state.status is Status.DOWN:
            raise UpstreamUnavailable(BOTH, "both searches failed")
        return combine(dramas, movies, mdl_state, imdb_state)

    async def _wait(self, *tasks: asyncio.Task[Any]) -> None:
        done, pending = await asyncio.wait(tasks, timeout=self._budget)
        while pending and not any(_answered(task) for task in done):
            more, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
            done |= more

    def _keep(self, task: asyncio.Task[Any]) -> None:
        self._background.add(task)
        task.add_done_callback(self._forget)

    def _forget(self, task: asyncio.Task[Any]) -> None:
        self._background.discard(task)
        _observe(task)


async def settle(background: set[asyncio.Task[Any]]) -> None:
    """Wait for every search left running in the background (shutdown, tests)."""
    while background:
        await asyncio.gather(*background, return_exceptions=True)


def _observe(task: asyncio.Future[Any]) -> None:
    """Mark a finished task's error as retrieved: it is expected, not "never retrieved"."""
    if not task.cancelled():
        task.exception()


def _answered(task: asyncio.Future[Any]) -> bool:
    if task.cancelled():
        return False
    error = task.exception()
    return error is None or isinstance(error, NotFound | InvalidInput)


def _outcome(task: asyncio.Future[Fetched[list[T]]]) -> tuple[SourceState, list[T]]:
    """The source's state and hits; an unexpected error (a bug) propagates."""
    if not task.done():
        return SourceState(Status.LATE), []
    if task.cancelled():
        return SourceState(Status.DOWN), []
    error = task.exception()
    if error is None:
        fetched = task.result()
        return SourceState(Status.ANSWERED, fetched.stale), fetched.value
    if isinstance(error, NotFound | InvalidInput):
        # Nothing matches, or the query means nothing to this source: no hits from it.
        return SourceState(Status.ANSWERED), []
    if isinstance(error, UpstreamUnavailable):
        return SourceState(Status.DOWN), []
    raise error
