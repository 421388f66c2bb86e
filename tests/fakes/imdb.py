"""A fake IMDb at imdbinfo's own network boundary.

``FakeImdb.install()`` swaps the ``niquests`` module that ``imdbinfo.services``
calls for a fake that answers from a catalogue of synthetic pages (see
``imdb_pages``), so imdbinfo's real request handling, error classes, parser and
pydantic models all run. It also replaces imdbinfo's WAF-challenge solver (the
only other thing that would touch the network), points the WAF cookie file at
a temporary directory, and clears imdbinfo's ``lru_cache`` on install and
uninstall. ``uninstall()`` (or leaving the ``with`` block) restores everything.

    with FakeImdb().install(cookie_dir=tmp_path) as fake:
        fake.fail("http_500", times=1)
        ...
        assert fake.call_count == 1

imdbinfo caches successful answers itself: a repeated lookup of the same id or
query does not reach the fake unless ``clear_library_cache()`` is called.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import imdbinfo
import niquests
from imdbinfo import services

from tests.fakes import imdb_pages as pages
from tests.fakes import imdb_people
from tests.fakes.imdb_catalogue import CATALOGUE, SEARCH_PEOPLE
from tests.fakes.imdb_pages import FakeTitle

Endpoint = Literal["page", "graphql"]
FailureKind = Literal[
    "waf",  # page: HTTP 202 challenge (WAFError); graphql: HTTP 403 (GraphQLError)
    "http_500",  # page: HTTPError 500; graphql: GraphQLError 500
    "http_404",  # page: HTTPError 404; graphql: GraphQLError 404
    "graphql_errors",  # graphql only: 200 with {"errors": [...]}
    "network",  # both: niquests.exceptions.ConnectionError
    "hang",  # both: block until release() or uninstall()
    "no_next_data",  # page only: HTML without __NEXT_DATA__ (ParseError)
    "empty",  # page only: no mainColumnData, get_movie returns None
    "reshaped",  # page: pydantic ValidationError; graphql: mainSearch null (TypeError)
]
_PAGE_ONLY = {"no_next_data", "empty"}
_GRAPHQL_ONLY = {"graphql_errors"}
_PAGE_URL = re.compile(r"/title/(tt\d+)/reference")
_NAME_URL = re.compile(r"/name/(nm\d+)/")
_TERM = re.compile(r'searchTerm: "(.*)"\n')
_YEAR = re.compile(r'start: "(\d{4})-01-01"')


@dataclass
class FakeResponse:
    status_code: int
    content: bytes = b""
    payload: Any = None

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", "replace")

    def json(self) -> Any:
        return self.payload


@dataclass(frozen=True)
class FakeCall:
    endpoint: Endpoint
    url: str
    imdb_id: str = ""
    term: str = ""
    year: int | None = None
    cookies: dict[str, str] | None = None


@dataclass
class _Failure:
    kind: FailureKind
    endpoint: Endpoint | None
    remaining: int | None

    def applies(self, endpoint: Endpoint) -> bool:
        if self.endpoint not in (None, endpoint):
            return False
        if endpoint == "page":
            return self.kind not in _GRAPHQL_ONLY
        return self.kind not in _PAGE_ONLY


@dataclass
class FakeImdb:
    titles: dict[str, FakeTitle] = field(default_factory=lambda: {t.imdb_id: t for t in CATALOGUE})
    people: dict[str, imdb_people.FakePerson] = field(
        default_factory=lambda: dict(imdb_people.PEOPLE)
    )
    delay: float = 0.0  # seconds every call sleeps in its worker thread
    hook: Callable[[FakeCall], None] | None = None  # runs inside every call, in its thread
    waf_solver_ok: bool = False  # whether imdbinfo's challenge solver "succeeds"
    calls: list[FakeCall] = field(default_factory=list)
    in_flight: int = 0
    max_in_flight: int = 0

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._released = threading.Event()
        self._failures: list[_Failure] = []
        self._saved: dict[str, Any] = {}
        self._temp_dir: str | None = None

    # -- set-up ------------------------------------------------------------
    def add(self, title: FakeTitle) -> FakeTitle:
        self.titles[title.imdb_id] = title
        return title

    def fail(
        self, kind: FailureKind, *, times: int | None = None, endpoint: Endpoint | None = None
    ) -> None:
        """Fail the next ``times`` matching calls (all of them when ``None``).

        Failures apply in the order added; ``clear_failures()`` removes them.
        """
        with self._lock:
            self._failures.append(_Failure(kind, endpoint, times))

    def clear_failures(self) -> None:
        with self._lock:
            self._failures.clear()

    def release(self) -> None:
        """Let every hung call (and every later one) return."""
        self._released.set()

    # -- what happened -----------------------------------------------------
    @property
    def call_count(self) -> int:
        return len(self.calls)

    @property
    def search_terms(self) -> list[str]:
        return [c.term for c in self.calls if c.endpoint == "graphql"]

    @property
    def page_ids(self) -> list[str]:
        return [c.imdb_id for c in self.calls if c.endpoint == "page"]

    # -- installing ----------------------------------------------------------
    def install(self, cookie_dir: Path | None = None) -> FakeImdb:
        if cookie_dir is None:
            self._temp_dir = tempfile.mkdtemp(prefix="fake-imdb-")
            cookie_dir = Path(self._temp_dir)
        self._saved = {
            name: getattr(services, name)
            for name in ("niquests", "get_cookies", "_WAF_COOKIE_FILE", "_waf_cookies")
        }
        services.niquests = _FakeNiquests(self)
        services.get_cookies = self._solve_waf
        services._WAF_COOKIE_FILE = cookie_dir / "imdbinfo" / "waf_cookies.json"
        services._waf_cookies = services._UNSET
        self._released.clear()
        self.clear_library_cache()
        return self

    def uninstall(self) -> None:
        self.release()
        for name, value in self._saved.items():
            setattr(services, name, value)
        self._saved = {}
        self.clear_library_cache()
        if self._temp_dir:
            shutil.rmtree(self._temp_dir, ignore_errors=True)
            self._temp_dir = None

    def __enter__(self) -> FakeImdb:
        return self

    def __exit__(self, *exc: object) -> None:
        self.uninstall()

    @staticmethod
    def clear_library_cache() -> None:
        imdbinfo.get_movie.cache_clear()
        imdbinfo.search_title.cache_clear()
        imdbinfo.get_name.cache_clear()

    # -- answering (runs in imdbinfo's worker threads) -----------------------
    def _solve_waf(self, text: str, user_agent: str, force: bool = False) -> dict[str, str]:
        if not self.waf_solver_ok:
            raise RuntimeError("fake WAF solver: challenge not solved")
        return {"aws-waf-token": "fake-waf-token"}

    def _take_failure(self, endpoint: Endpoint) -> FailureKind | None:
        with self._lock:
            for failure in self._failures:
                if failure.applies(endpoint):
                    if failure.remaining is not None:
                        failure.remaining -= 1
                        if failure.remaining <= 0:
                            self._failures.remove(failure)
                    return failure.kind
        return None

    def _serve(
        self, call: FakeCall, answer: Callable[[FailureKind | None], FakeResponse]
    ) -> FakeResponse:
        with self._lock:
            self.calls.append(call)
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            if self.hook is not None:
                self.hook(call)
            if self.delay:
                time.sleep(self.delay)
            failure = self._take_failure(call.endpoint)
            if failure == "hang":
                self._released.wait()
            elif failure == "network":
                raise niquests.exceptions.ConnectionError("fake: connection refused")
            return answer(failure)
        finally:
            with self._lock:
                self.in_flight -= 1

    def page(self, url: str, cookies: dict[str, str] | None) -> FakeResponse:
        name = _NAME_URL.search(url)
        if name is not None:  # a person's page (``get_name``)
            call = FakeCall("page", url, imdb_id=name.group(1), cookies=cookies)
            return self._serve(call, lambda failure: self._name_answer(name.group(1), failure))
        match = _PAGE_URL.search(url)
        imdb_id = match.group(1) if match else ""
        call = FakeCall("page", url, imdb_id=imdb_id, cookies=cookies)
        return self._serve(call, lambda failure: self._page_answer(imdb_id, failure))

    def _page_answer(self, imdb_id: str, failure: FailureKind | None) -> FakeResponse:
        statuses = {"waf": 202, "http_500": 500, "http_404": 404}
        if failure in statuses:
            return FakeResponse(statuses[failure], b"<html>fake error page</html>")
        if failure == "no_next_data":
            return FakeResponse(200, b"<html><body>Please enable JavaScript</body></html>")
        if failure == "empty":
            return FakeResponse(200, pages.next_data_html(pages.empty_page_json()))
        title = self.titles.get(imdb_id)
        if title is None:
            return FakeResponse(404, b"<html>404 Not Found</html>")
        page = pages.title_page_json(title, reshaped=failure == "reshaped")
        return FakeResponse(200, pages.next_data_html(page))

    def _name_answer(self, name_id: str, failure: FailureKind | None) -> FakeResponse:
        statuses = {"waf": 202, "http_500": 500, "http_404": 404}
        if failure in statuses:
            return FakeResponse(statuses[failure], b"<html>fake error page</html>")
        if failure == "no_next_data":
            return FakeResponse(200, b"<html><body>Please enable JavaScript</body></html>")
        if failure == "empty":
            return FakeResponse(200, pages.next_data_html(pages.empty_page_json()))
        person = self.people.get(name_id)
        if person is None:
            return FakeResponse(404, b"<html>404 Not Found</html>")
        return FakeResponse(200, pages.next_data_html(imdb_people.person_page_json(person)))

    def graphql(self, url: str, query: str) -> FakeResponse:
        term_match = _TERM.search(query)
        year_match = _YEAR.search(query)
        term = term_match.group(1) if term_match else ""
        year = int(year_match.group(1)) if year_match else None
        call = FakeCall("graphql", url, term=term, year=year)
        return self._serve(
            call, lambda failure: self._graphql_answer(term_match, term, year, failure)
        )

    def _graphql_answer(
        self,
        term_match: re.Match[str] | None,
        term: str,
        year: int | None,
        failure: FailureKind | None,
    ) -> FakeResponse:
        statuses = {"waf": 403, "http_500": 500, "http_404": 404}
        if failure in statuses:
            return FakeResponse(statuses[failure], b'{"message": "fake error"}')
        # A quote, backslash or line break in the term is a GraphQL syntax error, as on IMDb.
        if failure == "graphql_errors" or term_match is None or '"' in term or "\\" in term:
            return FakeResponse(200, payload={"errors": [{"message": "Syntax Error: fake"}]})
        if failure == "reshaped":
            return FakeResponse(200, payload={"data": {"mainSearch": None}})
        return FakeResponse(200, payload=pages.search_answer(self.search_entities(term, year)))

    def search_entities(self, term: str, year: int | None) -> list[dict[str, Any]]:
        """Titles containing ``term`` (released in ``year`` if given), people among them.

        IMDb ranks titles and names together, so a name can come between
        titles: here each person follows the third title after the last.
        """
        needle = term.casefold()
        found = [
            pages.search_title_entity(t)
            for t in self.titles.values()
            if needle in t.title.casefold() or needle in t.display_title.casefold()
            if year is None or t.year == year
        ]
        credits = {c for t in self.titles.values() for c in t.stars} | set(SEARCH_PEOPLE)
        credits |= {(p.imdb_id, p.name) for p in self.people.values()}
        people = [pages.search_name_entity(c) for c in sorted(credits) if needle in c[1].casefold()]
        merged: list[dict[str, Any]] = []
        for n, entity in enumerate(found, start=1):
            merged.append(entity)
            if n % 3 == 0 and people:
                merged.append(people.pop(0))
        return merged + people


class _FakeNiquests:
    """The two functions of ``niquests`` that imdbinfo.services calls, plus its exceptions."""

    exceptions = niquests.exceptions

    def __init__(self, fake: FakeImdb) -> None:
        self._fake = fake

    def get(self, url: str, headers: Any = None, cookies: Any = None, **_: Any) -> FakeResponse:
        return self._fake.page(url, dict(cookies) if cookies else None)

    def post(self, url: str, headers: Any = None, json: Any = None, **_: Any) -> FakeResponse:
        return self._fake.graphql(url, (json or {}).get("query", ""))
