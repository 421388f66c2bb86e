"""Cards and answers go out as one raw request each (app/telegram/outgoing.py).

What a user would notice if that path were wrong: a card sent twice must be
the same message both times; a poster that is not a web address must never
make the bot upload a file from its own disk; buttons must work on the
message the id was read from.
"""

from __future__ import annotations

import json
from pathlib import Path

from pyrogram import raw

from app.telegram import outgoing
from tests.conftest import BotUnderTest
from tests.fakes.kuryana import FIXTURES
from tests.harness.telegram import People

GOBLIN_URL = "https://mydramalist.com/18452-goblin"


def goblin_with_poster(bot: BotUnderTest, poster: str) -> None:
    detail = json.loads((FIXTURES / "drama_goblin.json").read_text())["data"]
    detail["poster"] = poster
    bot.kuryana.add_drama("18452-goblin", detail)


async def test_a_poster_naming_a_file_on_the_bots_disk_is_never_uploaded(
    bot: BotUnderTest, people: People, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.jpg"
    secret.write_bytes(b"\xff\xd8\xff BOT_TOKEN=123:ABC")
    for poster in (str(secret), f"file://{secret}", "AgACAgIAAxkBAAIBcmVfile-id-like"):
        goblin_with_poster(bot, poster)
        bot.tg.calls.clear()
        await bot.tg.send_text(people.alice, f"/mdlurl {GOBLIN_URL}")
        card = bot.tg.last_to(people.alice.id)
        assert card.photo is None and not card.photo_uploaded, poster
        assert "🎬 <b>Goblin</b>" in card.html
        uploads = [
            c
            for c in bot.tg.calls
            if type(c).__module__.startswith("pyrogram.raw.functions.upload")
        ]
        assert uploads == [], poster


async def test_the_same_card_sent_twice_is_the_same_message(
    bot: BotUnderTest, people: People
) -> None:
    for person in (people.alice, people.bob):
        await bot.tg.send_text(person, f"/mdlurl {GOBLIN_URL}")
    first, second = (bot.tg.last_to(p.id) for p in (people.alice, people.bob))
    assert first.photo and first.photo == second.photo
    assert first.html == second.html and "🎬 <b>Goblin</b>" in first.html
    requests = [c for c in bot.tg.calls if isinstance(c, raw.functions.messages.SendMedia)]
    assert len(requests) == 2
    assert requests[0].message == requests[1].message
    assert requests[0].entities == requests[1].entities
    assert requests[0].random_id != requests[1].random_id


async def test_buttons_work_on_a_card_answered_in_a_group(
    bot: BotUnderTest, people: People
) -> None:
    group = raw.types.Chat(
        id=4_000_001,
        title="Watch party",
        photo=raw.types.ChatPhotoEmpty(),
        participants_count=3,
        date=0,
        version=1,
    )
    asked = await bot.tg.send_text(people.alice, "/mdl goblin", group=group)
    results = bot.tg.last_to(-group.id)
    assert results.reply_to == asked
    await bot.tg.press(people.alice, results, button="1.")
    card = bot.tg.last_to(-group.id)
    assert "🎬 <b>Goblin</b>" in card.html
    await bot.tg.press(people.alice, card, button="Cast")
    assert "Gong Yoo" in bot.tg.last_to(-group.id).text


def test_the_id_of_a_sent_message_is_read_from_each_shape_of_answer() -> None:
    short = raw.types.UpdateShortSentMessage(id=7, pts=1, pts_count=1, date=0)
    message = raw.types.Message(id=8, peer_id=raw.types.PeerChat(chat_id=5), date=0, message="x")
    with_id = raw.types.Updates(
        updates=[
            raw.types.UpdateMessageID(id=9, random_id=1),
            raw.types.UpdateNewMessage(message=message, pts=2, pts_count=1),
        ],
        users=[],
        chats=[],
        date=0,
        seq=0,
    )
    channel = raw.types.Updates(
        updates=[raw.types.UpdateNewChannelMessage(message=message, pts=3, pts_count=1)],
        users=[],
        chats=[],
        date=0,
        seq=0,
    )
    nothing = raw.types.Updates(updates=[], users=[], chats=[], date=0, seq=0)
    assert outgoing._sent(1, short) == outgoing.Sent(1, 7)
    assert outgoing._sent(1, with_id) == outgoing.Sent(1, 9)
    assert outgoing._sent(1, channel) == outgoing.Sent(1, 8)
    assert outgoing._sent(1, nothing) is None
