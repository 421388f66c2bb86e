"""``TmdbClient`` against the fake TMDB server: documented shapes, errors and faults."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from adapters.tmdb.client import TmdbClient
from domain.breaker import CircuitBreaker
from domain.errors import NotFound, UpstreamUnavailable
from domain.tmdb.models import TmdbRef
from tests.fakes.tmdb import API_KEY, FakeTmdb, Title, tmdb

__all__ = ["tmdb"]


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


def client(http: aiohttp.ClientSession, fake: FakeTmdb, key: str = API_KEY) -> TmdbClient:
    return TmdbClient(
        http,
        fake.url,
        key,
        CircuitBreaker("TMDB", 3, 30),
        attempts=3,
        retry_budget=2.0,
        backoff_initial=0.01,
    )


async def test_details_carry_the_card_the_offers_and_the_official_trailer(
    http: aiohttp.ClientSession, tmdb: FakeTmdb
) -> None:
    api = client(http, tmdb)
    assert await api.check() is None
    ref = await api.find_imdb("tt0133093")
    assert ref == TmdbRef("movie", 603)
    title = await api.details(ref)
    assert (title.title, title.year, title.runtime_minutes, title.imdb_id) == (
        "The Matrix",
        1999,
        136,
        "tt0133093",
    )
    assert title.genres == ("Action", "Science Fiction")
    assert title.countries == ("US", "AU")
    assert title.poster == "https://image.tmdb.org/t/p/w500/p603.jpg"
    assert title.trailer == "https://www.youtube.com/watch?v=vKQi3bBA1y8"
    assert title.offers["US"].flatrate == ("Max",)
    assert title.offers["US"].rent == ("Apple TV", "Google Play Movies")
    _, params, _ = tmdb.requests[-1]
    assert params["append_to_response"] == (
        "videos,watch/providers,external_ids,alternative_titles"
    )
    assert params["api_key"] == API_KEY


async def test_a_series_reads_its_imdb_id_from_external_ids(
    http: aiohttp.ClientSession, tmdb: FakeTmdb
) -> None:
    title = await client(http, tmdb).details(TmdbRef("tv", 67915))
    assert title.imdb_id == "tt6150808" and title.episodes == 16 and title.runtime_minutes == 60
    assert title.offers["US"].ads == ("Tubi TV",) and title.offers["US"].free == ("Pluto TV",)


async def test_an_imdb_id_tmdb_lacks_is_not_found(
    http: aiohttp.ClientSession, tmdb: FakeTmdb
) -> None:
    with pytest.raises(NotFound):
        await client(http, tmdb).find_imdb("tt0234215")
    with pytest.raises(NotFound):
        await client(http, tmdb).details(TmdbRef("movie", 999_999))


async def test_a_refused_key_is_never_retried_nor_asked_again(
    http: aiohttp.ClientSession, tmdb: FakeTmdb
) -> None:
    api = client(http, tmdb, key="0" * 32)
    problem = await api.check()
    assert problem is not None and "Invalid API key" in problem
    assert api.key_refused
    with pytest.raises(UpstreamUnavailable, match="API key refused"):
        await api.find_imdb("tt0133093")
    assert tmdb.total_hits() == 1


async def test_429_is_retried_after_retry_after_and_refused_when_it_asks_too_long(
    http: aiohttp.ClientSession, tmdb: FakeTmdb
) -> None:
    api = client(http, tmdb)
    tmdb.fail_next(429, retry_after="0")
    assert (await api.find_imdb("tt0133093")).tmdb_id == 603
    assert tmdb.hits["find"] == 2
    # Waiting two minutes does not fit the retry budget: give up at once, as unavailable.
    tmdb.fail_next(429, retry_after="120")
    with pytest.raises(UpstreamUnavailable, match="rate limited"):
        await api.find_imdb("tt0903747")
    assert tmdb.hits["find"] == 3


async def test_the_error_envelope_is_reported_and_client_errors_are_not_retried(
    http: aiohttp.ClientSession, tmdb: FakeTmdb
) -> None:
    api = client(http, tmdb)
    tmdb.fail_next(400)
    with pytest.raises(UpstreamUnavailable, match="Internal error"):
        await api.search("tv", "goblin", None)
    assert tmdb.hits["search"] == 1
    tmdb.fail_next(503, times=2)
    assert [c.title for c in await api.search("tv", "goblin", 2016)] == [
        "Guardian: The Lonely and Great God"
    ]
    assert tmdb.hits["search"] == 4


async def test_a_failing_tmdb_opens_the_breaker(
    http: aiohttp.ClientSession, tmdb: FakeTmdb
) -> None:
    api = client(http, tmdb)
    tmdb.fail_always(503)
    for _ in range(3):
        with pytest.raises(UpstreamUnavailable):
            await api.find_imdb("tt0133093")
    hits = tmdb.total_hits()
    with pytest.raises(UpstreamUnavailable, match="circuit open"):
        await api.find_imdb("tt0133093")
    assert tmdb.total_hits() == hits


async def test_odd_shapes_are_read_leniently(http: aiohttp.ClientSession, tmdb: FakeTmdb) -> None:
    odd: dict[str, Any] = {
        "id": 5,
        "name": ["not", "text"],
        "original_name": "<b>&</b>",
        "first_air_date": 2020,
        "genres": "Drama",
        "origin_country": ["KR", 7, "toolong", "kr"],
        "poster_path": "../x.jpg",
        "number_of_episodes": -3,
        "episode_run_time": [],
        "overview": None,
    }
    tmdb.add(
        Title(
            "tv",
            odd,
            videos=[
                {
                    "site": "YouTube",
                    "type": "Trailer",
                    "official": True,
                    "key": "javascript:alert(1)",
                }
            ],
            providers={
                "kr": {"flatrate": []},
                "ZZZ": {},
                "US": {"link": "http://x", "flatrate": [{"provider_name": "A" * 500}]},
            },
        )
    )
    title = await client(http, tmdb).details(TmdbRef("tv", 5))
    assert title.title == "<b>&</b>" and title.year is None and title.genres == ()
    assert title.countries == ("KR",) and title.poster == "" and title.episodes is None
    assert title.trailer == ""
    assert set(title.offers) == {"US"} and title.offers["US"].link == ""
    assert len(title.offers["US"].flatrate[0]) == 60


async def test_a_body_that_is_not_json_is_unavailable(tmdb: FakeTmdb) -> None:
    async def broken(_request: web.Request) -> web.Response:
        return web.Response(text="<html>gateway</html>", status=200)

    app = web.Application()
    app.router.add_get("/3/find/{id}", broken)
    from aiohttp.test_utils import TestServer

    server = TestServer(app)
    await server.start_server()
    try:
        async with aiohttp.ClientSession() as session:
            api = TmdbClient(session, str(server.make_url("/3")), API_KEY, CircuitBreaker("TMDB"))
            with pytest.raises(UpstreamUnavailable, match="not a JSON object"):
                await api.find_imdb("tt0133093")
    finally:
        await server.close()
