"""IMDb through ``imdbinfo``: a synchronous library, run off the event loop.

Every call goes to a bounded thread pool (``IMDB_WORKERS`` threads), so IMDb
can never take more than that many threads however many users ask at once, and
the event loop keeps serving cached answers meanwhile. Each call is bounded by
``asyncio.wait_for``; note that a call that times out keeps running in its
thread until imdbinfo returns (threads cannot be cancelled), so it still holds
one worker of the bound until then. A call still queued when it times out is
cancelled before it starts and costs nothing.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import re
import unicodedata
from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from typing import Any, TypeVar

import imdbinfo
import pydantic
import structlog
from tenacity import (
    AsyncRetrying,
    retry_if_exception_type,
    stop_after_attempt,
    wait_exponential_jitter,
)

from adapters.imdb.convert import to_movie, to_movie_hits
from adapters.upstream_slot import upstream_slot
from domain.breaker import CircuitBreaker
from domain.errors import DomainError, InvalidInput, NotFound, UpstreamUnavailable
from domain.imdb.links import parse_imdb_link
from domain.titles import Movie, MovieHit

SOURCE = "IMDb"
MAX_QUERY_LENGTH = 100
_BARE_DIGITS = re.compile(r"\d{1,10}")
# imdbinfo pastes the term into a GraphQL string literal unescaped: a quote or a
# backslash ends or corrupts it, and a line break is not allowed inside it.
_GRAPHQL_BREAKERS = str.maketrans({'"': " ", "\\": " "})
# imdbinfo fills its query template by replacing markers such as ``__YEAR_FILTER__``
# *after* pasting the term in, so a marker in the term would be replaced too. Every
# marker starts with two underscores: with no double underscore left, none can match.
_MARKER_START = re.compile(r"_{2,}")
# A search IMDb refuses with one of these is refused for what it asked, not because
# IMDb is down (401/403/407/429 are about us, so they are not here).
_REQUEST_REJECTED = frozenset({400, 413, 414, 422})
# A term IMDb always answers: when a search is rejected, this one tells whether the
# term was at fault (this answers) or IMDb is failing (this fails too).
CONTROL_TERM = "the matrix"
QUERY_REFUSED = "IMDb could not search for that."
QUERY_REFUSED_HINT = "Try the title in plain words, for example: /imdb the matrix 1999"

log = structlog.get_logger(__name__)
T = TypeVar("T")


def make_imdb_executor(workers: int) -> ThreadPoolExecutor:
    """The thread pool that bounds concurrent imdbinfo calls (``IMDB_WORKERS``)."""
    if workers < 1:
        raise ValueError("IMDb needs at least one worker thread")
    return ThreadPoolExecutor(max_workers=workers, thread_name_prefix="imdb")


def sanitize_query(query: str) -> str:
    """A search term safe to hand to imdbinfo: no quotes, backslashes, control
    characters or template markers, single spaces, at most ``MAX_QUERY_LENGTH``
    characters."""
    cleaned = "".join(
        " " if unicodedata.category(ch).startswith("C") else ch
        for ch in query.translate(_GRAPHQL_BREAKERS)
    )
    cleaned = _MARKER_START.sub("_", " ".join(cleaned.split()))
    # Cutting can never create a marker: the cut only removes characters.
    return cleaned[:MAX_QUERY_LENGTH].rstrip()


def normalize_imdb_id(imdb_id: str) -> str:
    """``tt0133093`` from a tt-id, a title link or bare digits; ``InvalidInput`` otherwise."""
    text = imdb_id.strip()
    if _BARE_DIGITS.fullmatch(text) and int(text):
        return f"tt{int(text):07d}"
    return parse_imdb_link(text)


class TransientError(UpstreamUnavailable):
    """IMDb failed in a way that often passes at once (5xx, a dropped connection)."""


class RejectedQuery(UpstreamUnavailable):
    """IMDb refused a search (a 4xx about the request, or GraphQL errors).

    Whether that is the term's fault or IMDb's is decided by a control search
    (``ImdbClient.search``) before the breaker sees anything.
    """


def _upstream_error(exc: BaseException) -> DomainError:
    """Map whatever imdbinfo (or what it calls) raised onto the domain's errors."""
    if isinstance(exc, imdbinfo.HTTPError):
        status = getattr(exc, "status_code", None)
        if status == 404:
            return NotFound("IMDb has no such title")
        if isinstance(exc, imdbinfo.WAFError):
            return UpstreamUnavailable(SOURCE, "blocked by IMDb's firewall (WAF challenge)")
        if isinstance(status, int) and status >= 500:
            return TransientError(SOURCE, f"HTTP {status}")
        return UpstreamUnavailable(SOURCE, f"HTTP {status}")
    if isinstance(exc, imdbinfo.GraphQLError):
        status = getattr(exc, "status_code", None)
        if isinstance(status, int) and status >= 500:
            return TransientError(SOURCE, f"search failed (HTTP {status})")
        if status is None or status in _REQUEST_REJECTED:
            detail = f"HTTP {status}" if status else "GraphQL errors"
            return RejectedQuery(SOURCE, f"search refused ({detail})")
        return UpstreamUnavailable(
            SOURCE, f"search failed (HTTP {status})" if status else "search failed"
        )
    if isinstance(exc, imdbinfo.ParseError):
        return UpstreamUnavailable(SOURCE, "page not understood")
    if isinstance(exc, pydantic.ValidationError):
        return UpstreamUnavailable(SOURCE, "page changed shape")
    if isinstance(exc, OSError):  # niquests' network errors derive from OSError
        return TransientError(SOURCE, f"network error ({type(exc).__name__})")
    # imdbinfo's parsers index into IMDb's JSON directly; when IMDb reshapes a
    # page they raise KeyError/TypeError/AttributeError. To a user that is the
    # same as IMDb being down.
    return UpstreamUnavailable(SOURCE, f"unexpected {type(exc).__name__}")


