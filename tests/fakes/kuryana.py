"""A local server that speaks kuryana's API, with injectable latency and faults.

Responses come from ``tests/fixtures/kuryana/*.json`` (shaped like kuryana's
real ones) plus whatever a test registers. Use it as an async context manager
or through the ``kuryana`` pytest fixture::

    async with kuryana_server() as fake:
        fake.fail_next(Fault.SERVER_ERROR, route="details")
        ...  # point a client at fake.url
        assert fake.hits["/id/18452-goblin"] == 2

Register the fixture in a conftest with ``from tests.fakes.kuryana import kuryana``
(or ``pytest_plugins = ["tests.fakes.kuryana"]`` in the root conftest).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
from collections import Counter, defaultdict, deque
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from enum import StrEnum
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "kuryana"
SCRAPE_DATE = "2026-04-01T10:00:00.000000+00:00"
ROUTES = ("search", "details", "cast", "episodes", "reviews", "dramalist", "person")
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class Fault(StrEnum):
    """What kuryana answers when something upstream of it goes wrong.

    Each mirrors a branch of kuryana's own code (``app/utils.py``,
    ``Parser.res_get_err``): a search failure always carries kuryana's error
    envelope, a page failure carries MyDramaList's error box when the page had
    one and a bare ``{}`` when it did not.
    """

    FORBIDDEN = "403"  # Cloudflare blocked the scrape: pages 403 {}, search 403 + envelope
    NOT_FOUND = "404"  # kuryana's 404 error JSON for the route
    MDL_ERROR = "503"  # MyDramaList's own error page (its box), passed through with its status
    SERVER_ERROR = "500"  # kuryana's request to MDL raised: pages 500 {}, search 500 + envelope
    PARSER_CRASH = "500-text"  # kuryana's parser raised: 500 "Internal Server Error", not JSON
    WRONG_PAGE = "wrong-page"  # MDL answered 200 with a page that is not the one asked for
    DROP = "drop"  # the connection closes without a response
    HANG = "hang"  # no answer until the server shuts down
    EMPTY = "empty"  # 200 {}


def _norm(query: str) -> str:
    return " ".join(query.lower().split())


def _search_body(query: str, results: dict[str, Any]) -> dict[str, Any]:
    return {"query": query, "results": results, "scrape_date": SCRAPE_DATE}


def _search_error(code: int) -> dict[str, Any]:
    """kuryana's ``error()`` envelope: every failed search gets it, whatever the cause."""
    description = "404 Not Found" if code == 404 else "An unexpected error occurred."
    return {"error": True, "code": code, "description": description}


def _mdl_error_page(code: int) -> dict[str, Any]:
    """MyDramaList's error box as ``res_get_err`` reads it (title from its h1, info from its p)."""
    return {
        "code": code,
        "error": True,
        "description": {
            "title": "Service Temporarily Unavailable",
            "info": "The site is down for a short while. Please try again in a few minutes.",
        },
    }


def _wrong_page(route: str, slug: str) -> dict[str, Any]:
    """What kuryana makes of a 200 page that is not the one it asked for (e.g. a challenge).

    Search finds no result container, so ``results`` stays ``{}``; details and
    cast keep only the ``link`` kuryana fills in before parsing (cast adds a
    placeholder title and no sections); episodes replaces its data with an
    empty title and no episodes.
    """
    link = f"https://mydramalist.com/{slug}"
    if route == "details":
        return {"link": link}
    if route == "person":  # FetchPerson found no name: only the link it starts with
        return {"link": f"https://mydramalist.com/people/{slug}"}
    if route == "cast":
        return {"link": f"{link}/cast", "title": "Just a moment...", "poster": "", "casts": {}}
    if route == "reviews":  # FetchReviews stops before its first key without a film title
        return {"link": f"{link}/reviews?page=1"}
    return {"title": "", "episodes": []}


def _page_not_found() -> dict[str, Any]:
    return {
        "code": 404,
        "error": True,
        "description": {
            "title": "The requested page was not found",
            "info": "The page you are looking for may have been moved or removed.",
        },
    }


