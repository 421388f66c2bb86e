"""A FloodWait on a notice: not in flight while waiting, retried once it ends, never sent twice."""

from __future__ import annotations

from dataclasses import replace

from domain.airing.watches import NoticeStatus
from domain.pacing import Delivery, DeliveryKind
from tests.unit.airing.test_notifier import World

KEY = (2, "1-show", 5)


async def test_the_notice_is_due_during_the_wait_and_sent_once_after_it() -> None:
    world = World()
    world.clock.advance(3600)
    world.tg.script[2] = Delivery(DeliveryKind.RETRY, "FloodWait", 600.0)
    scheduler = world.scheduler()
    seen: list[NoticeStatus] = []

    async def sleep(seconds: float) -> None:
        if seconds >= 600:
            seen.append(world.status(2))  # what a shutdown right now would leave behind
        world.clock.advance(seconds)

    scheduler.sleep = sleep
    await scheduler.tick()

    assert seen == [NoticeStatus.DUE]
    assert world.tg.inbox == {1: 1, 2: 1, 3: 1}
    assert world.status(2) is NoticeStatus.SENT


async def test_a_notice_another_scheduler_took_during_the_wait_is_not_sent_again() -> None:
    world = World()
    world.clock.advance(3600)
    world.tg.script[2] = Delivery(DeliveryKind.RETRY, "FloodWait", 600.0)
    scheduler = world.scheduler()

    async def sleep(seconds: float) -> None:
        if seconds >= 600:  # the lock moved on; the new leader claimed and sent it
            row = world.store.rows[KEY]
            world.store.rows[KEY] = replace(row, status=NoticeStatus.SENT)
        world.clock.advance(seconds)

    scheduler.sleep = sleep
    await scheduler.tick()

    assert world.tg.inbox[2] == 0  # this scheduler did not send it a second time
    assert world.status(2) is NoticeStatus.SENT
    assert world.tg.inbox[1] == 1 and world.tg.inbox[3] == 1
