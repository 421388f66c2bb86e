"""Templates that passed validation and then broke every card (issue 15, item 3).

Each test is one attack through the Telegram test client; the test client
refuses what Telegram refuses (empty or over-long texts and captions, inline
results included), and a crash inside Kurigram's parser shows as the bot's
"something went wrong" instead of a card.
"""

from __future__ import annotations

from typing import Any

import pytest
from pyrogram import errors, types

from domain.templates.rules import MAX_TEMPLATE_CHARS
from tests.conftest import BotUnderTest
from tests.harness.telegram import People, Sent

GOBLIN = "https://mydramalist.com/18452-goblin"


async def said(bot: BotUnderTest, text: str, people: People) -> Sent:
    await bot.tg.send_text(people.alice, text)
    return bot.tg.last_to(people.alice.id)


def crashes(bot: BotUnderTest) -> list[float | None]:
    sample = bot.services.metrics.registry.get_sample_value
    kinds = ("message", "callback", "inline")
    return [sample("bot_updates_total", {"kind": k, "outcome": "crash"}) for k in kinds]


async def still_gives_cards(bot: BotUnderTest, people: People) -> None:
    """Cards and inline results keep coming, with the default template."""
    card = await said(bot, f"/mdlurl {GOBLIN}", people)
    assert card.text.startswith("🎬 Goblin") and card.photo
    answer = bot.tg.inline_answer_for(await bot.tg.inline(people.alice, "goblin"))
    assert answer.results and answer.results[0].text.startswith("🎬 Goblin")
    assert crashes(bot) == [None, None, None]


@pytest.mark.parametrize(
    "emoji",
    [
        '<tg-emoji emoji-id="star">⭐</tg-emoji>',
        "<tg-emoji>⭐</tg-emoji>",
        '<tg-emoji emoji-id="99999999999999999999">⭐</tg-emoji>',
    ],
    ids=["word", "missing", "beyond-64-bits"],
)
async def test_custom_emoji_without_a_numeric_64_bit_id_is_refused_when_set(
    bot: BotUnderTest, people: People, emoji: str
) -> None:
    refused = await said(bot, f"/setmdltemplate {emoji} <b>{{title}}</b>", people)
    assert refused.text.startswith("⚠️ Template not saved:")
    assert "emoji-id" in refused.text
    await still_gives_cards(bot, people)


async def test_mention_link_with_an_id_beyond_64_bits_is_refused_when_set(
    bot: BotUnderTest, people: People
) -> None:
    attack = '/setmdltemplate <a href="tg://user?id=99999999999999999999">{title}</a>'
    refused = await said(bot, attack, people)
    assert refused.text.startswith("⚠️ Template not saved:")
    assert "tg://user" in refused.text
    await still_gives_cards(bot, people)


async def test_a_broken_template_stored_before_these_checks_still_gives_cards(
    bot: BotUnderTest, people: People
) -> None:
    stored = (
        '<tg-emoji emoji-id="star">⭐</tg-emoji> <a href="tg://user?id=99999999999999999999">'
        "{title}</a> <3 <b> </b>"
    )
    # As an older version would have stored it, past today's checks.
    await bot.services.templates._repo.put(people.alice.id, "mdl", stored, bot.services.clock.now())
    card = await said(bot, f"/mdlurl {GOBLIN}", people)
    # (Telegram trims the space left by the empty <b> </b> at the end.)
    assert card.text.rstrip() == "⭐ Goblin <3"
    answer = bot.tg.inline_answer_for(await bot.tg.inline(people.alice, "goblin"))
    assert answer.results[0].text.rstrip() == "⭐ Goblin <3"
    assert crashes(bot) == [None, None, None]


async def test_text_that_only_looks_like_a_tag_counts_toward_the_caption_limit(
    bot: BotUnderTest, people: People
) -> None:
    synopsis = "A long story. " * 75  # 1050 characters: too long for a caption
    detail: dict[str, Any] = dict(bot.kuryana.details["18452-goblin"]["data"], synopsis=synopsis)
    bot.kuryana.add_drama("18452-goblin", detail)
    saved = await said(bot, "/setmdltemplate I <3 {synopsis} so much >", people)
    assert "Saved" in saved.text
    card = await said(bot, f"/mdlurl {GOBLIN}", people)
    # Too long for a caption as Telegram counts it, so it goes as text with the poster above.
    assert card.photo is None and card.preview == "https://i.mydramalist.com/Lx0Kg_4c.jpg"
    assert card.text == f"I <3 {synopsis.strip()} so much >"


