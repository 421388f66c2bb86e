"""/start, /help, unknown commands and the error boundary, through the test client."""

from __future__ import annotations

import pytest
from pyrogram import errors, raw

from tests.conftest import BotUnderTest
from tests.harness.telegram import BOT_USERNAME, People, make_group


async def test_start_greets_by_name_and_gives_an_example(bot: BotUnderTest, people: People) -> None:
    await bot.tg.send_text(people.alice, "/start")
    reply = bot.tg.last_to(people.alice.id)
    assert "Hello, <b>Alice</b>" in reply.html
    assert "MyDramaList" in reply.text and "IMDb" in reply.text
    assert "/mdl goblin" in reply.text


async def test_start_escapes_a_hostile_first_name(bot: BotUnderTest, people: People) -> None:
    people.bob.first_name = "<b>Bob</b>&"
    await bot.tg.send_text(people.bob, "/start")
    reply = bot.tg.last_to(people.bob.id)
    assert "Hello, <b>Bob</b>&" in reply.text  # shown literally
    assert "<b>&lt;b&gt;Bob&lt;/b&gt;&amp;</b>" in reply.html


async def test_help_for_a_user_lists_public_commands_only(
    bot: BotUnderTest, people: People
) -> None:
    await bot.tg.send_text(people.alice, "/help")
    reply = bot.tg.last_to(people.alice.id)
    assert "/start" in reply.text and "/help" in reply.text
    assert "Owner commands" not in reply.text


async def test_help_for_the_owner_includes_the_owner_section(
    bot: BotUnderTest, people: People
) -> None:
    await bot.tg.send_text(people.owner, "/help")
    reply = bot.tg.last_to(people.owner.id)
    expected = [s.name for s in bot.services.registry.public() + bot.services.registry.admin()]
    assert all(f"/{name}" in reply.text for name in expected)
    assert ("Owner commands" in reply.text) == bool(bot.services.registry.admin())


async def test_command_addressed_to_the_bot_in_a_group(bot: BotUnderTest, people: People) -> None:
    group = make_group(555)
    await bot.tg.send_text(people.alice, f"/help@{BOT_USERNAME}", group=group)
    assert "/start" in bot.tg.last_to(-555).text


async def test_unknown_command_in_private_points_to_help(bot: BotUnderTest, people: People) -> None:
    await bot.tg.send_text(people.alice, "/frobnicate now")
    reply = bot.tg.last_to(people.alice.id)
    assert "I don't know /frobnicate" in reply.text
    assert "/help" in reply.text


async def test_unknown_command_in_a_group_is_ignored(bot: BotUnderTest, people: People) -> None:
    await bot.tg.send_text(people.alice, "/frobnicate", group=make_group(556))
    assert bot.tg.messages_to(-556) == []


async def test_every_interaction_records_the_user(bot: BotUnderTest, people: People) -> None:
    await bot.tg.send_text(people.alice, "/start")
    stored = await bot.services.users.get(people.alice.id)
    assert stored is not None
    assert stored.profile.username == "alice"
    assert stored.profile.first_name == "Alice"
    assert stored.blocked is False


async def test_an_unexpected_crash_gets_a_polite_answer_with_a_reference(
    bot: BotUnderTest, people: People, caplog: pytest.LogCaptureFixture
) -> None:
    # The first reply attempt fails with an error Telegram never documents;
    # the boundary logs it once and still answers the user.
    bot.tg.fail_next(raw.functions.messages.SendMessage, RuntimeError("boom"))
    await bot.tg.send_text(people.alice, "/start")
    reply = bot.tg.last_to(people.alice.id)
    assert "something went wrong on my side" in reply.text
    assert "(ref " in reply.text
    assert "Traceback" not in reply.text and "boom" not in reply.text


async def test_a_telegram_error_while_replying_is_not_repeated_to_the_user(
    bot: BotUnderTest, people: People
) -> None:
    bot.tg.fail_next(raw.functions.messages.SendMessage, errors.UserIsBlocked())
    await bot.tg.send_text(people.alice, "/start")
    assert bot.tg.messages_to(people.alice.id) == []
