"""``KuryanaClient`` against the fake kuryana server: answers, faults, retries, failover."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from adapters.mydramalist import KuryanaClient
from adapters.mydramalist.client import _interpret
from domain.breaker import BreakerState
from domain.errors import InvalidInput, NotFound, UpstreamUnavailable
from tests.fakes.kuryana import FakeKuryana, Fault, kuryana_server

GOBLIN = "18452-goblin"


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
async def fake() -> AsyncIterator[FakeKuryana]:
    async with kuryana_server() as server:
        yield server


@pytest.fixture
async def backup() -> AsyncIterator[FakeKuryana]:
    async with kuryana_server() as server:
        yield server


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as opened:
        yield opened


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


MakeClient = Callable[..., KuryanaClient]


@pytest.fixture
def make_client(session: aiohttp.ClientSession, clock: FakeClock) -> MakeClient:
    def make(*urls: str, **overrides: Any) -> KuryanaClient:
        options: dict[str, Any] = {
            "timeout": 5.0,
            "backoff_initial": 0.001,
            "backoff_max": 0.002,
            "clock": clock,
        }
        options.update(overrides)
        return KuryanaClient(session, list(urls), **options)

    return make


# ----------------------------------------------------------------- answers


async def test_search(fake: FakeKuryana, make_client: MakeClient) -> None:
    hits = await make_client(fake.url).search("Goblin")
    titles = [h.slug for h in hits if not h.person]
    assert titles == [GOBLIN, "40001-goblin-special", "40002-the-little-goblin"]
    assert [h.slug for h in hits if h.person] == ["people/40003-goblin-actor"]  # after the titles
    assert fake.hits["/search/q/Goblin"] == 1


async def test_details_cast_and_episodes(fake: FakeKuryana, make_client: MakeClient) -> None:
    client = make_client(fake.url)
    drama = await client.details(GOBLIN)
    cast = await client.cast(GOBLIN)
    episodes = await client.episodes(GOBLIN)
    assert (drama.title, drama.year, drama.rating) == ("Goblin", "2016", 8.8)
    assert drama.tags[-1] == "Fate"
    assert cast.sections[2].members[0].character == "Kim Shin"
    assert len(episodes.episodes) == 16
    assert fake.route_hits == {"details": 1, "cast": 1, "episodes": 1}


async def test_movie_details(fake: FakeKuryana, make_client: MakeClient) -> None:
    movie = await make_client(fake.url).details("28311-parasite")
    assert (movie.type, movie.aired) == ("Movie", "May 30, 2019")


@pytest.mark.parametrize("query", ["nothing at all", "no such drama anywhere"])
async def test_empty_search(fake: FakeKuryana, make_client: MakeClient, query: str) -> None:
    assert await make_client(fake.url).search(query) == []


async def test_search_404_means_no_results(fake: FakeKuryana, make_client: MakeClient) -> None:
    fake.fail_next(Fault.NOT_FOUND, route="search")
    assert await make_client(fake.url).search("goblin") == []


async def test_awkward_query_reaches_the_route_intact(
    fake: FakeKuryana, make_client: MakeClient
) -> None:
    fake.add_search("love hate 도깨비 co", [{"slug": "1-love-hate", "title": "Love/Hate"}])
    hits = await make_client(fake.url).search("  Love/Hate 도깨비 & co?#  ")
    assert [h.title for h in hits] == ["Love/Hate"]
    assert fake.queries == ["Love Hate 도깨비 co"]


async def test_query_of_only_separators_makes_no_call(
    fake: FakeKuryana, make_client: MakeClient
) -> None:
    assert await make_client(fake.url).search(" / ? ") == []
    assert fake.total_hits == 0


@pytest.mark.parametrize("slug", ["../admin", "18452-goblin/cast", "18452 goblin", "", "a?b=1"])
async def test_bad_slug_is_refused_before_any_call(
    fake: FakeKuryana, make_client: MakeClient, slug: str
) -> None:
    with pytest.raises(InvalidInput):
        await make_client(fake.url).details(slug)
    assert fake.total_hits == 0


async def test_escaping_fixture_round_trips_raw(fake: FakeKuryana, make_client: MakeClient) -> None:
    drama = await make_client(fake.url).details("77777-script-and-friends")
    assert drama.title.startswith("<script>")
    assert len(drama.synopsis) > 4096


# --------------------------------------------------------------- not found


@pytest.mark.parametrize("call", ["details", "cast", "episodes"])
async def test_unknown_slug_is_not_found_without_failover(
    fake: FakeKuryana, backup: FakeKuryana, make_client: MakeClient, call: str
) -> None:
    client = make_client(fake.url, backup.url, breaker_threshold=1)
    with pytest.raises(NotFound):
        await getattr(client, call)("1-no-such-title")
    assert (fake.total_hits, backup.total_hits) == (1, 0)
    assert client.breakers[fake.url].state is BreakerState.CLOSED


# ------------------------------------------------------------ unavailable


@pytest.mark.parametrize(
    ("fault", "expected_hits"),
    [
        (Fault.FORBIDDEN, 1),  # not retried on the same instance
        (Fault.EMPTY, 1),
        (Fault.SERVER_ERROR, 3),
        (Fault.PARSER_CRASH, 3),
        # aiohttp itself resends an idempotent request once after a dropped
        # connection (RFC 9112 section 9.3.1), so each attempt reaches the server twice.
        (Fault.DROP, 6),
    ],
)
async def test_faults_are_unavailable(
    fake: FakeKuryana, make_client: MakeClient, fault: Fault, expected_hits: int
) -> None:
    fake.fail_always(fault)
    with pytest.raises(UpstreamUnavailable) as caught:
        await make_client(fake.url, attempts=3).details(GOBLIN)
    assert caught.value.source == "MyDramaList"
    assert fake.hits[f"/id/{GOBLIN}"] == expected_hits


async def test_empty_search_body_is_unavailable(fake: FakeKuryana, make_client: MakeClient) -> None:
    fake.fail_next(Fault.EMPTY, route="search")
    with pytest.raises(UpstreamUnavailable):
        await make_client(fake.url).search("goblin")


async def test_latency_beyond_timeout_is_unavailable(
    fake: FakeKuryana, make_client: MakeClient
) -> None:
    fake.set_latency(30.0, jitter=1.0)
    with pytest.raises(UpstreamUnavailable) as caught:
        await make_client(fake.url, timeout=0.05, attempts=2).details(GOBLIN)
    assert "timed out" in caught.value.reason
    assert fake.hits[f"/id/{GOBLIN}"] == 2  # a timeout is transient: retried once


async def test_hung_instance_times_out(fake: FakeKuryana, make_client: MakeClient) -> None:
    fake.fail_next(Fault.HANG)
    with pytest.raises(UpstreamUnavailable):
        await make_client(fake.url, timeout=0.05, attempts=1).search("goblin")


async def test_retry_budget_stops_retries(
    fake: FakeKuryana, make_client: MakeClient, clock: FakeClock
) -> None:
    fake.fail_always(Fault.SERVER_ERROR)
    client = make_client(fake.url, attempts=5, retry_budget=0.0)
    with pytest.raises(UpstreamUnavailable):
        await client.details(GOBLIN)
    assert fake.total_hits == 1  # the budget was spent before a retry could start


# ----------------------------------------------------------------- retries


async def test_retries_a_transient_error_then_succeeds(
    fake: FakeKuryana, make_client: MakeClient
) -> None:
    fake.fail_next(Fault.SERVER_ERROR, route="details")
    fake.fail_next(Fault.PARSER_CRASH, route="details")
    client = make_client(fake.url, attempts=3)
    drama = await client.details(GOBLIN)
    assert drama.slug == GOBLIN
    assert fake.hits[f"/id/{GOBLIN}"] == 3
    assert client.breakers[fake.url].state is BreakerState.CLOSED


async def test_gives_up_after_the_attempts(fake: FakeKuryana, make_client: MakeClient) -> None:
    fake.fail_next(Fault.SERVER_ERROR, times=2)
    with pytest.raises(UpstreamUnavailable):
        await make_client(fake.url, attempts=2).details(GOBLIN)
    assert fake.total_hits == 2
    await make_client(fake.url, attempts=2).details(GOBLIN)  # the queue is used up
    assert fake.total_hits == 3


# ---------------------------------------------------------------- failover


@pytest.mark.parametrize(("fault", "primary_hits"), [(Fault.FORBIDDEN, 1), (Fault.SERVER_ERROR, 2)])
async def test_fails_over_to_the_next_instance(
    fake: FakeKuryana,
    backup: FakeKuryana,
    make_client: MakeClient,
    fault: Fault,
    primary_hits: int,
) -> None:
    fake.fail_always(fault)
    drama = await make_client(fake.url, backup.url, attempts=2).details(GOBLIN)
    assert drama.title == "Goblin"
    assert (fake.total_hits, backup.total_hits) == (primary_hits, 1)


@pytest.mark.parametrize("broken", [{"link": "https://mydramalist.com/5-half"}, {}])
async def test_unparsed_page_fails_over(
    fake: FakeKuryana, backup: FakeKuryana, make_client: MakeClient, broken: dict[str, Any]
) -> None:
    fake.add_drama("5-half", broken)
    backup.add_drama("5-half", {"title": "Half (2020)"})
    drama = await make_client(fake.url, backup.url).details("5-half")
    assert drama.title == "Half"
    assert (fake.total_hits, backup.total_hits) == (1, 1)


async def test_unreachable_primary_fails_over(backup: FakeKuryana, make_client: MakeClient) -> None:
    async with kuryana_server() as gone:
        dead_url = gone.url
    hits = await make_client(dead_url, backup.url, attempts=1).search("goblin")
    assert hits[0].slug == GOBLIN


async def test_every_instance_down_names_each(
    fake: FakeKuryana, backup: FakeKuryana, make_client: MakeClient
) -> None:
    fake.fail_always(Fault.FORBIDDEN)
    backup.fail_always(Fault.PARSER_CRASH)
    with pytest.raises(UpstreamUnavailable) as caught:
        await make_client(fake.url, backup.url, attempts=1).details(GOBLIN)
    reason = caught.value.reason
    assert "HTTP 403" in reason and "HTTP 500" in reason
    assert fake.url.removeprefix("http://") in reason


async def test_breaker_opens_skips_the_instance_and_probes_after_cool_down(
    fake: FakeKuryana, backup: FakeKuryana, make_client: MakeClient, clock: FakeClock
) -> None:
    fake.fail_always(Fault.SERVER_ERROR)
    client = make_client(fake.url, backup.url, attempts=1, breaker_threshold=2, breaker_reset=30)
    for _ in range(2):
        await client.details(GOBLIN)
    assert client.breakers[fake.url].state is BreakerState.OPEN
    assert fake.total_hits == 2

    for _ in range(3):
        await client.search("goblin")
    assert fake.total_hits == 2  # skipped while open
    assert backup.total_hits == 5

    clock.now += 30
    fake.heal()
    await client.cast(GOBLIN)  # the one probe goes to the primary and succeeds
    assert fake.total_hits == 3
    assert client.breakers[fake.url].state is BreakerState.CLOSED
    assert backup.total_hits == 5


async def test_single_instance_with_open_breaker_fails_fast(
    fake: FakeKuryana, make_client: MakeClient
) -> None:
    fake.fail_always(Fault.FORBIDDEN)
    client = make_client(fake.url, breaker_threshold=1)
    with pytest.raises(UpstreamUnavailable):
        await client.details(GOBLIN)
    with pytest.raises(UpstreamUnavailable) as caught:
        await client.details(GOBLIN)
    assert "circuit open" in caught.value.reason
    assert fake.total_hits == 1


# ------------------------------------------------------------- concurrency


async def test_concurrency_is_bounded_per_instance(
    fake: FakeKuryana, make_client: MakeClient
) -> None:
    client = make_client(fake.url, concurrency=2)
    fake.hold()
    calls = [asyncio.create_task(client.details(GOBLIN)) for _ in range(5)]
    await fake.wait_in_flight(2)
    fake.release()
    dramas = await asyncio.gather(*calls)
    assert {d.slug for d in dramas} == {GOBLIN}
    assert fake.max_in_flight == 2
    assert fake.total_hits == 5


# --------------------------------------------------------- status mapping


@pytest.mark.parametrize(
    ("status", "body", "expected"),
    [
        (200, b'{"error": true, "code": 404, "description": "404 Not Found"}', NotFound),
        (404, b"not json", NotFound),
        (200, b'{"error": true, "code": 500, "description": "x"}', UpstreamUnavailable),
        (200, b"[1, 2]", UpstreamUnavailable),
        (200, b"\xff", UpstreamUnavailable),
        (429, b"{}", UpstreamUnavailable),
        (302, b"", UpstreamUnavailable),
    ],
)
def test_status_mapping(status: int, body: bytes, expected: type[Exception]) -> None:
    with pytest.raises(expected):
        _interpret(status, body, "host", "details", 1)


# ------------------------------------------- hostile queries and credentials


@pytest.mark.parametrize("query", [".", "..", " .. ", "...", "./..", "a/../b"])
async def test_a_query_of_dots_stays_one_segment_of_the_search_route(
    fake: FakeKuryana, make_client: MakeClient, query: str
) -> None:
    # yarl would remove "." and ".." segments, reaching "/search/q/" or "/search/".
    assert await make_client(fake.url).search(query) == []
    assert dict(fake.route_hits) == {"search": 1}
    # Separators become spaces (kuryana pastes the query into MDL's URL); dots stay.
    assert fake.queries == [" ".join(query.replace("/", " ").split())]


@asynccontextmanager
async def refusing_kuryana(status: int) -> AsyncIterator[tuple[str, list[str]]]:
    """A kuryana whose MyDramaList refuses every search with ``status`` (kuryana passes
    MDL's status through, with its error body); yields its URL and the paths asked."""
    asked: list[str] = []

    async def search(request: web.Request) -> web.Response:
        asked.append(request.path)
        body = {"error": True, "code": status, "description": "An unexpected error occurred."}
        return web.json_response(body, status=status)

    app = web.Application()
    app.router.add_get("/search/q/{query}", search)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    try:
        yield f"http://127.0.0.1:{server.port}", asked
    finally:
        await server.close()


@pytest.mark.parametrize("status", [400, 414, 422])
async def test_a_search_mdl_refuses_is_the_users_error_never_an_outage(
    backup: FakeKuryana, make_client: MakeClient, status: int
) -> None:
    async with refusing_kuryana(status) as (url, asked):
        client = make_client(url, backup.url, breaker_threshold=2)
        for _ in range(5):
            with pytest.raises(InvalidInput) as caught:
                await client.search("refused")
            assert caught.value.message == "MyDramaList could not search for that."
        assert len(asked) == 5  # neither retried nor failed over to the backup
        assert backup.total_hits == 0
        assert all(b.state is BreakerState.CLOSED for b in client.breakers.values())


async def test_credentials_in_a_base_url_never_name_the_instance(
    fake: FakeKuryana, make_client: MakeClient
) -> None:
    port = fake.url.rsplit(":", 1)[1]
    client = make_client(f"http://mdluser:hunter2-pw@127.0.0.1:{port}")
    assert [b.name for b in client.breakers.values()] == [f"127.0.0.1:{port}"]
    fake.fail_always(Fault.SERVER_ERROR)
    with pytest.raises(UpstreamUnavailable) as caught:
        await client.search("goblin")
    assert "hunter2" not in str(caught.value) and "mdluser" not in str(caught.value)
    assert f"127.0.0.1:{port}" in caught.value.reason
