"""/today (alias /schedule): today's episodes in the user's time zone, by country."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.conftest import BotUnderTest
from tests.e2e.discover.support import NOW, at, calendar_bot, serve_calendar
from tests.fakes.clock import SettableClock
from tests.fakes.imdb import FakeImdb
from tests.fakes.kuryana import Fault, kuryana_server
from tests.fakes.kuryana_calendar import (
    FakeKuryanaCalendar,
    calendar_item,
    calendar_title,
    episode_calendar,
)
from tests.harness.telegram import People


@pytest.fixture
def clock() -> SettableClock:
    return SettableClock(NOW)


@pytest.fixture
async def bot(
    tmp_path: Path, calendar_kuryana: FakeKuryanaCalendar, imdb: FakeImdb, clock: SettableClock
) -> AsyncIterator[BotUnderTest]:
    serve_calendar(calendar_kuryana)
    async with calendar_bot(tmp_path, calendar_kuryana, imdb, clock) as running:
        yield running


async def test_today_lists_todays_episodes_by_country_in_utc(
    bot: BotUnderTest, people: People
) -> None:
    await bot.tg.send_text(people.alice, "/today")

    listing = bot.tg.last_to(people.alice.id)
    assert listing.text.splitlines()[:2] == [
        "📅 Airing today · Tue 24 Nov 2026 (UTC)",
        "5 episodes",
    ]
    text = listing.text
    # The busiest country first, then by air time inside each country.
    assert text.index("🇰🇷 South Korea") < text.index("12:00 · Moon River · Ep 5")
    assert text.index("12:00 · Moon River") < text.index("23:30 · Late Show · Ep 1")
    assert "🇨🇳 China\n02:00 · Jade Palace · Ep 12" in text
    assert "🇯🇵 Japan\n14:00 · Tokyo Nights · Ep 3" in text
    assert "🇹🇼 Taiwan\n13:00 · <b>Bold</b> & Co · Ep 4" in text
    # Yesterday's, tomorrow's, one with no air time, one whose title is missing: left out.
    for absent in ("Early Bird", "Ep 6", "No Time Yet", "15:00"):
        assert absent not in text
    assert '<a href="https://mydramalist.com/101-moon-river">Moon River</a>' in listing.html
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; Co" in listing.html  # escaped once
    labels = [b.text for b in listing.flat_buttons]
    assert labels[:2] == ["1. Moon River · Ep 5", "🔔"]
    assert len(labels) == 10


async def test_the_users_time_zone_decides_the_day_and_the_times(
    bot: BotUnderTest, people: People
) -> None:
    await bot.tg.send_text(people.alice, "/timezone Asia/Seoul")
    await bot.tg.send_text(people.alice, "/schedule")  # the alias

    text = bot.tg.last_to(people.alice.id).text
    assert "Tue 24 Nov 2026 (Asia/Seoul)" in text  # 12:00 UTC is 21:00 in Seoul
    assert "05:00 · Early Bird · Ep 2" in text  # Mon 20:00 UTC is Tuesday there
    assert "21:00 · Moon River · Ep 5" in text and "11:00 · Jade Palace · Ep 12" in text
    assert "Late Show" not in text  # Tue 23:30 UTC is Wednesday 08:30 in Seoul
    await bot.tg.send_text(people.bob, "/today")
    bobs = bot.tg.last_to(people.bob.id).text
    assert "12:00 · Moon River · Ep 5" in bobs and "Early Bird" not in bobs  # Bob is on UTC


async def test_a_day_in_seoul_runs_from_its_own_midnight(
    bot: BotUnderTest, people: People, clock: SettableClock
) -> None:
    clock.at = at(24, 16)  # Wed 25 Nov, 01:00 in Seoul
    await bot.tg.send_text(people.alice, "/timezone Asia/Seoul")
    await bot.tg.send_text(people.alice, "/today korea")

    text = bot.tg.last_to(people.alice.id).text
    assert "Wed 25 Nov 2026 (Asia/Seoul)" in text
    assert "08:30 · Late Show · Ep 1" in text and "21:00 · Moon River · Ep 6" in text
    assert "Ep 5" not in text and "Early Bird" not in text


@pytest.mark.parametrize("word", ["korea", "Korean", "kr", "south korea", "K-drama"])
async def test_a_country_word_filters_the_list(
    bot: BotUnderTest, people: People, word: str
) -> None:
    await bot.tg.send_text(people.alice, f"/today {word}")

    text = bot.tg.last_to(people.alice.id).text
    assert "📅 Airing today · Tue 24 Nov 2026 (UTC) · South Korea" in text
    assert "Moon River" in text and "Late Show" in text
    assert "Tokyo" not in text and "Jade" not in text and "Taiwan" not in text


async def test_japan_and_an_unknown_country_and_junk(bot: BotUnderTest, people: People) -> None:
    await bot.tg.send_text(people.alice, "/today japan")
    assert "14:00 · Tokyo Nights · Ep 3" in bot.tg.last_to(people.alice.id).text
    assert "Moon River" not in bot.tg.last_to(people.alice.id).text

    await bot.tg.send_text(people.alice, "/today narnia")
    reply = bot.tg.last_to(people.alice.id)
    assert "No episodes from “narnia” today. Airing today: China, Japan, South Korea, Taiwan." in (
        reply.text
    )
    assert reply.flat_buttons == []

    await bot.tg.send_text(people.alice, "/today <script>alert(1)</script>")
    refusal = bot.tg.last_to(people.alice.id)
    assert "is not a country name" in refusal.text and "/today korea" in refusal.text
    assert "<script>" not in refusal.html
    await bot.tg.send_text(people.alice, "/today " + "k" * 5000)
    assert "is not a country name" in bot.tg.last_to(people.alice.id).text


async def test_the_buttons_open_the_card_and_watch_the_drama(
    bot: BotUnderTest, people: People
) -> None:
    await bot.tg.send_text(people.alice, "/today")
    listing = bot.tg.last_to(people.alice.id)

    await bot.tg.press(people.alice, listing, button="1. Moon River")
    card = bot.tg.last_to(people.alice.id)
    assert card.id != listing.id and "Moon River" in card.text
    assert any("Notify me" in b.text for b in card.flat_buttons)  # the card's own buttons
    await bot.tg.press(people.alice, card, button="Cast")  # work as after a search

    bell = next(row[1] for row in listing.buttons if row[0].text.startswith("1. Moon River"))
    press = await bot.tg.press(people.alice, listing, data=bell.data)
    assert "Watching it" in bot.tg.answer_for(press).text
    assert "You will be notified: Moon River" in bot.tg.last_to(people.alice.id).text
    entries = await bot.services.watching.watchlists.entries(people.alice.id)
    assert [w.slug for w, _ in entries] == ["101-moon-river"]


async def test_only_the_asker_may_press_and_forged_data_does_nothing(
    bot: BotUnderTest, people: People
) -> None:
    await bot.tg.send_text(people.alice, "/today")
    listing = bot.tg.last_to(people.alice.id)
    sent = len(bot.tg.messages_to(people.alice.id))

    press = await bot.tg.press(people.bob, listing, button="1. Moon River")
    assert "Only the person who searched" in bot.tg.answer_for(press).text
    button = listing.button("1. Moon River").data
    assert button is not None
    forged = button.rsplit(":", 2)[0] + ":999:0"
    press = await bot.tg.press(people.alice, listing, data=forged)
    assert "no longer valid" in bot.tg.answer_for(press).text
    press = await bot.tg.press(people.alice, listing, data=button.replace("do:", "dz:"))
    assert "no longer valid" in bot.tg.answer_for(press).text
    assert len(bot.tg.messages_to(people.alice.id)) == sent


async def test_the_calendar_is_cached_for_fifteen_minutes(
    bot: BotUnderTest, calendar_kuryana: FakeKuryanaCalendar, people: People, clock: SettableClock
) -> None:
    await bot.tg.send_text(people.alice, "/today")
    await bot.tg.send_text(people.bob, "/today japan")
    clock.advance(14 * 60)
    await bot.tg.send_text(people.alice, "/today")
    assert calendar_kuryana.route_hits["schedule"] == 1

    clock.advance(2 * 60)
    await bot.tg.send_text(people.alice, "/today")
    assert calendar_kuryana.route_hits["schedule"] == 2


async def test_an_outage_serves_the_saved_copy_then_says_it_is_down(
    bot: BotUnderTest, calendar_kuryana: FakeKuryanaCalendar, people: People, clock: SettableClock
) -> None:
    await bot.tg.send_text(people.alice, "/today")
    clock.advance(20 * 60)
    calendar_kuryana.fail_always(Fault.PARSER_CRASH, route="schedule")

    await bot.tg.send_text(people.alice, "/today")
    saved = bot.tg.last_to(people.alice.id)
    assert "Moon River · Ep 5" in saved.text
    assert "MyDramaList is not answering; this is a saved copy." in saved.text

    await bot.services.cache.clear("mdl:schedule")
    await bot.tg.send_text(people.alice, "/today")
    assert "MyDramaList is not answering right now" in bot.tg.last_to(people.alice.id).text


@pytest.mark.parametrize(
    "fault", [Fault.PARSER_CRASH, Fault.EMPTY, Fault.MDL_ERROR, Fault.NOT_FOUND, Fault.DROP]
)
async def test_every_kind_of_failure_is_a_clear_message(
    bot: BotUnderTest, calendar_kuryana: FakeKuryanaCalendar, people: People, fault: Fault
) -> None:
    calendar_kuryana.fail_always(fault, route="schedule")
    await bot.tg.send_text(people.alice, "/today")

    reply = bot.tg.last_to(people.alice.id).text
    assert reply.startswith("⏳ MyDramaList is not answering right now")


async def test_the_breaker_stops_asking_a_failing_kuryana(
    bot: BotUnderTest, calendar_kuryana: FakeKuryanaCalendar, people: People
) -> None:
    calendar_kuryana.fail_always(Fault.PARSER_CRASH, route="schedule")
    for _ in range(5):  # BREAKER_FAILURES failed lookups (each tried 3 times)
        await bot.tg.send_text(people.alice, "/today")
    asked = calendar_kuryana.route_hits["schedule"]
    assert asked == 15
    for _ in range(3):
        await bot.tg.send_text(people.alice, "/today")
    assert calendar_kuryana.route_hits["schedule"] == asked  # the breaker is open
    assert "not answering" in bot.tg.last_to(people.alice.id).text


async def test_an_instance_without_the_route_hands_over_to_the_next(
    tmp_path: Path, calendar_kuryana: FakeKuryanaCalendar, imdb: FakeImdb, people: People
) -> None:
    serve_calendar(calendar_kuryana)
    async with kuryana_server() as old:  # a kuryana from before /schedule: 404
        urls = [old.url, calendar_kuryana.url]
        async with calendar_bot(tmp_path, calendar_kuryana, imdb, mdl_api_urls=urls) as bot:
            await bot.tg.send_text(people.alice, "/today")
    assert "Moon River · Ep 5" in bot.tg.last_to(people.alice.id).text
    assert calendar_kuryana.route_hits["schedule"] == 1  # asked once, after the 404


async def test_an_empty_calendar_and_a_huge_one(
    bot: BotUnderTest, calendar_kuryana: FakeKuryanaCalendar, people: People, clock: SettableClock
) -> None:
    calendar_kuryana.calendar = episode_calendar([], [])
    await bot.tg.send_text(people.alice, "/today")
    assert "No episodes on MyDramaList's calendar today." in bot.tg.last_to(people.alice.id).text

    long = "Long " * 400
    titles = [calendar_title(i, f"{long}{i}", country=f"Land{'x' * 300}") for i in range(1, 301)]
    items = [calendar_item(i, i, at(24, i % 24, i % 60)) for i in range(1, 301)]
    calendar_kuryana.calendar = episode_calendar(titles, items)
    clock.advance(16 * 60)
    await bot.tg.send_text(people.alice, "/today")

    listing = bot.tg.last_to(people.alice.id)
    assert "300 episodes" in listing.text and "Page 1 of 38" in listing.text
    assert len(listing.flat_buttons) <= 100
    assert all(len((b.data or "").encode()) <= 64 for b in listing.flat_buttons)
    assert all(len(b.text) <= 64 for b in listing.flat_buttons)
    await bot.tg.press(people.alice, listing, button="Next »")
    assert "Page 2 of 38" in listing.text
    assert bot.tg.refused == []


async def test_help_and_the_command_menu_name_today(bot: BotUnderTest, people: People) -> None:
    await bot.tg.send_text(people.alice, "/help")
    text = bot.tg.last_to(people.alice.id).text
    assert "/today [country] — Episodes airing today, in your time zone" in text
    assert ("today", "Episodes airing today, in your time zone") in bot.services.registry.menu(
        owner=False
    )
