"""Updates without a user, through the Telegram test client: anonymous group
admins, channel posts and messages sent as a channel are senders with the
chat's identity, under the access policy and rate limits, and never get a
person's features."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import BotUnderTest
from tests.e2e.admin_support import admin_bot, limits_follow
from tests.fakes.clock import SettableClock
from tests.fakes.imdb import FakeImdb
from tests.fakes.kuryana import FakeKuryana
from tests.harness.telegram import (
    Origin,
    People,
    anonymous_admin,
    as_channel,
    channel_post,
    make_broadcast_channel,
    make_supergroup,
    member_of,
)

LOUNGE = make_supergroup(1_500_000_001, "Drama lounge")
NEWS = make_broadcast_channel(1_500_000_002, "Drama news")
PERSONAL = "comes from a chat, not a person"


def chatty_senders() -> list[Origin]:
    return [anonymous_admin(LOUNGE), channel_post(NEWS), as_channel(LOUNGE, NEWS)]


async def test_anonymous_admin_setting_a_template_changes_nobodys_template(
    bot: BotUnderTest, people: People
) -> None:
    tg = bot.tg
    await tg.send_as(anonymous_admin(LOUNGE), "/setmdltemplate <b>{title}</b> HIJACKED")
    refusal = tg.last_to(anonymous_admin(LOUNGE).chat_id).text
    assert PERSONAL in refusal and "Remain anonymous" in refusal

    for person in (people.alice, people.bob, people.owner):
        await tg.send_text(person, "/getmdltemplate")
        text = tg.last_to(person.id).text
        assert "HIJACKED" not in text and "default" in text
    await tg.send_text(people.alice, "/mdl goblin")
    await tg.press(people.alice, tg.last_to(people.alice.id), button="1.")
    assert "HIJACKED" not in tg.last_to(people.alice.id).text


@pytest.mark.parametrize("origin", chatty_senders(), ids=lambda o: o.kind)
async def test_chat_senders_are_refused_per_user_features(
    bot: BotUnderTest, origin: Origin
) -> None:
    tg = bot.tg
    for command in (
        "/setimdbtemplate {title}",
        "/getmdltemplate",
        "/removemdltemplate",
        "/previewmdltemplate",
        "/watchlist",
        "/timezone Europe/Paris",
        "/unwatch goblin",
        "/watch https://mydramalist.com/18452-goblin",
    ):
        await tg.send_as(origin, command)
        assert PERSONAL in tg.last_to(origin.chat_id).text, command
    assert bot.kuryana.total_hits == 0


async def test_chat_senders_are_not_let_in_when_public_mode_is_off(
    bot: BotUnderTest, people: People
) -> None:
    tg = bot.tg
    await tg.send_text(people.owner, "/setpublicmode off")
    for origin in chatty_senders():
        await tg.send_as(origin, "/mdl goblin")
        refusal = tg.last_to(origin.chat_id).text
        assert "This bot is private" in refusal and "Send it as yourself" in refusal
        await tg.send_as(origin, "/help")  # what strangers get, chats get
        shown = tg.last_to(origin.chat_id).text
        # With public mode off strangers are not shown lookups they may not use.
        assert "/help" in shown and "/mdl" not in shown
    assert bot.kuryana.total_hits == 0

    # An authorised member in the same supergroup is in; the anonymous admin still is not.
    await tg.send_text(people.owner, f"/authorize {people.alice.id}")
    await tg.send_as(member_of(LOUNGE, people.alice), "/mdl goblin")
    assert "Goblin" in tg.last_to(member_of(LOUNGE, people.alice).chat_id).text
    await tg.send_as(anonymous_admin(LOUNGE), "/mdl goblin")
    assert "This bot is private" in tg.last_to(anonymous_admin(LOUNGE).chat_id).text


async def test_chat_senders_get_lookups_in_public_mode(bot: BotUnderTest) -> None:
    tg = bot.tg
    for origin in chatty_senders():
        await tg.send_as(origin, "/mdl goblin")
        results = tg.last_to(origin.chat_id)
        assert "Goblin" in results.text and results.flat_buttons


async def test_anonymous_admins_results_are_not_anyones_buttons(
    bot: BotUnderTest, people: People
) -> None:
    """The search belongs to the group's identity: no user can take it over."""
    tg = bot.tg
    await tg.send_as(anonymous_admin(LOUNGE), "/mdl goblin")
    results = tg.last_to(anonymous_admin(LOUNGE).chat_id)
    query_id = await tg.press(people.alice, results, button="1.")
    answer = tg.answer_for(query_id)
    assert answer.alert and "asked for by a chat" in answer.text and len(answer.text) <= 200
    assert results.edits == 0


async def test_chat_senders_are_rate_limited_under_their_own_identity(
    tmp_path: Path,
    kuryana: FakeKuryana,
    imdb: FakeImdb,
    people: People,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = SettableClock()
    limits_follow(clock, monkeypatch)
    async with admin_bot(tmp_path, kuryana, imdb, clock=clock, rate_limit="2/minute") as bot:
        tg = bot.tg
        admin = anonymous_admin(LOUNGE)
        for _ in range(2):
            await tg.send_as(admin, "/mdl goblin")
        await tg.send_as(admin, "/mdl goblin")
        assert "Slow down" in tg.last_to(admin.chat_id).text
        # Another chat, and a user in the same supergroup, have limits of their own.
        await tg.send_as(channel_post(NEWS), "/mdl goblin")
        assert "Goblin" in tg.last_to(channel_post(NEWS).chat_id).text
        await tg.send_as(member_of(LOUNGE, people.alice), "/mdl goblin")
        assert "Goblin" in tg.last_to(admin.chat_id).text
        assert bot.services.metrics.rate_limited.labels("message")._value.get() == 1


async def test_chat_senders_are_asked_to_write_as_themselves_when_joining_is_required(
    tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb
) -> None:
    async with admin_bot(tmp_path, kuryana, imdb, force_sub_channel="@dramanews") as bot:
        bot.tg.add_channel("dramanews")
        await bot.tg.send_as(anonymous_admin(LOUNGE), "/mdl goblin")
        text = bot.tg.last_to(anonymous_admin(LOUNGE).chat_id).text
        assert "only a person can" in text
        assert bot.kuryana.total_hits == 0


async def test_owner_commands_from_an_anonymous_admin_are_refused(
    bot: BotUnderTest, people: People
) -> None:
    tg = bot.tg
    await tg.send_as(anonymous_admin(LOUNGE), f"/ban {people.alice.id}")
    assert "for the bot's owner" in tg.last_to(anonymous_admin(LOUNGE).chat_id).text
    await tg.send_text(people.alice, "/mdl goblin")
    assert "Goblin" in tg.last_to(people.alice.id).text


async def test_owner_replying_ban_to_an_anonymous_admin_is_told_it_is_no_user(
    bot: BotUnderTest, people: People
) -> None:
    tg = bot.tg
    admin = anonymous_admin(LOUNGE)
    asked = await tg.send_as(admin, "/help")
    await tg.send_as(member_of(LOUNGE, people.owner), "/ban", reply_to=asked)
    text = tg.last_to(admin.chat_id).text
    assert "comes from a chat" in text and "went wrong" not in text
