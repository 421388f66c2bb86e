"""A local server that speaks TMDB's v3 API, with the documented shapes and faults.

Shapes follow TMDB's API reference (developer.themoviedb.org): ``/configuration``
(``images.secure_base_url``, ``poster_sizes``), ``/find/{id}?external_source=imdb_id``
(``movie_results``, ``person_results``, ``tv_results``, ``tv_episode_results``,
``tv_season_results``), ``/search/movie`` and ``/search/tv`` (``page``,
``results``, ``total_pages``, ``total_results``), ``/movie/{id}`` and ``/tv/{id}``
with ``append_to_response=videos,watch/providers,external_ids,alternative_titles`` (appended
objects under those very keys), and errors in the envelope
``{"status_code", "status_message", "success": false}``: 401 with code 7 for a
bad key, 404 with code 34, 429 with code 25 and ``Retry-After``, 503 code 9.

    async with tmdb_server() as fake:
        fake.fail_next(429, retry_after=1)
        ...  # point the bot's TMDB_API_URL at fake.url
"""

from __future__ import annotations

import copy
import re
import unicodedata
from collections import Counter, deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

API_KEY = "0123456789abcdef0123456789abcdef"  # a v3 key: 32 hex digits
# A v4 read-access token is a JWT; this one only has the shape.
READ_TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJhdWQiOiJ0ZXN0In0.c2lnbmF0dXJl"
IMAGE_BASE = "https://image.tmdb.org/t/p/"

INVALID_KEY = {
    "status_code": 7,
    "status_message": "Invalid API key: You must be granted a valid key.",
    "success": False,
}
NOT_FOUND = {
    "status_code": 34,
    "status_message": "The resource you requested could not be found.",
    "success": False,
}
TOO_MANY = {
    "status_code": 25,
    "status_message": "Your request count (#) is over the allowed limit of (40).",
    "success": False,
}
OFFLINE = {
    "status_code": 9,
    "status_message": "Service offline: This service is temporarily offline, try again later.",
    "success": False,
}
ENVELOPES = {401: INVALID_KEY, 404: NOT_FOUND, 429: TOO_MANY, 503: OFFLINE}


def provider(name: str, provider_id: int, priority: int) -> dict[str, Any]:
    return {
        "logo_path": f"/logo{provider_id}.jpg",
        "provider_id": provider_id,
        "provider_name": name,
        "display_priority": priority,
    }


NETFLIX = provider("Netflix", 8, 0)
VIKI = provider("Rakuten Viki", 344, 5)
APPLE = provider("Apple TV", 2, 3)
GOOGLE = provider("Google Play Movies", 3, 10)
MAX = provider("Max", 1899, 1)
TUBI = provider("Tubi TV", 73, 20)
PLUTO = provider("Pluto TV", 300, 30)


def video(
    key: str,
    name: str,
    type_: str,
    official: bool,
    site: str = "YouTube",
    published: str = "2020-01-01T00:00:00.000Z",
) -> dict[str, Any]:
    return {
        "iso_639_1": "en",
        "iso_3166_1": "US",
        "name": name,
        "key": key,
        "site": site,
        "size": 1080,
        "type": type_,
        "official": official,
        "published_at": published,
        "id": f"v{abs(hash(key)) % 10**8}",
    }


@dataclass
class Title:
    """One TMDB title: its details object (without the appended parts) and those parts."""

    kind: str
    details: dict[str, Any]
    videos: list[dict[str, Any]] = field(default_factory=list)
    providers: dict[str, dict[str, Any]] = field(default_factory=dict)
    imdb_id: str | None = None
    also_known_as: list[str] = field(default_factory=list)

    @property
    def tmdb_id(self) -> int:
        return int(self.details["id"])

    def search_result(self) -> dict[str, Any]:
        d = self.details
        common = {
            "adult": False,
            "backdrop_path": None,
            "genre_ids": [g["id"] for g in d.get("genres", [])],
            "id": d["id"],
            "original_language": d.get("original_language", ""),
            "overview": d.get("overview", ""),
            "popularity": 12.5,
            "poster_path": d.get("poster_path"),
            "vote_average": d.get("vote_average", 0),
            "vote_count": d.get("vote_count", 0),
        }
        if self.kind == "movie":
            # TMDB's movie search results carry no origin_country.
            return {
                **common,
                "title": d["title"],
                "original_title": d["original_title"],
                "release_date": d.get("release_date", ""),
                "video": False,
            }
        return {
            **common,
            "name": d["name"],
            "original_name": d["original_name"],
            "first_air_date": d.get("first_air_date", ""),
            "origin_country": d.get("origin_country", []),
        }

    def full(self, append: set[str]) -> dict[str, Any]:
        body = copy.deepcopy(self.details)
        if self.kind == "movie":
            body["imdb_id"] = self.imdb_id
        if "videos" in append:
            body["videos"] = {"results": copy.deepcopy(self.videos)}
        if "watch/providers" in append:
            body["watch/providers"] = {"results": copy.deepcopy(self.providers)}
        if "external_ids" in append:
            body["external_ids"] = {
                "id": self.tmdb_id,
                "imdb_id": self.imdb_id,
                "wikidata_id": None,
                "facebook_id": None,
            }
        if "alternative_titles" in append:
            alternatives = [
                {"iso_3166_1": "US", "title": t, "type": ""} for t in self.also_known_as
            ]
            key = "titles" if self.kind == "movie" else "results"
            body["alternative_titles"] = {"id": self.tmdb_id, key: alternatives}
        return body


