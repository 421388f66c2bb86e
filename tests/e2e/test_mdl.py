"""/mdl and /mdlurl end to end: Telegram test client → bot → fake kuryana."""

from __future__ import annotations

from tests.conftest import BotUnderTest
from tests.harness.telegram import People


async def test_search_pick_card_conversation(bot: BotUnderTest, people: People) -> None:
    await bot.tg.send_text(people.alice, "/mdl goblin")
    results = bot.tg.last_to(people.alice.id)
    assert "MyDramaList" in results.text and "“goblin”" in results.text
    assert "Goblin" in results.text
    first = results.flat_buttons[0]
    assert first.text.startswith("1. Goblin (2016)")

    await bot.tg.press(people.alice, results, button="1. Goblin")
    card = bot.tg.last_to(people.alice.id)
    print(bot.tg.call_names(), bot.tg.callback_answers)
    print(card.html)
    print(card.photo, card.preview, [b.text for b in card.flat_buttons])
    assert "<b>Goblin</b>" in card.html
