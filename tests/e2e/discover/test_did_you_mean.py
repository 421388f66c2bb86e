"""Did you mean: a search that finds nothing suggests close titles the bot has seen."""

from __future__ import annotations

from tests.conftest import BotUnderTest
from tests.fakes.kuryana import FakeKuryana
from tests.harness.telegram import People


async def test_a_misspelt_drama_suggests_the_title_seen_before(
    bot: BotUnderTest, kuryana: FakeKuryana, people: People
) -> None:
    await bot.tg.send_text(people.bob, "/mdl goblin")  # anyone's search teaches the bot
    await bot.tg.send_text(people.alice, "/mdl gobline")

    reply = bot.tg.last_to(people.alice.id)
    assert reply.text.startswith("🔍 No dramas found for “gobline”.")
    assert reply.text.endswith("Did you mean…?")
    assert [b.text for b in reply.flat_buttons] == ["Goblin (2016)"]

    await bot.tg.press(people.alice, reply, button="Goblin (2016)")
    card = bot.tg.last_to(people.alice.id)
    assert card.id != reply.id and "Goblin" in card.text
    assert kuryana.hits["/id/18452-goblin"] == 1
    await bot.tg.press(people.alice, card, button="Cast")  # the card's own buttons work
    assert "Gong Yoo" in bot.tg.last_to(people.alice.id).text


async def test_with_nothing_close_the_answer_is_the_plain_not_found(
    bot: BotUnderTest, people: People
) -> None:
    await bot.tg.send_text(people.alice, "/mdl goblin")
    await bot.tg.send_text(people.alice, "/mdl xqzzyv")
    reply = bot.tg.last_to(people.alice.id)
    assert reply.text.startswith("🔍 No dramas found for “xqzzyv”.")
    assert "Did you mean" not in reply.text and reply.flat_buttons == []


async def test_queries_that_found_nothing_are_never_suggested(
    bot: BotUnderTest, people: People
) -> None:
    await bot.tg.send_text(people.alice, "/mdl moonlight drifters")  # nothing on MDL
    await bot.tg.send_text(people.alice, "/mdl moonlight drifter")
    assert bot.tg.last_to(people.alice.id).flat_buttons == []


async def test_search_suggests_from_both_sources_and_opens_imdb_cards(
    bot: BotUnderTest, people: People
) -> None:
    await bot.tg.send_text(people.alice, "/imdb the matrix")
    await bot.tg.send_text(people.alice, "/mdl goblin")

    await bot.tg.send_text(people.alice, "/search the matrx")
    reply = bot.tg.last_to(people.alice.id)
    assert "Did you mean…?" in reply.text
    labels = [b.text for b in reply.flat_buttons]
    assert labels[0] == "🎬 The Matrix (1999)"
    assert all(label.startswith(("🎬 ", "📺 ")) for label in labels)

    await bot.tg.press(people.alice, reply, button="The Matrix (1999)")
    card = bot.tg.last_to(people.alice.id)
    assert "The Matrix" in card.text and "1999" in card.text

    await bot.tg.send_text(people.alice, "/search gobblin")
    assert bot.tg.last_to(people.alice.id).flat_buttons[0].text == "📺 Goblin (2016)"
    await bot.tg.send_text(people.alice, "/imdb gobblin")  # IMDb alone: no MDL titles
    assert bot.tg.last_to(people.alice.id).flat_buttons == []
    await bot.tg.send_text(people.alice, "/imdb the matrx 1999")
    assert bot.tg.last_to(people.alice.id).flat_buttons[0].text == "The Matrix (1999)"


async def test_the_askers_last_card_is_a_suggestion(bot: BotUnderTest, people: People) -> None:
    await bot.tg.send_text(people.alice, "/mdl https://mydramalist.com/18452-goblin")
    await bot.tg.send_text(people.alice, "/mdl goblln")
    assert [b.text for b in bot.tg.last_to(people.alice.id).flat_buttons] == ["Goblin (2016)"]


async def test_hostile_queries_and_pressed_data_stay_harmless(
    bot: BotUnderTest, people: People
) -> None:
    await bot.tg.send_text(people.alice, "/mdl goblin")
    await bot.tg.send_text(people.alice, "/mdl <b>gobline</b>")
    reply = bot.tg.last_to(people.alice.id)
    assert "“&lt;b&gt;gobline&lt;/b&gt;”" in reply.html

    await bot.tg.send_text(people.alice, "/mdl gobline")
    reply = bot.tg.last_to(people.alice.id)
    data = reply.flat_buttons[0].data
    assert data is not None and data.startswith("dm:")
    press = await bot.tg.press(people.alice, reply, data=data.replace(":0:", ":7:"))
    assert "no longer valid" in bot.tg.answer_for(press).text
    press = await bot.tg.press(people.bob, reply, data=data)
    assert "Only the person who searched" in bot.tg.answer_for(press).text

    await bot.tg.send_text(people.alice, "/mdl " + "gobline " * 400)  # long: no matching
    assert bot.tg.last_to(people.alice.id).flat_buttons == []
