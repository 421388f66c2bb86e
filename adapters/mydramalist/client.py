"""``DramaSource`` over kuryana's HTTP API, with failover between instances.

kuryana scrapes MyDramaList live: slow, one request at a time per worker, and
often refused by Cloudflare. So each instance gets its own concurrency bound
and circuit breaker, transient failures are retried with backoff on the same
instance, and anything else moves on to the next instance. "Not found" is an
answer, not a failure: it is neither retried nor failed over.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import quote

import aiohttp
import structlog
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception_type
from tenacity.wait import wait_exponential_jitter
from yarl import URL

from adapters.mydramalist.parse import (
    parse_cast,
    parse_drama,
    parse_episodes,
    parse_search,
    shape_problem,
)
from adapters.mydramalist.parse_views import parse_dramalist, parse_reviews
from adapters.upstream_slot import upstream_slot
from adapters.upstream_text import encodable_json
from domain.breaker import CircuitBreaker
from domain.errors import InvalidInput, NotFound, UpstreamBusy, UpstreamUnavailable
from domain.i18n import gettext
from domain.mydramalist.dramalist import HIDDEN, NOT_A_USER, USER_HINT, DramaList, mdl_user
from domain.mydramalist.links import LINK_HINT, NOT_A_LINK
from domain.mydramalist.reviews import DramaReviews
from domain.titles import Drama, DramaCast, DramaEpisodes, DramaHit
from infra.config import display_host

SOURCE = "MyDramaList"
log = structlog.get_logger(__name__)

_SLUG_RE = re.compile(r"[A-Za-z0-9-]{1,200}")
# kuryana decodes the path and pastes the query into MDL's URL unencoded, so
# these would split its route or MDL's query string whatever we encode.
_QUERY_UNSAFE = re.compile(r"[/\\?#&%+\s]+")
# A search MyDramaList refuses with one of these was refused for what it asked
# (kuryana passes MDL's status through): the user's error, not an outage.
_QUERY_REJECTED = frozenset({400, 413, 414, 422})
QUERY_REFUSED = "MyDramaList could not search for that."
QUERY_REFUSED_HINT = "Try the title in plain words, for example: /mdl goblin"


class TransientUpstream(UpstreamUnavailable):
    """Worth retrying on the same instance (5xx, timeout, connection trouble)."""


_Transient = TransientUpstream
R = TypeVar("R")
# One response (status, body, host, attempt number) → a value, or a domain error.
Reader = Callable[[int, bytes, str, int], R]


class KuryanaClient:
    def __init__(
        self,
        session: aiohttp.ClientSession,
        base_urls: list[str],
        *,
        timeout: float = 10,
        concurrency: int = 4,
        queue_wait: float = 3.0,
        attempts: int = 3,
        retry_budget: float = 8.0,
        backoff_initial: float = 0.3,
        backoff_max: float = 2.0,
        breaker_threshold: int = 5,
        breaker_reset: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        urls = [u.strip().rstrip("/") for u in base_urls if u.strip()]
        if not urls:
            raise ValueError("at least one kuryana base URL is required")
        self._session = session
        self._urls = list(dict.fromkeys(urls))
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._attempts = max(1, attempts)
        self._budget = retry_budget
        self._wait = wait_exponential_jitter(
            multiplier=backoff_initial, max=backoff_max, jitter=backoff_initial
        )
        self._clock = clock
        # Hosts name instances in logs, errors, /health and metric labels: never
        # with the credentials an operator may have put in the URL.
        self._hosts = {u: display_host(u) for u in self._urls}
        self.breakers: dict[str, CircuitBreaker] = {
            u: CircuitBreaker(self._hosts[u], breaker_threshold, breaker_reset, clock)
            for u in self._urls
        }
        self._limits = {u: asyncio.Semaphore(max(1, concurrency)) for u in self._urls}
        self._queue_wait = queue_wait

    @property
    def base_urls(self) -> list[str]:
        return list(self._urls)

    async def search(self, query: str) -> list[DramaHit]:
        cleaned = _QUERY_UNSAFE.sub(" ", query).strip()
        if not cleaned:
            return []
        try:
            body = await self._get(f"/search/q/{search_segment(cleaned)}", "search", "results")
        except NotFound:
            return []  # MDL has no search page for it: nothing matches
        return parse_search(body)

    async def details(self, slug: str) -> Drama:
        return parse_drama(await self._data(slug, ""), _checked(slug))

    async def cast(self, slug: str) -> DramaCast:
        return parse_cast(await self._data(slug, "/cast"), _checked(slug))

    async def episodes(self, slug: str) -> DramaEpisodes:
        return parse_episodes(await self._data(slug, "/episodes"), _checked(slug))

    async def page_data(self, path: str, endpoint: str) -> dict[str, Any]:
        """The ``data`` of another kuryana page route (``/people/<id>``): same instances,
        breakers, retries and error mapping as the title pages."""
        body = await self._get(path, endpoint, "data")
        data: dict[str, Any] = body["data"]
        return data

    async def reviews(self, slug: str, page: int) -> DramaReviews:
        """``/id/{slug}/reviews?page=N``: kuryana hands ``page`` to MyDramaList."""
        body = await self._get(f"/id/{_checked(slug)}/reviews?page={int(page)}", "reviews", "data")
        return parse_reviews(body["data"], _checked(slug), int(page))

    async def dramalist(self, user: str) -> DramaList:
        """``/dramalist/{user}``: a user's lists (``lists`` empty when MDL shows none)."""
        if mdl_user(user) != user:
            raise InvalidInput(gettext(NOT_A_USER), hint=gettext(USER_HINT))
        body = await self._get(f"/dramalist/{search_segment(user)}", "dramalist", "data")
        return parse_dramalist(body["data"], user)

    async def _data(self, slug: str, suffix: str) -> dict[str, Any]:
        endpoint = suffix.strip("/") or "details"
        body = await self._get(f"/id/{_checked(slug)}{suffix}", endpoint, "data")
        data: dict[str, Any] = body["data"]
        return data

    async def _get(self, path: str, endpoint: str, key: str) -> dict[str, Any]:
        """The first instance's answer whose ``key`` holds an object.

        ``endpoint`` names the call in logs instead of the path, which holds the
        user's query.
        """

        def read(status: int, raw: bytes, host: str, number: int) -> dict[str, Any]:
            body = _interpret(status, raw, host, endpoint, number)
            return _envelope(body, key, host, endpoint)

        return await self.fetch(path, endpoint, read)

    async def fetch(self, path: str, endpoint: str, read: Reader[R]) -> R:
        """``read``'s answer from the first instance that gives one.

        The same failover, breakers, retries and bounds as every lookup; ``read``
        maps one response (status, body, host, attempt) to a value, or raises
        ``NotFound``, ``UpstreamUnavailable`` or ``TransientUpstream`` (retried).
        """
        started = self._clock()
        reasons = []
        busy = True
        for url in self._urls:
            breaker = self.breakers[url]

            async def attempt(url: str = url) -> R:
                return await self._with_retries(url, path, endpoint, read, started)

            try:
                return await breaker.call(attempt)
            except NotFound:
                raise
            except UpstreamUnavailable as exc:
                busy = busy and isinstance(exc, UpstreamBusy)
                reasons.append(f"{self._hosts[url]}: {exc.reason or exc}")
        if busy:
            raise UpstreamBusy(SOURCE, self._queue_wait)
        raise UpstreamUnavailable(SOURCE, "; ".join(reasons))

    async def _with_retries(
        self, url: str, path: str, endpoint: str, read: Reader[R], started: float
    ) -> R:
        def stop(state: RetryCallState) -> bool:
            spent = self._clock() - started + state.upcoming_sleep
            return state.attempt_number >= self._attempts or spent >= self._budget

        retrying = AsyncRetrying(
            stop=stop,
            wait=self._wait,
            retry=retry_if_exception_type(_Transient),
            reraise=True,
        )
        async for attempt in retrying:
            with attempt:
                number = attempt.retry_state.attempt_number
                status, raw = await self._once(url, path, endpoint, number)
                return read(status, raw, self._hosts[url], number)
        raise AssertionError("unreachable: tenacity re-raises the last error")  # pragma: no cover

    async def _once(self, url: str, path: str, endpoint: str, number: int) -> tuple[int, bytes]:
        host = self._hosts[url]
        try:
            # ``encoded=True``: the path is sent as built, so yarl neither decodes
            # ``%2E`` nor removes dot segments (``/search/q/..`` is another route).
            target = URL(str(URL(url)) + path, encoded=True)
            async with (
                upstream_slot(
                    self._limits[url],
                    self._queue_wait,
                    SOURCE,
                    lambda: log.warning("mdl_upstream_busy", host=host, endpoint=endpoint),
                ),
                self._session.get(target, timeout=self._timeout) as resp,
            ):
                status = resp.status
                raw = await resp.read()
        except TimeoutError as exc:
            log.warning("mdl_upstream_timeout", host=host, endpoint=endpoint, attempt=number)
            raise _Transient(SOURCE, "timed out") from exc
        except aiohttp.ClientError as exc:
            log.warning(
                "mdl_upstream_connection_error",
                host=host,
                endpoint=endpoint,
                attempt=number,
                error=type(exc).__name__,
            )
            raise _Transient(SOURCE, f"connection error ({type(exc).__name__})") from exc
        return status, raw


