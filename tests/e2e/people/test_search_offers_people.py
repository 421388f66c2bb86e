"""In a private chat, /search offers the people it found as buttons; in groups it names them."""

from __future__ import annotations

from tests.conftest import BotUnderTest
from tests.harness.telegram import People, make_group


async def test_a_private_search_offers_its_people(bot: BotUnderTest, people: People) -> None:
    await bot.tg.send_text(people.alice, "/search goblin")
    results = bot.tg.last_to(people.alice.id)
    labels = [b.text for b in results.flat_buttons]
    assert labels[-1] == "👤 Goblin Actor · MyDramaList"  # after the titles
    bot.kuryana.add_person(
        "40003-goblin-actor", {"name": "Goblin Actor", "about": "Plays goblins."}
    )
    await bot.tg.press(people.alice, results, button="👤 Goblin Actor")
    card = bot.tg.last_to(people.alice.id)
    assert "👤 <b>Goblin Actor</b>" in card.html


async def test_a_search_finding_only_people_offers_them(bot: BotUnderTest, people: People) -> None:
    await bot.tg.send_text(people.alice, "keanu")  # plain text in a private chat searches
    reply = bot.tg.last_to(people.alice.id)
    assert "No titles, but 1 person matched" in reply.text
    await bot.tg.press(people.alice, reply, button="👤 Keanu Reeves · IMDb")
    card = bot.tg.last_to(people.alice.id)
    assert "👤 <b>Keanu Reeves</b>" in card.html


async def test_in_a_group_people_are_only_named(bot: BotUnderTest, people: People) -> None:
    group = make_group(5005)
    await bot.tg.send_text(people.alice, "/search goblin", group=group)
    results = bot.tg.messages_to(-5005)[-1]
    assert "Goblin Actor" in results.text
    assert not any(b.text.startswith("👤") for b in results.flat_buttons)
