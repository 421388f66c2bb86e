"""Person pages follow the titles' lookup policy: cached for a week, saved copies on
outage, "not found" apart from "not answering", one upstream call for many askers."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.conftest import BotUnderTest, bot_settings, running_bot
from tests.fakes.clock import SettableClock
from tests.fakes.imdb import FakeImdb
from tests.fakes.kuryana import FakeKuryana, Fault
from tests.harness.telegram import People, Sent

WEEK = 7 * 86400


@pytest.fixture
def clock() -> SettableClock:
    return SettableClock()


@pytest.fixture
async def timed_bot(
    tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb, clock: SettableClock
) -> AsyncIterator[BotUnderTest]:
    settings = bot_settings(tmp_path, kuryana, breaker_failures=50)
    async with running_bot(settings, kuryana, imdb, clock) as running:
        yield running


async def open_card(bot: BotUnderTest, people: People, query: str, button: str) -> Sent:
    await bot.tg.send_text(people.alice, f"/person {query}")
    results = bot.tg.last_to(people.alice.id)
    await bot.tg.press(people.alice, results, button=button)
    return bot.tg.last_to(people.alice.id)


async def test_a_person_page_is_fresh_for_a_week(
    timed_bot: BotUnderTest, people: People, clock: SettableClock
) -> None:
    await open_card(timed_bot, people, "gong yoo", "MDL")
    clock.advance(WEEK - 60)
    await open_card(timed_bot, people, "gong yoo", "MDL")
    assert timed_bot.kuryana.route_hits["person"] == 1
    clock.advance(120)
    await open_card(timed_bot, people, "gong yoo", "MDL")
    assert timed_bot.kuryana.route_hits["person"] == 2


async def test_mydramalist_down_serves_the_saved_person_page(
    timed_bot: BotUnderTest, people: People, clock: SettableClock
) -> None:
    await open_card(timed_bot, people, "gong yoo", "MDL")
    clock.advance(WEEK + 60)
    timed_bot.kuryana.fail_always(Fault.SERVER_ERROR, route="person")
    card = await open_card(timed_bot, people, "gong yoo", "MDL")
    assert "👤 Gong Yoo" in card.text
    assert "MyDramaList is not answering; this is a saved copy." in card.text


async def test_imdb_down_serves_the_saved_person_page(
    timed_bot: BotUnderTest, people: People, clock: SettableClock
) -> None:
    await open_card(timed_bot, people, "keanu", "Keanu Reeves")
    clock.advance(WEEK + 60)
    timed_bot.imdb.fail("http_500", endpoint="page")
    card = await open_card(timed_bot, people, "keanu", "Keanu Reeves")
    assert "👤 Keanu Reeves" in card.text
    assert "IMDb is not answering; this is a saved copy." in card.text


async def test_a_person_page_down_without_a_copy_says_not_answering(
    timed_bot: BotUnderTest, people: People
) -> None:
    timed_bot.kuryana.fail_always(Fault.FORBIDDEN, route="person")
    await timed_bot.tg.send_text(people.alice, "/person gong yoo")
    results = timed_bot.tg.last_to(people.alice.id)
    # Without MyDramaList's page the birth years cannot be compared: two rows.
    query_id = await timed_bot.tg.press(people.alice, results, button="· MyDramaList")
    answer = timed_bot.tg.answer_for(query_id)
    assert answer.alert and "MyDramaList is not answering" in answer.text


async def test_a_person_imdb_does_not_have_is_not_found(
    timed_bot: BotUnderTest, people: People
) -> None:
    del timed_bot.imdb.people["nm0000206"]  # the search still names him
    await timed_bot.tg.send_text(people.alice, "/person keanu")
    results = timed_bot.tg.last_to(people.alice.id)
    query_id = await timed_bot.tg.press(people.alice, results, button="Keanu Reeves")
    answer = timed_bot.tg.answer_for(query_id)
    assert "IMDb has no such person." in answer.text
    assert "not answering" not in answer.text


async def test_a_page_that_is_not_a_person_is_an_outage_not_a_card(
    timed_bot: BotUnderTest, people: People
) -> None:
    timed_bot.kuryana.fail_always(Fault.WRONG_PAGE, route="person")
    await timed_bot.tg.send_text(people.alice, "/person gong yoo")
    results = timed_bot.tg.last_to(people.alice.id)
    query_id = await timed_bot.tg.press(people.alice, results, button="· MyDramaList")
    assert "MyDramaList is not answering" in timed_bot.tg.answer_for(query_id).text


async def test_concurrent_askers_share_one_upstream_call(
    timed_bot: BotUnderTest, people: People
) -> None:
    timed_bot.kuryana.set_latency(0.2)
    await timed_bot.services.people.search("gong yoo")  # warms the search, reads the page
    timed_bot.kuryana.reset_hits()
    await timed_bot.services.cache.clear("mdl:person")
    await asyncio.gather(*(timed_bot.services.people.person("m:1-gong-yoo") for _ in range(5)))
    assert timed_bot.kuryana.route_hits["person"] == 1
