"""Attacks through buttons and owner commands, through the Telegram test client:
callback data that is not UTF-8, a session's button pressed on someone else's
message, ids that are not 64-bit integers, and an over-long unknown command."""

from __future__ import annotations

from pyrogram import raw

from tests.conftest import BotUnderTest
from tests.harness.telegram import People, make_group

# --------------------------------------------------------------------------- undecodable data


async def test_callback_data_that_is_not_utf8_is_refused_without_a_traceback(
    bot: BotUnderTest, people: People
) -> None:
    tg = bot.tg
    await tg.send_text(people.alice, "/mdl goblin")
    results = tg.last_to(people.alice.id)
    before = bot.services.metrics.updates.labels("callback", "undecodable")._value.get()

    query_id = await tg.press(people.alice, results, data=b"\xff\xfe\x80mp:12345678")

    answer = tg.answer_for(query_id)
    assert answer.alert and "no longer valid" in answer.text
    assert results.edits == 0 and not tg.calls_of(raw.functions.messages.DeleteMessages)
    after = bot.services.metrics.updates.labels("callback", "undecodable")._value.get()
    assert after == before + 1
    # The harness fails the test at stop() if the dispatcher logged an exception.
    tg.dispatcher_errors.check()


# --------------------------------------------------------------------------- foreign messages


async def test_own_session_button_pressed_on_another_users_message_is_refused(
    bot: BotUnderTest, people: People
) -> None:
    """In a group, Bob forges a press on Alice's results naming Bob's own session."""
    tg = bot.tg
    group = make_group(4242)
    await tg.send_text(people.alice, "/mdl goblin", group=group)
    alices = tg.last_to(-group.id)
    await tg.send_text(people.bob, "/mdl goblin", group=group)
    bobs = tg.last_to(-group.id)
    assert alices.id != bobs.id
    own_back = bobs.button("1.").data  # "mo:<bob's session>:0:0"
    assert own_back is not None
    tg.clear()

    query_id = await tg.press(people.bob, alices, data=own_back)
    back_to_results = own_back.replace("mo:", "mb:", 1)
    second = await tg.press(people.bob, alices, data=back_to_results)

    for qid in (query_id, second):
        answer = tg.answer_for(qid)
        assert answer.alert and "no longer valid" in answer.text
    assert alices.edits == 0
    assert not tg.calls_of(raw.functions.messages.DeleteMessages)
    assert not tg.calls_of(raw.functions.messages.SendMessage)
    assert not tg.calls_of(raw.functions.messages.SendMedia)


async def test_own_session_button_pressed_in_another_chat_is_refused(
    bot: BotUnderTest, people: People
) -> None:
    """Alice's own results in her private chat; the data pressed on a message in a group."""
    tg = bot.tg
    group = make_group(4343)
    await tg.send_text(people.alice, "/mdl goblin")
    private = tg.last_to(people.alice.id)
    await tg.send_text(people.alice, "/help", group=group)
    in_group = tg.last_to(-group.id)
    data = private.button("1.").data
    tg.clear()

    query_id = await tg.press(people.alice, in_group, data=data)

    assert "no longer valid" in tg.answer_for(query_id).text
    assert in_group.edits == 0 and not tg.calls_of(raw.functions.messages.SendMessage)


async def test_session_buttons_keep_working_on_their_own_messages(
    bot: BotUnderTest, people: People
) -> None:
    """Binding must not break the ordinary path: results → card → back → results page."""
    tg = bot.tg
    group = make_group(4444)
    await tg.send_text(people.alice, "/mdl goblin", group=group)
    results = tg.last_to(-group.id)
    await tg.press(people.alice, results, button="1.")
    card = tg.last_to(-group.id)
    assert card.id != results.id and "Goblin" in card.html
    query_id = await tg.press(people.alice, card, button="Cast")
    assert card.edits == 1 and tg.answer_for(query_id).text == ""
    await tg.press(people.alice, card, button="Back to card")
    assert card.edits == 2 and "Goblin" in card.html
    await tg.press(people.alice, card, button="Back to results")
    assert tg.calls_of(raw.functions.messages.DeleteMessages)


async def test_two_cards_opened_at_once_from_one_list_both_keep_working_buttons(
    bot: BotUnderTest, people: People
) -> None:
    """Both cards bind the same session at the same moment; neither binding may be lost."""
    tg = bot.tg
    await tg.send_text(people.alice, "/mdl goblin")
    results = tg.last_to(people.alice.id)
    for _ in range(2):  # a double tap: two cards of the same title, sent at once
        await tg.press(people.alice, results, button="1.", settle=False)
    await tg.settle()
    cards = [s for s in tg.messages_to(people.alice.id) if s.id != results.id]
    assert len(cards) == 2
    for card in cards:
        query_id = await tg.press(people.alice, card, button="Cast")
        assert tg.answer_for(query_id).text == "" and card.edits == 1


# --------------------------------------------------------------------------- owner ids


async def test_owner_commands_refuse_ids_that_are_not_64_bit_ascii_integers(
    bot: BotUnderTest, people: People
) -> None:
    tg = bot.tg
    for command in (
        "/ban 9999999999999999999",
        "/authorize ١٢٣",
        "/unban ²",
        "/unauthorize 00000000000000000000123",
    ):
        await tg.send_text(people.owner, command)
        text = tg.last_to(people.owner.id).text
        assert "went wrong" not in text, command
        assert "⚠️" in text and "user id" in text, (command, text)

    await tg.send_text(people.owner, "/users ²")
    text = tg.last_to(people.owner.id).text
    assert "went wrong" not in text and "page number" in text
    await tg.send_text(people.owner, "/users 99999999999999999999999")
    assert "went wrong" not in tg.last_to(people.owner.id).text


async def test_log_with_a_number_that_is_not_ascii_gets_a_clear_message(
    bot: BotUnderTest, people: People
) -> None:
    for argument in ("²", "١٢", "9" * 30):
        await bot.tg.send_text(people.owner, f"/log {argument}")
        text = bot.tg.last_to(people.owner.id).text
        assert "went wrong" not in text and "number of lines" in text, text


async def test_owner_commands_still_take_a_plain_id(bot: BotUnderTest, people: People) -> None:
    await bot.tg.send_text(people.owner, f"/ban {people.bob.id}")
    assert "is banned" in bot.tg.last_to(people.owner.id).text
    await bot.tg.send_text(people.owner, "/users 1")
    assert "went wrong" not in bot.tg.last_to(people.owner.id).text


# --------------------------------------------------------------------------- long commands


async def test_unknown_command_of_4096_characters_is_echoed_within_the_limit(
    bot: BotUnderTest, people: People
) -> None:
    command = "/" + "x" * 4095
    await bot.tg.send_text(people.alice, command)
    text = bot.tg.last_to(people.alice.id).text
    assert text.startswith("I don't know /xxx") and "/help" in text
    assert len(text.encode("utf-16-le")) // 2 <= 4096
    assert "…" in text


async def test_unknown_command_with_markup_is_echoed_cut_and_escaped(
    bot: BotUnderTest, people: People
) -> None:
    command = "/x" + "&<b>😀" * 900
    await bot.tg.send_text(people.alice, command)
    sent = bot.tg.last_to(people.alice.id)
    assert sent.text.startswith("I don't know /x&<b>😀")
    assert "<b>" not in sent.html.replace("&lt;b&gt;", "")
    assert len(sent.text.encode("utf-16-le")) // 2 <= 4096
