"""People keep working while Redis hangs: the cache and the buttons move to memory."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import bot_settings, running_bot
from tests.fakes.imdb import FakeImdb
from tests.fakes.kuryana import FakeKuryana
from tests.harness.hung_redis import hung_redis
from tests.harness.telegram import People


async def test_person_search_card_and_works_while_redis_hangs(
    tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb, people: People
) -> None:
    async with hung_redis() as redis:
        settings = bot_settings(
            tmp_path, kuryana, redis_url=redis.url, redis_timeout=0.2, redis_retry_after=60
        )
        async with running_bot(settings, kuryana, imdb) as bot:
            await bot.tg.send_text(people.alice, "/person gong yoo")
            results = bot.tg.last_to(people.alice.id)
            assert "1. Gong Yoo" in results.text
            await bot.tg.press(people.alice, results, button="MDL")
            card = bot.tg.last_to(people.alice.id)
            assert "👤 <b>Gong Yoo</b>" in card.html
            await bot.tg.press(people.alice, card, button="Works")
            assert "Works of Gong Yoo" in bot.tg.last_to(people.alice.id).text
            # Cached in memory meanwhile: one page fetch however often it is asked.
            assert kuryana.route_hits["person"] == 1