def offers(region: str, tmdb_path: str, **lists: list[dict[str, Any]]) -> dict[str, Any]:
    return {"link": f"https://www.themoviedb.org/{tmdb_path}/watch?locale={region}", **lists}


def _movie(
    tmdb_id: int,
    title: str,
    original: str,
    date: str,
    language: str,
    countries: list[tuple[str, str]],
    **extra: Any,
) -> dict[str, Any]:
    return {
        "adult": False,
        "backdrop_path": None,
        "belongs_to_collection": None,
        "budget": 0,
        "genres": extra.pop("genres", [{"id": 18, "name": "Drama"}]),
        "homepage": "",
        "id": tmdb_id,
        "original_language": language,
        "original_title": original,
        "overview": extra.pop("overview", ""),
        "popularity": 10.0,
        "poster_path": extra.pop("poster_path", f"/p{tmdb_id}.jpg"),
        "production_companies": [],
        "production_countries": [{"iso_3166_1": c, "name": n} for c, n in countries],
        "origin_country": [c for c, _ in countries],
        "release_date": date,
        "revenue": 0,
        "runtime": extra.pop("runtime", 100),
        "spoken_languages": extra.pop("spoken_languages", []),
        "status": "Released",
        "tagline": "",
        "title": title,
        "video": False,
        "vote_average": 7.5,
        "vote_count": 100,
        **extra,
    }


def _tv(
    tmdb_id: int,
    name: str,
    original: str,
    date: str,
    language: str,
    countries: list[str],
    **extra: Any,
) -> dict[str, Any]:
    return {
        "backdrop_path": None,
        "created_by": [],
        "episode_run_time": extra.pop("episode_run_time", [60]),
        "first_air_date": date,
        "genres": extra.pop("genres", [{"id": 18, "name": "Drama"}]),
        "homepage": "",
        "id": tmdb_id,
        "in_production": False,
        "languages": [language],
        "last_air_date": date,
        "name": name,
        "networks": [],
        "number_of_episodes": extra.pop("number_of_episodes", 16),
        "number_of_seasons": 1,
        "origin_country": countries,
        "original_language": language,
        "original_name": original,
        "overview": extra.pop("overview", ""),
        "popularity": 20.0,
        "poster_path": extra.pop("poster_path", f"/t{tmdb_id}.jpg"),
        "production_companies": [],
        "production_countries": [],
        "seasons": [],
        "spoken_languages": [],
        "status": "Ended",
        "tagline": "",
        "type": "Scripted",
        "vote_average": 8.0,
        "vote_count": 500,
        **extra,
    }


MATRIX_TRAILER_KEY = "vKQi3bBA1y8"
GOBLIN_TRAILER_KEY = "S94ukM8C17A"


