"""Commands reach their handler through one router (app/wiring/command_router.py),
read as Telegram clients write them."""

from __future__ import annotations

import pytest

from app.wiring.bot import all_routes
from tests.conftest import BotUnderTest
from tests.harness.telegram import BOT_USERNAME, People, make_group


@pytest.mark.parametrize(
    "text",
    ["/MDL goblin", "/Mdl   goblin", "/mdl\ngoblin", f"/mdl@{BOT_USERNAME.upper()} goblin"],
)
async def test_a_command_is_read_whatever_its_case_and_spacing(
    bot: BotUnderTest, people: People, text: str
) -> None:
    await bot.tg.send_text(people.alice, text)
    answer = bot.tg.last_to(people.alice.id)
    assert "MyDramaList" in answer.text and answer.button("1.")


async def test_a_word_that_only_starts_like_a_command_is_not_that_command(
    bot: BotUnderTest, people: People
) -> None:
    await bot.tg.send_text(people.alice, "/mdlgoblin")
    assert bot.tg.last_to(people.alice.id).text.startswith("I don't know /mdlgoblin")
    assert bot.kuryana.total_hits == 0


async def test_commands_for_another_bot_in_a_group_are_left_alone(
    bot: BotUnderTest, people: People
) -> None:
    group = make_group(4_100_001)
    await bot.tg.send_text(people.alice, "/help@other_bot", group=group)
    await bot.tg.send_text(people.alice, "/help@", group=group)
    assert bot.tg.messages_to(-group.id) == []
    await bot.tg.send_text(people.alice, f"/help@{BOT_USERNAME}", group=group)
    assert "/mdl" in bot.tg.last_to(-group.id).text


async def test_every_registered_command_reaches_its_own_handler(
    bot: BotUnderTest, people: People
) -> None:
    """The owner sends each command bare; none is taken for another, or for unknown."""
    names = [name for route in all_routes() for name in route.spec.names]
    assert len(names) == len(set(names)), "two routes share a command name"
    # Without TMDB_API_KEY, /region answers as an unknown command on purpose.
    hidden = {"region"} if bot.services.tmdb is None else set()
    for name in names:
        if name in hidden:
            continue
        before = len(bot.tg.messages_to(people.owner.id))
        await bot.tg.send_text(people.owner, f"/{name}")
        after = bot.tg.messages_to(people.owner.id)[before:]
        assert all(not m.text.startswith("I don't know") for m in after), name
