"""Answers that are not what was asked for, and saved copies, end to end (issue 16, items 7, 9).

kuryana answers 200 with whatever MyDramaList served, a challenge page
included: then a search has ``results: {}`` and a cast or episodes page a
placeholder title with nothing listed. Such an answer is an outage, not "no
results": it counts toward the breaker, a saved copy is served instead, and it
never replaces the good copy in the cache.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.conftest import BotUnderTest, bot_settings, running_bot
from tests.fakes.clock import SettableClock
from tests.fakes.imdb import FakeImdb
from tests.fakes.kuryana import FakeKuryana, Fault
from tests.harness.telegram import People, Sent

GOBLIN_URL = "https://mydramalist.com/18452-goblin"
SAVED = "MyDramaList is not answering; this is a saved copy."
DAY = 86400.0


@pytest.fixture
def clock() -> SettableClock:
    return SettableClock()


@pytest.fixture
async def timed_bot(
    tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb, clock: SettableClock
) -> AsyncIterator[BotUnderTest]:
    settings = bot_settings(tmp_path, kuryana, breaker_failures=2, upstream_retries=1)
    async with running_bot(settings, kuryana, imdb, clock) as running:
        yield running


async def ask(bot: BotUnderTest, people: People, text: str) -> Sent:
    await bot.tg.send_text(people.alice, text)
    return bot.tg.last_to(people.alice.id)


async def test_a_search_answered_by_a_wrong_page_is_not_no_results(
    timed_bot: BotUnderTest, people: People
) -> None:
    timed_bot.kuryana.fail_next(Fault.WRONG_PAGE, route="search")
    reply = await ask(timed_bot, people, "/mdl goblin")
    assert "MyDramaList is not answering right now" in reply.text
    assert "No dramas found" not in reply.text


async def test_a_wrong_page_serves_the_saved_results_and_never_replaces_them(
    timed_bot: BotUnderTest, people: People, clock: SettableClock
) -> None:
    await ask(timed_bot, people, "/mdl goblin")
    clock.advance(2 * 3600)  # the saved results are no longer fresh
    timed_bot.kuryana.fail_next(Fault.WRONG_PAGE, route="search")

    reply = await ask(timed_bot, people, "/mdl goblin")
    assert "1. <b>Goblin</b>" in reply.html
    assert SAVED in reply.text

    # Had the wrong page been cached, this would be "No dramas found" for an hour.
    timed_bot.kuryana.fail_always(Fault.SERVER_ERROR)
    again = await ask(timed_bot, people, "/mdl goblin")
    assert "1. <b>Goblin</b>" in again.html and SAVED in again.text


async def test_wrong_pages_open_the_breaker(timed_bot: BotUnderTest, people: People) -> None:
    timed_bot.kuryana.fail_always(Fault.WRONG_PAGE, route="search")
    for query in ("one", "two"):
        await ask(timed_bot, people, f"/mdl {query}")
    hits = timed_bot.kuryana.total_hits
    reply = await ask(timed_bot, people, "/mdl three")
    assert "MyDramaList is not answering right now" in reply.text
    assert timed_bot.kuryana.total_hits == hits  # the breaker is open: kuryana not asked


async def open_card(bot: BotUnderTest, people: People) -> Sent:
    return await ask(bot, people, f"/mdlurl {GOBLIN_URL}")


@pytest.mark.parametrize(
    ("route", "button", "expected"),
    [("cast", "Cast", "Gong Yoo"), ("episodes", "Episodes", "Episode 1 · Dec 2, 2016")],
)
async def test_a_placeholder_page_serves_the_saved_view_marked_as_saved(
    timed_bot: BotUnderTest,
    people: People,
    clock: SettableClock,
    route: str,
    button: str,
    expected: str,
) -> None:
    card = await open_card(timed_bot, people)
    await timed_bot.tg.press(people.alice, card, button=button)
    assert expected in card.text and SAVED not in card.text
    await timed_bot.tg.press(people.alice, card, button="Back to card")

    clock.advance(2 * DAY)  # past the fresh period, within the stale one
    timed_bot.kuryana.fail_always(Fault.WRONG_PAGE, route=route)
    timed_bot.kuryana.fail_always(Fault.SERVER_ERROR, route="details")
    await timed_bot.tg.press(people.alice, card, button=button)
    assert expected in card.text
    assert SAVED in card.text  # the view says it is a saved copy (item 9) ...
    await timed_bot.tg.press(people.alice, card, button="Back to card")
    assert SAVED in card.text  # ... as the card does

    # The placeholder never replaced the real page: it is still what is saved.
    timed_bot.kuryana.heal()
    timed_bot.kuryana.fail_always(Fault.SERVER_ERROR, route=route)
    await timed_bot.tg.press(people.alice, card, button=button)
    assert expected in card.text and SAVED in card.text


async def test_a_placeholder_page_without_a_saved_copy_is_unavailable(
    timed_bot: BotUnderTest, people: People
) -> None:
    card = await open_card(timed_bot, people)
    timed_bot.kuryana.fail_always(Fault.WRONG_PAGE, route="cast")
    press = await timed_bot.tg.press(people.alice, card, button="Cast")
    assert "not answering" in timed_bot.tg.answer_for(press).text
    assert "No cast listed" not in card.text


@pytest.mark.parametrize("fault", [Fault.MDL_ERROR, Fault.PARSER_CRASH, Fault.FORBIDDEN])
async def test_mydramalist_error_pages_are_outages_not_missing_titles(
    timed_bot: BotUnderTest, people: People, fault: Fault
) -> None:
    timed_bot.kuryana.fail_always(fault)
    card = await open_card(timed_bot, people)
    assert "MyDramaList is not answering right now" in card.text
    assert "has no title" not in card.text
    reply = await ask(timed_bot, people, "/mdl goblin")
    assert "MyDramaList is not answering right now" in reply.text