def search_segment(query: str) -> str:
    """``query`` as one path segment: every reserved character percent-encoded, and
    dots too, so the segment can never be ``.`` or ``..`` (which a URL normaliser
    would remove, reaching another route)."""
    return quote(query, safe="").replace(".", "%2E")


def _checked(slug: str) -> str:
    if not isinstance(slug, str) or not _SLUG_RE.fullmatch(slug):
        raise InvalidInput(gettext(NOT_A_LINK), hint=gettext(LINK_HINT))
    return slug


def _envelope(body: dict[str, Any], key: str, host: str, endpoint: str) -> dict[str, Any]:
    """A 200 whose payload is missing is a scrape that failed (e.g. a challenge page)."""
    inner = body.get(key)
    # kuryana fills in "link" before scraping, so a lone link means nothing was parsed.
    if isinstance(inner, dict) and (key == "results" or set(inner) - {"link"}):
        problem = shape_problem(endpoint, body)
        if not problem:
            return body
        log.warning("mdl_upstream_bad_payload", host=host, endpoint=endpoint, problem=problem)
        raise UpstreamUnavailable(SOURCE, problem)
    log.warning("mdl_upstream_bad_payload", host=host, endpoint=endpoint, missing=key)
    raise UpstreamUnavailable(SOURCE, f"response without {key}")


