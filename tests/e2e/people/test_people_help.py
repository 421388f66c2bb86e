"""/help and the command menu name the people commands."""

from __future__ import annotations

from app.wiring.bot import publish_menus
from tests.conftest import BotUnderTest
from tests.harness.telegram import BOT_USERNAME, People, bot_commands_set

COMMANDS = ("person", "together", "setpersontemplate", "personplaceholders")


async def test_help_lists_the_people_commands(bot: BotUnderTest, people: People) -> None:
    await bot.tg.send_text(people.alice, "/help")
    text = bot.tg.last_to(people.alice.id).text
    assert "/person <name> — Find an actor, director or writer on MyDramaList and IMDb" in text
    assert "/together <name> + <name> — Titles two people have both worked on" in text
    assert "/setpersontemplate <template>" in text
    assert f"@{BOT_USERNAME} p gong yoo" in text


async def test_the_public_menu_has_them(bot: BotUnderTest) -> None:
    client = bot.tg.client
    await publish_menus(client, bot.services)
    menus = [names for _, names in bot_commands_set(bot.tg)]
    assert menus and all(all(c in names for c in COMMANDS) for names in menus)
