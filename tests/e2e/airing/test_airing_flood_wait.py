"""A long FloodWait on an airing notice, then a shutdown: the notice goes out after the restart."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path
from typing import Any

from pyrogram import errors, raw

from domain.airing.watches import NoticeStatus
from tests.e2e.admin_support import FakeSleep, admin_bot, carry_over
from tests.e2e.airing.support import LINK, SLUG, notices_to, scheduler, serve_drama
from tests.fakes.clock import SettableClock
from tests.fakes.imdb import FakeImdb
from tests.fakes.kuryana import FakeKuryana
from tests.harness.telegram import People


class HoldsLongWaits(FakeSleep):
    """Moves the fake clock, but really waits out a long pause (a FloodWait) until released."""

    async def __call__(self, seconds: float) -> None:
        if seconds >= 60:
            self.reached.set()
            await self.released.wait()
        await super().__call__(seconds)


def text_to(user_id: int) -> Any:
    def match(query: Any) -> bool:
        peer = getattr(query, "peer", None)
        return isinstance(query, raw.functions.messages.SendMessage) and (
            getattr(peer, "user_id", None) == user_id
        )

    return match


async def test_a_shutdown_during_a_flood_wait_leaves_the_notice_due_not_uncertain(
    tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb, people: People
) -> None:
    clock = SettableClock()
    serve_drama(kuryana, airs_at=clock.now() + timedelta(days=1))
    async with admin_bot(tmp_path, kuryana, imdb, clock=clock) as first:
        for user in (people.alice, people.bob):
            await first.tg.send_text(user, f"/watch {LINK}")
        clock.advance(24 * 3600)
        first.tg.fail_next(text_to(people.alice.id), errors.FloodWait(value=600))
        waiting = HoldsLongWaits(clock)
        runner = first.services.watching.runner(first.tg.client, waiting)
        runner.start()
        await asyncio.wait_for(waiting.reached.wait(), 10)  # Telegram said: wait ten minutes

        await runner.stop(grace=0.1)

        row = await first.services.watching.repos.ledger.get((people.alice.id, SLUG, 5))
        assert row is not None and row.status is NoticeStatus.DUE  # refused, so still to send
        assert notices_to(first, people.alice.id) == []

    async with admin_bot(tmp_path, kuryana, imdb, clock=clock) as second:
        await carry_over(first.tg, second.tg)
        await scheduler(second, clock).tick()
        for user in (people.alice, people.bob):
            assert len(notices_to(second, user.id)) + len(notices_to(first, user.id)) == 1
        uncertain = second.services.metrics.notifications.labels("uncertain")._value.get()
        assert uncertain == 0
