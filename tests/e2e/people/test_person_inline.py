"""Inline people: ``@bot person <name>`` and ``@bot p <name>``, with photo thumbnails."""

from __future__ import annotations

from pyrogram import raw

from tests.conftest import BotUnderTest
from tests.fakes.kuryana import Fault
from tests.harness.telegram import InlineAnswer, People


async def ask(bot: BotUnderTest, user: raw.types.User, text: str) -> InlineAnswer:
    query_id = await bot.tg.inline(user, text)
    return bot.tg.inline_answer_for(query_id)


async def test_person_finds_both_sources_with_thumbnails(bot: BotUnderTest, people: People) -> None:
    answer = await ask(bot, people.alice, "person gong yoo")
    (result,) = answer.results
    assert result.title == "Gong Yoo"
    assert result.description == "South Korean · Actor · MDL + IMDb"
    assert result.thumb == "https://i.mydramalist.com/1-go_4s.jpg"
    # Choosing it sends the full card, with the photo as its preview.
    assert "👤 <b>Gong Yoo</b>" in result.html
    assert "Known for:" in result.text
    assert result.preview == "https://i.mydramalist.com/p1_5c.jpg"
    assert [b.text for row in result.buttons for b in row] == [
        "🔗 Open on MyDramaList",
        "🔎 Search again",
    ]


async def test_p_is_short_for_person_and_imdb_people_get_their_photo(
    bot: BotUnderTest, people: People
) -> None:
    answer = await ask(bot, people.alice, "p keanu")
    (result,) = answer.results
    assert result.title == "Keanu Reeves"
    assert result.thumb is not None and "keanu" in result.thumb and "UX200" in result.thumb
    assert "Keanu &lt;Charles&gt; Reeves" in result.html


async def test_without_a_name_it_explains(bot: BotUnderTest, people: People) -> None:
    answer = await ask(bot, people.alice, "person")
    assert answer.results[0].title == "Type a name to find a person"


async def test_nobody_and_both_sources_down(bot: BotUnderTest, people: People) -> None:
    answer = await ask(bot, people.alice, "p nobody at all")
    assert answer.results[0].title == "Nobody found"
    bot.kuryana.fail_always(Fault.SERVER_ERROR)
    bot.imdb.fail("http_500")
    answer = await ask(bot, people.alice, "p someone else")
    assert answer.results[0].title == "MyDramaList and IMDb are not answering"


async def test_a_late_page_becomes_a_short_card(bot: BotUnderTest, people: People) -> None:
    await bot.services.people.search("lee eung bok")  # the search is cached
    await bot.services.cache.clear("mdl:person")
    bot.kuryana.fail_always(Fault.HANG, route="person")
    answer = await ask(bot, people.alice, "p lee eung bok")
    (result,) = answer.results
    assert result.html.startswith("👤 <b>Lee Eung Bok</b>\nSouth Korean · MDL")


async def test_a_plain_title_query_is_still_a_title_search(
    bot: BotUnderTest, people: People
) -> None:
    answer = await ask(bot, people.alice, "goblin")
    assert answer.results[0].title.startswith("Goblin")
