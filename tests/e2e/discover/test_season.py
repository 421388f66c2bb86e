"""/season [year] [1-4]: a quarter's dramas from MyDramaList, by rating or popularity."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.conftest import BotUnderTest
from tests.e2e.airing.support import serve_drama
from tests.e2e.discover.support import NOW, calendar_bot
from tests.fakes.clock import SettableClock
from tests.fakes.imdb import FakeImdb
from tests.fakes.kuryana import Fault
from tests.fakes.kuryana_calendar import FakeKuryanaCalendar, calendar_title
from tests.harness.telegram import People

AUTUMN = [
    calendar_title(201, "Popular One", rating=7.2, popularity=1, released_at="2026-10-03"),
    calendar_title(202, "Best Rated", rating=9.1, popularity=40, country="Japan", episodes=10),
    calendar_title(203, "No Score Yet", rating=None, popularity=None, episodes=None),
    calendar_title(204, "<i>Tag</i> & Sons", slug="204-tag-sons", rating=8.0, popularity=7),
    calendar_title(205, "The Movie", kind="Movie", rating=6.5, popularity=12, episodes=1),
]


@pytest.fixture
def clock() -> SettableClock:
    return SettableClock(NOW)


@pytest.fixture
async def bot(
    tmp_path: Path, calendar_kuryana: FakeKuryanaCalendar, imdb: FakeImdb, clock: SettableClock
) -> AsyncIterator[BotUnderTest]:
    calendar_kuryana.seasons[(2026, 4)] = AUTUMN
    async with calendar_bot(tmp_path, calendar_kuryana, imdb, clock) as running:
        yield running


async def test_the_current_season_by_rating_with_unrated_titles_last(
    bot: BotUnderTest, calendar_kuryana: FakeKuryanaCalendar, people: People
) -> None:
    await bot.tg.send_text(people.alice, "/season")

    listing = bot.tg.last_to(people.alice.id)
    lines = listing.text.splitlines()
    assert lines[:2] == ["🗓 Autumn (Oct–Dec) 2026 on MyDramaList", "5 titles · by rating"]
    order = [line.split(". ", 1)[1] for line in lines if re.match(r"\d+\. ", line)]
    assert order == ["Best Rated", "<i>Tag</i> & Sons", "Popular One", "The Movie", "No Score Yet"]
    assert "Japan · Drama · 10 eps · ⭐ 9.1" in listing.text
    assert "South Korea · Drama · no rating yet" in listing.text  # never "0" or "16 eps"
    assert "South Korea · Movie · 1 eps · ⭐ 6.5" in listing.text
    assert "&lt;i&gt;Tag&lt;/i&gt; &amp; Sons" in listing.html
    assert [b.text for b in listing.flat_buttons] == [
        "1. Best Rated ⭐9.1",
        "2. <i>Tag</i> & Sons ⭐8.0",
        "3. Popular One ⭐7.2",
        "4. The Movie ⭐6.5",
        "5. No Score Yet",
        "🔥 Sort by popularity",
    ]
    assert calendar_kuryana.hits["/seasonal/2026/4"] == 1


async def test_sorting_by_popularity_and_back(
    bot: BotUnderTest, calendar_kuryana: FakeKuryanaCalendar, people: People
) -> None:
    await bot.tg.send_text(people.alice, "/season")
    listing = bot.tg.last_to(people.alice.id)

    await bot.tg.press(people.alice, listing, button="Sort by popularity")
    assert "5 titles · by popularity" in listing.text
    assert listing.flat_buttons[0].text == "1. Popular One ⭐7.2"
    assert listing.flat_buttons[4].text == "5. No Score Yet"  # no rank: last
    await bot.tg.press(people.alice, listing, button="Sort by rating")
    assert listing.flat_buttons[0].text == "1. Best Rated ⭐9.1"
    await bot.tg.send_text(people.alice, "/season popular")
    assert "by popularity" in bot.tg.last_to(people.alice.id).text
    assert calendar_kuryana.hits["/seasonal/2026/4"] == 1  # every view from one answer


async def test_a_title_button_opens_its_card(
    bot: BotUnderTest, calendar_kuryana: FakeKuryanaCalendar, people: People
) -> None:
    serve_drama(calendar_kuryana, "202-best-rated", "Best Rated")
    await bot.tg.send_text(people.alice, "/season")
    listing = bot.tg.last_to(people.alice.id)

    await bot.tg.press(people.alice, listing, button="1. Best Rated")
    card = bot.tg.last_to(people.alice.id)
    assert card.id != listing.id and "Best Rated" in card.text
    assert calendar_kuryana.hits["/id/202-best-rated"] == 1


async def test_another_year_and_quarter_and_an_empty_season(
    bot: BotUnderTest, calendar_kuryana: FakeKuryanaCalendar, people: People
) -> None:
    calendar_kuryana.seasons[(2024, 2)] = AUTUMN[:1]
    await bot.tg.send_text(people.alice, "/season 2024 2")
    assert "🗓 Spring (Apr–Jun) 2024 on MyDramaList\n1 title · by rating" in (
        bot.tg.last_to(people.alice.id).text
    )

    await bot.tg.send_text(people.alice, "/season 2027 1")  # not announced yet: MDL's []
    reply = bot.tg.last_to(people.alice.id)
    assert "MyDramaList lists no titles for this season yet." in reply.text
    assert reply.flat_buttons == []


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("/season 2026 5", "I do not understand “5”"),
        ("/season 1900", "MyDramaList has seasons from 1950 to 2027"),
        ("/season 2099 1", "MyDramaList has seasons from 1950 to 2027"),
        ("/season <b>", "I do not understand “&lt;b&gt;”"),
        ("/season 1 2 3 4 5", "That is more than a season"),
    ],
)
async def test_seasons_that_cannot_be_asked_are_refused_without_a_request(
    bot: BotUnderTest, calendar_kuryana: FakeKuryanaCalendar, people: People, text: str, says: str
) -> None:
    await bot.tg.send_text(people.alice, text)
    reply = bot.tg.last_to(people.alice.id)
    assert says in reply.html and "/season 2026 2" in reply.text
    assert calendar_kuryana.route_hits["seasonal"] == 0


async def test_a_big_season_is_paged_within_telegrams_limits(
    bot: BotUnderTest, calendar_kuryana: FakeKuryanaCalendar, people: People
) -> None:
    calendar_kuryana.seasons[(2026, 3)] = [
        calendar_title(i, f"Title {i} " + "x" * 500, rating=(i % 90) / 10 + 1, popularity=i)
        for i in range(1, 401)
    ]
    await bot.tg.send_text(people.alice, "/season summer")
    listing = bot.tg.last_to(people.alice.id)
    assert "400 titles · by rating\nPage 1 of 40" in listing.text
    assert len(listing.flat_buttons) == 12 and all(len(b.text) <= 64 for b in listing.flat_buttons)

    await bot.tg.press(people.alice, listing, button="Next »")
    assert "Page 2 of 40" in listing.text and listing.text.count("\n11. ") == 1
    await bot.tg.press(people.alice, listing, button="Sort by popularity")
    assert "Page 1 of 40" in listing.text and "1. Title 1 " in listing.text
    assert bot.tg.refused == []


async def test_outages_serve_the_saved_season_or_say_so(
    bot: BotUnderTest, calendar_kuryana: FakeKuryanaCalendar, people: People, clock: SettableClock
) -> None:
    await bot.tg.send_text(people.alice, "/season")
    clock.advance(2 * 3600)
    calendar_kuryana.fail_always(Fault.PARSER_CRASH, route="seasonal")
    await bot.tg.send_text(people.alice, "/season")
    saved = bot.tg.last_to(people.alice.id).text
    assert "Best Rated" in saved and "this is a saved copy" in saved

    await bot.tg.send_text(people.alice, "/season 2025 1")
    assert "MyDramaList is not answering right now" in bot.tg.last_to(people.alice.id).text
    calendar_kuryana.heal()
    calendar_kuryana.fail_always(Fault.EMPTY, route="seasonal")  # 200 {}: not a season
    await bot.tg.send_text(people.alice, "/season 2025 2")
    assert "MyDramaList is not answering right now" in bot.tg.last_to(people.alice.id).text