class FakeKuryana:
    def __init__(self, fixtures: Path = FIXTURES) -> None:
        self.details: dict[str, dict[str, Any]] = {}
        self.casts: dict[str, dict[str, Any]] = {}
        self.episode_lists: dict[str, dict[str, Any]] = {}
        self.people: dict[str, dict[str, Any]] = {}  # /people/{id}, by id
        self.searches: dict[str, dict[str, Any]] = {}
        # (slug, page) → ``/id/{slug}/reviews?page=N`` body; user name → ``/dramalist/{user}``.
        self.review_pages: dict[tuple[str, int], dict[str, Any]] = {}
        self.dramalists: dict[str, dict[str, Any]] = {}
        self.dramalist_statuses: dict[str, tuple[int, dict[str, Any]]] = {}
        self.hits: Counter[str] = Counter()  # by decoded request path
        self.route_hits: Counter[str] = Counter()  # by route name (ROUTES)
        self.queries: list[str] = []  # decoded search queries, in arrival order
        self.latency = 0.0
        self.jitter = 0.0
        self._queued: defaultdict[str, deque[Fault]] = defaultdict(deque)
        self._always: dict[str, Fault] = {}
        self.in_flight = 0  # arrived and not yet answered (queued or being served)
        self.max_in_flight = 0
        # A kuryana worker scrapes with a blocking client inside its event loop,
        # so it serves one request at a time; more workers = more instances.
        self.workers = 1
        self.serving = 0
        self.max_serving = 0
        self._worker: asyncio.Semaphore | None = None
        self._worker_size = 0
        self._closing = asyncio.Event()
        self._released = asyncio.Event()
        self._released.set()
        self._changed = asyncio.Condition()
        self._server: TestServer | None = None
        self._load(fixtures)

    # ------------------------------------------------------------------ data

    def _load(self, folder: Path) -> None:
        for path in sorted(folder.glob("*.json")):
            body = json.loads(path.read_text(encoding="utf-8"))
            if "query" in body:
                self.searches[_norm(body["query"])] = body
                continue
            if body["slug_query"].startswith("people/"):
                self.people[body["slug_query"].removeprefix("people/")] = body
                continue
            key, _, kind = body["slug_query"].partition("/")
            if kind.startswith("reviews"):
                self.review_pages[(key, int(kind.rpartition("=")[2] or 1))] = body
                continue
            if key == "dramalist":
                self.dramalists[kind] = body
                continue
            table = {"": self.details, "cast": self.casts, "episodes": self.episode_lists}[kind]
            table[key] = body

    def add_drama(
        self,
        slug: str,
        data: dict[str, Any],
        *,
        cast: dict[str, Any] | None = None,
        episodes: dict[str, Any] | None = None,
    ) -> None:
        """Serve ``data`` (and optional cast/episodes ``data`` objects) under ``slug``."""
        self.details[slug] = self._envelope(slug, data)
        if cast is not None:
            self.casts[slug] = self._envelope(f"{slug}/cast", cast)
        if episodes is not None:
            self.episode_lists[slug] = self._envelope(f"{slug}/episodes", episodes)

    def add_person(self, person_id: str, data: dict[str, Any]) -> None:
        """Serve ``data`` (FetchPerson's ``data`` object) at ``/people/{person_id}``."""
        self.people[person_id] = self._envelope(f"people/{person_id}", data)

    def add_search(
        self, query: str, dramas: list[dict[str, Any]], people: list[dict[str, Any]] | None = None
    ) -> None:
        results = {"dramas": dramas, "people": people or []}
        self.searches[_norm(query)] = _search_body(query, results)

    def add_reviews(self, slug: str, page: int, data: dict[str, Any]) -> None:
        """Serve ``data`` as page ``page`` of ``slug``'s reviews (other pages: no reviews)."""
        self.review_pages[(slug, page)] = self._envelope(f"{slug}/reviews?page={page}", data)

    def add_dramalist(self, user: str, lists: dict[str, Any]) -> None:
        """Serve ``/dramalist/{user}``: ``lists`` maps a list's label to its ``items``."""
        data = {
            "link": f"https://mydramalist.com/dramalist/{user}",
            "list": {label: {"items": items, "stats": {}} for label, items in lists.items()},
        }
        self.dramalists[user] = self._envelope(f"dramalist/{user}", data)

    def private_dramalist(self, user: str, status: int = 200) -> None:
        """What a list MyDramaList does not show looks like through kuryana.

        kuryana collects every ``mdl-style-list`` block of the page, so a page
        without one (a private list) answers 200 with ``list: {}``; with
        ``status`` other than 200, MyDramaList's error box as ``res_get_err`` reads it.
        """
        if status == 200:
            data = {"link": f"https://mydramalist.com/dramalist/{user}", "list": {}}
            self.dramalists[user] = self._envelope(f"dramalist/{user}", data)
            return
        box = {
            "code": status,
            "error": True,
            "description": {"title": "This list is private.", "info": ""},
        }
        self.dramalist_statuses[user] = (status, box)

    @staticmethod
    def _envelope(slug_query: str, data: dict[str, Any]) -> dict[str, Any]:
        return {"slug_query": slug_query, "data": data, "scrape_date": SCRAPE_DATE}

    # ---------------------------------------------------------------- faults

    def set_latency(self, seconds: float, jitter: float = 0.0) -> None:
        """Delay every answer by ``seconds`` plus up to ``jitter`` more."""
        self.latency, self.jitter = seconds, jitter

    def fail_next(self, fault: Fault, *, route: str = "*", times: int = 1) -> None:
        """Answer the next ``times`` requests to ``route`` ("*" = any) with ``fault``."""
        self._queued[self._route(route)].extend([fault] * times)

    def fail_always(self, fault: Fault, *, route: str = "*") -> None:
        self._always[self._route(route)] = fault

    def heal(self) -> None:
        """Drop every queued and persistent fault (latency stays)."""
        self._queued.clear()
        self._always.clear()

    def reset_hits(self) -> None:
        self.hits.clear()
        self.route_hits.clear()
        self.queries.clear()

    @property
    def total_hits(self) -> int:
        return sum(self.hits.values())

    @staticmethod
    def _route(route: str) -> str:
        if route != "*" and route not in ROUTES:
            raise ValueError(f"unknown route {route!r}; use one of {ROUTES} or '*'")
        return route

    def _fault_for(self, route: str) -> Fault | None:
        for key in (route, "*"):
            if self._queued[key]:
                return self._queued[key].popleft()
        return self._always.get(route) or self._always.get("*")

    # --------------------------------------------------------------- serving

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("the fake kuryana server is not started")
        return str(self._server.make_url("")).rstrip("/")

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/search/q/{query}", self._handler("search"))
        app.router.add_get("/id/{slug}", self._handler("details"))
        app.router.add_get("/id/{slug}/cast", self._handler("cast"))
        app.router.add_get("/id/{slug}/episodes", self._handler("episodes"))
        app.router.add_get("/people/{slug}", self._handler("person"))
        app.router.add_get("/id/{slug}/reviews", self._handler("reviews"))
        app.router.add_get("/dramalist/{user}", self._handler("dramalist"))
        return app

    async def start(self) -> None:
        self._server = TestServer(self.app(), host="127.0.0.1")
        await self._server.start_server()

    async def close(self) -> None:
        # Release every waiting handler first, so shutdown never waits on them.
        self._closing.set()
        self._released.set()
        if self._server is not None:
            await self._server.close()

    def hold(self) -> None:
        """Keep every request waiting (counted as in flight) until ``release``."""
        self._released.clear()

    def release(self) -> None:
        self._released.set()

    async def wait_in_flight(self, count: int) -> None:
        """Return once at least ``count`` requests are being served at once."""
        async with self._changed:
            await self._changed.wait_for(lambda: self.in_flight >= count)

    def _handler(self, route: str) -> Handler:
        async def handler(request: web.Request) -> web.StreamResponse:
            self.hits[request.path] += 1
            self.route_hits[route] += 1
            fault = self._fault_for(route)  # chosen on arrival: queued faults follow request order
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            async with self._changed:
                self._changed.notify_all()
            try:
                await self._released.wait()
                async with self._worker_slot():
                    await self._delay(fault)
                    if fault is not None:
                        return self._play(fault, request, route)
                    return self._answer(request, route)
            finally:
                self.in_flight -= 1

        return handler

    @contextlib.asynccontextmanager
    async def _worker_slot(self) -> AsyncIterator[None]:
        if self._worker is None or self._worker_size != self.workers:
            self._worker = asyncio.Semaphore(max(1, self.workers))
            self._worker_size = self.workers
        async with self._worker:
            self.serving += 1
            self.max_serving = max(self.max_serving, self.serving)
            try:
                yield
            finally:
                self.serving -= 1

    async def _delay(self, fault: Fault | None) -> None:
        if fault is Fault.HANG:
            await self._closing.wait()
            return
        delay = self.latency + (random.uniform(0, self.jitter) if self.jitter else 0.0)
        if delay > 0:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._closing.wait(), delay)

    @staticmethod
    def _play(fault: Fault, request: web.Request, route: str) -> web.StreamResponse:
        statuses = {Fault.FORBIDDEN: 403, Fault.MDL_ERROR: 503, Fault.SERVER_ERROR: 500}
        if fault in statuses:
            status = statuses[fault]
            if route == "search":
                return web.json_response(_search_error(status), status=status)
            page = _mdl_error_page(status) if fault is Fault.MDL_ERROR else {}
            return web.json_response(page, status=status)
        if fault is Fault.NOT_FOUND:
            body = _search_error(404) if route == "search" else _page_not_found()
            return web.json_response(body, status=404)
        if fault is Fault.WRONG_PAGE:
            if route == "search":
                query = request.match_info["query"]
                return web.json_response(_search_body(query, {}))
            if route == "dramalist":  # kuryana finds no list block on the page
                user = request.match_info["user"]
                data = {"link": f"https://mydramalist.com/dramalist/{user}", "list": {}}
                return web.json_response(FakeKuryana._envelope(f"dramalist/{user}", data))
            slug = request.match_info["slug"]
            suffix = "" if route == "details" else f"/{route}"
            if route == "person":
                slug, suffix = f"people/{slug}", ""
            data = _wrong_page(route, slug.removeprefix("people/"))
            return web.json_response(FakeKuryana._envelope(f"{slug}{suffix}", data))
        if fault is Fault.PARSER_CRASH:
            return web.Response(text="Internal Server Error", status=500)
        if fault is Fault.EMPTY:
            return web.json_response({}, status=200)
        # DROP, and HANG once the server is closing: hang up without a word.
        if request.transport is not None:
            request.transport.close()
        return web.Response()

    def _answer(self, request: web.Request, route: str) -> web.StreamResponse:
        if route == "search":
            query = request.match_info["query"]
            self.queries.append(query)
            empty = _search_body(query, {"dramas": [], "people": []})
            return web.json_response(self.searches.get(_norm(query), empty))
        if route == "reviews":
            return self._reviews(request)
        if route == "dramalist":
            user = request.match_info["user"]
            if user in self.dramalist_statuses:
                status, box = self.dramalist_statuses[user]
                return web.json_response(box, status=status)
            if user not in self.dramalists:
                return web.json_response(_page_not_found(), status=404)
            return web.json_response(self.dramalists[user])
        table = {"details": self.details, "cast": self.casts, "episodes": self.episode_lists}
        asked = request.match_info["slug"]
        if route == "person":  # MyDramaList does not redirect people pages here
            found = self.people.get(asked)
            if found is None:
                return web.json_response(_page_not_found(), status=404)
            return web.json_response(found)
        body = table[route].get(asked) or self._redirected(table[route], asked, route)
        if body is None:
            return web.json_response(_page_not_found(), status=404)
        return web.json_response(body)

    def _reviews(self, request: web.Request) -> web.StreamResponse:
        """A title's reviews page; past its last page MyDramaList shows the page with none."""
        asked = request.match_info["slug"]
        try:
            page = max(1, int(request.query.get("page", "1")))
        except ValueError:
            page = 1
        number = asked.split("-", 1)[0]
        titles = {s for s in self.details if s.split("-", 1)[0] == number}
        found = next(
            (b for (s, p), b in self.review_pages.items() if p == page and s in titles | {asked}),
            None,
        )
        if found is not None:
            return web.json_response(found)
        title = next((self.details[s] for s in sorted(titles)), None)
        if title is None:
            return web.json_response(_page_not_found(), status=404)
        data = {
            "link": f"https://mydramalist.com/{asked}/reviews?page={page}",
            "title": title["data"].get("title", ""),
            "poster": title["data"].get("poster", ""),
            "reviews": [],
        }
        return web.json_response(self._envelope(f"{asked}/reviews?page={page}", data))

    @staticmethod
    def _redirected(
        pages: dict[str, dict[str, Any]], asked: str, route: str
    ) -> dict[str, Any] | None:
        """MyDramaList redirects "18452" (or "18452-anything") to "18452-goblin".

        kuryana follows the redirect but never says where it landed: its
        ``slug_query`` and ``link`` are built from what was asked.
        """
        number = asked.split("-", 1)[0]
        if not number.isdigit():
            return None
        found = next((b for s, b in pages.items() if s.split("-", 1)[0] == number), None)
        if found is None:
            return None
        suffix = "" if route == "details" else f"/{route}"
        body = json.loads(json.dumps(found))
        body["slug_query"] = f"{asked}{suffix}"
        if "link" in body["data"]:
            body["data"]["link"] = f"https://mydramalist.com/{asked}{suffix}"
        return body


@asynccontextmanager
async def kuryana_server(fixtures: Path = FIXTURES) -> AsyncIterator[FakeKuryana]:
    fake = FakeKuryana(fixtures)
    await fake.start()
    try:
        yield fake
    finally:
        await fake.close()


@pytest.fixture
async def kuryana() -> AsyncIterator[FakeKuryana]:
    """A started fake kuryana server; ``kuryana.url`` is its base URL."""
    async with kuryana_server() as fake:
        yield fake
