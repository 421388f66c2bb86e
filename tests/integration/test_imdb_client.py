"""ImdbClient against real imdbinfo, with only its HTTP calls faked (tests/fakes/imdb.py)."""

from __future__ import annotations

import asyncio
import json
import math
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import imdbinfo
import pytest
from imdbinfo import services as imdb_services
from imdbinfo.models import MovieBriefInfo, SearchResult

from adapters.imdb import ImdbClient, configure_imdbinfo, make_imdb_executor
from adapters.imdb.client import MAX_QUERY_LENGTH
from adapters.imdb.waf_cookies import waf_cookie_file
from domain.breaker import BreakerState, CircuitBreaker
from domain.errors import InvalidInput, NotFound, UpstreamUnavailable
from tests.fakes import imdb_catalogue as cat
from tests.fakes.imdb import FailureKind, FakeCall, FakeImdb, FakeResponse
from tests.fakes.imdb_pages import FakeTitle

WORKERS = 3


@pytest.fixture
def fake(tmp_path: Path) -> Iterator[FakeImdb]:
    with FakeImdb().install(cookie_dir=tmp_path / "cookies") as fake:
        yield fake


@pytest.fixture
def executor(fake: FakeImdb) -> Iterator[ThreadPoolExecutor]:
    pool = make_imdb_executor(WORKERS)
    yield pool
    fake.release()  # a hung call must end before the pool can shut down
    pool.shutdown(wait=True, cancel_futures=True)


@pytest.fixture
def client(executor: ThreadPoolExecutor) -> ImdbClient:
    return ImdbClient(executor, timeout=30)


class ManualClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


async def test_search_returns_hits_in_upstream_order(client: ImdbClient, fake: FakeImdb) -> None:
    hits = await client.search("the matrix")
    assert [h.imdb_id for h in hits] == [cat.MATRIX_ID, cat.MATRIX_RELOADED_ID]
    assert fake.calls[-1].year is None


async def test_search_passes_the_year_filter(client: ImdbClient, fake: FakeImdb) -> None:
    hits = await client.search("the matrix", year=1999)
    assert [(h.imdb_id, h.title, h.year) for h in hits] == [(cat.MATRIX_ID, "The Matrix", 1999)]
    assert fake.calls[-1].year == 1999


async def test_search_with_no_match_is_an_empty_list(client: ImdbClient) -> None:
    assert await client.search("no such film anywhere") == []


async def test_details_of_a_movie(client: ImdbClient, fake: FakeImdb) -> None:
    movie = await client.details("https://m.imdb.com/title/tt0133093/reviews")
    assert (movie.imdb_id, movie.title, movie.kind, movie.year) == (
        cat.MATRIX_ID,
        "The Matrix",
        "movie",
        1999,
    )
    assert movie.directors[0].name == "Lana Wachowski"
    assert fake.page_ids == [cat.MATRIX_ID]


async def test_details_of_a_series(client: ImdbClient) -> None:
    series = await client.details("903747")
    assert (series.imdb_id, series.kind, series.seasons, series.end_year) == (
        cat.BREAKING_BAD_ID,
        "tvSeries",
        5,
        2013,
    )


async def test_unknown_title_is_not_found(client: ImdbClient) -> None:
    with pytest.raises(NotFound):
        await client.details(cat.UNKNOWN_ID)


async def test_page_without_a_title_is_not_found(client: ImdbClient, fake: FakeImdb) -> None:
    fake.fail("empty")  # imdbinfo's get_movie returns None
    with pytest.raises(NotFound):
        await client.details(cat.MATRIX_ID)


@pytest.mark.parametrize(
    "bad", ["matrix", "tt", "ttabcdefg", "", "https://www.imdb.com/name/nm0000206/"]
)
async def test_id_without_digits_is_invalid_input_and_never_reaches_imdb(
    client: ImdbClient, fake: FakeImdb, bad: str
) -> None:
    with pytest.raises(InvalidInput):
        await client.details(bad)
    assert fake.call_count == 0


@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        ("waf", "firewall"),
        ("http_500", "HTTP 500"),
        ("network", "network error"),
        ("no_next_data", "not understood"),
        ("reshaped", "changed shape"),
    ],
)
async def test_page_failures_are_upstream_unavailable(
    client: ImdbClient, fake: FakeImdb, kind: FailureKind, reason: str
) -> None:
    fake.fail(kind)
    with pytest.raises(UpstreamUnavailable) as caught:
        await client.details(cat.MATRIX_ID)
    assert caught.value.source == "IMDb"
    assert reason in caught.value.reason


