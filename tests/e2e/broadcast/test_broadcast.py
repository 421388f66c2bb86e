"""/broadcast end to end: preview, confirm, pacing, FloodWait, blocked users, stop, restart."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pyrogram import errors, raw

from app.wiring.lifecycle import on_startup
from domain.broadcast.job import BroadcastStatus
from tests.conftest import BotUnderTest
from tests.e2e.admin_support import Crash, FakeSleep, admin_bot, carry_over, forwards_to
from tests.fakes.clock import SettableClock
from tests.fakes.imdb import FakeImdb
from tests.fakes.kuryana import FakeKuryana
from tests.harness.telegram import People, make_user

FANS = [make_user(5001 + i, f"Fan{i:02d}") for i in range(20)]


@dataclass
class Scene:
    bot: BotUnderTest
    clock: SettableClock
    sleep: FakeSleep


@pytest.fixture
async def scene(
    tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb, people: People
) -> AsyncIterator[Scene]:
    clock = SettableClock()
    async with admin_bot(tmp_path, kuryana, imdb, clock=clock) as bot:
        for fan in FANS:
            await bot.tg.send_text(fan, "/start")
        sleep = FakeSleep(clock)
        bot.services.admin.broadcasts.sleep = sleep
        yield Scene(bot, clock, sleep)


def to_peer(user_id: int) -> Any:
    def match(query: Any) -> bool:
        peer = getattr(query, "to_peer", None)
        return isinstance(query, raw.functions.messages.ForwardMessages) and (
            getattr(peer, "user_id", None) == user_id
        )

    return match


async def preview(
    bot: BotUnderTest, owner: Any, command: str = "/broadcast <b>News</b> & more"
) -> Any:
    await bot.tg.send_text(owner, command)
    return bot.tg.last_to(owner.id)


async def test_the_preview_shows_the_message_and_count_and_sends_nothing(
    scene: Scene, people: People
) -> None:
    tg = scene.bot.tg
    prompt = await preview(scene.bot, people.owner)

    shown = tg.messages_to(people.owner.id)[-2]
    assert shown.html == "<b>News</b> &amp; more"  # exactly what will go out
    assert "Send the message above to 21 users?" in prompt.text  # the fans and the owner
    assert prompt.reply_to == shown.id
    assert [b.text for b in prompt.flat_buttons] == ["✅ Confirm", "✖️ Cancel"]
    assert tg.calls_of(raw.functions.messages.ForwardMessages) == []

    confirm = prompt.button("Confirm").data
    await tg.press(people.owner, prompt, button="Cancel")

    assert "cancelled" in prompt.text and prompt.buttons == []
    press = await tg.press(people.owner, prompt, data=confirm)
    assert "no longer valid" in tg.answer_for(press).text  # a cancelled preview stays dead
    assert await scene.bot.services.admin.broadcasts.wait() is None
    assert tg.calls_of(raw.functions.messages.ForwardMessages) == []


async def test_a_broadcast_with_flood_wait_and_blocked_users(scene: Scene, people: People) -> None:
    bot, tg = scene.bot, scene.bot.tg
    blocked = {FANS[3].id, FANS[14].id}  # 10 % of the fans
    for user_id in blocked:
        tg.fail_next(to_peer(user_id), errors.UserIsBlocked())
    tg.fail_next(to_peer(FANS[9].id), errors.FloodWait(value=4))
    prompt = await preview(bot, people.owner)

    await tg.press(people.owner, prompt, button="Confirm")
    job = await bot.services.admin.broadcasts.wait()

    assert job is not None and job.status is BroadcastStatus.DONE
    assert (job.sent, job.blocked, job.failed) == (19, 2, 0)
    for fan in FANS:
        copies = [m for m in tg.messages_to(fan.id) if "News" in m.text]
        expected = 0 if fan.id in blocked else 1
        assert len(copies) == expected, fan.id
        if copies:
            assert copies[0].html == "<b>News</b> &amp; more"
    assert len(forwards_to(tg, FANS[9].id)) == 2  # the same recipient, tried again
    assert 4.0 in scene.sleep.calls  # FloodWait.value honoured
    assert all(s <= 4.0 for s in scene.sleep.calls)
    assert max(s for s in scene.sleep.calls if s != 4.0) == pytest.approx(1 / 25)
    for user_id in blocked:
        stored = await bot.services.users.get(user_id)
        assert stored is not None and stored.blocked
    summary = tg.last_to(people.owner.id).text
    assert "Broadcast finished" in summary and "Sent: 19 · Failed: 0 · Blocked: 2" in summary
    assert "Broadcast finished" in prompt.text  # the progress message shows the end too
    assert bot.services.metrics.broadcast_messages.labels("blocked")._value.get() == 2

    # The next broadcast does not even try the users who blocked the bot.
    tg.clear()
    second = await preview(bot, people.owner, "/broadcast Second")
    assert "to 19 users" in second.text
    await tg.press(people.owner, second, button="Confirm")
    await bot.services.admin.broadcasts.wait()
    assert all(forwards_to(tg, user_id) == [] for user_id in blocked)
    assert len(tg.calls_of(raw.functions.messages.ForwardMessages)) == 19


async def test_broadcast_of_a_replied_message_copies_it(scene: Scene, people: People) -> None:
    tg = scene.bot.tg
    original = await tg.send_text(people.owner, "Poll tonight at 8 🎉")
    await tg.send_text(people.owner, "/broadcast", reply_to=original)
    prompt = tg.last_to(people.owner.id)
    assert prompt.reply_to == original

    await tg.press(people.owner, prompt, button="Confirm")
    await scene.bot.services.admin.broadcasts.wait()

    copied = forwards_to(tg, FANS[0].id)[0]
    assert copied.id == [original] and copied.drop_author is True
    assert tg.last_to(FANS[0].id).text == "Poll tonight at 8 🎉"


async def test_stop_broadcast_stops_after_the_message_in_flight(
    scene: Scene, people: People
) -> None:
    bot, tg = scene.bot, scene.bot.tg
    await tg.send_text(people.owner, "/stop_broadcast")
    assert "No broadcast is running" in tg.last_to(people.owner.id).text
    scene.sleep.gate_on = 5  # the pacing pause before the 5th recipient
    prompt = await preview(bot, people.owner)
    await tg.press(people.owner, prompt, button="Confirm")
    await scene.sleep.reached.wait()

    await tg.send_text(people.owner, "/stop_broadcast")
    assert "Stopping after the message in flight" in tg.last_to(people.owner.id).text
    await tg.send_text(people.owner, "/broadcast again")  # one at a time
    assert "already running" in tg.last_to(people.owner.id).text
    scene.sleep.released.set()
    job = await bot.services.admin.broadcasts.wait()

    assert job is not None and job.status is BroadcastStatus.STOPPED and job.sent == 5
    assert len(tg.calls_of(raw.functions.messages.ForwardMessages)) == 5
    assert "Broadcast stopped" in tg.last_to(people.owner.id).text
    assert await bot.services.admin.repos.broadcasts.running() is None  # not resumed later


async def test_progress_is_edited_every_few_seconds(scene: Scene, people: People) -> None:
    bot = scene.bot
    bot.tg.fail_next(to_peer(FANS[5].id), errors.FloodWait(value=6))  # time passes
    prompt = await preview(bot, people.owner)
    await bot.tg.press(people.owner, prompt, button="Confirm")
    await bot.services.admin.broadcasts.wait()
    # Confirm turned the prompt into progress; one edit after the 6 s wait; one at the end.
    assert prompt.edits == 3


async def test_confirm_twice_starts_one_broadcast(scene: Scene, people: People) -> None:
    tg = scene.bot.tg
    prompt = await preview(scene.bot, people.owner)
    data = prompt.button("Confirm").data
    first = await tg.press(people.owner, prompt, data=data, settle=False)
    second = await tg.press(people.owner, prompt, data=data)
    await scene.bot.services.admin.broadcasts.wait()
    answers = {tg.answer_for(first).text, tg.answer_for(second).text}
    assert "Broadcast started" in answers
    assert any("no longer valid" in a or "already running" in a for a in answers)
    assert len(forwards_to(tg, FANS[0].id)) == 1


async def test_a_crash_midway_then_a_restart_resumes_and_nobody_gets_it_twice(
    tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb, people: People
) -> None:
    clock = SettableClock()
    blocked = {FANS[2].id, FANS[17].id}
    async with admin_bot(tmp_path, kuryana, imdb, clock=clock) as first:
        for fan in FANS:
            await first.tg.send_text(fan, "/start")
        for user_id in blocked:
            first.tg.fail_next(to_peer(user_id), errors.UserIsBlocked())
        first.services.admin.broadcasts.sleep = FakeSleep(clock, crash_on=11)  # about half-way
        prompt = await preview(first, people.owner)
        await first.tg.press(people.owner, prompt, button="Confirm")
        with pytest.raises(Crash):
            await first.services.admin.broadcasts.wait()
        before = first.tg
        done_before = {fan.id for fan in FANS if forwards_to(before, fan.id)}
        assert 5 <= len(done_before) <= 15  # it really stopped in the middle
        # The owner is told rather than left looking at "Broadcasting…".
        assert "stopped on an unexpected error" in before.last_to(people.owner.id).text

    # A new process over the same database and the same Telegram account.
    async with admin_bot(tmp_path, kuryana, imdb, clock=clock) as second:
        await carry_over(before, second.tg)
        for user_id in blocked:
            second.tg.fail_next(to_peer(user_id), errors.UserIsBlocked())
        second.services.admin.broadcasts.sleep = FakeSleep(clock)

        await on_startup(second.tg.client, second.services)
        job = await second.services.admin.broadcasts.wait()

        assert job is not None and job.status is BroadcastStatus.DONE
        for fan in FANS:
            tries = len(forwards_to(before, fan.id)) + len(forwards_to(second.tg, fan.id))
            if fan.id in blocked:  # tried once, refused, marked, never tried again
                stored = await second.services.users.get(fan.id)
                assert tries == 1 and stored is not None and stored.blocked
            else:
                assert tries == 1, fan.id  # every other fan got it exactly once
        assert job.sent == len(FANS) + 1 - len(blocked)  # the fans and the owner
        assert job.uncertain == 0  # the crash came between two sends
        assert "Broadcast finished" in second.tg.last_to(people.owner.id).text


async def test_shutdown_mid_broadcast_leaves_it_resumable(scene: Scene, people: People) -> None:
    bot = scene.bot
    scene.sleep.gate_on = 8
    prompt = await preview(bot, people.owner)
    await bot.tg.press(people.owner, prompt, button="Confirm")
    await scene.sleep.reached.wait()

    stopping = asyncio.create_task(bot.services.admin.broadcasts.shutdown())
    await asyncio.sleep(0)
    scene.sleep.released.set()
    await stopping

    saved = await bot.services.admin.repos.broadcasts.running()
    assert saved is not None and saved.pending is None and saved.sent == 8
    assert saved.cursor == sorted([people.owner.id, *(f.id for f in FANS)])[7]


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("/broadcast", "What should I send?"),
        ("/broadcast <b> </b>", "What should I send?"),
        ("/broadcast " + "x" * 4100, "a message holds 4096"),
    ],
)
async def test_broadcast_refuses_an_empty_or_oversized_message(
    scene: Scene, people: People, command: str, expected: str
) -> None:
    await scene.bot.tg.send_text(people.owner, command)
    assert expected in scene.bot.tg.last_to(people.owner.id).text
    assert await scene.bot.services.admin.repos.broadcasts.running() is None


class HoldsLongWaits(FakeSleep):
    """A ``FakeSleep`` that really waits out a long pause (a FloodWait), until released."""

    async def __call__(self, seconds: float) -> None:
        if seconds >= 60:
            self.reached.set()
            await self.released.wait()
        await super().__call__(seconds)


async def test_stop_broadcast_interrupts_a_long_flood_wait(scene: Scene, people: People) -> None:
    bot, tg = scene.bot, scene.bot.tg
    waiting = HoldsLongWaits(scene.clock)
    bot.services.admin.broadcasts.sleep = waiting
    tg.fail_next(to_peer(FANS[4].id), errors.FloodWait(value=600))
    prompt = await preview(bot, people.owner)
    await tg.press(people.owner, prompt, button="Confirm")
    await waiting.reached.wait()  # Telegram said: wait ten minutes

    await tg.send_text(people.owner, "/stop_broadcast")
    job = await asyncio.wait_for(bot.services.admin.broadcasts.wait(), timeout=10)

    assert job is not None and job.status is BroadcastStatus.STOPPED
    assert job.sent == 5 and job.uncertain == 0  # the owner and four fans; nobody in doubt
    assert len(forwards_to(tg, FANS[4].id)) == 1  # the refused try, not tried again
    assert all(forwards_to(tg, fan.id) == [] for fan in FANS[5:])
    assert "Broadcast stopped" in tg.last_to(people.owner.id).text


async def test_a_shutdown_during_a_long_flood_wait_retries_that_user_after_restart(
    tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb, people: People
) -> None:
    clock = SettableClock()
    async with admin_bot(tmp_path, kuryana, imdb, clock=clock) as first:
        for fan in FANS:
            await first.tg.send_text(fan, "/start")
        waiting = HoldsLongWaits(clock)
        first.services.admin.broadcasts.sleep = waiting
        first.tg.fail_next(to_peer(FANS[6].id), errors.FloodWait(value=600))
        prompt = await preview(first, people.owner)
        await first.tg.press(people.owner, prompt, button="Confirm")
        await waiting.reached.wait()

        await asyncio.wait_for(first.services.admin.broadcasts.shutdown(), timeout=5)

        saved = await first.services.admin.repos.broadcasts.running()
        # Telegram refused the send: the waiting recipient is still to do, not "maybe delivered".
        assert saved is not None and saved.pending is None and saved.uncertain == 0
        assert saved.cursor == FANS[5].id
        before = first.tg

    async with admin_bot(tmp_path, kuryana, imdb, clock=clock) as second:
        await carry_over(before, second.tg)
        second.services.admin.broadcasts.sleep = FakeSleep(clock)
        await on_startup(second.tg.client, second.services)
        job = await second.services.admin.broadcasts.wait()

        assert job is not None and job.status is BroadcastStatus.DONE
        assert job.uncertain == 0 and job.sent == len(FANS) + 1
        for fan in FANS:
            got = [*before.messages_to(fan.id), *second.tg.messages_to(fan.id)]
            assert len([m for m in got if "News" in m.text]) == 1, fan.id
        assert "maybe delivered" not in second.tg.last_to(people.owner.id).text
