"""The fake kuryana answers as the real one does (tbdsux/kuryana, ``app/``).

Each case pins one shape read from kuryana's own code, so the fake cannot
drift back to answers tidier than the real service's.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from tests.fakes.kuryana import FIXTURES, FakeKuryana, Fault, kuryana_server


@pytest.fixture
async def fake() -> AsyncIterator[FakeKuryana]:
    async with kuryana_server() as server:
        yield server


async def get(fake: FakeKuryana, path: str) -> tuple[int, Any]:
    async with aiohttp.ClientSession() as session, session.get(fake.url + path) as resp:
        raw = await resp.read()
        try:
            return resp.status, json.loads(raw)
        except ValueError:
            return resp.status, raw.decode()


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


async def test_a_search_without_hits_has_both_empty_lists(fake: FakeKuryana) -> None:
    status, body = await get(fake, "/search/q/nothing%20at%20all")
    assert status == 200
    assert body["results"] == {"dramas": [], "people": []}
    assert fixture("search_empty.json")["results"] == {"dramas": [], "people": []}


async def test_results_are_empty_only_for_a_page_that_is_not_a_search(fake: FakeKuryana) -> None:
    fake.fail_next(Fault.WRONG_PAGE, route="search")
    status, body = await get(fake, "/search/q/goblin")
    assert (status, body["results"]) == (200, {})


async def test_wrong_pages_keep_only_what_kuryana_fills_in_before_parsing(
    fake: FakeKuryana,
) -> None:
    fake.fail_always(Fault.WRONG_PAGE)
    _, details = await get(fake, "/id/18452-goblin")
    _, cast = await get(fake, "/id/18452-goblin/cast")
    _, episodes = await get(fake, "/id/18452-goblin/episodes")
    assert details["data"] == {"link": "https://mydramalist.com/18452-goblin"}
    assert cast["data"]["casts"] == {} and "(" not in cast["data"]["title"]
    assert episodes["data"] == {"title": "", "episodes": []}


def test_a_movies_shared_credit_is_a_list_under_others() -> None:
    data = fixture("movie_parasite.json")["data"]
    assert "screenwriter_&_director" not in data["details"]
    assert data["others"]["screenwriter_&_director"] == ["Bong Joon Ho"]
    assert data["details"]["movie"] == "Parasite"  # the first row names the kind
    assert "type" not in data["details"]


def test_staff_rows_in_cast_have_no_role_key() -> None:
    casts = fixture("cast_goblin.json")["data"]["casts"]
    for heading in ("Director", "Screenwriter"):
        assert casts[heading] and all("role" not in row for row in casts[heading])
    assert all("role" in row for row in casts["Main Role"])


def test_a_finished_title_has_no_airing_keys_and_an_airing_one_has_both() -> None:
    finished = fixture("drama_goblin.json")["data"]
    assert "next_episode_airing" not in finished and "current_episode" not in finished
    airing = fixture("drama_airing.json")["data"]
    assert airing["next_episode_airing"]["episode_number"] == 7
    assert airing["current_episode"] == "6"


def test_episode_titles_and_dates_are_as_mydramalist_prints_them() -> None:
    data = fixture("episodes_goblin.json")["data"]
    assert set(data) == {"title", "episodes"}  # kuryana replaces the data, link included
    assert data["title"] == "Goblin(2016)"  # get_text(strip=True) drops the space
    first = data["episodes"][0]
    assert first["title"] == "Goblin Episode 1"
    assert first["air_date"] == "Dec 2, 2016"
    assert all("(2016)" not in e["title"] for e in data["episodes"])


@pytest.mark.parametrize(
    ("fault", "status"),
    [(Fault.FORBIDDEN, 403), (Fault.SERVER_ERROR, 500), (Fault.MDL_ERROR, 503)],
)
async def test_a_failed_search_carries_the_error_envelope(
    fake: FakeKuryana, fault: Fault, status: int
) -> None:
    fake.fail_next(fault, route="search")
    assert await get(fake, "/search/q/goblin") == (
        status,
        {"error": True, "code": status, "description": "An unexpected error occurred."},
    )


@pytest.mark.parametrize(("fault", "status"), [(Fault.FORBIDDEN, 403), (Fault.SERVER_ERROR, 500)])
async def test_a_failed_page_without_an_error_box_is_a_bare_object(
    fake: FakeKuryana, fault: Fault, status: int
) -> None:
    fake.fail_next(fault, route="details")
    assert await get(fake, "/id/18452-goblin") == (status, {})


async def test_mydramalists_error_page_is_passed_through(fake: FakeKuryana) -> None:
    fake.fail_next(Fault.MDL_ERROR, route="cast")
    status, body = await get(fake, "/id/18452-goblin/cast")
    assert status == 503
    assert set(body) == {"code", "error", "description"}
    assert (body["code"], body["error"]) == (503, True)
    assert set(body["description"]) == {"title", "info"}


async def test_a_search_mydramalist_has_no_page_for_is_the_404_envelope(
    fake: FakeKuryana,
) -> None:
    fake.fail_next(Fault.NOT_FOUND, route="search")
    assert await get(fake, "/search/q/goblin") == (
        404,
        {"error": True, "code": 404, "description": "404 Not Found"},
    )


async def test_a_parser_crash_is_a_plain_text_500(fake: FakeKuryana) -> None:
    fake.fail_next(Fault.PARSER_CRASH)
    assert await get(fake, "/id/18452-goblin") == (500, "Internal Server Error")


async def test_an_unknown_slug_is_mydramalists_not_found_box(fake: FakeKuryana) -> None:
    status, body = await get(fake, "/id/1-no-such-title")
    assert status == 404
    assert body["description"]["title"] == "The requested page was not found"


async def test_one_request_is_served_at_a_time(fake: FakeKuryana) -> None:
    fake.hold()
    calls = [asyncio.create_task(get(fake, "/id/18452-goblin")) for _ in range(2)]
    await fake.wait_in_flight(2)  # both arrived together ...
    fake.release()
    await asyncio.gather(*calls)
    assert fake.max_serving == 1  # ... and the second waited for the first


async def test_a_bare_id_follows_the_redirect_without_saying_where(fake: FakeKuryana) -> None:
    status, body = await get(fake, "/id/18452")
    assert status == 200
    assert body["slug_query"] == "18452"
    assert body["data"]["link"] == "https://mydramalist.com/18452"  # not the canonical slug
    assert body["data"]["title"] == "Goblin (2016)"