def catalogue() -> list[Title]:
    """Titles the tests use; each id is TMDB's real one for that title."""
    matrix = Title(
        "movie",
        _movie(
            603,
            "The Matrix",
            "The Matrix",
            "1999-03-31",
            "en",
            [("US", "United States of America"), ("AU", "Australia")],
            genres=[{"id": 28, "name": "Action"}, {"id": 878, "name": "Science Fiction"}],
            overview="Set in the 22nd century, The Matrix tells the story of a computer "
            "hacker who joins a group of underground insurgents.",
            runtime=136,
            spoken_languages=[{"english_name": "English", "iso_639_1": "en", "name": "English"}],
        ),
        videos=[
            video("aaaaaaaaaaa", "Teaser", "Teaser", True, published="1999-01-01T00:00:00.000Z"),
            video("bbbbbbbbbbb", "Fan trailer", "Trailer", False),
            video("123456789", "Trailer on Vimeo", "Trailer", True, site="Vimeo"),
            video(
                MATRIX_TRAILER_KEY,
                "The Matrix (1999) Official Trailer",
                "Trailer",
                True,
                published="2019-05-14T00:00:00.000Z",
            ),
        ],
        providers={
            "US": offers("US", "movie/603", flatrate=[MAX], rent=[GOOGLE, APPLE], buy=[APPLE]),
            "GB": offers("GB", "movie/603", rent=[APPLE]),
            "DE": offers("DE", "movie/603", flatrate=[NETFLIX]),
            "JP": offers("JP", "movie/603", buy=[GOOGLE]),
        },
        imdb_id="tt0133093",
    )
    breaking_bad = Title(
        "tv",
        _tv(
            1396, "Breaking Bad", "Breaking Bad", "2008-01-20", "en", ["US"], number_of_episodes=62
        ),
        videos=[video("ccccccccccc", "Breaking Bad fan cut", "Trailer", False)],
        providers={"US": offers("US", "tv/1396", flatrate=[NETFLIX])},
        imdb_id="tt0903747",
    )
    goblin = Title(
        "tv",
        _tv(
            67915,
            "Guardian: The Lonely and Great God",
            "쓸쓸하고 찬란하神-도깨비",
            "2016-12-02",
            "ko",
            ["KR"],
            overview="A goblin seeks a human bride to end his immortal life.",
            genres=[{"id": 10765, "name": "Sci-Fi & Fantasy"}, {"id": 18, "name": "Drama"}],
        ),
        videos=[video(GOBLIN_TRAILER_KEY, "Official Trailer", "Trailer", True)],
        providers={
            "US": offers("US", "tv/67915", flatrate=[VIKI, NETFLIX], ads=[TUBI], free=[PLUTO]),
            "KR": offers("KR", "tv/67915", flatrate=[NETFLIX]),
        },
        imdb_id="tt6150808",
        also_known_as=["Goblin", "Dokkaebi"],
    )
    parasite = Title(
        "movie",
        _movie(
            496243, "Parasite", "기생충", "2019-05-30", "ko", [("KR", "South Korea")], runtime=133
        ),
        providers={
            "US": offers("US", "movie/496243", flatrate=[MAX]),
            "KR": offers("KR", "movie/496243", rent=[APPLE]),
        },
        imdb_id="tt6751668",
    )
    # Same title, three countries and years: only the right one may ever match.
    mother_jp = Title(
        "tv",
        _tv(45678, "Mother", "Mother", "2010-04-14", "ja", ["JP"], number_of_episodes=11),
        providers={"JP": offers("JP", "tv/45678", flatrate=[NETFLIX])},
    )
    mother_kr = Title(
        "tv",
        _tv(76543, "Mother", "마더", "2018-01-24", "ko", ["KR"]),
        videos=[video("ddddddddddd", "Official Trailer", "Trailer", True)],
        providers={"KR": offers("KR", "tv/76543", flatrate=[NETFLIX])},
        also_known_as=["Mother"],
    )
    mother_tr = Title(
        "tv",
        _tv(66666, "Mother", "Anne", "2016-10-04", "tr", ["TR"]),
        providers={"TR": offers("TR", "tv/66666", flatrate=[NETFLIX])},
        also_known_as=["Mother"],
    )
    return [matrix, breaking_bad, goblin, parasite, mother_jp, mother_kr, mother_tr]


def _loose(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if ch.isalnum())


