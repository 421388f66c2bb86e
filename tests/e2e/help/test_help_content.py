"""What /help tells each kind of user: lookups without commands, and only what they may use."""

from __future__ import annotations

from tests.conftest import BotUnderTest
from tests.harness.telegram import BOT_USERNAME, People

LOOKUPS = ("/search", "/mdl", "/imdb", "/watch", "/setmdltemplate")


async def test_help_explains_plain_text_and_inline_mode(bot: BotUnderTest, people: People) -> None:
    await bot.tg.send_text(people.alice, "/help")
    text = bot.tg.last_to(people.alice.id).text

    assert "In a private chat with me, just send a title" in text
    assert f"@{BOT_USERNAME} goblin" in text and f"@{BOT_USERNAME} imdb the matrix" in text
    assert all(command in text for command in LOOKUPS)


async def test_with_public_mode_off_help_lists_no_lookups_to_an_outsider(
    bot: BotUnderTest, people: People
) -> None:
    tg = bot.tg
    await tg.send_text(people.owner, "/setpublicmode off")
    await tg.send_text(people.owner, f"/authorize {people.bob.id}")

    await tg.send_text(people.alice, "/help")
    outsider = tg.last_to(people.alice.id).text
    assert not any(command in outsider for command in LOOKUPS)
    assert "@" + BOT_USERNAME not in outsider and "just send a title" not in outsider
    assert "/start" in outsider and "/help" in outsider
    assert f"your user id {people.alice.id}" in outsider  # how to ask for access

    for member in (people.bob, people.owner):  # authorised, and owner
        await tg.send_text(member, "/help")
        text = tg.last_to(member.id).text
        assert all(command in text for command in LOOKUPS), member.id
        assert "just send a title" in text
    assert "Owner commands" in tg.last_to(people.owner.id).text
    assert "Owner commands" not in tg.last_to(people.bob.id).text
