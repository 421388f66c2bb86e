"""``TitleDatabase`` over TMDB's v3 API, through the shared aiohttp session.

Either credential TMDB issues works: a v4 read-access token (a JWT) goes in an
``Authorization: Bearer`` header, a v3 key in the ``api_key`` parameter. Errors
come in TMDB's envelope ``{status_code, status_message, success: false}``:
401 is a refused key (never retried; the bot warns once and carries on
without TMDB), 404 is "not found", 429 is retried after its ``Retry-After``
when that fits the retry budget, 5xx and network trouble are retried with
backoff. One breaker covers the whole API.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import Callable
from typing import Any

import aiohttp
import structlog
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception_type
from tenacity.wait import wait_exponential_jitter

from adapters.tmdb.parse import image_base, parse_details, parse_find, parse_search
from adapters.upstream_text import encodable_json
from domain.breaker import CircuitBreaker
from domain.errors import NotFound, UpstreamUnavailable
from domain.tmdb.models import KINDS, MOVIE, TmdbCandidate, TmdbRef, TmdbTitle

SOURCE = "TMDB"
DEFAULT_IMAGE_BASE = "https://image.tmdb.org/t/p/w500"
KEY_REFUSED = "API key refused"
APPEND = "videos,watch/providers,external_ids,alternative_titles"
MAX_RETRY_AFTER = 60.0
log = structlog.get_logger(__name__)
_IMDB_ID = re.compile(r"tt\d{5,10}")


class _Transient(UpstreamUnavailable):
    def __init__(self, reason: str, retry_after: float = 0.0) -> None:
        super().__init__(SOURCE, reason)
        self.retry_after = retry_after


def is_bearer_token(credential: str) -> bool:
    """A v4 read-access token is a JWT (three base64url parts); a v3 key is 32 hex digits."""
    return credential.startswith("eyJ") and credential.count(".") == 2


def _retry_after(value: str | None) -> float:
    try:
        seconds = float(value) if value is not None else 1.0
    except ValueError:
        seconds = 1.0  # an HTTP date, or rubbish: wait a little, as a 429 asks
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)


class TmdbClient:
    def __init__(
        self,
        session: aiohttp.ClientSession,
        base_url: str,
        credential: str,
        breaker: CircuitBreaker,
        *,
        timeout: float = 10,
        concurrency: int = 8,
        attempts: int = 3,
        retry_budget: float = 8.0,
        backoff_initial: float = 0.3,
        backoff_max: float = 2.0,
        language: str = "en-US",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._session = session
        self._base = base_url.rstrip("/")
        self._headers: dict[str, str] = {"Accept": "application/json"}
        self._params: dict[str, str] = {"language": language}
        if is_bearer_token(credential):
            self._headers["Authorization"] = f"Bearer {credential}"
        else:
            self._params["api_key"] = credential
        self.breaker = breaker
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._limit = asyncio.Semaphore(max(1, concurrency))
        self._attempts = max(1, attempts)
        self._budget = retry_budget
        self._wait = wait_exponential_jitter(
            multiplier=backoff_initial, max=backoff_max, jitter=backoff_initial
        )
        self._clock = clock
        self.image_base = DEFAULT_IMAGE_BASE
        # Set when TMDB refuses the key: every TMDB feature hides until a restart.
        self.key_refused = False

    async def check(self) -> str | None:
        """Start-up: read the image base URL and prove the key; a problem in words, or None."""
        try:
            body = await self._get("/configuration", {}, "configuration")
        except (UpstreamUnavailable, NotFound) as exc:
            return str(exc)
        base = image_base(body)
        if base is not None:
            self.image_base = base
        return None

    async def find_imdb(self, imdb_id: str) -> TmdbRef:
        if not _IMDB_ID.fullmatch(imdb_id):
            raise NotFound(f"{SOURCE} has no title {imdb_id[:20]!r}")
        body = await self._get(f"/find/{imdb_id}", {"external_source": "imdb_id"}, "find")
        ref = parse_find(body)
        if ref is None:
            raise NotFound(f"{SOURCE} has no title with IMDb id {imdb_id}")
        return ref

    async def search(self, kind: str, query: str, year: int | None) -> list[TmdbCandidate]:
        if kind not in KINDS:
            raise ValueError(kind)
        params = {"query": query[:200], "include_adult": "false"}
        if year is not None:
            params["year" if kind == MOVIE else "first_air_date_year"] = str(year)
        try:
            body = await self._get(f"/search/{kind}", params, "search")
        except NotFound:
            return []
        return parse_search(kind, body)

    async def details(self, ref: TmdbRef) -> TmdbTitle:
        if ref.kind not in KINDS:
            raise NotFound(f"{SOURCE} has no {ref.kind!r} titles")
        body = await self._get(
            f"/{ref.kind}/{int(ref.tmdb_id)}", {"append_to_response": APPEND}, "details"
        )
        return parse_details(ref, body, self.image_base)

    async def _get(self, path: str, params: dict[str, str], endpoint: str) -> dict[str, Any]:
        if self.key_refused:
            raise UpstreamUnavailable(SOURCE, KEY_REFUSED)
        started = self._clock()

        async def retried() -> dict[str, Any]:
            return await self._with_retries(path, params, endpoint, started)

        return await self.breaker.call(retried)

    async def _with_retries(
        self, path: str, params: dict[str, str], endpoint: str, started: float
    ) -> dict[str, Any]:
        def wait(state: RetryCallState) -> float:
            error = state.outcome.exception() if state.outcome else None
            backoff = self._wait(state)
            return max(backoff, error.retry_after if isinstance(error, _Transient) else 0.0)

        def stop(state: RetryCallState) -> bool:
            spent = self._clock() - started + state.upcoming_sleep
            return state.attempt_number >= self._attempts or spent >= self._budget

        retrying = AsyncRetrying(
            stop=stop, wait=wait, retry=retry_if_exception_type(_Transient), reraise=True
        )
        async for attempt in retrying:
            with attempt:
                return await self._once(path, params, endpoint, attempt.retry_state.attempt_number)
        raise AssertionError("unreachable: tenacity re-raises the last error")  # pragma: no cover

    async def _once(
        self, path: str, params: dict[str, str], endpoint: str, number: int
    ) -> dict[str, Any]:
        try:
            async with (
                self._limit,
                self._session.get(
                    self._base + path,
                    params={**self._params, **params},
                    headers=self._headers,
                    timeout=self._timeout,
                    allow_redirects=False,
                ) as resp,
            ):
                status = resp.status
                retry_after = resp.headers.get("Retry-After")
                raw = await resp.read()
        except TimeoutError as exc:
            log.warning("tmdb_timeout", endpoint=endpoint, attempt=number)
            raise _Transient("timed out") from exc
        except aiohttp.ClientError as exc:
            log.warning("tmdb_connection_error", endpoint=endpoint, error=type(exc).__name__)
            raise _Transient(f"connection error ({type(exc).__name__})") from exc
        return self._interpret(status, raw, retry_after, endpoint, number)

    def _interpret(
        self, status: int, raw: bytes, retry_after: str | None, endpoint: str, number: int
    ) -> dict[str, Any]:
        try:
            body: Any = encodable_json(json.loads(raw))
        except ValueError:
            body = None
        payload = body if isinstance(body, dict) else {}
        code = payload.get("status_code")
        message = payload.get("status_message")
        said = message[:120] if isinstance(message, str) else ""
        if status == 401 or code in {7, 10}:
            if not self.key_refused:
                log.error("tmdb_key_refused", status=status, code=code, message=said)
            self.key_refused = True
            raise UpstreamUnavailable(SOURCE, f"{KEY_REFUSED} ({said or f'HTTP {status}'})")
        if status == 404 or code == 34:
            raise NotFound(f"{SOURCE} has no such {endpoint} ({said or 'not found'})")
        if status == 429 or code == 25:
            log.warning("tmdb_rate_limited", endpoint=endpoint, retry_after=retry_after)
            raise _Transient("rate limited (429)", _retry_after(retry_after))
        if status >= 500:
            log.warning("tmdb_error", endpoint=endpoint, status=status, code=code, attempt=number)
            raise _Transient(f"HTTP {status}" + (f": {said}" if said else ""))
        if status != 200 or payload.get("success") is False:
            log.warning("tmdb_error", endpoint=endpoint, status=status, code=code)
            raise UpstreamUnavailable(SOURCE, f"HTTP {status}" + (f": {said}" if said else ""))
        if not isinstance(body, dict):
            raise UpstreamUnavailable(SOURCE, "response is not a JSON object")
        return body