@pytest.mark.parametrize("kind", ["graphql_errors", "waf", "http_500", "network", "reshaped"])
async def test_search_failures_are_upstream_unavailable(
    client: ImdbClient, fake: FakeImdb, kind: FailureKind
) -> None:
    fake.fail(kind)
    with pytest.raises(UpstreamUnavailable):
        await client.search("the matrix")


async def test_a_hung_call_times_out(executor: ThreadPoolExecutor, fake: FakeImdb) -> None:
    client = ImdbClient(executor, timeout=0.05)
    fake.fail("hang", times=1)
    with pytest.raises(UpstreamUnavailable) as caught:
        await client.details(cat.MATRIX_ID)
    assert "no answer" in caught.value.reason
    fake.release()
    assert (await client.details(cat.MATRIX_ID)).title == "The Matrix"


async def test_quotes_and_backslashes_never_reach_imdbinfo(
    client: ImdbClient, fake: FakeImdb
) -> None:
    hits = await client.search(' the "matrix"\\\n\t', year=1999)
    assert [h.imdb_id for h in hits] == [cat.MATRIX_ID]
    assert fake.search_terms == ["the matrix"]


def test_the_fake_rejects_a_raw_quote_as_imdb_does(fake: FakeImdb) -> None:
    # Why sanitising matters: imdbinfo pastes the term into its GraphQL query.
    with pytest.raises(imdbinfo.GraphQLError):
        imdbinfo.search_title('the "matrix"')


async def test_search_terms_are_capped_and_must_not_be_empty(
    client: ImdbClient, fake: FakeImdb
) -> None:
    await client.search("x" * 500)
    assert len(fake.search_terms[-1]) == MAX_QUERY_LENGTH
    with pytest.raises(InvalidInput):
        await client.search(' "\\ \n')


async def test_breaker_opens_then_fails_fast_without_calling_imdb(
    executor: ThreadPoolExecutor, fake: FakeImdb
) -> None:
    clock = ManualClock()
    client = ImdbClient(
        executor, breaker=CircuitBreaker("IMDb", failure_threshold=3, reset_after=60, clock=clock)
    )
    fake.fail("http_500")
    for _ in range(3):
        with pytest.raises(UpstreamUnavailable):
            await client.details(cat.MATRIX_ID)
    assert client.breaker.state is BreakerState.OPEN
    calls = fake.call_count

    with pytest.raises(UpstreamUnavailable) as caught:
        await client.search("the matrix")
    assert caught.value.reason == "circuit open"
    assert fake.call_count == calls

    clock.now += 60
    fake.clear_failures()
    assert (await client.details(cat.MATRIX_ID)).title == "The Matrix"
    assert client.breaker.state is BreakerState.CLOSED


async def test_not_found_does_not_trip_the_breaker(executor: ThreadPoolExecutor) -> None:
    client = ImdbClient(executor, breaker=CircuitBreaker("IMDb", failure_threshold=2))
    for _ in range(4):
        with pytest.raises(NotFound):
            await client.details(cat.UNKNOWN_ID)
    assert client.breaker.state is BreakerState.CLOSED


async def test_waf_cookie_lives_under_the_data_dir(
    client: ImdbClient, fake: FakeImdb, tmp_path: Path
) -> None:
    cookie_file = configure_imdbinfo(tmp_path / "data")
    assert cookie_file == tmp_path / "data" / "imdbinfo" / "waf_cookies.json"
    assert waf_cookie_file() == cookie_file

    fake.waf_solver_ok = True
    fake.fail("waf", times=1, endpoint="page")
    assert (await client.details(cat.MATRIX_ID)).title == "The Matrix"
    assert json.loads(cookie_file.read_text()) == {"aws-waf-token": "fake-waf-token"}
    assert [c.cookies for c in fake.calls] == [None, {"aws-waf-token": "fake-waf-token"}]


async def test_imdbinfo_reads_the_cookie_from_the_redirected_file(
    client: ImdbClient, fake: FakeImdb, tmp_path: Path
) -> None:
    stored = tmp_path / "data" / "imdbinfo" / "waf_cookies.json"
    stored.parent.mkdir(parents=True)
    stored.write_text(json.dumps({"aws-waf-token": "from-disk"}))
    configure_imdbinfo(tmp_path / "data")
    await client.details(cat.MATRIX_ID)
    assert fake.calls[-1].cookies == {"aws-waf-token": "from-disk"}


