"""The airing scheduler as a background task: leadership, pacing of ticks, clean stop.

``tick`` is one round (tests call it directly, step by step); ``start`` runs
rounds in a task that sleeps until the next refresh is due. Only the holder
of the ``LeaderLock`` works: the others tick idly, trying the lock, and take
over once the holder's lock expires. The holder renews it between refreshes
and sends, so a long round keeps it; a holder that cannot renew stops at
once (another process may already be the scheduler).
"""

from __future__ import annotations

import asyncio
import contextlib

import structlog

from domain.airing.notifier import AiringScheduler
from domain.airing.ports import AiringRepository
from domain.pacing import Sleep
from domain.ports import Clock, LeaderLock
from infra.metrics import Metrics

log = structlog.get_logger("app.scheduler")
MAX_NAP = 300.0  # seconds between rounds at most (new watches are seen by then)
MIN_NAP = 1.0
SHUTDOWN_GRACE = 10.0  # seconds shutdown waits for the send in flight


class SchedulerRunner:
    def __init__(
        self,
        scheduler: AiringScheduler,
        airing: AiringRepository,
        lock: LeaderLock,
        clock: Clock,
        metrics: Metrics,
        lock_ttl: float,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.scheduler = scheduler
        self._airing = airing
        self._lock = lock
        self._clock = clock
        self._metrics = metrics
        self._renew_every = lock_ttl / 3
        self.sleep = sleep  # replaceable, so tests sleep on a fake clock
        self.leader = False
        self._renewed_at = 0.0
        self._task: asyncio.Task[None] | None = None
        self._stopping = False
        self._round: asyncio.Task[bool] | None = None

    def _now(self) -> float:
        return self._clock.now().timestamp()

    async def _take(self) -> bool:
        held = await self._lock.acquire()
        if held:
            self._renewed_at = self._now()
        if held and not self.leader:
            log.info("scheduler_leader")
            self.leader = True
            await self.scheduler.recover()
        elif not held and self.leader:
            log.warning("scheduler_lock_lost")
            self.leader = False
        self._metrics.scheduler_leader.set(1 if held else 0)
        return held

    async def _still_leader(self) -> bool:
        if self._stopping:
            return False
        if self._now() - self._renewed_at < self._renew_every:
            return True
        return await self._take()

    async def tick(self) -> bool:
        """One round; True when this process held the lock and did the work."""
        if not await self._take():
            return False
        await self.scheduler.tick(self._still_leader)
        return True

    async def nap(self) -> float:
        """Seconds until the next round: the next due refresh, within bounds that keep
        the lock renewed (leader) or tried again soon enough (others)."""
        ceiling = min(MAX_NAP, self._renew_every)
        if not self.leader:
            return ceiling
        due = await self._airing.next_due()
        if due is None:
            return ceiling
        return max(MIN_NAP, min(ceiling, (due - self._clock.now()).total_seconds()))

    async def _loop(self) -> None:
        while not self._stopping:
            try:
                self._round = asyncio.ensure_future(self.tick())
                await asyncio.shield(self._round)
                wait = await self.nap()
            except Exception:  # one bad round must not end notifications for good
                log.exception("scheduler_round_failed")
                wait = MIN_NAP * 30
            await self.sleep(wait)

    def start(self) -> None:
        self._stopping = False
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._loop(), name="airing-scheduler")

    async def stop(self, grace: float = SHUTDOWN_GRACE) -> None:
        """Stop after the send in flight (so no ``pending`` is left behind), free the lock."""
        self._stopping = True
        task, self._task = self._task, None
        current = self._round
        if current is not None and not current.done():
            with contextlib.suppress(Exception, asyncio.CancelledError):
                await asyncio.wait_for(asyncio.shield(current), grace)
            current.cancel()  # past the grace: a claim may be left, counted as uncertain
            with contextlib.suppress(Exception, asyncio.CancelledError):
                await current
        if task is not None:
            task.cancel()
            with contextlib.suppress(Exception, asyncio.CancelledError):
                await task
        if self.leader:
            await self._lock.release()
            self.leader = False
            self._metrics.scheduler_leader.set(0)
