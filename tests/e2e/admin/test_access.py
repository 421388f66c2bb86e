"""Who may use the bot, through the Telegram test client: public mode, bans,
force-subscribe and the per-user rate limit."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from pyrogram import raw

from app.__main__ import run
from app.wiring.lifecycle import on_startup
from tests.conftest import BotUnderTest, bot_settings
from tests.e2e.admin_support import admin_bot, limits_follow
from tests.e2e.test_lifecycle import Runner
from tests.fakes.clock import SettableClock
from tests.fakes.imdb import FakeImdb
from tests.fakes.kuryana import FakeKuryana
from tests.harness.telegram import People

# --------------------------------------------------------------------------- public mode


async def test_private_mode_tells_a_stranger_how_to_ask_and_lets_members_in(
    bot: BotUnderTest, people: People
) -> None:
    tg = bot.tg
    await tg.send_text(people.owner, "/setpublicmode off")
    assert "Public mode is off" in tg.last_to(people.owner.id).text

    await tg.send_text(people.alice, "/mdl goblin")
    refusal = tg.last_to(people.alice.id).text
    assert "This bot is private" in refusal
    assert f"user id {people.alice.id}" in refusal and f"/authorize {people.alice.id}" in refusal
    assert bot.kuryana.total_hits == 0

    await tg.send_text(people.alice, "/start")  # still there to learn how to ask
    assert "Hello" in tg.last_to(people.alice.id).text
    await tg.send_text(people.alice, "/help")  # issue 16: only what she may use, and how to ask
    shown = tg.last_to(people.alice.id).text
    assert "/mdl" not in shown and f"user id {people.alice.id}" in shown

    await tg.send_text(people.owner, f"/authorize {people.alice.id}")
    await tg.send_text(people.alice, "/mdl goblin")
    assert "Goblin" in tg.last_to(people.alice.id).text

    await tg.send_text(people.owner, "/mdl goblin")  # owners are always in
    assert "Goblin" in tg.last_to(people.owner.id).text
    await tg.send_text(people.bob, "/setmdltemplate {title}")  # members-only, not a lookup
    assert "This bot is private" in tg.last_to(people.bob.id).text


async def test_public_mode_on_lets_everyone_in(bot: BotUnderTest, people: People) -> None:
    await bot.tg.send_text(people.owner, "/setpublicmode off")
    await bot.tg.send_text(people.owner, "/setpublicmode on")
    assert "Public mode is on" in bot.tg.last_to(people.owner.id).text

    await bot.tg.send_text(people.bob, "/mdl goblin")

    assert "Goblin" in bot.tg.last_to(people.bob.id).text


async def test_private_mode_from_settings_and_inline_refusal(
    tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb, people: People
) -> None:
    async with admin_bot(tmp_path, kuryana, imdb, public_mode=False) as bot:
        query_id = await bot.tg.inline(people.alice, "goblin")
        answer = bot.tg.inline_answer_for(query_id)
        assert answer.results == []
        assert "private" in str(answer.switch_pm)

        await bot.tg.send_text(people.owner, "/setpublicmode")
        assert "Public mode is off" in bot.tg.last_to(people.owner.id).text


async def test_unauthorize_closes_the_door_again(bot: BotUnderTest, people: People) -> None:
    tg = bot.tg
    await tg.send_text(people.owner, "/setpublicmode off")
    await tg.send_text(people.owner, f"/authorize {people.alice.id}")
    await tg.send_text(people.owner, f"/unauthorize {people.alice.id}")
    assert "is no longer authorised" in tg.last_to(people.owner.id).text

    await tg.send_text(people.alice, "/imdb the matrix")

    assert "This bot is private" in tg.last_to(people.alice.id).text


# --------------------------------------------------------------------------- bans


async def test_a_banned_user_hears_it_once_then_nothing(bot: BotUnderTest, people: People) -> None:
    tg = bot.tg
    await tg.send_text(people.alice, "/start")
    await tg.send_text(people.owner, "/ban @alice")
    assert "is banned" in tg.last_to(people.owner.id).text
    before = len(tg.messages_to(people.alice.id))

    await tg.send_text(people.alice, "/mdl goblin")
    await tg.send_text(people.alice, "/start")
    await tg.send_text(people.alice, "/mdl goblin")

    told = tg.messages_to(people.alice.id)[before:]
    assert [m.text for m in told] == ["🔒 You are not allowed to use this bot."]
    assert bot.kuryana.total_hits == 0
    query_id = await tg.inline(people.alice, "goblin")  # answered, with nothing
    assert tg.inline_answer_for(query_id).results == []

    await tg.send_text(people.owner, f"/unban {people.alice.id}")
    await tg.send_text(people.alice, "/mdl goblin")
    assert "Goblin" in tg.last_to(people.alice.id).text


async def test_owners_cannot_be_banned(bot: BotUnderTest, people: People) -> None:
    await bot.tg.send_text(people.owner, f"/ban {people.owner.id}")
    assert "Owners cannot be banned" in bot.tg.last_to(people.owner.id).text


# --------------------------------------------------------------------------- force-subscribe


@pytest.fixture
async def subscribed_bot(
    tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb
) -> AsyncIterator[BotUnderTest]:
    async with admin_bot(tmp_path, kuryana, imdb, force_sub_channel="@dramanews") as bot:
        bot.tg.add_channel("dramanews")
        await on_startup(bot.tg.client, bot.services)
        yield bot


async def test_a_user_outside_the_channel_is_asked_to_join_and_rechecked(
    subscribed_bot: BotUnderTest, people: People
) -> None:
    bot, tg = subscribed_bot, subscribed_bot.tg
    assert tg.messages_to(people.owner.id) == []  # the bot is an admin: nothing to report

    await tg.send_text(people.alice, "/mdl goblin")
    prompt = tg.last_to(people.alice.id)
    assert "join @dramanews" in prompt.text
    assert prompt.button("Join").url == "https://t.me/dramanews"
    assert bot.kuryana.total_hits == 0

    press = await tg.press(people.alice, prompt, button="I joined")
    assert "can't see you in @dramanews" in tg.answer_for(press).text

    tg.channel_members.add(people.alice.id)
    press = await tg.press(people.alice, prompt, button="I joined")
    assert "Thanks for joining" in tg.last_to(people.alice.id).text
    assert tg.answer_for(press).alert is False

    await tg.send_text(people.alice, "/mdl goblin")
    assert "Goblin" in tg.last_to(people.alice.id).text


async def test_membership_is_cached_briefly_and_owners_skip_the_check(
    subscribed_bot: BotUnderTest, people: People
) -> None:
    tg = subscribed_bot.tg
    tg.channel_members.add(people.alice.id)
    await tg.send_text(people.alice, "/mdl goblin")
    await tg.send_text(people.alice, "/imdb the matrix")
    await tg.send_text(people.owner, "/mdl goblin")

    asked = tg.calls_of(raw.functions.channels.GetParticipant)
    users = [getattr(c.participant, "user_id", "me") for c in asked]
    assert users == ["me", people.alice.id]  # start-up check, then alice once


async def test_start_and_help_need_no_channel(subscribed_bot: BotUnderTest, people: People) -> None:
    await subscribed_bot.tg.send_text(people.bob, "/start")
    assert "Hello" in subscribed_bot.tg.last_to(people.bob.id).text


async def test_a_bot_that_is_not_a_channel_admin_tells_owners_and_skips_the_check(
    tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb, people: People
) -> None:
    async with admin_bot(tmp_path, kuryana, imdb, force_sub_channel="@dramanews") as bot:
        bot.tg.add_channel("dramanews")
        bot.tg.bot_is_channel_admin = False
        await bot.tg.client.fetch_peers([people.owner])

        await on_startup(bot.tg.client, bot.services)

        notice = bot.tg.last_to(people.owner.id).text
        assert "Force-subscribe is not enforced" in notice and "@dramanews" in notice
        await bot.tg.send_text(people.alice, "/mdl goblin")
        assert "Goblin" in bot.tg.last_to(people.alice.id).text
        assert len(bot.tg.calls_of(raw.functions.channels.GetParticipant)) == 1


# --------------------------------------------------------------------------- rate limit


async def test_past_the_limit_one_polite_message_then_recovery(
    tmp_path: Path,
    kuryana: FakeKuryana,
    imdb: FakeImdb,
    people: People,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = SettableClock()
    limits_follow(clock, monkeypatch)
    async with admin_bot(tmp_path, kuryana, imdb, clock=clock, rate_limit="3/minute") as bot:
        tg = bot.tg
        for _ in range(3):
            await tg.send_text(people.alice, "/mdl goblin")
            clock.advance(1)
        before = len(tg.messages_to(people.alice.id))

        for _ in range(4):
            await tg.send_text(people.alice, "/mdl goblin")
        told = tg.messages_to(people.alice.id)[before:]

        assert [m.text for m in told] == ["🐢 Slow down a little: try again in 57 seconds."]
        await tg.send_text(people.alice, "/help")  # not a lookup: not limited
        assert "/mdl" in tg.last_to(people.alice.id).text
        await tg.send_text(people.owner, "/mdl goblin")  # owners are never limited
        assert "Goblin" in tg.last_to(people.owner.id).text

        clock.advance(58)  # the first lookup leaves the window
        await tg.send_text(people.alice, "/mdl goblin")
        assert "Goblin" in tg.last_to(people.alice.id).text
        assert bot.services.metrics.rate_limited.labels("message")._value.get() == 4


async def test_rate_limited_buttons_and_inline_queries(
    tmp_path: Path,
    kuryana: FakeKuryana,
    imdb: FakeImdb,
    people: People,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = SettableClock()
    limits_follow(clock, monkeypatch)
    limited = {"rate_limit": "2/minute", "inline_rate_limit": "2/minute"}
    async with admin_bot(tmp_path, kuryana, imdb, clock=clock, **limited) as bot:
        tg = bot.tg
        await tg.send_text(people.alice, "/mdl goblin")
        results = tg.last_to(people.alice.id)
        await tg.press(people.alice, results, button="1.")  # the second lookup
        first = await tg.press(people.alice, results, button="1.")
        second = await tg.press(people.alice, results, button="1.")

        assert "Slow down" in tg.answer_for(first).text and tg.answer_for(first).alert
        assert tg.answer_for(second).text == ""  # told once; the spinner still stops

        clock.advance(61)
        query_id = await tg.inline(people.bob, "goblin")
        await tg.inline(people.bob, "goblin", offset="10")  # next page: not a new lookup
        await tg.inline(people.bob, "goblin")
        refused = await tg.inline(people.bob, "goblin")
        assert tg.inline_answer_for(query_id).results
        assert "Slow down" in str(tg.inline_answer_for(refused).switch_pm)


async def test_lookups_are_counted_for_statistics(bot: BotUnderTest, people: People) -> None:
    await bot.tg.send_text(people.alice, "/mdl Goblin ")
    await bot.tg.send_text(people.alice, "/mdl goblin")
    await bot.tg.send_text(people.bob, "/imdb the matrix")
    await bot.tg.send_text(people.bob, "/mdlurl https://mydramalist.com/18452-goblin")

    await bot.tg.send_text(people.owner, "/userstats")
    shown = bot.tg.last_to(people.owner.id).text
    assert "🔎 Lookups\nmdl: 2\nimdb: 1\nmdlurl: 1" in shown
    assert "1. goblin — 2\n2. the matrix — 1" in shown


async def test_run_checks_the_channel_at_start_up_and_tells_the_owner(
    tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb, people: People
) -> None:
    settings = bot_settings(tmp_path, kuryana, force_sub_channel="@dramanews")
    runner = Runner(settings, people)
    runner.tg.add_channel("dramanews")
    runner.tg.bot_is_channel_admin = False
    stop = asyncio.Event()
    task = asyncio.create_task(run(settings, runner.factory, stop))
    await runner.started.wait()
    stop.set()  # start-up still completes (menus, hooks) before the bot stops
    await asyncio.wait_for(task, timeout=30)

    assert "Force-subscribe is not enforced" in runner.tg.last_to(people.owner.id).text