async def test_injected_functions_replace_imdbinfo(
    executor: ThreadPoolExecutor, fake: FakeImdb
) -> None:
    brief = MovieBriefInfo(
        id="1", imdb_id="1", imdbId="tt0000001", title="Injected", title_localized="Injected"
    )
    seen: list[tuple[object, ...]] = []

    def search_fn(*args: object) -> SearchResult:
        seen.append(args)
        return SearchResult(titles=[brief])

    client = ImdbClient(executor, search_fn=search_fn, movie_fn=lambda _id: None)
    assert [h.title for h in await client.search("x", 2000)] == ["Injected"]
    assert seen == [("x", 2000)]
    with pytest.raises(NotFound):
        await client.details(cat.MATRIX_ID)
    assert fake.call_count == 0


def test_executor_threads_are_named_and_bounded() -> None:
    pool = make_imdb_executor(2)
    try:
        assert pool.submit(lambda: threading.current_thread().name).result().startswith("imdb")
        assert pool._max_workers == 2
    finally:
        pool.shutdown()
    with pytest.raises(ValueError, match="at least one"):
        make_imdb_executor(0)


class Heartbeat:
    """Counts event-loop turns; it only advances while the loop is free."""

    def __init__(self) -> None:
        self.ticks = 0

    async def run(self) -> None:
        while True:
            self.ticks += 1
            await asyncio.sleep(0.001)


async def test_fifty_lookups_use_at_most_the_worker_bound_and_never_block_the_loop(
    client: ImdbClient, fake: FakeImdb
) -> None:
    extra = [fake.add(FakeTitle(imdb_id=f"tt99100{n:02d}", title=f"Extra {n}")) for n in range(25)]
    heartbeat = Heartbeat()
    all_running = threading.Event()
    ticks_seen: list[int] = []

    def hook(call: FakeCall) -> None:
        # Hold the first calls until the pool is full, so the bound is reached
        # (and would be exceeded if it did not hold); then each call waits until
        # it has seen the loop tick, which it never would if the loop were blocked.
        if fake.in_flight >= WORKERS:
            all_running.set()
        all_running.wait(timeout=10)
        start = heartbeat.ticks
        for _ in range(10_000):
            if heartbeat.ticks >= start + 2:
                break
            time.sleep(0.001)
        ticks_seen.append(heartbeat.ticks - start)

    fake.hook = hook
    beating = asyncio.create_task(heartbeat.run())
    try:
        details = [client.details(t.imdb_id) for t in extra]
        searches = [client.search(f"query {n}") for n in range(25)]
        results: list[object] = await asyncio.gather(*details, *searches)
    finally:
        beating.cancel()

    assert len(results) == 50
    assert [getattr(m, "title", None) for m in results[:25]] == [t.title for t in extra]
    assert fake.call_count == 50
    assert fake.max_in_flight == WORKERS
    assert len(ticks_seen) == 50 and min(ticks_seen) >= 2
    # Each worker ran its share of the calls one after another, each seeing two
    # ticks of its own: the loop turned at least that often during the run.
    assert heartbeat.ticks >= 2 * math.ceil(50 / WORKERS)


async def test_a_transient_failure_is_tried_again(
    executor: ThreadPoolExecutor, fake: FakeImdb
) -> None:
    client = ImdbClient(executor, timeout=30, attempts=3, backoff=0.0)
    fake.fail("http_500", times=1)
    movie = await client.details(cat.MATRIX_ID)
    assert movie.title == "The Matrix"
    assert fake.call_count == 2


@pytest.mark.parametrize("kind", ["waf", "no_next_data", "reshaped"])
async def test_a_block_or_a_changed_page_is_not_tried_again(
    executor: ThreadPoolExecutor, fake: FakeImdb, kind: str
) -> None:
    client = ImdbClient(executor, timeout=30, attempts=3, backoff=0.0)
    fake.fail(kind)
    with pytest.raises(UpstreamUnavailable):
        await client.details(cat.MATRIX_ID)
    assert fake.call_count == 1


async def test_a_search_that_failed_with_a_server_error_is_tried_again(
    executor: ThreadPoolExecutor, fake: FakeImdb
) -> None:
    client = ImdbClient(executor, timeout=30, attempts=3, backoff=0.0)
    fake.fail("http_500", times=1, endpoint="graphql")
    hits = await client.search("the matrix")
    assert hits and fake.call_count == 2


# -- hostile search terms (issue 15.2) and imdbinfo's own memo (issue 16.8) ---------


