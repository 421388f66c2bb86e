"""Inline mode end to end: @bot queries in any chat, through the Telegram test client."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from pyrogram import errors, raw

from tests.conftest import BotUnderTest, bot_settings, running_bot
from tests.fakes.imdb import FakeImdb
from tests.fakes.kuryana import FIXTURES, FakeKuryana, Fault
from tests.harness.telegram import InlineAnswer, People


async def ask(bot: BotUnderTest, user: raw.types.User, text: str, offset: str = "") -> InlineAnswer:
    query_id = await bot.tg.inline(user, text, offset)
    return bot.tg.inline_answer_for(query_id)


def love_search(kuryana: FakeKuryana, count: int) -> None:
    item = json.loads((FIXTURES / "search_goblin.json").read_text())["results"]["dramas"][0]
    dramas = []
    for n in range(1, count + 1):
        hit = copy.deepcopy(item)
        hit.update(slug=f"{n}0000-love-{n}", title=f"Love {n}", year=2000 + n)
        dramas.append(hit)
    kuryana.add_search("love", dramas)


async def test_mydramalist_results_send_the_full_card(bot: BotUnderTest, people: People) -> None:
    answer = await ask(bot, people.alice, "goblin")
    assert [r.title for r in answer.results] == [
        "Goblin (2016)",
        "Goblin: Special Edition (2017)",
        "The Little Goblin",
    ]
    first = answer.results[0]
    assert first.description == "2016 · Korean Drama · ⭐ 8.8"
    assert first.thumb == "https://i.mydramalist.com/Lx0Kg_4s.jpg"
    assert "🎬 <b>Goblin</b>" in first.html and "📡 Network: tvN" in first.html
    assert first.preview == "https://i.mydramalist.com/Lx0Kg_4c.jpg"  # the poster, above the card
    assert first.buttons[0][0].url == "https://mydramalist.com/18452-goblin"
    assert answer.next_offset == ""
    # Cached by Telegram, but for this user only: the cards speak the asker's language, and
    # Telegram would otherwise serve them to anyone typing the same query.
    assert answer.cache_time > 0 and answer.is_personal


@pytest.mark.parametrize(
    "text", ["imdb the matrix 1999", "i the matrix 1999", "IMDB  the matrix (1999)"]
)
async def test_imdb_results(bot: BotUnderTest, people: People, text: str) -> None:
    answer = await ask(bot, people.alice, text)
    assert answer.results[0].title == "The Matrix (1999)"
    card = answer.results[0]
    assert "🎬 <b>The Matrix</b>" in card.html and "Lana Wachowski" in card.text
    assert card.preview and "UX600" in card.preview
    assert card.buttons[0][0].url == "https://www.imdb.com/title/tt0133093/"


async def test_explicit_mdl_prefix(bot: BotUnderTest, people: People) -> None:
    answer = await ask(bot, people.alice, "m goblin")
    assert answer.results[0].title == "Goblin (2016)"
    assert bot.imdb.call_count == 0


@pytest.mark.parametrize("text", ["", "   ", "imdb", "mdl "])
async def test_an_empty_query_explains_and_offers_the_private_chat(
    bot: BotUnderTest, people: People, text: str
) -> None:
    answer = await ask(bot, people.alice, text)
    assert len(answer.results) == 1
    assert "Type a title" in answer.results[0].title
    assert answer.switch_pm is not None and answer.switch_pm.start_param == "inline"
    assert bot.kuryana.total_hits == 0


async def test_results_come_page_by_page(bot: BotUnderTest, people: People) -> None:
    love_search(bot.kuryana, 15)
    first = await ask(bot, people.alice, "love")
    assert len(first.results) == 10 and first.next_offset == "1"
    second = await ask(bot, people.alice, "love", offset=first.next_offset)
    assert [r.title for r in second.results] == [f"Love {n} ({2000 + n})" for n in range(11, 16)]
    assert second.next_offset == ""
    assert bot.kuryana.hits["/search/q/love"] == 1  # the second page came from the cache


@pytest.mark.parametrize("offset", ["abc", "99", "-1", "1e9", "0", "../1", "1" * 70, "٣"])
async def test_a_forged_offset_is_the_first_page(
    bot: BotUnderTest, people: People, offset: str
) -> None:
    love_search(bot.kuryana, 15)
    answer = await ask(bot, people.alice, "love", offset=offset)
    assert answer.results[0].title == "Love 1 (2001)"
    assert answer.next_offset == "1"


async def test_slow_details_become_short_cards_within_the_budget(
    tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb, people: People
) -> None:
    settings = bot_settings(tmp_path, kuryana, inline_budget=0.3)
    async with running_bot(settings, kuryana, imdb) as bot:
        await bot.tg.send_text(people.alice, "/mdl goblin")  # the search is cached now
        kuryana.hold()  # every details page hangs
        try:
            answer = await ask(bot, people.alice, "goblin")
        finally:
            kuryana.release()
        assert len(answer.results) == 3
        short = answer.results[0]
        assert short.html == "🎬 <b>Goblin (2016)</b>\n2016 · Korean Drama · ⭐ 8.8\n📺 16 episodes"
        assert short.buttons[0][0].url == "https://mydramalist.com/18452-goblin"


async def test_upstream_down_says_so_in_one_result(bot: BotUnderTest, people: People) -> None:
    bot.kuryana.fail_always(Fault.SERVER_ERROR)
    answer = await ask(bot, people.alice, "goblin")
    assert [r.title for r in answer.results] == ["MyDramaList is not answering right now"]
    assert answer.cache_time <= 10


async def test_nothing_found(bot: BotUnderTest, people: People) -> None:
    answer = await ask(bot, people.alice, "nothing at all")
    assert answer.results[0].title == "Nothing found on MyDramaList"


async def test_a_custom_template_is_used_and_the_answer_is_personal(
    bot: BotUnderTest, people: People
) -> None:
    await bot.tg.send_text(people.alice, "/setmdltemplate ✨ <b>{title}</b> on {original_network}")
    answer = await ask(bot, people.alice, "goblin")
    assert answer.is_personal
    assert answer.results[0].html == "✨ <b>Goblin</b> on tvN"
    other = await ask(bot, people.bob, "goblin")
    assert other.is_personal and "📅 Year: 2016" in other.results[0].text  # the default card


async def test_hostile_titles_stay_text(bot: BotUnderTest, people: People) -> None:
    answer = await ask(bot, people.alice, "script")
    hostile = next(r for r in answer.results if "<script>" in r.title)
    assert "<script>" in hostile.text
    assert "&lt;script&gt;" in hostile.html


async def test_a_late_answer_is_counted_and_ignored(bot: BotUnderTest, people: People) -> None:
    bot.tg.fail_next(raw.functions.messages.SetInlineBotResults, errors.QueryIdInvalid())
    await bot.tg.inline(people.alice, "goblin")
    late = bot.services.metrics.registry.get_sample_value("bot_inline_late_answers_total")
    assert late == 1
    assert bot.tg.inline_answers == []


async def test_typing_a_title_letter_by_letter_is_not_rate_limited(
    tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb, people: People
) -> None:
    settings = bot_settings(tmp_path, kuryana, rate_limit="3/minute")
    async with running_bot(settings, kuryana, imdb) as bot:
        typed = ["g", "go", "gob", "gobl", "gobli", "goblin", "goblin", "goblin "]
        answers = [await ask(bot, people.alice, text) for text in typed]
        assert all("Slow down" not in str(a.switch_pm) for a in answers)
        assert answers[-1].results[0].title == "Goblin (2016)"
        assert bot.kuryana.hits["/search/q/goblin"] == 1  # the same query again: the cache
        # Inline typing does not use up the allowance for commands either.
        await bot.tg.send_text(people.alice, "/mdl goblin")
        assert "Goblin" in bot.tg.last_to(people.alice.id).text