def _interpret(status: int, raw: bytes, host: str, endpoint: str, number: int) -> dict[str, Any]:
    """Map one response to its body, ``NotFound`` or a (transient) unavailability."""
    try:
        body: Any = encodable_json(json.loads(raw))
    except ValueError:
        body = None
    payload = body if isinstance(body, dict) else {}
    code = payload.get("code")
    if status == 404 or (payload.get("error") is True and code == 404):
        raise NotFound(f"{SOURCE} has no such page ({endpoint})")
    if (
        endpoint == "dramalist"
        and status in (401, 403)
        and isinstance(payload.get("description"), dict)
    ):
        # MyDramaList's own page refused (its error box came through), not Cloudflare
        # (a blocked scrape has no box): the list is hidden from visitors.
        raise NotFound(HIDDEN)
    if endpoint == "search" and (status in _QUERY_REJECTED or code in _QUERY_REJECTED):
        # Neither retried, failed over nor counted by the breaker: the query is at fault.
        log.info("mdl_search_rejected", host=host, status=status, code=code)
        raise InvalidInput(QUERY_REFUSED, hint=QUERY_REFUSED_HINT)
    if status != 200 or not payload or payload.get("error"):
        log.warning(
            "mdl_upstream_error",
            host=host,
            endpoint=endpoint,
            attempt=number,
            status=status,
            json=body is not None,
        )
    if status >= 500:
        raise _Transient(SOURCE, f"HTTP {status}")
    if status != 200:
        raise UpstreamUnavailable(SOURCE, f"HTTP {status}")
    if not isinstance(body, dict):
        raise UpstreamUnavailable(SOURCE, "response is not a JSON object")
    if not body or body.get("error"):
        raise UpstreamUnavailable(SOURCE, f"error response (code {code})")
    return body
