"""The fake kuryana with its two calendar routes, ``/schedule`` and ``/seasonal/{y}/{q}``.

kuryana relays MyDramaList's calendar JSON unchanged (its ``app/main.py``), so
the bodies here are shaped like MDL's ``v1/episode_calendar`` and
``v1/quarter_calendar``, as public clients read them: the episode calendar is
``{"items": [...], "relationships": [...]}`` with each item naming its title by
``rid`` and carrying ``episode_number`` and ``released_at`` (Unix seconds); the
quarter calendar is a bare list of titles. Titles carry ``id``, ``title``,
``url`` ("/18452-goblin"), ``country`` ("South Korea"), ``type``,
``content_type``, ``episodes``, ``rating``, ``ranking``, ``popularity``,
``genres`` (one comma-separated string), ``synopsis``, ``thumbnail``, ``cover``,
``released_at``.

Failures follow kuryana's code for these routes: MDL's answer is parsed with
``r.json()`` and not guarded, so anything that is not JSON (a Cloudflare page,
a dropped request) becomes FastAPI's 500 "Internal Server Error" in plain
text; ``/schedule`` passes MDL's status through, ``/seasonal`` always answers
200; an instance deployed before the routes existed answers FastAPI's 404
``{"detail": "Not Found"}``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

import pytest
from aiohttp import web

from tests.fakes.kuryana import ROUTES, FakeKuryana, Fault

CALENDAR_ROUTES = ("schedule", "seasonal")


def calendar_title(
    ident: int,
    title: str,
    *,
    slug: str | None = None,
    country: str = "South Korea",
    kind: str = "Drama",
    rating: float | None = 8.1,
    popularity: int | None = 100,
    episodes: int | None = 16,
    genres: str = "Romance, Comedy",
    released_at: Any = None,
) -> dict[str, Any]:
    """One title as MyDramaList's calendars give it (``rating`` None: the key is absent)."""
    slug = slug or f"{ident}-" + "-".join(title.casefold().split())
    row: dict[str, Any] = {
        "id": ident,
        "title": title,
        "url": f"/{slug}",
        "country": country,
        "type": kind,
        "content_type": kind,
        "episodes": episodes,
        "ranking": popularity,
        "popularity": popularity,
        "genres": genres,
        "synopsis": f"What happens in {title}.",
        "thumbnail": f"https://i.mydramalist.com/{ident}t.jpg",
        "cover": f"https://i.mydramalist.com/{ident}c.jpg",
        "timezone": "Asia/Seoul",
        "add_status": False,
    }
    if rating is not None:
        row["rating"] = rating
    if released_at is not None:
        row["released_at"] = released_at
    return row


def calendar_item(rid: int, episode: int, airs_at: datetime | None) -> dict[str, Any]:
    """One episode of the episode calendar (``airs_at`` None: no air time given)."""
    return {
        "id": rid * 1000 + episode,
        "rid": rid,
        "episode_number": episode,
        "released_at": int(airs_at.timestamp()) if airs_at is not None else None,
    }


def episode_calendar(titles: list[dict[str, Any]], items: list[dict[str, Any]]) -> dict[str, Any]:
    return {"items": items, "relationships": titles}


class FakeKuryanaCalendar(FakeKuryana):
    def __init__(self) -> None:
        super().__init__()
        self.calendar: Any = episode_calendar([], [])
        self.seasons: dict[tuple[int, int], Any] = {}  # a quarter not set: MDL's empty list

    def app(self) -> web.Application:
        app = super().app()
        app.router.add_get("/schedule", self._handler("schedule"))
        app.router.add_get("/seasonal/{year}/{quarter}", self._handler("seasonal"))
        return app

    @staticmethod
    def _route(route: str) -> str:
        if route != "*" and route not in (*ROUTES, *CALENDAR_ROUTES):
            raise ValueError(f"unknown route {route!r}")
        return route

    @staticmethod
    def _play(fault: Fault, request: web.Request, route: str) -> web.StreamResponse:
        if route not in CALENDAR_ROUTES or fault in (Fault.DROP, Fault.HANG):
            return FakeKuryana._play(fault, request, route)
        if fault is Fault.NOT_FOUND:  # an instance without the route
            return web.json_response({"detail": "Not Found"}, status=404)
        if fault is Fault.EMPTY:
            return web.json_response({}, status=200)
        if fault is Fault.MDL_ERROR and route == "schedule":  # MDL's JSON error, its status
            return web.json_response({"error": "Service Unavailable"}, status=503)
        # Cloudflare's page, MDL's HTML error, a failed request: r.json() raises.
        return web.Response(text="Internal Server Error", status=500)

    def _answer(self, request: web.Request, route: str) -> web.StreamResponse:
        if route == "schedule":
            return web.json_response(self.calendar)
        if route == "seasonal":
            year, quarter = request.match_info["year"], request.match_info["quarter"]
            if not (year.isdigit() and quarter.isdigit()):  # FastAPI's int validation
                return web.json_response({"detail": [{"type": "int_parsing"}]}, status=422)
            return web.json_response(self.seasons.get((int(year), int(quarter)), []))
        return super()._answer(request, route)


@asynccontextmanager
async def calendar_server() -> AsyncIterator[FakeKuryanaCalendar]:
    fake = FakeKuryanaCalendar()
    await fake.start()
    try:
        yield fake
    finally:
        await fake.close()


@pytest.fixture
async def calendar_kuryana() -> AsyncIterator[FakeKuryanaCalendar]:
    async with calendar_server() as fake:
        yield fake
