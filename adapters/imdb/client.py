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

log = structlog.get_logger(__name__)
T = TypeVar("T")


def make_imdb_executor(workers: int) -> ThreadPoolExecutor:
    """The thread pool that bounds concurrent imdbinfo calls (``IMDB_WORKERS``)."""
    if workers < 1:
        raise ValueError("IMDb needs at least one worker thread")
    return ThreadPoolExecutor(max_workers=workers, thread_name_prefix="imdb")


def sanitize_query(query: str) -> str:
    """A search term safe to hand to imdbinfo: no quotes, backslashes or control
    characters, single spaces, at most ``MAX_QUERY_LENGTH`` characters."""
    cleaned = "".join(
        " " if unicodedata.category(ch).startswith("C") else ch
        for ch in query.translate(_GRAPHQL_BREAKERS)
    )
    return " ".join(cleaned.split())[:MAX_QUERY_LENGTH].rstrip()


def normalize_imdb_id(imdb_id: str) -> str:
    """``tt0133093`` from a tt-id, a title link or bare digits; ``InvalidInput`` otherwise."""
    text = imdb_id.strip()
    if _BARE_DIGITS.fullmatch(text) and int(text):
        return f"tt{int(text):07d}"
    return parse_imdb_link(text)


class TransientError(UpstreamUnavailable):
    """IMDb failed in a way that often passes at once (5xx, a dropped connection)."""


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
    ) -> None:
        self._executor = executor
        self._timeout = timeout
        self._attempts = max(1, attempts)
        self._backoff = backoff
        self.breaker = breaker or CircuitBreaker(SOURCE)
        self._search_fn = search_fn or imdbinfo.search_title
        self._movie_fn = movie_fn or imdbinfo.get_movie

    async def search(self, query: str, year: int | None = None) -> list[MovieHit]:
        term = sanitize_query(query)
        if not term:
            raise InvalidInput("Type a title to search for.", hint="Example: /imdb the matrix 1999")
        year_filter = int(year) if year is not None else None
        result = await self._guarded(self._search_fn, term, year_filter)
        return to_movie_hits(result) if result is not None else []

    async def details(self, imdb_id: str) -> Movie:
        normalized = normalize_imdb_id(imdb_id)
        detail = await self._guarded(self._movie_fn, normalized)
        if detail is None:
            raise NotFound(f"IMDb has no title {normalized}")
        return to_movie(detail, requested_id=normalized)

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
        try:
            return await asyncio.wait_for(loop.run_in_executor(self._executor, call), self._timeout)
        except TimeoutError as exc:
            log.warning("imdb_call_failed", reason="timeout", timeout=self._timeout)
            raise UpstreamUnavailable(SOURCE, f"no answer within {self._timeout:g}s") from exc
        except Exception as exc:
            error = _upstream_error(exc)
            if isinstance(error, UpstreamUnavailable):
                log.warning("imdb_call_failed", reason=error.reason, error=repr(exc)[:300])
            raise error from exc
