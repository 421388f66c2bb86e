"""/import: watch the ongoing and upcoming dramas of a MyDramaList user's lists.

A drama list says nothing of airing (kuryana keeps only name, id, score and
progress), so each title is looked up (through the cached, single-flight
details lookup) to see whether it has a next episode. A list can hold
hundreds of titles: at most ``MAX_CHECKS`` are looked up per import,
Currently Watching first, then the newest titles first (MyDramaList ids grow
with time, and a new title is the likeliest to be airing or upcoming), and
the answer says how many were left unchecked.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from domain.airing.schedule import can_watch
from domain.airing.watchlist import Watchlists
from domain.errors import InvalidInput, NotFound, UpstreamUnavailable
from domain.i18n import gettext
from domain.mydramalist.dramalist import HIDDEN, DramaLists
from domain.mydramalist.lookup import DramaLookup
from domain.titles import drama_key

LISTS = ("Currently Watching", "Plan to Watch")
MAX_CHECKS = 60
CHECK_CONCURRENCY = 4


@dataclass(frozen=True, slots=True)
class Candidate:
    slug: str
    title: str
    list: str


@dataclass(frozen=True, slots=True)
class ImportPlan:
    user: str
    ongoing: tuple[Candidate, ...] = ()  # airing or upcoming, not watched yet
    listed: int = 0  # distinct titles on the two lists
    already: int = 0  # of them, already on the user's watchlist
    finished: int = 0  # checked: nothing left to air
    failed: int = 0  # could not be checked (MyDramaList did not answer)
    unchecked: int = 0  # beyond MAX_CHECKS
    room: int = 0  # watches left within the limit
    limit: int = 0
    stale: bool = False  # the list is a saved copy


@dataclass(slots=True)
class ImportResult:
    added: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # the limit was reached, or not airing
    failed: list[str] = field(default_factory=list)


class Importer:
    def __init__(self, lists: DramaLists, dramas: DramaLookup, watchlists: Watchlists) -> None:
        self._lists = lists
        self._dramas = dramas
        self._watchlists = watchlists

    async def _watched(self, user_id: int) -> set[str]:
        return {drama_key(w.slug) for w, _ in await self._watchlists.entries(user_id)}

    async def plan(
        self,
        user_id: int,
        mdl_user: str,
        checking: Callable[[int], Awaitable[None]] | None = None,
    ) -> ImportPlan:
        """What the user's lists offer; ``checking(n)`` is awaited before n titles are looked up."""
        try:
            fetched = await self._lists.of(mdl_user)
        except NotFound as exc:
            if str(exc) == HIDDEN:
                raise NotFound(hidden(mdl_user)) from None
            raise NotFound(
                gettext("MyDramaList has no user “{user}”. Check the spelling.", user=mdl_user)
            ) from None
        if not fetched.value.lists:
            raise NotFound(hidden(mdl_user))
        seen: dict[str, Candidate] = {}
        for label, item in fetched.value.titles_in(*LISTS):
            seen.setdefault(drama_key(item.slug), Candidate(item.slug, item.title, label))
        watched = await self._watched(user_id)
        fresh = sorted(
            (c for key, c in seen.items() if key not in watched),
            key=lambda c: (LISTS.index(c.list) if c.list in LISTS else len(LISTS), -_id(c.slug)),
        )
        to_check, unchecked = fresh[:MAX_CHECKS], len(fresh) - MAX_CHECKS
        if checking is not None:
            await checking(len(to_check))
        outcomes = await self._check(to_check)
        limit = self._watchlists.limit
        return ImportPlan(
            user=mdl_user,
            ongoing=tuple(c for c, o in zip(to_check, outcomes, strict=True) if o == "airing"),
            listed=len(seen),
            already=len(seen) - len(fresh),
            finished=outcomes.count("finished"),
            failed=outcomes.count("failed"),
            unchecked=max(0, unchecked),
            room=max(0, limit - len(watched)),
            limit=limit,
            stale=fetched.stale,
        )

    async def _check(self, candidates: list[Candidate]) -> list[str]:
        gate = asyncio.Semaphore(CHECK_CONCURRENCY)

        async def one(candidate: Candidate) -> str:
            async with gate:
                try:
                    drama = (await self._dramas.details(candidate.slug)).value
                except NotFound:
                    return "finished"  # gone from MyDramaList: nothing to air
                except UpstreamUnavailable:
                    return "failed"
            return "airing" if can_watch(drama) else "finished"

        return list(await asyncio.gather(*(one(c) for c in candidates)))

    async def watch(self, user_id: int, candidates: list[Candidate]) -> ImportResult:
        """Watch each in turn; the limit, an ended airing or an outage skips one, not all."""
        result = ImportResult()
        for candidate in candidates:
            try:
                watched = await self._watchlists.watch(user_id, candidate.slug)
            except InvalidInput:
                result.refused.append(candidate.title)
            except (NotFound, UpstreamUnavailable):
                result.failed.append(candidate.title)
            else:
                (result.added if watched.added else result.already).append(watched.drama.title)
        return result


def _id(slug: str) -> int:
    key = drama_key(slug)
    return int(key) if key.isdigit() else 0


def hidden(user: str) -> str:
    return gettext(
        "I can't see any drama list of “{user}” on MyDramaList: it is private or empty. "
        "Its owner can make it public in MyDramaList's privacy settings, then try again.",
        user=user,
    )