class RecordingNiquests:
    """imdbinfo's ``niquests`` as the fake installs it, recording every GraphQL query
    and refusing searches whose term contains ``refuse`` the way IMDb would."""

    def __init__(self, inner: object, refusal: FakeResponse | None = None) -> None:
        self.inner = inner
        self.exceptions = inner.exceptions  # type: ignore[attr-defined]
        self.refusal = refusal
        self.queries: list[str] = []

    def get(self, url: str, **kwargs: object) -> object:
        return self.inner.get(url, **kwargs)  # type: ignore[attr-defined]

    def post(self, url: str, json: dict[str, str] | None = None, **kwargs: object) -> object:
        query = (json or {}).get("query", "")
        self.queries.append(query)
        if self.refusal is not None and 'searchTerm: "refuse' in query:
            return self.refusal
        return self.inner.post(url, json=json, **kwargs)  # type: ignore[attr-defined]


@pytest.fixture
def recorder(fake: FakeImdb) -> Iterator[RecordingNiquests]:
    recording = RecordingNiquests(imdb_services.niquests)
    imdb_services.niquests = recording
    yield recording
    imdb_services.niquests = recording.inner


HOSTILE_TERMS = [
    "__YEAR_FILTER__",
    "matrix __TYPES__ __EXACT_MATCH__",
    "x___SEARCH_TERM___y",
    "___YEAR_FILTER___",
    '" } } query { __schema { types { name } } } #',
    "a\\u0022b",
    "two\nlines\r\u2028",
    "_" * 300,
]


@pytest.mark.parametrize("term", HOSTILE_TERMS)
async def test_a_search_term_never_changes_the_shape_of_imdbinfos_request(
    client: ImdbClient, recorder: RecordingNiquests, term: str
) -> None:
    # The real imdbinfo request builder runs; only its HTTP call is recorded.
    await client.search("PLACEHOLDER", year=1999)
    before, _, after = recorder.queries[-1].partition("PLACEHOLDER")
    await client.search(term, year=1999)
    sent = recorder.queries[-1]
    assert sent.startswith(before) and sent.endswith(after), sent
    literal = sent[len(before) : len(sent) - len(after)]
    assert not any(bad in literal for bad in ('"', "\\", "\n", "\r", "__")), literal
    assert len(recorder.queries) == 2  # one request each: nothing retried or doubled


@pytest.mark.parametrize(
    "refusal",
    [
        FakeResponse(400, b'{"errors": [{"message": "Syntax Error: Unexpected <EOF>"}]}'),
        FakeResponse(200, payload={"errors": [{"message": "Syntax Error: Unexpected Name"}]}),
    ],
    ids=["http_400", "graphql_errors"],
)
async def test_a_search_imdb_refuses_is_the_users_error_and_never_trips_the_breaker(
    executor: ThreadPoolExecutor, recorder: RecordingNiquests, refusal: FakeResponse
) -> None:
    recorder.refusal = refusal
    client = ImdbClient(executor, breaker=CircuitBreaker("IMDb", failure_threshold=2))
    for _ in range(5):
        with pytest.raises(InvalidInput) as caught:
            await client.search("refuse me")
        assert "IMDb could not search for that" in caught.value.message
    assert client.breaker.state is BreakerState.CLOSED
    assert [h.imdb_id for h in await client.search("the matrix")][:1] == [cat.MATRIX_ID]


async def test_a_refusal_of_every_search_is_an_outage_and_opens_the_breaker(
    executor: ThreadPoolExecutor, fake: FakeImdb
) -> None:
    # The control search fails too: IMDb, not the query, is at fault.
    fake.fail("graphql_errors")
    client = ImdbClient(executor, breaker=CircuitBreaker("IMDb", failure_threshold=2))
    for _ in range(2):
        with pytest.raises(UpstreamUnavailable):
            await client.search("the matrix")
    assert client.breaker.state is BreakerState.OPEN


async def test_imdbinfos_memo_never_answers_for_imdb(client: ImdbClient, fake: FakeImdb) -> None:
    # The bot's lookup policy decides when to ask again; imdbinfo's lru_cache must not.
    await client.details(cat.MATRIX_ID)
    await client.details(cat.MATRIX_ID)
    await client.search("the matrix")
    await client.search("the matrix")
    assert fake.page_ids == [cat.MATRIX_ID, cat.MATRIX_ID]
    assert fake.search_terms == ["the matrix", "the matrix"]