async def test_a_template_of_placeholders_that_are_all_empty_still_sends_a_card(
    bot: BotUnderTest, people: People
) -> None:
    bot.kuryana.add_drama(
        "7-bare", {"link": "https://mydramalist.com/7-bare", "title": "Bare (2020)"}
    )
    bot.kuryana.add_search("bare", [{"slug": "7-bare", "title": "Bare", "year": 2020}])
    saved = await said(bot, "/setmdltemplate {aired_on}\n{original_network}", people)
    assert "Saved" in saved.text
    card = await said(bot, "/mdlurl https://mydramalist.com/7-bare", people)
    assert card.text == "Bare"  # the title, when the template shows nothing for it
    answer = bot.tg.inline_answer_for(await bot.tg.inline(people.alice, "bare"))
    assert answer.results[0].text == "Bare"
    assert crashes(bot) == [None, None, None]


@pytest.mark.parametrize("template", ["<b> </b>", "<b> </b>\n<i>\t</i> <u>&nbsp;</u>"])
async def test_a_template_that_shows_nothing_is_refused_when_set(
    bot: BotUnderTest, people: People, template: str
) -> None:
    refused = await said(bot, f"/setmdltemplate {template}", people)
    assert refused.text.startswith("⚠️ Template not saved:")
    assert "shows nothing" in refused.text
    await still_gives_cards(bot, people)


async def test_an_emoji_heavy_template_is_counted_as_telegram_counts_it(
    bot: BotUnderTest, people: People
) -> None:
    heavy = "😀" * 2000 + "{title}"  # 2007 characters, but 4007 UTF-16 units
    refused = await said(bot, f"/setmdltemplate {heavy}", people)
    assert refused.text.startswith("⚠️ Template not saved:")
    assert f"the limit is {MAX_TEMPLATE_CHARS}" in refused.text
    # One at the limit is accepted and shown back whole.
    fits = "😀" * ((MAX_TEMPLATE_CHARS - len("{title}")) // 2) + "{title}"
    assert "Saved" in (await said(bot, f"/setmdltemplate {fits}", people)).text
    shown = await said(bot, "/getmdltemplate", people)
    assert fits in shown.text


async def test_the_test_client_refuses_an_inline_result_telegram_would_refuse(
    bot: BotUnderTest, people: People
) -> None:
    """The harness check itself: an empty inline message is refused as Telegram does."""
    empty = types.InlineQueryResultArticle(
        title="x", input_message_content=types.InputTextMessageContent(" ")
    )
    with pytest.raises(errors.MessageEmpty):
        await bot.tg.client.answer_inline_query(1, [empty])
    bot.tg.allow_refusals = True
    assert isinstance(bot.tg.refused[-1], errors.MessageEmpty)


async def test_an_inline_query_that_finds_nothing_is_quoted_as_text_not_markup(
    bot: BotUnderTest, people: People
) -> None:
    query = '<tg-emoji emoji-id="x">⭐</tg-emoji> <b>nothing'
    answer = bot.tg.inline_answer_for(await bot.tg.inline(people.alice, query))
    notice = answer.results[0]
    assert notice.title.startswith("Nothing found")
    assert notice.text == f"No results for “{query}”."
    assert crashes(bot) == [None, None, None]


async def test_an_upstream_poster_or_slug_that_is_no_address_leaves_inline_results_valid(
    bot: BotUnderTest, people: People
) -> None:
    broken = {"link": "not a link", "title": "Broken (2020)", "poster": "javascript:alert(1)"}
    bot.kuryana.add_drama("8-broken", broken)
    hit = {"slug": "8-broken", "title": "Broken", "year": 2020, "thumb": "//no scheme.jpg"}
    bot.kuryana.add_search("broken", [hit])
    answer = bot.tg.inline_answer_for(await bot.tg.inline(people.alice, "broken"))
    result = answer.results[0]
    assert result.text.startswith("🎬 Broken")
    assert result.thumb is None and result.preview is None
    assert result.buttons[0][0].url == "https://mydramalist.com/8-broken"