class FakeTmdb:
    def __init__(self) -> None:
        self.titles: dict[tuple[str, int], Title] = {(t.kind, t.tmdb_id): t for t in catalogue()}
        self.hits: Counter[str] = Counter()
        self.requests: list[tuple[str, dict[str, str], dict[str, str]]] = []
        self._faults: deque[tuple[int, str | None, str]] = deque()
        self.always: int | None = None
        self._server: TestServer | None = None
        # ``images`` of /configuration when a test needs another (else TMDB's usual one).
        self.images: Any = None

    # ------------------------------------------------------------------ control
    def add(self, title: Title) -> None:
        self.titles[(title.kind, title.tmdb_id)] = title

    def fail_next(
        self, status: int, *, times: int = 1, retry_after: str | None = None, route: str = "*"
    ) -> None:
        for _ in range(times):
            self._faults.append((status, retry_after, route))

    def fail_always(self, status: int) -> None:
        self.always = status

    def heal(self) -> None:
        self.always = None
        self._faults.clear()

    @property
    def url(self) -> str:
        assert self._server is not None
        return str(self._server.make_url("/3"))

    def total_hits(self) -> int:
        return sum(self.hits.values())

    # ------------------------------------------------------------------ serving
    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/3/configuration", self._configuration)
        app.router.add_get("/3/find/{external_id}", self._find)
        app.router.add_get("/3/search/{kind}", self._search)
        app.router.add_get("/3/{kind}/{tmdb_id}", self._details)
        return app

    async def start(self) -> None:
        self._server = TestServer(self.app())
        await self._server.start_server()

    async def close(self) -> None:
        if self._server is not None:
            await self._server.close()

    @staticmethod
    def _error(status: int, headers: dict[str, str] | None = None) -> web.Response:
        body = ENVELOPES.get(
            status,
            {
                "status_code": 11,
                "status_message": "Internal error: Something went wrong, contact TMDB.",
                "success": False,
            },
        )
        return web.json_response(body, status=status, headers=headers)

    def _gate(self, request: web.Request, route: str) -> web.Response | None:
        self.hits[route] += 1
        self.requests.append((request.path, dict(request.query), dict(request.headers)))
        key = request.query.get("api_key")
        bearer = request.headers.get("Authorization", "")
        if key != API_KEY and bearer != f"Bearer {READ_TOKEN}":
            return self._error(401)
        if self.always is not None:
            return self._error(self.always)
        if self._faults and self._faults[0][2] in {"*", route}:
            status, retry_after, _ = self._faults.popleft()
            return self._error(status, {"Retry-After": retry_after} if retry_after else None)
        return None

    async def _configuration(self, request: web.Request) -> web.Response:
        refused = self._gate(request, "configuration")
        if refused is not None:
            return refused
        if self.images is not None:
            return web.json_response({"change_keys": [], "images": self.images})
        return web.json_response(
            {
                "change_keys": ["adult", "air_date", "also_known_as"],
                "images": {
                    "base_url": IMAGE_BASE.replace("https", "http"),
                    "secure_base_url": IMAGE_BASE,
                    "backdrop_sizes": ["w300", "w780", "w1280", "original"],
                    "logo_sizes": ["w45", "w92", "w154", "w185", "w300", "w500", "original"],
                    "poster_sizes": ["w92", "w154", "w185", "w342", "w500", "w780", "original"],
                    "profile_sizes": ["w45", "w185", "h632", "original"],
                    "still_sizes": ["w92", "w185", "w300", "original"],
                },
            }
        )

    async def _find(self, request: web.Request) -> web.Response:
        refused = self._gate(request, "find")
        if refused is not None:
            return refused
        external = request.match_info["external_id"]
        if request.query.get("external_source") != "imdb_id":
            return web.json_response(
                {
                    "status_code": 5,
                    "status_message": "Invalid parameters: Your request parameters are incorrect.",
                    "success": False,
                },
                status=422,
            )
        found = [t for t in self.titles.values() if t.imdb_id == external]
        return web.json_response(
            {
                "movie_results": [
                    t.search_result() | {"media_type": "movie"} for t in found if t.kind == "movie"
                ],
                "person_results": [],
                "tv_results": [
                    t.search_result() | {"media_type": "tv"} for t in found if t.kind == "tv"
                ],
                "tv_episode_results": [],
                "tv_season_results": [],
            }
        )

    async def _search(self, request: web.Request) -> web.Response:
        kind = request.match_info["kind"]
        refused = self._gate(request, "search")
        if refused is not None:
            return refused
        if kind not in {"movie", "tv"}:
            return self._error(404)
        query = _loose(request.query.get("query", ""))
        year_key = "year" if kind == "movie" else "first_air_date_year"
        year = request.query.get(year_key)
        date_key = "release_date" if kind == "movie" else "first_air_date"
        results = []
        for title in self.titles.values():
            if title.kind != kind or not query:
                continue
            names = [
                title.details.get("title") or title.details.get("name") or "",
                title.details.get("original_title") or title.details.get("original_name") or "",
                *title.also_known_as,
            ]
            if not any(query in _loose(n) for n in names):
                continue
            if year and not str(title.details.get(date_key, "")).startswith(year):
                continue
            results.append(title.search_result())
        return web.json_response(
            {"page": 1, "results": results, "total_pages": 1, "total_results": len(results)}
        )

    async def _details(self, request: web.Request) -> web.Response:
        kind = request.match_info["kind"]
        refused = self._gate(request, "details")
        if refused is not None:
            return refused
        if not re.fullmatch(r"\d+", request.match_info["tmdb_id"]):
            return self._error(404)
        title = self.titles.get((kind, int(request.match_info["tmdb_id"])))
        if title is None:
            return self._error(404)
        append = set(filter(None, request.query.get("append_to_response", "").split(",")))
        return web.json_response(title.full(append))


@asynccontextmanager
async def tmdb_server() -> AsyncIterator[FakeTmdb]:
    fake = FakeTmdb()
    await fake.start()
    try:
        yield fake
    finally:
        await fake.close()


@pytest.fixture
async def tmdb() -> AsyncIterator[FakeTmdb]:
    async with tmdb_server() as fake:
        yield fake