def _uncached(fn: Callable[..., T]) -> Callable[..., T]:
    """``fn`` without its ``functools.lru_cache`` wrapper, when it has one."""
    inner: Callable[..., T] = getattr(fn, "__wrapped__", fn)
    return inner


class ImdbClient:
    """``MovieSource`` over imdbinfo; ``breaker`` is exposed for /health."""

    def __init__(
        self,
        executor: Executor,
        *,
        timeout: float = 15.0,
        breaker: CircuitBreaker | None = None,
        search_fn: Callable[..., Any] | None = None,
        movie_fn: Callable[..., Any] | None = None,
        attempts: int = 1,
        backoff: float = 0.3,
        concurrency: int = 8,
        queue_wait: float = 3.0,
    ) -> None:
        self._executor = executor
        # Calls wait here, not in the pool's queue: a user waits at most ``queue_wait``
        # for a thread, and the call timeout measures IMDb, not the queue before it.
        self._limit = asyncio.Semaphore(max(1, concurrency))
        self._queue_wait = queue_wait
        self._timeout = timeout
        self._attempts = max(1, attempts)
        self._backoff = backoff
        self.breaker = breaker or CircuitBreaker(SOURCE)
        # imdbinfo memoises these two with ``functools.lru_cache`` (no expiry): the
        # undecorated functions keep the lookup policy the only cache in the path,
        # so a refresh after the bot's entry expires really asks IMDb.
        self._search_fn = search_fn or _uncached(imdbinfo.search_title)
        self._movie_fn = movie_fn or _uncached(imdbinfo.get_movie)

    async def search(self, query: str, year: int | None = None) -> list[MovieHit]:
        term = sanitize_query(query)
        if not term:
            raise InvalidInput("Type a title to search for.", hint="Example: /imdb the matrix 1999")
        year_filter = int(year) if year is not None else None

        async def attempt() -> Any:
            try:
                return await self._retried(self._search_fn, term, year_filter)
            except RejectedQuery as exc:
                raise await self._blame(exc) from exc

        result = await self.breaker.call(attempt)
        return to_movie_hits(result) if result is not None else []

    async def _blame(self, rejected: RejectedQuery) -> DomainError:
        """The user's error when IMDb answers a control search; IMDb's when it fails too.

        A rejected search then never counts toward the breaker that protects
        every user, unless IMDb really is refusing everything.
        """
        try:
            await self._run(self._search_fn, CONTROL_TERM, None)
        except DomainError as control:
            log.warning("imdb_search_rejected", blamed="imdb", control=type(control).__name__)
            return rejected
        log.info("imdb_search_rejected", blamed="query", reason=rejected.reason)
        return InvalidInput(QUERY_REFUSED, hint=QUERY_REFUSED_HINT)

    async def details(self, imdb_id: str) -> Movie:
        normalized = normalize_imdb_id(imdb_id)
        detail = await self._guarded(self._movie_fn, normalized)
        if detail is None:
            raise NotFound(f"IMDb has no title {normalized}")
        return to_movie(detail, requested_id=normalized)

    async def call(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(*args)`` (another imdbinfo function, e.g. ``get_name``) through this
        client's thread pool, timeout, retries, error mapping and breaker."""
        return await self._guarded(fn, *args)

    async def _guarded(self, fn: Callable[..., T], *args: Any) -> T:
        return await self.breaker.call(lambda: self._retried(fn, *args))

    async def _retried(self, fn: Callable[..., T], *args: Any) -> T:
        """Transient failures are tried again with backoff; timeouts and blocks are not."""
        retrying = AsyncRetrying(
            stop=stop_after_attempt(self._attempts),
            wait=wait_exponential_jitter(multiplier=self._backoff, max=2.0, jitter=self._backoff),
            retry=retry_if_exception_type(TransientError),
            reraise=True,
        )
        async for attempt in retrying:
            with attempt:
                return await self._run(fn, *args)
        raise AssertionError("unreachable: tenacity reraises the last failure")

    async def _run(self, fn: Callable[..., T], *args: Any) -> T:
        loop = asyncio.get_running_loop()
        # Copy the context so imdbinfo's log lines keep the correlation id.
        call = functools.partial(contextvars.copy_context().run, fn, *args)
        busy = functools.partial(log.warning, "imdb_busy", waited=self._queue_wait)
        async with upstream_slot(self._limit, self._queue_wait, SOURCE, busy):
            try:
                return await asyncio.wait_for(
                    loop.run_in_executor(self._executor, call), self._timeout
                )
            except TimeoutError as exc:
                log.warning("imdb_call_failed", reason="timeout", timeout=self._timeout)
                raise UpstreamUnavailable(SOURCE, f"no answer within {self._timeout:g}s") from exc
            except Exception as exc:
                error = _upstream_error(exc)
                if isinstance(error, UpstreamUnavailable):
                    log.warning("imdb_call_failed", reason=error.reason, error=repr(exc)[:300])
                raise error from exc
