"""/watch, the card's 🔔 Notify me, /watchlist, /unwatch and /timezone end to end."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from tests.conftest import BotUnderTest
from tests.e2e.admin_support import admin_bot
from tests.e2e.airing.support import LINK, SLUG, serve_drama
from tests.fakes.clock import SettableClock
from tests.fakes.imdb import FakeImdb
from tests.fakes.kuryana import FakeKuryana
from tests.harness.telegram import People

CLOCK_START = SettableClock().now()
AIRS_AT = CLOCK_START + timedelta(days=2, hours=3)  # Thu 26 Nov 2026, 15:00 UTC


@pytest.fixture
async def bot(tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb) -> AsyncIterator[BotUnderTest]:
    serve_drama(kuryana, airs_at=AIRS_AT)
    async with admin_bot(tmp_path, kuryana, imdb, clock=SettableClock()) as running:
        yield running


async def test_watch_by_link_confirms_the_next_episode_in_utc(
    bot: BotUnderTest, people: People
) -> None:
    await bot.tg.send_text(people.alice, f"/watch {LINK}")

    reply = bot.tg.last_to(people.alice.id).text
    assert "You will be notified: Moon River" in reply
    assert "episode 5 · Thu 26 Nov 2026, 15:00 UTC (in 2 days 3 h)" in reply
    await bot.tg.send_text(people.alice, f"/watch {SLUG}")
    assert "You already watch this" in bot.tg.last_to(people.alice.id).text


async def test_watch_by_query_takes_the_top_hit_and_says_so(
    bot: BotUnderTest, kuryana: FakeKuryana, people: People
) -> None:
    kuryana.add_search(
        "moon river",
        [{"slug": SLUG, "title": "Moon River", "type": "Korean Drama", "year": 2026}],
    )
    await bot.tg.send_text(people.alice, "/watch moon river")

    reply = bot.tg.last_to(people.alice.id).text
    assert "Top match for “moon river”" in reply and "Moon River" in reply
    entries = await bot.services.watching.watchlists.entries(people.alice.id)
    assert [w.slug for w, _ in entries] == [SLUG]


async def test_watch_by_the_cards_notify_me_button(bot: BotUnderTest, people: People) -> None:
    await bot.tg.send_text(people.alice, f"/mdl {LINK}")
    card = bot.tg.last_to(people.alice.id)

    press = await bot.tg.press(people.alice, card, button="Notify me")

    assert "Watching it" in bot.tg.answer_for(press).text
    assert "You will be notified: Moon River" in bot.tg.last_to(people.alice.id).text
    entries = await bot.services.watching.watchlists.entries(people.alice.id)
    assert [w.slug for w, _ in entries] == [SLUG]


async def test_a_finished_drama_has_no_notify_button_and_cannot_be_watched(
    bot: BotUnderTest, kuryana: FakeKuryana, people: People
) -> None:
    serve_drama(kuryana, "800-done", "Done Deal", episode=None, current=16)
    await bot.tg.send_text(people.alice, "/mdl https://mydramalist.com/800-done")
    card = bot.tg.last_to(people.alice.id)
    assert not any("Notify" in b.text for b in card.flat_buttons)

    await bot.tg.send_text(people.alice, "/watch 800-done")
    assert "nothing scheduled to air" in bot.tg.last_to(people.alice.id).text


async def test_time_zones_show_in_replies_and_unknown_ones_are_explained(
    bot: BotUnderTest, people: People
) -> None:
    await bot.tg.send_text(people.alice, "/timezone")
    assert "Your time zone is UTC" in bot.tg.last_to(people.alice.id).text

    await bot.tg.send_text(people.alice, "/timezone asia/seoul")
    assert "Time zone set to Asia/Seoul" in bot.tg.last_to(people.alice.id).text
    await bot.tg.send_text(people.alice, f"/watch {LINK}")
    assert "Fri 27 Nov 2026, 00:00 KST" in bot.tg.last_to(people.alice.id).text

    await bot.tg.send_text(people.alice, "/timezone Mars/Olympus")
    refusal = bot.tg.last_to(people.alice.id).text
    assert "not a time zone I know" in refusal and "/timezone Europe/Berlin" in refusal
    await bot.tg.send_text(people.alice, "/timezone")
    assert "Asia/Seoul" in bot.tg.last_to(people.alice.id).text  # unchanged


async def test_watchlist_pages_and_unwatch_buttons(
    bot: BotUnderTest, kuryana: FakeKuryana, people: People
) -> None:
    for n in range(7):
        serve_drama(kuryana, f"90{n}-show-{n}", f"Show {n}", airs_at=AIRS_AT + timedelta(days=n))
        await bot.tg.send_text(people.alice, f"/watch 90{n}-show-{n}")

    await bot.tg.send_text(people.alice, "/watchlist")
    listing = bot.tg.last_to(people.alice.id)
    assert "Your watchlist</b> (7)" in listing.html and "Page 1 of 2" in listing.text
    assert "Show 4" in listing.text and "Show 5" not in listing.text
    assert "in 2 days 3 h" in listing.text

    await bot.tg.press(people.alice, listing, button="Next »")
    assert "Show 6" in listing.text and "Page 2 of 2" in listing.text
    press = await bot.tg.press(people.alice, listing, button="Unwatch 7. Show 6")

    assert "Unwatched Show 6" in bot.tg.answer_for(press).text
    assert "(6)" in listing.text and "Show 6" not in listing.text
    await bot.tg.send_text(people.alice, "/unwatch https://mydramalist.com/900-show-0")
    assert "No more notifications for <b>Show 0</b>" in bot.tg.last_to(people.alice.id).html
    await bot.tg.send_text(people.alice, "/unwatch show 1")  # a title from the list
    await bot.tg.send_text(people.alice, "/unwatch show 1")
    assert "You do not watch that drama" in bot.tg.last_to(people.alice.id).text
    entries = await bot.services.watching.watchlists.entries(people.alice.id)
    assert len(entries) == 4


async def test_strangers_cannot_press_someone_elses_unwatch(
    bot: BotUnderTest, people: People
) -> None:
    await bot.tg.send_text(people.alice, f"/watch {LINK}")
    await bot.tg.send_text(people.alice, "/watchlist")
    listing = bot.tg.last_to(people.alice.id)

    press = await bot.tg.press(people.bob, listing, button="Unwatch")

    answer = bot.tg.answer_for(press)
    assert answer.alert and "Only the person who" in answer.text
    assert len(await bot.services.watching.watchlists.entries(people.alice.id)) == 1
    tampered = await bot.tg.press(people.alice, listing, data="wu:deadbeef:0:0")
    assert "expired" in bot.tg.answer_for(tampered).text


async def test_an_empty_watchlist_says_how_to_start(bot: BotUnderTest, people: People) -> None:
    await bot.tg.send_text(people.alice, "/watchlist")
    assert "Your watchlist is empty" in bot.tg.last_to(people.alice.id).text


async def test_one_drama_is_one_watch_by_bare_id_or_slug(
    bot: BotUnderTest, kuryana: FakeKuryana, people: People
) -> None:
    await bot.tg.send_text(people.alice, f"/watch {SLUG}")
    assert "You will be notified" in bot.tg.last_to(people.alice.id).text

    await bot.tg.send_text(people.alice, "/watch 700")  # MyDramaList's id alone
    assert "You already watch this" in bot.tg.last_to(people.alice.id).text
    await bot.tg.send_text(people.alice, "/mdl https://mydramalist.com/700")
    card = bot.tg.last_to(people.alice.id)
    press = await bot.tg.press(people.alice, card, button="Notify me")
    assert "You already watch this" in bot.tg.last_to(people.alice.id).text
    assert bot.tg.answer_for(press) is not None

    entries = await bot.services.watching.watchlists.entries(people.alice.id)
    assert [w.slug for w, _ in entries] == [SLUG]
    await bot.tg.send_text(people.alice, "/unwatch 700")
    assert await bot.services.watching.watchlists.entries(people.alice.id) == []


async def test_a_card_opened_by_a_bare_id_links_to_the_named_page_once_known(
    bot: BotUnderTest, people: People
) -> None:
    await bot.tg.send_text(people.alice, "/mdl https://mydramalist.com/700")
    first = bot.tg.last_to(people.alice.id)
    # kuryana gives back only the link it was asked for: MyDramaList redirects it.
    assert first.button("Open on MyDramaList").url == "https://mydramalist.com/700"

    await bot.tg.send_text(people.alice, f"/mdl {LINK}")
    card = bot.tg.last_to(people.alice.id)
    assert card.button("Open on MyDramaList").url == LINK
    await bot.tg.send_text(people.alice, "/mdl https://mydramalist.com/700")
    again = bot.tg.last_to(people.alice.id)
    assert again.button("Open on MyDramaList").url == LINK  # one cached title, by id
    assert bot.kuryana.route_hits["details"] == 1
