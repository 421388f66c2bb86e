"""Which views a card offers, and its link when opened by MyDramaList's bare id (issue 22)."""

from __future__ import annotations

from tests.conftest import BotUnderTest
from tests.harness.telegram import People, Sent

GOBLIN_URL = "https://mydramalist.com/18452-goblin"


async def ask(bot: BotUnderTest, people: People, text: str) -> Sent:
    await bot.tg.send_text(people.alice, text)
    return bot.tg.last_to(people.alice.id)


async def test_a_movie_card_offers_no_episodes(bot: BotUnderTest, people: People) -> None:
    card = await ask(bot, people, "/mdlurl https://mydramalist.com/28311-parasite")
    assert "🎬 <b>Parasite</b>" in card.html
    labels = [b.text for b in card.flat_buttons]
    assert "👥 Cast" in labels
    assert not any("Episodes" in label for label in labels)


async def test_a_drama_card_offers_cast_and_episodes(bot: BotUnderTest, people: People) -> None:
    card = await ask(bot, people, f"/mdlurl {GOBLIN_URL}")
    labels = [b.text for b in card.flat_buttons]
    assert labels[:2] == ["👥 Cast", "📺 Episodes"]


async def test_a_card_opened_by_bare_id_after_a_search_links_to_the_named_page(
    bot: BotUnderTest, people: People
) -> None:
    await ask(bot, people, "/mdl goblin")  # the search names 18452 "18452-goblin"
    card = await ask(bot, people, "/mdlurl https://mydramalist.com/18452")
    assert "🎬 <b>Goblin</b>" in card.html
    assert card.button("Open on MyDramaList").url == GOBLIN_URL
